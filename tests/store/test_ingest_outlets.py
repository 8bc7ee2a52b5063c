"""The outlets' home regions in the store: an ingest split into runs reads as one run would (both backends).

The geoparser learns a local outlet's state from its earlier stories' sure places and reads a later
story's bare "Athens" there (extract/place_home.py). Each run below starts as a new process does, with
nothing learnt (`finder.homes = SourceHomes()`); only the store carries the memory from run to run.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import pytest

from frontwire.config import Config
from frontwire.extract.pipeline import Pipeline
from frontwire.extract.place_home import OutletVotes, SourceHomes, SureReading
from frontwire.store import OutletHomeRow, open_store
from frontwire.store.base import EventQuery, FuseOutcome, Store
from frontwire.store.ingest import IngestSummary, ingest_articles
from frontwire.types import Article, Report
from tests.store.conftest import _empty

OUTLET = "https://www.valley-courier.example/news"
EARLIER = [  # a Tennessee paper's stories naming sure places in Tennessee
    Article(
        id="a1",
        text="Protesters rallied outside the courthouse in Knoxville, Tenn. on Tuesday, and hundreds marched "
        "in Chattanooga, Tenn. and Nashville, Tennessee, police said.",
        published="2024-03-05",
        source=OUTLET,
    ),
    Article(
        id="a2",
        text="A man was shot and killed in Cleveland, Tenn. on Friday, police said. A second shooting "
        "wounded two people in Madisonville, Tenn.",
        published="2024-03-08",
        source=OUTLET,
    ),
]
LATER = [  # the same paper's bare "Athens": Greece's capital, unless the paper's home is known
    Article(
        id="b1",
        text="Hundreds of protesters rallied in Athens on Monday against the new county budget, police said.",
        published="2024-03-11",
        source=OUTLET,
    )
]


@pytest.fixture(scope="module")
def pipeline() -> Iterator[Pipeline]:
    p = Pipeline(Config())
    yield p
    p.places.homes = SourceHomes()


def _new_process(pipeline: Pipeline) -> None:
    """What a new process knows of outlets: nothing."""
    pipeline.places.homes = SourceHomes()


def _run(store: Store, pipeline: Pipeline, articles: list[Article]) -> IngestSummary:
    _new_process(pipeline)
    return ingest_articles(articles, store, pipeline, Config())


def _stored(store: Store) -> list[dict[str, object]]:
    return [e.to_dict() for e in store.events(EventQuery(order="event_date"))]


def _athens(store: Store) -> tuple[str | None, str | None]:
    (event,) = [e for e in store.events() if e.location == "Athens"]
    return event.admin1, event.country


def test_ingest_split_into_runs_stores_what_one_run_stores(store: Store, pipeline: Pipeline) -> None:
    _run(store, pipeline, LATER)
    assert _athens(store) == ("Attica", "Greece")  # alone, the bare name is the famous one
    _empty(store)

    _run(store, pipeline, EARLIER + LATER)
    one_run = _stored(store)
    assert _athens(store) == ("Tennessee", "United States")  # the paper's earlier stories placed it
    _empty(store)

    _run(store, pipeline, EARLIER)  # e.g. yesterday's articles
    assert store.outlet_homes()[0].outlet_key == "valley-courier.example"
    _run(store, pipeline, LATER)  # today's
    assert _athens(store) == ("Tennessee", "United States")
    assert _stored(store) == one_run
    (row,) = store.outlet_homes()
    _run(store, pipeline, EARLIER + LATER)  # nothing new: nothing learnt, nothing written
    assert store.outlet_homes() == [row]


def test_ingest_killed_mid_run_goes_on_from_its_last_stored_article(
    store: Store, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(store, pipeline, EARLIER + LATER)
    one_run = _stored(store)
    _empty(store)
    real = store.replace_reports

    def killed_at_a2(article_id: str, reports: Sequence[Report]) -> FuseOutcome:
        if article_id == "a2":
            raise RuntimeError("killed")
        return real(article_id, reports)

    monkeypatch.setattr(store, "replace_reports", killed_at_a2)
    with pytest.raises(RuntimeError):
        _run(store, pipeline, EARLIER + LATER)
    monkeypatch.undo()
    (row,) = store.outlet_homes()
    assert row.seen == 1  # what a1 taught; a2's learning went with a2's rolled-back writes
    _run(store, pipeline, EARLIER + LATER)  # the re-run
    assert _stored(store) == one_run


def test_ingest_ignores_an_unreadable_outlet_home_with_a_notice(store: Store, pipeline: Pipeline) -> None:
    store.save_outlet_homes(
        [
            OutletHomeRow("valley-courier.example", 7, '{"version": 99, "votes": []}'),
            OutletHomeRow("other.example", 8, "{not json"),
        ]
    )
    summary = _run(store, pipeline, LATER)
    assert (summary.added, summary.skipped) == (1, [])  # the article is stored all the same
    notices = dict(summary.notices)
    assert "unknown format version 99" in notices["outlet valley-courier.example"]
    assert "not JSON" in notices["outlet other.example"]
    assert _athens(store) == ("Attica", "Greece")  # as with nothing known of the outlet
    assert {r.outlet_key: r.state for r in store.outlet_homes()}["other.example"] == "{not json"
    _run(store, pipeline, EARLIER)  # the outlet learns afresh: its row is replaced, in today's format
    rows = {r.outlet_key: r for r in store.outlet_homes()}
    mine = rows["valley-courier.example"]
    assert OutletVotes.from_json(mine.outlet_key, mine.seen, mine.state).votes
    assert rows["other.example"].state == "{not json"  # an outlet not read again is left as it was


def _row(key: str, seen: int, *names: str) -> OutletHomeRow:
    votes = tuple(SureReading(n, "US", "TN", (35.0, -84.0)) for n in names)
    return OutletHomeRow(key, seen, OutletVotes(key, seen, votes).to_json())


def test_store_outlet_homes_round_trip_and_the_last_writer_wins(store: Store, store_url: str) -> None:
    assert store.outlet_homes() == []
    first = [_row("b.example", 2, "knoxville"), _row("a.example", 2, "athens"), _row("c.example", 1, "x")]
    store.save_outlet_homes(first)
    assert store.outlet_homes() == sorted(first, key=lambda r: (r.seen, r.outlet_key))
    assert store.outlet_homes(limit=2) == [first[1], first[0]]  # the most recently seen, oldest first
    with open_store(store_url) as other:  # a second ingest writing the same outlet
        other.save_outlet_homes([_row("a.example", 5, "athens", "etowah")])
    store.save_outlet_homes([_row("a.example", 4, "niota")])  # written last: kept
    rows = {r.outlet_key: r for r in store.outlet_homes()}
    assert rows["a.example"] == _row("a.example", 4, "niota")
    assert OutletVotes.from_json("a.example", 4, rows["a.example"].state).votes[0].key == "niota"


def test_store_outlet_homes_two_writers_at_once_do_not_fail(store: Store, store_url: str) -> None:
    """Two ingests writing the same outlet in their own transactions: the second waits, then wins."""
    errors: list[BaseException] = []
    inside = threading.Event()

    def second() -> None:
        try:
            inside.wait(10)
            with open_store(store_url) as other, other.transaction():
                other.save_outlet_homes([_row("a.example", 9, "second")])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    worker = threading.Thread(target=second)
    worker.start()
    with store.transaction():
        store.save_outlet_homes([_row("a.example", 8, "first")])
        inside.set()
        worker.join(0.5)  # the other writer is blocked on this transaction
    worker.join(30)
    assert not errors and not worker.is_alive()
    assert store.outlet_homes() == [_row("a.example", 9, "second")]


def test_store_migration_8_adds_outlet_homes_to_an_older_store(store_url: str) -> None:
    from frontwire.store.migrations import CURRENT_VERSION
    from tests.store.factories import report

    with open_store(store_url) as s:
        with s.transaction():
            s.add_article(Article(id="a1", text="text a1"), None, "h-a1")
            s.replace_reports("a1", [report("a1", fatalities=3)])
        with s.transaction():
            s._run("DROP TABLE outlet_homes")  # type: ignore[attr-defined]
            s._run("DELETE FROM schema_migrations WHERE version >= 8")  # type: ignore[attr-defined]
        assert s.schema_version() == 7
    with open_store(store_url) as s:
        assert s.schema_version() == CURRENT_VERSION == 8
        assert s.count_events() == 1 and s.outlet_homes() == []
        s.save_outlet_homes([_row("a.example", 1, "athens")])
        assert s.outlet_homes() == [_row("a.example", 1, "athens")]
