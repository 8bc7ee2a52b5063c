"""Opening stores: what --db accepts, WAL mode for SQLite, clear errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from frontwire.config import Config
from frontwire.errors import StoreError
from frontwire.store import normalize_url, open_store
from frontwire.store.postgres import split_schema
from frontwire.types import Article
from tests.store.factories import report


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("events.sqlite", "sqlite:///{cwd}/events.sqlite"),
        ("sqlite:///events.sqlite", "sqlite:///{cwd}/events.sqlite"),
        ("sqlite:////data/events.sqlite", "sqlite:////data/events.sqlite"),
        ("/data/events.sqlite", "sqlite:////data/events.sqlite"),
        ("postgresql://u@h:5432/db", "postgresql://u@h:5432/db"),
        ("postgres://u@h/db", "postgres://u@h/db"),
    ],
)
def test_open_normalize_url(
    given: str, expected: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert normalize_url(given) == expected.format(cwd=tmp_path.resolve())


def test_open_default_is_in_the_data_dir(tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path / "home")
    assert normalize_url(None, config) == f"sqlite:///{tmp_path / 'home' / 'frontwire.sqlite'}"
    with open_store(None, config) as store:
        assert store.backend == "sqlite"
    assert (tmp_path / "home" / "frontwire.sqlite").is_file()


@pytest.mark.parametrize("bad", ["mysql://h/db", "sqlite:///:memory:", "sqlite://"])
def test_open_rejects_unsupported_urls(bad: str) -> None:
    with pytest.raises(StoreError):
        normalize_url(bad)


def test_open_postgres_schema_parameter() -> None:
    assert split_schema("postgresql://u@h/db?schema=fw1&sslmode=disable") == (
        "postgresql://u@h/db?sslmode=disable",
        "fw1",
    )
    assert split_schema("postgres://u@h/db") == ("postgresql://u@h/db", None)


def test_open_unreachable_postgres_is_a_store_error() -> None:
    with pytest.raises(StoreError) as info:
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert "127.0.0.1" in str(info.value)


def test_open_sqlite_wal_lets_readers_read_during_a_write(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with open_store(path) as writer:
        with writer.transaction():
            writer.add_article(Article(id="a1", text="t"), None, "h1")
            writer.replace_reports("a1", [report("a1")])
        raw = sqlite3.connect(path)
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with writer.transaction():  # a write in progress ...
            writer.add_article(Article(id="a2", text="t2"), None, "h2")
            writer.replace_reports("a2", [report("a2", day="2020-08-01")])
            with open_store(path) as reader:  # ... does not block a reader, who sees the last commit
                assert reader.count_events() == 1
        with open_store(path) as reader:
            assert reader.count_events() == 2
        raw.close()


def test_open_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)
