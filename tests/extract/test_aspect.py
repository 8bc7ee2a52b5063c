"""Aspect of a trigger's clause: one event, or a habit, a campaign, a tally, a setting, history
(sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from frontwire.extract.aspect import (
    CONTINUING,
    FRAMING,
    GOING_ON,
    HISTORY,
    SETTING,
    SUMMED_UP,
    aspect_weight,
    weigh_aspect,
)
from frontwire.extract.dates import find_dates
from frontwire.knowledge.lexicon import load_lexicon
from frontwire.types import Article, ArticleContext, CleanText, Trigger

STORY_DAY = date(2020, 7, 4)  # a Saturday
LEAD = "Fighting was reported in the north on Friday. "  # the sentence under test is not the lead


def _weight(nlp: Language, sentence: str, word: str) -> float:
    text = LEAD + sentence
    ctx = ArticleContext(Article(id="t", text=text), CleanText.unchanged(text), STORY_DAY)
    doc = nlp(text)
    start = text.index(word, len(LEAD))
    trig = Trigger(start, start + len(word), word, "Armed clash", "Battles", 0.8, len(LEAD), len(text))
    return aspect_weight(trig, doc, find_dates(doc, ctx), load_lexicon(), STORY_DAY)


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Government troops continue to shell rebel positions near the town.", "shell", CONTINUING),
        ("The old quarter lay under continued shelling by the militia.", "shelling", CONTINUING),
        ("The militia has also fought rival factions in the hills.", "fought", SUMMED_UP),
        ("We have killed more than thirty of their fighters, the spokesman said.", "killed", SUMMED_UP),
        ("Mines left by the militants have killed hundreds of farmers.", "killed", SUMMED_UP),
        ("Mines left by the militants have killed and maimed hundreds of farmers.", "killed", SUMMED_UP),
        ("The army is pressing an offensive in the valley.", "offensive", GOING_ON),
        ("Monitors say they can tell whose jets carry out raids from the flight paths.", "raids", GOING_ON),
        (
            "The monitor determines which aircraft carried out raids from their flight paths.",
            "raids",
            GOING_ON,
        ),
        ("Thousands of families fled the fighting in the valley.", "fighting", SETTING),
        ("Friday's car bombing came as the army pressed its assault on the town.", "bombing", FRAMING),
        ("The raid on the clinic comes two days after jets hit a convoy.", "raid", FRAMING),
        ("The demonstrations became an armed uprising within months.", "demonstrations", HISTORY),
        ("The minister resigned on March 2, a day after crowds clashed with police.", "clashed", HISTORY),
    ],
)
def test_aspect_what_is_not_one_event(nlp: Language, sentence: str, word: str, expected: float) -> None:
    assert _weight(nlp, sentence, word) == expected


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Warplanes struck a market in the town on Friday, killing five.", "struck"),
        ("At least ten soldiers have been killed in an ambush near the border.", "ambush"),
        ("Government troops continued to shell the town on Friday, killing two.", "shell"),
        ("The militia has also shelled the camp on Thursday.", "shelled"),
        ("Crowds clashed with police on July 2 in the capital.", "clashed"),
        ("The raid on the clinic comes two days after jets hit a convoy.", "hit"),
        ("Residents suspect that jets struck the market.", "struck"),
        ("People salvage goods from a convoy that was damaged during an air strike.", "strike"),
    ],
)
def test_aspect_one_event_keeps_its_score(nlp: Language, sentence: str, word: str) -> None:
    assert _weight(nlp, sentence, word) == 1.0


def test_aspect_headline_may_speak_in_the_present(nlp: Language) -> None:
    text = "Air strikes kill eleven in northern town"
    ctx = ArticleContext(Article(id="t", text=text), CleanText.unchanged(text), STORY_DAY)
    doc = nlp(text)
    trig = Trigger(0, 11, "Air strikes", "Air/drone strike", "Explosions/Remote violence", 0.86, 0, len(text))
    assert aspect_weight(trig, doc, find_dates(doc, ctx), load_lexicon(), STORY_DAY) == 1.0


def test_aspect_weigh_rescales_and_drops_below_the_floor(nlp: Language) -> None:
    text = LEAD + "Government troops continue to shell rebel positions near the town."
    ctx = ArticleContext(Article(id="t", text=text), CleanText.unchanged(text), STORY_DAY)
    doc = nlp(text)
    start = text.index("shell", len(LEAD))
    strong = Trigger(
        start, start + 5, "shell", "Shelling/artillery/missile attack", "x", 0.9, len(LEAD), len(text)
    )
    weak = Trigger(start, start + 5, "shell", "Attack", "x", 0.6, len(LEAD), len(text))
    out = weigh_aspect([strong, weak], doc, find_dates(doc, ctx), load_lexicon(), STORY_DAY)
    assert [t.score for t in out] == [round(0.9 * CONTINUING, 4)]
