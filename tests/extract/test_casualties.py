"""Casualties: every figure found with its kind and bounds; the conservative count per event."""

from __future__ import annotations

import pytest
from spacy.language import Language

from frontwire.extract.casualties import fatalities_for, find_fatalities, split_toll
from frontwire.types import Article, ArticleContext, CleanText, FatalityFigure, Trigger


def _ctx(text: str) -> ArticleContext:
    return ArticleContext(Article("c", text), CleanText.unchanged(text), None)


def _figures(nlp: Language, text: str) -> list[FatalityFigure]:
    return find_fatalities(nlp(text), _ctx(text))


def _trigger(text: str, word: str, sentence: tuple[int, int] | None = None) -> Trigger:
    start = text.index(word)
    s, e = sentence if sentence else (0, len(text))
    return Trigger(start, start + len(word), word, "Attack", "Violence against civilians", 0.8, s, e)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Twelve civilians were killed in the raid.", (12, 12, None, "killed")),
        ("At least 23 people were killed in the blast.", (23, 23, None, "killed")),
        ("Up to 10 soldiers were killed in the attack.", (10, None, 10, "killed")),
        ("More than 40 fighters died in the battle.", (40, 40, None, "killed")),
        ("Between 10 and 15 fighters died in the clashes.", (10, 10, 15, "killed")),
        ("The strikes killed 10 to 15 militants.", (10, 10, 15, "killed")),
        ("Twenty-three people died in the fire.", (23, 23, None, "killed")),
        ("Several civilians were killed by the shelling.", (3, 3, None, "killed")),
        ("A few soldiers were wounded in the ambush.", (3, 3, None, "injured")),
        ("Dozens were killed when the market was hit.", (12, 12, None, "killed")),
        ("Tens of people were killed in the bombing.", (10, 10, None, "killed")),
        ("Hundreds of people were injured in the explosion.", (100, 100, None, "injured")),
        ("A dozen fighters were killed near the village.", (12, 12, None, "killed")),
        ("A child was killed by a landmine.", (1, 1, None, "killed")),
        ("Two civilians and a soldier were killed in the shelling.", (3, 3, None, "killed")),
        ("The bomb killed seven people at the checkpoint.", (7, 7, None, "killed")),
        ("The raid left 7 dead.", (7, 7, None, "killed")),
        ("The death toll rose to 30 on Sunday.", (30, 30, None, "killed")),
        ("The rockets hit the town, claiming the life of a person.", (1, 1, None, "killed")),
        ("Up to 10 soldiers were killed or injured in the attack.", (10, None, 10, "killed_or_injured")),
        ("Five people were killed and wounded in the raid.", (5, 5, None, "killed_or_injured")),
        ("The attack caused 14 casualties.", (14, 14, None, "killed_or_injured")),
        ("One hundred and twenty people died in the siege.", (120, 120, None, "killed")),
        (
            "The bomber blew himself up, killing and injuring scores of people.",
            (12, 12, None, "killed_or_injured"),
        ),
        ("The jets killed about a hundred militants.", (100, 100, None, "killed")),
    ],
)
def test_casualties_figure_forms(
    nlp: Language, text: str, expected: tuple[int, int | None, int | None, str]
) -> None:
    figures = _figures(nlp, text)
    assert len(figures) == 1, figures
    f = figures[0]
    assert (f.value, f.low, f.high, f.kind) == expected
    assert text[f.start : f.end] == f.text and f.text


def test_casualties_killed_and_injured_are_separate(nlp: Language) -> None:
    text = "One civilian was killed while 16 others were injured in rocket attacks."
    figures = _figures(nlp, text)
    assert [(f.value, f.kind) for f in figures] == [(1, "killed"), (16, "injured")]
    assert fatalities_for(_trigger(text, "attacks"), figures, nlp(text))[0] == 1


def test_casualties_active_verbs_killed_and_injuring(nlp: Language) -> None:
    text = "The shells killed one person and injured 16 others."
    assert [(f.value, f.kind) for f in _figures(nlp, text)] == [(1, "killed"), (16, "injured")]


@pytest.mark.parametrize(
    "text",
    [
        "The attack killed 5 people, including 3 children, in the town.",
        "At least 5 people, among them two women, were killed in the town.",
        "At least 5 people including children and two women were killed in the town.",
        "The raid killed at least 5 people including children and two women in the town.",
    ],
)
def test_casualties_subsets_are_not_added(nlp: Language, text: str) -> None:
    figures = _figures(nlp, text)
    assert [f.value for f in figures] == [5]


@pytest.mark.parametrize(
    "text",
    [
        "A convoy of 31 lorries was hit on 19 September 2016.",
        "Resolution 2254 was passed by 15 members.",
        "The town lies 20 km from the border.",
        "Several buildings were destroyed.",
        "Five children were among those killed in the raids.",
        "The militants kidnapped 900 villagers and executed them.",
    ],
)
def test_casualties_other_numbers_are_not_figures(nlp: Language, text: str) -> None:
    assert _figures(nlp, text) == []


