"""Actor mentions and roles on small hand-written texts, with the real spaCy parse."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from frontwire.config import Config
from frontwire.extract.actors import ActorFinder, Roles
from frontwire.types import (
    ActorMention,
    Article,
    ArticleContext,
    CleanText,
    PlaceMention,
    PlaceRef,
    Trigger,
)


@pytest.fixture(scope="module")
def finder() -> ActorFinder:
    return ActorFinder.load(Config())


def _ctx(text: str, published: date | None = date(2019, 7, 4), title: str | None = None) -> ArticleContext:
    return ArticleContext(Article(id="t", text=text, title=title), CleanText.unchanged(text), published)


def _find(nlp, finder, text, **kw):
    doc = nlp(text)
    return doc, finder.find(doc, _ctx(text, **kw))


def _names(mentions: list[ActorMention]) -> list[tuple[str, str]]:
    return [(m.text, m.actor.name) for m in mentions]


def _roles(finder, doc, mentions, word: str) -> Roles:
    start = doc.text.index(word)
    trig = Trigger(start, start + len(word), word, "Armed clash", "Battles", 0.9)
    return finder.roles(trig, doc, mentions)


def _side(m: ActorMention | None) -> str | None:
    return m.actor.name if m else None


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
    ],
)  # fmt: skip
def test_actors_find_named_actors(nlp, finder, text, expected):
    _, mentions = _find(nlp, finder, text)
    assert [pair for pair in _names(mentions) if pair[1] != "Civilians (Syria)"] == expected


def test_actors_acronyms_match_only_in_their_case(nlp, finder):
    _, mentions = _find(nlp, finder, "Is it true? This is what the group is doing in Syria.")
    assert all(m.actor.actor_id != "is" for m in mentions)


def test_actors_acronym_in_an_all_caps_headline_is_ignored(nlp, finder):
    _, mentions = _find(nlp, finder, "WHAT IS NEXT FOR SYRIA\n\nThe talks resume today.")
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
    _, mentions = _find(nlp, finder, text)
    assert (phrase, name) in _names(mentions)


def test_actors_generic_words_take_the_country_in_focus(nlp, finder):
    text = "Violence continued in Iraq. Gunmen shot dead a child and two farmers near Baquba."
    _, mentions = _find(nlp, finder, text)
    names = dict(_names(mentions))
    assert names["Gunmen"] == "Unidentified Armed Group (Iraq)"
    assert names["child"] == "Civilians (Iraq)"
    assert names["farmers"] == "Civilians (Iraq)"


def test_actors_places_decide_the_focus_and_foreign_forces_are_external(nlp, finder):
    text = "Russian airstrikes killed 12 civilians in Idlib."
    doc = nlp(text)
    idlib = PlaceRef("1", "Idlib", 35.9, 36.6, "Syria", "SY")
    start = text.index("Idlib")
    places = [PlaceMention(start, start + 5, "Idlib", idlib)]
    mentions = finder.find(doc, _ctx(text), places=places)
    by_text = {m.text: m.actor for m in mentions}
    assert by_text["Russian"].name == "Military Forces of Russia (2000-)"
    assert by_text["Russian"].inter == 8
    assert by_text["civilians"].name == "Civilians (Syria)"


def test_actors_description_refers_to_the_actor_it_describes(nlp, finder):
    text = "IS militants attacked SDF positions near Hajin in Syria. The jihadists later withdrew."
    _, mentions = _find(nlp, finder, text)
    names = dict(_names(mentions))
    assert names["IS militants"] == "IS: Islamic State"
    assert names["jihadists"] == "IS: Islamic State"


def test_actors_description_prefers_a_recent_subject(nlp, finder):
    text = "HTS fighters stormed an SDF post in Syria. The militants then retreated."
    _, mentions = _find(nlp, finder, text)
    assert dict(_names(mentions))["militants"] == "HTS: Hayat Tahrir al Sham"


def test_actors_pronoun_resolves_to_the_recent_organisation(nlp, finder):
    text = "Hurras al-Din fighters entered the village in Syria. They killed the mukhtar."
    _, mentions = _find(nlp, finder, text)
    assert dict(_names(mentions))["They"] == "Hurras al Din"


def test_actors_state_media_terrorists_are_the_armed_opposition(nlp, finder):
    text = "Terrorists fired rockets at residential neighbourhoods of Aleppo city in Syria, SANA said."
    _, mentions = _find(nlp, finder, text)
    assert dict(_names(mentions))["Terrorists"] == "Rebel Groups (Syria)"


def test_actors_unidentified_gunmen_do_not_borrow_an_earlier_actor(nlp, finder):
    text = "The SDF detained a man in Raqqa, Syria. Unidentified gunmen later killed a shepherd."
    _, mentions = _find(nlp, finder, text)
    assert dict(_names(mentions))["Unidentified gunmen"] == "Unidentified Armed Group (Syria)"


def test_actors_old_names_resolve_to_the_successor(nlp, finder):
    _, mentions = _find(nlp, finder, "Nusra Front fighters shelled Hama, Syria.", published=date(2018, 5, 1))
    assert mentions[0].actor.name == "HTS: Hayat Tahrir al Sham"


def test_actors_offsets_point_into_the_text(nlp, finder):
    text = "In Syria, Turkish-backed factions and the Syrian Arab Army clashed near Manbij."
    _, mentions = _find(nlp, finder, text)
    assert mentions
    for m in mentions:
        assert text[m.start : m.end] == m.text


# --- roles -------------------------------------------------------------------------------------
def test_actors_roles_coordination_puts_local_forces_first(nlp, finder):
    text = (
        "The Syrian Air Force and the Russian Aerospace Forces carried out raids near the al-Tanf zone "
        "in Syria on July 2."
    )
    doc, mentions = _find(nlp, finder, text)
    roles = _roles(finder, doc, mentions, "raids")
    assert _side(roles.actor1) == "Military Forces of Syria (2000-)"
    assert [m.actor.name for m in roles.assoc_actor_1] == ["Military Forces of Russia (2000-)"]
    assert roles.actor2 is None


def test_actors_roles_follow_structure_not_word_order(nlp, finder):
    text = "Forces of Turkey's Syrian National Army shelled a position of the Syrian Army west of Tell Abyad."
    doc, mentions = _find(nlp, finder, text)
    roles = _roles(finder, doc, mentions, "shelled")
    assert _side(roles.actor1) == "SNA: Syrian National Army"
    assert _side(roles.actor2) == "Military Forces of Syria (2000-)"


def test_actors_roles_passive_agent_and_civilian_victims(nlp, finder):
    text = "Five civilians were killed by IS in the village of Abu Hamam in Syria."
    doc, mentions = _find(nlp, finder, text)
    roles = _roles(finder, doc, mentions, "killed")
    assert _side(roles.actor1) == "IS: Islamic State"
    assert _side(roles.actor2) == "Civilians (Syria)"
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
def test_actors_roles_agent_and_patient(nlp, finder, text, word, expected):
    doc, mentions = _find(nlp, finder, text)
    roles = _roles(finder, doc, mentions, word)
    assert (_side(roles.actor1), _side(roles.actor2)) == expected


def test_actors_roles_without_mentions_are_empty(nlp, finder):
    doc = nlp("The weather was fine.")
    assert _roles(finder, doc, [], "weather") == Roles()


def test_actors_roles_are_frozen():
    with pytest.raises(FrozenInstanceError):
        Roles().actor1 = None  # type: ignore[misc]


def _trigger(doc, word: str, sub: str, event_type: str) -> Trigger:
    start = doc.text.index(word)
    return Trigger(start, start + len(word), word, sub, event_type, 0.9)


def test_actors_roles_take_the_perpetrator_named_just_before(nlp, finder):
    text = "Jaish al-Islam fighters advanced in Syria. Rocket shells later killed three people in Damascus."
    doc, mentions = _find(nlp, finder, text)
    trig = _trigger(doc, "Rocket", "Shelling/artillery/missile attack", "Explosions/Remote violence")
    roles = finder.roles(trig, doc, mentions)
    assert _side(roles.actor1) == "Jaysh al Islam"
    assert roles.actor1.score < 1.0  # inferred, not read off the sentence
    assert _side(roles.actor2) == "Civilians (Syria)"


def test_actors_roles_unattributed_air_strike_falls_to_the_local_state(nlp, finder):
    text = "Air raids on a market in Idlib, Syria killed ten civilians."
    doc, mentions = _find(nlp, finder, text, published=date(2016, 8, 5))
    roles = finder.roles(
        _trigger(doc, "Air raids", "Air/drone strike", "Explosions/Remote violence"), doc, mentions
    )
    assert _side(roles.actor1) == "Military Forces of Syria (2000-)"
    assert _side(roles.actor2) == "Civilians (Syria)"


def test_actors_roles_civilians_are_never_the_shooters(nlp, finder):
    text = "In Syria, civilians died in shelling on the town of Kafr Zita."
    doc, mentions = _find(nlp, finder, text)
    trig = _trigger(doc, "shelling", "Shelling/artillery/missile attack", "Explosions/Remote violence")
    roles = finder.roles(trig, doc, mentions)
    assert roles.actor1 is None or roles.actor1.actor.inter != 7


def test_actors_terrorist_attacks_name_the_armed_opposition(nlp, finder):
    text = "Four people were injured in terrorist attacks with rocket shells on Damascus, Syria."
    doc, mentions = _find(nlp, finder, text)
    trig = _trigger(doc, "rocket", "Shelling/artillery/missile attack", "Explosions/Remote violence")
    roles = finder.roles(trig, doc, mentions)
    assert _side(roles.actor1) == "Rebel Groups (Syria)"
    assert _side(roles.actor2) == "Civilians (Syria)"


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
    _, mentions = _find(nlp, finder, text)
    assert all(m.text != word for m in mentions)


def test_actors_rebels_are_not_the_jihadists_named_before(nlp, finder):
    text = "IS attacked Marea in Syria on Monday. The rebels repelled the assault."
    _, mentions = _find(nlp, finder, text)
    assert dict(_names(mentions))["rebels"] == "Rebel Groups (Syria)"


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
def test_actors_roles_allies_territory_and_other_theatres(nlp, finder, text, trigger, expected):
    doc, mentions = _find(nlp, finder, text, published=date(2019, 11, 4))
    sub = {"Protests": "Excessive force against protesters", "Riots": "Violent demonstration"}
    roles = finder.roles(
        _trigger(doc, trigger[0], sub.get(trigger[1], "Armed clash"), trigger[1]), doc, mentions
    )
    got = (_side(roles.actor1), [m.actor.name for m in roles.assoc_actor_1], _side(roles.actor2))
    assert got == expected


def test_actors_foreign_forces_in_iraq_are_external(nlp, finder):
    _, mentions = _find(nlp, finder, "Turkish warplanes struck PKK positions in Sinjar in northern Iraq.")
    turkey = next(m for m in mentions if m.actor.actor_id == "TR-military")
    assert turkey.actor.inter == 8


def test_actors_roles_victims_named_apart_from_the_trigger(nlp, finder):
    text = "Regime air strikes hit a market in Saraqib, Syria on Monday. Ten people were killed."
    doc, mentions = _find(nlp, finder, text)
    roles = finder.roles(
        _trigger(doc, "air strikes", "Air/drone strike", "Explosions/Remote violence"), doc, mentions
    )
    assert _side(roles.actor1) == "Military Forces of Syria (2000-)"
    assert _side(roles.actor2) == "Civilians (Syria)"
    assert roles.civilian_targeting


def test_actors_roles_victims_are_not_guessed_for_battles(nlp, finder):
    text = "Clashes between the SDF and IS erupted near Hajin, Syria. Ten people were killed."
    doc, mentions = _find(nlp, finder, text)
    roles = finder.roles(_trigger(doc, "Clashes", "Armed clash", "Battles"), doc, mentions)
    assert {_side(roles.actor1), _side(roles.actor2)} == {
        "QSD: Syrian Democratic Forces",
        "IS: Islamic State",
    }


def test_actors_roles_survive_is_read_as_a_verb(nlp, finder):
    text = "IS attacked SDF positions near Hajin in Syria."
    doc, mentions = _find(nlp, finder, text)
    roles = finder.roles(_trigger(doc, "attacked", "Armed clash", "Battles"), doc, mentions)
    assert (_side(roles.actor1), _side(roles.actor2)) == (
        "IS: Islamic State",
        "QSD: Syrian Democratic Forces",
    )
    assert roles.actor1.score == 1.0  # read off the tree, not inferred from context


def test_actors_roles_when_the_trigger_is_the_subject_itself(nlp, finder):
    text = "The Syrian Air Force and the Russian Aerospace Forces carried out raids near al-Tanf in Syria."
    doc, mentions = _find(nlp, finder, text)
    roles = finder.roles(
        _trigger(doc, "Air Force", "Air/drone strike", "Explosions/Remote violence"), doc, mentions
    )
    assert _side(roles.actor1) == "Military Forces of Syria (2000-)"
    assert [m.actor.name for m in roles.assoc_actor_1] == ["Military Forces of Russia (2000-)"]


def _typed_roles(finder, doc, mentions, word: str, sub: str, *, event_type: str) -> Roles:
    return finder.roles(_trigger(doc, word, sub, event_type), doc, mentions)


def test_actors_names_without_their_apostrophe_still_match(nlp, finder):
    doc, ms = _find(nlp, finder, "ISILs fighters shelled the town while Syrias army advanced near Palmyra.")
    names = [m.actor.name for m in ms]
    assert "IS: Islamic State" in names
    assert "Military Forces of Syria (2000-)" in names


def test_actors_title_case_plural_act_noun_names_the_state(nlp, finder):
    text = "Fifteen Medics Killed in Russian Airstrikes on Hospital in Southern Aleppo"
    doc, ms = _find(nlp, finder, text)
    r = _typed_roles(
        finder, doc, ms, "Airstrikes", "Air/drone strike", event_type="Explosions/Remote violence"
    )
    assert _side(r.actor1) == "Military Forces of Russia (2000-)"


def test_actors_description_takes_the_group_named_just_before_over_the_catch_all(nlp, finder):
    text = (
        "Terrorists fired shells at Aleppo, Syria, on Monday. Two persons were injured as the ISIS terrorist "
        "organization targeted the town of Jeb al-Jarrah with rocket shells. A source said that terrorist "
        "groups positioned in nearby villages fired 13 rocket shells on the town."
    )
    doc, ms = _find(nlp, finder, text)
    by_text = {m.text: m.actor.name for m in ms if m.start > text.index("A source")}
    assert by_text["terrorist groups"] == "IS: Islamic State"


def test_actors_description_does_not_chain_across_items(nlp, finder):
    text = (
        "Terrorists of Jaish al-Islam fired mortars at the camp in Damascus, Syria. Nine people were hurt. "
        "The bakery was damaged. The cemetery was hit too. Later terrorists fired rocket shells at a school."
    )
    doc, ms = _find(nlp, finder, text)
    last = [m for m in ms if m.text.lower() == "terrorists"][-1]
    assert last.actor.name == "Rebel Groups (Syria)"


def test_actors_description_followed_by_its_name_is_not_a_mention(nlp, finder):
    text = "A suicide bomb killed 14 fighters from Jaish al-Islam in Dumayr, Syria, on Sunday."
    doc, ms = _find(nlp, finder, text)
    assert [m.text for m in ms if m.text == "fighters"] == []


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
def test_actors_roles_unclaimed_bombs_are_unidentified(nlp, finder, text, word, expected):
    doc, ms = _find(nlp, finder, text)
    r = _typed_roles(
        finder, doc, ms, word, "Remote explosive/landmine/IED", event_type="Explosions/Remote violence"
    )
    assert _side(r.actor1) == expected


def test_actors_roles_unidentified_warplanes_are_the_local_state(nlp, finder):
    text = "In Maaret al-Numan in Idlib, Syria, unidentified warplanes killed six civilians."
    doc, ms = _find(nlp, finder, text)
    r = _typed_roles(
        finder, doc, ms, "warplanes", "Air/drone strike", event_type="Explosions/Remote violence"
    )
    assert _side(r.actor1) == "Military Forces of Syria (2000-)"


def test_actors_roles_the_un_drops_no_bombs(nlp, finder):
    text = "Tags Aleppo UN airstrikes hit the village of Hayan in Syria."
    doc, ms = _find(nlp, finder, text)
    r = _typed_roles(
        finder, doc, ms, "airstrikes", "Air/drone strike", event_type="Explosions/Remote violence"
    )
    assert _side(r.actor1) != "United Nations"


def test_actors_roles_holder_of_the_place_is_not_the_striker(nlp, finder):
    text = "Five children were killed in the air raids on Idlib, which is held by Al Nusra Front, in Syria."
    doc, ms = _find(nlp, finder, text, published=date(2016, 6, 12))
    r = _typed_roles(
        finder, doc, ms, "air raids", "Air/drone strike", event_type="Explosions/Remote violence"
    )
    assert _side(r.actor1) != "Jabhat al Nusra"


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
def test_actors_roles_victims_said_in_other_words(nlp, finder, text, word):
    doc, ms = _find(nlp, finder, text)
    r = _typed_roles(finder, doc, ms, word, "Air/drone strike", event_type="Explosions/Remote violence")
    assert _side(r.actor2) == "Civilians (Syria)"


def test_actors_roles_home_forces_lead_allied_militias(nlp, finder):
    text = "Missile units of Hezbollah and the Syrian army's artillery units pounded the militants in Aleppo."
    doc, ms = _find(nlp, finder, text)
    r = _typed_roles(
        finder,
        doc,
        ms,
        "pounded",
        "Shelling/artillery/missile attack",
        event_type="Explosions/Remote violence",
    )
    assert _side(r.actor1) == "Military Forces of Syria (2000-)"
    assert [m.actor.name for m in r.assoc_actor_1] == ["Hezbollah"]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (date(2015, 6, 26), "YPG: Peoples Protection Units"),
        (date(2017, 6, 26), "QSD: Syrian Democratic Forces"),
    ],
)
def test_actors_kurdish_forces_before_and_after_the_sdf(nlp, finder, published, expected):
    doc, ms = _find(
        nlp, finder, "Kurdish forces captured the town of Tal Hamis in Hasakah, Syria.", published=published
    )
    assert [m.actor.name for m in ms if m.text == "Kurdish forces"] == [expected]


def test_actors_a_sites_tag_list_names_no_actor(nlp, finder):
    lead = "Airstrikes on a rebel-held village in Idlib, Syria killed 12 people on Tuesday."
    text = f"{lead} Tags Syria Idlib Russia airstrikes Syrian regime {lead}"
    doc, ms = _find(nlp, finder, text)
    tags = text.index("Tags")
    assert [m.text for m in ms if tags <= m.start < tags + 50] == []


def test_actors_a_name_that_describes_a_place_is_not_a_mention(nlp, finder):
    doc, ms = _find(
        nlp, finder, "Air strikes on a market in the Al Qaeda-held city of Idlib, Syria killed 21 civilians."
    )
    assert "Al Qaeda" not in [m.actor.name for m in ms]


def test_actors_roles_the_owner_named_after_a_description(nlp, finder):
    text = "The Israeli army struck the military base of the National Defense Forces in Quneitra, Syria."
    doc, ms = _find(nlp, finder, text, published=date(2018, 1, 7))
    r = _typed_roles(finder, doc, ms, "struck", "Air/drone strike", event_type="Explosions/Remote violence")
    assert _side(r.actor2) == "NDF: National Defence Forces"


def test_actors_roles_unattributed_strike_takes_the_air_force_the_next_sentence_names(nlp, finder):
    text = (
        "Airstrikes on a village in Idlib, Syria killed 12 people on Tuesday. The monitor said the raids "
        "were likely carried out by Russian jets."
    )
    doc, ms = _find(nlp, finder, text, published=date(2017, 4, 25))
    r = _typed_roles(
        finder, doc, ms, "Airstrikes", "Air/drone strike", event_type="Explosions/Remote violence"
    )
    assert _side(r.actor1) == "Military Forces of Russia (2000-)"


def test_actors_roles_an_owner_gives_way_to_the_actor_it_qualifies(nlp, finder):
    text = "The fighting pitted Jaish al-Islam against Fateh al-Sham Al-Qaedas former branch in Syria."
    doc, ms = _find(nlp, finder, text, published=date(2017, 4, 28))
    r = _roles(finder, doc, ms, "fighting")
    assert {_side(r.actor1), _side(r.actor2)} == {"Jaysh al Islam", "HTS: Hayat Tahrir al Sham"}


def test_actors_roles_never_the_same_actor_on_both_sides(nlp, finder):
    text = "The Turkish army shelled the village of Abdi with heavy artillery west of Tell Abyad in Syria."
    doc, ms = _find(nlp, finder, text)
    r = _typed_roles(
        finder,
        doc,
        ms,
        "shelled",
        "Shelling/artillery/missile attack",
        event_type="Explosions/Remote violence",
    )
    assert _side(r.actor1) == "Military Forces of Turkey (2016-)"
    assert r.actor2 is None or r.actor2.actor.actor_id != r.actor1.actor.actor_id


def _placed_find(nlp, finder, text: str, *, place: str, country: str, code: str):
    doc = nlp(text)
    ref = PlaceRef("1", place, 0.0, 0.0, country, code)
    places = [PlaceMention(i, i + len(place), place, ref) for i in _all(text, place)]
    return doc, finder.find(doc, _ctx(text), places=places)


def _all(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def test_actors_roles_unclaimed_bomb_takes_the_country_of_its_place(nlp, finder):
    text = (
        "The protesters also chanted against the Iranian militias deployed in the province. On Sunday "
        "night, an explosive device exploded near a school in Sanamayn, wounding two people. Sanamayn lies "
        "north of the city."
    )
    doc, ms = _placed_find(nlp, finder, text, place="Sanamayn", country="Syria", code="SY")
    r = _typed_roles(
        finder,
        doc,
        ms,
        "explosive device",
        "Remote explosive/landmine/IED",
        event_type="Explosions/Remote violence",
    )
    assert _side(r.actor1) == "Unidentified Armed Group (Syria)"
    assert r.actor1.text == "explosive device"  # the militias named before are no evidence for it


def test_actors_roles_bomb_near_a_post_hits_its_owner(nlp, finder):
    text = "A roadside bomb exploded near a checkpoint of the Syrian Army in Daraa, Syria."
    doc, ms = _find(nlp, finder, text)
    r = _typed_roles(
        finder,
        doc,
        ms,
        "roadside bomb",
        "Remote explosive/landmine/IED",
        event_type="Explosions/Remote violence",
    )
    assert _side(r.actor2) == "Military Forces of Syria (2000-)"


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
def test_actors_roles_demonstrations_are_protesters_or_rioters(nlp, finder, text, trigger, expected):
    word, sub, event_type = trigger
    doc, ms = _find(nlp, finder, text)
    r = _typed_roles(finder, doc, ms, word, sub, event_type=event_type)
    assert (_side(r.actor1), _side(r.actor2)) == expected
    assert r.actor1 is not None and r.actor1.actor.inter == (5 if event_type == "Riots" else 6)


def test_actors_the_description_means_the_one_group_named_earlier(nlp, finder):
    text = (
        "Suspected Boko Haram fighters attacked farmers near Konduga in Borno, Nigeria. A local leader said "
        "the attackers came on motorcycles. Troops later repelled an attack by the insurgents on a base in "
        "Damboa."
    )
    doc, ms = _find(nlp, finder, text)
    r = _roles(finder, doc, ms, "repelled")
    assert _side(r.actor2) == "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"


def test_actors_the_description_stays_generic_when_several_groups_were_named(nlp, finder):
    text = (
        "IS fighters attacked a village in Deir ez-Zor, Syria. Hurras al-Din fighters attacked a post "
        "in Idlib. A local source gave no toll. Troops later repelled an attack by the militants near Hama."
    )
    doc, ms = _find(nlp, finder, text)
    militants = [m for m in ms if m.text == "militants"]
    assert militants and militants[0].actor.name not in ("IS: Islamic State", "Hurras al-Din")


def test_actors_roles_two_subjects_that_clashed_are_two_sides(nlp, finder):
    text = (
        "On Thursday, government forces and Houthi fighters clashed in the western outskirts of Taiz, Yemen."
    )
    doc, ms = _find(nlp, finder, text)
    r = _roles(finder, doc, ms, "clashed")
    assert {_side(r.actor1), _side(r.actor2)} == {"Military Forces of Yemen", "Ansar Allah"}
    assert r.assoc_actor_1 == ()
