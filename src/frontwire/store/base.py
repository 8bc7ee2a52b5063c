"""The event store's interface: what ingest, the CLI and the web API may ask of any backend.

One schema behind one interface (Datasette's "one door to the database"): SQLite and PostgreSQL
implement `Store`; nobody outside `frontwire.store` writes SQL. Reads return the records below or the
shared vocabulary (`Event`, `Report`); no dicts travel out, so the web layer renders what it gets.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

from frontwire.store.corrections import StoredCorrection
from frontwire.store.records import event_json
from frontwire.types import Article, CleanText, Event, Report

ORDERS = ("-event_date", "event_date", "-fatalities", "fatalities", "-updated_at", "updated_at")
Order = Literal["-event_date", "event_date", "-fatalities", "fatalities", "-updated_at", "updated_at"]
GROUPS = ("day", "week", "month", "event_type", "sub_event_type", "admin1", "country")
Group = Literal["day", "week", "month", "event_type", "sub_event_type", "admin1", "country"]


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters for `Store.events` (all optional; combined with AND).

    `country` is a country name or an ISO code (alpha-2 or alpha-3); `near` is (lat, lon) and keeps
    events within `within_km`; `actor` matches actor1, actor2 and associated actors (substring,
    case-insensitive); `text` keeps events where every word of it begins a word of the notes, location,
    evidence or claim sentences (case-insensitive; store/fulltext.py);
    `changed_since` / `changed_until` keep events created or changed in (since, until].
    """

    country: str | None = None
    admin1: str | None = None
    near: tuple[float, float] | None = None
    within_km: float = 25.0
    date_from: date | None = None
    date_to: date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    min_fatalities: int | None = None
    text: str | None = None
    changed_since: datetime | None = None
    changed_until: datetime | None = None
    limit: int | None = None
    offset: int = 0
    order: Order = "-event_date"

    @classmethod
    def from_args(cls, args: Any) -> EventQuery:
        """From CLI options (see `cli._add_filters`) or any object with those attribute names."""
        near = None
        raw = getattr(args, "near", None)
        if raw:
            lat, lon = (float(x) for x in str(raw).split(","))
            near = (lat, lon)
        return cls(
            country=getattr(args, "country", None),
            admin1=getattr(args, "admin1", None),
            near=near,
            within_km=getattr(args, "within_km", None) or 25.0,
            date_from=_date(getattr(args, "date_from", None)),
            date_to=_date(getattr(args, "date_to", None)),
            event_type=getattr(args, "event_type", None),
            sub_event_type=getattr(args, "sub_event_type", None),
            actor=getattr(args, "actor", None),
            min_fatalities=getattr(args, "min_fatalities", None),
            text=getattr(args, "text", None),
            limit=getattr(args, "limit", None),
            offset=getattr(args, "offset", 0) or 0,
            order=getattr(args, "order", None) or "-event_date",
        )


def _date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


class EventColumns(NamedTuple):
    """The few scalar columns of an event that maps and charts need, read without the JSON payload.

    `event_date` is ISO (or None); `iso` is the ISO alpha-2 country code as the store indexes it."""

    event_id: str
    event_date: str | None
    iso: str | None
    country: str | None
    admin1: str | None
    event_type: str
    sub_event_type: str
    fatalities: int
    latitude: float | None
    longitude: float | None

    @classmethod
    def of(cls, e: Event) -> EventColumns:
        from frontwire.store.sql import country_iso

        return cls(
            e.event_id,
            e.event_date or None,
            e.iso or country_iso(e.country),
            e.country,
            e.admin1,
            e.event_type,
            e.sub_event_type,
            e.fatalities,
            e.latitude,
            e.longitude,
        )


