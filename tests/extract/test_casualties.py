"""Casualties: every figure found with its kind, bounds, claimant and certainty."""

from __future__ import annotations

import pytest
from spacy.language import Language
from tests.extract.casualty_texts import figures_in, trigger

from frontwire.extract.event_toll import fatalities_for


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
        ("Gunmen shot dead two farmers outside Mayadin.", (2, 2, None, "killed")),
        ("A sniper shot dead a shepherd near the river.", (1, 1, None, "killed")),
        ("Masked men gunned down a local council member.", (1, 1, None, "killed")),
        ("An IED killed a police officer at the roundabout.", (1, 1, None, "killed")),
        ("The drone strike killed a senior Hurras al-Din commander.", (1, 1, None, "killed")),
        ("Kidnappers stabbed to death four truck drivers.", (4, 4, None, "killed")),
        # the bomber is one of the dead
        (
            "The bomber detonated his vest at the gate, killing himself and six guards.",
            (7, 7, None, "killed"),
        ),
    ],
)
def test_casualties_figure_forms(
    nlp: Language, text: str, expected: tuple[int, int | None, int | None, str]
) -> None:
    figures = figures_in(nlp, text)
    assert len(figures) == 1, figures
    f = figures[0]
    assert (f.value, f.low, f.high, f.kind) == expected
    assert text[f.start : f.end] == f.text and f.text


def test_casualties_killed_and_injured_are_separate(nlp: Language) -> None:
    text = "One civilian was killed while 16 others were injured in rocket attacks."
    figures = figures_in(nlp, text)
    assert [(f.value, f.kind) for f in figures] == [(1, "killed"), (16, "injured")]
    assert fatalities_for(trigger(text, "attacks"), figures, nlp(text))[0] == 1


def test_casualties_active_verbs_killed_and_injuring(nlp: Language) -> None:
    text = "The shells killed one person and injured 16 others."
    assert [(f.value, f.kind) for f in figures_in(nlp, text)] == [(1, "killed"), (16, "injured")]


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
    figures = figures_in(nlp, text)
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
        "The shell killed a herd of sheep.",
        "The strike killed a group of civilians.",
        "The raids caused a heavy civilian death toll.",
    ],
)
def test_casualties_other_numbers_are_not_figures(nlp: Language, text: str) -> None:
    assert figures_in(nlp, text) == []


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
    assert [(f.value, f.kind) for f in figures_in(nlp, text)] == expected


def test_casualties_a_total_cue_marks_only_its_own_clause(nlp: Language) -> None:
    text = "Six teachers died in the raids, while the monitor said that 35 people in total had died."
    figures = figures_in(nlp, text)
    assert [(f.value, f.total) for f in figures] == [(6, False), (35, True)]


def test_casualties_figures_carry_article_and_claimant(nlp: Language) -> None:
    text = "The Syrian Observatory for Human Rights said 19 fighters and four civilians were killed."
    (f,) = figures_in(nlp, text)
    assert f.value == 23 and f.article_id == "c"
    assert f.claimant == "Syrian Observatory for Human Rights" and f.certainty == "reported"


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
        # a phrase set off by commas restates the count; a list goes on
        ("Two farmers, a father and his son, were killed by the mine.", 2),
        ("Four guards, two of them officers, were killed.", 4),
        ("Two farmers, three herders and a driver were killed by the mine.", 6),
    ],
)
def test_casualties_sums_over_one_verb(nlp: Language, text: str, value: int) -> None:
    figures = [f for f in figures_in(nlp, text) if f.kind == "killed"]
    assert [f.value for f in figures] == [value]


def test_casualties_casualty_participle_after_and_is_a_verb(nlp: Language) -> None:
    text = "Gunmen killed three soldiers and wounded civilians."
    assert [(f.value, f.kind) for f in figures_in(nlp, text)] == [(3, "killed")]


def test_casualties_numeric_date_is_not_a_count(nlp: Language) -> None:
    text = "14-08-2016 Army Battles Rebels near Hama 6 Killed."
    assert [f.value for f in figures_in(nlp, text)] == [6]
