"""Notes: an ACLED-style description written from a report's fields; and the confidence score."""

from __future__ import annotations

from datetime import date

import pytest

from frontwire.extract.confidence import confidence_for
from frontwire.extract.notes import write_notes
from frontwire.types import (
    ActorRef,
    Claim,
    DateMention,
    Evidence,
    FatalityFigure,
    PlaceMention,
    PlaceRef,
    Report,
    Trigger,
)

IS = ActorRef("is", "IS: Islamic State", 2, "Syria")
ARMY = ActorRef("sy-mil", "Military Forces of Syria (2000-)", 1, "Syria")
CIVILIANS = ActorRef("sy-civ", "Civilians (Syria)", 7, "Syria")
HOMS = PlaceRef("6", "Homs", 34.7, 37.9, "Syria", "SY", "Homs", feature="admin1")
HAJIN = PlaceRef("1", "Hajin", 34.69, 40.83, "Syria", "SY", "Deir ez-Zor", feature="city")


def _report(**fields: object) -> Report:
    base: dict[str, object] = {
        "article_id": "n",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "event_date": date(2020, 7, 2),
    }
    base.update(fields)
    return Report(**base)  # type: ignore[arg-type]


def test_notes_acled_manner_with_hedged_claim() -> None:
    figure = FatalityFigure(
        10, None, 10, "killed_or_injured", "Pro-opposition media", "n", 0, 0,
        "up to 10 soldiers were killed or injured", "unconfirmed",
    )  # fmt: skip
    report = _report(
        actor1=IS,
        actor2=ARMY,
        place=HOMS,
        geo_precision=3,
        evidence=(Evidence("n", 40, 52, "eastern Homs", "location"),),
        fatalities_reported=(figure,),
    )
    assert write_notes(report) == (
        "On 2 July 2020, Islamic State clashed with Military Forces of Syria in eastern Homs. "
        "Pro-opposition media claimed up to 10 soldiers were killed or injured; unconfirmed."
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"sub_event_type": "Air/drone strike", "actor1": ARMY, "place": HAJIN, "time_precision": 2},
            "Around 2 July 2020, Military Forces of Syria carried out air/drone strikes in Hajin "
            "(Deir ez-Zor).",
        ),
        (
            {
                "sub_event_type": "Attack",
                "actor1": IS,
                "actor2": CIVILIANS,
                "place": HAJIN,
                "geo_precision": 2,
            },
            "On 2 July 2020, Islamic State attacked civilians near Hajin (Deir ez-Zor).",
        ),
        (
            {"sub_event_type": "Shelling/artillery/missile attack", "time_precision": 3, "event_date": None},
            "On an unknown date, unidentified actors shelled at an unknown location.",
        ),
        (
            {"sub_event_type": "Armed clash", "actor1": ARMY, "place": HAJIN, "time_precision": 3},
            "In July 2020, Military Forces of Syria clashed in Hajin (Deir ez-Zor).",
        ),
    ],
)
def test_notes_main_sentence(fields: dict[str, object], expected: str) -> None:
    assert write_notes(_report(**fields)) == expected


def test_notes_figures_and_claims() -> None:
    killed = FatalityFigure(5, 5, None, "killed", "SANA", "n", 0, 0, "killing 5", "reported")
    report = _report(
        sub_event_type="Suicide bomb",
        actor1=IS,
        place=HAJIN,
        fatalities=5,
        fatalities_reported=(killed,),
        claims=(Claim("Islamic State", "IS claimed the attack.", "claimed"),),
    )
    notes = write_notes(report)
    assert "SANA reported 5 people were killed." in notes
    assert notes.endswith("Claimed by Islamic State.")


def _trigger(score: float = 0.9) -> Trigger:
    return Trigger(10, 16, "struck", "Air/drone strike", "Explosions/Remote violence", score, 0, 60)


def test_confidence_rises_with_found_fields() -> None:
    bare = confidence_for(_trigger())
    place = PlaceMention(20, 25, "Hajin", HAJIN, 1)
    day = DateMention(30, 36, "Monday", date(2020, 6, 29), 1, "weekday")
    full = confidence_for(_trigger(), actor1=ARMY, actor2=IS, place=place, date_mention=day)
    assert 0 < bare < full <= 1
    inherited = confidence_for(
        _trigger(), actor1=ARMY, actor2=IS, place=PlaceMention(80, 85, "Hajin", HAJIN, 1), date_mention=day
    )
    assert bare < inherited < full


@pytest.mark.parametrize(
    ("weaker", "stronger"), [("denied", "unconfirmed"), ("unconfirmed", "claimed"), ("claimed", "reported")]
)
def test_confidence_falls_with_certainty(weaker: str, stronger: str) -> None:
    def score(certainty: str) -> float:
        return confidence_for(_trigger(), actor1=ARMY, claims=(Claim("x", "t", certainty),))  # type: ignore[arg-type]

    assert score(weaker) < score(stronger)


def test_confidence_follows_trigger_score() -> None:
    assert confidence_for(_trigger(0.3), actor1=ARMY) < confidence_for(_trigger(0.9), actor1=ARMY)


def test_notes_strategic_development_without_actor() -> None:
    notes = write_notes(_report(sub_event_type="Change to group/activity", place=HAJIN))
    expected = "a change to group/activity by unidentified actors was reported in Hajin (Deir ez-Zor)."
    assert notes == "On 2 July 2020, " + expected


@pytest.mark.parametrize(
    ("relation", "where"),
    [
        ("eastern", "in eastern Hajin (Deir ez-Zor)"),
        ("west of", "west of Hajin (Deir ez-Zor)"),
        ("northern countryside of", "in the northern countryside of Hajin (Deir ez-Zor)"),
        ("outskirts of", "on the outskirts of Hajin (Deir ez-Zor)"),
    ],
)
def test_notes_place_relation(relation: str, where: str) -> None:
    report = _report(actor1=IS, place=HAJIN, geo_precision=2, place_relation=relation)
    assert write_notes(report) == f"On 2 July 2020, Islamic State clashed {where}."
