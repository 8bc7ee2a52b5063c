"""Event roles (who did it and to whom) on small hand-written texts, with the real spaCy parse."""

from __future__ import annotations

from datetime import date

import pytest
from tests.extract.actor_texts import find_actors, placed_find, roles_of, side_name, trigger_at, typed_roles

from frontwire.extract.actors import Roles


def test_event_roles_offsets_point_into_the_text(nlp, finder):
    text = "In Syria, Turkish-backed factions and the Syrian Arab Army clashed near Manbij."
    _, mentions = find_actors(nlp, finder, text)
    assert mentions
    for m in mentions:
        assert text[m.start : m.end] == m.text


# --- roles -------------------------------------------------------------------------------------
def test_event_roles_coordination_puts_local_forces_first(nlp, finder):
    text = (
        "The Syrian Air Force and the Russian Aerospace Forces carried out raids near the al-Tanf zone "
        "in Syria on July 2."
    )
    doc, mentions = find_actors(nlp, finder, text)
    roles = roles_of(finder, doc, mentions, "raids")
    assert side_name(roles.actor1) == "Military Forces of Syria (2000-)"
    assert [m.actor.name for m in roles.assoc_actor_1] == ["Military Forces of Russia (2000-)"]
    assert roles.actor2 is None


def test_event_roles_follow_structure_not_word_order(nlp, finder):
    text = "Forces of Turkey's Syrian National Army shelled a position of the Syrian Army west of Tell Abyad."
    doc, mentions = find_actors(nlp, finder, text)
    roles = roles_of(finder, doc, mentions, "shelled")
    assert side_name(roles.actor1) == "SNA: Syrian National Army"
    assert side_name(roles.actor2) == "Military Forces of Syria (2000-)"


def test_event_roles_passive_agent_and_civilian_victims(nlp, finder):
    text = "Five civilians were killed by IS in the village of Abu Hamam in Syria."
    doc, mentions = find_actors(nlp, finder, text)
    roles = roles_of(finder, doc, mentions, "killed")
    assert side_name(roles.actor1) == "IS: Islamic State"
    assert side_name(roles.actor2) == "Civilians (Syria)"
    assert roles.actor2.actor.inter == 7
    assert roles.civilian_targeting


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("In Syria, the SDF launched an attack on IS positions near Baghouz.", "attack",
         ("QSD: Syrian Democratic Forces", "IS: Islamic State")),
        ("In Syria, Turkish drones targeted the YPG near Qamishli.", "targeted",
         ("Military Forces of Turkey (2016-)", "YPG: Peoples Protection Units")),
        ("Syrian government forces clashed with Jaysh al-Izza in northern Hama, Syria.", "clashed",
         ("Military Forces of Syria (2000-)", "Jaysh al Izza")),
        ("Hezbollah was attacked by Israeli warplanes near Quneitra, Syria.", "attacked",
         ("Military Forces of Israel (2009-2021)", "Hezbollah")),
    ],
)  # fmt: skip
def test_event_roles_agent_and_patient(nlp, finder, text, word, expected):
    doc, mentions = find_actors(nlp, finder, text)
    roles = roles_of(finder, doc, mentions, word)
    assert (side_name(roles.actor1), side_name(roles.actor2)) == expected


def test_event_roles_without_mentions_are_empty(nlp, finder):
    doc = nlp("The weather was fine.")
    assert roles_of(finder, doc, [], "weather") == Roles()


def test_event_roles_take_the_perpetrator_named_just_before(nlp, finder):
    text = "Jaish al-Islam fighters advanced in Syria. Rocket shells later killed three people in Damascus."
    doc, mentions = find_actors(nlp, finder, text)
    trig = trigger_at(doc, "Rocket", "Shelling/artillery/missile attack", "Explosions/Remote violence")
    roles = finder.roles(trig, doc, mentions)
    assert side_name(roles.actor1) == "Jaysh al Islam"
    assert roles.actor1.score < 1.0  # inferred, not read off the sentence
    assert side_name(roles.actor2) == "Civilians (Syria)"


