"""Which triggers are events of their own (sentences and triggers written for these tests)."""

from __future__ import annotations

import pytest

from frontwire.extract.event_selection import merge_sentence_triggers, retype
from frontwire.types import ActorMention, ActorRef, Trigger

SYRIA_ARMY = ActorRef("sy-mil", "Military Forces of Syria (2000-)", 1, "Syria", "military")
RUSSIA_AIR = ActorRef("ru-mil", "Military Forces of Russia (2000-)", 8, "Russia", "military")
IS = ActorRef("is", "IS: Islamic State", 2, None, "rebel")
CIVILIANS = ActorRef("sy-civ", "Civilians (Syria)", 7, "Syria", "civilians")


def _trig(sub: str, event_type: str, start: int, score: float, sent: tuple[int, int] = (0, 50)) -> Trigger:
    return Trigger(start, start + 5, "xxxxx", sub, event_type, score, sent[0], sent[1])


def test_event_selection_merge_sentence_triggers_keeps_the_best_reading() -> None:
    clash = _trig("Armed clash", "Battles", 5, 0.8)
    regain = _trig("Government regains territory", "Battles", 20, 0.9)
    air = _trig("Air/drone strike", "Explosions/Remote violence", 30, 0.86)
    shelling = _trig("Shelling/artillery/missile attack", "Explosions/Remote violence", 40, 0.82)
    other_sentence = _trig("Armed clash", "Battles", 60, 0.8, (55, 90))
    kept = merge_sentence_triggers([clash, regain, air, shelling, other_sentence])
    assert kept == [regain, air, shelling, other_sentence]


@pytest.mark.parametrize(
    ("sub", "score", "actor1", "actor2", "expected"),
    [
        ("Government regains territory", 0.9, IS, None, "Non-state actor overtakes territory"),
        ("Non-state actor overtakes territory", 0.9, RUSSIA_AIR, None, "Government regains territory"),
        ("Attack", 0.6, IS, SYRIA_ARMY, "Armed clash"),
        ("Armed clash", 0.6, IS, CIVILIANS, "Attack"),
        ("Armed clash", 0.8, IS, CIVILIANS, "Armed clash"),  # specific words ("clashed") are kept
        ("Air/drone strike", 0.86, IS, CIVILIANS, "Air/drone strike"),
    ],
)
def test_event_selection_retype_by_actor(
    sub: str, score: float, actor1: ActorRef, actor2: ActorRef | None, expected: str
) -> None:
    from frontwire.taxonomy import event_type_of

    trig = _trig(sub, event_type_of(sub), 0, score)
    m1 = ActorMention(0, 2, "x", actor1)
    m2 = ActorMention(3, 5, "y", actor2) if actor2 else None
    out = retype(trig, m1, m2)
    assert out.sub_event_type == expected
    assert out.event_type == event_type_of(expected)
