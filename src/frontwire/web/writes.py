"""The two writes the API allows (behind the server's token): ingest an article, correct an event.

Both go through the store's public interface only. A correction is applied to the reports behind the
event (every report fused into it), and the store re-fuses them, so the corrected event is built the
same way as every other one; the store keeps the correction apart from the reports, so a later
re-fusion or a new version of one of the articles keeps it (store/corrections.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Literal

from fastapi import HTTPException
from pydantic import BaseModel, ConfigDict, Field, model_validator

from frontwire.config import Config
from frontwire.errors import FrontwireError, InputError
from frontwire.store.base import EventDetail, Store
from frontwire.taxonomy import sub_event_types
from frontwire.types import Article, ArticleResult


class EventCorrection(BaseModel):
    """Fields an analyst may correct; everything left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    sub_event_type: str | None = Field(
        None, description="ACLED sub-event type (the event type follows from it)"
    )
    event_date: date | None = None
    time_precision: Literal[1, 2, 3] | None = None
    fatalities: int | None = Field(None, ge=0, le=1_000_000)
    civilian_targeting: bool | None = None
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    geo_precision: Literal[1, 2, 3] | None = None
    notes: str | None = Field(None, max_length=5000)

    @model_validator(mode="after")
    def _check(self) -> EventCorrection:
        if self.sub_event_type is not None and self.sub_event_type not in sub_event_types():
            raise ValueError(f"unknown sub-event type {self.sub_event_type!r}")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        if not self.model_dump(exclude_none=True):
            raise ValueError("nothing to correct")
        return self


def apply_correction(store: Store, detail: EventDetail, c: EventCorrection) -> dict[str, Any]:
    """Correct every report fused into the event (kept by the store as corrections, so a new version of
    an article gets them again), re-fuse, and say which event holds them now."""
    target = detail.event.event_id
    report_ids = {r.report_id for r in detail.reports}
    fields = c.model_dump(exclude_none=True, mode="json")
    if c.latitude is not None and any(r.report.place is None for r in detail.reports):
        raise HTTPException(422, "this event has no place to move; correct it by re-ingesting")
    touched: set[str] = set()
    for outcome in store.correct_event(target, fields):
        touched.update(outcome.new_events + outcome.changed_events + outcome.merged_events)
    still = store.get_event(target)
    event_id = target if still is not None else None
    if event_id is None:
        # The corrected reports were fused into another (new or existing) event.
        for candidate in sorted(touched):
            found = store.get_event(candidate)
            if found and report_ids & {r.report_id for r in found.reports}:
                event_id = candidate
                break
        if event_id is None:
            for candidate in sorted(touched):
                if store.get_event(candidate):
                    event_id = candidate
                    break
    return {"event_id": event_id, "previous_event_id": target, "fields": fields}


# ---- ingest ------------------------------------------------------------------------------------

_pipeline_lock = threading.Lock()


class _LazyPipeline:
    """The extraction pipeline, loaded on the first article that needs it and kept for the server's life."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._pipeline: Any = None

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        if self._pipeline is None:
            from frontwire.extract.pipeline import Pipeline

            self._pipeline = Pipeline(self.config)
        return self._pipeline.pipe(articles)  # type: ignore[no-any-return]


def pipeline_for(state: Any, config: Config) -> _LazyPipeline:
    """One lazy pipeline per app (kept on `app.state`)."""
    with _pipeline_lock:
        if getattr(state, "pipeline", None) is None:
            state.pipeline = _LazyPipeline(config)
        return state.pipeline  # type: ignore[no-any-return]


def ingest_article(store: Store, obj: dict[str, Any], pipeline: _LazyPipeline) -> tuple[int, dict[str, Any]]:
    """Extract one article and store it (frontwire.store.ingest, as `frontwire ingest` does).

    Returns the HTTP status and body: 201 new, 200 updated or unchanged, 409 duplicate content under
    another id, 422 rejected (e.g. not English, no usable date)."""
    from frontwire.read.jsonl import article_from_object
    from frontwire.store.ingest import ingest_articles

    try:
        article = article_from_object({k: v for k, v in obj.items() if v is not None}, "request")
    except InputError as exc:
        raise HTTPException(422, exc.reason) from None
    with _pipeline_lock:  # one extraction at a time: the parser is not shared between threads
        try:
            summary = ingest_articles([article], store, pipeline, pipeline.config)
        except FrontwireError as exc:
            raise HTTPException(422, str(exc)) from None
    if summary.skipped:
        reason = summary.skipped[0][1]
        raise HTTPException(409 if reason.startswith("duplicate of") else 422, reason)
    stored = store.get_article(article.id)
    status = "added" if summary.added else "updated" if summary.updated else "unchanged"
    body = {
        "article_id": article.id,
        "status": status,
        "reports": summary.reports
        if summary.added or summary.updated
        else len(stored.report_ids if stored else ()),
        "event_ids": list(stored.event_ids) if stored else [],
        "notices": [n for _, n in summary.notices],
    }
    return (201 if summary.added else 200), body
