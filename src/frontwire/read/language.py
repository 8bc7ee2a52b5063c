"""Which language an article is in, so that non-English articles are skipped with a reason.

lingua is restricted to the languages conflict reporting commonly arrives in and runs in its
low-accuracy mode: whole articles are long, so the fast trigram model is right, and the detector
(and its models) load on first use only.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

# ISO 639-1 codes of the languages the detector chooses among.
CANDIDATE_LANGUAGES: tuple[str, ...] = (
    "en", "ar", "fr", "de", "es", "it", "pt", "ru", "uk", "tr", "fa", "nl", "zh", "he",
)  # fmt: skip
SAMPLE_CHARS = 1000  # some 150 words: a sure answer (the same as 3,000 on FA-KES), at a third of the cost
MIN_LETTERS = 20  # below this we do not guess


@cache
def _detector() -> LanguageDetector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in CANDIDATE_LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text has too few letters to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    language = _detector().detect_language_of(sample)
    if language is None:
        return None
    return str(language.iso_code_639_1.name).lower()
