"""Locate: the place a trigger's sentence ties it to, else the one the article established."""

from __future__ import annotations

import pytest
from spacy.language import Language

from frontwire.extract.locate import is_outlet_place, place_for, places_for
from frontwire.types import Article, ArticleContext, CleanText, PlaceMention, PlaceRef, Trigger

_REFS = {
    "Hajin": PlaceRef("1", "Hajin", 34.69, 40.83, "Syria", "SY", "Deir ez-Zor", feature="city"),
    "Deir ez-Zor": PlaceRef("2", "Deir ez-Zor", 35.0, 40.5, "Syria", "SY", "Deir ez-Zor", feature="admin1"),
    "Syria": PlaceRef("3", "Syria", 35.0, 38.0, "Syria", "SY", feature="country"),
    "Abdi": PlaceRef("4", "Abdi", 36.6, 38.9, "Syria", "SY", "Raqqa", feature="village"),
    "Tell Abyad": PlaceRef("5", "Tell Abyad", 36.7, 38.95, "Syria", "SY", "Raqqa", feature="city"),
    "Homs": PlaceRef("6", "Homs", 34.7, 37.9, "Syria", "SY", "Homs", feature="admin1"),
    "Beirut": PlaceRef("7", "Beirut", 33.89, 35.5, "Lebanon", "LB", "Beirut", feature="city"),
    "London": PlaceRef("8", "London", 51.5, -0.12, "United Kingdom", "GB", "England", feature="city"),
    "Idlib": PlaceRef("9", "Idlib", 35.93, 36.63, "Syria", "SY", "Idlib", feature="city"),
    "Hama": PlaceRef("10", "Hama", 35.13, 36.75, "Syria", "SY", "Hama", feature="city"),
    "Russia": PlaceRef("11", "Russia", 60.0, 100.0, "Russia", "RU", feature="country"),
    "Western": PlaceRef("12", "Western", 6.5, -2.5, "Ghana", "GH", "Western", feature="village"),
    "Damascus": PlaceRef("13", "Damascus", 33.51, 36.29, "Syria", "SY", "Dimashq", feature="city"),
    "Jobar Plain": PlaceRef(
        "14", "Jobar Plain", 33.55, 36.42, "Syria", "SY", "Rif-dimashq", feature="region"
    ),
    "Aleppo": PlaceRef("15", "Aleppo", 36.2, 37.16, "Syria", "SY", "Aleppo", feature="city"),
    "Gaza City": PlaceRef("16", "Gaza", 31.5, 34.47, "Palestine", "PS", "Gaza Strip", feature="city"),
    "Ashkelon": PlaceRef("17", "Ashkelon", 31.67, 34.57, "Israel", "IL", "Southern District", feature="city"),
    "Sderot": PlaceRef("18", "Sderot", 31.52, 34.6, "Israel", "IL", "Southern District", feature="town"),
}


def _mentions(text: str, names: list[str], precision: dict[str, int] | None = None) -> list[PlaceMention]:
    out: list[PlaceMention] = []
    for name in names:
        start = 0
        while (i := text.find(name, start)) >= 0:
            gp = (precision or {}).get(name, 3 if _REFS[name].feature in ("admin1", "country") else 1)
            out.append(PlaceMention(i, i + len(name), name, _REFS[name], gp))
            start = i + len(name)
    return sorted(out, key=lambda p: p.start)


def _ctx(text: str) -> ArticleContext:
    return ArticleContext(Article("l", text), CleanText.unchanged(text), None)


def _trigger(text: str, word: str) -> Trigger:
    start = text.index(word)
    s = text.rfind(". ", 0, start)
    s = 0 if s < 0 else s + 2
    e = text.find(". ", start)
    e = len(text) if e < 0 else e + 1
    return Trigger(start, start + len(word), word, "Armed clash", "Battles", 0.9, s, e)


def test_locate_most_specific_in_sentence(nlp: Language) -> None:
    text = "Warplanes struck Hajin in Deir ez-Zor province on Monday."
    places = _mentions(text, ["Hajin", "Deir ez-Zor"])
    got = place_for(_trigger(text, "struck"), places, nlp(text), _ctx(text))
    assert got is not None and got.text == "Hajin"


def test_locate_relative_place_near_village(nlp: Language) -> None:
    text = "Turkish forces shelled a position west of Tell Abyad near the village of Abdi."
    places = _mentions(text, ["Tell Abyad", "Abdi"], {"Tell Abyad": 2, "Abdi": 2})
    got = place_for(_trigger(text, "shelled"), places, nlp(text), _ctx(text))
    assert got is not None and got.text in ("Abdi", "Tell Abyad") and got.geo_precision == 2


