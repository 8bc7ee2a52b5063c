"""Reports -> events: one event per real-world event, built from every report of it.

`event_from_reports` turns a group of reports already judged to be about the same event into the
contract's `Event` record. Deciding which reports belong together (fusion across articles) is the
store's job and lives here too, so `extract` (one report, one event) and `ingest` share one code path.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from frontwire.distance import haversine_km
from frontwire.types import Claim, Event, Evidence, FatalityFigure, Report, interaction_code


def trigger_evidence(report: Report) -> Evidence | None:
    """The report's event words (its trigger) as evidence, if it has them."""
    return next((e for e in report.evidence if e.field == "event"), None)


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
    trigger = trigger_evidence(report)
    if trigger is not None:
        parts.append(f"{trigger.start}:{trigger.end}")
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def conservative_fatalities(reports: Sequence[Report]) -> int:
    """ACLED's rule over several reports: the lowest figure any report gives, 0 when none gives one."""
    figures = [r.fatalities for r in reports if r.fatalities > 0]
    return min(figures) if figures else 0


def _figures(reports: Sequence[Report]) -> list[FatalityFigure]:
    """Every fatality figure with its source; a bare count becomes a figure attributed to its article."""
    figures: list[FatalityFigure] = []
    for r in reports:
        own = list(r.fatalities_reported)
        if not own and r.fatalities > 0:
            own = [FatalityFigure(r.fatalities, None, None, claimant=r.source, article_id=r.article_id)]
        for figure in own:
            f = figure if figure.article_id is not None else replace(figure, article_id=r.article_id)
            if f not in figures:
                figures.append(f)
    return figures


def event_from_reports(reports: Sequence[Report], event_id: str | None = None) -> Event:
    """The fused record: each field from the report that knows it best; lists are unions.

    Type and sub-type by majority (ties: the most confident report); place from the most precise
    report; date from the most precise date; actors from the report naming the most actors;
    fatalities by the conservative rule; every claim, figure and piece of evidence kept.
    """
    if not reports:
        raise ValueError("an event needs at least one report")
    lead = max(reports, key=lambda r: r.confidence)
    sub_type = Counter(r.sub_event_type for r in reports).most_common(1)[0][0]
    if sub_type != lead.sub_event_type:
        lead = max((r for r in reports if r.sub_event_type == sub_type), key=lambda r: r.confidence)
    placed = [r for r in reports if r.place is not None]
    where = min(placed, key=lambda r: (_precision(r), -r.confidence)) if placed else lead
    dated = [r for r in reports if r.event_date is not None]
    when = min(dated, key=lambda r: (r.time_precision, -r.confidence)) if dated else lead
    who = max(
        reports,
        key=lambda r: (len(actor_keys(r)), (r.actor1 is not None) + (r.actor2 is not None), r.confidence),
    )
    place = where.place
    evidence: list[Evidence] = []
    claims: list[Claim] = []
    for r in reports:
        evidence.extend(e for e in r.evidence if e not in evidence)
        claims.extend(c for c in r.claims if c not in claims)
    sources = sorted({r.source for r in reports if r.source})
    article_ids = tuple(dict.fromkeys(r.article_id for r in reports))
    a1, a2 = who.actor1, who.actor2
    return Event(
        event_id=event_id or report_key(lead),
        article_ids=article_ids,
        event_date=when.event_date.isoformat() if when.event_date else "",
        time_precision=when.time_precision,
        event_type=lead.event_type,
        sub_event_type=lead.sub_event_type,
        actor1=a1.name if a1 else None,
        actor2=a2.name if a2 else None,
        actor1_id=a1.actor_id if a1 else None,
        actor2_id=a2.actor_id if a2 else None,
        assoc_actor_1=who.assoc_actor_1,
        assoc_actor_2=who.assoc_actor_2,
        inter1=a1.inter if a1 else None,
        inter2=a2.inter if a2 else None,
        interaction=interaction_code(a1.inter if a1 else None, a2.inter if a2 else None),
        civilian_targeting=any(r.civilian_targeting for r in reports if r.sub_event_type == sub_type),
        country=place.country if place else None,
        iso=place.country_code if place else None,
        admin1=place.admin1 if place else None,
        admin2=place.admin2 if place else None,
        admin3=place.admin3 if place else None,
        location=place.name if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        place_id=place.place_id if place else None,
        geo_precision=where.geo_precision,
        fatalities=conservative_fatalities(reports),
        notes=lead.notes,
        source="; ".join(sources) if sources else None,
        evidence=tuple(evidence),
        claims=tuple(claims),
        fatalities_reported=tuple(_figures(reports)),
        confidence=max(r.confidence for r in reports),
    )


