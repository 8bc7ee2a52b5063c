"""The one vocabulary every stage speaks.

Data moves forward through these records only: readers make `Article`s, cleaning makes `CleanText`,
the finders in `frontwire.extract` return mentions (`PlaceMention`, `ActorMention`, `Trigger`,
`DateMention`, `FatalityFigure`, `Claim`), the assembler turns them into `Report`s (one article's
account of one event), and the store fuses reports into `Event`s. Offsets are always character
offsets into the cleaned text (`CleanText.text`), never into the raw input.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Certainty = Literal["reported", "claimed", "unconfirmed", "denied", "confirmed"]
CERTAINTIES: tuple[Certainty, ...] = ("reported", "claimed", "unconfirmed", "denied", "confirmed")


@dataclass(frozen=True, slots=True)
class Article:
    """One input document, as read: text (or HTML already reduced to text) plus metadata."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD or ISO 8601 date-time, as given
    source: str | None = None
    url: str | None = None
    language: str | None = None
    origin: str = "-"  # where it came from (file path, "stdin:3"), for error messages


@dataclass(frozen=True, slots=True)
class CleanText:
    """Text with web noise removed, and a map from each cleaned offset back to the original text.

    The map is a sorted list of segments: cleaned text ``[clean_starts[i], clean_starts[i+1])`` was
    copied from original text starting at ``orig_starts[i]``. Characters the cleaner inserted (e.g. a
    space between glued words) map to the next copied character.
    """

    text: str
    original: str
    clean_starts: tuple[int, ...] = (0,)
    orig_starts: tuple[int, ...] = (0,)

    @classmethod
    def unchanged(cls, text: str) -> CleanText:
        return cls(text=text, original=text)

    def to_original(self, offset: int) -> int:
        """Map an offset in the cleaned text to the offset of the same character in the original."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside cleaned text of length {len(self.text)}")
        i = bisect.bisect_right(self.clean_starts, offset) - 1
        return self.orig_starts[i] + (offset - self.clean_starts[i])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return self.to_original(start), self.to_original(start)
        return self.to_original(start), self.to_original(end - 1) + 1


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of the cleaned text of one article that supports one field of a report or event."""

    article_id: str
    start: int
    end: int
    text: str
    field: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "field": self.field,
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says something about an event, and how certain the text makes it."""

    claimant: str | None
    text: str
    certainty: Certainty
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"claimant": self.claimant, "text": self.text, "certainty": self.certainty}


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A resolved place: a gazetteer entry plus how precisely an event is tied to it."""

    place_id: str
    name: str
    latitude: float
    longitude: float
    country: str | None  # country name, e.g. "Syria"
    country_code: str | None = None  # ISO 3166-1 alpha-2, e.g. "SY"
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    feature: str = "city"  # country, admin1, admin2, city, village, region, natural, ...
    population: int = 0


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text: where the name is, which place it is, and how precise."""

    start: int
    end: int
    text: str
    place: PlaceRef
    geo_precision: int = 1  # 1 the place itself, 2 near it / part of it, 3 a region
    relation: str | None = None  # "near", "west of", "northern countryside of", ... or None
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor from the knowledge base (or one made up for an unnamed group in a country)."""

    actor_id: str
    name: str  # canonical, ACLED style: "Military Forces of Syria (2000-)"
    inter: int  # ACLED actor type code 1..8
    country: str | None = None
    kind: str | None = None  # "military", "police", "rebel", "civilians", "protesters", ...


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: ActorRef
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Trigger:
    """Words that say an event of a given sub-event type happened (e.g. "warplanes pounded")."""

    start: int
    end: int
    text: str
    sub_event_type: str
    event_type: str
    score: float  # 0..1, how sure the typing is
    sentence_start: int = 0
    sentence_end: int = 0


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    date: date
    time_precision: int = 1  # 1 day, 2 week or similar, 3 month
    # what kind of expression: "date" (a calendar day), "weekday", "relative" ("yesterday"), "period"
    # ("last week"), "month", "year" ("in 2014": background), "dateline" (the story's own date)
    kind: str = "date"