def test_casualties_killed_or_injured_counts_no_fatalities(nlp: Language) -> None:
    text = (
        "Pro-opposition media claim up to 10 soldiers were killed or injured, "
        "but this is yet to be confirmed."
    )
    figures = _figures(nlp, text)
    n, used = fatalities_for(_trigger(text, "killed"), figures, nlp(text))
    assert n == 0
    assert len(used) == 1 and used[0].kind == "killed_or_injured"
    assert used[0].claimant == "Pro-opposition media" and used[0].certainty == "unconfirmed"


def test_casualties_conservative_across_sources(nlp: Language) -> None:
    text = "State media said 8 soldiers were killed in the attack, while activists said 12 soldiers died."
    doc = nlp(text)
    figures = find_fatalities(doc, _ctx(text))
    n, used = fatalities_for(_trigger(text, "attack"), figures, doc)
    assert n == 8
    assert {f.value for f in used} == {8, 12}


def test_casualties_unconfirmed_claim_is_kept_not_counted(nlp: Language) -> None:
    text = "The group claimed that 40 soldiers were killed in the attack. This could not be verified."
    doc = nlp(text)
    figures = find_fatalities(doc, _ctx(text))
    first = (0, text.index(".") + 1)
    n, used = fatalities_for(_trigger(text, "attack", first), figures, doc)
    assert n == 0 and [f.value for f in used] == [40]
    assert used[0].certainty == "unconfirmed"


def test_casualties_toll_sentence_after_the_event(nlp: Language) -> None:
    text = "Warplanes struck the market in Hajin on Monday. Five civilians were killed, activists said."
    doc = nlp(text)
    figures = find_fatalities(doc, _ctx(text))
    first = (0, text.index(".") + 1)
    n, _ = fatalities_for(_trigger(text, "struck", first), figures, doc)
    assert n == 5


def test_casualties_totals_stay_with_their_own_sentence(nlp: Language) -> None:
    text = (
        "Warplanes struck the market in Hajin on Monday. "
        "Airstrikes have killed 200 civilians in the province since the start of the year."
    )
    doc = nlp(text)
    figures = find_fatalities(doc, _ctx(text))
    assert figures and figures[0].total
    first = (0, text.index(".") + 1)
    assert fatalities_for(_trigger(text, "struck", first), figures, doc) == (0, ())
    second = (first[1] + 1, len(text))
    n, used = fatalities_for(_trigger(text, "Airstrikes", second), figures, doc)
    assert n == 0 and [f.value for f in used] == [200]  # a year's toll is kept, never one event's count


def test_casualties_short_totals_count_for_their_event(nlp: Language) -> None:
    text = "Over the past two days, jets pounded the militants on the river bank, killing 120 fighters."
    doc = nlp(text)
    figures = find_fatalities(doc, _ctx(text))
    assert figures and figures[0].total
    assert fatalities_for(_trigger(text, "pounded"), figures, doc)[0] == 120


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Eleven fighters of the so-called Army of the North in the Aleppo and Idlib countryside "
            "were killed on Sunday.",
            [(11, "killed")],
        ),
        ("Nine people were also reported killed in mortar fire on the old city.", [(9, "killed")]),
        (
            "Five people, one of them a boy, were killed and three others were hurt.",
            [(5, "killed"), (3, "injured")],
        ),
        ("One of its best-known volunteers died after the raid.", [(1, "killed")]),
        ("Two men were stoned to death in the square.", [(2, "killed")]),
        (
            "Gunmen fired shells at the market killing 2 people injuring 7 others.",
            [(2, "killed"), (7, "injured")],
        ),
    ],
)
def test_casualties_longer_phrases(nlp: Language, text: str, expected: list[tuple[int, str]]) -> None:
    assert [(f.value, f.kind) for f in _figures(nlp, text)] == expected


def test_casualties_a_subordinate_clause_with_its_own_toll_is_another_event(nlp: Language) -> None:
    text = "Jets killed 17 people in Kafr Batna while rockets on Harasta killed another two civilians."
    doc = nlp(text)
    figures = find_fatalities(doc, _ctx(text))
    assert fatalities_for(_trigger(text, "rockets"), figures, doc)[0] == 2
    assert fatalities_for(_trigger(text, "Jets"), figures, doc)[0] == 17


def _sentence_trigger(text: str, word: str, sub_type: str) -> Trigger:
    start = text.index(word)
    s = text.rfind(". ", 0, start)
    s = 0 if s < 0 else s + 2
    e = text.find(". ", start)
    e = len(text) if e < 0 else e + 1
    return Trigger(start, start + len(word), word, sub_type, "Explosions/Remote violence", 0.8, s, e)


