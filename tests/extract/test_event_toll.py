"""Event toll: ACLED's conservative count of one event's dead from the figures an article reports."""

from __future__ import annotations

import pytest
from spacy.language import Language
from tests.extract.casualty_texts import ctx, figures_in, sentence_trigger, trigger

from frontwire.extract.casualties import find_fatalities
from frontwire.extract.event_toll import fatalities_for, split_toll
from frontwire.extract.pipeline import extract
from frontwire.extract.places import geoparse_text


def test_event_toll_killed_or_injured_counts_no_fatalities(nlp: Language) -> None:
    text = (
        "Pro-opposition media claim up to 10 soldiers were killed or injured, "
        "but this is yet to be confirmed."
    )
    figures = figures_in(nlp, text)
    n, used = fatalities_for(trigger(text, "killed"), figures, nlp(text))
    assert n == 0
    assert len(used) == 1 and used[0].kind == "killed_or_injured"
    assert used[0].claimant == "Pro-opposition media" and used[0].certainty == "unconfirmed"


def test_event_toll_conservative_across_sources(nlp: Language) -> None:
    text = "State media said 8 soldiers were killed in the attack, while activists said 12 soldiers died."
    doc = nlp(text)
    figures = find_fatalities(doc, ctx(text))
    n, used = fatalities_for(trigger(text, "attack"), figures, doc)
    assert n == 8
    assert {f.value for f in used} == {8, 12}


def test_event_toll_unconfirmed_claim_is_kept_not_counted(nlp: Language) -> None:
    text = "The group claimed that 40 soldiers were killed in the attack. This could not be verified."
    doc = nlp(text)
    figures = find_fatalities(doc, ctx(text))
    first = (0, text.index(".") + 1)
    n, used = fatalities_for(trigger(text, "attack", first), figures, doc)
    assert n == 0 and [f.value for f in used] == [40]
    assert used[0].certainty == "unconfirmed"


def test_event_toll_toll_sentence_after_the_event(nlp: Language) -> None:
    text = "Warplanes struck the market in Hajin on Monday. Five civilians were killed, activists said."
    doc = nlp(text)
    figures = find_fatalities(doc, ctx(text))
    first = (0, text.index(".") + 1)
    n, _ = fatalities_for(trigger(text, "struck", first), figures, doc)
    assert n == 5


def test_event_toll_totals_stay_with_their_own_sentence(nlp: Language) -> None:
    text = (
        "Warplanes struck the market in Hajin on Monday. "
        "Airstrikes have killed 200 civilians in the province since the start of the year."
    )
    doc = nlp(text)
    figures = find_fatalities(doc, ctx(text))
    assert figures and figures[0].total
    first = (0, text.index(".") + 1)
    assert fatalities_for(trigger(text, "struck", first), figures, doc) == (0, ())
    second = (first[1] + 1, len(text))
    n, used = fatalities_for(trigger(text, "Airstrikes", second), figures, doc)
    assert n == 0 and [f.value for f in used] == [200]  # a year's toll is kept, never one event's count


def test_event_toll_short_totals_count_for_their_event(nlp: Language) -> None:
    text = "Over the past two days, jets pounded the militants on the river bank, killing 120 fighters."
    doc = nlp(text)
    figures = find_fatalities(doc, ctx(text))
    assert figures and figures[0].total
    assert fatalities_for(trigger(text, "pounded"), figures, doc)[0] == 120


def test_event_toll_a_subordinate_clause_with_its_own_toll_is_another_event(nlp: Language) -> None:
    text = "Jets killed 17 people in Kafr Batna while rockets on Harasta killed another two civilians."
    doc = nlp(text)
    figures = find_fatalities(doc, ctx(text))
    assert fatalities_for(trigger(text, "rockets"), figures, doc)[0] == 2
    assert fatalities_for(trigger(text, "Jets"), figures, doc)[0] == 17


