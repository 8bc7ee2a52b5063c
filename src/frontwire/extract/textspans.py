"""Small helpers shared by the detail stages (dates, locate, casualties, claims): sentences and spans.

The parse only covers the sentences that may hold an event (the rest of the text is masked), but the
detail stages also look at the article around them (the dateline, the sentence before, the lead), so
sentence boundaries over the whole cleaned text come from a cheap rule here, not from the parser.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Token

# Per-document memos below hold this many documents: a batch of the pipeline (Config.batch_size, 32)
# is read by the trigger finder first, then by the stages, one document after another.
_DOCS_REMEMBERED = 64
# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket) before whitespace and an
# upper-case letter, a digit or an opening quote; and at every blank line or line break.
_SENT_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n+")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Brig|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
    r"|No|vs|U\.S|U\.N|U\.K|Inc|Co|Corp|approx|est)|\b[A-Z])\.$"
)


class Sentences:
    """Sentence spans of a whole text, with lookup of the sentence holding an offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans: list[tuple[int, int]] = []
        start = 0
        for m in _SENT_END.finditer(text):
            if (
                m.group(0).strip() == ""
                and "\n" not in m.group(0)
                and _ABBREV.search(text[start : m.start()])
            ):
                continue  # "Gen. Ali" or "U.S. forces": not a sentence end
            if text[start : m.start()].strip():
                spans.append(_trim(text, start, m.start()))
            start = m.end()
        if text[start:].strip():
            spans.append(_trim(text, start, len(text)))
        self.spans: tuple[tuple[int, int], ...] = tuple(spans)
        self._starts = [s for s, _ in spans]

    def index(self, offset: int) -> int:
        """Index of the sentence that holds (or last starts before) ``offset``; -1 before the first."""
        return bisect.bisect_right(self._starts, offset) - 1

    def span(self, offset: int) -> tuple[int, int]:
        i = self.index(offset)
        if i < 0:
            return (0, 0)
        return self.spans[i]

    def __len__(self) -> int:
        return len(self.spans)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@lru_cache(maxsize=16)
def _sentences_cached(text: str) -> Sentences:
    return Sentences(text)


def sentences_of(text: str) -> Sentences:
    """Sentences of ``text``; the last few texts are cached so each stage does not split again."""
    return _sentences_cached(text)


def trigger_sentence(
    trigger_start: int, sentence_start: int, sentence_end: int, text: str
) -> tuple[int, int]:
    """The trigger's sentence: the one the trigger finder gave, else the rule-based one."""
    if sentence_end > sentence_start:
        return sentence_start, sentence_end
    return sentences_of(text).span(trigger_start)


def phrase_regex(phrases: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of the phrases as whole words, longest first."""
    alts = sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=_DOCS_REMEMBERED)
def doc_text(doc: Doc) -> str:
    """``doc.text`` built once per document (spaCy joins every token on each access)."""
    return doc.text


@lru_cache(maxsize=_DOCS_REMEMBERED)
def sentence_starts(doc: Doc) -> list[int]:
    """Per token of a parsed `doc`, the index of its sentence's first token: ``doc[i].sent.start``
    without making a `Token` and walking back to the sentence start for each."""
    out: list[int] = []
    start = 0
    for i, flag in enumerate(doc.to_array(SENT_START).tolist()):
        if flag == 1:
            start = i
        out.append(start)
    return out


def token_at(doc: Doc | None, start: int, end: int) -> Token | None:
    """The syntactic head of the tokens covering ``[start, end)``, or ``None`` without a parse."""
    if doc is None:
        return None
    heads = _heads_of(doc)
    if (start, end) not in heads:
        span = doc.char_span(start, end, alignment_mode="expand")
        heads[(start, end)] = None if span is None or len(span) == 0 else span.root
    return heads[(start, end)]


@lru_cache(maxsize=_DOCS_REMEMBERED)
def _heads_of(doc: Doc) -> dict[tuple[int, int], Token | None]:
    """`token_at`'s answers for one document: the stages ask about the same spans (a trigger, a place,
    an actor) about three times each."""
    return {}


def tree_distance(a: Token | None, b: Token | None) -> int:
    """Edges between two tokens in the dependency tree (99 when unknown or in different sentences)."""
    if a is None or b is None:
        return 99
    up_a = [a, *a.ancestors]
    pos = {t.i: k for k, t in enumerate(up_a)}
    for k, t in enumerate([b, *b.ancestors]):
        if t.i in pos:
            return pos[t.i] + k
    return 99


_SMALL_WORDS = frozenset("a an and as at by for from in of on or the to with vs via over after".split())


_LINK_MARKS = ("http", "www.", "pic.twitter", ".com")  # `_LINK` can match only where one is (any case)
_LINK = re.compile(r"\S*(?:https?:?/*|www\.|pic\.twitter|\.com)\S*", re.I)


def title_case(segment: str) -> bool:
    """Headline style ("Turkey Detains 49 Daesh Suspects in Showcase Operation"): the words other than
    small ones capitalised, all but one in eight at most. A news sentence dense with names ("Fighters of
    the Syrian National Army shelled ... west of Manbij, the Syrian Observatory for Human Rights said")
    keeps its verbs and common nouns in lower case. Links glued to a headline are not words of it."""
    folded = segment.lower()
    if any(mark in folded for mark in _LINK_MARKS):
        segment = _LINK.sub(" ", segment)
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", segment) if w.lower() not in _SMALL_WORDS]
    if len(words) < 5:
        return False
    lower = sum(not w[0].isupper() for w in words)
    return lower <= max(1, len(words) // 8)
