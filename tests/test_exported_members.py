"""The public API is deliberate: `frontwire.__all__` is sorted, complete and cheap to import."""

from __future__ import annotations

import subprocess
import sys

import frontwire


def test_exported_members_all_sorted_and_unique() -> None:
    assert frontwire.__all__ == sorted(set(frontwire.__all__))


def test_exported_members_each_name_resolves() -> None:
    for name in frontwire.__all__:
        assert getattr(frontwire, name) is not None, name


def test_exported_members_all_matches_lazy_table() -> None:
    """Every exported name is loaded lazily and every lazily loaded name is exported."""
    assert set(frontwire.__all__) - {"__version__"} == set(frontwire._LAZY)


def test_exported_members_import_is_cheap() -> None:
    """Importing frontwire must not load spaCy, lingua, trafilatura or the models."""
    code = (
        "import sys, frontwire; heavy = [m for m in ('spacy', 'lingua', 'trafilatura', 'numpy') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
