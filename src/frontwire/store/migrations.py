"""The store's schema, as numbered migrations shared by both backends.

Each migration is SQL written once with type placeholders (``{DATE}``, ``{TS}``, ``{REAL}``, ``{BOOL}``,
``{JSON}``) that each backend fills in. Applied migrations are recorded in ``schema_migrations``; a store
whose version is newer than this code knows is refused rather than guessed at. Kept as Python (not .sql
files) so the schema ships inside the package with no package-data rules.

Indexes are planned for the dashboard's and the CLI's filters: country (ISO code) + type + date range is
the common query and has a covering composite index; date ordering, admin1, sub-type and changes-since
have their own, each ending in the event id (the orders' tie-break) so a page is read in index order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontwire.errors import MigrationError
from frontwire.store.fulltext import search_words
from frontwire.store.records import EVENT_ROW_COLUMNS, event_from_row, event_json

if TYPE_CHECKING:
    from frontwire.store.sql import SqlStore

TYPES = {
    "sqlite": {
        "DATE": "TEXT",
        "TS": "TEXT",
        "REAL": "REAL",
        "BOOL": "INTEGER",
        "JSON": "TEXT",
        "BIGINT": "INTEGER",
    },
    "postgresql": {
        "DATE": "DATE",
        "TS": "TIMESTAMPTZ",
        "REAL": "DOUBLE PRECISION",
        "BOOL": "BOOLEAN",
        "JSON": "JSONB",
        "BIGINT": "BIGINT",
    },
}


# A step run after a migration's statements, in the same transaction, given the store: data that SQL
# alone cannot compute the same way on both backends (Python's Unicode case folding, the API JSON), or
# a dialect's own objects (the full-text index).
Step = Callable[["SqlStore"], None]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    after: tuple[Step, ...] = ()

    def sql(self, backend: str) -> list[str]:
        return [s.format(**TYPES[backend]) for s in self.statements]


def _fold_admin1(store: SqlStore) -> None:
    """Fill `admin1_key` (migration 2): one distinct name at a time, through a small mapping table."""
    names = [r[0] for r in store._run("SELECT DISTINCT admin1 FROM events WHERE admin1 IS NOT NULL")]
    if not names:
        return
    store._run("CREATE TEMP TABLE fw_fold (admin1 TEXT PRIMARY KEY, admin1_key TEXT NOT NULL)")
    folded = [(n, n.lower()) for n in names]
    store._run_many("INSERT INTO fw_fold (admin1, admin1_key) VALUES (?, ?)", folded)
    store._run(
        "UPDATE events SET admin1_key = "
        "(SELECT f.admin1_key FROM fw_fold f WHERE f.admin1 = events.admin1) WHERE admin1 IS NOT NULL"
    )
    store._run("DROP TABLE fw_fold")


def _fill_event_json(store: SqlStore) -> None:
    """Write each event's API JSON (migration 3), a batch at a time in event-id order."""
    last = ""
    while rows := store._run(
        f"SELECT {EVENT_ROW_COLUMNS} FROM events WHERE event_id > ? ORDER BY event_id LIMIT 5000", (last,)
    ).fetchall():
        store._run_many(
            "UPDATE events SET event_json = ? WHERE event_id = ?",
            [(event_json(event_from_row(r)), r[0]) for r in rows],
        )
        last = rows[-1][0]


def _fill_search_words(store: SqlStore) -> None:
    """Write each event's words (migration 6) from its stored searchable text, in event-id batches."""
    last = ""
    while rows := store._run(
        "SELECT event_id, search_text FROM events WHERE event_id > ? ORDER BY event_id LIMIT 20000", (last,)
    ).fetchall():
        store._run_many(
            "UPDATE events SET search_words = ? WHERE event_id = ?",
            [(search_words(r[1]), r[0]) for r in rows],
        )
        last = rows[-1][0]


def _create_full_text(store: SqlStore) -> None:
    store._create_full_text()


