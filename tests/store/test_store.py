"""The store interface on both backends: articles, reports, fusion bookkeeping, queries, changes."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from frontwire.store import EventQuery, open_store
from frontwire.store.base import ORDERS, Store
from frontwire.store.migrations import CURRENT_VERSION
from frontwire.store.records import event_json, search_text
from frontwire.types import Article, Claim, Report
from tests.store.factories import report


def put(store: Store, article_id: str, *reports: Report, text: str | None = None) -> None:
    with store.transaction():
        store.add_article(Article(id=article_id, text=text or f"text {article_id}"), None, f"h-{article_id}")
        store.replace_reports(article_id, reports)


def test_store_migrate_is_idempotent(store: Store) -> None:
    assert store.schema_version() == CURRENT_VERSION
    assert store.migrate() == CURRENT_VERSION
    assert store.stats().schema_version == CURRENT_VERSION


def test_store_reopen_keeps_data(store_url: str) -> None:
    with open_store(store_url) as s:
        put(s, "a1", report("a1"))
    with open_store(store_url) as s:
        assert s.count_events() == 1
        assert s.article_hashes(["a1", "zz"]) == {"a1": "h-a1"}


def test_store_article_roundtrip(store: Store) -> None:
    article = Article(id="a1", text="raw", title="T", published="2020-07-04", source="SF", url="u")
    with store.transaction():
        store.add_article(article, None, "hash1")
        store.replace_reports("a1", [report("a1")])
    got = store.get_article("a1")
    assert got is not None
    assert (got.article.title, got.article.published, got.article.source, got.content_hash) == (
        "T",
        "2020-07-04",
        "SF",
        "hash1",
    )
    assert got.article.text == "raw"
    assert len(got.report_ids) == 1 and len(got.event_ids) == 1
    assert store.article_with_hash("hash1") == "a1"
    assert store.get_article("nope") is None
    assert [a.article.id for a in store.articles()] == ["a1"]


def test_store_fuses_reports_of_one_event_across_articles(store: Store) -> None:
    put(store, "a1", report("a1", fatalities=5, source="South Front"))
    put(store, "a2", report("a2", fatalities=3, place="abdi", geo_precision=2, source="ANHA"))
    events = store.events()
    assert len(events) == 1
    event = events[0]
    assert set(event.article_ids) == {"a1", "a2"}
    assert event.fatalities == 3  # conservative
    assert sorted((f.value, f.article_id) for f in event.fatalities_reported) == [(3, "a2"), (5, "a1")]
    assert event.source == "ANHA; South Front"
    assert event.location == "Tell Abyad"  # the more precise report's place
    detail = store.get_event(event.event_id)
    assert detail is not None
    assert {r.article_id for r in detail.reports} == {"a1", "a2"}
    assert all(r.report.evidence for r in detail.reports)


def test_store_same_reports_again_change_nothing(store: Store) -> None:
    put(store, "a1", report("a1"))
    put(store, "a2", report("a2"))
    before = {e.event_id: e for e in store.events()}
    stamps = store.event_timestamps(list(before))
    with store.transaction():
        outcome = store.replace_reports("a2", [report("a2")])
    assert outcome.new_events == () and outcome.changed_events == () and outcome.deleted_events == ()
    assert {e.event_id: e for e in store.events()} == before
    assert store.event_timestamps(list(before)) == stamps


def test_store_correction_splits_a_wrong_merge(store: Store) -> None:
    put(store, "a1", report("a1"))
    put(store, "a2", report("a2"))
    (merged,) = store.events()
    put(store, "a2", report("a2", day="2020-07-09"))  # the corrected version: another day
    events = {e.article_ids: e for e in store.events()}
    assert set(events) == {("a1",), ("a2",)}
    assert events[("a1",)].event_id == merged.event_id  # the surviving event keeps its id


def test_store_correction_merges_two_events_and_records_deletion(store: Store) -> None:
    put(store, "a1", report("a1", actors=("turkey_army", "sdf")))
    put(store, "a2", report("a2", actors=("syria_army", "sdf")))
    put(store, "a4", report("a4", actors=("sdf",)))  # compatible with both; joins one
    assert store.count_events() == 2
    since = datetime.now(UTC) - timedelta(seconds=1)
    put(store, "a2", report("a2", actors=("turkey_army", "sdf")))
    (event,) = store.events()
    assert set(event.article_ids) == {"a1", "a2", "a4"}
    changes = store.changes(since)
    assert [d.reason for d in changes.deletions] == ["merged"]
    assert changes.deletions[0].merged_into == event.event_id
    assert [e.event_id for e in changes.events] == [event.event_id]


def test_store_retract_article_deletes_its_events(store: Store) -> None:
    put(store, "a1", report("a1"))
    put(store, "a2", report("a2", day="2020-07-20"))
    gone = store.events(EventQuery(date_from=date(2020, 7, 20)))[0].event_id
    outcome = store.retract_article("a2")
    assert outcome.deleted_events == (gone,)
    assert store.get_event(gone) is None
    assert store.get_article("a2") is None
    assert [(d.event_id, d.reason) for d in store.changes().deletions] == [(gone, "retracted")]


def test_store_keeps_near_misses_apart(store: Store) -> None:
    put(store, "a1", report("a1", day="2020-07-02"))
    put(store, "a2", report("a2", day="2020-07-05"))  # same place, another day
    put(store, "a3", report("a3", place="ain_issa"))  # same day, another town 35 km away
    put(store, "a4", report("a4", sub="Armed clash", event_type="Battles"))  # another kind of event
    assert store.count_events() == 4


def test_store_rollback_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(Article(id="a1", text="t"), None, "h")
        store.replace_reports("a1", [report("a1")])
        raise RuntimeError("killed")
    assert store.count_events() == 0
    assert store.get_article("a1") is None


@pytest.fixture
def filled(store: Store) -> Store:
    claim = Claim("pro-opposition media", "up to 10 soldiers were killed", "unconfirmed")
    put(store, "s1", report("s1", fatalities=4, notes="Turkish shelling on Tell Abyad countryside"))
    put(store, "s2", report("s2", sub="Air/drone strike", day="2020-07-10", place="maarat",
                            actors=("russia_air", "hts"), fatalities=12, claims=(claim,)))  # fmt: skip
    put(store, "s3", report("s3", sub="Armed clash", event_type="Battles", day="2020-08-01",
                            place="saraqib", actors=("syria_army", "hts")))  # fmt: skip
    put(store, "i1", report("i1", sub="Armed clash", event_type="Battles", day="2020-07-15",
                            place="mosul", actors=("iraq_army", "isis"), fatalities=2))  # fmt: skip
    return store


def _locations(store: Store, q: EventQuery) -> set[str | None]:
    return {e.location for e in store.events(q)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(country="Syria"), {"Tell Abyad", "Maarat al-Numan", "Saraqib"}),
        (EventQuery(country="IQ"), {"Mosul"}),
        (EventQuery(country="IRQ"), {"Mosul"}),
        (EventQuery(admin1="idlib"), {"Maarat al-Numan", "Saraqib"}),
        (EventQuery(near=(35.65, 36.68), within_km=10), {"Maarat al-Numan"}),
        (EventQuery(near=(35.65, 36.68), within_km=40), {"Maarat al-Numan", "Saraqib"}),
        (EventQuery(date_from=date(2020, 7, 10), date_to=date(2020, 7, 31)), {"Maarat al-Numan", "Mosul"}),
        (EventQuery(event_type="Battles"), {"Saraqib", "Mosul"}),
        (EventQuery(sub_event_type="Air/drone strike"), {"Maarat al-Numan"}),
        (EventQuery(actor="hayat tahrir"), {"Maarat al-Numan", "Saraqib"}),
        (EventQuery(actor="50%_"), set()),
        (EventQuery(min_fatalities=4), {"Tell Abyad", "Maarat al-Numan"}),
        (EventQuery(text="countryside"), {"Tell Abyad"}),
        (EventQuery(text="soldiers were killed"), {"Maarat al-Numan"}),
        (EventQuery(country="Syria", event_type="Battles", date_from=date(2020, 7, 1)), {"Saraqib"}),
    ],
)
def test_store_events_filters(filled: Store, query: EventQuery, expected: set[str]) -> None:
    assert _locations(filled, query) == expected
    assert filled.count_events(query) == len(expected)


def test_store_events_order_limit_offset(filled: Store) -> None:
    dates = [e.event_date for e in filled.events(EventQuery(order="event_date"))]
    assert dates == sorted(dates)
    page = filled.events(EventQuery(order="-event_date", limit=2, offset=1))
    assert [e.event_date for e in page] == sorted(dates, reverse=True)[1:3]
    top = filled.events(EventQuery(order="-fatalities", limit=1))
    assert top[0].fatalities == 12
    assert [e.event_id for e in filled.iter_events()] == [e.event_id for e in filled.events()]


def test_store_aggregates(filled: Store) -> None:
    by_type = {b.key: (b.events, b.fatalities) for b in filled.aggregate("event_type")}
    assert by_type == {"Battles": (2, 2), "Explosions/Remote violence": (2, 16)}
    weeks = filled.aggregate("week")
    assert [b.key for b in weeks] == ["2020-06-29", "2020-07-06", "2020-07-13", "2020-07-27"]
    days = filled.aggregate("day", EventQuery(country="Syria"))
    assert [(b.key, b.events) for b in days] == [("2020-07-02", 1), ("2020-07-10", 1), ("2020-08-01", 1)]
    assert [b.key for b in filled.aggregate("month")] == ["2020-07-01", "2020-08-01"]
    by_admin1 = {b.key: b.events for b in filled.aggregate("admin1")}
    assert by_admin1 == {"Idlib": 2, "Ar-Raqqah": 1, "Nineveh": 1}


def test_store_actors_and_places(filled: Store) -> None:
    actors = {a.name: a.events for a in filled.actors()}
    assert actors["HTS: Hayat Tahrir al-Sham"] == 2
    assert actors["Military Forces of Iraq (2014-)"] == 1
    places = filled.places(EventQuery(country="SY"))
    assert {p.name for p in places} == {"Tell Abyad", "Maarat al-Numan", "Saraqib"}
    assert all(p.latitude is not None for p in places)


def test_store_get_event_with_claims(filled: Store) -> None:
    (event,) = filled.events(EventQuery(sub_event_type="Air/drone strike"))
    detail = filled.get_event(event.event_id)
    assert detail is not None
    assert detail.event.claims[0].certainty == "unconfirmed"
    assert detail.reports[0].report.claims == event.claims
    assert detail.created_at <= detail.updated_at
    assert filled.get_event("missing") is None


def test_store_changes_since(filled: Store) -> None:
    everything = filled.changes()
    assert len(everything.events) == 4 and everything.deletions == ()
    later = filled.changes(everything.until)
    assert later.events == ()
    put(filled, "s4", report("s4", day="2020-07-02", fatalities=1))  # merges into s1's event
    newer = filled.changes(everything.until)
    assert [set(e.article_ids) for e in newer.events] == [{"s1", "s4"}]


def test_store_stats(filled: Store) -> None:
    stats = filled.stats()
    assert (stats.articles, stats.reports, stats.events) == (4, 4, 4)
    assert (stats.first_date, stats.last_date) == ("2020-07-02", "2020-08-01")
    assert stats.actors >= 6 and stats.places == 4
    assert stats.backend in ("sqlite", "postgresql")


def test_store_load_events_roundtrip(store: Store) -> None:
    from frontwire.fuse import event_from_reports

    events = [
        event_from_reports([report("x", day=f"2021-01-{d:02d}")], event_id=f"e{d}") for d in range(1, 11)
    ]
    assert store.load_events(events) == 10
    assert store.load_events([replace(events[0], fatalities=9)]) == 1
    got = {e.event_id: e for e in store.events()}
    assert got["e2"] == events[1]
    assert got["e1"].fatalities == 9
    assert store.count_events(EventQuery(country="SY", date_from=date(2021, 1, 5))) == 6


def test_store_one_store_many_threads(store: Store) -> None:
    import threading

    errors: list[BaseException] = []

    def work(prefix: str) -> None:
        try:
            for i in range(5):
                put(
                    store,
                    f"{prefix}{i}",
                    report(f"{prefix}{i}", day=f"2020-0{1 + i}-{10 + 10 * (prefix == 'x')}"),
                )
                store.events(EventQuery(limit=5))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(p,)) for p in ("x", "y")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.stats().articles == 10
    assert store.count_events() == 10


def test_store_iter_event_columns_match_events(filled: Store) -> None:
    from frontwire.store import EventColumns

    everything = {c.event_id: c for c in filled.iter_event_columns()}
    events = filled.events()
    assert everything == {e.event_id: EventColumns.of(e) for e in events}
    assert all(isinstance(c.event_date, str) for c in everything.values())  # ISO on both backends
    q = EventQuery(date_from=date(2020, 7, 3), limit=2, order="event_date")
    assert [c.event_id for c in filled.iter_event_columns(q)] == [e.event_id for e in filled.events(q)]


def test_store_events_by_id_keeps_order_and_skips_unknown(filled: Store) -> None:
    ids = [e.event_id for e in filled.events(EventQuery(order="event_date"))]
    asked = [ids[2], "no-such-event", ids[0], ids[2]]
    got = filled.events_by_id(asked)
    assert [e.event_id for e in got] == [ids[2], ids[0], ids[2]]
    assert got[1] == filled.events(EventQuery(order="event_date"))[0]
    assert filled.events_by_id([]) == []


def test_store_admin1_filter_folds_non_ascii_case(store: Store) -> None:
    from frontwire.fuse import event_from_reports

    event = replace(event_from_reports([report("x")], event_id="e1"), admin1="Ḥimṣ Province")
    store.load_events([event])
    assert [e.event_id for e in store.events(EventQuery(admin1="ḤIMṢ PROVINCE"))] == ["e1"]
    assert store.count_events(EventQuery(admin1="Ḥimṣ")) == 0


_OLD_INDEXES = (  # what versions 1 and 2 had, before migration 4 added the event id to each
    ("events_iso_type_day", "events_iso_type_date", "iso, event_type, event_date"),
    ("events_iso_day", "events_iso_date", "iso, event_date"),
    ("events_type_day", "events_type_date", "event_type, event_date"),
    ("events_sub_day", "events_sub_date", "sub_event_type, event_date"),
    ("events_day", "events_date", "event_date"),
    ("events_admin1_day", "events_admin1_key", "admin1_key, event_date"),
    ("events_updated_id", "events_updated", "updated_at"),
)


def rewind_full_text(s: Store) -> None:
    """Undo migrations 7 to 5: the searchable text column back and filled, no words column, no full-text
    index, no corrections table."""
    searchable = [(search_text(e), e.event_id) for e in s.iter_events()]
    with s.transaction():
        s._run("ALTER TABLE events ADD COLUMN search_text TEXT NOT NULL DEFAULT ''")  # type: ignore[attr-defined]
        s._run_many("UPDATE events SET search_text = ? WHERE event_id = ?", searchable)  # type: ignore[attr-defined]
        for statement in (
            "DROP TABLE IF EXISTS events_fts",
            "DROP TRIGGER IF EXISTS events_fts_insert",
            "DROP TRIGGER IF EXISTS events_fts_delete",
            "DROP TRIGGER IF EXISTS events_fts_update",
            "DROP INDEX IF EXISTS events_search",
        ):
            if s.backend == "sqlite" or "TRIGGER" not in statement:
                s._run(statement)  # type: ignore[attr-defined]
        if s.backend == "postgresql":
            s._run("ALTER TABLE events DROP COLUMN search_tsv")  # type: ignore[attr-defined]
        s._run("ALTER TABLE events DROP COLUMN search_words")  # type: ignore[attr-defined]
        s._run("DROP TABLE corrections")  # type: ignore[attr-defined]
        s._run("DELETE FROM schema_migrations WHERE version > 4")  # type: ignore[attr-defined]


def _rewind_to_version_2(s: Store) -> None:
    """Undo migrations 6 to 3: the old indexes back, no stored event JSON."""
    rewind_full_text(s)
    with s.transaction():
        for new, old, columns in _OLD_INDEXES:
            s._run(f"DROP INDEX IF EXISTS {new}")  # type: ignore[attr-defined]
            s._run(f"CREATE INDEX {old} ON events ({columns})")  # type: ignore[attr-defined]
        s._run("ALTER TABLE events DROP COLUMN event_json")  # type: ignore[attr-defined]
        s._run("DELETE FROM schema_migrations WHERE version > 2")  # type: ignore[attr-defined]


def test_store_migration_2_upgrades_a_version_1_store(store_url: str) -> None:
    from frontwire.fuse import event_from_reports

    with open_store(store_url) as s:
        event = replace(event_from_reports([report("x")], event_id="e1"), admin1="Ḥimṣ Province")
        s.load_events([event, replace(event, event_id="e2", admin1=None)])
        _rewind_to_version_2(s)
        with s.transaction():  # back to what version 1 left: no key column, the old index
            s._run("DROP INDEX IF EXISTS events_admin1_key")  # type: ignore[attr-defined]
            s._run("ALTER TABLE events DROP COLUMN admin1_key")  # type: ignore[attr-defined]
            s._run("CREATE INDEX events_admin1 ON events (admin1, event_date)")  # type: ignore[attr-defined]
            s._run("DELETE FROM schema_migrations WHERE version = 2")  # type: ignore[attr-defined]
        assert s.schema_version() == 1
    with open_store(store_url) as s:
        assert s.schema_version() == CURRENT_VERSION
        assert [e.event_id for e in s.events(EventQuery(admin1="ḥimṣ province"))] == ["e1"]
        names = s._index_names()  # type: ignore[attr-defined]
        assert "events_admin1_day" in names and not {"events_admin1", "events_admin1_key"} & names


def _stored_json(store: Store) -> dict[str, str | None]:
    """The event JSON column as written (not through `event_json_by_id`, which renders a missing one)."""
    rows = store._run("SELECT event_id, event_json FROM events").fetchall()  # type: ignore[attr-defined]
    return {r[0]: r[1] for r in rows}


def _rendered_json(store: Store) -> dict[str, str]:
    return {e.event_id: event_json(e) for e in store.events()}


def test_store_migrations_3_and_4_fill_event_json_and_order_indexes(store_url: str) -> None:
    from frontwire.fuse import event_from_reports

    with open_store(store_url) as s:
        put(s, "a1", report("a1", fatalities=3))
        events = [event_from_reports([report("x", day=f"2021-01-{d:02d}")], event_id=f"e{d}") for d in (1, 2)]
        s.load_events(events)
        _rewind_to_version_2(s)
        assert s.schema_version() == 2
    with open_store(store_url) as s:
        assert s.schema_version() == CURRENT_VERSION
        assert _stored_json(s) == _rendered_json(s) and len(_stored_json(s)) == 3
        names = s._index_names()  # type: ignore[attr-defined]
        assert {"events_iso_type_day", "events_day", "events_updated_id"} <= names
        assert not {old for _, old, _ in _OLD_INDEXES} & names


def test_store_event_json_equals_event_to_dict(filled: Store) -> None:
    """The JSON kept with each event is `Event.to_dict` encoded as the API encodes it, byte for byte."""
    from frontwire.types import Evidence, FatalityFigure

    base = filled.events(EventQuery(order="event_date"))[0]
    rich = replace(
        base,
        event_id="rich-1",
        notes="Frappes près d'Alep — «non confirmé»",
        assoc_actor_1=("Militia A", "Militia B"),
        civilian_targeting=True,
        confidence=0.123456,
        fatalities_reported=(
            FatalityFigure(value=None, low=3, high=10, kind="killed_or_injured", claimant="medics"),
            FatalityFigure(value=2, low=None, high=None, article_id="s1", start=4, end=9, text="two"),
        ),
        claims=(Claim(claimant=None, text="sources say", certainty="reported", start=1, end=5),),
        evidence=(*base.evidence, Evidence("s1", 0, 4, "Alep", "location")),
    )
    filled.load_events([rich])
    ids = [e.event_id for e in filled.events(EventQuery(order="event_date"))]

    def encode(d: dict[str, object]) -> str:
        return json.dumps(d, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    got = filled.event_json_by_id([ids[-1], "no-such-event", *ids])
    assert got == {e.event_id: encode(e.to_dict()) for e in filled.events()}
    assert json.loads(got["rich-1"])["notes"] == "Frappes près d'Alep — «non confirmé»"
    assert _stored_json(filled) == got  # read from the column, not rendered on the way out
    q = EventQuery(country="Syria", limit=2, offset=1)
    assert filled.events_json(q) == [encode(e.to_dict()) for e in filled.events(q)]
    assert filled.event_json_by_id([]) == {}


def test_store_event_json_follows_every_write(store: Store) -> None:
    """Ingest, fusion with another article, a merge, a correction, a retraction and a bulk load each
    leave every event's stored JSON equal to the event."""
    from frontwire.fuse import event_from_reports

    put(store, "a1", report("a1", fatalities=5, actors=("turkey_army", "sdf")))
    assert _stored_json(store) == _rendered_json(store)
    put(store, "a2", report("a2", fatalities=3, place="abdi", geo_precision=2))  # fused into a1's event
    (fused,) = store.events()
    assert set(json.loads(_stored_json(store)[fused.event_id])["article_ids"]) == {"a1", "a2"}
    put(store, "a3", report("a3", actors=("syria_army", "sdf"), day="2020-07-03"))
    put(store, "a3", report("a3", actors=("turkey_army", "sdf")))  # corrected version: merges in
    assert store.count_events() == 1 and _stored_json(store) == _rendered_json(store)
    with store.transaction():
        store.replace_reports("a2", [report("a2", fatalities=1, place="abdi", geo_precision=2)])
    assert json.loads(_stored_json(store)[fused.event_id])["fatalities"] == 1
    assert _stored_json(store) == _rendered_json(store)
    store.retract_article("a2")
    assert _stored_json(store) == _rendered_json(store)
    store.load_events([replace(event_from_reports([report("x")], event_id="bulk-1"), notes="loaded")])
    store.load_events([replace(event_from_reports([report("x")], event_id="bulk-1"), notes="reloaded")])
    assert json.loads(_stored_json(store)["bulk-1"])["notes"] == "reloaded"
    assert _stored_json(store) == _rendered_json(store)


