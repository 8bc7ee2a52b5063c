"""Trigger finding and event typing, on sentences written for these tests."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from frontwire.config import Config
from frontwire.errors import KnowledgeError
from frontwire.extract.triggers import TriggerFinder
from frontwire.knowledge.lexicon import compile_pattern, load_lexicon
from frontwire.taxonomy import event_type_of, sub_event_types
from frontwire.types import Article, ArticleContext, CleanText, Trigger


@pytest.fixture(scope="module")
def finder() -> TriggerFinder:
    return TriggerFinder.load(Config())


def _find(
    nlp: Language, finder: TriggerFinder, text: str, published: date | None = date(2021, 5, 1)
) -> list[Trigger]:
    ctx = ArticleContext(Article(id="t", text=text), CleanText.unchanged(text), published)
    return finder.find(nlp(text), ctx)


def _best(nlp: Language, finder: TriggerFinder, text: str) -> str | None:
    found = _find(nlp, finder, text)
    return max(found, key=lambda t: t.score).sub_event_type if found else None


# ---- lexicon ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("air strike*", "two air-strikes hit", True),
        ("air strike*", "an airstrike", False),
        ("cease fire*", "a cease-fire held", True),
        ("blew|blown themselves up", "they blew themselves up", True),
        ("exchange ~1 fire", "exchange heavy fire", True),
        ("exchange ~1 fire", "exchange of more heavy fire", False),
        ("shell|shells", "shelter", False),
        ("re:\\bgrad\\b", "a Grad rocket", True),
    ],
)
def test_lexicon_compile_pattern_matches(pattern: str, text: str, matches: bool) -> None:
    assert bool(re.search(compile_pattern(pattern), text, re.IGNORECASE)) is matches


def test_lexicon_extra_file_extends_a_feature(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("features:\n  air:\n    patterns: [kamikaze quadcopter*]\n", "utf-8")
    lex = load_lexicon([extra])
    assert lex.feature("air").present("a kamikaze quadcopter hit the post")
    assert not load_lexicon().feature("air").present("a kamikaze quadcopter hit the post")


@pytest.mark.parametrize(
    "content",
    [
        "features: [1, 2]\n",
        "features:\n  air:\n    patterns: ['re:(unclosed']\n",
        "features: {air: [unclosed",
    ],
)
def test_lexicon_invalid_file_raises_knowledge_error(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, "utf-8")
    with pytest.raises(KnowledgeError):
        load_lexicon([bad])


# ---- cheap pass ------------------------------------------------------------------------------------
def test_triggers_candidate_spans_keep_event_sentences_only(finder: TriggerFinder) -> None:
    text = (
        "Home | News | Contact\n"
        "The weather was mild in Damascus. Warplanes pounded the town of Saraqib on Monday.\n"
        "Subscribe to our newsletter. Rebels shelled a checkpoint near Hama."
    )
    kept = [text[s:e] for s, e in finder.candidate_spans(text)]
    assert kept == [
        "Warplanes pounded the town of Saraqib on Monday.",
        "Rebels shelled a checkpoint near Hama.",
    ]


def test_triggers_candidate_spans_without_events(finder: TriggerFinder) -> None:
    assert finder.candidate_spans("") == []
    assert finder.candidate_spans("Nothing happened here. The sun rose.") == []


# ---- typing ------------------------------------------------------------------------------------------
TYPED = [
    ("Russian warplanes carried out several air raids on Maarat al-Numan on Tuesday.", "Air/drone strike"),
    ("A Turkish drone struck a car near Qamishli, killing two fighters.", "Air/drone strike"),
    (
        "Government forces shelled the village of Kafr Nabl with heavy artillery.",
        "Shelling/artillery/missile attack",
    ),
    ("Two mortar rounds landed in a residential district of Aleppo.", "Shelling/artillery/missile attack"),
    ("A suicide bomber blew himself up at a checkpoint in Baghdad.", "Suicide bomb"),
    ("A roadside bomb struck an army patrol near Kirkuk.", "Remote explosive/landmine/IED"),
    ("Militants hurled a grenade at a police post in the old city.", "Grenade"),
    ("Dozens suffered breathing problems after a chlorine attack on the town.", "Chemical weapon"),
    ("Rebels and government troops clashed overnight on the outskirts of Daraa.", "Armed clash"),
    ("The army repelled an attack by insurgents on its positions near the airport.", "Armed clash"),
    (
        "Syrian troops retook the village of Abu Dali from the rebels on Friday.",
        "Government regains territory",
    ),
    (
        "Islamic State fighters seized the town of Sukhnah from the army.",
        "Non-state actor overtakes territory",
    ),
    ("Kurdish forces withdrew and handed over the town to the army.", "Non-violent transfer of territory"),
    ("Gunmen opened fire on a crowded market, killing five shoppers.", "Attack"),
    ("Armed men kidnapped three aid workers on the road to Gao.", "Abduction/forced disappearance"),
    ("Soldiers raped two women during the raid on the village.", "Sexual violence"),
    (
        "Thousands of people marched peacefully through the capital to demand new elections.",
        "Peaceful protest",
    ),
    (
        "Police fired tear gas to disperse hundreds of protesters outside parliament.",
        "Protest with intervention",
    ),
    (
        "Security forces used live ammunition against peaceful protesters, killing four.",
        "Excessive force against protesters",
    ),
    ("Rioters torched cars and threw stones at police during the protest.", "Violent demonstration"),
    ("An angry mob lynched a man accused of theft in the market.", "Mob violence"),
    ("The two sides agreed to a ceasefire in the province starting Sunday.", "Agreement"),
    ("Police arrested four members of the opposition party in the capital.", "Arrests"),
    ("Hundreds of fighters defected from the group to join the army.", "Change to group/activity"),
    ("Army engineers defused a car bomb planted near the bridge.", "Disrupted weapons use"),
    ("Security forces seized a cache of weapons and ammunition on a farm.", "Disrupted weapons use"),
    ("Turkish forces set up a new observation point near Saraqib.", "Headquarters or base established"),
    ("Fighters looted shops and set fire to houses in the village.", "Looting/property destruction"),
    ("Government troops blocked an aid convoy outside the city.", "Other"),
]


@pytest.mark.parametrize(("text", "expected"), TYPED)
def test_triggers_type_event_sentences(
    nlp: Language, finder: TriggerFinder, text: str, expected: str
) -> None:
    assert _best(nlp, finder, text) == expected


def test_triggers_examples_cover_every_sub_event_type() -> None:
    assert {expected for _, expected in TYPED} == set(sub_event_types())


@pytest.mark.parametrize(
    "text",
    [
        "The militants vowed to attack the base in the coming days.",
        "The ministry denied carrying out the strike.",
        "The group did not attack the village.",
        "Could the army retake the city this year?",
        "A magnitude 6 earthquake destroyed houses in the north.",
        "A boiler exploded at a chemical plant, injuring two workers.",
        "Islamic State seized the city in 2014.",
        "Ten soldiers were killed or injured, media claimed.",
        "The weather in Idlib was cold on Tuesday.",
    ],
)
def test_triggers_drop_non_events(nlp: Language, finder: TriggerFinder, text: str) -> None:
    assert _find(nlp, finder, text) == []


def test_triggers_background_only_when_the_year_is_old(nlp: Language, finder: TriggerFinder) -> None:
    text = "Islamic State seized the city in 2014."
    assert _find(nlp, finder, text, published=date(2014, 6, 12))
    assert not _find(nlp, finder, text, published=date(2020, 6, 12))


def test_triggers_history_in_a_relative_clause_keeps_the_event(nlp: Language, finder: TriggerFinder) -> None:
    text = "The army retook the village of Abdi, which the rebels had seized in 2014."
    found = _find(nlp, finder, text, published=date(2020, 6, 12))
    assert [(t.sub_event_type, t.text) for t in found] == [("Government regains territory", "retook")]


def test_triggers_record_is_consistent(nlp: Language, finder: TriggerFinder) -> None:
    text = "Aid arrived on Monday. Rebels shelled a checkpoint near Hama on Tuesday."
    found = _find(nlp, finder, text)
    assert found
    for trig in found:
        assert text[trig.start : trig.end] == trig.text
        assert trig.sentence_start <= trig.start < trig.end <= trig.sentence_end
        assert text[trig.sentence_start : trig.sentence_end].startswith("Rebels")
        assert 0.0 < trig.score <= 1.0
        assert trig.event_type == event_type_of(trig.sub_event_type)


def test_triggers_two_event_kinds_in_one_sentence(nlp: Language, finder: TriggerFinder) -> None:
    found = _find(nlp, finder, "Warplanes bombed the town while artillery shelled the nearby hills.")
    assert {t.sub_event_type for t in found} == {"Air/drone strike", "Shelling/artillery/missile attack"}


def test_triggers_masked_text_keeps_offsets(nlp: Language, finder: TriggerFinder) -> None:
    from frontwire.extract.pipeline import mask_text

    text = "Cookie notice. Accept all.\nRebels shelled a checkpoint near Hama on Tuesday.\nShare this."
    masked = mask_text(text, finder.candidate_spans(text))
    found = _find(nlp, finder, masked)
    assert [text[t.start : t.end] for t in found] == ["shelled"]


def _sentences() -> list[tuple[str, str]]:
    path = Path(__file__).with_name("event_sentences.tsv")
    rows = [
        line.split("\t") for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")
    ]
    return [(text, label) for label, text in rows]


@pytest.mark.parametrize(("text", "expected"), _sentences())
def test_triggers_written_examples(nlp: Language, finder: TriggerFinder, text: str, expected: str) -> None:
    assert (_best(nlp, finder, text) or "no event") == expected


def test_find_keeps_an_event_sentence_dense_with_names_after_the_headline(nlp: Language) -> None:
    text = (
        "Fighting flares in northern Hama\n\n"
        "Units of the Syrian Arab Army and the National Defence Forces repelled an attack by Jaish "
        "al-Izza near Kafr Zita in northern Hama on Monday, the Syrian Arab News Agency reported."
    )
    finder = TriggerFinder.load()
    triggers = finder.find(nlp(text))
    assert "repelled" in {t.text for t in triggers}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a town's or tribe's leaders agreeing a truce with the army is an Agreement, not diplomacy
        ("Army negotiators and tribal leaders agreed on Sunday to a ceasefire in the valley.", "Agreement"),
        # a convoy stopped by armed men is as specific an event as a strike in the same article
        ("Soldiers at a roadblock stopped an aid convoy bound for the camp on Monday.", "Other"),
    ],
)
def test_find_agreements_and_blocked_convoys(nlp: Language, text: str, expected: str) -> None:
    triggers = TriggerFinder.load().find(nlp(text))
    assert triggers and max(triggers, key=lambda t: t.score).sub_event_type == expected
    if expected == "Other":
        assert max(t.score for t in triggers) >= 0.65  # above what a specific event's article drops


def test_find_leaders_of_states_agreeing_is_diplomacy(nlp: Language) -> None:
    triggers = TriggerFinder.load().find(nlp("The two leaders agreed to extend the trade truce."))
    assert not any(t.sub_event_type == "Agreement" for t in triggers)


@pytest.mark.parametrize(
    ("text", "abduction"),
    [
        ("Kidnappers seized a Lebanese trader on the road to Zahle on Sunday.", True),
        ("Masked men grabbed a teacher outside the school gate on Sunday.", True),
        ("Rebels seized a national park near the border on Sunday.", False),
        ("Rebels seized the airport after a week of fighting.", False),
    ],
)
def test_find_people_seized_are_abducted(nlp: Language, text: str, abduction: bool) -> None:
    triggers = TriggerFinder.load().find(nlp(text))
    assert any(t.sub_event_type == "Abduction/forced disappearance" for t in triggers) is abduction
