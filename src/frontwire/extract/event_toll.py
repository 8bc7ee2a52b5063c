"""Which reported figures are one event's dead: ACLED's conservative rule over `find_fatalities`' output.

`fatalities_for` takes the figures of the event's own sentence (or, when it has none, of a following
sentence that only goes on with its toll), leaves the injured out, keeps unconfirmed or denied claims as
figures without counting them, reduces several sources' figures for the same dead to the smallest, adds
figures that say "another" or "also", and never carries a cumulative total to an event. `split_toll`
shares one toll over the places or days it was reported for together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from frontwire.extract.casualties import casualty_verb_kind
from frontwire.extract.counts import CasualtyLexicon, casualty_lexicon
from frontwire.extract.event_selection import is_anaphor
from frontwire.extract.textspans import doc_text, sentences_of
from frontwire.types import FatalityFigure, PlaceMention, Trigger

_COUNTED = ("reported", "confirmed", "claimed")
_ADDITIVE = re.compile(
    r"\b(?:another|others?|also|additional|further|separately)\b|\bmore\b(?!\s+than)", re.I
)


def fatalities_for(
    trigger: Trigger,
    figures: list[FatalityFigure],
    doc: Doc | None = None,
    triggers: Sequence[Trigger] = (),
    places: Sequence[PlaceMention] = (),
) -> tuple[int, tuple[FatalityFigure, ...]]:
    """The conservative number of dead for one event and the figures it was drawn from. ``triggers``
    (the article's other events) and ``places`` (the place mentions of its sentences with an event
    word) keep a following sentence's toll with the event it tells."""
    text = doc_text(doc) if doc is not None else ""
    s, e = trigger.sentence_start, trigger.sentence_end
    if e <= s:
        s, e = sentences_of(text).span(trigger.start) if text else (trigger.start, trigger.end)
    mine = [f for f in figures if s <= f.start < e and f.kind != "injured"]
    if len(mine) > 1 and doc is not None:
        # "... one soldier was killed in a car bomb and 11 militants were killed in clashes": when some
        # figures' casualty clause holds the trigger, the others belong to another event
        governing = [f for f in mine if _governs(f, trigger, doc)]
        if governing:
            # another source's figure stays (an alternative toll); the same source's is another event's
            sources = {f.claimant for f in governing}
            mine = [f for f in mine if f in governing or f.claimant not in sources]
    if text and doc is not None:
        after = _toll_sentence_after(trigger, e, figures, doc, triggers=triggers, places=places)
        if mine:  # a following toll adds to the event's ("also died") or is another source's count
            claimants = {f.claimant for f in mine}
            after = [f for f in after if _additive(f, text) or _another_source(f, claimants)]
        mine = mine + after
    counted = [
        f
        for f in mine
        if f.kind == "killed" and f.certainty in _COUNTED and f.value is not None and not _background(f, text)
    ]
    by_source: dict[str | None, int] = {}
    last: str | None = None
    for f in sorted(counted, key=lambda f: f.start):
        n = _conservative(f)
        if by_source and _additive(f, text):
            # "... killed another two civilians", "six teachers also died": more dead, whoever tells it
            by_source[f.claimant if f.claimant in by_source else last] += n
            continue
        if f.claimant not in by_source:
            by_source[f.claimant] = n
        else:
            by_source[f.claimant] = max(by_source[f.claimant], n)  # the same dead, told twice
        last = f.claimant
    fatalities = min(by_source.values()) if by_source else 0
    return fatalities, tuple(mine)


def split_toll(fatalities: int, parts: int) -> list[int]:
    """One toll reported for several places or days together, split evenly over their events; the
    remainder goes to the first named ("17 killed in strikes on A and B": 9 and 8)."""
    if parts <= 1:
        return [fatalities]
    share, rest = divmod(fatalities, parts)
    return [share + (1 if k < rest else 0) for k in range(parts)]


def _another_source(f: FatalityFigure, claimants: set[str | None]) -> bool:
    """A named source other than every source of the event's own figures ("SANA reported one dead")."""
    return f.claimant is not None and None not in claimants and f.claimant not in claimants


def _additive(f: FatalityFigure, text: str) -> bool:
    """The figure adds dead to those already counted ("another two", "six teachers also died")."""
    return bool(_ADDITIVE.search(f.text) or _ADDITIVE.search(text[max(0, f.start - 25) : f.start]))


