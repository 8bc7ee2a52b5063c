"""Name folding: every spelling of a name folds to one key, different names stay apart."""

from __future__ import annotations

import pytest

from frontwire.knowledge.placenames import (
    light_fold,
    name_key,
    name_keys,
    strip_feature_words,
    tokens,
)

VARIANTS = [
    ("Deir ez-Zor", ["Deir Ezzor", "Dayr az Zawr", "Deir al-Zour", "DEIR EZ-ZOR", "Deir el-Zor"]),
    ("Abu Kamal", ["Albu Kamal", "Al Bukamal", "Abou Kamal", "Bukamal"]),
    ("Tell Abyad", ["Tal Abyad", "Tel Abiad", "Tall Abyaḑ"]),
    ("Ar-Raqqah", ["Raqqa", "al-Raqqa", "Arraqqa", "Rakka"]),
    ("Al-Hasakah", ["Hasaka", "Al-Hasakeh", "Hassakeh"]),
    ("Khan Shaykhun", ["Khan Sheikhoun", "Khan Shaykhoun"]),
    ("Qamishli", ["Kamishli", "al-Qamishli", "Qamishly"]),
    ("Ma'arrat al-Nu'man", ["Maarat al-Numan", "Maarat al-Numaan", "Ma‘arrat an-Nu‘man"]),
    ("Ras al-Ain", ["Ras al-Ayn", "Ras Al Ain"]),
    ("Kobani", ["Kobane", "Kobanî"]),
]


@pytest.mark.parametrize(("name", "variants"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_placenames_variants_share_a_key(name: str, variants: list[str]) -> None:
    keys = name_keys(name)
    for variant in variants:
        assert name_keys(variant) & keys, f"{variant!r} does not fold like {name!r}"


@pytest.mark.parametrize(
    ("a", "b"), [("Homs", "Hama"), ("Idlib", "Aleppo"), ("Raqqa", "Daraa"), ("Tell Abyad", "Tell Tamr")]
)
def test_placenames_different_names_stay_apart(a: str, b: str) -> None:
    assert not name_keys(a) & name_keys(b)


def test_placenames_light_fold_keeps_spelling_but_not_marks() -> None:
    assert light_fold("Ḩamāh") == "hamah"
    assert light_fold("Ma‘arrat an-Nu‘man") == "maarrat an numan"
    assert light_fold("Hims") != light_fold("Homs")  # the light fold does not merge vowels


@pytest.mark.parametrize(
    ("written", "stripped"),
    [
        ("Kokab village", "Kokab"),
        ("Sejju refugee camp", "Sejju"),
        ("Al Bab town", "Al Bab"),
        ("Town", "Town"),
    ],
)
def test_placenames_strip_feature_words(written: str, stripped: str) -> None:
    assert strip_feature_words(written) == stripped


def test_placenames_tokens_drop_articles_but_not_acronyms() -> None:
    text = "near al-Bab and US forces"
    toks = tokens(text)
    words = {text[t.start : t.end]: t for t in toks}
    assert words["al"].dropped and not words["Bab"].dropped
    assert not words["US"].dropped  # "US" is a name, "us"/"as" an article only in lower or title case
    assert words["Bab"].key == name_key("Bab")