@dataclass(frozen=True, slots=True)
class StoredReport:
    """A report as stored: which article said it, which event it was fused into."""

    report_id: str
    article_id: str
    event_id: str | None
    seq: int  # order within its article
    report: Report


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An ingested article: metadata, the cleaned text evidence offsets point into, and what came of it."""

    article: Article  # `text` is the cleaned text
    content_hash: str
    ingested_at: datetime
    report_ids: tuple[str, ...] = ()
    event_ids: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class EventDetail:
    """One event with everything behind it: its reports (each with evidence and claims) and articles."""

    event: Event
    reports: tuple[StoredReport, ...]
    created_at: datetime
    updated_at: datetime

    @property
    def article_ids(self) -> tuple[str, ...]:
        return self.event.article_ids


@dataclass(frozen=True, slots=True)
class ActorSummary:
    actor_id: str | None
    name: str
    inter: int | None
    events: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class PlaceSummary:
    place_id: str | None
    name: str
    latitude: float | None
    longitude: float | None
    country: str | None
    admin1: str | None
    events: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class Bucket:
    """One group of an aggregate: `key` is a date (ISO, the first day of a week/month) or a name."""

    key: str | None
    events: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class Deletion:
    """An event that no longer exists: merged into another (`merged_into`) or retracted."""

    event_id: str
    deleted_at: datetime
    reason: str  # "merged" or "retracted"
    merged_into: str | None = None


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What changed after `since`: events created or updated, and events deleted; `until` is the
    moment to pass as the next `since`."""

    since: datetime | None
    until: datetime
    events: tuple[Event, ...]
    deletions: tuple[Deletion, ...]


@dataclass(frozen=True, slots=True)
class StoreStats:
    backend: str  # "sqlite" or "postgresql"
    url: str
    schema_version: int
    articles: int
    reports: int
    events: int
    actors: int
    places: int
    first_date: str | None
    last_date: str | None
    last_change: datetime | None
    spatial: bool = False  # PostGIS geometry in use


@dataclass(frozen=True, slots=True)
class FuseOutcome:
    """What replacing one article's reports did to the events."""

    reports: int
    new_events: tuple[str, ...] = ()
    merged_events: tuple[str, ...] = ()  # existing events that gained a report from this article
    changed_events: tuple[str, ...] = ()
    deleted_events: tuple[str, ...] = ()
    extra: dict[str, int] = field(default_factory=dict)
    reapplied: int = 0  # analysts' corrections of the article laid over its (new) reports
    unmatched: tuple[str, ...] = ()  # ids of its corrections no report of this version matches


@dataclass(frozen=True, slots=True)
class OutletHomeRow:
    """What the store keeps of one outlet's home region (`Store.outlet_homes`): the outlet key, `seen`
    (the ordinal of its last learning) and `state`, JSON the store does not read
    (`extract.place_home.OutletVotes`, which carries its format's version)."""

    outlet_key: str
    seen: int
    state: str


