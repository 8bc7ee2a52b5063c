"""Analysts' corrections as a layer over extraction, so a new version of an article does not undo them.

A correction (`PATCH /api/events/{id}`) is stored per report it changed, with the report as extracted
(before any correction). The store's `replace_reports` always receives extracted reports and lays the
article's corrections over them: a correction goes to the new report that tells the same event as the
one it was made on (the same trigger in the article, or what fusion calls one event within an article:
same sub-type, day and place, actors not contradicting). A correction no new report matches is kept,
marked `unmatched`, and reported (ingest summary, `frontwire corrections`, `GET /api/corrections`); a
later version that tells that event again picks it up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from frontwire import fuse
from frontwire.store.records import report_to_json
from frontwire.taxonomy import event_type_of
from frontwire.types import Report

APPLIED, UNMATCHED = "applied", "unmatched"
# The fields an analyst may set (web.writes.EventCorrection); latitude and longitude go together.
FIELDS = (
    "sub_event_type",
    "event_date",
    "time_precision",
    "fatalities",
    "civilian_targeting",
    "latitude",
    "longitude",
    "geo_precision",
    "notes",
)
_SET_AS_GIVEN = tuple(f for f in FIELDS if f not in ("sub_event_type", "latitude", "longitude"))


@dataclass(frozen=True, slots=True)
class StoredCorrection:
    """One analyst correction of one report: what was set, on which report as extracted, and where it
    stands now (`report_id` of the report it is applied to, None while `unmatched`)."""

    correction_id: str
    article_id: str
    event_id: str | None  # the event the analyst corrected
    fields: dict[str, Any]
    extracted: Report  # the report it applies to, as extracted (its identity for matching)
    report_id: str | None
    status: str  # APPLIED or UNMATCHED
    created_at: datetime
    checked_at: datetime

    def to_dict(self) -> dict[str, Any]:
        trigger = _trigger(self.extracted)
        return {
            "correction_id": self.correction_id,
            "article_id": self.article_id,
            "event_id": self.event_id,
            "report_id": self.report_id,
            "status": self.status,
            "fields": self.fields,
            "made_on": {
                "sub_event_type": self.extracted.sub_event_type,
                "event_date": self.extracted.event_date.isoformat() if self.extracted.event_date else None,
                "location": self.extracted.place.name if self.extracted.place else None,
                "trigger": trigger[0] if trigger else None,
            },
            "created_at": self.created_at.isoformat(),
            "checked_at": self.checked_at.isoformat(),
        }


def corrected(report: Report, fields: Mapping[str, Any]) -> Report:
    """`report` with an analyst's fields set (the event type follows the sub-type; confidence 1)."""
    changes: dict[str, Any] = {}
    sub = fields.get("sub_event_type")
    if sub is not None:
        changes["sub_event_type"] = sub
        changes["event_type"] = event_type_of(sub)
    for name in _SET_AS_GIVEN:
        value = fields.get(name)
        if value is not None:
            changes[name] = (
                date.fromisoformat(value) if name == "event_date" and isinstance(value, str) else value
            )
    lat, lon = fields.get("latitude"), fields.get("longitude")
    if lat is not None and lon is not None and report.place is not None:
        changes["place"] = replace(report.place, latitude=lat, longitude=lon)
    changes["confidence"] = 1.0  # an analyst said so
    return replace(report, **changes)


def _trigger(report: Report) -> tuple[str, int] | None:
    """The trigger's words (folded) and offset: the event's evidence in its article."""
    found = fuse.trigger_evidence(report)
    return (found.text.casefold(), found.start) if found is not None else None


def _place_id(report: Report) -> str | None:
    return report.place.place_id if report.place else None


def _score(made_on: Report, new: Report) -> float | None:
    """How well a new report matches the report a correction was made on (None: not the same event).

    The same event is the same trigger words with the type, day or place agreeing, or one event by
    fusion's within-article rule (`fuse.same_event`). Ties go to the closer trigger offset."""
    a, b = _trigger(made_on), _trigger(new)
    same_trigger = a is not None and b is not None and a[0] == b[0]
    agree = sum(
        (
            made_on.sub_event_type == new.sub_event_type,
            made_on.event_date is not None and made_on.event_date == new.event_date,
            _place_id(made_on) is not None and _place_id(made_on) == _place_id(new),
        )
    )
    one_event = fuse.same_event(made_on, replace(new, article_id=made_on.article_id))
    if not one_event and not (same_trigger and agree):
        return None
    score = 2.0 * same_trigger + agree + one_event + fuse.match_score(made_on, new) / 10
    if a is not None and b is not None:
        score += 1.0 / (1 + abs(a[1] - b[1]))
    return score


def match(made_on: Sequence[Report], new: Sequence[Report]) -> dict[int, int]:
    """One-to-one: index in `made_on` -> index in `new` of the report telling the same event
    (best-scoring pairs first; deterministic)."""
    pairs = sorted(
        (
            (s, i, j)
            for i, m in enumerate(made_on)
            for j, n in enumerate(new)
            if (s := _score(m, n)) is not None
        ),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    found: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in pairs:
        if i not in found and j not in taken:
            found[i] = j
            taken.add(j)
    return found


def lay_over(
    reports: Sequence[Report], corrections: Sequence[StoredCorrection]
) -> tuple[list[Report], dict[str, int | None]]:
    """The extracted `reports` with the corrections applied (in the order they were made), and for each
    correction the index of the report it now applies to (None: unmatched).

    Corrections made on the same extracted report move together."""
    groups: dict[str, list[StoredCorrection]] = {}
    made_on: dict[str, Report] = {}
    for c in corrections:
        key = report_to_json(c.extracted)
        groups.setdefault(key, []).append(c)
        made_on[key] = c.extracted
    keys = list(groups)
    matched = match([made_on[k] for k in keys], reports)
    out = list(reports)
    where: dict[str, int | None] = {}
    for k, key in enumerate(keys):
        j = matched.get(k)
        for c in groups[key]:
            where[c.correction_id] = j
    for c in corrections:  # made order: a later correction of a field wins
        j = where[c.correction_id]
        if j is not None:
            out[j] = corrected(out[j], c.fields)
    return out, where