# ------------------------------------------------------------------------------------------------------
# Cross-article fusion: which reports tell the same event.
#
# Two reports of different articles are the same event when (1) their sub-types are the same or
# compatible, (2) their dates are within a tolerance set by the coarser time precision, (3) their places
# agree (same place, or a coarse place that contains / lies near a precise one) and (4) their actors do
# not contradict (after setting aside catch-all actors, one side's set includes the other's). Two reports
# of one article must moreover have the same sub-type and day (see `same_event`).
# Groups are built greedily with complete linkage: a report joins a group only if it matches every report
# already in it, so one vague report cannot chain two different events together.

# Sub-types reporters mix up for the same event (an air strike called shelling, a clash called a capture).
COMPATIBLE_SUB_TYPES: tuple[frozenset[str], ...] = (
    frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
    frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}),
    frozenset(
        {
            "Peaceful protest",
            "Protest with intervention",
            "Excessive force against protesters",
            "Violent demonstration",
        }
    ),
    frozenset({"Violent demonstration", "Mob violence"}),
    frozenset({"Attack", "Abduction/forced disappearance"}),
)
DATE_TOLERANCE_DAYS = {1: 1, 2: 7, 3: 31}  # by the coarser time_precision of the two reports
SAME_SPOT_KM = 2.0  # two precise places closer than this are one place (duplicate gazetteer entries)
PLACE_RADIUS_KM = {1: 2.0, 2: 25.0, 3: 100.0}  # by the coarser geo_precision of the two reports
COARSE_FEATURES = frozenset({"country", "admin1", "admin2", "admin3", "region"})
# Catch-all actors (ACLED's per-country categories and unnamed groups): outlets name the same side of
# an event differently ("gunmen" / a named group, "civilians" / "residents of a camp"), so they never
# contradict a named actor.
GENERIC_KINDS = frozenset({"unidentified", "unknown", "civilians", "protesters", "rioters"})
GENERIC_PREFIXES = ("unidentified", "unknown", "rebel groups", "civilians", "protesters", "rioters")


def sub_types_compatible(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in COMPATIBLE_SUB_TYPES)


def date_tolerance(report: Report) -> int:
    return DATE_TOLERANCE_DAYS.get(report.time_precision, 31)


def dates_compatible(a: Report, b: Report) -> bool:
    if a.event_date is None or b.event_date is None:
        return False
    tolerance = max(date_tolerance(a), date_tolerance(b))
    return abs((a.event_date - b.event_date).days) <= tolerance


def _precision(report: Report) -> int:
    """Geo precision, counting a report placed on an admin unit or region as coarse."""
    if report.place is not None and report.place.feature in COARSE_FEATURES:
        return max(report.geo_precision, 3 if report.place.feature in {"country", "admin1"} else 2)
    return report.geo_precision


def place_distance_km(a: Report, b: Report) -> float | None:
    if a.place is None or b.place is None:
        return None
    if a.place.place_id == b.place.place_id:
        return 0.0
    return haversine_km(a.place.latitude, a.place.longitude, b.place.latitude, b.place.longitude)


