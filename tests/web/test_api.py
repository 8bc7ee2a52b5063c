"""The HTTP API over a real SQLite store built from hand-written reports (tests/web/corpus.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from frontwire.config import Config
from frontwire.store import open_store
from frontwire.store.base import EventQuery, Store
from frontwire.web.app import CSP, create_app
from frontwire.web.render import sentence_spans
from tests.web.conftest import TOKEN
from tests.web.corpus import HOSTILE_ID, build_store


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store, token=TOKEN)) as c:
        yield c


@pytest.fixture(scope="module")
def readonly(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as c:
        yield c


def _event_id(client: TestClient, **params: str) -> str:
    events = client.get("/api/events", params=params).json()["events"]
    assert len(events) == 1, events
    return str(events[0]["event_id"])


def test_api_events_lists_newest_first_with_total(client: TestClient) -> None:
    body = client.get("/api/events").json()
    dates = [e["event_date"] for e in body["events"]]
    assert body["total"] == len(dates) == 8
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("params", "locations"),
    [
        ({"country": "Nigeria"}, {"Maiduguri"}),
        ({"country": "IQ"}, {"Baghdad", "Basra"}),
        ({"admin1": "Homs"}, {"Palmyra", "Al Tanf"}),
        ({"event_type": "Protests"}, {"Baghdad"}),
        ({"sub_event_type": "Air/drone strike"}, {"Al Tanf", "Idlib"}),
        ({"actor": "boko haram"}, {"Maiduguri"}),
        ({"min_fatalities": "5"}, {"Idlib", "Maiduguri"}),
        ({"date_from": "2020-07-03", "date_to": "2020-07-05"}, {"Palmyra", "Abdi"}),
        ({"near": "34.56,38.28", "within_km": "30"}, {"Palmyra"}),
        ({"text": "tear gas"}, set()),
        ({"text": "tyres alight"}, {"Basra"}),
    ],
)
def test_api_events_filters(client: TestClient, params: dict[str, str], locations: set[str]) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    assert {e["location"] for e in response.json()["events"]} == locations


def test_api_events_pagination_keeps_total(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 3}).json()
    second = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert first["total"] == second["total"] == 8
    ids = [e["event_id"] for e in first["events"] + second["events"]]
    assert len(set(ids)) == 6


def test_api_events_geojson_is_a_feature_collection(client: TestClient) -> None:
    body = client.get("/api/events", params={"format": "geojson", "country": "Nigeria"}).json()
    assert body["type"] == "FeatureCollection"
    (feature,) = body["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [13.1603, 11.8464]}
    assert feature["properties"]["fatalities"] == 12


def test_api_events_points_are_compact_rows(client: TestClient) -> None:
    body = client.get("/api/events", params={"format": "points", "event_type": "Riots"}).json()
    assert body["fields"][:3] == ["event_id", "latitude", "longitude"]
    (row,) = body["points"]
    assert row[1:] == [30.5085, 47.7804, "Riots", 0, "2020-05-12", "IQ"]


@pytest.mark.parametrize(
    ("url", "status", "fragment"),
    [
        ("/api/events?date_from=2020-13-01", 400, "date_from"),
        ("/api/events?date_from=2020-07-05&date_to=2020-07-01", 400, "after"),
        ("/api/events?event_type=Battle", 400, "unknown event type"),
        ("/api/events?sub_event_type=Airstrike", 400, "unknown sub-event type"),
        ("/api/events?near=north", 400, "LAT,LON"),
        ("/api/events?near=95,10", 400, "outside"),
        ("/api/events?limit=-1", 400, "limit"),
        ("/api/events?limit=5000", 400, "at most"),
        ("/api/events?format=xml", 400, "format"),
        ("/api/events?contry=Syria", 400, "contry"),
        ("/api/aggregates?by=year", 400, "by"),
        ("/api/events/ev-nope", 404, "ev-nope"),
        ("/api/articles/nope", 404, "nope"),
        ("/api/nothing", 404, "/api/nothing"),
    ],
)
def test_api_errors_are_json_with_status(client: TestClient, url: str, status: int, fragment: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert fragment in response.json()["error"]


def test_api_event_detail_has_reports_claims_and_sentences(client: TestClient) -> None:
    event_id = _event_id(client, admin1="Homs", event_type="Battles")
    body = client.get(f"/api/events/{event_id}").json()
    event = body["event"]
    assert event["fatalities"] == 3  # the conservative figure, not the unconfirmed "up to 10"
    assert {c["certainty"] for c in event["claims"]} == {"reported", "unconfirmed"}
    assert {r["article_id"] for r in body["reports"]} == {"t-palmyra", "t-tanf"}
    by_id = {a["id"]: a for a in body["articles"]}
    cited = [s for s in by_id["t-palmyra"]["sentences"] if s["evidence"]]
    assert len(cited) == 1
    sentence = cited[0]
    for mark in sentence["evidence"]:
        assert sentence["start"] <= mark["start"] < mark["end"] <= sentence["end"]
    texts = {
        sentence["text"][m["start"] - sentence["start"] : m["end"] - sentence["start"]]
        for m in cited[0]["evidence"]
    }
    assert "killing three soldiers" in texts


def test_api_article_has_text_sentences_and_reports(client: TestClient) -> None:
    body = client.get("/api/articles/t-borno").json()
    assert body["text"].startswith("Boko Haram fighters")
    assert [s["text"][:10] for s in body["sentences"]] == ["Boko Haram", "The army s"]
    assert body["reports"][0]["fatalities"] == 12
    listing = client.get("/api/articles", params={"limit": 50}).json()["articles"]
    assert "t-borno" in {a["id"] for a in listing}
    assert all("text" not in a for a in listing)


def test_api_aggregates_by_day_week_type_admin1(client: TestClient) -> None:
    day = client.get("/api/aggregates", params={"by": "day", "country": "Syria"}).json()
    assert [r["key"] for r in day["rows"]] == sorted(r["key"] for r in day["rows"])
    assert day["events"] == 5
    week = client.get("/api/aggregates", params={"by": "week"}).json()
    assert all(r["key"] for r in week["rows"])
    assert sum(r["events"] for r in week["rows"]) == 8
    by_type = client.get("/api/aggregates", params={"by": "event_type"}).json()["rows"]
    assert by_type[0] == {"key": "Battles", "events": 3, "fatalities": 15}
    admin1 = client.get("/api/aggregates", params={"by": "admin1", "country": "SY"}).json()["rows"]
    assert {r["key"] for r in admin1} == {"Homs", "Idlib", "Ar-Raqqa"}


def test_api_actors_and_places(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"q": "islamic"}).json()["actors"]
    assert [a["name"] for a in actors] == ["Islamic State (Syria)"]
    places = client.get("/api/places", params={"country": "Iraq"}).json()["places"]
    assert {p["name"] for p in places} == {"Baghdad", "Basra"}


def test_api_security_headers_on_every_response(client: TestClient) -> None:
    for url in ("/", "/api/events", "/api/nothing", "/static/vendor/app.js", "/docs"):
        response = client.get(url)
        assert response.headers["content-security-policy"] == CSP, url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP
    assert "script-src 'self'" in CSP


def test_api_dashboard_has_no_inline_script_or_style(client: TestClient) -> None:
    for url in ("/", "/docs"):
        html = client.get(url).text
        assert "<style" not in html and " style=" not in html
        for line in html.splitlines():
            if "<script" in line:
                assert 'src="/static/' in line, line


def test_api_openapi_document_lists_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/aggregates", "/api/actors"):
        assert path in paths
    assert "patch" in paths["/api/events/{event_id}"]


def test_api_writes_need_the_token(client: TestClient, readonly: TestClient) -> None:
    body = {"text": "Police arrested ten protesters in Basra on May 14."}
    assert readonly.post("/api/articles", json=body).status_code == 403
    assert client.post("/api/articles", json=body).status_code == 401
    wrong = client.post("/api/articles", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert wrong.json()["error"] == "invalid token"
    event_id = _event_id(client, event_type="Riots")
    assert readonly.patch(f"/api/events/{event_id}", json={"fatalities": 1}).status_code == 403
    assert client.patch(f"/api/events/{event_id}", json={"fatalities": 1}).status_code == 401


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "nothing to correct"),
        ({"sub_event_type": "Riot"}, "unknown sub-event type"),
        ({"fatalities": -1}, "fatalities"),
        ({"latitude": 30.0}, "go together"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_api_patch_rejects_bad_corrections(
    client: TestClient, body: dict[str, object], fragment: str
) -> None:
    event_id = _event_id(client, event_type="Riots")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = client.patch(f"/api/events/{event_id}", json=body, headers=auth)
    assert response.status_code == 422
    assert fragment in response.json()["error"]


def test_api_patch_corrects_the_event(tmp_path: Path) -> None:
    own = open_store(tmp_path / "own.sqlite")
    build_store(own)
    client = TestClient(create_app(own, token=TOKEN))
    event_id = _event_id(client, event_type="Riots")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = client.patch(
        f"/api/events/{event_id}",
        json={"sub_event_type": "Mob violence", "fatalities": 2, "notes": "Corrected by an analyst."},
        headers=auth,
    )
    assert response.status_code == 200, response.text
    event = response.json()["event"]
    assert event["event_id"] == event_id == response.json()["correction"]["event_id"]
    assert (event["event_type"], event["sub_event_type"], event["fatalities"]) == ("Riots", "Mob violence", 2)
    again = client.get(f"/api/events/{event['event_id']}").json()["event"]
    assert again["fatalities"] == 2
    assert client.get("/api/events", params={"sub_event_type": "Violent demonstration"}).json()["total"] == 0
    client.close()
    own.close()


def test_api_post_article_validates_body(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/articles", json={"title": "no text"}, headers=auth).status_code == 422
    assert client.post("/api/articles", content=b"{not json", headers=auth).status_code == 422


def test_api_hostile_article_is_returned_as_data(client: TestClient) -> None:
    body = client.get(f"/api/articles/{HOSTILE_ID}").json()
    assert "<script>" in body["text"]  # stored as text; the dashboard must render it as text
    assert client.get(f"/api/articles/{HOSTILE_ID}").headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two three. Four?", ["One.", "Two three.", "Four?"]),
        (
            "Gen. Ali arrived in the U.S. Army base. Then he left.",
            ["Gen. Ali arrived in the U.S. Army base.", "Then he left."],
        ),
        ("Title line\n\nBody starts here. Ends.", ["Title line", "Body starts here.", "Ends."]),
        ('He said "stop." They left.', ['He said "stop."', "They left."]),
    ],
)
def test_render_sentence_spans(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in sentence_spans(text)] == sentences


def test_api_cache_follows_store_changes(tmp_path: Path) -> None:
    """Answers are cached, but a write through the API shows at once and one from another process
    (here: another store connection) within about a second."""
    import time

    from frontwire.types import Article
    from tests.web.corpus import BASRA, PROT_IQ, Draft, add_draft

    own = open_store(tmp_path / "own.sqlite")
    build_store(own)
    app = create_app(own, token=TOKEN)
    with TestClient(app) as client:
        event_id = _event_id(client, event_type="Riots")
        before = client.get(f"/api/events/{event_id}").json()["event"]
        assert client.get(f"/api/events/{event_id}").json()["event"] == before
        assert app.state.cache.hits >= 1
        auth = {"Authorization": f"Bearer {TOKEN}"}
        patched = client.patch(f"/api/events/{event_id}", json={"fatalities": 5}, headers=auth)
        assert patched.status_code == 200
        new_id = patched.json()["correction"]["event_id"]
        assert new_id == event_id  # a corrected event keeps its id
        assert client.get(f"/api/events/{new_id}").json()["event"]["fatalities"] == 5
        assert (
            client.get("/api/events", params={"event_type": "Riots"}).json()["events"][0]["fatalities"] == 5
        )

        assert client.get("/api/events", params={"country": "Iraq"}).json()["total"] == 2
        other = open_store(tmp_path / "own.sqlite")
        text = "Hundreds of protesters gathered peacefully in Basra on May 20 to demand water."
        article = Article(id="t-basra-2", text=text, title="Basra protest", published="2020-05-21")
        add_draft(
            other,
            Draft(
                article,
                [
                    dict(
                        event_type="Protests",
                        sub_event_type="Peaceful protest",
                        event_date=__import__("datetime").date(2020, 5, 20),
                        actor1=PROT_IQ,
                        place=BASRA,
                        confidence=0.9,
                        evidence=[("event", "gathered peacefully"), ("location", "Basra")],
                    )
                ],
            ),
        )
        other.close()
        deadline = time.monotonic() + 5
        while client.get("/api/events", params={"country": "Iraq"}).json()["total"] != 3:
            assert time.monotonic() < deadline, "the cache kept an answer after the store changed"
            time.sleep(0.2)
    own.close()


def test_api_post_article_ingests_with_the_real_pipeline(tmp_path: Path, nlp: object) -> None:
    own = open_store(tmp_path / "ingest.sqlite")
    article = {
        "id": "api-1",
        "title": "Clashes near Manbij",
        "published": "2020-07-10",
        "source": "Test Wire",
        "url": "https://example.org/api-1",
        "text": "Turkish-backed factions clashed with the SDF near Manbij on July 9, killing two fighters.",
    }
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(own, token=TOKEN, config=Config(data_dir=tmp_path))) as client:
        first = client.post("/api/articles", json=article, headers=auth)
        assert first.status_code == 201, first.text
        assert first.json()["status"] == "added"
        stored = client.get("/api/articles/api-1").json()
        assert stored["title"] == "Clashes near Manbij"
        assert stored["event_ids"] == first.json()["event_ids"]
        again = client.post("/api/articles", json=article, headers=auth)
        assert (again.status_code, again.json()["status"]) == (200, "unchanged")
        twin = client.post("/api/articles", json={**article, "id": "api-2"}, headers=auth)
        assert twin.status_code == 409
        assert "api-1" in twin.json()["error"]
        german = "Die Soldaten griffen am Dienstag das Dorf an und töteten zwei Menschen, sagten Zeugen."
        rejected = client.post("/api/articles", json={"id": "api-3", "text": german}, headers=auth)
        assert rejected.status_code == 422
    own.close()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"country": "Syria", "limit": "2", "offset": "1"},
        {"actor": "civilians", "limit": "1"},
        {"text": "protest"},
        {"order": "-fatalities", "limit": "3"},
        {"admin1": "Nowhere"},
    ],
)
def test_api_event_list_from_the_store_equals_rendered_events(store: Store, params: dict[str, str]) -> None:
    """Without the in-memory columns (as before they load, or for actor/text filters and other orders),
    the list page is spliced from the store's event JSON: the same bytes as encoding the page's events."""
    import json

    with TestClient(create_app(store, in_memory=False)) as c:
        got = c.get("/api/events", params=params)
    assert got.status_code == 200, got.text
    limit, offset = int(params.get("limit", 100)), int(params.get("offset", 0))
    filters = {k: v for k, v in params.items() if k not in ("limit", "offset", "order")}
    query = EventQuery(**filters, limit=limit, offset=offset, order=params.get("order", "-event_date"))
    expected = {
        "total": store.count_events(EventQuery(**filters)),
        "total_capped": False,
        "limit": limit,
        "offset": offset,
        "events": [e.to_dict() for e in store.events(query)],
    }
    assert got.content == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode()


def test_api_corrected_event_survives_reingest(tmp_path: Path, nlp: object) -> None:
    """An event corrected through the API keeps its id; ingesting the same article again, through the
    API or as `frontwire ingest` does, neither undoes the correction nor adds an event; a changed version
    keeps it too, and one that no longer tells the event keeps it as unmatched."""
    from frontwire.read.jsonl import article_from_object
    from frontwire.store.ingest import ingest_articles
    from frontwire.store.records import event_json

    own = open_store(tmp_path / "corrected.sqlite")
    article = {
        "id": "fix-1",
        "title": "Shelling near Tal Tamr",
        "published": "2020-07-09",
        "source": "Test Wire",
        "text": "Turkish forces shelled the village of Umm al-Kayf near Tal Tamr on Wednesday, July 8, "
        "killing one civilian, local sources said.",
    }
    auth = {"Authorization": f"Bearer {TOKEN}"}
    config = Config(data_dir=tmp_path)
    with TestClient(create_app(own, token=TOKEN, config=config)) as client:
        posted = client.post("/api/articles", json=article, headers=auth)
        assert posted.status_code == 201, posted.text
        (event_id,) = posted.json()["event_ids"]
        patch = {"fatalities": 3, "notes": "Analyst: three civilians killed."}
        fixed = client.patch(f"/api/events/{event_id}", json=patch, headers=auth)
        assert fixed.status_code == 200, fixed.text
        assert fixed.json()["correction"]["event_id"] == event_id == fixed.json()["event"]["event_id"]

        def listed() -> list[dict[str, object]]:
            return list(client.get("/api/events").json()["events"])

        assert [(e["event_id"], e["fatalities"], e["notes"]) for e in listed()] == [
            (event_id, 3, "Analyst: three civilians killed.")
        ]
        again = client.post("/api/articles", json=article, headers=auth)
        assert (again.status_code, again.json()["status"], again.json()["event_ids"]) == (
            200,
            "unchanged",
            [event_id],
        )
        summary = ingest_articles([article_from_object(article, "test")], own, None, config)
        assert (summary.unchanged, summary.added, summary.updated) == (1, 0, 0)
        assert [(e["event_id"], e["fatalities"]) for e in listed()] == [(event_id, 3)]
        # A changed version (a paragraph before the sentence, the toll now two) is extracted afresh; the
        # analyst's correction is laid over the report telling the same event.
        changed = {
            **article,
            "text": "Residents fled the area overnight. " + article["text"].replace("one", "two"),
        }
        again = client.post("/api/articles", json=changed, headers=auth)
        assert (again.status_code, again.json()["status"], again.json()["event_ids"]) == (
            200,
            "updated",
            [event_id],
        )
        assert [(e["event_id"], e["fatalities"], e["notes"]) for e in listed()] == [
            (event_id, 3, "Analyst: three civilians killed.")
        ]
        (correction,) = client.get("/api/corrections").json()["corrections"]
        assert (correction["status"], correction["event_id"], correction["fields"]) == (
            "applied",
            event_id,
            patch,
        )
        # A version that no longer tells that event keeps the correction, as unmatched.
        gone = {
            **article,
            "text": "Residents of Tal Tamr held a protest on Friday, July 10, local sources said.",
        }
        assert client.post("/api/articles", json=gone, headers=auth).status_code == 200
        unmatched = client.get("/api/corrections", params={"status": "unmatched"}).json()["corrections"]
        assert [c["correction_id"] for c in unmatched] == [correction["correction_id"]]
        assert all(e["fatalities"] != 3 for e in listed())
    stored = dict(own._run("SELECT event_id, event_json FROM events").fetchall())  # type: ignore[attr-defined]
    assert stored == {e.event_id: event_json(e) for e in own.events()}
    own.close()


def _list(c: TestClient, **params: str) -> tuple[int, bool, int]:
    """(total, total_capped, rows on the page) of one list request."""
    body = c.get("/api/events", params=params).json()
    return body["total"], body["total_capped"], len(body["events"])


def test_api_total_is_exact_under_the_count_cap_and_capped_over_it(store: Store) -> None:
    """A total the store must count (actor, text, near; columns not loaded) stops at the cap: exact when
    fewer match, else the cap with `total_capped`, so a filter matching much is not a full scan."""
    everything = store.count_events()
    actor = "forces"  # in the names of the Syrian, Russian and Nigerian militaries
    matching = store.count_events(EventQuery(actor=actor))
    assert everything >= 6 and 3 <= matching < everything
    with TestClient(create_app(store, in_memory=False, count_cap=2)) as c:
        assert _list(c, limit="1") == (2, True, 1)
        assert _list(c, actor=actor, limit="1") == (2, True, 1)
        # Past the cap, the count reaches at least the end of the requested page.
        assert _list(c, limit="1", offset="3") == (4, True, 1)
        # A short page shows where the matches end: exact, whatever the cap.
        assert _list(c, limit="100") == (everything, False, everything)
        assert _list(c, limit="2", offset=str(everything - 1)) == (everything, False, 1)
        # An offset past the last match has no page to go by: counted up to the offset, so exact.
        assert _list(c, actor=actor, limit="1", offset="50") == (matching, False, 0)
        for shape in ("geojson", "points"):
            body = c.get("/api/events", params={"actor": actor, "limit": "1", "format": shape}).json()
            assert (body["total"], body["total_capped"]) == (2, True)
    with TestClient(create_app(store, in_memory=False, count_cap=matching)) as c:
        assert _list(c, actor=actor, limit="1") == (matching, False, 1)
    with TestClient(create_app(store, in_memory=False, count_cap=matching - 1)) as c:
        assert _list(c, actor=actor, limit="1") == (matching - 1, True, 1)


def test_api_total_from_the_columns_is_exact_past_the_cap(store: Store) -> None:
    """The in-memory columns count any match cheaply: their totals are never capped."""
    import time

    app = create_app(store, count_cap=1)
    with TestClient(app) as c:
        deadline = time.monotonic() + 20
        while not app.state.facts.ready:
            assert time.monotonic() < deadline, "the columns did not load"
            time.sleep(0.05)
        assert _list(c, limit="1") == (store.count_events(), False, 1)
        assert _list(c, actor="forces", limit="1")[1] is True  # actor: the store counts


def test_api_openapi_documents_total_capped(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["responses"]["200"]
    fields = schema["content"]["application/json"]["schema"]["properties"]
    assert fields["total_capped"]["type"] == "boolean"
