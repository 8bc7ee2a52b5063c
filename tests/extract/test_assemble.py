"""Assembling reports from the mentions of one article (sentences written for these tests)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from frontwire.extract.actors import Roles
from frontwire.extract.assemble import DESCRIBED, NAMED, actor_rank, assemble
from frontwire.extract.dates import find_dates
from frontwire.extract.triggers import TriggerFinder
from frontwire.types import (
    ActorMention,
    ActorRef,
    Article,
    ArticleContext,
    CleanText,
    FatalityFigure,
    PlaceMention,
    PlaceRef,
    Report,
    Trigger,
)

SYRIA_ARMY = ActorRef("sy-mil", "Military Forces of Syria (2000-)", 1, "Syria", "military")
RUSSIA_AIR = ActorRef("ru-mil", "Military Forces of Russia (2000-)", 8, "Russia", "military")
IS = ActorRef("is", "IS: Islamic State", 2, None, "rebel")
CIVILIANS = ActorRef("sy-civ", "Civilians (Syria)", 7, "Syria", "civilians")
REBELS = ActorRef("sy-reb", "Rebel Groups (Syria)", 2, "Syria", "rebel")
SYRIA_AIR = ActorRef("sy-air", "Military Forces of Syria (2000-) Air Force", 1, "Syria", "military")

PLACES = {
    "Abdi": PlaceRef("p1", "Abdi", 36.6, 38.9, "Syria", "SY", feature="village"),
    "Tell Abyad": PlaceRef("p2", "Tell Abyad", 36.7, 38.95, "Syria", "SY", feature="city"),
    "Kashma": PlaceRef("p3", "Kashma", 35.0, 40.4, "Syria", "SY", feature="village"),
    "Hajin": PlaceRef("p4", "Hajin", 34.7, 40.8, "Syria", "SY", feature="town"),
    "al-Tanf": PlaceRef("p5", "al-Tanf", 33.5, 38.6, "Syria", "SY", feature="site"),
    "Palmyra": PlaceRef("p6", "Palmyra", 34.55, 38.27, "Syria", "SY", feature="city"),
    "Raqqa": PlaceRef(
        "p7", "Raqqa", 35.95, 39.01, "Syria", "SY", "Ar-Raqqah", feature="city", population=200000
    ),
    "Karama": PlaceRef("p8", "Karama", 35.96, 39.3, "Syria", "SY", "Ar-Raqqah", feature="village"),
    "Mansoura": PlaceRef("p9", "Mansoura", 35.83, 38.75, "Syria", "SY", "Ar-Raqqah", feature="village"),
    "Ikeja": PlaceRef("p10", "Ikeja", 6.60, 3.35, "Nigeria", "NG", "Lagos", feature="town"),
    "Lagos": PlaceRef(
        "p11", "Lagos", 6.45, 3.39, "Nigeria", "NG", "Lagos", feature="city", population=9000000
    ),
    "Kano": PlaceRef("p12", "Kano", 12.0, 8.52, "Nigeria", "NG", "Kano", feature="city", population=3000000),
}


class FixedRoles:
    """Stands in for the actor finder: actors by surface text, the first named actor as actor1."""

    def __init__(self, actor1: str | None = None, actor2: str | None = None, assoc1: Sequence[str] = ()):
        self.names = (actor1, actor2, tuple(assoc1))

    def roles(self, trigger: Trigger, doc: Doc, mentions: Sequence[ActorMention]) -> Roles:
        def pick(text: str | None) -> ActorMention | None:
            local = [m for m in mentions if trigger.sentence_start <= m.start < trigger.sentence_end]
            return next((m for m in local if m.text == text), None)

        a1, a2, assoc = self.names
        found = tuple(m for m in (pick(t) for t in assoc) if m is not None)
        return Roles(actor1=pick(a1), actor2=pick(a2), assoc_actor_1=found)


class FirstNamed:
    """Stands in for the actor finder: actor1 is the first of `names` the trigger's sentence mentions."""

    def __init__(self, *names: str, actor2: str | None = None):
        self.names, self.actor2 = names, actor2

    def roles(self, trigger: Trigger, doc: Doc, mentions: Sequence[ActorMention]) -> Roles:
        local = [m for m in mentions if trigger.sentence_start <= m.start < trigger.sentence_end]
        a1 = next((m for name in self.names for m in local if m.text == name), None)
        a2 = next((m for m in local if m.text == self.actor2), None)
        return Roles(actor1=a1, actor2=a2)


