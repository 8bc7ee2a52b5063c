"""frontwire: conflict reporting in, a geocoded, deduplicated, evidence-linked event database out.

Importing this package is cheap: models, the gazetteer and the store load only when asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Config",
    "Event",
    "Pipeline",
    "Report",
    "__version__",
    "extract",
    "geoparse",
    "open_store",
    "read_inputs",
]

if TYPE_CHECKING:
    from frontwire.config import Config
    from frontwire.extract.pipeline import Pipeline, extract, geoparse
    from frontwire.read import read_inputs
    from frontwire.store import open_store
    from frontwire.types import Article, Event, Report

_LAZY = {
    "Article": "frontwire.types",
    "Event": "frontwire.types",
    "Report": "frontwire.types",
    "Config": "frontwire.config",
    "Pipeline": "frontwire.extract.pipeline",
    "extract": "frontwire.extract.pipeline",
    "geoparse": "frontwire.extract.pipeline",
    "read_inputs": "frontwire.read",
    "open_store": "frontwire.store",
}


def __getattr__(name: str) -> Any:
    """Load public names on first use, so `import frontwire` stays side-effect free."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'frontwire' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
