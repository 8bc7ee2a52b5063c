"""Sentence starts and span heads read from the parse agree with spaCy's own `Token.sent` and `Span.root`."""

from __future__ import annotations

import pytest
from spacy.language import Language

from frontwire.extract.textspans import sentence_starts, title_case, token_at

TEXT = (
    "Warplanes struck Hajin on Thursday. Ten civilians were killed, the monitor said.\n\n"
    "Protesters   gathered in Idlib; police dispersed them.  Clashes followed near Saraqib."
)


def test_textspans_sentence_starts_match_token_sent(nlp: Language) -> None:
    doc = nlp(TEXT)
    assert sentence_starts(doc) == [t.sent.start for t in doc]


def test_textspans_token_at_same_head_when_asked_again(nlp: Language) -> None:
    doc = nlp(TEXT)
    start = TEXT.index("civilians were killed")
    spans = [(start, start + len("civilians were killed")), (0, 9), (3, 12), (len(TEXT) - 3, len(TEXT))]
    first = [token_at(doc, s, e) for s, e in spans]
    again = [token_at(doc, s, e) for s, e in spans]
    fresh = []
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        fresh.append(None if span is None or not len(span) else span.root)
    assert [t.i if t is not None else None for t in first] == [t.i if t is not None else None for t in fresh]
    assert again == first
    assert token_at(None, 0, 3) is None


@pytest.mark.parametrize(
    ("segment", "headline"),
    [
        ("Army Units Repel Militant Attack on Checkpoints Near Jisr al-Shughur", True),
        ("Rebels Shell Government Positions in Latakia Countryside pic.twitter.com/abcDEF123", True),
        ("Rebels Shell Government Positions Near Kinsabba http://example.org/story-about-the-fighting", True),
        (
            "Units of the Syrian Arab Army and the National Defence Forces repelled an attack by Jaish "
            "al-Izza near Kafr Zita in northern Hama on Monday, the Syrian Arab News Agency reported.",
            False,
        ),
        ("Clashes broke out near the town on Monday.", False),
        ("Army Retakes Town", False),  # too short to tell
    ],
)
def test_title_case_tells_a_headline_from_a_sentence_dense_with_names(segment: str, headline: bool) -> None:
    assert title_case(segment) is headline
