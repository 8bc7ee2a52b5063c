"""Protests, riots and mobs (frontwire.extract.protest_rules): the grievance is not the event, a crowd's
target decides between a mob and a violent demonstration, a protest stopped with arrests is an
intervention. Sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from frontwire.extract.protest_rules import protest_cause
from frontwire.extract.triggers import TriggerFinder
from frontwire.types import Article, ArticleContext, CleanText


@pytest.fixture(scope="module")
def finder() -> TriggerFinder:
    return TriggerFinder.load()


def _best(nlp: Language, finder: TriggerFinder, text: str) -> str:
    ctx = ArticleContext(Article(id="t", text=text), CleanText.unchanged(text), None)
    found = finder.find(nlp(text), ctx)
    return max(found, key=lambda t: t.score).sub_event_type if found else "no event"


@pytest.mark.parametrize(
    ("text", "word", "cause"),
    [
        ("Widows marched in Kabul demanding justice for husbands killed in the war.", "killed", True),
        ("Traders rallied against the arrest of their union leader.", "arrest", True),
        ("Soldiers killed two marchers demanding justice in the capital.", "killed", False),
    ],
)
def test_protest_rules_cause_is_what_the_crowd_protests(
    nlp: Language, text: str, word: str, cause: bool
) -> None:
    doc = nlp(text)
    start = text.index(word)
    assert protest_cause(doc, (start, start + len(word))) is cause


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a crowd of residents turning on a family is a mob, on a police post a violent demonstration
        ("Residents of the hamlet torched the hut of a widow they blamed for a drought.", "Mob violence"),
        (
            "Angry residents set fire to the police post after the death of a boy in a police raid.",
            "Violent demonstration",
        ),
        # a march stopped with arrests
        (
            "Police stopped a march by nurses in Lusaka and detained eleven of them.",
            "Protest with intervention",
        ),
        # a march foiled is a protest stopped, not a weapon disrupted
        (
            "Police foiled a march by opposition youths in Harare and detained nine of them.",
            "Protest with intervention",
        ),
        # the dead named to describe the marchers are not killed by this march's police
        (
            "Mothers of fishermen drowned in the storm marched to the port office to demand aid.",
            "Peaceful protest",
        ),
        # a strike announced for a day to come is not held
        ("The bus drivers' union announced a 24-hour strike for next Monday.", "no event"),
        # a flash mob is a protest, not a mob
        (
            "Students staged a flash mob outside the ministry in Lagos to demand lower fees.",
            "Peaceful protest",
        ),
        # a court judging a protest, not the protest
        ("A court in Minsk jailed four students for taking part in a rally.", "no event"),
    ],
)
def test_protest_rules_types(nlp: Language, finder: TriggerFinder, text: str, expected: str) -> None:
    assert _best(nlp, finder, text) == expected


def test_riot_arrests_are_the_riots_own(nlp: Language, finder: TriggerFinder) -> None:
    triggers = finder.find(nlp("Rioters torched cars in the suburb and police arrested 40 people."))
    assert "Arrests" not in {t.sub_event_type for t in triggers}
    assert any(t.sub_event_type == "Violent demonstration" for t in triggers)


def test_protest_words_come_from_the_data_file() -> None:
    from frontwire.extract.protest_rules import protest_words

    words = protest_words()
    assert "mourn" in words["grievance_heads"] and "prevent" in words["stopping_verbs"]
    assert all(w == w.lower() for ws in words.values() for w in ws)
