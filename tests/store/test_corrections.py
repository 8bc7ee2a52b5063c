"""Analysts' corrections survive a new version of their article (both backends), and the matching rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from frontwire.config import Config
from frontwire.store.base import Store
from frontwire.store.corrections import APPLIED, FIELDS, UNMATCHED, corrected, match
from frontwire.store.ingest import ingest_articles
from frontwire.types import Article, Evidence, Report
from frontwire.web.writes import EventCorrection
from tests.store.factories import report
from tests.store.test_ingest import TablePipeline


def told(article_id: str, trigger: str, start: int, **kw: object) -> Report:
    """A factory report whose trigger evidence is `trigger` at `start` of its article."""
    r = report(article_id, **kw)  # type: ignore[arg-type]
    return replace(r, evidence=(Evidence(article_id, start, start + len(trigger), trigger, "event"),))


def put(store: Store, article_id: str, *reports: Report, version: int = 1) -> None:
    with store.transaction():
        store.add_article(Article(id=article_id, text=f"text {article_id} v{version}"), None, f"h{version}")
        store.replace_reports(article_id, reports)


def only_event(store: Store) -> tuple[str, int, str, str]:
    (e,) = store.events()
    return e.event_id, e.fatalities, e.notes, e.sub_event_type


def test_correction_survives_a_changed_version_of_the_article(store: Store) -> None:
    put(store, "a1", told("a1", "shelled", 40, fatalities=1))
    event_id = store.events()[0].event_id
    (outcome,) = store.correct_event(event_id, {"fatalities": 3, "notes": "Analyst: three killed."})
    assert outcome.reapplied == 1 and outcome.unmatched == ()
    assert only_event(store)[:3] == (event_id, 3, "Analyst: three killed.")
    # v2: a paragraph added before the sentence (the trigger moves), the toll extracted as 2 now
    put(store, "a1", told("a1", "shelled", 95, fatalities=2), version=2)
    assert only_event(store)[:3] == (event_id, 3, "Analyst: three killed.")
    (c,) = store.corrections()
    assert (c.status, c.event_id, c.fields) == (
        APPLIED,
        event_id,
        {"fatalities": 3, "notes": "Analyst: three killed."},
    )
    assert c.extracted.evidence[0].start == 95  # now made on the new version's report
    assert c.report_id == store.reports_of_article("a1")[0].report_id
    assert store.changes().deletions == ()


def test_later_corrections_win_and_all_are_reapplied(store: Store) -> None:
    put(store, "a1", told("a1", "shelled", 10))
    event_id = store.events()[0].event_id
    store.correct_event(event_id, {"fatalities": 3})
    store.correct_event(event_id, {"fatalities": 5, "sub_event_type": "Air/drone strike"})
    put(store, "a1", told("a1", "shelled", 12), version=2)
    assert only_event(store) == (
        event_id,
        5,
        "Shelling/artillery/missile attack reported by a1",
        "Air/drone strike",
    )
    assert [c.status for c in store.corrections()] == [APPLIED, APPLIED]


def test_correction_of_a_fused_event_survives_one_articles_new_version(store: Store) -> None:
    put(store, "a1", told("a1", "shelled", 10, fatalities=2))
    put(store, "a2", told("a2", "shelling", 30, fatalities=4))
    event_id = store.events()[0].event_id
    outcomes = store.correct_event(event_id, {"fatalities": 7})
    assert len(outcomes) == 2 and len(store.corrections()) == 2
    put(store, "a2", told("a2", "shelling", 31, fatalities=9), version=2)
    (e,) = store.events()
    assert (e.event_id, e.fatalities, e.article_ids) == (event_id, 7, ("a1", "a2"))


def test_unmatched_correction_is_kept_and_reported_then_found_again(store: Store) -> None:
    put(
        store,
        "a1",
        told("a1", "shelled", 10),
        told(
            "a1",
            "clashes",
            80,
            sub="Armed clash",
            event_type="Battles",
            place="mosul",
            actors=("iraq_army", "isis"),
        ),
    )
    shelling = next(e for e in store.events() if e.sub_event_type.startswith("Shelling"))
    store.correct_event(shelling.event_id, {"fatalities": 4})
    # v2 no longer tells the shelling (the article now only reports the clash)
    clash = told(
        "a1",
        "clashes",
        60,
        sub="Armed clash",
        event_type="Battles",
        place="mosul",
        actors=("iraq_army", "isis"),
    )
    with store.transaction():
        store.add_article(Article(id="a1", text="v2"), None, "h2")
        outcome = store.replace_reports("a1", [clash])
    (c,) = store.corrections()
    assert outcome.unmatched == (c.correction_id,) and outcome.reapplied == 0
    assert (c.status, c.report_id, c.fields) == (UNMATCHED, None, {"fatalities": 4})
    assert store.corrections(status=UNMATCHED) == [c] and store.corrections(status=APPLIED) == []
    assert [e.fatalities for e in store.events()] == [0]  # not laid on the clash
    # v3 tells the shelling again (another wording around the same trigger): the correction comes back
    put(store, "a1", clash, told("a1", "shelled", 140), version=3)
    assert store.corrections()[0].status == APPLIED
    assert sorted(e.fatalities for e in store.events()) == [0, 4]


def test_retracted_article_keeps_its_corrections_as_unmatched(store: Store) -> None:
    put(store, "a1", told("a1", "shelled", 10))
    store.correct_event(store.events()[0].event_id, {"notes": "checked"})
    outcome = store.retract_article("a1")
    assert store.count_events() == 0 and len(outcome.unmatched) == 1
    assert [c.status for c in store.corrections()] == [UNMATCHED]


def test_ingest_summary_reports_reapplied_and_unmatched_corrections(store: Store) -> None:
    v1 = Article(id="a1", text="Turkish forces shelled Tell Abyad.", published="2020-07-02")
    ingest_articles([v1], store, TablePipeline({"a1": [told("a1", "shelled", 14)]}), Config())
    store.correct_event(store.events()[0].event_id, {"fatalities": 2})
    v2 = replace(v1, text="Update. Turkish forces shelled Tell Abyad.")
    summary = ingest_articles([v2], store, TablePipeline({"a1": [told("a1", "shelled", 22)]}), Config())
    assert (summary.updated, summary.corrections_reapplied, summary.corrections_unmatched) == (1, 1, [])
    assert store.events()[0].fatalities == 2
    v3 = replace(v1, text="Clashes in Mosul.")
    table = {
        "a1": [
            told(
                "a1",
                "Clashes",
                0,
                sub="Armed clash",
                event_type="Battles",
                place="mosul",
                actors=("iraq_army",),
            )
        ]
    }
    summary = ingest_articles([v3], store, TablePipeline(table), Config())
    (c,) = store.corrections()
    assert summary.corrections_unmatched == [("-", c.correction_id)]
    assert any("no longer match" in line for line in summary.lines())


def test_match_prefers_the_same_trigger_and_allows_a_changed_day() -> None:
    made_on = [told("a", "shelled", 10), told("a", "shelled", 300, place="abdi")]
    # the new version moved the first sentence and now dates it a day later; same trigger and place
    new = [told("a", "shelled", 330, place="abdi"), told("a", "shelled", 25, day="2020-07-03")]
    assert match(made_on, new) == {0: 1, 1: 0}
    # same type, day and place with another trigger word: one event by fusion's within-article rule
    assert match([told("a", "shelled", 10)], [told("a", "bombarded", 10)]) == {0: 0}
    # another trigger and another day: not the same event
    assert match([told("a", "shelled", 10)], [told("a", "bombarded", 10, day="2020-07-09")]) == {}
    assert made_on[0].event_date == date(2020, 7, 2)


def test_the_api_accepts_exactly_the_fields_a_correction_can_set() -> None:
    assert set(EventCorrection.model_fields) == set(FIELDS)


def test_corrected_sets_every_field_it_is_given() -> None:
    given = {
        "sub_event_type": "Armed clash",
        "event_date": "2020-07-03",
        "time_precision": 2,
        "fatalities": 4,
        "civilian_targeting": True,
        "latitude": 36.5,
        "longitude": 38.9,
        "geo_precision": 2,
        "notes": "Checked against a second source",
    }
    made = corrected(report("x"), given)
    assert (made.event_type, made.sub_event_type) == ("Battles", "Armed clash")
    assert made.event_date is not None and made.event_date.isoformat() == "2020-07-03"
    assert (made.time_precision, made.fatalities, made.civilian_targeting) == (2, 4, True)
    assert made.place is not None and (made.place.latitude, made.place.longitude) == (36.5, 38.9)
    assert (made.geo_precision, made.notes, made.confidence) == (2, "Checked against a second source", 1.0)
