"""Shared fixtures: the real spaCy pipeline (loaded once per test session) and the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO.parent / "shared").resolve()
SHARED_DATA = SHARED / "data"
CONTRACT = SHARED / "contract"


@pytest.fixture(scope="session")
def nlp() -> Language:
    from frontwire.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"shared data folder missing: {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def contract_dir() -> Path:
    if not CONTRACT.is_dir():
        pytest.fail(f"contract folder missing: {CONTRACT}")
    return CONTRACT
