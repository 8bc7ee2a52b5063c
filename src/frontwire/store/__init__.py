"""The event store: SQLite (embedded default) and PostgreSQL behind one interface (`base.Store`).

`open_store(url_or_path)` accepts a file path, ``sqlite:///path``, ``postgresql://...`` (also
``postgres://``), or None for the default file in the user's data directory. The schema is migrated
on open, so a store is always at the current version when handed out.
"""

from __future__ import annotations

from pathlib import Path

from frontwire.config import Config
from frontwire.errors import StoreError
from frontwire.store.base import (
    ActorSummary,
    Bucket,
    ChangeSet,
    Deletion,
    EventColumns,
    EventDetail,
    EventQuery,
    FuseOutcome,
    OutletHomeRow,
    PlaceSummary,
    Store,
    StoredArticle,
    StoredReport,
    StoreStats,
)

__all__ = [
    "ActorSummary",
    "Bucket",
    "ChangeSet",
    "Deletion",
    "EventDetail",
    "EventQuery",
    "FuseOutcome",
    "OutletHomeRow",
    "PlaceSummary",
    "Store",
    "StoreStats",
    "StoredArticle",
    "StoredReport",
    "EventColumns",
    "normalize_url",
    "open_store",
]


def normalize_url(url_or_path: str | Path | None, config: Config | None = None) -> str:
    """A store URL from what a user typed: paths become ``sqlite:///<absolute path>``."""
    if url_or_path is None or url_or_path == "":
        return (config or Config()).default_db_url()
    text = str(url_or_path)
    if text.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return text
    if text.startswith("sqlite:"):
        # sqlite:///relative/path or sqlite:////absolute/path (SQLAlchemy's spelling)
        if text.startswith("sqlite:///"):
            path = text[len("sqlite:///") :]
        elif text.startswith("sqlite://"):
            path = text[len("sqlite://") :]
        else:
            path = text[len("sqlite:") :]
        if path.strip("/") in ("", ":memory:"):
            raise StoreError("an in-memory SQLite store cannot be shared between readers; give a file")
        return f"sqlite:///{Path(path).expanduser().resolve()}"
    if "://" in text:
        raise StoreError(f"unsupported store URL {text!r}: use a path, sqlite:///... or postgresql://...")
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def open_store(url_or_path: str | Path | None = None, config: Config | None = None) -> Store:
    """Open (creating and migrating if needed) the store at a path or URL."""
    url = normalize_url(url_or_path, config)
    if url.startswith("sqlite:///"):
        from frontwire.store.sqlite import SqliteStore

        store: Store = SqliteStore(Path(url[len("sqlite:///") :]), url=url)
    else:
        from frontwire.store.postgres import PostgresStore

        store = PostgresStore(url)
    try:
        store.migrate()
    except Exception:
        store.close()
        raise
    return store