def test_locate_attached_place_wins_over_other_clause(nlp: Language) -> None:
    text = "Russian jets bombed Idlib on Thursday, while rebels attacked positions in Hama."
    places = _mentions(text, ["Idlib", "Hama"])
    doc = nlp(text)
    assert place_for(_trigger(text, "bombed"), places, doc, _ctx(text)).text == "Idlib"  # type: ignore[union-attr]
    assert place_for(_trigger(text, "attacked"), places, doc, _ctx(text)).text == "Hama"  # type: ignore[union-attr]


def test_locate_sentence_without_place_uses_previous(nlp: Language) -> None:
    text = "Warplanes struck Hajin on Monday. The raids destroyed a bakery."
    places = _mentions(text, ["Hajin"])
    got = place_for(_trigger(text, "destroyed"), places, nlp(text), _ctx(text))
    assert got is not None and got.text == "Hajin" and got.start == text.index("Hajin")


def test_locate_country_only_sentence_keeps_established_place(nlp: Language) -> None:
    text = "Clashes erupted in Hajin overnight. Fighting in Syria has intensified, the monitor said."
    places = _mentions(text, ["Hajin", "Syria"])
    got = place_for(_trigger(text, "Fighting"), places, nlp(text), _ctx(text))
    assert got is not None and got.text == "Hajin"


def test_locate_region_is_kept(nlp: Language) -> None:
    text = "IS militants attacked army positions in eastern Homs."
    places = [
        PlaceMention(text.index("eastern Homs"), len(text) - 1, "eastern Homs", _REFS["Homs"], 3, "eastern")
    ]
    got = place_for(_trigger(text, "attacked"), places, nlp(text), _ctx(text))
    assert got is not None and got.geo_precision == 3


def test_locate_dateline_city_is_never_the_event_place(nlp: Language) -> None:
    text = "BEIRUT (Reuters) - Warplanes struck a market on Monday, killing 12 people."
    places = _mentions(text, ["Beirut"]) or [PlaceMention(0, 6, "BEIRUT", _REFS["Beirut"])]
    assert is_outlet_place(places[0], text)
    assert place_for(_trigger(text, "struck"), places, nlp(text), _ctx(text)) is None


def test_locate_based_monitor_city_is_not_the_place(nlp: Language) -> None:
    text = "Clashes erupted in Hajin, the London-based monitor said."
    places = _mentions(text, ["Hajin", "London"])
    ranked = places_for(_trigger(text, "Clashes"), places, nlp(text), _ctx(text))
    assert [p.text for p in ranked] == ["Hajin"]


def test_locate_dateline_then_article_place(nlp: Language) -> None:
    text = "BEIRUT, July 3 (Reuters) - Warplanes struck Idlib. The raids killed 5 people."
    places = [PlaceMention(0, 6, "BEIRUT", _REFS["Beirut"]), *_mentions(text, ["Idlib"])]
    got = place_for(_trigger(text, "raids"), places, nlp(text), _ctx(text))
    assert got is not None and got.text == "Idlib"


def test_locate_without_parse_uses_specificity(nlp: Language) -> None:
    text = "Clashes in Deir ez-Zor province reached Hajin."
    places = _mentions(text, ["Hajin", "Deir ez-Zor"])
    got = place_for(_trigger(text, "Clashes"), places, None, _ctx(text))
    assert got is not None and got.text == "Hajin"


def test_locate_no_places_gives_none(nlp: Language) -> None:
    text = "Warplanes struck a market on Monday."
    assert place_for(_trigger(text, "struck"), [], nlp(text), _ctx(text)) is None


def test_locate_foreign_country_in_sentence_is_not_the_place(nlp: Language) -> None:
    text = "Warplanes struck Hajin on Monday. Russia said its jets carried out the raids."
    places = _mentions(text, ["Hajin", "Russia"])
    got = place_for(_trigger(text, "raids"), places, nlp(text), _ctx(text))
    assert got is not None and got.text == "Hajin"


def test_locate_place_in_another_country_than_the_article_goes_last(nlp: Language) -> None:
    text = "Clashes erupted in Hajin and Hama on Monday. Shelling hit Western areas later."
    places = _mentions(text, ["Hajin", "Hama", "Western"])
    got = place_for(_trigger(text, "Shelling"), places, nlp(text), _ctx(text))
    assert got is not None and got.place.country_code == "SY"


def test_locate_acronym_read_as_town_is_ignored(nlp: Language) -> None:
    text = "Warplanes struck Idlib on Monday. The UN condemned the raid on a hospital."
    un = PlaceRef("13", "Un", 20.8, 71.0, "India", "IN", "Gujarat", feature="town")
    places = [*_mentions(text, ["Idlib"]), PlaceMention(text.index("UN"), text.index("UN") + 2, "UN", un)]
    got = place_for(_trigger(text, "raid"), places, nlp(text), _ctx(text))
    assert got is not None and got.text == "Idlib"


