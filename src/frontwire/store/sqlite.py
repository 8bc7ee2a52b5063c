"""SQLite backend: one file, WAL mode so the dashboard reads while ingest writes.

`synchronous=NORMAL` under WAL keeps every committed transaction across a killed process (only a power
loss can drop the last commits), which is what resumable ingest needs.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from frontwire.distance import haversine_km
from frontwire.errors import StoreError
from frontwire.store.fulltext import FTS5_TOKENIZER, fts5_match
from frontwire.store.writes import SqlWriteStore

_KM_PER_DEG_LAT = 111.32
# Words matching more events than this are searched with the LIKE (same answers; see SqliteStore._dense).
# Where the two costs cross on 1,000,000 synthetic events (benchmarks/list_search_bench.py).
DENSE_MATCHES = 50_000
_DENSITY_TTL = 10.0  # seconds
# The FTS5 index follows the events table (its external content) through triggers, on every write path
# (upserts, fusion's deletes, bulk loads). It is keyed by the events' implicit rowid, which a VACUUM
# may renumber: after one, `INSERT INTO events_fts (events_fts) VALUES ('rebuild')`.
_FTS_TRIGGER_NAMES = ("events_fts_insert", "events_fts_delete", "events_fts_update")
_FTS_TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts (rowid, search_words) VALUES (new.rowid, new.search_words); END""",
    """CREATE TRIGGER IF NOT EXISTS events_fts_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, search_words)
            VALUES ('delete', old.rowid, old.search_words);
        END""",
    """CREATE TRIGGER IF NOT EXISTS events_fts_update AFTER UPDATE OF search_words ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, search_words)
            VALUES ('delete', old.rowid, old.search_words);
        INSERT INTO events_fts (rowid, search_words) VALUES (new.rowid, new.search_words); END""",
)