def places_compatible(a: Report, b: Report) -> bool:
    """Same spot for two precise places; for a coarser one, containment (admin unit) or distance."""
    if a.place is None or b.place is None:
        return False
    pa, pb = a.place, b.place
    if pa.country_code and pb.country_code and pa.country_code != pb.country_code:
        return False
    distance = place_distance_km(a, b)
    assert distance is not None
    coarse = max(_precision(a), _precision(b))
    if coarse <= 1:
        return distance <= SAME_SPOT_KM
    for unit, other in ((pa, pb), (pb, pa)):
        if unit.feature == "country":
            return True  # only the country is known: any place in it may be the same event
        if unit.feature in ("admin1", "admin2") and unit.place_id != other.place_id:
            level = unit.feature
            ours, theirs = getattr(unit, level), getattr(other, level)
            if ours and theirs:
                return bool(ours == theirs)  # inside the unit, however large it is
    return distance <= PLACE_RADIUS_KM.get(coarse, PLACE_RADIUS_KM[3])


def _is_generic(name: str, kind: str | None) -> bool:
    return (kind or "") in GENERIC_KINDS or name.lower().startswith(GENERIC_PREFIXES)


STATE_FORCE_KINDS = frozenset({"military", "police"})


def actor_keys(report: Report) -> frozenset[str]:
    """The named actors of a report (actor1, actor2; catch-all actors set aside), by id or name.

    A state's army and police count as one side ("security forces", "police", "troops" are how
    different outlets name the same unit)."""
    keys = set()
    for actor in (report.actor1, report.actor2):
        if actor is None or _is_generic(actor.name, actor.kind):
            continue
        if actor.kind in STATE_FORCE_KINDS and actor.country:
            keys.add(f"state-forces:{actor.country}")
        else:
            keys.add(actor.actor_id or actor.name)
    return frozenset(keys)


def actors_compatible(a: Report, b: Report) -> bool:
    ka, kb = actor_keys(a), actor_keys(b)
    return ka <= kb or kb <= ka


def same_event(a: Report, b: Report) -> bool:
    """Whether two reports tell the same event (the rules above).

    Two reports of one article are one event only when ACLED would code them as one: the same
    sub-type on the same day at the same place, with actors that do not contradict (the extractor
    sometimes finds one event twice, once with fewer actors named)."""
    if a.article_id == b.article_id:
        return (
            a.sub_event_type == b.sub_event_type
            and a.event_date is not None
            and a.event_date == b.event_date
            and places_compatible(a, b)
            and actors_compatible(a, b)
        )
    return (
        sub_types_compatible(a.sub_event_type, b.sub_event_type)
        and dates_compatible(a, b)
        and places_compatible(a, b)
        and actors_compatible(a, b)
    )


def match_score(a: Report, b: Report) -> float:
    """How close two matching reports are (higher is closer): to pick the best group for a report."""
    score = 1.0 if a.sub_event_type == b.sub_event_type else 0.5
    if a.event_date and b.event_date:
        score += 1.0 / (1 + abs((a.event_date - b.event_date).days))
    distance = place_distance_km(a, b)
    if distance is not None:
        score += 1.0 / (1 + distance)
    ka, kb = actor_keys(a), actor_keys(b)
    if ka or kb:
        score += len(ka & kb) / len(ka | kb)
    return score


def sort_key(report: Report) -> tuple[str, str, str]:
    """A deterministic processing order: by date, then article, then the report's own key."""
    return (report.event_date.isoformat() if report.event_date else "", report.article_id, report_key(report))


def cluster_indices(reports: Sequence[Report]) -> list[list[int]]:
    """Group reports into events (complete linkage); returns positions in `reports`.

    Deterministic for a given sequence: reports are taken by date, article and key (ties by position)."""
    clusters: list[list[int]] = []
    order = sorted(range(len(reports)), key=lambda i: (sort_key(reports[i]), i))
    for i in order:
        report = reports[i]
        best, best_score = None, 0.0
        for cluster in clusters:
            if all(same_event(report, reports[j]) for j in cluster):
                score = sum(match_score(report, reports[j]) for j in cluster) / len(cluster)
                if score > best_score:
                    best, best_score = cluster, score
        if best is None:
            clusters.append([i])
        else:
            best.append(i)
    return clusters


def cluster_reports(reports: Sequence[Report]) -> list[list[Report]]:
    """Group reports into events (see `cluster_indices`)."""
    return [[reports[i] for i in group] for group in cluster_indices(reports)]
