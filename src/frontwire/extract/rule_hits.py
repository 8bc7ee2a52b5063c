"""The shared pieces of the typing rules: where each lexicon feature occurs in a sentence (`Hits`), a typed
reading (`Candidate`), and the parse tests several rule modules use (a participle describing a noun, the
word nearest the root)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from frontwire.extract.textspans import token_at
from frontwire.knowledge.lexicon import Starts

PEACEFUL = "Peaceful protest"
VIOLENT_DEMONSTRATION = "Violent demonstration"


@dataclass(frozen=True, slots=True)
class Hits:
    """Where each lexicon feature occurs in one sentence ``text[start:end]``, and which cues are there."""

    text: str
    start: int
    end: int
    features: dict[str, list[tuple[int, int]]]
    cues: frozenset[str] = field(default_factory=frozenset)
    literals: Starts | None = None  # `Lexicon.starts_in` of the sentence, for later lexicon look-ups

    def has(self, *names: str) -> bool:
        return any(n in self.features for n in names)

    def spans(self, name: str) -> list[tuple[int, int]]:
        return self.features.get(name, [])

    def words(self, name: str) -> list[str]:
        return [self.text[s:e].lower() for s, e in self.spans(name)]

    def any_word(self, name: str, stems: tuple[str, ...]) -> bool:
        return any(stem in w for w in self.words(name) for stem in stems)

    def first(self, *names: str) -> tuple[int, int]:
        spans = [sp for n in names for sp in self.spans(n)]
        return min(spans) if spans else (self.start, self.start)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One typed reading of a sentence: sub-event type, base score, trigger span."""

    sub_event_type: str
    score: float
    span: tuple[int, int]
    strong: bool = False  # specific evidence: not weakened by generic or out-of-scope cues
    violent: bool = True
    generic: bool = False  # made from generic violence words; dropped when a specific reading exists


def without(h: Hits, names: tuple[str, ...], drop: Callable[[tuple[int, int]], bool]) -> Hits:
    """The hits with the spans of ``names`` for which ``drop`` holds removed."""
    features = {n: [sp for sp in v if not (n in names and drop(sp))] for n, v in h.features.items()}
    return replace(h, features={n: v for n, v in features.items() if v})


def describes_noun(doc: Doc, span: tuple[int, int]) -> bool:
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    return sp is not None and len(sp) > 0 and sp.root.dep_ in {"acl", "amod"} and sp.root.tag_ == "VBN"


def adjectival(doc: Doc, span: tuple[int, int]) -> bool:
    """A participle used as an adjective ("the liberated areas", "newly captured areas"): no event."""
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return False
    root = sp.root
    return root.dep_ == "amod" and (root.tag_ in {"VBN", "JJ"} or root.lower_.endswith("ed"))


def central(doc: Doc, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The span nearest the root of the parse (the main clause tells the event), preferring words that
    are not a purpose infinitive or a participle describing a noun; the first of equals."""

    def rank(sp: tuple[int, int]) -> tuple[int, int, int]:
        tok = token_at(doc, *sp)
        if tok is None:
            return (1, 99, sp[0])
        aside = describes_noun(doc, sp) or tok.dep_ == "acl" or any(c.tag_ == "TO" for c in tok.children)
        return (int(aside), sum(1 for _ in tok.ancestors), sp[0])

    return min(spans, key=rank)
