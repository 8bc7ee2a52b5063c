"""Store records -> the JSON the HTTP API answers with (one place, so every route agrees).

The web layer holds no logic about events; it only shapes what the store returns. Article text is
split into sentences here so the dashboard can show the sentences an event's evidence points into,
with the evidence offsets (offsets into the cleaned text, as everywhere in frontwire).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from frontwire.export import geojson_feature
from frontwire.store.base import (
    ActorSummary,
    Bucket,
    EventDetail,
    PlaceSummary,
    StoredArticle,
    StoredReport,
    StoreStats,
)
from frontwire.types import Event, Evidence, Report

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace, or at a
# blank line. Short abbreviations ("Gen.", "U.S.") are not ends when followed by a capitalised name.
_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s)|\n\s*\n|\n(?=\s*[-•*]\s)""")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Sgt|Brig|Gov|Sen|Rep|St|Jr|Sr|No|vs|al|approx|Jan|Feb|Mar|"
    r"Apr|Aug|Sept?|Oct|Nov|Dec)|\b[A-Z])\.$"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, surrounding whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if _ABBREV.search(text[max(start, end - 8) : end]) and text[end : end + 3].strip()[:1].isupper():
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    result = []
    for a0, b0 in spans:
        a, b = a0, b0
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            result.append((a, b))
    return result


def evidence_dict(e: Evidence) -> dict[str, Any]:
    return e.to_dict()


def report_dict(stored: StoredReport) -> dict[str, Any]:
    r: Report = stored.report
    place = r.place
    return {
        "report_id": stored.report_id,
        "article_id": stored.article_id,
        "event_id": stored.event_id,
        "seq": stored.seq,
        "event_type": r.event_type,
        "sub_event_type": r.sub_event_type,
        "event_date": r.event_date.isoformat() if r.event_date else None,
        "time_precision": r.time_precision,
        "actor1": r.actor1.name if r.actor1 else None,
        "actor2": r.actor2.name if r.actor2 else None,
        "inter1": r.inter1,
        "inter2": r.inter2,
        "assoc_actor_1": list(r.assoc_actor_1),
        "assoc_actor_2": list(r.assoc_actor_2),
        "civilian_targeting": r.civilian_targeting,
        "location": place.name if place else None,
        "admin1": place.admin1 if place else None,
        "country": place.country if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": r.geo_precision,
        "fatalities": r.fatalities,
        "fatalities_reported": [f.to_dict() for f in r.fatalities_reported],
        "claims": [c.to_dict() for c in r.claims],
        "evidence": [evidence_dict(e) for e in r.evidence],
        "confidence": round(r.confidence, 4),
        "notes": r.notes,
        "source": r.source,
    }


def article_meta(stored: StoredArticle) -> dict[str, Any]:
    a = stored.article
    return {
        "id": a.id,
        "title": a.title,
        "published": a.published,
        "source": a.source,
        "url": a.url,
        "language": a.language,
        "ingested_at": stored.ingested_at.isoformat(),
        "content_hash": stored.content_hash,
        "event_ids": list(stored.event_ids),
        "report_ids": list(stored.report_ids),
        "error": stored.error,
    }


def sentences_with_evidence(text: str, evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    """Every sentence of the cleaned text, each with the evidence spans that overlap it."""
    spans = sorted({(e.start, e.end, e.field) for e in evidence if 0 <= e.start < e.end <= len(text)})
    out: list[dict[str, Any]] = []
    for a, b in sentence_spans(text):
        marks = [{"start": s, "end": e, "field": f} for s, e, f in spans if s < b and e > a]
        out.append({"start": a, "end": b, "text": text[a:b], "evidence": marks})
    return out


def article_dict(stored: StoredArticle, evidence: Sequence[Evidence] = ()) -> dict[str, Any]:
    d = article_meta(stored)
    d["text"] = stored.article.text
    d["sentences"] = sentences_with_evidence(stored.article.text, evidence)
    return d


def detail_dict(detail: EventDetail, articles: Sequence[StoredArticle]) -> dict[str, Any]:
    """An event with its reports and, per article, the sentences with its evidence highlighted."""
    event = detail.event.to_dict()
    event["created_at"] = detail.created_at.isoformat()
    event["updated_at"] = detail.updated_at.isoformat()
    by_article: dict[str, list[Evidence]] = {}
    for e in detail.event.evidence:
        by_article.setdefault(e.article_id, []).append(e)
    for stored in detail.reports:
        for e in stored.report.evidence:
            by_article.setdefault(e.article_id or stored.article_id, []).append(e)
    rendered = []
    for stored_article in articles:
        d = article_meta(stored_article)
        d["sentences"] = sentences_with_evidence(
            stored_article.article.text, by_article.get(stored_article.article.id, [])
        )
        rendered.append(d)
    return {
        "event": event,
        "reports": [report_dict(r) for r in detail.reports],
        "articles": rendered,
    }


def feature_collection(
    events: Iterable[Event], total: int, limit: int, offset: int, *, capped: bool = False
) -> dict[str, Any]:
    features = [f for f in (geojson_feature(e) for e in events) if f is not None]
    return {
        "type": "FeatureCollection",
        "features": features,
        "total": total,
        "total_capped": capped,
        "limit": limit,
        "offset": offset,
    }


def point_row(e: Event) -> list[Any]:
    """The compact map row: [event_id, lat, lon, event_type, fatalities, event_date, iso]."""
    return [e.event_id, e.latitude, e.longitude, e.event_type, e.fatalities, e.event_date, e.iso]


def actor_dict(a: ActorSummary) -> dict[str, Any]:
    return {
        "actor_id": a.actor_id,
        "name": a.name,
        "inter": a.inter,
        "events": a.events,
        "fatalities": a.fatalities,
    }


def place_dict(p: PlaceSummary) -> dict[str, Any]:
    return {
        "place_id": p.place_id,
        "name": p.name,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "country": p.country,
        "admin1": p.admin1,
        "events": p.events,
        "fatalities": p.fatalities,
    }


def bucket_dict(b: Bucket) -> dict[str, Any]:
    return {"key": b.key, "events": b.events, "fatalities": b.fatalities}


def stats_dict(s: StoreStats) -> dict[str, Any]:
    return {
        "backend": s.backend,
        "schema_version": s.schema_version,
        "articles": s.articles,
        "reports": s.reports,
        "events": s.events,
        "actors": s.actors,
        "places": s.places,
        "first_date": s.first_date,
        "last_date": s.last_date,
        "last_change": s.last_change.isoformat() if s.last_change else None,
        "spatial": s.spatial,
    }
