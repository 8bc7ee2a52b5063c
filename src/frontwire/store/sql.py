"""The store's logic in portable SQL, shared by the SQLite and PostgreSQL backends.

Backends supply a connection and a few dialect pieces (placeholders, date and timestamp values,
week/month buckets, distance); everything else (the schema, fusion bookkeeping, queries) is here once.
Statements are written with ``?`` placeholders; the PostgreSQL backend rewrites them to ``%s``.
"""

from __future__ import annotations

import abc
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from frontwire.store.base import (
    ActorSummary,
    Bucket,
    ChangeSet,
    Deletion,
    EventColumns,
    EventDetail,
    EventQuery,
    Group,
    PlaceSummary,
    Store,
    StoredArticle,
    StoredReport,
    StoreStats,
)
from frontwire.store.fulltext import like_patterns, query_words
from frontwire.store.migrations import CURRENT_VERSION, EVENT_INDEXES, upgrade
from frontwire.store.records import EVENT_ROW_COLUMNS, event_from_row, event_json, report_from_json
from frontwire.types import Article, CleanText, Event

T = TypeVar("T")

EVENT_COLUMNS = (
    "event_id, event_date, time_precision, event_type, sub_event_type, actor1, actor1_id, actor2, "
    "actor2_id, inter1, inter2, interaction, civilian_targeting, country, iso, admin1, admin2, admin3, "
    "location, place_id, latitude, longitude, geo_precision, fatalities, source, confidence, n_reports, "
    "actor_text, payload, created_at, updated_at, admin1_key, event_json, search_words"
)
_ORDER_SQL = {
    "-event_date": "event_date DESC, event_id DESC",
    "event_date": "event_date ASC, event_id ASC",
    "-fatalities": "fatalities DESC, event_date DESC, event_id DESC",
    "fatalities": "fatalities ASC, event_date ASC, event_id ASC",
    "-updated_at": "updated_at DESC, event_id DESC",
    "updated_at": "updated_at ASC, event_id ASC",
}
_REPORT_SELECT = "SELECT report_id, article_id, event_id, seq, payload FROM reports"


@cache
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """ISO alpha-3 -> alpha-2 and lower-cased name -> alpha-2 (GeoNames country list)."""
    path = resources.files("frontwire.data").joinpath("countries/iso3166.tsv")
    by_iso3: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines()[2:]:
        iso2, iso3, _numeric, name = line.split("\t")
        by_iso3[iso3] = iso2
        by_name[name.lower()] = iso2
    return by_iso3, by_name


def country_iso(country: str | None) -> str | None:
    """ISO alpha-2 for a country given as alpha-2, alpha-3 or (GeoNames) name; None if unknown."""
    if not country:
        return None
    by_iso3, by_name = _countries()
    text = country.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    if len(text) == 3 and text.upper() in by_iso3:
        return by_iso3[text.upper()]
    return by_name.get(text.lower())


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def now() -> datetime:
    return datetime.now(UTC)


