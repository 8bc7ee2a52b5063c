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
