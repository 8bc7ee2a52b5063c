"""Fixtures of the extraction tests: the actor finder, built once per module."""

from __future__ import annotations

import pytest

from frontwire.config import Config
from frontwire.extract.actors import ActorFinder


@pytest.fixture(scope="module")
def finder() -> ActorFinder:
    return ActorFinder.load(Config())