def _mentions(
    text: str, names: dict[str, ActorRef], scores: dict[str, float] | None = None
) -> list[ActorMention]:
    out = []
    for surface, ref in names.items():
        start = text.find(surface)
        while start >= 0:
            score = (scores or {}).get(surface, 1.0)
            out.append(ActorMention(start, start + len(surface), surface, ref, score))
            start = text.find(surface, start + 1)
    return out


def _places(text: str) -> list[PlaceMention]:
    out = []
    for name, ref in PLACES.items():
        start = text.find(name)
        if start >= 0:
            out.append(PlaceMention(start, start + len(name), name, ref))
    return sorted(out, key=lambda p: p.start)


def _run(
    nlp: Language,
    text: str,
    actors: dict[str, ActorRef],
    roles: FixedRoles | FirstNamed,
    figures: Sequence[FatalityFigure] = (),
    *,
    scores: dict[str, float] | None = None,
) -> list[Report]:
    ctx = ArticleContext(
        Article(id="a1", text=text, source="Test Wire"), CleanText.unchanged(text), date(2020, 7, 4)
    )
    doc = nlp(text)
    triggers = TriggerFinder.load().find(doc, ctx)
    return assemble(
        ctx,
        doc,
        triggers,
        _mentions(text, actors, scores),
        _places(text),
        find_dates(doc, ctx),
        list(figures),
        [],
        actor_finder=roles,
    )


def test_assemble_one_report_per_coordinated_place(nlp: Language) -> None:
    text = "On July 2, IS fighters clashed with the army in Abdi, Kashma and Hajin."
    reports = _run(nlp, text, {"IS": IS, "army": SYRIA_ARMY}, FixedRoles("IS", "army"))
    assert sorted(r.place.name for r in reports if r.place) == ["Abdi", "Hajin", "Kashma"]
    assert {r.sub_event_type for r in reports} == {"Armed clash"}
    assert {r.event_date for r in reports} == {date(2020, 7, 2)}


def test_assemble_one_report_per_place_of_coordinated_prepositions(nlp: Language) -> None:
    """ "raids on the outskirts of Palmyra and near al-Tanf" are two events (the second preposition is
    a conjunct of the first)."""
    text = "On July 2, Russian warplanes carried out raids on the outskirts of Palmyra and near al-Tanf."
    reports = _run(nlp, text, {"Russian": RUSSIA_AIR}, FixedRoles("Russian"))
    assert sorted(r.place.name for r in reports if r.place) == ["Palmyra", "al-Tanf"]


def test_assemble_one_report_per_coordinated_day(nlp: Language) -> None:
    text = "Russian warplanes carried out air raids near al-Tanf on July 2 and July 3."
    reports = _run(nlp, text, {"Russian": RUSSIA_AIR}, FixedRoles("Russian"))
    assert sorted(r.event_date for r in reports if r.event_date) == [date(2020, 7, 2), date(2020, 7, 3)]
    assert all(
        r.sub_event_type == "Air/drone strike" and r.place and r.place.name == "al-Tanf" for r in reports
    )


def test_assemble_situating_place_is_not_a_second_event(nlp: Language) -> None:
    text = "On Saturday, IS shelled a position of the army near the village of Abdi, west of Tell Abyad."
    reports = _run(nlp, text, {"IS": IS, "army": SYRIA_ARMY}, FixedRoles("IS", "army"))
    assert len(reports) == 1
    assert reports[0].sub_event_type == "Shelling/artillery/missile attack"


def test_assemble_evidence_points_into_the_text(nlp: Language) -> None:
    text = "Aid arrived on Monday. On July 2, IS fighters shelled the army in Kashma, killing four soldiers."
    start = text.index("killing four soldiers")
    figure = FatalityFigure(
        4, None, None, start=start, end=start + len("killing four soldiers"), text="killing four"
    )
    reports = _run(nlp, text, {"IS": IS, "army": SYRIA_ARMY}, FixedRoles("IS", "army"), [figure])
    assert len(reports) == 1
    rep = reports[0]
    fields = {e.field: e for e in rep.evidence}
    assert {"event", "actor1", "actor2", "location", "event_date", "fatalities"} <= set(fields)
    for ev in rep.evidence:
        assert text[ev.start : ev.end] == ev.text
        assert ev.article_id == "a1"
    assert fields["event"].text == "shelled"
    assert fields["location"].text == "Kashma"
    assert rep.fatalities == 4
    assert rep.actor1 == IS and rep.actor2 == SYRIA_ARMY
    assert rep.source == "Test Wire"
    assert 0 < rep.confidence <= 1
    assert rep.notes


