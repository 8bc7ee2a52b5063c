"""PostgreSQL backend (psycopg 3): for teams sharing one store.

With the PostGIS extension available, events also get a ``geography(Point, 4326)`` column with a GiST
index and the `near` filter uses ``ST_DWithin``; without it, plain latitude/longitude columns and a
bounding box plus great-circle formula do the same job. A ``schema=NAME`` query parameter in the URL puts
the store's tables in that schema (created if missing), e.g. one schema per test session.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from frontwire.errors import StoreError
from frontwire.store.fulltext import tsquery
from frontwire.store.sql import EVENT_COLUMNS
from frontwire.store.writes import SqlWriteStore

_KM_PER_DEG_LAT = 111.32


def split_schema(url: str) -> tuple[str, str | None]:
    """The connection URL without our ``schema`` parameter, and that parameter."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    scheme = "postgresql" if parts.scheme in ("postgres", "postgresql+psycopg") else parts.scheme
    return urlunsplit((scheme, parts.netloc, parts.path, rest, parts.fragment)), schema


class PostgresStore(SqlWriteStore):
    backend = "postgresql"
    PARAM = "%s"

    def __init__(self, url: str) -> None:
        super().__init__()
        import psycopg

        self._psycopg = psycopg
        self.url = url
        conninfo, self.schema = split_schema(url)
        if self.schema is not None and not self.schema.replace("_", "").isalnum():
            raise StoreError(f"invalid schema name {self.schema!r}")
        self._lock = threading.RLock()
        self._tx: Any = None
        self.spatial = False
        try:
            self._conn = psycopg.connect(conninfo, autocommit=True, connect_timeout=10)
            if self.schema:
                self._conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
                self._conn.execute(f'SET search_path TO "{self.schema}", public')
        except psycopg.Error as exc:
            raise StoreError(f"cannot open PostgreSQL store {self._safe_url()}: {exc}") from exc

    def _safe_url(self) -> str:
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        return f"{parts.scheme}://{host}{':' + str(parts.port) if parts.port else ''}{parts.path}"

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            try:
                return self._conn.execute(sql.replace("?", "%s"), tuple(params))  # type: ignore[arg-type]
            except self._psycopg.Error as exc:
                raise StoreError(f"PostgreSQL store {self._safe_url()}: {exc}") from exc

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._lock:
            try:
                with self._conn.cursor() as cur:
                    cur.executemany(sql.replace("?", "%s"), list(rows))  # type: ignore[arg-type]
            except self._psycopg.Error as exc:
                raise StoreError(f"PostgreSQL store {self._safe_url()}: {exc}") from exc

    def _begin(self) -> None:
        self._lock.acquire()
        try:
            self._tx = self._conn.transaction()
            self._tx.__enter__()
        except BaseException:
            self._tx = None
            self._lock.release()
            raise

    def _commit(self) -> None:
        try:
            self._tx.__exit__(None, None, None)
        except self._psycopg.Error as exc:
            raise StoreError(f"PostgreSQL store {self._safe_url()}: commit failed: {exc}") from exc
        finally:
            self._tx = None
            self._lock.release()

    def _rollback(self) -> None:
        try:
            self._tx.__exit__(StoreError, StoreError("rollback"), None)
        except self._psycopg.Error:
            pass
        finally:
            self._tx = None
            self._lock.release()

    def migrate(self) -> int:
        with self.transaction():
            self._run("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
            version = super().migrate()
            self._enable_postgis()
            if "events_search" not in self._index_names():  # a bulk load was killed before rebuilding it
                self._create_full_text()
        return version

    def _bulk_mode(self, on: bool) -> None:
        # The GIN index is built once at the end of a big load (like the other indexes), not row by row.
        with self.transaction():
            if on:
                self._run("DROP INDEX IF EXISTS events_search")
            else:
                self._create_full_text()

    def _create_full_text(self) -> None:
        # The lexemes are the stored words themselves (no text-search parser or dictionary), so the
        # index answers exactly what the LIKE fallback would.
        self._run(
            "ALTER TABLE events ADD COLUMN IF NOT EXISTS search_tsv tsvector GENERATED ALWAYS AS "
            "(array_to_tsvector(string_to_array(search_words, ' '))) STORED"
        )
        self._run("CREATE INDEX IF NOT EXISTS events_search ON events USING GIN (search_tsv)")

    def _text_sql(self, terms: list[str]) -> tuple[str, list[Any]]:
        if not terms:
            return super()._text_sql(terms)
        return "search_tsv @@ ?::tsquery", [tsquery(terms)]

    def _enable_postgis(self) -> None:
        """Use PostGIS when the server offers it; keep plain lat/lon otherwise."""
        if self._run(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'events' AND column_name = 'geom'"
        ).fetchone():
            self.spatial = True
            return
        have = self._run("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone()
        if have is None:
            offered = self._run("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone()
            if offered is None:
                return
            self._run("SAVEPOINT postgis")
            try:
                self._run("CREATE EXTENSION IF NOT EXISTS postgis")
                self._run("RELEASE SAVEPOINT postgis")
            except StoreError:
                self._run("ROLLBACK TO SAVEPOINT postgis")
                return
        self._run("ALTER TABLE events ADD COLUMN IF NOT EXISTS geom geography(Point, 4326)")
        self._run("CREATE INDEX IF NOT EXISTS events_geom ON events USING GIST (geom)")
        self.spatial = True

    def _after_events_written(self, event_ids: Sequence[str]) -> None:
        if self.spatial and event_ids:
            self._run(
                "UPDATE events SET geom = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography "
                "WHERE event_id = ANY(?) AND latitude IS NOT NULL AND longitude IS NOT NULL",
                (list(event_ids),),
            )

    def _load_batch(self, rows: list[tuple[Any, ...]], ids: list[str]) -> int:
        """COPY into a temporary table, then one upsert: an order of magnitude faster than INSERTs."""
        columns = EVENT_COLUMNS
        updates = ", ".join(
            f"{c.strip()} = excluded.{c.strip()}"
            for c in columns.split(",")
            if c.strip() not in ("event_id", "created_at")
        )
        with self.transaction():
            self._run(
                "CREATE TEMP TABLE IF NOT EXISTS events_load "
                "(LIKE events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
            )
            with self._lock, self._conn.cursor() as cur:
                try:
                    with cur.copy(f"COPY events_load ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                except self._psycopg.Error as exc:
                    raise StoreError(f"PostgreSQL store {self._safe_url()}: {exc}") from exc
            self._run(
                f"INSERT INTO events ({columns}) SELECT {columns} FROM events_load "
                f"ON CONFLICT (event_id) DO UPDATE SET {updates}"
            )
            self._after_events_written(ids)
        return len(rows)

    def _index_names(self) -> set[str]:
        rows = self._run(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events'"
        )
        return {r[0] for r in rows.fetchall()}

    def _table_exists(self, name: str) -> bool:
        return self._run("SELECT to_regclass(?)", (name,)).fetchone()[0] is not None

    def _date(self, value: date | str | None) -> Any:
        if value is None or isinstance(value, date):
            return value
        return date.fromisoformat(value)

    def _ts(self, value: Any) -> Any:
        return value

    def _bool(self, value: bool) -> Any:
        return bool(value)

    def _bucket(self, by: str) -> str:
        if by == "day":
            return "to_char(event_date, 'YYYY-MM-DD')"
        unit = "week" if by == "week" else "month"
        return f"to_char(date_trunc('{unit}', event_date), 'YYYY-MM-DD')"

    def _among(self, column: str, values: Sequence[str]) -> tuple[str, list[Any]]:
        return f"{column} = ANY(?)", [list(values)]

    def _distance_sql(self, lat: float, lon: float, km: float) -> tuple[str, list[Any]]:
        if self.spatial:
            return (
                "ST_DWithin(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?)",
                [lon, lat, km * 1000.0],
            )
        dlat = km / _KM_PER_DEG_LAT
        dlon = km / max(1e-6, _KM_PER_DEG_LAT * math.cos(math.radians(lat)))
        return (
            "latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ? AND 2 * 6371.0088 * asin(least(1.0, "
            "sqrt(power(sin(radians(latitude - ?) / 2), 2) + cos(radians(?)) * cos(radians(latitude)) "
            "* power(sin(radians(longitude - ?) / 2), 2)))) <= ?",
            [lat - dlat, lat + dlat, lon - dlon, lon + dlon, lat, lat, lon, km],
        )
