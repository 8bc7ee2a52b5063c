"""Actor mentions on small hand-written texts, with the real spaCy parse."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest
from tests.extract.actor_texts import actor_names, ctx, find_actors

from frontwire.config import Config
from frontwire.extract.actors import ActorFinder, Roles
from frontwire.types import (
    PlaceMention,
    PlaceRef,
)


def test_actors_load_is_cached():
    assert ActorFinder.load(Config()) is ActorFinder.load(Config())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Clashes erupted between the SDF and ISIS near Hajin in Syria.",
         [("SDF", "QSD: Syrian Democratic Forces"), ("ISIS", "IS: Islamic State")]),
        ("Hay'at Tahrir al-Sham fighters attacked a checkpoint in Idlib, Syria.",
         [("Hay'at Tahrir al-Sham fighters", "HTS: Hayat Tahrir al Sham")]),
        ("The Tiger Forces advanced in Syria.", [("Tiger Forces", "Military Forces of Syria (2000-)")]),
        ("The Rapid Support Forces shelled Omdurman.",
         [("Rapid Support Forces", "RSF: Rapid Support Forces")]),
    ],
)  # fmt: skip
def test_actors_find_named_actors(nlp, finder, text, expected):
    _, mentions = find_actors(nlp, finder, text)
    assert [pair for pair in actor_names(mentions) if pair[1] != "Civilians (Syria)"] == expected


def test_actors_acronyms_match_only_in_their_case(nlp, finder):
    _, mentions = find_actors(nlp, finder, "Is it true? This is what the group is doing in Syria.")
    assert all(m.actor.actor_id != "is" for m in mentions)


def test_actors_acronym_in_an_all_caps_headline_is_ignored(nlp, finder):
    _, mentions = find_actors(nlp, finder, "WHAT IS NEXT FOR SYRIA\n\nThe talks resume today.")
    assert all(m.actor.actor_id != "is" for m in mentions)


@pytest.mark.parametrize(
    ("text", "phrase", "name"),
    [
        ("Syrian troops shelled the town of Kafr Nabl in Syria.", "Syrian troops",
         "Military Forces of Syria (2000-)"),
        ("Iraq's police arrested two men in Iraq.", "Iraq's police", "Police Forces of Iraq (2018-2020)"),
        ("Turkish civilians fled the border town in Turkey.", "Turkish civilians", "Civilians (Turkey)"),
        ("Lebanese protesters blocked roads in Beirut, Lebanon.", "Lebanese protesters",
         "Protesters (Lebanon)"),
    ],
)  # fmt: skip
def test_actors_country_word_gives_the_country_actor(nlp, finder, text, phrase, name):
    _, mentions = find_actors(nlp, finder, text)
    assert (phrase, name) in actor_names(mentions)


def test_actors_generic_words_take_the_country_in_focus(nlp, finder):
    text = "Violence continued in Iraq. Gunmen shot dead a child and two farmers near Baquba."
    _, mentions = find_actors(nlp, finder, text)
    names = dict(actor_names(mentions))
    assert names["Gunmen"] == "Unidentified Armed Group (Iraq)"
    assert names["child"] == "Civilians (Iraq)"
    assert names["farmers"] == "Civilians (Iraq)"


def _placed(text: str, name: str, ref: PlaceRef) -> PlaceMention:
    """The first mention of `name` in `text`, read as `ref`."""
    start = text.index(name)
    return PlaceMention(start, start + len(name), name, ref)


def test_actors_places_decide_the_focus_and_foreign_forces_are_external(nlp, finder):
    text = "Russian airstrikes killed 12 civilians in Idlib."
    doc = nlp(text)
    places = [_placed(text, "Idlib", PlaceRef("1", "Idlib", 35.9, 36.6, "Syria", "SY"))]
    mentions = finder.find(doc, ctx(text), places=places)
    by_text = {m.text: m.actor for m in mentions}
    assert by_text["Russian"].name == "Military Forces of Russia (2000-)"
    assert by_text["Russian"].inter == 8
    assert by_text["civilians"].name == "Civilians (Syria)"


def test_actors_description_refers_to_the_actor_it_describes(nlp, finder):
    text = "IS militants attacked SDF positions near Hajin in Syria. The jihadists later withdrew."
    _, mentions = find_actors(nlp, finder, text)
    names = dict(actor_names(mentions))
    assert names["IS militants"] == "IS: Islamic State"
    assert names["jihadists"] == "IS: Islamic State"


def test_actors_description_prefers_a_recent_subject(nlp, finder):
    text = "HTS fighters stormed an SDF post in Syria. The militants then retreated."
    _, mentions = find_actors(nlp, finder, text)
    assert dict(actor_names(mentions))["militants"] == "HTS: Hayat Tahrir al Sham"


def test_actors_pronoun_resolves_to_the_recent_organisation(nlp, finder):
    text = "Hurras al-Din fighters entered the village in Syria. They killed the mukhtar."
    _, mentions = find_actors(nlp, finder, text)
    assert dict(actor_names(mentions))["They"] == "Hurras al Din"


def test_actors_state_media_terrorists_are_the_armed_opposition(nlp, finder):
    text = "Terrorists fired rockets at residential neighbourhoods of Aleppo city in Syria, SANA said."
    _, mentions = find_actors(nlp, finder, text)
    assert dict(actor_names(mentions))["Terrorists"] == "Rebel Groups (Syria)"


@pytest.mark.parametrize(
    ("text", "group", "name"),
    [
        (
            "Terrorist groups backed by the Turkish occupation attacked the outskirts of Ain Issa in Syria.",
            "Terrorist groups",
            "SNA: Syrian National Army",
        ),
        (
            "Factions, backed by Turkey, shelled the village of Abdi in Syria.",
            "Factions",
            "SNA: Syrian National Army",
        ),
        (
            "Gunmen backed by nobody in particular attacked a checkpoint near Raqqa in Syria.",
            "Gunmen",
            "Unidentified Armed Group (Syria)",
        ),
    ],
)
def test_actors_group_backed_by_a_state_reads_as_the_state_backed_group(nlp, finder, text, group, name):
    _, mentions = find_actors(nlp, finder, text)
    assert dict(actor_names(mentions))[group] == name


def test_actors_unidentified_gunmen_do_not_borrow_an_earlier_actor(nlp, finder):
    text = "The SDF detained a man in Raqqa, Syria. Unidentified gunmen later killed a shepherd."
    _, mentions = find_actors(nlp, finder, text)
    assert dict(actor_names(mentions))["Unidentified gunmen"] == "Unidentified Armed Group (Syria)"


def test_actors_old_names_resolve_to_the_successor(nlp, finder):
    _, mentions = find_actors(
        nlp, finder, "Nusra Front fighters shelled Hama, Syria.", published=date(2018, 5, 1)
    )
    assert mentions[0].actor.name == "HTS: Hayat Tahrir al Sham"


def test_actors_roles_are_frozen():
    with pytest.raises(FrozenInstanceError):
        Roles().actor1 = None  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Warplanes struck rebel-held districts of Aleppo, Syria.", "rebel"),
        ("Airstrikes hit opposition areas of Idlib, Syria.", "opposition"),
        ("The Saudi-backed rebel faction Jaish al-Islam fought near Douma, Syria.", "faction"),
        ("The SDF advanced in Syria. They said the battle goes on.", "They"),
    ],
)
def test_actors_words_that_are_not_actors_here(nlp, finder, text, word):
    _, mentions = find_actors(nlp, finder, text)
    assert all(m.text != word for m in mentions)


def test_actors_rebels_are_not_the_jihadists_named_before(nlp, finder):
    text = "IS attacked Marea in Syria on Monday. The rebels repelled the assault."
    _, mentions = find_actors(nlp, finder, text)
    assert dict(actor_names(mentions))["rebels"] == "Rebel Groups (Syria)"


def test_actors_foreign_forces_in_iraq_are_external(nlp, finder):
    _, mentions = find_actors(
        nlp, finder, "Turkish warplanes struck PKK positions in Sinjar in northern Iraq."
    )
    turkey = next(m for m in mentions if m.actor.actor_id == "TR-military")
    assert turkey.actor.inter == 8


def test_actors_names_without_their_apostrophe_still_match(nlp, finder):
    doc, ms = find_actors(
        nlp, finder, "ISILs fighters shelled the town while Syrias army advanced near Palmyra."
    )
    names = [m.actor.name for m in ms]
    assert "IS: Islamic State" in names
    assert "Military Forces of Syria (2000-)" in names


def test_actors_description_takes_the_group_named_just_before_over_the_catch_all(nlp, finder):
    text = (
        "Terrorists fired shells at Aleppo, Syria, on Monday. Two persons were injured as the ISIS terrorist "
        "organization targeted the town of Jeb al-Jarrah with rocket shells. A source said that terrorist "
        "groups positioned in nearby villages fired 13 rocket shells on the town."
    )
    doc, ms = find_actors(nlp, finder, text)
    by_text = {m.text: m.actor.name for m in ms if m.start > text.index("A source")}
    assert by_text["terrorist groups"] == "IS: Islamic State"


def test_actors_description_does_not_chain_across_items(nlp, finder):
    text = (
        "Terrorists of Jaish al-Islam fired mortars at the camp in Damascus, Syria. Nine people were hurt. "
        "The bakery was damaged. The cemetery was hit too. Later terrorists fired rocket shells at a school."
    )
    doc, ms = find_actors(nlp, finder, text)
    last = [m for m in ms if m.text.lower() == "terrorists"][-1]
    assert last.actor.name == "Rebel Groups (Syria)"


def test_actors_description_followed_by_its_name_is_not_a_mention(nlp, finder):
    text = "A suicide bomb killed 14 fighters from Jaish al-Islam in Dumayr, Syria, on Sunday."
    doc, ms = find_actors(nlp, finder, text)
    assert [m.text for m in ms if m.text == "fighters"] == []


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (date(2015, 6, 26), "YPG: Peoples Protection Units"),
        (date(2017, 6, 26), "QSD: Syrian Democratic Forces"),
    ],
)
def test_actors_kurdish_forces_before_and_after_the_sdf(nlp, finder, published, expected):
    doc, ms = find_actors(
        nlp, finder, "Kurdish forces captured the town of Tal Hamis in Hasakah, Syria.", published=published
    )
    assert [m.actor.name for m in ms if m.text == "Kurdish forces"] == [expected]


def test_actors_a_sites_tag_list_names_no_actor(nlp, finder):
    lead = "Airstrikes on a rebel-held village in Idlib, Syria killed 12 people on Tuesday."
    text = f"{lead} Tags Syria Idlib Russia airstrikes Syrian regime {lead}"
    doc, ms = find_actors(nlp, finder, text)
    tags = text.index("Tags")
    assert [m.text for m in ms if tags <= m.start < tags + 50] == []


def test_actors_a_name_that_describes_a_place_is_not_a_mention(nlp, finder):
    doc, ms = find_actors(
        nlp, finder, "Air strikes on a market in the Al Qaeda-held city of Idlib, Syria killed 21 civilians."
    )
    assert "Al Qaeda" not in [m.actor.name for m in ms]


def test_actors_the_description_stays_generic_when_several_groups_were_named(nlp, finder):
    text = (
        "IS fighters attacked a village in Deir ez-Zor, Syria. Hurras al-Din fighters attacked a post "
        "in Idlib. A local source gave no toll. Troops later repelled an attack by the militants near Hama."
    )
    doc, ms = find_actors(nlp, finder, text)
    militants = [m for m in ms if m.text == "militants"]
    assert militants and militants[0].actor.name not in ("IS: Islamic State", "Hurras al-Din")


def test_actors_a_victims_nationality_does_not_outweigh_the_place(nlp, finder):
    """ "a Turkish engineer ... the Turkish embassy" say whose, not where: the place decides the focus."""
    text = "Kidnappers seized a Turkish engineer outside Kirkuk, the Turkish embassy said."
    doc = nlp(text)
    places = [_placed(text, "Kirkuk", PlaceRef("2", "Kirkuk", 35.47, 44.39, "Iraq", "IQ"))]
    assert finder.focus_country(doc, ctx(text), places) == "Iraq"


@pytest.mark.parametrize("word", ["engineers", "contractors", "traders", "tourists", "herders"])
def test_actors_people_by_trade_are_civilians(nlp, finder, word):
    text = f"Violence continued in Iraq. Gunmen kidnapped three {word} near Baquba."
    _, mentions = find_actors(nlp, finder, text)
    assert dict(actor_names(mentions))[word] == "Civilians (Iraq)"


def test_actors_a_country_named_as_a_place_counts_less_than_a_town(nlp, finder):
    """ "near the US embassy" in Baghdad: the town says where the article is, the country name less."""
    text = "Two rockets landed near the US embassy in Baghdad. Students rallied in the capital."
    doc = nlp(text)
    us = PlaceRef("3", "United States", 39.8, -98.6, "United States", "US", feature="country")
    baghdad = PlaceRef("4", "Baghdad", 33.34, 44.4, "Iraq", "IQ", "Baghdad", feature="city")
    places = [_placed(text, "US", us), _placed(text, "Baghdad", baghdad)]
    assert finder.focus_country(doc, ctx(text), places) == "Iraq"