def test_assemble_one_toll_for_several_places_is_split_evenly(nlp: Language) -> None:
    text = "On July 2, IS fighters clashed with the army in Abdi and Kashma, killing seven soldiers."
    start = text.index("killing seven")
    figure = FatalityFigure(
        7, None, None, start=start, end=start + len("killing seven soldiers"), text="killing seven"
    )
    reports = _run(nlp, text, {"IS": IS, "army": SYRIA_ARMY}, FixedRoles("IS", "army"), [figure])
    assert len(reports) == 2
    by_place = {r.place.name: r.fatalities for r in reports if r.place}
    assert by_place == {"Abdi": 4, "Kashma": 3}  # never counted twice; the remainder to the first named
    assert all(len(r.fatalities_reported) == 1 for r in reports)


def test_assemble_territory_follows_the_actor_type(nlp: Language) -> None:
    text = "On Friday, IS captured the village of Kashma."
    reports = _run(nlp, text, {"IS": IS}, FixedRoles("IS"))
    assert [r.sub_event_type for r in reports] == ["Non-state actor overtakes territory"]
    reports = _run(nlp, text.replace("IS", "the army"), {"the army": SYRIA_ARMY}, FixedRoles("the army"))
    assert [r.sub_event_type for r in reports] == ["Government regains territory"]


def test_assemble_attack_on_civilians_sets_civilian_targeting(nlp: Language) -> None:
    text = "On Friday, gunmen opened fire on villagers in Hajin, killing two."
    reports = _run(nlp, text, {"villagers": CIVILIANS}, FixedRoles(None, "villagers"))
    assert [r.sub_event_type for r in reports] == ["Attack"]
    assert reports[0].civilian_targeting


def test_assemble_repeated_mentions_merge(nlp: Language) -> None:
    text = (
        "On July 2, IS fighters shelled the army in Kashma. "
        "On July 2, the shelling by IS fighters hit the army in Kashma."
    )
    reports = _run(nlp, text, {"IS": IS, "army": SYRIA_ARMY}, FixedRoles("IS", "army"))
    assert len(reports) == 1
    assert sum(e.field == "event" for e in reports[0].evidence) == 2


def test_assemble_with_the_real_actor_finder(nlp: Language) -> None:
    from frontwire.extract.actors import ActorFinder

    finder = ActorFinder.load()
    text = "On July 2, Syrian troops retook the village of Kashma from Islamic State fighters."
    ctx = ArticleContext(Article(id="a2", text=text), CleanText.unchanged(text), date(2020, 7, 4))
    doc = nlp(text)
    triggers = TriggerFinder.load().find(doc, ctx)
    reports = assemble(
        ctx,
        doc,
        triggers,
        finder.find(doc, ctx),
        _places(text),
        find_dates(doc, ctx),
        [],
        [],
        actor_finder=finder,
    )
    assert len(reports) == 1
    rep = reports[0]
    assert rep.sub_event_type == "Government regains territory"
    assert rep.actor1 is not None and rep.actor1.inter == 1
    assert rep.place is not None and rep.place.name == "Kashma"
    assert rep.event_date == date(2020, 7, 2)


def test_assemble_vague_words_join_the_specific_event(nlp: Language) -> None:
    text = "On July 2, warplanes carried out air raids on Kashma. The attack destroyed several houses."
    reports = _run(nlp, text, {}, FixedRoles())
    assert [r.sub_event_type for r in reports] == ["Air/drone strike"]


def test_assemble_history_recalled_in_passing_is_not_an_event(nlp: Language) -> None:
    text = "On June 1, IS fighters clashed with the army in Kashma."
    assert _run(nlp, text, {"IS": IS, "army": SYRIA_ARMY}, FixedRoles("IS", "army")) == []


def test_assemble_headline_is_not_a_second_event(nlp: Language) -> None:
    text = "Russian jets strike Kashma\nOn July 2, Russian warplanes carried out air raids on Kashma."
    reports = _run(nlp, text, {"Russian": RUSSIA_AIR}, FixedRoles("Russian"))
    assert len(reports) == 1
    assert reports[0].event_date == date(2020, 7, 2)


def test_assemble_one_event_told_twice_is_one_report(nlp: Language) -> None:
    text = (
        "On July 2, warplanes bombed the village of Kashma, killing four people. "
        "The July 2 raids on Kashma were carried out by Russian jets, the monitor said."
    )
    reports = _run(nlp, text, {"Russian": RUSSIA_AIR}, FixedRoles("Russian"))
    assert len(reports) == 1
    assert reports[0].actor1 == RUSSIA_AIR
    assert sum(e.field == "event" for e in reports[0].evidence) == 2