def test_event_roles_unattributed_air_strike_falls_to_the_local_state(nlp, finder):
    text = "Air raids on a market in Idlib, Syria killed ten civilians."
    doc, mentions = find_actors(nlp, finder, text, published=date(2016, 8, 5))
    roles = finder.roles(
        trigger_at(doc, "Air raids", "Air/drone strike", "Explosions/Remote violence"), doc, mentions
    )
    assert side_name(roles.actor1) == "Military Forces of Syria (2000-)"
    assert side_name(roles.actor2) == "Civilians (Syria)"


def test_event_roles_civilians_are_never_the_shooters(nlp, finder):
    text = "In Syria, civilians died in shelling on the town of Kafr Zita."
    doc, mentions = find_actors(nlp, finder, text)
    trig = trigger_at(doc, "shelling", "Shelling/artillery/missile attack", "Explosions/Remote violence")
    roles = finder.roles(trig, doc, mentions)
    assert roles.actor1 is None or roles.actor1.actor.inter != 7


def test_event_roles_terrorist_attacks_name_the_armed_opposition(nlp, finder):
    text = "Four people were injured in terrorist attacks with rocket shells on Damascus, Syria."
    doc, mentions = find_actors(nlp, finder, text)
    trig = trigger_at(doc, "rocket", "Shelling/artillery/missile attack", "Explosions/Remote violence")
    roles = finder.roles(trig, doc, mentions)
    assert side_name(roles.actor1) == "Rebel Groups (Syria)"
    assert side_name(roles.actor2) == "Civilians (Syria)"


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("The Syrian army, backed by Russian warplanes, retook Khan Shaykhun from HTS.",
         ("retook", "Battles"),
         ("Military Forces of Syria (2000-)", ["Military Forces of Russia (2000-)"],
          "HTS: Hayat Tahrir al Sham")),
        ("Iraqi troops and the Peshmerga recaptured the village from the Islamic State.",
         ("recaptured", "Battles"),
         ("Military Forces of Iraq (2018-2020)",
          ["Military Forces of Iraq: Kurdistan Regional Government Peshmerga"], "IS: Islamic State")),
        ("Security forces opened fire on protesters in Nasiriyah, Iraq, killing three.",
         ("opened", "Protests"),
         ("Military Forces of Iraq (2018-2020)", [], "Protesters (Iraq)")),
        ("An Israeli drone strike hit a car near Quneitra in Syria, killing two Hezbollah members.",
         ("strike", "Explosions/Remote violence"),
         ("Military Forces of Israel (2009-2021)", [], "Hezbollah")),
        ("Rioters torched a police station in Sulaymaniyah, Iraq.", ("torched", "Riots"),
         ("Rioters (Iraq)", [], "Police Forces of Iraq (2018-2020)")),
    ],
)  # fmt: skip
def test_event_roles_allies_territory_and_other_theatres(nlp, finder, text, trigger, expected):
    doc, mentions = find_actors(nlp, finder, text, published=date(2019, 11, 4))
    sub = {"Protests": "Excessive force against protesters", "Riots": "Violent demonstration"}
    roles = finder.roles(
        trigger_at(doc, trigger[0], sub.get(trigger[1], "Armed clash"), trigger[1]), doc, mentions
    )
    got = (side_name(roles.actor1), [m.actor.name for m in roles.assoc_actor_1], side_name(roles.actor2))
    assert got == expected


def test_event_roles_victims_named_apart_from_the_trigger(nlp, finder):
    text = "Regime air strikes hit a market in Saraqib, Syria on Monday. Ten people were killed."
    doc, mentions = find_actors(nlp, finder, text)
    roles = finder.roles(
        trigger_at(doc, "air strikes", "Air/drone strike", "Explosions/Remote violence"), doc, mentions
    )
    assert side_name(roles.actor1) == "Military Forces of Syria (2000-)"
    assert side_name(roles.actor2) == "Civilians (Syria)"
    assert roles.civilian_targeting