@pytest.mark.parametrize(
    ("text", "name", "outlet"),
    [
        (
            "Get short URL 0 154 Jets struck. BEIRUT (Sputnik) The Syrian Air Force struck Idlib.",
            "BEIRUT",
            True,
        ),
        ("MOSCOW, Oct 3 (Reuters) - Jets struck Idlib.", "MOSCOW", True),
        ("Aleppo, Syria (AP) — Jets struck the city.", "Aleppo", True),
        ("Clashes in Hajin (Deir ez-Zor) continued.", "Hajin", False),
        ("Raids in Idlib (SDF sources) continued.", "Idlib", False),
        ("The London-based Syrian Observatory said.", "London", True),
        ("The monitor, based in London, said.", "London", True),
        ("Last updated Jul 01 2016 BEIRUT At least 70 fighters were killed.", "BEIRUT", True),
        ("JETS POUND BEIRUT SUBURBS", "BEIRUT", False),
    ],
)
def test_locate_outlet_places(text: str, name: str, outlet: bool) -> None:
    i = text.index(name)
    assert is_outlet_place(PlaceMention(i, i + len(name), name, _REFS["Beirut"]), text) is outlet


@pytest.mark.parametrize("relation", ["east of", "near", "outside", "outskirts of"])
def test_locate_outside_a_city_province_is_the_province_around_it(nlp: Language, relation: str) -> None:
    text = f"Government jets pounded rebel areas {relation} Damascus on Saturday."
    (m,) = _mentions(text, ["Damascus"], {"Damascus": 2})
    m = PlaceMention(m.start, m.end, m.text, m.place, 2, relation)
    got = place_for(_trigger(text, "pounded"), [m], nlp(text), _ctx(text))
    assert got is not None and got.place.name == "Damascus" and got.place.admin1 == "Rif-dimashq"


def test_locate_inside_a_city_province_or_another_city_keeps_its_province(nlp: Language) -> None:
    text = "Rebels fired shells at Damascus and at a village east of Aleppo on Saturday."
    places = _mentions(text, ["Damascus", "Aleppo"])
    places = [
        places[0],
        PlaceMention(*[getattr(places[1], f) for f in ("start", "end", "text", "place")], 2, "east of"),
    ]
    doc = nlp(text)
    assert place_for(_trigger(text, "fired"), places[:1], doc, _ctx(text)).place.admin1 == "Dimashq"  # type: ignore[union-attr]
    assert place_for(_trigger(text, "fired"), places[1:], doc, _ctx(text)).place.admin1 == "Aleppo"  # type: ignore[union-attr]


def test_locate_place_only_situating_another_gives_way(nlp: Language) -> None:
    text = "Government shells killed nine people across the Jobar Plain area outside the capital Damascus."
    places = _mentions(text, ["Jobar Plain", "Damascus"])
    got = place_for(_trigger(text, "shells"), places, nlp(text), _ctx(text))
    assert got is not None and got.text == "Jobar Plain"


def test_locate_sponsor_city_is_not_where_it_happened(nlp: Language) -> None:
    text = "Jets struck a base of the Damascus-backed militia in Hama on Sunday."
    places = _mentions(text, ["Damascus", "Hama"])
    assert is_outlet_place(places[0], text)
    got = place_for(_trigger(text, "struck"), places, nlp(text), _ctx(text))
    assert got is not None and got.text == "Hama"


def test_locate_a_place_naming_a_body_gives_way_to_where_it_happened(nlp: Language) -> None:
    """ "the Tell Abyad Military Council": whose position, not where; "near ... Abdi" is where."""
    text = "Drones struck a position of the Tell Abyad Military Council near the village of Abdi."
    places = _mentions(text, ["Tell Abyad", "Abdi"], {"Abdi": 2})
    got = place_for(_trigger(text, "struck"), places, nlp(text), _ctx(text))
    assert got is not None and got.text == "Abdi"
    alone = "A shell hit the Aleppo University campus on Monday."
    got = place_for(_trigger(alone, "hit"), _mentions(alone, ["Aleppo"]), nlp(alone), _ctx(alone))
    assert got is not None and got.text == "Aleppo"  # the body's place is still the place when alone


def test_locate_a_place_across_a_nearby_border_is_no_stray(nlp: Language) -> None:
    """Gaza City in an article whose other places are Israeli towns a few km away is where the strike
    was, not a namesake misreading (those lie far from the article's other places)."""
    text = "Aircraft struck a building in Gaza City on Monday. Rockets hit Ashkelon and Sderot."
    places = _mentions(text, ["Gaza City", "Ashkelon", "Sderot"])
    got = place_for(_trigger(text, "struck"), places, nlp(text), _ctx(text))
    assert got is not None and got.text == "Gaza City"