def _governs(f: FatalityFigure, trigger: Trigger, doc: Doc) -> bool:
    """Whether the clause of the figure's casualty verb holds the trigger ("airstrikes killed 12",
    "12 were killed in airstrikes"); a coordinated clause with its own subject is another clause."""
    span = doc.char_span(f.start, f.end, alignment_mode="expand")
    trig = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    if span is None or trig is None or len(trig) == 0:
        return False
    lex = casualty_lexicon()
    targets = {t.i for t in trig}
    for t in span:
        if t.pos_ in ("VERB", "ADJ", "NOUN") and (t.lemma_.lower() in lex.killed or t.lower_ in lex.killed):
            head = t if t.pos_ == "VERB" else t.head
            return bool(targets & _clause(head))
    return False


def _clause(head: Token) -> set[int]:
    """Token indices of a verb's clause: its subtree without coordinated clauses; a coordinated verb
    without a subject of its own shares its first conjunct's subject."""
    out = {t.i for t in head.subtree}
    lex = casualty_lexicon()
    for child in head.children:
        if child.dep_ == "conj" or (child.dep_ in _SUBCLAUSES and _own_toll(child, lex)):
            out -= {t.i for t in child.subtree}
    subjects = ("nsubj", "nsubjpass")
    if head.dep_ == "conj" and not any(c.dep_ in subjects for c in head.children):
        for c in head.head.children:
            if c.dep_ in subjects:
                out |= {t.i for t in c.subtree}
    return out


_SUBCLAUSES = frozenset({"advcl", "ccomp", "parataxis"})


def _own_toll(verb: Token, lex: CasualtyLexicon) -> bool:
    """A subordinate clause with its own subject and casualty verb ("... while artillery fire on Douma
    killed another two") tells another event's toll."""
    return casualty_verb_kind(verb, lex) is not None and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children
    )


def _background(f: FatalityFigure, text: str) -> bool:
    """A cumulative toll of a war, a year or weeks of fighting ("killed 5,812 civilians over the past
    year", "since the conflict began"): kept as a reported figure, never one event's fatalities."""
    if not f.total or not text:
        return False
    s, e = sentences_of(text).span(f.start)
    return bool(casualty_lexicon().background.search(text, s, e))


def _conservative(f: FatalityFigure) -> int:
    values = [v for v in (f.value, f.low) if v is not None]
    return min(values) if values else 0


def _toll_sentence_after(
    trigger: Trigger,
    end: int,
    figures: list[FatalityFigure],
    doc: Doc,
    *,
    triggers: Sequence[Trigger],
    places: Sequence[PlaceMention],
) -> list[FatalityFigure]:
    """Figures of the next sentence when it only goes on with the event's toll ("Five civilians were
    killed.", "Six teachers also died in the attacks", "SANA put the toll at one"): not when it tells
    another event: an event word of another kind that is not a reference back ("... were killed in
    clashes"), a place the event's sentence does not name ("... in air strikes on the town of X"; the
    caller passes the places of sentences holding an event word), or "meanwhile", "elsewhere"."""
    text = doc_text(doc)
    sents = sentences_of(text)
    i = sents.index(end - 1) + 1
    if i >= len(sents) or "\n" in text[end : sents.spans[i][0]]:
        return []
    s, e = sents.spans[i]
    theirs = [f for f in figures if s <= f.start < e and f.kind != "injured" and not f.total]
    if not theirs or casualty_lexicon().elsewhere.search(text, s, e):
        return []
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return []
    for other in triggers:
        if (
            s <= other.start < e
            and other.sub_event_type != trigger.sub_event_type
            and not is_anaphor(other, doc)
        ):
            return []
    own = text[trigger.sentence_start : end].lower()
    if any(s <= p.start < e and p.text.lower() not in own for p in places):
        return []  # "Two more were killed in strikes on Maarrat Masrin": another place, another event
    lex = casualty_lexicon()
    for t in span:
        if t.pos_ == "VERB" and not (
            t.lemma_.lower() in lex.killed
            or t.lemma_.lower() in lex.injured
            or t.lemma_.lower() in lex.reporting_verbs
            or t.lemma_.lower() in lex.hedge_verbs
            or _describes(t)
        ):
            return []
    return theirs


def _describes(verb: Token) -> bool:
    """A verb that only describes a noun ("blasts that rocked the capital", "strikes thought to be
    carried out by ...") or the cause in a casualty verb's subject: not a new event."""
    t = verb
    for _ in range(6):
        if t.dep_ in ("relcl", "acl"):
            return True
        if t.dep_ in ("nsubj", "nsubjpass") and casualty_verb_kind(t.head, casualty_lexicon()) is not None:
            return True
        if t.head is t:
            return False
        t = t.head
    return False
