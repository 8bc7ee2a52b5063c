"""Event typing rules, scored on the development sets written for frontwire (typing_sentences.tsv,
typing_sentences_check.tsv and the later check sets typing_sentences_check2.tsv to _check12.tsv).

Single sentences may be hard cases that are allowed to fail; the floors guard the rules as a whole
against regressions (overall accuracy, and every sub-event type).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from spacy.language import Language

from frontwire.extract.event_rules import Hits, type_sentence
from frontwire.extract.triggers import TriggerFinder
from frontwire.taxonomy import sub_event_types
from frontwire.types import Article, ArticleContext, CleanText

ACCURACY_FLOOR = 0.95
PER_TYPE_FLOOR = 0.75
NO_EVENT = "no event"
SETS = (
    "typing_sentences.tsv",
    "typing_sentences_check.tsv",
    "typing_sentences_check2.tsv",
    "typing_sentences_check3.tsv",
    "typing_sentences_check4.tsv",
    "typing_sentences_check5.tsv",
    "typing_sentences_check6.tsv",
    "typing_sentences_check7.tsv",
    "typing_sentences_check8.tsv",
    "typing_sentences_check9.tsv",
    "typing_sentences_check10.tsv",
    "typing_sentences_check11.tsv",
    "typing_sentences_check12.tsv",
)


def _rows(*names: str) -> list[tuple[str, str]]:
    rows = []
    lines = [ln for n in names for ln in Path(__file__).with_name(n).read_text("utf-8").splitlines()]
    for line in lines:
        if line and not line.startswith("#"):
            label, text = line.split("\t")
            rows.append((text, label))
    return rows


@pytest.fixture(scope="module")
def finder() -> TriggerFinder:
    return TriggerFinder.load()


@pytest.fixture(scope="module")
def scored(nlp: Language, finder: TriggerFinder) -> list[tuple[str, str, str]]:
    """(sentence, expected, predicted): the most confident trigger's sub-type, or "no event"."""
    rows = _rows(*SETS)
    out = []
    for (text, expected), doc in zip(rows, nlp.pipe(t for t, _ in rows), strict=True):
        ctx = ArticleContext(Article(id="t", text=text), CleanText.unchanged(text), None)
        found = finder.find(doc, ctx)
        best = max(found, key=lambda t: t.score).sub_event_type if found else NO_EVENT
        out.append((text, expected, best))
    return out


def test_event_rules_dev_set_is_well_formed() -> None:
    rows = _rows("typing_sentences.tsv")
    labels = Counter(label for _, label in rows)
    assert set(labels) == set(sub_event_types()) | {NO_EVENT}
    assert len(rows) >= 300 and min(labels.values()) >= 6
    every = _rows(*SETS)
    assert len({t for t, _ in every}) == len(every)  # no sentence twice


def test_event_rules_accuracy_floor(scored: list[tuple[str, str, str]]) -> None:
    wrong = [f"{e} -> {p}: {t}" for t, e, p in scored if e != p]
    assert 1 - len(wrong) / len(scored) >= ACCURACY_FLOOR, "\n".join(wrong)