def test_event_roles_victims_are_not_guessed_for_battles(nlp, finder):
    text = "Clashes between the SDF and IS erupted near Hajin, Syria. Ten people were killed."
    doc, mentions = find_actors(nlp, finder, text)
    roles = finder.roles(trigger_at(doc, "Clashes", "Armed clash", "Battles"), doc, mentions)
    assert {side_name(roles.actor1), side_name(roles.actor2)} == {
        "QSD: Syrian Democratic Forces",
        "IS: Islamic State",
    }


def test_event_roles_survive_is_read_as_a_verb(nlp, finder):
    text = "IS attacked SDF positions near Hajin in Syria."
    doc, mentions = find_actors(nlp, finder, text)
    roles = finder.roles(trigger_at(doc, "attacked", "Armed clash", "Battles"), doc, mentions)
    assert (side_name(roles.actor1), side_name(roles.actor2)) == (
        "IS: Islamic State",
        "QSD: Syrian Democratic Forces",
    )
    assert roles.actor1.score == 1.0  # read off the tree, not inferred from context


def test_event_roles_when_the_trigger_is_the_subject_itself(nlp, finder):
    text = "The Syrian Air Force and the Russian Aerospace Forces carried out raids near al-Tanf in Syria."
    doc, mentions = find_actors(nlp, finder, text)
    roles = finder.roles(
        trigger_at(doc, "Air Force", "Air/drone strike", "Explosions/Remote violence"), doc, mentions
    )
    assert side_name(roles.actor1) == "Military Forces of Syria (2000-)"
    assert [m.actor.name for m in roles.assoc_actor_1] == ["Military Forces of Russia (2000-)"]


def test_event_roles_title_case_plural_act_noun_names_the_state(nlp, finder):
    text = "Fifteen Medics Killed in Russian Airstrikes on Hospital in Southern Aleppo"
    doc, ms = find_actors(nlp, finder, text)
    r = typed_roles(
        finder, doc, ms, "Airstrikes", "Air/drone strike", event_type="Explosions/Remote violence"
    )
    assert side_name(r.actor1) == "Military Forces of Russia (2000-)"


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # nobody named: an unclaimed bomb
        (
            "A car bomb killed 70 people in Rankus, Syria, on Friday.",
            "car bomb",
            "Unidentified Armed Group (Syria)",
        ),
        # state media's "terrorists" are the catch-all, which ACLED does not use for bombs
        (
            "Terrorists detonated an explosive device near the hospital in Qamishli, Syria.",
            "explosive device",
            "Unidentified Armed Group (Syria)",
        ),
        # a named group keeps its bomb
        (
            "IS detonated an explosive device near the hospital in Qamishli, Syria.",
            "explosive device",
            "IS: Islamic State",
        ),
    ],
)
def test_event_roles_unclaimed_bombs_are_unidentified(nlp, finder, text, word, expected):
    doc, ms = find_actors(nlp, finder, text)
    r = typed_roles(
        finder, doc, ms, word, "Remote explosive/landmine/IED", event_type="Explosions/Remote violence"
    )
    assert side_name(r.actor1) == expected


def test_event_roles_unidentified_warplanes_are_the_local_state(nlp, finder):
    text = "In Maaret al-Numan in Idlib, Syria, unidentified warplanes killed six civilians."
    doc, ms = find_actors(nlp, finder, text)
    r = typed_roles(finder, doc, ms, "warplanes", "Air/drone strike", event_type="Explosions/Remote violence")
    assert side_name(r.actor1) == "Military Forces of Syria (2000-)"


def test_event_roles_the_un_drops_no_bombs(nlp, finder):
    text = "Tags Aleppo UN airstrikes hit the village of Hayan in Syria."
    doc, ms = find_actors(nlp, finder, text)
    r = typed_roles(
        finder, doc, ms, "airstrikes", "Air/drone strike", event_type="Explosions/Remote violence"
    )
    assert side_name(r.actor1) != "United Nations"


