"""Reports -> events: one event per real-world event, built from every report of it.

`event_from_reports` turns a group of reports already judged to be about the same event into the
contract's `Event` record. Deciding which reports belong together (fusion across articles) is the
store's job and lives here too, so `extract` (one report, one event) and `ingest` share one code path.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from frontwire.types import Claim, Event, Evidence, FatalityFigure, Report, interaction_code


def report_key(report: Report) -> str:
    """A stable id for one report: same article, type, date, place and actors give the same key."""
    parts = [
        report.article_id,
        report.sub_event_type,
        report.event_date.isoformat() if report.event_date else "",
        report.place.place_id if report.place else "",
        report.actor1.actor_id if report.actor1 else "",
        report.actor2.actor_id if report.actor2 else "",
    ]
    trigger = next((e for e in report.evidence if e.field == "event"), None)
    if trigger is not None:
        parts.append(f"{trigger.start}:{trigger.end}")
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def conservative_fatalities(reports: Sequence[Report]) -> int:
    """ACLED's rule over several reports: the lowest figure any report gives, 0 when none gives one."""
    figures = [r.fatalities for r in reports if r.fatalities > 0]
    return min(figures) if figures else 0


def event_from_reports(reports: Sequence[Report], event_id: str | None = None) -> Event:
    """The fused record: the most confident report leads; lists (claims, figures, evidence) are unions."""
    if not reports:
        raise ValueError("an event needs at least one report")
    lead = max(reports, key=lambda r: r.confidence)
    sub_type = Counter(r.sub_event_type for r in reports).most_common(1)[0][0]
    if sub_type != lead.sub_event_type:
        lead = max((r for r in reports if r.sub_event_type == sub_type), key=lambda r: r.confidence)
    place = lead.place
    evidence: list[Evidence] = []
    claims: list[Claim] = []
    figures: list[FatalityFigure] = []
    for r in reports:
        evidence.extend(e for e in r.evidence if e not in evidence)
        claims.extend(c for c in r.claims if c not in claims)
        figures.extend(f for f in r.fatalities_reported if f not in figures)
    sources = sorted({r.source for r in reports if r.source})
    article_ids = tuple(dict.fromkeys(r.article_id for r in reports))
    a1, a2 = lead.actor1, lead.actor2
    return Event(
        event_id=event_id or report_key(lead),
        article_ids=article_ids,
        event_date=lead.event_date.isoformat() if lead.event_date else "",
        time_precision=lead.time_precision,
        event_type=lead.event_type,
        sub_event_type=lead.sub_event_type,
        actor1=a1.name if a1 else None,
        actor2=a2.name if a2 else None,
        actor1_id=a1.actor_id if a1 else None,
        actor2_id=a2.actor_id if a2 else None,
        assoc_actor_1=lead.assoc_actor_1,
        assoc_actor_2=lead.assoc_actor_2,
        inter1=a1.inter if a1 else None,
        inter2=a2.inter if a2 else None,
        interaction=interaction_code(a1.inter if a1 else None, a2.inter if a2 else None),
        civilian_targeting=lead.civilian_targeting,
        country=place.country if place else None,
        iso=place.country_code if place else None,
        admin1=place.admin1 if place else None,
        admin2=place.admin2 if place else None,
        admin3=place.admin3 if place else None,
        location=place.name if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        place_id=place.place_id if place else None,
        geo_precision=lead.geo_precision,
        fatalities=conservative_fatalities(reports),
        notes=lead.notes,
        source="; ".join(sources) if sources else None,
        evidence=tuple(evidence),
        claims=tuple(claims),
        fatalities_reported=tuple(figures),
        confidence=max(r.confidence for r in reports),
    )
