"""YAML data files read with libyaml's parser when PyYAML was built with it.

The pure-Python parser spends about a second of every start-up on the lexicons, the actor knowledge
base and the gazetteer context; libyaml's parser gives the same mappings (PyYAML's constructor and
resolver are the same Python code either way) about ten times faster.
"""

from __future__ import annotations

from typing import Any

import yaml

from frontwire.errors import KnowledgeError

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError  # what `safe_load` raises on invalid YAML: callers need not import yaml


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` of `text` (raises `YAMLError` on invalid YAML)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def load_mapping(text: str, where: str, expected: str = "a mapping at the top level") -> dict[str, Any]:
    """A data file that must be a mapping; `KnowledgeError` naming the file (`where`) otherwise."""
    try:
        data = safe_load(text)
    except YAMLError as exc:
        raise KnowledgeError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeError(f"{where}: expected {expected}")
    return data