def test_event_roles_holder_of_the_place_is_not_the_striker(nlp, finder):
    text = "Five children were killed in the air raids on Idlib, which is held by Al Nusra Front, in Syria."
    doc, ms = find_actors(nlp, finder, text, published=date(2016, 6, 12))
    r = typed_roles(finder, doc, ms, "air raids", "Air/drone strike", event_type="Explosions/Remote violence")
    assert side_name(r.actor1) != "Jabhat al Nusra"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (
            "A warplane struck a hospital in Idlib, Syria. The bombardment wounded five medical staff.",
            "warplane",
        ),
        (
            "A barrel bomb hit a building in Aleppo, Syria. Two women were among eight people killed.",
            "barrel bomb",
        ),
        ("Air raids hit Haas in Idlib, Syria. Pictures showed the bodies of small children.", "Air raids"),
    ],
)
def test_event_roles_victims_said_in_other_words(nlp, finder, text, word):
    doc, ms = find_actors(nlp, finder, text)
    r = typed_roles(finder, doc, ms, word, "Air/drone strike", event_type="Explosions/Remote violence")
    assert side_name(r.actor2) == "Civilians (Syria)"


def test_event_roles_home_forces_lead_allied_militias(nlp, finder):
    text = "Missile units of Hezbollah and the Syrian army's artillery units pounded the militants in Aleppo."
    doc, ms = find_actors(nlp, finder, text)
    r = typed_roles(
        finder,
        doc,
        ms,
        "pounded",
        "Shelling/artillery/missile attack",
        event_type="Explosions/Remote violence",
    )
    assert side_name(r.actor1) == "Military Forces of Syria (2000-)"
    assert [m.actor.name for m in r.assoc_actor_1] == ["Hezbollah"]


def test_event_roles_the_owner_named_after_a_description(nlp, finder):
    text = "The Israeli army struck the military base of the National Defense Forces in Quneitra, Syria."
    doc, ms = find_actors(nlp, finder, text, published=date(2018, 1, 7))
    r = typed_roles(finder, doc, ms, "struck", "Air/drone strike", event_type="Explosions/Remote violence")
    assert side_name(r.actor2) == "NDF: National Defence Forces"


def test_event_roles_unattributed_strike_takes_the_air_force_the_next_sentence_names(nlp, finder):
    text = (
        "Airstrikes on a village in Idlib, Syria killed 12 people on Tuesday. The monitor said the raids "
        "were likely carried out by Russian jets."
    )
    doc, ms = find_actors(nlp, finder, text, published=date(2017, 4, 25))
    r = typed_roles(
        finder, doc, ms, "Airstrikes", "Air/drone strike", event_type="Explosions/Remote violence"
    )
    assert side_name(r.actor1) == "Military Forces of Russia (2000-)"


def test_event_roles_an_owner_gives_way_to_the_actor_it_qualifies(nlp, finder):
    text = "The fighting pitted Jaish al-Islam against Fateh al-Sham Al-Qaedas former branch in Syria."
    doc, ms = find_actors(nlp, finder, text, published=date(2017, 4, 28))
    r = roles_of(finder, doc, ms, "fighting")
    assert {side_name(r.actor1), side_name(r.actor2)} == {"Jaysh al Islam", "HTS: Hayat Tahrir al Sham"}


def test_event_roles_never_the_same_actor_on_both_sides(nlp, finder):
    text = "The Turkish army shelled the village of Abdi with heavy artillery west of Tell Abyad in Syria."
    doc, ms = find_actors(nlp, finder, text)
    r = typed_roles(
        finder,
        doc,
        ms,
        "shelled",
        "Shelling/artillery/missile attack",
        event_type="Explosions/Remote violence",
    )
    assert side_name(r.actor1) == "Military Forces of Turkey (2016-)"
    assert r.actor2 is None or r.actor2.actor.actor_id != r.actor1.actor.actor_id


