"""YAML data files read with libyaml's parser when PyYAML was built with it.

The pure-Python parser spends about a second of every start-up on the lexicons, the actor knowledge
base and the gazetteer context; libyaml's parser gives the same mappings (PyYAML's constructor and
resolver are the same Python code either way) about ten times faster.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` of `text` (raises ``yaml.YAMLError`` on invalid YAML)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