def test_store_corrected_reports_keep_their_event_id(store: Store) -> None:
    """Reports corrected in place (another day, type and toll: a new report key) stay the same event."""
    put(store, "a1", report("a1", fatalities=2))
    put(store, "b1", report("b1", day="2020-08-10", place="mosul", actors=("iraq_army", "isis")))
    put(store, "b2", report("b2", day="2020-08-10", place="mosul", actors=("iraq_army", "isis")))
    single = store.events(EventQuery(country="SY"))[0].event_id
    double = store.events(EventQuery(country="IQ"))[0].event_id
    with store.transaction():
        store.replace_reports("a1", [report("a1", day="2020-07-04", fatalities=6, sub="Air/drone strike")])
    with store.transaction():  # the API corrects an event article by article
        for article_id in ("b1", "b2"):
            store.replace_reports(
                article_id,
                [
                    report(
                        article_id,
                        day="2020-08-11",
                        place="mosul",
                        actors=("iraq_army", "isis"),
                        fatalities=4,
                    )
                ],
            )
    got = {e.event_id: e for e in store.events()}
    assert set(got) == {single, double}
    assert (got[single].event_date, got[single].fatalities) == ("2020-07-04", 6)
    assert (got[double].event_date, got[double].fatalities, len(got[double].article_ids)) == (
        "2020-08-11",
        4,
        2,
    )
    assert store.changes().deletions == ()