def test_event_roles_unclaimed_bomb_takes_the_country_of_its_place(nlp, finder):
    text = (
        "The protesters also chanted against the Iranian militias deployed in the province. On Sunday "
        "night, an explosive device exploded near a school in Sanamayn, wounding two people. Sanamayn lies "
        "north of the city."
    )
    doc, ms = placed_find(nlp, finder, text, place="Sanamayn", country="Syria", code="SY")
    r = typed_roles(
        finder,
        doc,
        ms,
        "explosive device",
        "Remote explosive/landmine/IED",
        event_type="Explosions/Remote violence",
    )
    assert side_name(r.actor1) == "Unidentified Armed Group (Syria)"
    assert r.actor1.text == "explosive device"  # the militias named before are no evidence for it


def test_event_roles_bomb_near_a_post_hits_its_owner(nlp, finder):
    text = "A roadside bomb exploded near a checkpoint of the Syrian Army in Daraa, Syria."
    doc, ms = find_actors(nlp, finder, text)
    r = typed_roles(
        finder,
        doc,
        ms,
        "roadside bomb",
        "Remote explosive/landmine/IED",
        event_type="Explosions/Remote violence",
    )
    assert side_name(r.actor2) == "Military Forces of Syria (2000-)"


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # the crowd of a riot is rioters, whatever the words call them
        (
            "Angry residents protested in Mosul, Iraq, blocking the main road with burning tyres.",
            ("protested", "Violent demonstration", "Riots"),
            ("Rioters (Iraq)", None),
        ),
        # marching students are protesters
        (
            "Dozens of students marched peacefully to the parliament in Abuja, Nigeria.",
            ("marched", "Peaceful protest", "Protests"),
            ("Protesters (Nigeria)", None),
        ),
        # the target of the chants is no actor of the protest
        (
            "Hundreds of people demonstrated in Busra al-Sham, Syria, chanting against the Iranian militias.",
            ("demonstrated", "Peaceful protest", "Protests"),
            ("Protesters (Syria)", None),
        ),
        # the force that stepped in is actor2, the crowd actor1
        (
            "Police fired tear gas to disperse hundreds of protesters in Ikeja, Nigeria.",
            ("fired tear gas", "Protest with intervention", "Protests"),
            ("Protesters (Nigeria)", "Police Forces of Nigeria"),
        ),
    ],
)
def test_event_roles_demonstrations_are_protesters_or_rioters(nlp, finder, text, trigger, expected):
    word, sub, event_type = trigger
    doc, ms = find_actors(nlp, finder, text)
    r = typed_roles(finder, doc, ms, word, sub, event_type=event_type)
    assert (side_name(r.actor1), side_name(r.actor2)) == expected
    assert r.actor1 is not None and r.actor1.actor.inter == (5 if event_type == "Riots" else 6)


def test_event_roles_the_description_means_the_one_group_named_earlier(nlp, finder):
    text = (
        "Suspected Boko Haram fighters attacked farmers near Konduga in Borno, Nigeria. A local leader said "
        "the attackers came on motorcycles. Troops later repelled an attack by the insurgents on a base in "
        "Damboa."
    )
    doc, ms = find_actors(nlp, finder, text)
    r = roles_of(finder, doc, ms, "repelled")
    assert side_name(r.actor2) == "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"


def test_event_roles_two_subjects_that_clashed_are_two_sides(nlp, finder):
    text = (
        "On Thursday, government forces and Houthi fighters clashed in the western outskirts of Taiz, Yemen."
    )
    doc, ms = find_actors(nlp, finder, text)
    r = roles_of(finder, doc, ms, "clashed")
    assert {side_name(r.actor1), side_name(r.actor2)} == {"Military Forces of Yemen", "Ansar Allah"}
    assert r.assoc_actor_1 == ()
