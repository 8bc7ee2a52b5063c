"""Records <-> JSON payloads stored in the database (lossless round trip of `Report` and `Event`).

The contract's `Event.to_dict` drops a few internal details (a figure's kind and certainty, a claim's
offsets); the store keeps them, so an event read back equals the event written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, fields
from datetime import date
from operator import attrgetter
from typing import Any

from frontwire.types import ActorRef, Claim, Event, Evidence, FatalityFigure, PlaceRef, Report


def _dump(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _figure(d: dict[str, Any]) -> FatalityFigure:
    return FatalityFigure(**d)


def _claim(d: dict[str, Any]) -> Claim:
    return Claim(**d)


def _evidence(d: dict[str, Any]) -> Evidence:
    return Evidence(**d)


def _actor(d: dict[str, Any] | None) -> ActorRef | None:
    return ActorRef(**d) if d else None


def _place(d: dict[str, Any] | None) -> PlaceRef | None:
    return PlaceRef(**d) if d else None


def report_to_json(report: Report) -> str:
    d = asdict(report)
    d["event_date"] = report.event_date.isoformat() if report.event_date else None
    return _dump(d)


def report_from_json(text: str | dict[str, Any]) -> Report:
    d = json.loads(text) if isinstance(text, str) else dict(text)
    return Report(
        article_id=d["article_id"],
        event_type=d["event_type"],
        sub_event_type=d["sub_event_type"],
        event_date=date.fromisoformat(d["event_date"]) if d.get("event_date") else None,
        time_precision=d["time_precision"],
        actor1=_actor(d.get("actor1")),
        actor2=_actor(d.get("actor2")),
        assoc_actor_1=tuple(d.get("assoc_actor_1") or ()),
        assoc_actor_2=tuple(d.get("assoc_actor_2") or ()),
        civilian_targeting=bool(d.get("civilian_targeting")),
        place=_place(d.get("place")),
        geo_precision=d["geo_precision"],
        fatalities=d["fatalities"],
        fatalities_reported=tuple(_figure(f) for f in d.get("fatalities_reported") or ()),
        claims=tuple(_claim(c) for c in d.get("claims") or ()),
        evidence=tuple(_evidence(e) for e in d.get("evidence") or ()),
        confidence=d["confidence"],
        notes=d.get("notes") or "",
        source=d.get("source"),
    )


# Each nested record as a row of its fields in declaration order (tuples encode as JSON arrays).
_EVIDENCE_ROW = attrgetter(*(f.name for f in fields(Evidence)))
_CLAIM_ROW = attrgetter(*(f.name for f in fields(Claim)))
_FIGURE_ROW = attrgetter(*(f.name for f in fields(FatalityFigure)))

# The events table holds an event's scalar fields as columns; the rest rides in a JSON payload.
EVENT_ROW_COLUMNS = (
    "event_id, event_date, time_precision, event_type, sub_event_type, actor1, actor1_id, actor2, "
    "actor2_id, inter1, inter2, interaction, civilian_targeting, country, admin1, admin2, admin3, "
    "location, place_id, latitude, longitude, geo_precision, fatalities, source, confidence, payload"
)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # built once: bulk loads


def event_extras_json(event: Event) -> str:
    """The event's fields that are not columns (lists, notes, nested records), as JSON."""
    return _ENCODER.encode(
        {
            "article_ids": event.article_ids,
            "assoc_actor_1": event.assoc_actor_1,
            "assoc_actor_2": event.assoc_actor_2,
            "notes": event.notes,
            "iso": event.iso,
            "evidence": list(map(_EVIDENCE_ROW, event.evidence)),
            "claims": list(map(_CLAIM_ROW, event.claims)),
            "fatalities_reported": list(map(_FIGURE_ROW, event.fatalities_reported)),
        }
    )


def event_from_row(row: Sequence[Any]) -> Event:
    """An `Event` from the columns of EVENT_ROW_COLUMNS (in that order)."""
    (event_id, event_date, tp, event_type, sub, actor1, actor1_id, actor2, actor2_id, inter1, inter2,
     interaction, civ, country, admin1, admin2, admin3, location, place_id, lat, lon, gp, fatalities,
     source, confidence, payload) = row  # fmt: skip
    extra = json.loads(payload) if isinstance(payload, str) else payload
    return Event(
        event_id=event_id,
        article_ids=tuple(extra["article_ids"]),
        event_date=event_date.isoformat() if isinstance(event_date, date) else (event_date or ""),
        time_precision=tp,
        event_type=event_type,
        sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=tuple(extra["assoc_actor_1"]),
        assoc_actor_2=tuple(extra["assoc_actor_2"]),
        inter1=inter1,
        inter2=inter2,
        interaction=interaction,
        civilian_targeting=bool(civ),
        country=country,
        admin1=admin1,
        admin2=admin2,
        admin3=admin3,
        location=location,
        latitude=lat,
        longitude=lon,
        geo_precision=gp,
        fatalities=fatalities,
        notes=extra["notes"],
        source=source,
        actor1_id=actor1_id,
        actor2_id=actor2_id,
        place_id=place_id,
        evidence=tuple(Evidence(*x) for x in extra["evidence"]),
        claims=tuple(Claim(*x) for x in extra["claims"]),
        fatalities_reported=tuple(FatalityFigure(*x) for x in extra["fatalities_reported"]),
        confidence=confidence,
        iso=extra["iso"],
    )


# The JSON the API sends: compact, UTF-8 as is, no NaN. Built once (`json.dumps` with options builds an
# encoder per call); the stored event JSON and every API answer use it, so their bytes agree.
JSON_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def event_json(event: Event) -> str:
    """The event as the API lists it (`Event.to_dict`, compact JSON), stored with the event on every write
    so a list page is spliced from stored text: no record built, nothing encoded per request."""
    return JSON_ENCODER.encode(event.to_dict())


def search_text(event: Event) -> str:
    """What the `text` filter searches: notes, location and the evidence sentences, lower-cased."""
    parts = [event.notes, event.location or ""]
    parts.extend(e.text for e in event.evidence)
    parts.extend(c.text for c in event.claims)
    return " | ".join(p for p in parts if p).lower()


def actor_text(event: Event) -> str:
    """What the `actor` filter searches: both actors and the associated actors, lower-cased."""
    names = [event.actor1 or "", event.actor2 or "", *event.assoc_actor_1, *event.assoc_actor_2]
    return " | ".join(n for n in names if n).lower()
