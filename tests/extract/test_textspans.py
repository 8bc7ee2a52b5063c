"""Sentence starts and span heads read from the parse agree with spaCy's own `Token.sent` and `Span.root`."""

from __future__ import annotations

from spacy.language import Language

from frontwire.extract.textspans import sentence_starts, token_at

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