def _km(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> float | None:
    if lat1 is None or lon1 is None:
        return None
    return haversine_km(lat1, lon1, lat2, lon2)


class SqliteStore(SqlWriteStore):
    backend = "sqlite"

    def __init__(self, path: Path, url: str | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.url = url or f"sqlite:///{self.path}"
        self._lock = threading.RLock()
        self._fts = False  # set by migrate(): the FTS5 index exists
        self._density: dict[str, tuple[bool, float]] = {}  # see _dense
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not self.path.exists() or self.path.stat().st_size == 0
            self._conn = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False, timeout=60
            )
            if fresh:
                # Event rows are ~1 KB: 16 KB pages waste less per page and make the bulk load's index
                # builds (each a scan of the table) faster. Only settable before the first table.
                self._conn.execute("PRAGMA page_size=16384")
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("PRAGMA cache_size=-65536")
            self._conn.execute("PRAGMA temp_store=MEMORY")
            self._conn.execute("PRAGMA threads=2")
            self._conn.execute("PRAGMA mmap_size=268435456")  # reads straight from the OS page cache
            self._conn.create_function("fw_km", 4, _km, deterministic=True)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open SQLite store {self.path}: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            try:
                return self._conn.execute(sql, tuple(params))
            except sqlite3.Error as exc:
                raise StoreError(f"SQLite store {self.path}: {exc}") from exc

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._lock:
            try:
                self._conn.executemany(sql, rows)
            except sqlite3.Error as exc:
                raise StoreError(f"SQLite store {self.path}: {exc}") from exc

    def _begin(self) -> None:
        self._lock.acquire()
        try:
            self._run("BEGIN IMMEDIATE")
        except BaseException:
            self._lock.release()
            raise

    def _commit(self) -> None:
        try:
            self._run("COMMIT")
        finally:
            self._lock.release()

    def _rollback(self) -> None:
        try:
            self._conn.execute("ROLLBACK")
        finally:
            self._lock.release()

    def migrate(self) -> int:
        version = super().migrate()
        self._fts = self._table_exists("events_fts")
        if self._fts and self._missing_fts_triggers():  # a bulk load was killed: index it again
            with self.transaction():
                self._create_full_text()
        return version

    def _missing_fts_triggers(self) -> bool:
        marks = ", ".join("?" for _ in _FTS_TRIGGER_NAMES)
        sql = f"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})"
        return int(self._run(sql, _FTS_TRIGGER_NAMES).fetchone()[0]) < len(_FTS_TRIGGER_NAMES)

    def _create_full_text(self) -> None:
        try:
            self._run(
                "CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(search_words, content='events', "
                f"content_rowid='rowid', tokenize='{FTS5_TOKENIZER}')"
            )
        except StoreError as exc:
            if "no such module" in str(exc):  # SQLite built without FTS5: the LIKE fallback answers
                return
            raise
        for statement in _FTS_TRIGGERS:
            self._run(statement)
        self._run("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")

    def _text_sql(self, terms: list[str]) -> tuple[str, list[Any]]:
        like, params = super()._text_sql(terms)
        if not terms or not self._fts or self._dense(terms):
            return like, params
        # The index finds the candidates; the LIKE re-checks them (FTS5 may split a word further).
        return (
            f"rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?) AND {like}",
            [fts5_match(terms), *params],
        )

    def _dense(self, terms: list[str]) -> bool:
        """Whether more than DENSE_MATCHES events have the words. Then the LIKE answers (the same set):
        read in the list's order, matches come every few rows, while the index would first collect
        every match (hundreds of thousands) and sort them. Remembered for a few seconds per query."""
        match = fts5_match(terms)
        now = time.monotonic()
        known = self._density.get(match)
        if known is not None and now - known[1] < _DENSITY_TTL:
            return known[0]
        sql = "SELECT COUNT(*) FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? LIMIT ?)"
        dense = int(self._run(sql, (match, DENSE_MATCHES + 1)).fetchone()[0]) > DENSE_MATCHES
        if len(self._density) > 1000:
            self._density.clear()
        self._density[match] = (dense, now)
        return dense

    def _table_exists(self, name: str) -> bool:
        row = self._run("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
        return row is not None

    def _bulk_mode(self, on: bool) -> None:
        # A bulk load is re-runnable as a whole (it upserts), so it skips the fsyncs at each commit and
        # checkpoints in large steps; a killed process still loses nothing committed (the OS has it).
        self._run(f"PRAGMA cache_size={-262144 if on else -65536}")
        self._run(f"PRAGMA synchronous={'OFF' if on else 'NORMAL'}")
        self._run(f"PRAGMA wal_autocheckpoint={10000 if on else 1000}")
        if self._fts:
            # The full-text index is rebuilt once at the end (like the indexes) rather than row by row
            # through the triggers; a load killed in between is healed on the next open (migrate).
            with self.transaction():
                if on:
                    for name in _FTS_TRIGGER_NAMES:
                        self._run(f"DROP TRIGGER IF EXISTS {name}")
                else:
                    self._create_full_text()

    def _index_names(self) -> set[str]:
        rows = self._run("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")
        return {r[0] for r in rows.fetchall()}

    def _bucket(self, by: str) -> str:
        if by == "day":
            return "event_date"
        if by == "week":
            return "date(event_date, '-6 days', 'weekday 1')"
        return "substr(event_date, 1, 7) || '-01'"

    def _among(self, column: str, values: Sequence[str]) -> tuple[str, list[Any]]:
        return f"{column} IN (SELECT value FROM json_each(?))", [json.dumps(list(values))]

    def _distance_sql(self, lat: float, lon: float, km: float) -> tuple[str, list[Any]]:
        dlat = km / _KM_PER_DEG_LAT
        dlon = km / max(1e-6, _KM_PER_DEG_LAT * math.cos(math.radians(lat)))
        return (
            "latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ? "
            "AND fw_km(latitude, longitude, ?, ?) <= ?",
            [lat - dlat, lat + dlat, lon - dlon, lon + dlon, lat, lon, km],
        )