def test_store_count_stops_at_the_cap(store: Store) -> None:
    """`count_events(cap=N)` reads at most N + 1 matches: exact up to N, N + 1 meaning "more"."""
    put(store, "a1", report("a1", day="2020-07-02"))
    put(store, "a2", report("a2", day="2020-07-05"))
    put(store, "a3", report("a3", place="ain_issa"))
    put(store, "a4", report("a4", sub="Armed clash", event_type="Battles", actors=("hts", "civilians")))
    turkey = EventQuery(actor="turkey")
    assert store.count_events(turkey) == 3
    assert store.count_events(turkey, cap=1) == 2
    assert store.count_events(turkey, cap=2) == 3
    assert [store.count_events(turkey, cap=n) for n in (3, 4, 100)] == [3, 3, 3]
    assert store.count_events(cap=3) == 4
    assert store.count_events(EventQuery(actor="nobody"), cap=5) == 0


@pytest.mark.parametrize("order", ORDERS)
def test_store_counted_page_equals_the_ordered_page(store: Store, order: str) -> None:
    """`events_json_counted` gives `events_json`'s page (same order, ties included) and the capped
    count, whether the matches fit under the cap (ordered among their ids) or not (read in order)."""
    days = ("2020-07-02", "2020-07-05", "2020-07-05", "2020-07-09")
    places = ("tell_abyad", "ain_issa", "mosul", "maarat")
    for k, (day, place) in enumerate(zip(days, places, strict=True)):
        put(store, f"a{k}", report(f"a{k}", day=day, place=place, fatalities=k % 2))
    put(store, "a9", report("a9", actors=("hts", "civilians"), place="saraqib"))
    turkey = EventQuery(actor="turkey", order=order)  # type: ignore[arg-type]
    for limit, offset in ((2, 0), (2, 2), (10, 0), (10, 3), (None, 1)):
        page = replace(turkey, limit=limit, offset=offset)
        expected = store.events_json(page)
        assert store.events_json_counted(page, cap=10) == (expected, 4)
        assert store.events_json_counted(page, cap=2) == (expected, 3)
    assert store.events_json_counted(EventQuery(actor="nobody", limit=5), cap=3) == ([], 0)