def test_assemble_bare_strikes_in_an_air_story_are_air_strikes(nlp: Language) -> None:
    text = (
        "On July 2, warplanes carried out air raids on Kashma. "
        "On July 2, gunmen killed 12 villagers in strikes on Hajin, the monitor said."
    )
    reports = _run(nlp, text, {}, FixedRoles())
    assert sorted((r.sub_event_type, r.place.name if r.place else None) for r in reports) == [
        ("Air/drone strike", "Hajin"),
        ("Air/drone strike", "Kashma"),
    ]


def test_assemble_headline_naming_the_wider_place_is_the_body_event(nlp: Language) -> None:
    text = (
        "Car bomb kills 12 in Raqqa.\n"
        "A car bomb exploded in the village of Karama on July 3, killing 12 people, residents said."
    )
    reports = _run(nlp, text, {}, FixedRoles())
    assert [(r.sub_event_type, r.place.name if r.place else None) for r in reports] == [
        ("Remote explosive/landmine/IED", "Karama")
    ]
    assert reports[0].event_date == date(2020, 7, 3)


def test_assemble_neighbouring_villages_stay_two_events(nlp: Language) -> None:
    text = (
        "Fighting was reported across the province on Friday, residents said.\n"
        "On July 3, a car bomb exploded in Karama, killing four people. "
        "On July 3, a car bomb exploded in Mansoura, killing two people."
    )
    reports = _run(nlp, text, {}, FixedRoles())
    bombs = [r for r in reports if r.sub_event_type == "Remote explosive/landmine/IED"]
    assert sorted(r.place.name for r in bombs if r.place) == ["Karama", "Mansoura"]


def test_assemble_title_case_headline_of_a_battle_is_not_a_second_event(nlp: Language) -> None:
    text = (
        "Kurdish Fighters Battle Islamic State Militants Near Karama Village.\n"
        "On July 3, IS militants seized the village of Karama from Kurdish fighters, residents said."
    )
    reports = _run(nlp, text, {"IS": IS}, FixedRoles())
    battles = [r for r in reports if r.event_type == "Battles"]
    assert len(battles) == 1
    assert battles[0].place is not None and battles[0].place.name == "Karama"


@pytest.mark.parametrize(
    ("text", "scores"),
    [
        # a catch-all ("militants": Rebel Groups (Syria)) told first, the name second
        (
            "On July 2, militants shelled the army in Kashma. "
            "On July 2, the shelling by IS fighters hit the army in Kashma.",
            {},
        ),
        # the name first, the catch-all second
        (
            "On July 2, IS fighters shelled the army in Kashma. "
            "On July 2, the shelling by militants hit the army in Kashma.",
            {},
        ),
        # a low-scored guess told first
        (
            "On July 2, gunmen shelled the army in Kashma. "
            "On July 2, the shelling by IS fighters hit the army in Kashma.",
            {"gunmen": 0.3},
        ),
    ],
)
def test_assemble_merge_keeps_the_named_attacker(nlp: Language, text: str, scores: dict[str, float]) -> None:
    actors = {"militants": REBELS, "gunmen": SYRIA_AIR, "IS": IS, "army": SYRIA_ARMY}
    roles = FirstNamed("militants", "gunmen", "IS", actor2="army")
    reports = _run(nlp, text, actors, roles, scores=scores)
    assert len(reports) == 1
    rep = reports[0]
    assert rep.actor1 == IS
    assert rep.actor2 == SYRIA_ARMY
    assert rep.assoc_actor_1 == ()  # the unnamed telling is the same attacker, not an ally
    assert {e.text for e in rep.evidence if e.field == "actor1"} == {"IS"}


@pytest.mark.parametrize(
    ("attackers", "expected"),
    [
        ("Russian warplanes", RUSSIA_AIR),  # a name beats the guess the first telling made
        ("Syrian or Russian warplanes", SYRIA_ARMY),  # one of two alternatives is no name
    ],
)
def test_assemble_merge_guessed_air_force_gives_way_to_a_name_only(
    nlp: Language, attackers: str, expected: ActorRef
) -> None:
    text = f"On July 2, warplanes struck Kashma. On July 2, the strikes on Kashma were by {attackers}."
    roles = FirstNamed("Russian", "warplanes")
    reports = _run(
        nlp, text, {"warplanes": SYRIA_ARMY, "Russian": RUSSIA_AIR}, roles, scores={"warplanes": 0.3}
    )
    assert len(reports) == 1
    assert reports[0].actor1 == expected


