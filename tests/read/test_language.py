"""Language detection used to skip non-English articles."""

from __future__ import annotations

import pytest

from frontwire.read.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Government warplanes struck the town on Thursday, killing three civilians, a monitor said.", "en"),
        (
            "Des avions du gouvernement ont frappé la ville jeudi, tuant trois civils, selon un observateur.",
            "fr",
        ),
        ("Regierungsflugzeuge griffen am Donnerstag die Stadt an und töteten drei Zivilisten.", "de"),
        (
            "Aviones del gobierno atacaron la ciudad el jueves y mataron a tres civiles, dijo un observador.",
            "es",
        ),
        ("قصفت طائرات حربية حكومية البلدة يوم الخميس مما أسفر عن مقتل ثلاثة مدنيين", "ar"),
        ("Правительственные самолеты нанесли удар по городу в четверг, погибли трое мирных жителей.", "ru"),
        ("Hükümet uçakları perşembe günü kasabayı vurdu ve üç sivil hayatını kaybetti.", "tr"),
    ],
)
def test_language_detects_common_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "12 / 07 / 2020", "Idlib."])
def test_language_too_little_text_is_unknown(text: str) -> None:
    assert detect_language(text) is None


# Written for this test: headlines and one-line reports whose names outweigh their few English words.
@pytest.mark.parametrize(
    "text",
    [
        "NPA rebel killed in clash near Barangay Jaliobong",
        "15 Taliban killed in 24 hours in Paktiya and Nangarhar",
        'LRA rebels kill "dozens" in northern Haut-Uele',
        "Militants attack court in Misrata",
    ],
)
def test_language_short_english_headline_is_never_called_another_language(text: str) -> None:
    assert detect_language(text) in ("en", None)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Des hommes armés ont tué deux soldats près de la frontière dimanche.", "fr"),
        ("Bewaffnete töteten am Sonntag zwei Soldaten nahe der Grenze.", "de"),
        ("Militares mataron a dos rebeldes cerca de la frontera el domingo.", "es"),
        ("Gunmen killed two soldiers near the border on Sunday.", "en"),
    ],
)
def test_language_short_text_with_its_own_function_words_is_told(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_language_names_alone_are_unknown() -> None:
    assert detect_language("Shifouneih, Seif El-Dawla, Fardous") is None


def test_function_words_are_spacys_stop_words_without_loading_the_languages() -> None:
    """The stop words are read from spaCy's stop-word modules alone: the same sets, and no language
    package (whose tokenizer exceptions cost seconds to import) is loaded for them."""
    import importlib
    import subprocess
    import sys

    from frontwire.read.language import _function_words

    words = _function_words()
    assert set(words) == {"de", "en", "es", "fr", "it", "nl", "pt", "tr"}
    for code, stop in words.items():
        assert stop == frozenset(importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS)
    probe = (
        "import sys; from frontwire.read.language import _function_words; _function_words(); "
        "print(any(m.startswith('spacy.lang.fr') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


ENGLISH_REPORT = (
    "Government forces shelled the town on Monday and the rebels said that two of their fighters were "
    "killed in the attack, which came after a week of relative calm in the area. The army did not comment "
    "on the report, but a local official told us that the shelling had stopped by the evening and that "
    "residents who had fled were starting to return to their homes."
)
FRENCH_REPORT = (
    "Les forces gouvernementales ont bombardé la ville lundi et les rebelles ont dit que deux de leurs "
    "combattants ont été tués dans l'attaque, qui est survenue après une semaine de calme relatif dans la "
    "région. L'armée n'a pas commenté le rapport, mais un responsable local nous a dit que les tirs avaient "
    "cessé dans la soirée et que les habitants qui avaient fui commençaient à rentrer chez eux."
)


def test_language_plain_english_prose_needs_no_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    from frontwire.read import language

    def no_detector() -> None:
        raise AssertionError("the detector was asked")

    monkeypatch.setattr(language, "_detector", no_detector)
    assert language.detect_language(ENGLISH_REPORT) == "en"
    with pytest.raises(AssertionError):
        language.detect_language(FRENCH_REPORT)  # not plainly English: the detector decides


def test_language_prose_of_another_language_goes_to_the_detector() -> None:
    assert detect_language(FRENCH_REPORT) == "fr"