def test_event_toll_next_sentence_toll_of_another_event_is_not_borrowed(nlp: Language) -> None:
    text = "Army gunners pounded the hills on Monday. Over 50 rebels were killed in clashes with the army."
    doc = nlp(text)
    figures = find_fatalities(doc, ctx(text))
    shelling = sentence_trigger(text, "pounded", "Shelling/artillery/missile attack")
    clashes = sentence_trigger(text, "clashes", "Armed clash")
    assert fatalities_for(shelling, figures, doc, [shelling, clashes])[0] == 0
    assert fatalities_for(shelling, figures, doc, [shelling])[0] == 50  # no other event told there


def test_event_toll_next_sentence_adds_more_dead_or_another_source(nlp: Language) -> None:
    text = (
        "Air strikes hit a school in the village, killing 20 pupils, the ministry said. "
        "Four teachers also died in the attack, the ministry added."
    )
    doc = nlp(text)
    figures = find_fatalities(doc, ctx(text))
    strike = sentence_trigger(text, "Air strikes", "Air/drone strike")
    assert fatalities_for(strike, figures, doc, [strike])[0] == 24
    text = (
        "A car bomb tore through the market on Friday, killing 12 people, the governor said. "
        "The state news agency reported that 8 people were killed."
    )
    doc = nlp(text)
    figures = find_fatalities(doc, ctx(text))
    bomb = sentence_trigger(text, "car bomb", "Remote explosive/landmine/IED")
    assert fatalities_for(bomb, figures, doc, [bomb])[0] == 8  # the lowest of two sources


def test_event_toll_split_gives_the_remainder_to_the_first() -> None:
    assert split_toll(17, 2) == [9, 8]
    assert split_toll(6, 3) == [2, 2, 2]
    assert split_toll(5, 1) == [5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18 Civilians Killed in Barrel Bomb Attack on Aleppo 18 civilians were killed in the attack.", 18),
        ("Air strikes killed 17 civilians in the town and killed another two civilians in the market.", 19),
        ("Air strikes killed more than 10 people in the town, killing at least 8 civilians.", 10),
    ],
)
def test_event_toll_same_source_repeats_count_once(nlp: Language, text: str, expected: int) -> None:
    doc = nlp(text)
    figures = find_fatalities(doc, ctx(text))
    assert fatalities_for(trigger(text, text.split()[1], (0, len(text))), figures, doc)[0] == expected


def test_event_toll_two_events_in_one_sentence_keep_their_own_figures(nlp: Language) -> None:
    text = (
        "The Turkish military said one of its soldiers had been killed in a car bomb in al-Bab on Sunday "
        "and that 11 militants were also killed in clashes that day."
    )
    doc = nlp(text)
    figures = find_fatalities(doc, ctx(text))
    assert sorted(f.value for f in figures) == [1, 11]
    assert fatalities_for(trigger(text, "car bomb"), figures, doc)[0] == 1
    assert fatalities_for(trigger(text, "clashes"), figures, doc)[0] == 11


def test_event_toll_next_sentence_at_another_place_is_another_event(nlp: Language) -> None:
    """A next sentence naming a place the event's sentence does not is another event; the caller passes
    the gazetteer's place mentions of sentences with an event word (entity labels reach only some)."""
    first_sentence = "Warplanes struck the market in Sarmin on Tuesday, killing 10 people."
    for second_sentence, expected in (
        ("Two more civilians were killed in air strikes on the town of Binnish.", 10),
        ("Two more civilians were killed in the air strikes on the town.", 12),
    ):
        text = f"{first_sentence} {second_sentence}"
        doc = nlp(text)
        figures = find_fatalities(doc, ctx(text))
        strike = sentence_trigger(text, "struck", "Air/drone strike")
        places = geoparse_text(text)
        assert {p.text for p in places} >= {"Sarmin"}
        assert fatalities_for(strike, figures, doc, [strike], places)[0] == expected


def test_event_toll_another_source_putting_the_toll_lower_wins(nlp: Language) -> None:
    """ "the civil defence put the toll at 9" is a second source's count: the conservative rule takes 9."""
    (event,) = extract(
        "Air strikes hit a market in Saraqib on Wednesday. The Syrian Observatory said 12 civilians were "
        "killed, while the civil defence put the toll at 9.",
        "2022-03-10",
    )
    assert event.fatalities == 9
    assert {f.claimant for f in event.fatalities_reported} == {"Syrian Observatory", "civil defence"}
