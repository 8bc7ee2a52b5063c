"""Which triggers are events of their own (sentences and triggers written for these tests)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from frontwire.extract.event_selection import is_anaphor, merge_sentence_triggers, retype
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
        # people "seized" or "taken away" (weak words) by state forces were arrested; "kidnapped" stays
        ("Abduction/forced disappearance", 0.55, SYRIA_ARMY, None, "Arrests"),
        ("Abduction/forced disappearance", 0.85, SYRIA_ARMY, None, "Abduction/forced disappearance"),
        ("Abduction/forced disappearance", 0.55, IS, None, "Abduction/forced disappearance"),
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


REBELS = ActorRef("sy-reb", "Rebel Groups (Syria)", 2, "Syria", "rebel")


@pytest.mark.parametrize(
    ("actor1", "actor2", "expected"),
    [
        (IS, CIVILIANS, "Abduction/forced disappearance"),
        (IS, REBELS, "Other"),  # fighters taken captive by another group
        (SYRIA_ARMY, REBELS, "Arrests"),
    ],
)
def test_event_selection_abduction_of_fighters_is_not_violence_against_civilians(
    actor1: ActorRef, actor2: ActorRef, expected: str
) -> None:
    trig = Trigger(
        0, 9, "kidnapped", "Abduction/forced disappearance", "Violence against civilians", 0.8, 0, 50
    )
    out = retype(trig, ActorMention(0, 2, "x", actor1), ActorMention(3, 5, "y", actor2))
    assert out.sub_event_type == expected


def _found(text: str, word: str, sub: str, score: float) -> Trigger:
    start = text.index(word)
    return Trigger(start, start + len(word), word, sub, "Explosions/Remote violence", score, 0, len(text))


@pytest.mark.parametrize(
    ("text", "attacker", "act"),
    [
        ("The Air Force shelled militant positions near the dam.", "Air Force", "shelled"),
        ("Combat planes delivered a missile strike on army positions.", "planes", "missile strike"),
        ("Army positions were shelled by helicopters overnight.", "helicopters", "shelled"),
    ],
)
def test_event_selection_attacker_and_act_of_one_remote_attack_are_one_air_strike(
    nlp: Language, text: str, attacker: str, act: str
) -> None:
    air = _found(text, attacker, "Air/drone strike", 0.8)
    shelling = _found(text, act, "Shelling/artillery/missile attack", 0.85)
    assert merge_sentence_triggers([air, shelling], nlp(text)) == [air]


def test_event_selection_two_remote_attacks_of_one_sentence_stay_two(nlp: Language) -> None:
    text = "Jets bombed the market while militants shelled the airport."
    air = _found(text, "Jets", "Air/drone strike", 0.8)
    shelling = _found(text, "shelled", "Shelling/artillery/missile attack", 0.85)
    assert merge_sentence_triggers([air, shelling], nlp(text)) == [air, shelling]


def test_event_selection_another_story_in_a_run_on_sentence_is_another_event(nlp: Language) -> None:
    from frontwire.knowledge.lexicon import load_lexicon

    text = "Rockets hit the old market killing two meanwhile in the harbour rockets wounded three."
    first = _found(text, "Rockets", "Shelling/artillery/missile attack", 0.82)
    second = _found(text, "rockets", "Shelling/artillery/missile attack", 0.82)
    new_story = load_lexicon().cue("new_story")
    assert merge_sentence_triggers([first, second], nlp(text), new_story) == [first, second]
    assert merge_sentence_triggers([first, second], nlp(text)) == [first]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Five people died in the car bomb near the market.", "car bomb", True),
        ("This barbaric bombing was condemned by the governor.", "bombing", True),
        ("A car bomb exploded near the market on Monday.", "car bomb", False),
        ("Gunmen attacked a checkpoint at dawn.", "attacked", False),
    ],
)
def test_event_selection_is_anaphor_reads_definite_event_nouns(
    nlp: Language, text: str, word: str, expected: bool
) -> None:
    doc = nlp(text)
    start = text.index(word)
    trig = Trigger(start, start + len(word), word, "Attack", "Violence against civilians", 0.8, 0, len(text))
    assert is_anaphor(trig, doc) is expected
