"""The HTTP API routes: read-only views over the store, plus two token-guarded writes.

Routes only parse and validate input, call the store, and shape its records with `web.render`.
Every error is JSON ``{"error": "..."}`` (see `web.app` for the handlers).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from starlette.concurrency import run_in_threadpool

from frontwire.store.base import GROUPS, ORDERS, EventQuery, Store
from frontwire.store.records import JSON_ENCODER
from frontwire.taxonomy import event_types, sub_event_types
from frontwire.web import render
from frontwire.web.access import StoreAccess
from frontwire.web.cache import ResponseCache
from frontwire.web.facts import EventFacts, supports
from frontwire.web.writes import EventCorrection, apply_correction, ingest_article, pipeline_for

MAX_LIMIT = 1000  # full records per page
MAX_POINTS = 100_000  # compact map rows per request
MAX_TEXT = 200  # characters in a filter value
COUNT_CAP = 10_000  # a total the store must count (not the columns) stops here: "10,000+"

router = APIRouter(prefix="/api")
POINT_FIELDS = ["event_id", "latitude", "longitude", "event_type", "fatalities", "event_date", "iso"]


def _encode(payload: Any) -> bytes:
    """Compact UTF-8 JSON, with the encoder the stored event JSON is written with (records.JSON_ENCODER)."""
    return JSON_ENCODER.encode(payload).encode("utf-8")


class FastJSON(JSONResponse):
    """JSON without FastAPI's generic encoder pass (payloads here are plain dicts and lists)."""

    def render(self, content: Any) -> bytes:
        return _encode(content)


def _json(payload: Any, status_code: int = 200) -> FastJSON:
    return FastJSON(payload, status_code=status_code)


def _cache_key(request: Request) -> str:
    return (
        request.url.path + "?" + "&".join(f"{k}={v}" for k, v in sorted(request.query_params.multi_items()))
    )


def _hit(request: Request, store: Store) -> Response | None:
    """The cached answer to this exact request, if the store has not changed since it was made."""
    cache: ResponseCache = request.app.state.cache
    body = cache.get(_cache_key(request), store)
    return None if body is None else Response(body, media_type="application/json")


def _keep(request: Request, payload: Any) -> FastJSON:
    response = _json(payload)
    request.app.state.cache.put(_cache_key(request), bytes(response.body))
    return response


def _store(request: Request) -> Store:
    """This worker thread's store (called in the route body, which runs on the worker thread)."""
    access: StoreAccess = request.app.state.stores
    return access.get()


FilterText = Annotated[str | None, Query(max_length=MAX_TEXT)]


