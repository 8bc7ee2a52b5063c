"""The in-memory columns (web.facts) answer exactly as the store does, and follow its changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from frontwire.store import open_store
from frontwire.store.base import EventQuery, Store
from frontwire.web.facts import EventFacts, supports
from tests.web.corpus import add_draft, build_store, hostile_draft

QUERIES = [
    EventQuery(),
    EventQuery(country="Syria"),
    EventQuery(country="SY"),
    EventQuery(country="SYR"),
    EventQuery(country="Atlantis"),
    EventQuery(admin1="homs"),
    EventQuery(admin1="Nowhere"),
    EventQuery(event_type="Battles"),
    EventQuery(sub_event_type="Air/drone strike"),
    EventQuery(min_fatalities=3),
    EventQuery(date_from=date(2020, 6, 14), date_to=date(2020, 7, 3)),
    EventQuery(country="IQ", date_from=date(2020, 5, 11)),
    EventQuery(country="Syria", event_type="Explosions/Remote violence", date_to=date(2020, 7, 2)),
]
GROUPS = ["day", "week", "month", "event_type", "sub_event_type", "admin1", "country"]


@pytest.fixture(scope="module")
def loaded(store: Store) -> EventFacts:
    facts = EventFacts()
    facts.load(store)
    assert facts.ready, facts.error
    return facts


@pytest.mark.parametrize("query", QUERIES, ids=repr)
@pytest.mark.parametrize("by", GROUPS)
def test_facts_aggregate_equals_store(loaded: EventFacts, store: Store, query: EventQuery, by: str) -> None:
    assert loaded.aggregate(by, query) == store.aggregate(by, query)  # type: ignore[arg-type]


@pytest.mark.parametrize("query", QUERIES, ids=repr)
@pytest.mark.parametrize("order", ["-event_date", "event_date"])
@pytest.mark.parametrize("window", [(0, 1), (2, 5), (0, 10_000), (10_000, 5)])
def test_facts_page_ids_equal_store_in_both_orders(
    loaded: EventFacts, store: Store, query: EventQuery, order: str, window: tuple[int, int]
) -> None:
    offset, limit = window
    query = replace(query, order=order)
    events = store.events(replace(query, limit=limit, offset=offset))
    total, ids = loaded.page_ids(query, limit=limit, offset=offset)
    assert ids == [e.event_id for e in events]
    assert total == store.count_events(query)


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_facts_count_and_points_equal_store(loaded: EventFacts, store: Store, query: EventQuery) -> None:
    assert loaded.count(query) == store.count_events(query)
    total, points = loaded.points(query, limit=1000)
    events = store.events(replace(query, limit=1000))
    assert total == len(events)
    expected = [
        [e.event_id, e.latitude, e.longitude, e.event_type, e.fatalities, e.event_date, e.iso] for e in events
    ]
    assert points == expected  # same rows, same order (date, then event id)
    total, ids = loaded.page_ids(query, limit=3, offset=1)
    assert ids == [e.event_id for e in events[1:4]]


@pytest.mark.parametrize(
    ("query", "ok"),
    [
        (EventQuery(country="SY"), True),
        (EventQuery(actor="isis"), False),
        (EventQuery(text="strike"), False),
        (EventQuery(near=(34.5, 38.3)), False),
        (EventQuery(order="-fatalities"), False),
    ],
)
def test_facts_supports_only_column_filters(query: EventQuery, ok: bool) -> None:
    assert supports(query) is ok


def test_facts_apply_follows_changes(tmp_path: Path) -> None:
    store = open_store(tmp_path / "f.sqlite")
    build_store(store)
    facts = EventFacts()
    since = store.changes().until
    facts.load(store)
    riots = EventQuery(event_type="Riots")
    assert facts.count(riots) == 1
    article_id = store.events(riots)[0].article_ids[0]
    store.retract_article(article_id)
    facts.apply(store.changes(since=since))
    assert facts.count(riots) == 0
    assert facts.aggregate("event_type", EventQuery()) == store.aggregate("event_type", EventQuery())
    # New events are ranked in: pages still match the store's order exactly.
    since = store.changes().until
    add_draft(store, hostile_draft())
    facts.apply(store.changes(since=since))
    everything = EventQuery(limit=100)
    assert facts.points(everything, 100)[1] == [
        [e.event_id, e.latitude, e.longitude, e.event_type, e.fatalities, e.event_date, e.iso]
        for e in store.events(everything)
    ]
    store.close()


@pytest.mark.parametrize("query", QUERIES, ids=repr)
@pytest.mark.parametrize(
    "page", [("-event_date", 2, 0), ("-event_date", 2, 3), ("event_date", 3, 1)], ids=str
)
def test_facts_narrowed_query_gives_the_same_page(
    loaded: EventFacts, store: Store, query: EventQuery, page: tuple[str, int, int]
) -> None:
    order, limit, offset = page
    asked = replace(query, order=order, limit=limit, offset=offset)  # type: ignore[arg-type]
    total, narrowed = loaded.narrow(asked)
    expected = store.events(asked)
    assert total == store.count_events(query)
    got = store.events(narrowed) if narrowed is not None else []
    assert [e.event_id for e in got] == [e.event_id for e in expected]


def test_facts_incremental_rank_equals_full_rank() -> None:
    import random

    rng = random.Random(3)
    facts = EventFacts()
    facts._ids = [f"ev-{rng.randrange(10**6):06d}-{i}" for i in range(300)]
    facts._id_rank()
    for _ in range(5):
        new = [f"ev-{rng.randrange(10**6):06d}-n{len(facts._ids) + k}" for k in range(rng.randrange(1, 40))]
        facts._ids.extend(new)
        facts._extend_rank(new)
        incremental = facts._rank.copy()  # type: ignore[union-attr]
        facts._rank = None
        assert (facts._id_rank() == incremental).all()


def test_facts_stored_event_json_equals_rendered_events(store: Store) -> None:
    """List pages are spliced from the JSON the store keeps with each event: for every event of the
    sample store (hostile drafts included) it is byte for byte what `Event.to_dict` encodes to."""
    import json

    def encode(d: object) -> str:
        return json.dumps(d, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    ids = [e.event_id for e in store.events()]
    assert ids
    assert store.event_json_by_id(ids) == {e.event_id: encode(e.to_dict()) for e in store.events_by_id(ids)}


def test_facts_event_list_api_equals_store_and_follows_changes(tmp_path: Path) -> None:
    """With the columns ready, /api/events is spliced from the stored per-event JSON: same body as the
    store's page, and a change made through the API shows at once (the event JSON is not kept)."""
    import json
    import time

    from fastapi.testclient import TestClient

    from frontwire.web.app import create_app

    store = open_store(tmp_path / "f.sqlite")
    build_store(store)
    with TestClient(create_app(store, token="t0ken-for-the-test")) as client:
        deadline = time.monotonic() + 30
        while not client.get("/api/stats").json()["columns_in_memory"] and time.monotonic() < deadline:
            time.sleep(0.05)
        params = {"country": "Syria", "limit": "3", "offset": "1"}
        got = client.get("/api/events", params=params)
        query = EventQuery(country="Syria", limit=3, offset=1)
        expected = {
            "total": store.count_events(query),
            "total_capped": False,
            "limit": 3,
            "offset": 1,
            "events": [e.to_dict() for e in store.events(query)],
        }
        assert got.json() == expected
        assert got.content == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode()
        first = expected["events"][0]["event_id"]
        client.get("/api/events", params={"country": "Syria", "limit": "100"})  # cached before the change
        auth = {"Authorization": "Bearer t0ken-for-the-test"}
        fixed = client.patch(f"/api/events/{first}", json={"fatalities": 77}, headers=auth)
        assert fixed.status_code == 200, fixed.text
        now_id = fixed.json()["correction"]["event_id"]
        assert now_id == first  # a corrected event stays the same event
        again = client.get("/api/events", params={"country": "Syria", "min_fatalities": "77"}).json()
        assert [e["event_id"] for e in again["events"]] == [now_id]
        assert again["events"][0]["fatalities"] == 77
        listed = client.get("/api/events", params={"country": "Syria", "limit": "100"}).json()["events"]
        assert next(e for e in listed if e["event_id"] == now_id)["fatalities"] == 77
    store.close()
