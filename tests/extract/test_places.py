"""Place mentions on the real gazetteer: recognition, person/organisation rejection, resolution by
context, relative locations, and the geoparse command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from frontwire.config import Config
from frontwire.distance import haversine_km
from frontwire.extract.places import PlaceFinder, geoparse_text
from frontwire.types import Article, ArticleContext, CleanText, PlaceMention


@pytest.fixture(scope="module")
def finder(tmp_path_factory: pytest.TempPathFactory) -> PlaceFinder:
    return PlaceFinder.load(Config(data_dir=tmp_path_factory.mktemp("home")))


def _by_text(mentions: list[PlaceMention]) -> dict[str, PlaceMention]:
    return {m.text: m for m in mentions}


@pytest.mark.parametrize(
    ("sentence", "surface", "admin1"),
    [
        ("Shelling hit Deir Ezzor on Monday.", "Deir Ezzor", "Deir ez-Zor"),
        ("Clashes in Dayr az Zawr left five dead.", "Dayr az Zawr", "Deir ez-Zor"),
        ("Air strikes on Albu Kamal continued.", "Albu Kamal", "Deir ez-Zor"),
        ("Fighters entered Al Bukamal at dawn.", "Al Bukamal", "Deir ez-Zor"),
        ("Turkish forces shelled Tal Abyad.", "Tal Abyad", "Ar-Raqqah"),
        ("Protests spread to Khan Sheikhoun.", "Khan Sheikhoun", "Idlib"),
        ("Residents fled al-Bab after the raid.", "al-Bab", "Aleppo"),
        # the article glued to its word, without hyphen or assimilation
        ("Jets bombed Maaret Alnouman twice on Sunday.", "Maaret Alnouman", "Idlib"),
        ("A convoy left Albukamal before dawn.", "Albukamal", "Deir ez-Zor"),
        ("Rebels said they had retaken Albab.", "Albab", "Aleppo"),
        ("Prices rose in Alraqqa this winter.", "Alraqqa", "Ar-Raqqah"),
        ("Water cuts hit Alhasakah again.", "Alhasakah", "Al-Hasakah"),
        ("The bridge in Deir Alzour was repaired.", "Deir Alzour", "Deir ez-Zor"),
        ("Aid trucks reached Elhasakeh by noon.", "Elhasakeh", "Al-Hasakah"),
    ],
)
def test_places_transliterations_found_and_resolved(
    finder: PlaceFinder, sentence: str, surface: str, admin1: str
) -> None:
    found = _by_text(finder.find_text(sentence))
    assert surface in found, f"{surface!r} not found in {sentence!r}: {list(found)}"
    place = found[surface].place
    assert (place.country, place.country_code, place.admin1) == ("Syria", "SY", admin1)
    assert sentence[found[surface].start : found[surface].end] == surface


def test_places_person_reading_rejected_place_reading_kept(finder: PlaceFinder) -> None:
    assert "Abu Rasin" not in _by_text(finder.find_text("Abu Rasin said the talks had failed."))
    kept = _by_text(finder.find_text("Turkish drones struck positions near Abu Rasin on Sunday."))
    assert kept["Abu Rasin"].place.admin1 == "Al-Hasakah"
    assert kept["Abu Rasin"].relation == "near"


@pytest.mark.parametrize(
    "sentence",
    [
        "Police arrested Mary on Friday.",
        "Washington said it would respond to the attack.",
        "Of the wounded, most were children.",
        "The Washington Post reported the figures.",
    ],
)
def test_places_common_words_and_metonymy_not_places(finder: PlaceFinder, sentence: str) -> None:
    assert finder.find_text(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "surface", "relation", "precision"),
    [
        ("Turkish artillery shelled a position west of Tell Abyad.", "Tell Abyad", "west of", 2),
        (
            "ISIS cells attacked posts in the northern countryside of Hasaka.",
            "Hasaka",
            "northern countryside of",
            2,
        ),
        ("Raids continued in eastern Homs.", "Homs", "eastern", 2),
        ("Fighting on the western bank of the Euphrates intensified.", "Euphrates", "western bank of", 3),
        ("Shells landed near the village of Tel Tamr.", "Tel Tamr", "near", 2),
        ("Clashes erupted in Manbij.", "Manbij", None, 1),
    ],
)
def test_places_relative_locations(
    finder: PlaceFinder, sentence: str, surface: str, relation: str | None, precision: int
) -> None:
    m = _by_text(finder.find_text(sentence))[surface]
    assert (m.relation, m.geo_precision) == (relation, precision)
    assert m.place.country == "Syria" and m.place.admin1


@pytest.mark.parametrize(
    ("sentence", "admin1"),
    [
        ("Clashes erupted near Abu Hayyah in Hama province.", "Hama"),
        ("Clashes erupted near Abu Hayyah in Raqqa province.", "Ar-Raqqah"),
        ("Government forces shelled Frikeh, in the Idlib countryside.", "Idlib"),
        ("Government forces shelled Frikeh, in the Hama countryside.", "Hama"),
    ],
)
def test_places_x_in_y_province_disambiguates(finder: PlaceFinder, sentence: str, admin1: str) -> None:
    name = "Abu Hayyah" if "Abu Hayyah" in sentence else "Frikeh"
    assert _by_text(finder.find_text(sentence))[name].place.admin1 == admin1


def test_places_country_in_focus_picks_namesake(finder: PlaceFinder) -> None:
    us = _by_text(finder.find_text("Flooding closed roads in Alexandria, Louisiana, on Tuesday."))
    eg = _by_text(finder.find_text("Protesters gathered in Alexandria and Cairo, Egypt."))
    assert us["Alexandria"].place.country_code == "US"
    assert eg["Alexandria"].place.country_code == "EG"


def test_places_unknown_name_never_empties_result(finder: PlaceFinder) -> None:
    text = "Fighting near Qzxwvtrq and Blorpistan spread to Aleppo and Idlib."
    names = [m.text for m in finder.find_text(text)]
    assert names == ["Aleppo", "Idlib"]


def test_places_regions_and_admin1(finder: PlaceFinder) -> None:
    found = _by_text(finder.find_text("ISIS remains active in the Badia and across Idlib province."))
    assert found["Badia"].place.feature == "region" and found["Badia"].geo_precision == 3
    idlib = found["Idlib"]
    assert (idlib.place.feature, idlib.place.admin1, idlib.geo_precision) == ("admin1", "Idlib", 3)


def test_places_find_uses_parse_signals(finder: PlaceFinder, nlp: Language) -> None:
    text = "Clashes were reported in Tel Tamr. Following the attack, Daesh claimed it."
    article = Article(id="a1", text=text)
    ctx = ArticleContext(article=article, clean=CleanText.unchanged(text), published=date(2020, 1, 1))
    found = _by_text(finder.find(nlp(text), ctx))
    assert "Tel Tamr" in found  # the small model calls it a PERSON; the gazetteer and "in" win
    assert "Following" not in found and "Daesh" not in found


def test_places_geoparse_text_default_config() -> None:
    mentions = geoparse_text("Shelling hit Raqqa.")
    raqqa = mentions[0].place
    assert haversine_km(raqqa.latitude, raqqa.longitude, 35.95, 39.01) < 10


def test_places_geoparse_command_writes_contract_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from frontwire.cli import main

    monkeypatch.setenv("FRONTWIRE_HOME", str(tmp_path / "home"))
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a1", "text": "Turkish forces shelled a position west of Tell Abyad on Monday."})
        + "\n",
        encoding="utf-8",
    )
    assert main(["geoparse", str(src)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines, "no mentions written"
    keys = {
        "article_id",
        "start",
        "end",
        "text",
        "name",
        "place_id",
        "latitude",
        "longitude",
        "country",
        "admin1",
        "feature",
    }
    assert all(keys <= set(obj) for obj in lines)
    tell = next(obj for obj in lines if obj["text"] == "Tell Abyad")
    assert (tell["article_id"], tell["country"], tell["relation"]) == ("a1", "Syria", "west of")


def test_places_missing_village_not_placed_abroad(finder: PlaceFinder) -> None:
    text = (
        "Turkish forces shelled a position of the Syrian Army west of Tell Abyad near the village of Abdi. "
        "Clashes also erupted on the outskirts of Ain Issa."
    )
    found = finder.find_text(text)
    assert {m.place.country_code for m in found} == {"SY"}  # no Abdi in Chad
    assert {m.text for m in found} >= {"Tell Abyad", "Ain Issa"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Turkish forces shelled a position of the Syrian Army west of Tell Abyad near the village of Abdi.",
         ["Tell Abyad"]),  # Abdi is not in the gazetteer: no town of that name in Chad instead
        ("Turkish forces shelled Abu Rasin.", ["Abu Rasin"]),  # a theatre place is never a stray
    ],
)  # fmt: skip
def test_places_demonyms_inform_focus_but_are_not_reported(
    finder: PlaceFinder, sentence: str, expected: list[str]
) -> None:
    found = finder.find_text(sentence)
    assert [m.text for m in found] == expected
    assert {m.place.country_code for m in found} == {"SY"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Government troops attacked fighters of Jabhat Fatah al-Sham west of the river.",
        "Members of Ahrar al-Sham withdrew from the hills on Friday.",
        "Fighters of Jabhat Fatah al Sham clashed with a rival faction at dawn.",
    ],
)
def test_places_organisation_tail_not_a_place(sentence: str) -> None:
    assert not [m for m in geoparse_text(sentence) if m.text.lower().endswith("sham")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Drones hit a depot near Qamishli overnight. Ankara has not commented on the raid.",
        "Rockets fell near Tal Tamr. Moscow has denied any role, and Washington declined to comment.",
    ],
)
def test_places_capital_as_government_not_a_place(sentence: str) -> None:
    names = {m.text for m in geoparse_text(sentence)}
    assert not names & {"Ankara", "Moscow", "Washington"}
    assert names


def test_places_unit_words_after_name_keep_it() -> None:
    mentions = _by_text(geoparse_text("Gunmen raided Konduga Local Government Area of Borno State at night."))
    assert mentions["Konduga"].place.country_code == "NG"
    assert mentions["Konduga"].place.admin1 == "Borno"


def test_places_english_word_before_name_not_in_span() -> None:
    mentions = geoparse_text("The rebels fired two rockets at Marib on Sunday.")
    assert [m.text for m in mentions] == ["Marib"]


def test_places_theatre_village_beats_foreign_alias() -> None:
    (m,) = geoparse_text("Jets bombed the market in Ariha on Tuesday, rescuers reported.")
    assert m.place.country_code == "SY"


def test_places_admin2_is_a_name_never_a_code() -> None:
    for m in geoparse_text("Police in Danbury and Norwalk, Connecticut, and in Dayton, Ohio, made arrests."):
        assert m.place.admin2 is None or not m.place.admin2.isdigit()


def test_places_list_items_share_the_locative(finder: PlaceFinder, nlp: Language) -> None:
    text = (
        "Artillery hit the villages of Kansafra, Fulayfil and al-Bara in the southern countryside of Idlib."
    )
    ctx = ArticleContext(
        article=Article(id="a2", text=text), clean=CleanText.unchanged(text), published=date(2020, 7, 1)
    )
    found = _by_text(finder.find(nlp(text), ctx))
    assert {"Kansafra", "Fulayfil", "al-Bara", "Idlib"} <= set(found)
    assert found["Fulayfil"].place.admin1 == "Idlib"
    assert found["Kansafra"].geo_precision == 1


def test_places_leaders_given_name_not_a_village(finder: PlaceFinder) -> None:
    # "Bashar" spells the Latakia village Bashur loosely; in news it is almost always the president
    text = "Opposition groups blamed the gas attack on Bashar al-Assad's regime near Saraqib."
    assert set(_by_text(finder.find_text(text))) == {"Saraqib"}
    kept = _by_text(finder.find_text("Shelling hit the village of Bashur in the Latakia countryside."))
    assert kept["Bashur"].place.admin1 == "Latakia"


def test_places_capitals_as_parties_not_places() -> None:
    text = "Patrols resumed near Tal Tamr under the 2019 deal between Moscow and Ankara."
    assert {m.text for m in geoparse_text(text)} == {"Tal Tamr"}


def test_places_speaking_capital_not_a_place_with_parse(finder: PlaceFinder, nlp: Language) -> None:
    text = "Turkish howitzers pounded Tal Tamr on Sunday. Ankara has not commented on the shelling."
    ctx = ArticleContext(
        article=Article(id="a3", text=text), clean=CleanText.unchanged(text), published=date(2021, 3, 1)
    )
    assert set(_by_text(finder.find(nlp(text), ctx))) == {"Tal Tamr"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Fighters of the Islamic State West Africa Province raided Gwoza at dawn.",
        "A cell of the Islamic State of Iraq and Syria ambushed a patrol near Gwoza.",
    ],
)
def test_places_organisation_named_after_places(sentence: str) -> None:
    names = {m.text for m in geoparse_text(sentence)}
    assert names == {"Gwoza"}


@pytest.mark.parametrize(
    "phrase", ["the Damascus suburbs", "the Damascus countryside", "the Damascus outskirts"]
)
def test_places_city_surroundings_resolve_to_the_surrounding_province(phrase: str) -> None:
    sentence = f"Rockets hit a market in {phrase} on Tuesday."
    found = [m for m in geoparse_text(sentence) if "Damascus" in m.text]
    assert [(m.place.admin1, m.text) for m in found] == [("Rif-dimashq", phrase.removeprefix("the "))]


def test_places_local_news_resolves_by_the_article_region(finder: PlaceFinder) -> None:
    """A town, its county and its neighbours: the readings that share a state win together."""
    text = (
        "Officers in Athens arrested two men on Friday. The Henderson County sheriff said deputies "
        "from Tyler and Corsicana helped with the search."
    )
    found = _by_text(finder.find_text(text))
    assert found["Athens"].place.admin1 == "Texas"
    assert found["Henderson County"].place.admin1 == "Texas"
    assert found["Henderson County"].place.feature == "admin2"


def test_places_lawmaker_district_is_a_place_of_the_article_state(finder: PlaceFinder) -> None:
    found = _by_text(
        finder.find_text("The bill passed, said Rep. Tom Wells, R-Marshall, after the vote in St. Paul.")
    )
    assert found["Marshall"].place.admin1 == "Minnesota"


def test_places_bare_county_names_before_counties_are_the_counties(finder: PlaceFinder) -> None:
    found = _by_text(
        finder.find_text("Unemployment rose in Clarke, Oconee and Oglethorpe counties, officials said.")
    )
    assert {found[n].place.name for n in ("Clarke", "Oconee", "Oglethorpe")} == {
        "Clarke County",
        "Oconee County",
        "Oglethorpe County",
    }
    assert {found[n].place.admin1 for n in ("Clarke", "Oconee", "Oglethorpe")} == {"Georgia"}


@pytest.mark.parametrize(
    ("text", "surface", "admin1"),
    [
        ("CROMWELL — The town council voted on Tuesday to repave two roads.", "CROMWELL", "Connecticut"),
        ("The Torrington Fire Department responded to the blaze at 3 a.m.", "Torrington", "Connecticut"),
    ],
)
def test_places_datelines_and_local_institutions_name_the_place(
    finder: PlaceFinder, text: str, surface: str, admin1: str
) -> None:
    found = _by_text(finder.find_text(text))
    assert surface in found, f"{surface!r} not found in {text!r}: {list(found)}"
    assert found[surface].place.admin1 == admin1


@pytest.mark.parametrize(
    "text",
    [
        "Her cousin, Dana Whitcombe of Grand Prairie, said the fair had never drawn such crowds.",
        "Volunteers included Marcus Lee, 44, of Roswell, who drove the supply van.",
    ],
)
def test_places_a_persons_home_town_is_a_place(finder: PlaceFinder, nlp: Language, text: str) -> None:
    """ "Name[, age,] of X," names where a person lives, even when a speech verb follows and the parse
    takes the whole phrase for a person."""
    found = _by_text(finder.find_text(text, nlp(text)))
    assert {"Grand Prairie", "Roswell"} & set(found), list(found)


def test_places_of_after_an_organisations_head_is_not_a_home_town(finder: PlaceFinder) -> None:
    text = "A unit of the Islamic State of Iraq, the group said, withdrew."
    assert "Iraq" not in _by_text(finder.find_text(text))


def test_places_a_name_inside_an_organisation_of_its_own_stays_out(finder: PlaceFinder) -> None:
    assert "Torrington" not in _by_text(finder.find_text("He read the Torrington Herald every morning."))


def test_within_km_agrees_with_the_great_circle_distance() -> None:
    import random

    from frontwire.extract.place_resolution import within_km

    rng = random.Random(7)
    pairs = [(35.0, 38.0, 35.0 + d, 38.0 + e) for d in (1.34, 1.349, 1.35, 1.36) for e in (0.0, 0.01)]
    pairs += [tuple(rng.uniform(-80, 80) for _ in range(4)) for _ in range(500)]
    pairs += [(a, b, a + rng.uniform(-2, 2), b + rng.uniform(-2, 2)) for a, b, _, _ in pairs[:300]]
    for lat1, lon1, lat2, lon2 in pairs:
        assert within_km(lat1, lon1, lat2, lon2, 150) == (haversine_km(lat1, lon1, lat2, lon2) < 150)
    assert within_km(35.0, 38.0, 36.3, 38.0, 150) and not within_km(35.0, 38.0, 36.4, 38.0, 150)


def test_places_names_that_can_lie_together_pick_the_readings_that_do(finder: PlaceFinder) -> None:
    """Coherence: "Athens" and "Henderson County" each have many readings, but only the Texas ones lie
    together, so no state or third name is needed to say which they are."""
    text = "Officers of the Athens Police Department took the man to the Henderson County Jail on Friday."
    found = _by_text(finder.find_text(text))
    assert found["Athens"].place.admin1 == "Texas"
    assert found["Henderson County"].place.admin1 == "Texas"


def test_places_a_place_name_on_a_street_sign_is_no_place(finder: PlaceFinder) -> None:
    text = "Officers went to a house at 12 Memphis St. in Alexandria, La., at noon."
    found = _by_text(finder.find_text(text))
    assert "Memphis" not in found
    assert found["Alexandria"].place.admin1 == "Louisiana"


def test_places_every_item_of_a_county_list_is_recognised(finder: PlaceFinder) -> None:
    text = "A storm warning covers parts of Becker, Mahnomen, Wilkin and Swift counties until noon."
    found = _by_text(finder.find_text(text))
    for name in ("Mahnomen", "Wilkin", "Swift"):
        assert name in found, f"{name} not found: {list(found)}"
        assert found[name].place.feature == "admin2"
        assert found[name].place.admin1 == "Minnesota"


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("A Godfrey funeral director was charged on Monday with two robberies.", "Godfrey"),
        ("The motion, which Litchfield Selectman Joan Merritt opposed, failed.", "Litchfield"),
        ("Crews from all Torrington volunteer departments fought the fire.", "Torrington"),
    ],
)
def test_places_local_news_names_a_town_as_a_modifier(
    finder: PlaceFinder, nlp: Language, text: str, surface: str
) -> None:
    assert surface in _by_text(finder.find_text(text, nlp(text))), text


def test_places_an_english_article_starts_the_sentence_not_the_name(finder: PlaceFinder) -> None:
    found = _by_text(
        finder.find_text("An Alton funeral director was charged with robbing two banks in Illinois.")
    )
    assert "Alton" in found and "An Alton" not in found
    assert found["Alton"].place.admin1 == "Illinois"
    assert found["Alton"].start == 3


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Tips may be given to Navarro County Crimestoppers at any hour.", "Navarro County"),
        ("Work began on the Guernsey County Administration Building in May.", "Guernsey County"),
    ],
)
def test_places_a_county_named_with_its_unit_heads_an_institution(
    finder: PlaceFinder, text: str, surface: str
) -> None:
    found = _by_text(finder.find_text(text))
    assert surface in found, list(found)
    assert found[surface].place.feature == "admin2"


def test_places_a_name_sure_somewhere_is_a_place_in_its_plainer_mentions(finder: PlaceFinder) -> None:
    """One sense per article: "Pewaukee police" makes the bare sentence-initial "Pewaukee" later a place,
    but not "Pewaukee Gazette", which stays the start of another name."""
    text = "Pewaukee police closed two roads on Friday. Pewaukee lost two barns, the Pewaukee Gazette said."
    found = [p.start for p in finder.find_text(text) if p.text == "Pewaukee"]
    assert found == [0, 44]
    alone = "The storm hit on Friday. Pewaukee lost two barns."
    assert "Pewaukee" not in _by_text(finder.find_text(alone))


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("She grew up in the small village of Flumeri in southern Italy before the war.", "Flumeri"),
        ("The old bridge between Walton and Oconee counties was rebuilt in 1990.", "Oconee"),
    ],
)
def test_places_a_place_word_before_outweighs_a_wrong_entity_label(
    finder: PlaceFinder, nlp: Language, text: str, surface: str
) -> None:
    """The small parser model calls some villages nationalities and tags some county names as common
    words; "the village of" and "counties" after a list say otherwise."""
    assert surface in _by_text(finder.find_text(text, nlp(text))), text


def test_places_a_county_stays_named_in_its_roads(finder: PlaceFinder) -> None:
    found = _by_text(finder.find_text("The detour runs near Otter Tail County Road 80 until June."))
    assert "Otter Tail County" in found
    assert "Memphis" not in _by_text(finder.find_text("Traffic on Memphis Street was slow on Friday."))


def test_places_a_name_after_lake_or_fort_is_part_of_that_name(finder: PlaceFinder) -> None:
    found = _by_text(
        finder.find_text("The road north of town near Lake Vermont is closed, officials in Ohio said.")
    )
    assert "Vermont" not in found
    assert "Ohio" in found


@pytest.mark.parametrize(
    ("sentence", "surface", "country", "admin1"),
    [
        ("The governor spoke in Albany on Friday.", "Albany", "US", "New York"),
        ("Tourists crowded the beaches of Alexandria, Egypt.", "Alexandria", "EG", "Alexandria"),
        ("Talks with Algeria stalled.", "Algeria", "DZ", None),
        ("Shelling continued in Aleppo.", "Aleppo", "SY", "Aleppo"),
        ("Storms swept across Alabama overnight.", "Alabama", "US", "Alabama"),
        ("A new school opened in Elgin, Illinois.", "Elgin", "US", "Illinois"),
        ("The team flew to Elmira, New York.", "Elmira", "US", "New York"),
    ],
)
def test_places_english_names_starting_al_el_unchanged(
    finder: PlaceFinder, sentence: str, surface: str, country: str, admin1: str | None
) -> None:
    """Names that merely begin like a glued article are never read as al-/el- names."""
    found = _by_text(finder.find_text(sentence))
    assert surface in found, f"{surface!r} not found in {sentence!r}: {list(found)}"
    place = found[surface].place
    assert (place.country_code, place.admin1) == (country, admin1)
    assert place.name == surface


@pytest.mark.parametrize(
    ("sentence", "name", "place"),
    [
        # a compound adjective before "al-" is no name the place continues
        ("Jets struck near the US-controlled al-Tanf zone on Friday.", "al-Tanf zone", True),
        ("Shells fell on the Turkish-held al-Bab countryside.", "al-Bab", True),
        # a capitalised word before "al-" is: "Ahrar al-Sham" is a group
        ("Fighters of Ahrar al-Sham withdrew.", "al-Sham", False),
    ],
)
def test_places_al_after_a_compound_adjective(
    finder: PlaceFinder, sentence: str, name: str, place: bool
) -> None:
    assert (name in _by_text(finder.find_text(sentence))) is place


def test_a_compass_word_before_a_place_of_the_article_names_its_part() -> None:

    text = (
        "Arlington, Texas police said the crash happened on Cooper Street. "
        "Residents of North Arlington have asked for a new traffic light."
    )
    found = {m.text: m for m in PlaceFinder.load(Config()).find_text(text)}
    north = found["North Arlington"]
    assert north.place.admin1 == "Texas" and north.relation == "north"


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [
        ("Scotland", "GB", "admin1"),  # the division, not the United Kingdom's point 250 km away
        ("Congo", "CD", "country"),
        ("La Paz", "BO", "city"),  # a seat of government counts as a capital
        ("Java", "ID", "region"),
    ],
)
def test_names_in_world_news_take_their_best_known_reading(name: str, country: str, feature: str) -> None:
    found = [m for m in geoparse_text(f"Officials counted new cases in {name} on Tuesday.") if m.text == name]
    assert found and found[0].place.country_code == country and found[0].place.feature == feature


def test_a_territorys_small_capital_does_not_outrank_big_namesakes() -> None:
    found = [
        m
        for m in geoparse_text("Officials counted new cases in Hamilton on Tuesday.")
        if m.text == "Hamilton"
    ]
    assert found and found[0].place.country_code != "BM" and found[0].place.population > 100_000


def test_places_a_country_named_beside_its_capital_is_the_country() -> None:
    text = (
        "Officials in Mexico closed every school in Mexico City. Over 1,300 people in Mexico"
        " have been hospitalized."
    )
    found = [m.place for m in geoparse_text(text) if m.text == "Mexico"]
    assert len(found) == 2
    assert {(p.feature, p.country_code) for p in found} == {("country", "MX")}


@pytest.mark.parametrize(
    "sentence",
    [
        "Romania confirmed that there has been another outbreak in the delta.",
        "Nigeria reported having 782 cases of the disease in 2004.",
    ],
)
def test_places_a_country_speaking_is_still_the_country(
    finder: PlaceFinder, nlp: Language, sentence: str
) -> None:
    name = sentence.split(maxsplit=1)[0]
    article = Article(id="a9", text=sentence)
    ctx = ArticleContext(article=article, clean=CleanText.unchanged(sentence), published=date(2021, 3, 1))
    found = [m for m in finder.find(nlp(sentence), ctx) if m.text == name]
    assert found and found[0].place.feature == "country"


@pytest.mark.parametrize(
    ("sentence", "name", "country"),
    [
        ("Cases rose in Côte d'Ivoire and Ghana this week.", "Côte d'Ivoire", "CI"),  # French elision
        ("One pilgrim died in Mecca, the others in Medina.", "Mecca", "SA"),  # GeoNames: Meca, Mekka
        ("The first outbreak was in Zaire in 1976.", "Zaire", "CD"),  # a country's former name
        ("A village in southern Macedonia also suspects the strain.", "Macedonia", "MK"),
    ],
)
def test_places_world_news_spellings_are_found(sentence: str, name: str, country: str) -> None:
    found = [m.place for m in geoparse_text(sentence) if m.text == name]
    assert found and found[0].country_code == country


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        # a first-level unit word after the name: the state, not the Iowa town nor the capital
        ("A cow born in Canada was found at a Washington state farm.", "Washington", "Washington"),
        # divisions named outright beside it: a sibling division, not the Yorkshire town of 6,000
        ("Officials can handle only 48,000 deaths in Wales and in England.", "Wales", "Wales"),
    ],
)
def test_places_a_first_level_division_beats_its_namesake_town(text: str, name: str, admin1: str) -> None:
    found = [m.place for m in geoparse_text(text) if m.text == name]
    assert found and (found[0].feature, found[0].admin1) == ("admin1", admin1)


def test_places_a_town_written_with_its_country_is_recognised(finder: PlaceFinder, nlp: Language) -> None:
    text = "Krasnodar, Russia officials said yesterday they have found more dead birds."
    article = Article(id="a10", text=text)
    ctx = ArticleContext(article=article, clean=CleanText.unchanged(text), published=date(2021, 3, 1))
    found = _by_text(finder.find(nlp(text), ctx))
    assert "Krasnodar" in found and found["Krasnodar"].place.country_code == "RU"


@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [
        ("Birds were migrating to the Black Sea in the cold.", "Black Sea", ("natural", None)),
        ("Swans died on the coast of Lake Erie near Monroe.", "Lake Erie", ("natural", None)),
        ("Officials confirmed twenty cases of malaria in Zambales.", "Zambales", ("admin2", "PH")),
    ],
)
def test_places_divisions_seas_and_lakes_of_world_news(
    sentence: str, name: str, expected: tuple[str, str | None]
) -> None:
    found = [m.place for m in geoparse_text(sentence) if m.text == name]
    assert found and (found[0].feature, found[0].country_code) == expected


def test_places_the_division_written_after_a_town_holds_it() -> None:
    text = "The latest death is a 9-year-old girl from Buffalo, New York, officials said."
    found = [m.place for m in geoparse_text(text) if m.text == "New York"]
    assert found and (found[0].feature, found[0].admin1) == ("admin1", "New York")