class Filters(BaseModel):
    """The filters of `frontwire events`, as query parameters."""

    country: str | None = Field(None, max_length=MAX_TEXT, description="country name or ISO code")
    admin1: str | None = Field(None, max_length=MAX_TEXT, description="first-level administrative unit")
    near: str | None = Field(None, max_length=64, description="LAT,LON: events within `within_km` of it")
    within_km: float = Field(25.0, gt=0, le=20000, description="radius for `near`, km")
    date_from: date | None = Field(None, description="events on or after this date (YYYY-MM-DD)")
    date_to: date | None = Field(None, description="events on or before this date (YYYY-MM-DD)")
    event_type: str | None = Field(None, max_length=MAX_TEXT, description="ACLED event type")
    sub_event_type: str | None = Field(None, max_length=MAX_TEXT, description="ACLED sub-event type")
    actor: str | None = Field(None, max_length=MAX_TEXT, description="actor name or alias, either side")
    min_fatalities: int | None = Field(None, ge=0, description="fatalities at least N")
    text: str | None = Field(None, max_length=MAX_TEXT, description="words in the notes or source sentences")

    @field_validator("event_type")
    @classmethod
    def _known_type(cls, v: str | None) -> str | None:
        if v and v not in event_types():
            raise ValueError(f"unknown event type {v!r}; one of: {', '.join(event_types())}")
        return v or None

    @field_validator("sub_event_type")
    @classmethod
    def _known_sub_type(cls, v: str | None) -> str | None:
        if v and v not in sub_event_types():
            raise ValueError(f"unknown sub-event type {v!r} (spelled as in ACLED's codebook)")
        return v or None

    @field_validator("country", "admin1", "actor", "text", "near")
    @classmethod
    def _blank_is_none(cls, v: str | None) -> str | None:
        v = v.strip() if v else v
        return v or None

    @field_validator("near")
    @classmethod
    def _lat_lon(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            lat, lon = (float(x) for x in v.split(","))
        except ValueError:
            raise ValueError("near must be LAT,LON, e.g. 34.55,38.27") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
            raise ValueError("near is outside -90..90, -180..180")
        return v

    @model_validator(mode="after")
    def _dates_in_order(self) -> Filters:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")
        return self

    def query(self, **extra: Any) -> EventQuery:
        near = tuple(float(x) for x in self.near.split(",")) if self.near else None
        return EventQuery(
            country=self.country,
            admin1=self.admin1,
            near=near,  # type: ignore[arg-type]
            within_km=self.within_km,
            date_from=self.date_from,
            date_to=self.date_to,
            event_type=self.event_type,
            sub_event_type=self.sub_event_type,
            actor=self.actor,
            min_fatalities=self.min_fatalities,
            text=self.text,
            **extra,
        )


FILTER_NAMES = frozenset(Filters.model_fields)


def known_params(*names: str) -> Any:
    """A dependency refusing query parameters the route does not take (a typo would widen a query)."""
    allowed = FILTER_NAMES | set(names) if "filters" in names else set(names)

    async def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise HTTPException(400, f"unknown query parameter(s): {', '.join(unknown)}")

    return Depends(check)


FiltersDep = Annotated[Filters, Query()]


_TOTAL_DOC = (
    "How many events match. Exact when `total_capped` is false. Filters the in-memory columns cannot "
    "answer (actor, text, near; any list in the first seconds after start) are counted by the store "
    f"only up to a cap ({COUNT_CAP:,} by default, or the end of the requested page if further): past it "
    "`total` is the "
    'cap and `total_capped` is true, meaning "at least this many".'
)
LIST_PAGE_SCHEMA = {
    "type": "object",
    "required": ["total", "total_capped", "limit", "offset"],
    "properties": {
        "total": {"type": "integer", "minimum": 0, "description": _TOTAL_DOC},
        "total_capped": {
            "type": "boolean",
            "description": "true when `total` is a floor (the count stopped at the cap), not exact",
        },
        "limit": {"type": "integer"},
        "offset": {"type": "integer"},
        "events": {"type": "array", "items": {"type": "object"}, "description": "format=json"},
        "features": {"type": "array", "items": {"type": "object"}, "description": "format=geojson"},
        "fields": {"type": "array", "items": {"type": "string"}, "description": "format=points"},
        "points": {"type": "array", "items": {"type": "array"}, "description": "format=points"},
    },
}


@router.get(
    "/events",
    summary="Events matching the filters (json, geojson or compact map points)",
    description=_TOTAL_DOC,
    responses={200: {"content": {"application/json": {"schema": LIST_PAGE_SCHEMA}}}},
    dependencies=[known_params("filters", "limit", "offset", "order", "format")],
)
async def list_events(
    *,
    request: Request,
    filters: FiltersDep,
    limit: Annotated[int | None, Query(ge=0, le=MAX_POINTS, description="page size (default 100)")] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    order: Annotated[Literal[ORDERS], Query(description="sort key; '-' for descending")] = "-event_date",  # type: ignore[valid-type]
    format: Annotated[Literal["json", "geojson", "points"], Query(description="response shape")] = "json",
) -> Any:
    # Async: a cached answer or one from the in-memory columns costs no thread hop; store reads go to
    # a worker thread (run_in_threadpool), each with its own connection.
    if limit is None:
        limit = 100 if format != "points" else 10_000
    if format != "points" and limit > MAX_LIMIT:
        raise HTTPException(400, f"limit is at most {MAX_LIMIT} (format=points allows {MAX_POINTS})")
    if (hit := _hit(request, _store(request))) is not None:
        return hit
    query = filters.query(limit=limit, offset=offset, order=order)
    facts = _facts(request)
    if format == "points" and facts is not None and supports(query):
        total, points = await run_in_threadpool(facts.points, query, limit, offset)
        return _keep(request, _points_page(points, total=total, capped=False, limit=limit, offset=offset))
    payload = await run_in_threadpool(_events_from_store, request, query, format)
    if isinstance(payload, bytes):
        request.app.state.cache.put(_cache_key(request), payload)
        return Response(payload, media_type="application/json")
    return _keep(request, payload)


def _points_page(
    points: list[list[Any]], *, total: int, capped: bool, limit: int, offset: int
) -> dict[str, Any]:
    return {
        "total": total,
        "total_capped": capped,
        "limit": limit,
        "offset": offset,
        "fields": POINT_FIELDS,
        "points": points,
    }


def _page(bodies: Iterable[bytes], *, total: int, capped: bool, limit: int, offset: int) -> bytes:
    """A JSON list page spliced from event JSON (the same bytes `FastJSON` gives for the whole dict)."""
    head = _encode({"total": total, "total_capped": capped, "limit": limit, "offset": offset})[:-1]
    return b"".join((head, b',"events":[', b",".join(bodies), b"]}"))


def _event_page(
    request: Request, store: Store, ids: list[str], *, total: int, limit: int, offset: int
) -> bytes:
    """The page of these events, from the JSON the store keeps with each (and this process's cache of it)."""
    cache: ResponseCache = request.app.state.cache
    generation = cache.generation
    bodies = cache.event_bodies(ids)
    missing = [i for i in ids if i not in bodies]
    if missing:
        fresh = {i: text.encode("utf-8") for i, text in store.event_json_by_id(missing).items()}
        cache.put_event_bodies(fresh, generation)
        bodies.update(fresh)
    return _page(
        (bodies[i] for i in ids if i in bodies), total=total, capped=False, limit=limit, offset=offset
    )


def _events_from_store(request: Request, query: EventQuery, format: str) -> dict[str, Any] | bytes:
    store = _store(request)
    facts = _facts(request)
    limit, offset = query.limit or 0, query.offset
    if facts is not None and supports(query):
        # The columns count the matches and give the page's ids in the store's order; the store reads
        # those events by primary key (no scan, whatever the filters).
        total, ids = facts.page_ids(query, limit, offset)
        capped = False
        if format == "json":
            return _event_page(request, store, ids, total=total, limit=limit, offset=offset)
        events = store.events_by_id(ids)
    elif format == "json":
        # One capped read gives the page and the total (exact up to the cap, see `_total`).
        cap = max(request.app.state.count_cap, offset + limit)
        texts, counted = store.events_json_counted(query, cap)
        total, capped = _capped(counted, cap)
        return _page(
            (t.encode("utf-8") for t in texts), total=total, capped=capped, limit=limit, offset=offset
        )
    else:
        events = store.events(query)
        total, capped = _total(request, store, query, len(events))
    if format == "geojson":
        return render.feature_collection(events, total, limit, offset, capped=capped)
    points = [render.point_row(e) for e in events if e.latitude is not None and e.longitude is not None]
    return _points_page(points, total=total, capped=capped, limit=limit, offset=offset)


def _total(request: Request, store: Store, query: EventQuery, page: int) -> tuple[int, bool]:
    """How many events match, and whether that is a floor ("N or more") rather than exact.

    A short page shows where the matches end (no second query). Otherwise the store counts, up to the
    cap (`COUNT_CAP`, or the end of this page if further): exact below it; past it the total is the cap
    and `capped` is true. Filters the columns cannot answer (actor, text, near) would otherwise cost a
    full scan of the store on every page."""
    limit = query.limit or 0
    if page < limit and (page or query.offset == 0):
        return query.offset + page, False
    facts = _facts(request)
    if facts is not None and supports(query):
        return facts.count(query), False
    cap = max(request.app.state.count_cap, query.offset + page)
    return _capped(store.count_events(query, cap=cap), cap)


def _capped(counted: int, cap: int) -> tuple[int, bool]:
    """(total, capped) from a count that stopped at cap + 1: past the cap, the cap and True."""
    return (cap, True) if counted > cap else (counted, False)


def _facts(request: Request) -> EventFacts | None:
    """The in-memory columns, once loaded (before that, and if loading failed, the store answers)."""
    facts: EventFacts | None = request.app.state.facts
    return facts if facts is not None and facts.ready else None


@router.get(
    "/events/{event_id}", summary="One event with its reports, evidence, claims and article sentences"
)
def get_event(request: Request, event_id: Annotated[str, Path(max_length=200)]) -> Any:
    store = _store(request)
    if (hit := _hit(request, store)) is not None:
        return hit
    detail = store.get_event(event_id)
    if detail is None:
        raise HTTPException(404, f"no event {event_id!r}")
    articles = [a for a in (store.get_article(i) for i in detail.event.article_ids) if a is not None]
    return _keep(request, render.detail_dict(detail, articles))


@router.get(
    "/articles",
    summary="Ingested articles, newest ingest first (metadata only)",
    dependencies=[known_params("limit", "offset")],
)
def list_articles(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Any:
    store = _store(request)
    return _json({"articles": [render.article_meta(a) for a in store.articles(limit=limit, offset=offset)]})


@router.get("/articles/{article_id}", summary="One article: metadata, cleaned text, sentences, its reports")
def get_article(request: Request, article_id: Annotated[str, Path(max_length=500)]) -> Any:
    store = _store(request)
    stored = store.get_article(article_id)
    if stored is None:
        raise HTTPException(404, f"no article {article_id!r}")
    reports = store.reports_of_article(article_id)
    evidence = [e for r in reports for e in r.report.evidence]
    d = render.article_dict(stored, evidence)
    d["reports"] = [render.report_dict(r) for r in reports]
    return _json(d)


@router.get(
    "/actors",
    summary="Actors of the matching events, most events first",
    dependencies=[known_params("filters", "q", "limit")],
)
def list_actors(
    request: Request,
    filters: FiltersDep,
    q: Annotated[str | None, Query(max_length=MAX_TEXT, description="part of the actor's name")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> Any:
    store = _store(request)
    if (hit := _hit(request, store)) is not None:
        return hit
    query = filters.query()
    if q and q.strip():
        needle = q.strip().lower()
        from dataclasses import replace

        # Events with an actor matching q, then only the actors whose own name matches.
        found = store.actors(replace(query, actor=query.actor or q.strip()), limit=max(limit * 5, 200))
        actors = [a for a in found if needle in a.name.lower()][:limit]
    else:
        actors = store.actors(query, limit=limit)
    return _keep(request, {"actors": [render.actor_dict(a) for a in actors]})


@router.get(
    "/places",
    summary="Places of the matching events, most events first",
    dependencies=[known_params("filters", "limit")],
)
def list_places(
    request: Request, filters: FiltersDep, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100
) -> Any:
    store = _store(request)
    if (hit := _hit(request, store)) is not None:
        return hit
    return _keep(
        request, {"places": [render.place_dict(p) for p in store.places(filters.query(), limit=limit)]}
    )


@router.get(
    "/aggregates",
    summary="Event counts and fatalities per day, week, month, type or area",
    dependencies=[known_params("filters", "by")],
)
async def aggregates(
    request: Request,
    filters: FiltersDep,
    by: Annotated[Literal[GROUPS], Query(description="grouping")] = "day",  # type: ignore[valid-type]
) -> Any:
    if (hit := _hit(request, _store(request))) is not None:
        return hit
    query = filters.query()
    facts = _facts(request)
    if facts is not None and supports(query):
        # numpy releases the GIL: on worker threads, several aggregates use several cores.
        rows = await run_in_threadpool(facts.aggregate, by, query)
    else:
        rows = await run_in_threadpool(lambda: _store(request).aggregate(by, query))
    return _keep(
        request,
        {
            "by": by,
            "rows": [render.bucket_dict(b) for b in rows],
            "events": sum(b.events for b in rows),
            "fatalities": sum(b.fatalities for b in rows),
        },
    )


@router.get(
    "/corrections",
    summary="Analysts' corrections, oldest first: where each applies, or `unmatched` when no event of "
    "its article's current version matches it",
    dependencies=[known_params("status", "article_id")],
)
def list_corrections(
    request: Request,
    status: Annotated[Literal["applied", "unmatched"] | None, Query()] = None,
    article_id: Annotated[str | None, Query(max_length=500)] = None,
) -> Any:
    store = _store(request)
    return _json({"corrections": [c.to_dict() for c in store.corrections(article_id, status)]})


@router.get("/taxonomy", summary="ACLED event types and their sub-event types")
def taxonomy() -> Any:
    from frontwire.taxonomy import _taxonomy

    return _json({"event_types": _taxonomy()})


@router.get("/stats", summary="What the store holds")
def stats(request: Request) -> Any:
    store = _store(request)
    body = render.stats_dict(store.stats())
    facts: EventFacts | None = request.app.state.facts
    body["columns_in_memory"] = bool(facts and facts.ready)
    if facts is not None and facts.error:
        body["columns_error"] = facts.error
    return _json(body)


# ---- writes (bearer token) ---------------------------------------------------------------------


async def require_token(request: Request) -> None:
    """401 without credentials, 403 with wrong ones or when the server has no token configured."""
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(403, "write endpoints are disabled: start the server with --token")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    import hmac

    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(403, "invalid token")


class ArticleIn(BaseModel):
    """An article to ingest: the contract's article object (`text` or `html` required)."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, min_length=1, max_length=200)
    text: str | None = None
    html: str | None = None
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=40)
    source: str | None = Field(None, max_length=300)
    url: str | None = Field(None, max_length=2000)
    language: str | None = Field(None, max_length=20)

    @model_validator(mode="after")
    def _has_text(self) -> ArticleIn:
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError("an article needs `text` or `html`")
        return self


@router.post(
    "/articles",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Ingest one article (extract, store, fuse); needs the server's token",
)
def post_article(request: Request, article: ArticleIn) -> Any:
    store = _store(request)
    limit: int = request.app.state.max_bytes
    size = len((article.text or "").encode()) + len((article.html or "").encode())
    if size > limit:
        raise HTTPException(413, f"article is {size} bytes; the limit is {limit}")
    pipeline = pipeline_for(request.app.state, request.app.state.config)
    status, body = ingest_article(store, article.model_dump(), pipeline)
    request.app.state.cache.changed(store)
    return _json(body, status)


@router.patch(
    "/events/{event_id}",
    dependencies=[Depends(require_token)],
    summary="Correct fields of an event (applied to the reports behind it); needs the server's token",
)
def patch_event(
    request: Request, event_id: Annotated[str, Path(max_length=200)], correction: EventCorrection
) -> Any:
    store = _store(request)
    detail = store.get_event(event_id)
    if detail is None:
        raise HTTPException(404, f"no event {event_id!r}")
    outcome = apply_correction(store, detail, correction)
    request.app.state.cache.changed(store)
    new_detail = store.get_event(outcome["event_id"]) if outcome["event_id"] else None
    articles = (
        [a for a in (store.get_article(i) for i in new_detail.event.article_ids) if a is not None]
        if new_detail
        else []
    )
    body = render.detail_dict(new_detail, articles) if new_detail else {}
    body["correction"] = outcome
    return _json(body)
