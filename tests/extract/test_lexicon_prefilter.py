"""The lexicon's literal pre-check (`Lexicon.starts_in`) is only a shortcut: same hits with or without it.

Sentences are the hand-written ones of event_sentences.tsv and the typing_sentences*.tsv sets, plus a
few written here for the edges (non-ASCII quotes and letters, hyphenated prefixes, overlapping literals).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontwire.extract.triggers import TriggerFinder
from frontwire.knowledge.lexicon import _ASCII_CASE_TWINS, Lexicon, load_lexicon

EDGES = [
    "Residents held a rally against the construction of a new dam.",
    "Warplanes carried out airstrikes and an air strike near the “airport” on Monday.",
    "Pro-government militias shelled the village; anti-regime protesters marched in İdlib.",
    "The Kelvin sign \u212a and long s \u017f appear: ſuicide bombers attacked a checkpoint.",
    "Non-violent sit-ins, re-shelling and counter-attacks were reported near the border.",
    "Fighters clashed with troops — 12 were killed, the monitor said.",
    "Was the town bombed from the air, or shelled? Hundreds marched, and marchers marched 5 km.",
    "Jets bombed from the air; the air strike and bombing runs hit a depot before protesters marched?",
]


def _sentences() -> list[str]:
    names = ("event_sentences.tsv", "typing_sentences.tsv", "typing_sentences_check.tsv")
    lines = [ln for n in names for ln in Path(__file__).with_name(n).read_text("utf-8").splitlines()]
    rows = [line.split("\t", 1)[1] for line in lines if "\t" in line and not line.startswith("#")]
    return rows + EDGES


@pytest.fixture(scope="module")
def finder() -> TriggerFinder:
    return TriggerFinder(lexicon=load_lexicon())


@pytest.mark.parametrize("sentence", _sentences())
def test_lexicon_prefilter_gives_same_hits(
    finder: TriggerFinder, sentence: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Intro. " + sentence + " Outro"
    start, end = 7, 7 + len(sentence)
    lex = finder.lexicon
    found = lex.starts_in(text, start, end)
    assert found is not None or _ASCII_CASE_TWINS.search(sentence)  # the shortcut is really taken
    fast = finder.sentence_hits(text, start, end, found)
    fast_event = lex.event_search(text, start, end, found)
    monkeypatch.setattr(Lexicon, "starts_in", lambda *_args, **_kw: None)  # every regex over the range
    slow = finder.sentence_hits(text, start, end)
    assert (fast.features, fast.cues) == (slow.features, slow.cues)
    assert fast_event == (lex.event_regex.search(text, start, end) is not None)


def test_lexicon_prefilter_twins_are_all_case_twins_of_ascii() -> None:
    letter = re.compile("[a-z0-9]", re.IGNORECASE)
    twins = [chr(c) for c in range(0x80, 0x110000) if letter.fullmatch(chr(c))]
    lowers = [chr(c) for c in range(0x80, 0x110000) if any(ord(x) < 128 for x in chr(c).lower())]
    assert all(_ASCII_CASE_TWINS.fullmatch(ch) for ch in twins + lowers)