class Store(abc.ABC):
    """One event database. Open with `frontwire.store.open_store(url)`; close when done."""

    backend: str = "?"
    url: str = ""

    # ---- lifecycle
    @abc.abstractmethod
    def migrate(self) -> int:
        """Bring the schema to the current version (idempotent); returns the version."""

    @abc.abstractmethod
    def schema_version(self) -> int: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writes (ingest)
    @abc.abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all (one per article in ingest)."""

    @abc.abstractmethod
    def article_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Content hash of each already-ingested article among `article_ids`."""

    @abc.abstractmethod
    def article_with_hash(self, content_hash: str) -> str | None:
        """Id of an ingested article with this content hash, if any (same text under another id)."""

    @abc.abstractmethod
    def add_article(
        self, article: Article, clean: CleanText | None, content_hash: str, error: str | None = None
    ) -> None:
        """Insert or update one article (cleaned text and metadata) and its content hash."""

    @abc.abstractmethod
    def replace_reports(self, article_id: str, reports: Sequence[Report]) -> FuseOutcome:
        """Make `reports` the article's only reports and re-fuse the events they touch.

        `reports` are as extracted; the article's stored corrections are laid over them (a correction
        no report matches is kept as unmatched and listed in the outcome).

        Old reports of the article are removed (a corrected version can split a wrong merge away);
        events left with no report are deleted and listed in `changes()`."""

    @abc.abstractmethod
    def outlet_homes(self, limit: int | None = None) -> list[OutletHomeRow]:
        """The stored home regions of the `limit` most recently seen outlets (of all when None), least
        recently seen first (ties by key)."""

    @abc.abstractmethod
    def save_outlet_homes(self, rows: Sequence[OutletHomeRow]) -> None:
        """Insert or replace these outlets' home regions (the last writer wins; in the caller's
        transaction when there is one, as ingest does with each article's writes)."""

    @abc.abstractmethod
    def load_events(self, events: Iterable[Event]) -> int:
        """Bulk-insert already-fused events (an import, a benchmark), replacing events with the same id.

        They carry no reports; `replace_reports` never re-fuses them. Returns how many were written."""

    @abc.abstractmethod
    def retract_article(self, article_id: str) -> FuseOutcome:
        """Remove an article and its reports; events it alone supported become deletions."""

    @abc.abstractmethod
    def correct_event(self, event_id: str, fields: Mapping[str, Any]) -> list[FuseOutcome]:
        """Record an analyst's correction (`corrections.FIELDS`) of every report behind the event and
        re-fuse them (one outcome per article). Kept apart from the reports, so `replace_reports` lays it
        over a new version of the article too; StoreError when there is no such event."""

    @abc.abstractmethod
    def corrections(self, article_id: str | None = None, status: str | None = None) -> list[StoredCorrection]:
        """Stored corrections (of one article, of one status: "applied" or "unmatched"), oldest first."""

    # ---- reads
    @abc.abstractmethod
    def events(self, query: EventQuery | None = None) -> list[Event]: ...

    @abc.abstractmethod
    def iter_events(self, query: EventQuery | None = None) -> Iterator[Event]:
        """Like `events` but streamed (exports of the whole store)."""

    def iter_event_columns(self, query: EventQuery | None = None) -> Iterator[EventColumns]:
        """Like `iter_events` but only `EventColumns` (no payload parsed: fast over a whole store).

        Without a query: every event, in no particular order (a plain scan)."""
        return (EventColumns.of(e) for e in self.iter_events(query))

    def events_by_id(self, event_ids: Sequence[str]) -> list[Event]:
        """The events with these ids, in the order given (unknown ids left out)."""
        wanted = set(event_ids)
        found = {e.event_id: e for e in self.iter_events() if e.event_id in wanted}
        return [found[i] for i in event_ids if i in found]

    def event_json_by_id(self, event_ids: Sequence[str]) -> dict[str, str]:
        """Each found event's JSON as the API lists it (`records.event_json`: `Event.to_dict`, compact),
        by id. SQL stores keep it with the event, so no record is built."""
        return {e.event_id: event_json(e) for e in self.events_by_id(event_ids)}

    def events_json(self, query: EventQuery | None = None) -> list[str]:
        """Like `events`, each event as its API JSON (as `event_json_by_id`)."""
        return [event_json(e) for e in self.events(query)]

    def events_json_counted(self, query: EventQuery, cap: int) -> tuple[list[str], int]:
        """`events_json(query)` (its page) and `count_events(query, cap=cap)` (limit and offset ignored).

        SQL stores answer both from one capped read of the matches when at most `cap` match: a page of
        a rare match is then not a walk of the whole date index."""
        return self.events_json(query), self.count_events(query, cap=cap)

    @abc.abstractmethod
    def count_events(self, query: EventQuery | None = None, *, cap: int | None = None) -> int:
        """How many events match (limit and offset ignored). With `cap`, counting stops at cap + 1: a
        result above `cap` means "more than cap" (a count that need not read every match)."""

    @abc.abstractmethod
    def event_timestamps(self, event_ids: Sequence[str]) -> dict[str, datetime]:
        """Last change of each event (ACLED's `timestamp` column)."""

    @abc.abstractmethod
    def get_event(self, event_id: str) -> EventDetail | None: ...

    @abc.abstractmethod
    def get_article(self, article_id: str) -> StoredArticle | None: ...

    @abc.abstractmethod
    def articles(self, limit: int = 100, offset: int = 0) -> list[StoredArticle]:
        """Ingested articles, newest ingest first (text included)."""

    @abc.abstractmethod
    def reports_of_article(self, article_id: str) -> list[StoredReport]: ...

    @abc.abstractmethod
    def actors(self, query: EventQuery | None = None, limit: int = 100) -> list[ActorSummary]:
        """Actors (either side) of the matching events, most events first."""

    @abc.abstractmethod
    def places(self, query: EventQuery | None = None, limit: int = 100) -> list[PlaceSummary]:
        """Places of the matching events, most events first."""

    @abc.abstractmethod
    def aggregate(self, by: Group, query: EventQuery | None = None) -> list[Bucket]:
        """Event counts and fatalities per day, week (Monday), month, type, sub-type, admin1 or country;
        dates ascending, names by count descending."""

    @abc.abstractmethod
    def changes(self, since: datetime | None = None, query: EventQuery | None = None) -> ChangeSet:
        """Events created or changed after `since` (all when None) and events deleted after it."""

    @abc.abstractmethod
    def stats(self) -> StoreStats: ...
