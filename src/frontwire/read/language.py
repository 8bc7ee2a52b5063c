"""Which language an article is in, so that non-English articles are skipped with a reason.

lingua is restricted to the languages conflict reporting commonly arrives in and runs in its
low-accuracy mode: whole articles are long, so the fast trigram model is right, and the detector
(and its models) load on first use only.

A headline or a one-line report is too short for that model: it calls "NPA rebel killed in clash near
Barangay Jaliobong" Spanish and "15 Taliban killed in 24 hours" French, whose place and person names
outweigh the few English words. Below ``SHORT_LETTERS`` a Latin-script guess therefore stands only when
the text's function words (spaCy's stop-word lists of the candidate languages) point to the same
language; otherwise the language is unknown and the text is not rejected. Scripts other than Latin
(Arabic, Cyrillic, Hebrew, Chinese) tell their language even in a few words. The high-accuracy model
would read short texts right too, but costs some 200 MB and 2 s to load.

Prose whose words are plainly English function words (30% or more of them, far more than any other
candidate's) is English without the detector: 371 of FA-KES's 402 articles, each of which the detector
also calls English.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

# ISO 639-1 codes of the languages the detector chooses among.
CANDIDATE_LANGUAGES: tuple[str, ...] = (
    "en", "ar", "fr", "de", "es", "it", "pt", "ru", "uk", "tr", "fa", "nl", "zh", "he",
)  # fmt: skip
SAMPLE_CHARS = 1000  # some 150 words: a sure answer (the same as 3,000 on FA-KES), at a third of the cost
MIN_LETTERS = 20  # below this we do not guess
SHORT_LETTERS = 200  # below this a Latin-script guess needs its function words to agree
PLAIN_WORDS, PLAIN_SHARE, PLAIN_MARGIN = 40, 0.3, 0.4  # `_plainly_english`
_LATIN_SCRIPT = frozenset({"en", "fr", "de", "es", "it", "pt", "tr", "nl"})
_WORD = re.compile(r"[^\W\d_]+")


@cache
def _detector() -> LanguageDetector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in CANDIDATE_LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in sample)
    if letters < MIN_LETTERS:
        return None
    if letters >= SHORT_LETTERS and _plainly_english(sample):
        return "en"
    language = _detector().detect_language_of(sample)
    if language is None:
        return None
    code = str(language.iso_code_639_1.name).lower()
    if letters < SHORT_LETTERS and code in _LATIN_SCRIPT and _function_word_vote(sample) != code:
        return None
    return code


@cache
def _function_words() -> dict[str, frozenset[str]]:
    """spaCy's stop-word list of each Latin-script candidate language."""
    return {code: _stop_words(code) for code in sorted(_LATIN_SCRIPT)}


def _stop_words(code: str) -> frozenset[str]:
    """spaCy's ``spacy.lang.<code>.stop_words.STOP_WORDS``, read from that module alone.

    Importing it the usual way first runs the language package's ``__init__``, whose tokenizer
    exceptions compile large regexes: some 2 s of CPU for the eight languages, in the middle of a run.
    The stop-word modules import nothing, so running the one file gives the same set.
    """
    package = importlib.util.find_spec("spacy.lang")
    if package is None or not package.submodule_search_locations:
        raise ImportError("spacy.lang not found")
    path = Path(next(iter(package.submodule_search_locations))) / code / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"_frontwire_stop_words_{code}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


def _plainly_english(text: str) -> bool:
    """A sample whose words are English function words 30% of the time or more (news prose: 0.39 in
    the median FA-KES article), far above any other candidate's share, is English without asking the
    detector: the trigram model would say so too, at some 0.3 s per four hundred articles."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < PLAIN_WORDS:
        return False
    shares = {code: sum(w in stop for w in words) / len(words) for code, stop in _function_words().items()}
    english = shares.pop("en")
    return english >= PLAIN_SHARE and max(shares.values()) <= PLAIN_MARGIN * english


def _function_word_vote(text: str) -> str | None:
    """The language whose function words the text uses most, or None on a tie or none at all."""
    words = [w.lower() for w in _WORD.findall(text)]
    counts = {code: sum(w in stop for w in words) for code, stop in _function_words().items()}
    best = max(counts.values())
    winners = [code for code, n in counts.items() if n == best]
    return winners[0] if best and len(winners) == 1 else None