INITIAL = Migration(
    1,
    "initial",
    (
        """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS articles (
            article_id TEXT PRIMARY KEY,
            seq {BIGINT} NOT NULL,
            content_hash TEXT NOT NULL,
            title TEXT,
            published TEXT,
            source TEXT,
            url TEXT,
            language TEXT,
            origin TEXT,
            text TEXT NOT NULL,
            error TEXT,
            ingested_at {TS} NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS articles_hash ON articles (content_hash)",
        "CREATE INDEX IF NOT EXISTS articles_seq ON articles (seq)",
        """CREATE TABLE IF NOT EXISTS reports (
            report_id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            event_id TEXT,
            event_type TEXT NOT NULL,
            sub_event_type TEXT NOT NULL,
            event_date {DATE},
            time_precision INTEGER NOT NULL,
            iso TEXT,
            latitude {REAL},
            longitude {REAL},
            fatalities INTEGER NOT NULL,
            payload {JSON} NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS reports_article ON reports (article_id, seq)",
        "CREATE INDEX IF NOT EXISTS reports_event ON reports (event_id)",
        "CREATE INDEX IF NOT EXISTS reports_candidates ON reports (iso, sub_event_type, event_date)",
        """CREATE TABLE IF NOT EXISTS events (
            event_id TEXT PRIMARY KEY,
            event_date {DATE},
            time_precision INTEGER NOT NULL,
            event_type TEXT NOT NULL,
            sub_event_type TEXT NOT NULL,
            actor1 TEXT,
            actor1_id TEXT,
            actor2 TEXT,
            actor2_id TEXT,
            inter1 INTEGER,
            inter2 INTEGER,
            interaction INTEGER NOT NULL,
            civilian_targeting {BOOL} NOT NULL,
            country TEXT,
            iso TEXT,
            admin1 TEXT,
            admin2 TEXT,
            admin3 TEXT,
            location TEXT,
            place_id TEXT,
            latitude {REAL},
            longitude {REAL},
            geo_precision INTEGER NOT NULL,
            fatalities INTEGER NOT NULL,
            source TEXT,
            confidence {REAL} NOT NULL,
            n_reports INTEGER NOT NULL DEFAULT 0,
            actor_text TEXT NOT NULL DEFAULT '',
            search_text TEXT NOT NULL DEFAULT '',
            payload {JSON} NOT NULL,
            created_at {TS} NOT NULL,
            updated_at {TS} NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS events_iso_type_date ON events (iso, event_type, event_date)",
        "CREATE INDEX IF NOT EXISTS events_iso_date ON events (iso, event_date)",
        "CREATE INDEX IF NOT EXISTS events_type_date ON events (event_type, event_date)",
        "CREATE INDEX IF NOT EXISTS events_sub_date ON events (sub_event_type, event_date)",
        "CREATE INDEX IF NOT EXISTS events_date ON events (event_date)",
        "CREATE INDEX IF NOT EXISTS events_admin1 ON events (admin1, event_date)",
        "CREATE INDEX IF NOT EXISTS events_updated ON events (updated_at)",
        "CREATE INDEX IF NOT EXISTS events_lat ON events (latitude)",
        """CREATE TABLE IF NOT EXISTS deletions (
            event_id TEXT PRIMARY KEY,
            deleted_at {TS} NOT NULL,
            reason TEXT NOT NULL,
            merged_into TEXT
        )""",
        "CREATE INDEX IF NOT EXISTS deletions_at ON deletions (deleted_at)",
        """CREATE TABLE IF NOT EXISTS actors (
            actor_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            inter INTEGER,
            country TEXT,
            kind TEXT
        )""",
        """CREATE TABLE IF NOT EXISTS places (
            place_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            latitude {REAL} NOT NULL,
            longitude {REAL} NOT NULL,
            country TEXT,
            country_code TEXT,
            admin1 TEXT,
            admin2 TEXT,
            admin3 TEXT,
            feature TEXT,
            population {BIGINT}
        )""",
    ),
)

FOLDED_ADMIN1 = Migration(
    2,
    "admin1_key",
    (
        # The admin1 filter is case-insensitive. SQLite's LOWER folds only ASCII and an expression
        # cannot use the plain index, so the folded name (Python's str.lower) is a column of its own.
        "ALTER TABLE events ADD COLUMN admin1_key TEXT",
        "DROP INDEX IF EXISTS events_admin1",
        "CREATE INDEX IF NOT EXISTS events_admin1_key ON events (admin1_key, event_date)",
    ),
    after=(_fold_admin1,),
)

EVENT_JSON = Migration(
    3,
    "event_json",
    (
        # Each event's JSON exactly as the API lists it (records.event_json), written with the event on
        # every write path, so a list page is spliced from stored text. TEXT on both backends: the bytes
        # are kept as written (JSONB would re-encode them).
        "ALTER TABLE events ADD COLUMN event_json TEXT",
    ),
    after=(_fill_event_json,),
)

# The list's orders break ties by event id: with the id as the last index column, a page in that order
# is read straight off an index (no sort of every match), and a count of its filters stays covered.
ORDERED_INDEXES = Migration(
    4,
    "ordered_indexes",
    tuple(
        statement
        for old, new, columns in (
            ("events_iso_type_date", "events_iso_type_day", "iso, event_type, event_date, event_id"),
            ("events_iso_date", "events_iso_day", "iso, event_date, event_id"),
            ("events_type_date", "events_type_day", "event_type, event_date, event_id"),
            ("events_sub_date", "events_sub_day", "sub_event_type, event_date, event_id"),
            ("events_date", "events_day", "event_date, event_id"),
            ("events_admin1_key", "events_admin1_day", "admin1_key, event_date, event_id"),
            ("events_updated", "events_updated_id", "updated_at, event_id"),
        )
        for statement in (
            f"DROP INDEX IF EXISTS {old}",
            f"CREATE INDEX IF NOT EXISTS {new} ON events ({columns})",
        )
    ),
)

# Analysts' corrections, kept apart from the reports they change so a new version of an article (whose
# reports are extracted afresh) gets them laid over again (store/corrections.py). No foreign key to
# articles: a correction outlives a retracted article, as `unmatched`, rather than vanishing.
CORRECTIONS = Migration(
    5,
    "corrections",
    (
        """CREATE TABLE IF NOT EXISTS corrections (
            correction_id TEXT PRIMARY KEY,
            seq {BIGINT} NOT NULL,
            article_id TEXT NOT NULL,
            event_id TEXT,
            report_id TEXT,
            fields TEXT NOT NULL,
            extracted TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at {TS} NOT NULL,
            checked_at {TS} NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS corrections_article ON corrections (article_id, seq)",
        "CREATE INDEX IF NOT EXISTS corrections_status ON corrections (status, seq)",
    ),
)

# The `text` filter's full-text index (store/fulltext.py): each event's words in a column of their own,
# filled from the stored searchable text, and the backend's index on them: SQLite an FTS5 table with
# the events table as its external content, kept in sync by triggers on every write (no FTS5 in the
# SQLite library: no table, and the filter uses LIKE); PostgreSQL a generated tsvector with a GIN index.
FULL_TEXT = Migration(
    6,
    "full_text",
    ("ALTER TABLE events ADD COLUMN search_words TEXT NOT NULL DEFAULT ''",),
    after=(_fill_search_words, _create_full_text),
)


# The searchable text lives on as its words (migration 6 filled them from it); the column itself was read
# by nothing after that and held a second copy of every event's evidence sentences.
def _drop_search_text(store: SqlStore) -> None:
    """Drop the column where the database can: SQLite before 3.35 has no DROP COLUMN, and there the
    column stays, unread and empty for new events (writes no longer name it; it defaults to '')."""
    if store.backend == "sqlite" and sqlite3.sqlite_version_info < (3, 35, 0):
        return
    store._run("ALTER TABLE events DROP COLUMN search_text")


DROP_SEARCH_TEXT = Migration(7, "drop_search_text", (), after=(_drop_search_text,))

# What the geoparser learnt of each outlet's home region (extract/place_home.py), so an ingest resumed or
# run day by day reads as one long run would: per outlet key, its votes as versioned JSON that only
# `place_home.OutletVotes` reads (TEXT on both backends: kept as written), and `seen`, the ordinal of
# its last learning (the least recently seen outlets are dropped first). One row per outlet, written by
# ingest with each article's own writes; the last writer wins.
OUTLET_HOMES = Migration(
    8,
    "outlet_homes",
    (
        """CREATE TABLE IF NOT EXISTS outlet_homes (
            outlet_key TEXT PRIMARY KEY,
            seen {BIGINT} NOT NULL,
            state TEXT NOT NULL,
            updated_at {TS} NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS outlet_homes_seen ON outlet_homes (seen, outlet_key)",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (
    INITIAL,
    FOLDED_ADMIN1,
    EVENT_JSON,
    ORDERED_INDEXES,
    CORRECTIONS,
    FULL_TEXT,
    DROP_SEARCH_TEXT,
    OUTLET_HOMES,
)


def _event_indexes() -> tuple[tuple[str, str], ...]:
    indexes: dict[str, str] = {}
    for m in MIGRATIONS:
        for stmt in m.statements:
            if stmt.startswith("CREATE INDEX") and " ON events " in stmt:
                indexes[stmt.split()[5]] = stmt
            elif stmt.startswith("DROP INDEX"):
                indexes.pop(stmt.split()[-1], None)
    return tuple(indexes.items())


# Secondary indexes of the events table (as the last migration leaves them): a bulk load drops them and
# builds them again afterwards (sorted builds beat a million random inserts), and every open re-creates
# any that are missing.
EVENT_INDEXES: tuple[tuple[str, str], ...] = _event_indexes()
CURRENT_VERSION = MIGRATIONS[-1].version

SCHEMA_MIGRATIONS_TABLE = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def upgrade(store: SqlStore) -> None:
    """Apply every migration the store lacks, in one transaction (a failed one leaves the store as it
    was); a store newer than this code is refused."""
    from frontwire.store.sql import now

    with store.transaction():
        store._run(SCHEMA_MIGRATIONS_TABLE)
        current = store.schema_version()
        if current > CURRENT_VERSION:
            raise MigrationError(
                f"store schema version {current} is newer than this frontwire knows "
                f"({CURRENT_VERSION}); upgrade frontwire"
            )
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            try:
                for statement in migration.sql(store.backend):
                    store._run(statement)
                for step in migration.after:
                    step(store)
            except Exception as exc:
                raise MigrationError(f"migration {migration.version} failed: {exc}") from exc
            store._run(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, now().isoformat()),
            )
