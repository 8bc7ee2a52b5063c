"""Every store test runs against both backends: SQLite (a temporary file) and PostgreSQL.

PostgreSQL is the server at 127.0.0.1:5432 (override with FRONTWIRE_TEST_PG); each test session (each
xdist worker) gets a fresh schema, dropped at the end, and each test starts from empty tables. When
``CI=true`` an unreachable server fails the tests; elsewhere they skip with the reason.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontwire.store import open_store
from frontwire.store.base import Store

PG_URL = os.environ.get("FRONTWIRE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
TABLES = ("reports", "events", "deletions", "actors", "places", "articles", "corrections", "outlet_homes")


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A store URL on a fresh schema of the test PostgreSQL server."""
    import psycopg

    try:
        conn = psycopg.connect(PG_URL, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        message = f"PostgreSQL at {PG_URL.split('@')[-1]} is unreachable: {str(exc).strip()}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(message + " (set CI=true to make this a failure)")
    schema = f"fw_test_{secrets.token_hex(4)}"
    try:
        yield f"{PG_URL}?schema={schema}"
    finally:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.close()


def _empty(store: Store) -> None:
    with store.transaction():
        for table in TABLES:
            store._run(f"DELETE FROM {table}")  # type: ignore[attr-defined]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    url: str = request.getfixturevalue("pg_url")
    with open_store(url) as store:
        _empty(store)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    try:
        yield s
    finally:
        s.close()