@dataclass(frozen=True, slots=True)
class FatalityFigure:
    """One reported number of dead (or injured) with who reported it."""

    value: int | None
    low: int | None
    high: int | None
    kind: Literal["killed", "injured", "killed_or_injured"] = "killed"
    claimant: str | None = None
    article_id: str | None = None
    start: int = 0
    end: int = 0
    text: str = ""
    certainty: Certainty = "reported"
    total: bool = (
        False  # a cumulative toll over several days or places (kept, never carried to another event)
    )

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "claimant": self.claimant,
            "article_id": self.article_id,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """One article's account of one event, with the evidence for each field."""

    article_id: str
    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int = 1
    actor1: ActorRef | None = None
    actor2: ActorRef | None = None
    assoc_actor_1: tuple[str, ...] = ()
    assoc_actor_2: tuple[str, ...] = ()
    civilian_targeting: bool = False
    place: PlaceRef | None = None
    geo_precision: int = 1
    fatalities: int = 0
    fatalities_reported: tuple[FatalityFigure, ...] = ()
    claims: tuple[Claim, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    notes: str = ""
    source: str | None = None
    place_relation: str | None = None  # how the text ties the event to `place`: "west of", "eastern", ...

    @property
    def inter1(self) -> int | None:
        return self.actor1.inter if self.actor1 else None

    @property
    def inter2(self) -> int | None:
        return self.actor2.inter if self.actor2 else None


@dataclass(frozen=True, slots=True)
class Event:
    """The contract's event record (../shared/contract/event.schema.json), fused from reports."""

    event_id: str
    article_ids: tuple[str, ...]
    event_date: str
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    assoc_actor_1: tuple[str, ...]
    assoc_actor_2: tuple[str, ...]
    inter1: int | None
    inter2: int | None
    interaction: int
    civilian_targeting: bool
    country: str | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    fatalities: int
    notes: str
    source: str | None
    actor1_id: str | None = None
    actor2_id: str | None = None
    place_id: str | None = None
    evidence: tuple[Evidence, ...] = ()
    claims: tuple[Claim, ...] = ()
    fatalities_reported: tuple[FatalityFigure, ...] = ()
    confidence: float = 0.5
    iso: str | None = None  # ISO 3166-1 alpha-2 of `country`, for exports

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object (jsonl output, API, store payload)."""
        return {
            "event_id": self.event_id,
            "article_ids": list(self.article_ids),
            "event_date": self.event_date,
            "time_precision": self.time_precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "actor1_id": self.actor1_id,
            "actor2_id": self.actor2_id,
            "assoc_actor_1": list(self.assoc_actor_1),
            "assoc_actor_2": list(self.assoc_actor_2),
            "inter1": self.inter1,
            "inter2": self.inter2,
            "interaction": self.interaction,
            "civilian_targeting": self.civilian_targeting,
            "country": self.country,
            "iso": self.iso,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "location": self.location,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "place_id": self.place_id,
            "geo_precision": self.geo_precision,
            "fatalities": self.fatalities,
            "fatalities_reported": [f.to_dict() for f in self.fatalities_reported],
            "notes": self.notes,
            "source": self.source,
            "evidence": [e.to_dict() for e in self.evidence],
            "claims": [c.to_dict() for c in self.claims],
            "confidence": round(self.confidence, 4),
        }


def interaction_code(inter1: int | None, inter2: int | None) -> int:
    """ACLED's interaction: both inter codes, lower first; ``10 * inter`` for a one-sided event."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return 10  # unknown actor: coded as a one-sided event by state forces would be a guess
    if len(codes) == 1:
        return 10 * codes[0]
    return 10 * codes[0] + codes[1]


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What extraction produced for one article (used by the pipeline, CLI and store)."""

    article: Article
    clean: CleanText | None
    reports: tuple[Report, ...] = ()
    events: tuple[Event, ...] = ()
    error: str | None = None  # one-line reason when the article was rejected
    places: tuple[PlaceMention, ...] = field(default=())
    notices: tuple[str, ...] = ()  # one-line reasons for events dropped from an article that was kept


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What every extraction stage may know about the article besides its parse."""

    article: Article
    clean: CleanText
    published: date | None  # parsed publication date (article's own, else the configured default)

    @property
    def article_id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.clean.text