def test_assemble_merge_of_two_names_keeps_the_second_as_associate(nlp: Language) -> None:
    text = (
        "On July 2, IS fighters shelled the army in Kashma. "
        "On July 2, the shelling by rebels hit the army in Kashma."
    )
    other = ActorRef("fsa", "Free Syrian Army", 2, None, "rebel")
    roles = FirstNamed("IS", "rebels", actor2="army")
    reports = _run(nlp, text, {"IS": IS, "rebels": other, "army": SYRIA_ARMY}, roles)
    assert len(reports) == 1
    assert reports[0].actor1 == IS
    assert reports[0].assoc_actor_1 == ("Free Syrian Army",)


def test_assemble_crowd_dispersal_in_town_and_city_is_one_protest(nlp: Language) -> None:
    # the parser reads "Ikeja, Lagos" as a list; Lagos is the city Ikeja lies in
    text = (
        "On Sunday, officers fired tear gas to scatter a crowd of protesters who had gathered in Ikeja, "
        "Lagos, to demand an end to police brutality. At least 30 of the protesters were detained, "
        "their union said."
    )
    reports = _run(nlp, text, {}, FixedRoles())
    assert [r.sub_event_type for r in reports] == ["Protest with intervention"]
    assert reports[0].place is not None and reports[0].place.name == "Ikeja"


def test_assemble_protests_in_two_listed_cities_stay_two_events(nlp: Language) -> None:
    text = "On Sunday, police fired tear gas at protesters in Lagos and Kano."
    reports = _run(nlp, text, {}, FixedRoles())
    assert sorted(r.place.name for r in reports if r.place) == ["Kano", "Lagos"]


def test_assemble_days_given_for_the_victims_are_two_events(nlp: Language) -> None:
    text = "IS fighters shot two farmers in Hajin. One was killed on Monday and one on Wednesday."
    start = text.index("One was killed")
    figures = [
        FatalityFigure(
            2, 2, None, "killed", None, "a1", start, start + 32, "One was killed on Monday and one"
        )
    ]
    reports = _run(nlp, text, {"IS": IS}, FixedRoles("IS"), figures)
    assert sorted((r.event_date, r.fatalities) for r in reports if r.event_date) == [
        (date(2020, 6, 29), 1),
        (date(2020, 7, 1), 1),
    ]


def test_assemble_headline_with_its_own_day_is_not_a_later_strike(nlp: Language) -> None:
    text = "Warplanes strike Kashma on Friday\nOn Wednesday, warplanes carried out air raids on Hajin."
    reports = _run(nlp, text, {}, FixedRoles())
    assert sorted((r.place.name if r.place else None, r.event_date) for r in reports) == [
        ("Hajin", date(2020, 7, 1)),
        ("Kashma", date(2020, 7, 3)),
    ]


def test_assemble_campaign_sentences_are_not_events(nlp: Language) -> None:
    text = (
        "On July 2, Islamic State fighters clashed with the army in Kashma. "
        "The army continues to shell villages around Hajin. "
        "Rebels have also fired rockets into Palmyra."
    )
    reports = _run(nlp, text, {"Islamic State": IS, "army": SYRIA_ARMY}, FixedRoles("Islamic State", "army"))
    assert [(r.sub_event_type, r.place.name if r.place else None) for r in reports] == [
        ("Armed clash", "Kashma")
    ]


def test_assemble_a_tally_and_its_vague_words_are_no_event(nlp: Language) -> None:
    text = (
        "A rights group said mines planted by the militants have killed and wounded hundreds of "
        "civilians in Kashma. The victims died during and after the fighting for the town."
    )
    assert _run(nlp, text, {}, FixedRoles()) == []


@pytest.mark.parametrize(
    ("text", "surface", "rank"),
    [
        ("Russian jets struck the market in the town on Monday.", "Russian jets", NAMED),
        ("Witnesses said Russian jets struck the market on Monday.", "Russian jets", NAMED),
        ("Witnesses said the jets struck the market on Monday.", "the jets", DESCRIBED),
        ("Witnesses said the SAA struck the market on Monday.", "the SAA", NAMED),
        ("Heavy jets struck the market in the town on Monday.", "Heavy jets", DESCRIBED),
    ],
)
def test_assemble_actor_rank_reads_names_off_the_writing(
    nlp: Language, text: str, surface: str, rank: int
) -> None:
    """No entity labels needed: a proper noun, an acronym or a capitalised word inside the sentence."""
    doc = nlp(text)
    start = text.index("struck")
    trig = Trigger(
        start, start + 6, "struck", "Air/drone strike", "Explosions/Remote violence", 0.9, 0, len(text)
    )
    mention = ActorMention(text.index(surface), text.index(surface) + len(surface), surface, RUSSIA_AIR)
    assert actor_rank(mention, trig, doc) == rank