class SqlStore(Store):
    """Everything but the connection and the dialect."""

    PARAM = "?"

    def __init__(self) -> None:
        self._local = threading.local()  # transaction depth per thread (one store, many API threads)

    @property
    def _depth(self) -> int:
        return int(getattr(self._local, "depth", 0))

    @_depth.setter
    def _depth(self, value: int) -> None:
        self._local.depth = value

    # ------------------------------------------------------------------------------ dialect pieces
    @abc.abstractmethod
    def _run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Execute one statement with ``?`` placeholders; returns a cursor."""

    @abc.abstractmethod
    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    @abc.abstractmethod
    def _begin(self) -> None: ...

    @abc.abstractmethod
    def _commit(self) -> None: ...

    @abc.abstractmethod
    def _rollback(self) -> None: ...

    @abc.abstractmethod
    def _bucket(self, by: str) -> str:
        """SQL expression giving the ISO date of the day/week/month an event falls in."""

    @abc.abstractmethod
    def _distance_sql(self, lat: float, lon: float, km: float) -> tuple[str, list[Any]]:
        """A condition keeping events within `km` of (lat, lon)."""

    @abc.abstractmethod
    def _among(self, column: str, values: Sequence[str]) -> tuple[str, list[Any]]:
        """A condition keeping rows whose `column` is one of `values` (thousands: one parameter)."""

    @abc.abstractmethod
    def _table_exists(self, name: str) -> bool: ...

    @abc.abstractmethod
    def _index_names(self) -> set[str]:
        """Names of the indexes on the events table."""

    def _text_sql(self, terms: list[str]) -> tuple[str, list[Any]]:
        """A condition keeping events with a word beginning with each term (store/fulltext.py): the
        LIKE fallback here; backends with a full-text index answer from it, with the same result."""
        if not terms:
            return "1 = 0", []
        return " AND ".join("(' ' || search_words) LIKE ?" for _ in terms), like_patterns(terms)

    def _create_full_text(self) -> None:
        """The backend's full-text index over `search_words` (migration 6); none: the LIKE fallback."""

    def _date(self, value: date | str | None) -> Any:
        if value is None:
            return None
        return value.isoformat() if isinstance(value, date) else value

    def _ts(self, value: datetime) -> Any:
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def _read_ts(self, value: Any) -> datetime:
        if isinstance(value, datetime):
            return value.astimezone(UTC)
        return datetime.fromisoformat(value)

    def _bool(self, value: bool) -> Any:
        return int(value)

    def _payload(self, text: str) -> Any:
        return text

    def _after_events_written(self, event_ids: Sequence[str]) -> None:
        """Hook for backends that keep derived columns (PostGIS geometry)."""

    # ------------------------------------------------------------------------------ lifecycle
    def transaction(self) -> AbstractContextManager[None]:
        return _Transaction(self)

    def migrate(self) -> int:
        if self._table_exists("schema_migrations"):
            current = self.schema_version()
            if current == CURRENT_VERSION and not self._missing_indexes():
                return current  # nothing to do: no write lock taken, so opening never waits on a writer
        upgrade(self)
        self._ensure_event_indexes()
        return self.schema_version()

    def _missing_indexes(self) -> list[str]:
        have = self._index_names()
        return [name for name, _ in EVENT_INDEXES if name not in have]

    def _ensure_event_indexes(self) -> None:
        """(Re)build any missing secondary index of the events table (after a bulk load)."""
        with self.transaction():
            for _name, statement in EVENT_INDEXES:
                self._run(statement)

    def _drop_event_indexes(self) -> None:
        with self.transaction():
            for name, _statement in EVENT_INDEXES:
                self._run(f"DROP INDEX IF EXISTS {name}")

    def schema_version(self) -> int:
        row = self._run("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    # ------------------------------------------------------------------------------ articles
    def article_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        ids = list(dict.fromkeys(article_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self._run(
                f"SELECT article_id, content_hash FROM articles WHERE article_id IN ({marks})", chunk
            ).fetchall()
            found.update({r[0]: r[1] for r in rows})
        return found

    def article_with_hash(self, content_hash: str) -> str | None:
        row = self._run(
            "SELECT article_id FROM articles WHERE content_hash = ? ORDER BY seq LIMIT 1", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def add_article(
        self, article: Article, clean: CleanText | None, content_hash: str, error: str | None = None
    ) -> None:
        text = clean.text if clean is not None else article.text
        with self.transaction():
            row = self._run("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()
            self._run(
                """INSERT INTO articles (article_id, seq, content_hash, title, published, source, url,
                       language, origin, text, error, ingested_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (article_id) DO UPDATE SET content_hash = excluded.content_hash,
                       title = excluded.title, published = excluded.published, source = excluded.source,
                       url = excluded.url, language = excluded.language, origin = excluded.origin,
                       text = excluded.text, error = excluded.error, ingested_at = excluded.ingested_at""",
                (
                    article.id,
                    int(row[0]),
                    content_hash,
                    article.title,
                    article.published,
                    article.source,
                    article.url,
                    article.language,
                    article.origin,
                    text,
                    error,
                    self._ts(now()),
                ),
            )

    def _article_from_row(self, row: Sequence[Any]) -> StoredArticle:
        article_id, content_hash, title, published, source, url, language, origin, text, error, at = row
        reports = self.reports_of_article(article_id)
        return StoredArticle(
            article=Article(
                id=article_id,
                text=text,
                title=title,
                published=published,
                source=source,
                url=url,
                language=language,
                origin=origin or "-",
            ),
            content_hash=content_hash,
            ingested_at=self._read_ts(at),
            report_ids=tuple(r.report_id for r in reports),
            event_ids=tuple(dict.fromkeys(r.event_id for r in reports if r.event_id)),
            error=error,
        )

    _ARTICLE_SELECT = (
        "SELECT article_id, content_hash, title, published, source, url, language, origin, text, error, "
        "ingested_at FROM articles"
    )

    def get_article(self, article_id: str) -> StoredArticle | None:
        row = self._run(f"{self._ARTICLE_SELECT} WHERE article_id = ?", (article_id,)).fetchone()
        return self._article_from_row(row) if row else None

    def articles(self, limit: int = 100, offset: int = 0) -> list[StoredArticle]:
        rows = self._run(
            f"{self._ARTICLE_SELECT} ORDER BY seq DESC LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return [self._article_from_row(r) for r in rows]

    def _reports(self, where: str, params: Sequence[Any]) -> list[StoredReport]:
        rows = self._run(f"{_REPORT_SELECT} WHERE {where}", params).fetchall()
        return [StoredReport(r[0], r[1], r[2], int(r[3]), report_from_json(r[4])) for r in rows]

    def reports_of_article(self, article_id: str) -> list[StoredReport]:
        return self._reports("article_id = ? ORDER BY seq", (article_id,))

    # ------------------------------------------------------------------------------ queries
    def _where(self, q: EventQuery | None) -> tuple[str, list[Any]]:
        if q is None:
            return "1 = 1", []
        clauses: list[str] = []
        params: list[Any] = []
        if q.country:
            iso = country_iso(q.country)
            clauses.append("iso = ?" if iso else "country = ?")
            params.append(iso or q.country)
        if q.admin1:
            clauses.append("admin1_key = ?")  # indexed, folded by Python on write (migration 2)
            params.append(q.admin1.lower())
        if q.date_from:
            clauses.append("event_date >= ?")
            params.append(self._date(q.date_from))
        if q.date_to:
            clauses.append("event_date <= ?")
            params.append(self._date(q.date_to))
        if q.event_type:
            clauses.append("event_type = ?")
            params.append(q.event_type)
        if q.sub_event_type:
            clauses.append("sub_event_type = ?")
            params.append(q.sub_event_type)
        if q.actor:
            clauses.append("actor_text LIKE ? ESCAPE '\\'")
            params.append(_like(q.actor))
        if q.min_fatalities is not None:
            clauses.append("fatalities >= ?")
            params.append(q.min_fatalities)
        if q.text:
            sql, p = self._text_sql(query_words(q.text))
            clauses.append(sql)
            params.extend(p)
        if q.changed_since is not None:
            clauses.append("updated_at > ?")
            params.append(self._ts(q.changed_since))
        if q.changed_until is not None:
            clauses.append("updated_at <= ?")
            params.append(self._ts(q.changed_until))
        if q.near is not None:
            sql, p = self._distance_sql(q.near[0], q.near[1], q.within_km)
            clauses.append(sql)
            params.extend(p)
        return (" AND ".join(clauses) or "1 = 1"), params

    def _select(self, q: EventQuery | None, columns: str = EVENT_ROW_COLUMNS) -> tuple[str, list[Any]]:
        where, params = self._where(q)
        order = _ORDER_SQL.get(q.order if q else "-event_date", _ORDER_SQL["-event_date"])
        sql = f"SELECT {columns} FROM events WHERE {where} ORDER BY {order}"
        return (sql + self._page_sql(q, params) if q is not None else sql), params

    def _page_sql(self, q: EventQuery, params: list[Any]) -> str:
        """The LIMIT/OFFSET clause of the query's page (its values appended to `params`)."""
        if q.limit is not None:
            params += [q.limit, q.offset]
            return " LIMIT ? OFFSET ?"
        if q.offset:
            params.append(q.offset)
            return " LIMIT -1 OFFSET ?" if self.backend == "sqlite" else " OFFSET ?"
        return ""

    def events(self, query: EventQuery | None = None) -> list[Event]:
        sql, params = self._select(query)
        return [event_from_row(r) for r in self._run(sql, params).fetchall()]

    def iter_events(self, query: EventQuery | None = None) -> Iterator[Event]:
        sql, params = self._select(query)
        cursor = self._run(sql, params)
        while rows := cursor.fetchmany(2000):
            yield from (event_from_row(r) for r in rows)

    _COLUMNS_SELECT = (
        "event_id, event_date, iso, country, admin1, event_type, sub_event_type, fatalities, "
        "latitude, longitude"
    )

    def iter_event_columns(self, query: EventQuery | None = None) -> Iterator[EventColumns]:
        params: list[Any] = []
        if query is None:  # everything, in storage order: one sequential scan, no sort
            sql = f"SELECT {self._COLUMNS_SELECT} FROM events"
        else:
            sql, params = self._select(query, self._COLUMNS_SELECT)
        cursor = self._run(sql, params)
        make = EventColumns._make
        while rows := cursor.fetchmany(5000):
            for r in rows:
                day = r[1]
                yield make((r[0], day.isoformat() if isinstance(day, date) else day, *r[2:]))

    def events_by_id(self, event_ids: Sequence[str]) -> list[Event]:
        found = self._rows_by_id(event_ids, event_from_row)
        return [found[i] for i in event_ids if i in found]

    def event_json_by_id(self, event_ids: Sequence[str]) -> dict[str, str]:
        found = self._rows_by_id(event_ids, tuple, "event_id, event_json")
        return self._json_of(list(found.values()))

    def events_json(self, query: EventQuery | None = None) -> list[str]:
        sql, params = self._select(query, "event_id, event_json")
        return list(self._json_of(self._run(sql, params).fetchall()).values())

    def _json_of(self, rows: Sequence[Sequence[Any]]) -> dict[str, str]:
        """(event id, stored JSON) rows as a dict; JSON missing from a row (never, unless a writer outside
        frontwire skipped it) is rendered from the event."""
        unwritten = [r[0] for r in rows if r[1] is None]
        rendered = {e.event_id: event_json(e) for e in self._rows_by_id(unwritten, event_from_row).values()}
        return {r[0]: r[1] if r[1] is not None else rendered[r[0]] for r in rows if r[1] or r[0] in rendered}

    def _rows_by_id(
        self, event_ids: Sequence[str], make: Callable[[Sequence[Any]], T], columns: str = EVENT_ROW_COLUMNS
    ) -> dict[str, T]:
        """Events by id (unknown ids left out); `columns` start with the id."""
        among, params = self._among("event_id", list(dict.fromkeys(event_ids)))
        rows = self._run(f"SELECT {columns} FROM events WHERE {among}", params).fetchall()
        return {row[0]: make(row) for row in rows}

    def events_json_counted(self, query: EventQuery, cap: int) -> tuple[list[str], int]:
        # One read of the matches' ids in whatever order the plan finds cheapest (a plain scan for a
        # LIKE), stopping after cap + 1. Past the cap the matches are dense, so the ordered page read
        # through the date index ends early; under it the page is ordered among the ids found.
        where, params = self._where(query)  # limit and offset are not part of it
        found = self._run(f"SELECT event_id FROM events WHERE {where} LIMIT ?", [*params, cap + 1])
        ids = [r[0] for r in found.fetchall()]
        if len(ids) > cap:
            return self.events_json(query), len(ids)
        if not ids:
            return [], 0
        among, params = self._among("event_id", ids)
        order = _ORDER_SQL.get(query.order, _ORDER_SQL["-event_date"])
        sql = f"SELECT event_id, event_json FROM events WHERE {among} ORDER BY {order}"
        sql += self._page_sql(query, params)
        return list(self._json_of(self._run(sql, params).fetchall()).values()), len(ids)

    def count_events(self, query: EventQuery | None = None, *, cap: int | None = None) -> int:
        where, params = self._where(query)
        if cap is None:
            return int(self._run(f"SELECT COUNT(*) FROM events WHERE {where}", params).fetchone()[0])
        # The LIMITed subquery stops reading at the first cap + 1 matches (no full scan when many match).
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE {where} LIMIT ?) AS capped"
        return int(self._run(sql, [*params, cap + 1]).fetchone()[0])

    def event_timestamps(self, event_ids: Sequence[str]) -> dict[str, datetime]:
        among, params = self._among("event_id", list(event_ids))
        rows = self._run(f"SELECT event_id, updated_at FROM events WHERE {among}", params).fetchall()
        return {row[0]: self._read_ts(row[1]) for row in rows}

    def get_event(self, event_id: str) -> EventDetail | None:
        row = self._run(
            f"SELECT {EVENT_ROW_COLUMNS}, created_at, updated_at FROM events WHERE event_id = ?", (event_id,)
        ).fetchone()
        if row is None:
            return None
        reports = self._reports("event_id = ? ORDER BY article_id, seq", (event_id,))
        return EventDetail(
            event=event_from_row(row[:-2]),
            reports=tuple(reports),
            created_at=self._read_ts(row[-2]),
            updated_at=self._read_ts(row[-1]),
        )

    def actors(self, query: EventQuery | None = None, limit: int = 100) -> list[ActorSummary]:
        where, params = self._where(query)
        sql = f"""SELECT name, actor_id, inter, COUNT(*) AS n, COALESCE(SUM(f), 0) FROM (
                SELECT actor1 AS name, actor1_id AS actor_id, inter1 AS inter, fatalities AS f
                  FROM events WHERE {where} AND actor1 IS NOT NULL
                UNION ALL
                SELECT actor2, actor2_id, inter2, fatalities FROM events WHERE {where} AND actor2 IS NOT NULL
            ) AS sides GROUP BY name, actor_id, inter ORDER BY n DESC, name LIMIT ?"""
        rows = self._run(sql, [*params, *params, limit]).fetchall()
        return [ActorSummary(r[1], r[0], r[2], int(r[3]), int(r[4])) for r in rows]

    def places(self, query: EventQuery | None = None, limit: int = 100) -> list[PlaceSummary]:
        where, params = self._where(query)
        sql = f"""SELECT place_id, location, latitude, longitude, country, admin1, COUNT(*) AS n,
                    COALESCE(SUM(fatalities), 0) FROM events WHERE {where} AND location IS NOT NULL
                  GROUP BY place_id, location, latitude, longitude, country, admin1
                  ORDER BY n DESC, location LIMIT ?"""
        rows = self._run(sql, [*params, limit]).fetchall()
        return [PlaceSummary(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), int(r[7])) for r in rows]

    def aggregate(self, by: Group, query: EventQuery | None = None) -> list[Bucket]:
        where, params = self._where(query)
        if by in ("day", "week", "month"):
            key, order = self._bucket(by), "k ASC"
            where += " AND event_date IS NOT NULL"
        elif by in ("event_type", "sub_event_type", "admin1", "country"):
            key, order = by, "n DESC, k ASC"
        else:
            raise ValueError(f"cannot group events by {by!r}")
        sql = (
            f"SELECT {key} AS k, COUNT(*) AS n, COALESCE(SUM(fatalities), 0) FROM events "
            f"WHERE {where} GROUP BY k ORDER BY {order}"
        )
        rows = self._run(sql, params).fetchall()
        return [Bucket(None if r[0] is None else str(r[0]), int(r[1]), int(r[2])) for r in rows]

    def changes(self, since: datetime | None = None, query: EventQuery | None = None) -> ChangeSet:
        """Changes in (since, until], `until` being the last change committed when the call began.

        With SQLite (one writer at a time, each stamping its changes after taking the write lock) a
        change committed later always carries a later stamp, so passing `until` as the next `since`
        misses nothing. With several concurrent writers on PostgreSQL, overlap the next `since` a little.
        """
        marks = [
            self._run("SELECT MAX(updated_at) FROM events").fetchone()[0],
            self._run("SELECT MAX(deleted_at) FROM deletions").fetchone()[0],
        ]
        seen = [self._read_ts(m) for m in marks if m is not None]
        until = max(seen) if seen else (since or now())
        if since is not None and until < since:
            until = since
        base = query or EventQuery()
        q = replace(base, changed_since=since, changed_until=until, order="updated_at", limit=None, offset=0)
        events = tuple(self.iter_events(q))
        dsql = "SELECT event_id, deleted_at, reason, merged_into FROM deletions WHERE deleted_at <= ?"
        dparams: list[Any] = [self._ts(until)]
        if since is not None:
            dsql += " AND deleted_at > ?"
            dparams.append(self._ts(since))
        rows = self._run(dsql + " ORDER BY deleted_at, event_id", dparams).fetchall()
        deletions = tuple(Deletion(r[0], self._read_ts(r[1]), r[2], r[3]) for r in rows)
        return ChangeSet(since=since, until=until, events=events, deletions=deletions)

    def stats(self) -> StoreStats:
        def one(sql: str) -> Any:
            return self._run(sql).fetchone()[0]

        first, last = self._run("SELECT MIN(event_date), MAX(event_date) FROM events").fetchone()
        last_change = one("SELECT MAX(updated_at) FROM events")
        return StoreStats(
            backend=self.backend,
            url=self.url,
            schema_version=self.schema_version(),
            articles=int(one("SELECT COUNT(*) FROM articles")),
            reports=int(one("SELECT COUNT(*) FROM reports")),
            events=int(one("SELECT COUNT(*) FROM events")),
            actors=int(one("SELECT COUNT(*) FROM actors")),
            places=int(one("SELECT COUNT(*) FROM places")),
            first_date=str(first) if first is not None else None,
            last_date=str(last) if last is not None else None,
            last_change=self._read_ts(last_change) if last_change is not None else None,
            spatial=getattr(self, "spatial", False),
        )


class _Transaction(AbstractContextManager[None]):
    """Re-entrant transaction: only the outermost one begins and commits."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        if self.store._depth == 0:
            self.store._begin()
        self.store._depth += 1

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.store._depth -= 1
        if self.store._depth == 0:
            if exc_type is None:
                self.store._commit()
            else:
                self.store._rollback()
