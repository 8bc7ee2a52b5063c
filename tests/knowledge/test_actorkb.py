"""The actor knowledge base: packaged data, per-country actors, periods, user extension, validation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontwire.errors import KnowledgeError
from frontwire.knowledge.actorkb import build_kb, inter_in, load_actor_kb, normalize
from frontwire.types import ActorRef


@pytest.fixture(scope="module")
def kb():
    return load_actor_kb()


@pytest.mark.parametrize(
    ("name", "canonical", "inter"),
    [
        ("SDF", "QSD: Syrian Democratic Forces", 2),
        ("Syrian Democratic Forces", "QSD: Syrian Democratic Forces", 2),
        ("Hay'at Tahrir al-Sham", "HTS: Hayat Tahrir al Sham", 2),
        ("ISIL", "IS: Islamic State", 2),
        ("Daesh", "IS: Islamic State", 2),
        ("Tiger Forces", "Military Forces of Syria (2000-)", 1),
        ("25th Division", "Military Forces of Syria (2000-)", 1),
        ("Russian Aerospace Forces", "Military Forces of Russia (2000-)", 1),
        ("National Defence Forces", "NDF: National Defence Forces", 3),
        ("Hashd al-Shaabi", "PMF: Popular Mobilization Forces", 3),
        ("Fatemiyoun", "Fatemiyoun Brigade", 3),
        ("Hurras al-Din", "Hurras al Din", 2),
        ("Fa Ithbatu Operations Room", "Fa Ithbatu Operations Room", 2),
        ("Operation Inherent Resolve", "Global Coalition Against Daesh", 8),
        ("Wagner Group", "Wagner Group", 8),
        ("Sultan Murad Division", "Sultan Murad Division", 2),
        ("Peshmerga", "Military Forces of Iraq: Kurdistan Regional Government Peshmerga", 1),
        ("Government of Syria", "Military Forces of Syria (2000-)", 1),
    ],
)
def test_actorkb_resolves_aliases_to_acled_names(kb, name, canonical, inter):
    entry = kb.resolve(name, date(2019, 6, 1))
    assert entry is not None
    assert entry.name_on(date(2019, 6, 1)) == canonical
    assert entry.inter == inter


def test_actorkb_every_country_has_six_actors(kb):
    assert len(kb.countries) > 240
    for info in kb.countries.values():
        for kind in ("military", "police", "protesters", "rioters", "civilians", "unidentified"):
            assert kb.country_actor(info.name, kind) is not None, (info.name, kind)


@pytest.mark.parametrize(
    ("country", "kind", "name", "inter"),
    [
        ("Syria", "civilians", "Civilians (Syria)", 7),
        ("Iraq", "protesters", "Protesters (Iraq)", 6),
        ("Lebanon", "rioters", "Rioters (Lebanon)", 5),
        ("Yemen", "unidentified", "Unidentified Armed Group (Yemen)", 3),
        ("United States", "police", "Police Forces of the United States", 1),
        ("SY", "military", "Military Forces of Syria (2000-)", 1),
    ],
)
def test_actorkb_country_actors_follow_acled_naming(kb, country, kind, name, inter):
    entry = kb.country_actor(country, kind)
    assert entry is not None
    assert entry.name_on(date(2020, 1, 1)) == name
    assert entry.inter == inter


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2012, 3, 1), "Military Forces of Israel (2009-2021)"),
        (date(2022, 1, 1), "Military Forces of Israel (2021-2022)"),
        (date(2024, 5, 1), "Military Forces of Israel (2022-)"),
        (None, "Military Forces of Israel (2022-)"),
    ],
)
def test_actorkb_state_names_follow_the_period(kb, day, name):
    assert kb.get("IL-military").name_on(day) == name


def test_actorkb_successor_replaces_a_renamed_group(kb):
    assert kb.resolve("Nusra Front", date(2015, 1, 1)).id == "nusra"
    assert kb.resolve("Nusra Front", date(2016, 9, 1)).id == "jfs"
    assert kb.resolve("Nusra Front", date(2019, 1, 1)).id == "hts"


@pytest.mark.parametrize(
    ("word", "country"), [("Syrian", "Syria"), ("Turkey's", "Turkey"), ("Iraqi", "Iraq")]
)
def test_actorkb_country_words_include_demonyms(kb, word, country):
    assert kb.country(word).name == country


def test_actorkb_resolve_in_uses_the_country_for_generic_names(kb):
    assert kb.resolve_in("Civilians", "Syria").name == "Civilians (Syria)"
    assert kb.resolve_in("gunmen", "Iraq").name == "Unidentified Armed Group (Iraq)"
    assert kb.resolve_in("no such actor", "Iraq") is None


def test_actorkb_factions_know_their_umbrella(kb):
    assert kb.top(kb.get("sultan-murad")).id == "sna"
    assert "Turkish-backed" in kb.get("sultan-murad").affiliations
    assert kb.top(kb.get("faylaq-al-sham")).id == "sna"


def test_actorkb_wikidata_ids_are_well_formed(kb):
    ids = [e.wikidata for e in kb.entries.values() if e.wikidata]
    assert ids and all(i.startswith("Q") and i[1:].isdigit() for i in ids)


def test_actorkb_inter_in_makes_foreign_state_forces_external(kb):
    russia = kb.get("RU-military").ref(date(2019, 1, 1))
    assert inter_in(russia, "Syria") == 8
    assert inter_in(russia, "Russia") == 1
    sdf = kb.get("sdf").ref()
    assert inter_in(sdf, "Iraq") == 2
    assert inter_in(ActorRef("x", "X", 1, None, "military"), None) == 1


def test_actorkb_user_file_extends_and_adds(tmp_path: Path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "actors:\n"
        "  - id: sdf\n    aliases: [Qasad forces of the east]\n"
        "  - id: my-militia\n    name: 'Lions of the Valley'\n    inter: 4\n    kind: identity militia\n"
        "    country: Syria\n    aliases: [Valley Lions]\n",
        "utf-8",
    )
    kb = load_actor_kb((extra,))
    assert kb.resolve("Qasad forces of the east").id == "sdf"
    assert kb.resolve("SDF").id == "sdf"  # packaged aliases kept
    assert kb.resolve("Valley Lions").name == "Lions of the Valley"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("actors:\n  - name: X\n    inter: 2\n", "needs an id"),
        ("actors:\n  - id: x\n    name: X\n    inter: 9\n", "inter must be"),
        ("actors:\n  - id: x\n    name: X\n    inter: 2\n    kind: pirate\n", "unknown kind"),
        ("actors:\n  - id: x\n    name: X\n    inter: 2\n    wikidata: Z12\n", "wikidata"),
        ("actors:\n  - id: x\n    name: X\n    inter: 2\n    parent: nobody\n", "parent"),
        ("actors:\n  - id: x\n    name: X\n    inter: 2\n    colour: red\n", "unknown field"),
        ("actors:\n  - id: x\n    inter: 2\n", "needs name"),
        ("actors: [\n", "not valid YAML"),
    ],
)
def test_actorkb_rejects_invalid_files(yaml_text, message):
    with pytest.raises(KnowledgeError, match=message):
        build_kb([("bad.yaml", yaml_text)])


def test_actorkb_missing_user_file_is_a_knowledge_error(tmp_path: Path):
    with pytest.raises(KnowledgeError, match="cannot read"):
        load_actor_kb((tmp_path / "absent.yaml",))


def test_actorkb_normalize_keeps_length():
    text = "Hay’at Tahrir al-Sham"
    assert len(normalize(text)) == len(text)
    assert normalize(text) == "hay at tahrir al sham"


def test_actorkb_no_alias_names_two_actors(kb):
    """An alias that meant two actors would make resolution depend on file order."""
    assert kb.ambiguous_aliases() == {}


def test_actorkb_every_entry_says_where_it_comes_from(kb):
    assert [e.id for e in kb.entries.values() if not e.source] == []