def test_event_rules_every_type_floor(scored: list[tuple[str, str, str]]) -> None:
    total = Counter(e for _, e, _ in scored)
    right = Counter(e for _, e, p in scored if e == p)
    weak = {label: right[label] / n for label, n in total.items() if right[label] / n < PER_TYPE_FLOOR}
    assert not weak, weak


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the central word decides: the students' vandalism, not their "protesting"
        (
            "Students protesting the exam results vandalised the university's administrative block.",
            "Violent demonstration",
        ),
        (
            "Police fired live rounds to disperse a crowd demonstrating against the verdict, wounding eight.",
            "Excessive force against protesters",
        ),
        # a protest only called for is none: the detention is an arrest
        ("Egyptian authorities detained a blogger who had called for demonstrations.", "Arrests"),
        # what a mob accused its victims of is not the event
        ("Villagers beat two men to death after accusing them of child kidnapping.", "Mob violence"),
        # an ambush on a bus of civilians is an attack, on a patrol a clash
        ("Gunmen ambushed a vehicle carrying civilians near the village, killing four.", "Attack"),
        ("Rebels ambushed an army patrol in the hills, sparking clashes that lasted hours.", "Armed clash"),
        # a killing the crowd mourns or demands justice for is its grievance, not the response
        (
            "Relatives marched in Lima demanding justice for the farmers killed by soldiers in May.",
            "Peaceful protest",
        ),
        # a crowd of residents burning houses with no protest named is a mob; communities stoning each other
        ("Residents of the township torched the shacks of two men accused of theft.", "Mob violence"),
        (
            "Fighting erupted between two communities in the market town, with stones hurled from rooftops.",
            "Mob violence",
        ),
        # party supporters fighting the police are a violent demonstration even with no protest word
        (
            "Supporters of the detained governor clashed with police and blocked the bridge.",
            "Violent demonstration",
        ),
        # protesters freeing detainees is a jailbreak, not a prisoner exchange
        (
            "Protesters overran the police post, freed the detainees and burned two vans.",
            "Violent demonstration",
        ),
        # a protest judged by a court, awaited, or named as a right is no protest held
        ("A court in Rabat sentenced nine activists to prison over a march held last spring.", NO_EVENT),
        ("Shops shut early in the city centre ahead of the rally.", NO_EVENT),
        # what a protest is against is no event of its own
        (
            "Fishermen rallied in Dakar against the fishing agreement signed with the European Union.",
            "Peaceful protest",
        ),
        # a crowd of civilians fighting is a mob; a crowd protesting over crime is a protest all the same
        (
            "Two groups of traders belonging to rival markets clashed with iron rods near the bus stand.",
            "Mob violence",
        ),
        (
            "Hundreds of women staged a march in Tegucigalpa against drug trafficking and gang extortion.",
            "Peaceful protest",
        ),
        # batons and arrests are an intervention; serious injuries excessive force
        (
            "Police hit teachers marching in La Paz with batons and detained six of them.",
            "Protest with intervention",
        ),
        (
            "Police beat marchers in Kinshasa so badly that four were left critically wounded.",
            "Excessive force against protesters",
        ),
        # a time counted from an old event
        ("Survivors still await compensation three years after the bombing of the market.", NO_EVENT),
        # "seized" with a thing as object is no change of territory
        ("Customs officials seized smuggled gold at the airport.", NO_EVENT),
        # the aircraft hit is not an air strike
        (
            "Rockets struck near the airport in Tripoli, damaging a plane.",
            "Shelling/artillery/missile attack",
        ),
    ],
)
def test_event_rules_precedence(nlp: Language, finder: TriggerFinder, text: str, expected: str) -> None:
    ctx = ArticleContext(Article(id="t", text=text), CleanText.unchanged(text), None)
    found = finder.find(nlp(text), ctx)
    assert (max(found, key=lambda t: t.score).sub_event_type if found else NO_EVENT) == expected


def test_event_rules_riot_needs_no_protest_word(nlp: Language, finder: TriggerFinder) -> None:
    text = "Youths pelted stones at a police patrol in the old city."
    doc = nlp(text)
    sent = next(iter(doc.sents))
    hits: Hits = finder.sentence_hits(text, sent.start_char, sent.end_char)
    assert hits.has("riot") and not hits.has("protest")
    assert type_sentence(hits, doc, sent, finder.lexicon)[0].sub_event_type == "Violent demonstration"


def test_a_bomb_attack_foiled_near_protesters_is_disrupted_weapons_use(
    nlp: Language, finder: TriggerFinder
) -> None:
    triggers = finder.find(nlp("Police foiled a car bomb attack on the protest camp on Friday."))
    best = max(triggers, key=lambda t: t.score)
    assert best.sub_event_type == "Disrupted weapons use" and best.score >= 0.9