def test_casualties_next_sentence_toll_of_another_event_is_not_borrowed(nlp: Language) -> None:
    text = "Army gunners pounded the hills on Monday. Over 50 rebels were killed in clashes with the army."
    doc = nlp(text)
    figures = find_fatalities(doc, _ctx(text))
    shelling = _sentence_trigger(text, "pounded", "Shelling/artillery/missile attack")
    clashes = _sentence_trigger(text, "clashes", "Armed clash")
    assert fatalities_for(shelling, figures, doc, [shelling, clashes])[0] == 0
    assert fatalities_for(shelling, figures, doc, [shelling])[0] == 50  # no other event told there


def test_casualties_next_sentence_adds_more_dead_or_another_source(nlp: Language) -> None:
    text = (
        "Air strikes hit a school in the village, killing 20 pupils, the ministry said. "
        "Four teachers also died in the attack, the ministry added."
    )
    doc = nlp(text)
    figures = find_fatalities(doc, _ctx(text))
    strike = _sentence_trigger(text, "Air strikes", "Air/drone strike")
    assert fatalities_for(strike, figures, doc, [strike])[0] == 24
    text = (
        "A car bomb tore through the market on Friday, killing 12 people, the governor said. "
        "The state news agency reported that 8 people were killed."
    )
    doc = nlp(text)
    figures = find_fatalities(doc, _ctx(text))
    bomb = _sentence_trigger(text, "car bomb", "Remote explosive/landmine/IED")
    assert fatalities_for(bomb, figures, doc, [bomb])[0] == 8  # the lowest of two sources


def test_casualties_a_total_cue_marks_only_its_own_clause(nlp: Language) -> None:
    text = "Six teachers died in the raids, while the monitor said that 35 people in total had died."
    figures = _figures(nlp, text)
    assert [(f.value, f.total) for f in figures] == [(6, False), (35, True)]


def test_split_toll_gives_the_remainder_to_the_first() -> None:
    assert split_toll(17, 2) == [9, 8]
    assert split_toll(6, 3) == [2, 2, 2]
    assert split_toll(5, 1) == [5]


def test_casualties_figures_carry_article_and_claimant(nlp: Language) -> None:
    text = "The Syrian Observatory for Human Rights said 19 fighters and four civilians were killed."
    (f,) = _figures(nlp, text)
    assert f.value == 23 and f.article_id == "c"
    assert f.claimant == "Syrian Observatory for Human Rights" and f.certainty == "reported"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18 Civilians Killed in Barrel Bomb Attack on Aleppo 18 civilians were killed in the attack.", 18),
        ("Air strikes killed 17 civilians in the town and killed another two civilians in the market.", 19),
        ("Air strikes killed more than 10 people in the town, killing at least 8 civilians.", 10),
    ],
)
def test_casualties_same_source_repeats_count_once(nlp: Language, text: str, expected: int) -> None:
    doc = nlp(text)
    figures = find_fatalities(doc, _ctx(text))
    assert fatalities_for(_trigger(text, text.split()[1], (0, len(text))), figures, doc)[0] == expected


def test_casualties_two_events_in_one_sentence_keep_their_own_figures(nlp: Language) -> None:
    text = (
        "The Turkish military said one of its soldiers had been killed in a car bomb in al-Bab on Sunday "
        "and that 11 militants were also killed in clashes that day."
    )
    doc = nlp(text)
    figures = find_fatalities(doc, _ctx(text))
    assert sorted(f.value for f in figures) == [1, 11]
    assert fatalities_for(_trigger(text, "car bomb"), figures, doc)[0] == 1
    assert fatalities_for(_trigger(text, "clashes"), figures, doc)[0] == 11


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # "as well as" goes on with the sum; a participle before a noun ("allied") is an adjective
        ("The assault killed four of the rebels and allied fighters as well as three guards.", 7),
        ("Two soldiers as well as five armed guards were killed at the checkpoint.", 7),
        # a count after "and" that shares the casualty verb, its own verb left out
        ("One was killed on Friday and one on Saturday.", 2),
        ("Three fighters died in Hama and two in Homs.", 5),
        ("One man was shot dead on Monday and the other on Tuesday.", 2),
    ],
)
def test_casualties_sums_over_one_verb(nlp: Language, text: str, value: int) -> None:
    figures = [f for f in _figures(nlp, text) if f.kind == "killed"]
    assert [f.value for f in figures] == [value]


def test_casualties_casualty_participle_after_and_is_a_verb(nlp: Language) -> None:
    text = "Gunmen killed three soldiers and wounded civilians."
    assert [(f.value, f.kind) for f in _figures(nlp, text)] == [(3, "killed")]


def test_casualties_numeric_date_is_not_a_count(nlp: Language) -> None:
    text = "14-08-2016 Army Battles Rebels near Hama 6 Killed."
    assert [f.value for f in _figures(nlp, text)] == [6]
