"""Gold scoring: one-to-one matching per article, event P/R/F1, per-field figures, gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from frontwire.distance import haversine_km
from frontwire.errors import InputError
from frontwire.evaluate import (
    GoldArticle,
    ScoredEvent,
    Scores,
    format_scores,
    match_events,
    normalise_actor,
    read_gold,
    read_predictions,
    score,
    score_article,
)

ALEPPO = (36.2021, 37.1343)
IDLIB = (35.9306, 36.6339)  # about 54 km from Aleppo
AZAZ = (36.5866, 37.0463)  # about 43 km from Aleppo


def ev(**kw: Any) -> ScoredEvent:
    d: dict[str, Any] = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "event_date": "2016-09-28",
        "actor1": "Military Forces of Syria (2000-)",
        "actor2": None,
        "location": "Aleppo",
        "latitude": ALEPPO[0],
        "longitude": ALEPPO[1],
        "admin1": "Aleppo",
        "fatalities": 1,
    }
    d.update(kw)
    return ScoredEvent.from_dict(d)


def scored(pred: list[ScoredEvent], gold: list[ScoredEvent]) -> dict[str, Any]:
    s = Scores()
    score_article(s, pred, gold)
    return s.to_dict()


def test_evaluate_distance_km_known_value() -> None:
    assert haversine_km(*ALEPPO, *IDLIB) == pytest.approx(54, abs=2)
    assert haversine_km(*ALEPPO, *ALEPPO) == 0


def test_evaluate_perfect_prediction() -> None:
    d = scored([ev()], [ev()])
    assert d["events"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert d["event_type"]["accuracy"] == 1.0
    assert d["sub_event_type"]["accuracy"] == 1.0
    assert d["actors"]["f1"] == 1.0
    assert d["event_date"]["accuracy"] == 1.0
    assert d["location_km"]["median"] == 0
    assert d["location_km"]["within_10"] == 1.0
    assert d["admin1"]["accuracy"] == 1.0
    assert d["fatalities"] == {"exact": 1.0, "mae": 0.0, "n": 1}


@pytest.mark.parametrize(
    ("pred", "admissible"),
    [
        (ev(event_type="Battles", sub_event_type="Armed clash"), True),  # date + place
        (ev(event_date="2016-09-29"), True),  # type + place, date within a day
        (ev(event_date="2016-10-20"), True),  # type + place
        (ev(latitude=IDLIB[0], longitude=IDLIB[1], location="Idlib"), True),  # type + date
        (ev(event_type="Battles", event_date="2016-10-20"), False),  # place only
        (ev(event_type="Battles", latitude=IDLIB[0], longitude=IDLIB[1], location="Idlib"), False),
    ],
)
def test_evaluate_pair_needs_two_of_type_date_place(pred: ScoredEvent, admissible: bool) -> None:
    assert bool(match_events([pred], [ev()])) is admissible


def test_evaluate_matching_is_one_to_one_and_best_total() -> None:
    gold = [ev(), ev(event_date="2016-09-30", latitude=AZAZ[0], longitude=AZAZ[1], location="Azaz")]
    # the first prediction could pair with either gold event; the best total pairs it with gold[0]
    pred = [ev(event_date="2016-09-29"), ev(event_date="2016-09-30", latitude=AZAZ[0], longitude=AZAZ[1])]
    assert sorted(match_events(pred, gold)) == [(0, 0), (1, 1)]
    d = scored(pred + [ev()], gold)
    assert (d["events"]["tp"], d["events"]["fp"], d["events"]["fn"]) == (2, 1, 0)


def test_evaluate_missed_and_spurious_events() -> None:
    gold = [ev(), ev(event_type="Protests", sub_event_type="Peaceful protest", event_date="2016-09-01")]
    riot = {"event_type": "Riots", "sub_event_type": "Mob violence", "event_date": "2016-08-01"}
    pred = [ev(), ev(**riot, location=None, latitude=None, longitude=None)]
    d = scored(pred, gold)
    assert d["events"]["tp"] == 1 and d["events"]["fp"] == 1 and d["events"]["fn"] == 1
    assert d["events"]["precision"] == 0.5 and d["events"]["recall"] == 0.5


def test_evaluate_optional_gold_neither_rewarded_nor_penalised() -> None:
    gold = [ev(), ev(optional=True, event_date="2016-09-20", latitude=IDLIB[0], longitude=IDLIB[1])]
    only_required = scored([ev()], gold)
    with_optional = scored([ev(), ev(event_date="2016-09-20", latitude=IDLIB[0], longitude=IDLIB[1])], gold)
    assert only_required["events"] == with_optional["events"]
    assert only_required["events"]["f1"] == 1.0
    assert with_optional["predicted_events"] == 1
    assert with_optional["optional_events"] == 1


def test_evaluate_actor_f1_order_free() -> None:
    gold = ev(actor1="Military Forces of Syria (2000-)", actor2="Hayat Tahrir al-Sham")
    swapped = ev(actor1="Hayat Tahrir al-Sham", actor2="military forces of syria")
    one_wrong = ev(actor1="Hayat Tahrir al-Sham", actor2="Civilians (Syria)")
    assert scored([swapped], [gold])["actors"]["f1"] == 1.0
    d = scored([one_wrong], [gold])["actors"]
    assert (d["tp"], d["fp"], d["fn"]) == (1, 1, 1)


@pytest.mark.parametrize(
    ("name", "normal"),
    [("Military Forces of Syria (2000-)", "military forces of syria"), ("  ISIS ", "isis"),
     ("Civilians (Syria)", "civilians (syria)")],
)  # fmt: skip
def test_evaluate_normalise_actor(name: str, normal: str) -> None:
    assert normalise_actor(name) == normal


def test_evaluate_field_figures_on_matched_pairs() -> None:
    gold = [ev(fatalities=10, admin1="Aleppo"), ev(event_date="2016-09-30", fatalities=None, admin1=None)]
    pred = [
        ev(fatalities=7, latitude=AZAZ[0], longitude=AZAZ[1], admin1="Aleppo"),
        ev(event_date="2016-09-29", sub_event_type="Air/drone strike", latitude=None, longitude=None),
    ]
    d = scored(pred, gold)
    assert d["events"]["tp"] == 2
    assert d["sub_event_type"]["accuracy"] == 0.5
    assert d["event_date"]["accuracy"] == 0.5
    assert d["fatalities"] == {"exact": 0.0, "mae": 3.0, "n": 1}
    assert d["admin1"] == {"accuracy": 1.0, "n": 1}
    km = d["location_km"]
    assert km["n"] == 2 and km["no_coordinates"] == 1
    assert km["median"] == pytest.approx(haversine_km(*AZAZ, *ALEPPO))
    assert km["within_10"] == 0.0 and km["within_50"] == 0.5


def test_evaluate_empty_prediction_scores_zero() -> None:
    d = scored([], [ev()])
    assert d["events"]["recall"] == 0.0 and d["events"]["fn"] == 1
    assert d["event_type"]["accuracy"] is None
    assert "n/a" in format_scores(Scores())


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


GOLD_EVENT = {
    "event_date": "2016-09-28", "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack", "actor1": None, "actor2": "Civilians (Syria)",
    "location": "Aleppo", "latitude": ALEPPO[0], "longitude": ALEPPO[1], "admin1": "Aleppo", "fatalities": 1,
}  # fmt: skip


def test_evaluate_read_gold_with_text_and_bad_lines(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"id": "g1", "text": "Rebels shelled Aleppo.", "published": "2016-09-28", "events": [GOLD_EVENT]},
            {"id": "g2", "text": "No events here."},
            {"id": "g3", "events": []},
        ],
    )
    good, no_events, no_text = read_gold(path)
    assert isinstance(good, GoldArticle) and good.article.id == "g1" and len(good.events) == 1
    assert isinstance(no_events, InputError) and no_events.origin == f"{path}:2"
    assert isinstance(no_text, InputError) and "missing 'text'" in no_text.reason


def test_evaluate_read_gold_resolves_fakes_unit_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    csv_path = tmp_path / "fakes.csv"
    csv_path.write_text(
        "unit_id,article_title,article_content,source,date,location,labels\n"
        '111,Title one,"Shells hit Aleppo, killing one.",sana,9/28/2016,aleppo,1\n',
        encoding="utf-8",
    )
    row = {"id": "fakes-111", "fakes_unit_id": "111", "published": "2016-09-28", "events": [GOLD_EVENT]}
    by_env = write_jsonl(tmp_path / "gold.jsonl", [row, {**row, "fakes_unit_id": "999"}])
    monkeypatch.setenv("FRONTWIRE_FAKES_CSV", str(csv_path))
    found, missing = read_gold(by_env)
    assert isinstance(found, GoldArticle)
    assert found.article.text == "Shells hit Aleppo, killing one."
    assert found.article.title == "Title one"
    assert isinstance(missing, InputError) and "999" in missing.reason
    monkeypatch.delenv("FRONTWIRE_FAKES_CSV")
    by_file = write_jsonl(tmp_path / "gold2.jsonl", [{**row, "source_file": "fakes.csv"}])
    (found2,) = read_gold(by_file)
    assert isinstance(found2, GoldArticle) and found2.article.id == "fakes-111"


def test_evaluate_predictions_grouped_by_article(tmp_path: Path) -> None:
    pred = {**GOLD_EVENT, "article_ids": ["g1", "g2"]}
    path = write_jsonl(tmp_path / "pred.jsonl", [pred, {**GOLD_EVENT, "article_ids": ["g1"]}])
    with path.open("a", encoding="utf-8") as f:
        f.write("{broken\n")
    by_article, errors = read_predictions(path)
    assert len(by_article["g1"]) == 2 and len(by_article["g2"]) == 1
    assert len(errors) == 1 and errors[0].origin == f"{path}:3"


def test_evaluate_score_over_articles(tmp_path: Path) -> None:
    gold_path = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"id": "g1", "text": "x" * 30, "events": [GOLD_EVENT]},
            {"id": "g2", "text": "y" * 30, "events": []},
        ],
    )
    gold = [g for g in read_gold(gold_path) if isinstance(g, GoldArticle)]
    scores = score(
        gold, {"g1": [ScoredEvent.from_dict(GOLD_EVENT)], "g2": [ScoredEvent.from_dict(GOLD_EVENT)]}
    )
    d = scores.to_dict()
    assert d["articles"] == 2
    assert (d["events"]["tp"], d["events"]["fp"], d["events"]["fn"]) == (1, 1, 0)
    assert "events          P 0.500  R 1.000  F1 0.667" in format_scores(scores)


def test_evaluate_by_event_type_counts_wrong_type_as_miss_and_false_alarm() -> None:
    gold = [ev(), ev(event_type="Protests", sub_event_type="Peaceful protest", event_date="2016-09-01")]
    pred = [ev(), ev(event_type="Riots", sub_event_type="Mob violence", event_date="2016-09-01")]
    by_type = scored(pred, gold)["events_by_type"]
    assert by_type["Explosions/Remote violence"]["tp"] == 1
    assert (by_type["Protests"]["tp"], by_type["Protests"]["fn"]) == (0, 1)
    assert (by_type["Riots"]["tp"], by_type["Riots"]["fp"]) == (0, 1)
