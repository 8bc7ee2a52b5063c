"""Who says so, and how sure the text is: claims with a claimant and a certainty.

A claim is a stretch of one sentence (or a sentence and the hedge after it) with the claimant the
text names for it ("the Syrian Observatory for Human Rights said", "according to Syrian sources",
"pro-opposition media claim") and a certainty: `reported` (plain attribution), `claimed` (a party's
claim or responsibility), `unconfirmed` ("yet to be confirmed", "could not be verified"), `denied`
or `confirmed`. Cue words are data (``frontwire/data/lexicons/claims.yaml``). The subject of a
reporting verb comes from the dependency parse when the sentence was parsed, else from the claimant
list; "This could not be verified." hedges the sentence before it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.attrs import LEMMA, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from frontwire.extract.textspans import phrase_regex, sentences_of, title_case
from frontwire.knowledge.lexicon import read_lexicon_file
from frontwire.types import CERTAINTIES, ArticleContext, Certainty, Claim, FatalityFigure, Trigger

_PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "this", "that", "which", "who", "one"}
_MAX_CLAIMANT_WORDS = 9
_MAX_CLAIM_TEXT = 300


@dataclass(frozen=True)
class _Lex:
    verbs: dict[str, Certainty]
    according: re.Pattern[str]
    cues: tuple[tuple[Certainty, re.Pattern[str]], ...]
    claimants: re.Pattern[str]
    anaphora: re.Pattern[str]
    not_claims: re.Pattern[str]
    not_claimants: frozenset[str]
    rank: dict[str, int]
    toll_verbs: frozenset[str]
    toll_objects: frozenset[str]


@cache
def _lex() -> _Lex:
    data = read_lexicon_file("claims")
    precedence: list[Certainty] = [c for c in CERTAINTIES if c in data["precedence"]]
    precedence.sort(key=lambda c: list(data["precedence"]).index(c))
    cues = tuple(
        (c, phrase_regex(data["certainty_cues"][c])) for c in precedence if c in data["certainty_cues"]
    )
    verbs = {str(k): v for k, v in data["reporting_verbs"].items() if v in CERTAINTIES}
    anaphora = sorted((str(a) for a in data["anaphora"]), key=len, reverse=True)
    return _Lex(
        verbs=verbs,
        according=phrase_regex(data["according_to"]),
        cues=cues,
        claimants=phrase_regex(data["claimants"]),
        anaphora=re.compile(
            r"^\W*(?:but\s+|however,?\s+)?(?:" + "|".join(map(re.escape, anaphora)) + r")\b", re.I
        ),
        not_claims=phrase_regex(data["not_claims"]),
        not_claimants=frozenset(str(w) for w in data.get("not_claimants", ())),
        rank={c: i for i, c in enumerate(precedence)},
        toll_verbs=frozenset(str(w) for w in data.get("toll_verbs", ())),
        toll_objects=frozenset(str(w) for w in data.get("toll_objects", ())),
    )


@dataclass
class _Cue:
    start: int
    end: int
    claimant: str | None
    certainty: Certainty


def find_claims(doc: Doc | None, ctx: ArticleContext) -> list[Claim]:
    """Every claim in the article, in text order."""
    lex = _lex()
    text = ctx.text
    sents = sentences_of(text)
    # one pass over the text and the parse; the sentences then only pick their share
    masked_text = lex.not_claims.sub(lambda m: " " * len(m.group(0)), text)
    hits = _certainty_hits(masked_text, lex)
    hit_starts = [h[0] for h in hits]
    verbs = _reporting_verbs(doc, lex) if doc is not None else []
    verb_starts = [t.idx for t in verbs]
    out: list[Claim] = []
    prev: tuple[int, list[Claim]] | None = None
    for k, (s, e) in enumerate(sents.spans):
        sentence = text[s:e]
        in_verbs = verbs[bisect.bisect_left(verb_starts, s) : bisect.bisect_left(verb_starts, e)]
        in_hits = hits[bisect.bisect_left(hit_starts, s) : bisect.bisect_left(hit_starts, e)]
        certainty = _strongest([h[2] for h in in_hits], lex) if in_hits else None
        cues = _claimant_cues(doc, text, (s, e), lex, in_verbs, reported=certainty is not None)
        if not cues and certainty is None:
            prev = None
            continue
        if not cues and certainty in ("unconfirmed", "denied") and lex.anaphora.match(sentence) and prev:
            # "This could not be independently verified." hedges the sentence before.
            pk, pclaims = prev
            if pk == k - 1 and pclaims:
                for c in pclaims:
                    out.remove(c)
                    merged = Claim(c.claimant, _clip(text[c.start : e]), certainty, c.start, e)
                    out.append(merged)
                prev = None
                continue
        if not cues:
            assert certainty is not None
            made = [Claim(_lexicon_claimant(masked_text[s:e], lex), _clip(sentence), certainty, s, e)]
        else:
            cues.sort(key=lambda c: c.start)
            made = []
            bounds = [s] + [(a.end + b.start) // 2 for a, b in zip(cues, cues[1:], strict=False)] + [e]
            for i, cue in enumerate(cues):
                a, b = bounds[i], bounds[i + 1]
                seg = [h[2] for h in in_hits if a <= h[0] < b]
                seg_cert = _strongest(seg, lex) if seg else None
                cert = _strongest([cue.certainty, seg_cert, certainty if len(cues) == 1 else None], lex)
                made.append(Claim(cue.claimant, _clip(text[a:b].strip()), cert, a, b))
        out.extend(made)
        prev = (k, made)
    out.sort(key=lambda c: c.start)
    return out


def claims_for(
    trigger: Trigger,
    claims: list[Claim],
    doc: Doc | None = None,
    figures: Iterable[FatalityFigure] = (),
) -> tuple[Claim, ...]:
    """The claims that cover the trigger's sentence, and those that cover the fatality figures the
    event took from another sentence ("Pro-opposition media claim up to 10 soldiers were killed")."""
    s, e = trigger.sentence_start, trigger.sentence_end
    if e <= s:
        s, e = trigger.start, trigger.end
        if doc is not None:
            span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
            if span is not None and len(span):
                sent = span[0].sent
                s, e = sent.start_char, sent.end_char
    mine = [c for c in claims if c.start < e and s < c.end]
    for f in figures:
        c = claim_at(f.start, claims)
        if c is not None and c not in mine:
            mine.append(c)
    return tuple(sorted(mine, key=lambda c: c.start))


def claim_at(offset: int, claims: list[Claim]) -> Claim | None:
    """The claim whose span holds ``offset`` (the narrowest if several)."""
    best: Claim | None = None
    for c in claims:
        if c.start <= offset < c.end and (best is None or c.end - c.start < best.end - best.start):
            best = c
    return best


def _strongest(certs: Sequence[Certainty | None], lex: _Lex) -> Certainty:
    present = [c for c in certs if c is not None]
    if not present:
        return "reported"
    return min(present, key=lambda c: lex.rank.get(c, 99))


def _certainty_hits(text: str, lex: _Lex) -> list[tuple[int, int, Certainty]]:
    """Every certainty cue of the text, strongest kind first on overlaps ("could not be confirmed" is
    one `unconfirmed` cue, not also a `confirmed` one), in text order."""
    taken: list[tuple[int, int, Certainty]] = []
    for cert, rx in sorted(lex.cues, key=lambda cr: lex.rank.get(cr[0], 99)):
        for m in rx.finditer(text):
            if any(m.start() < b and a < m.end() for a, b, _ in taken):
                continue
            taken.append((m.start(), m.end(), cert))
    taken.sort()
    return taken


def _reporting_verbs(doc: Doc, lex: _Lex) -> list[Token]:
    """The parsed reporting verbs of the document, in order (masked text has none).

    Read from the Doc's arrays, so that a Token is made only for a verb of the list, not for every word.
    """
    strings = doc.vocab.strings
    rows = doc.to_array([POS, LEMMA]).tolist()
    return [
        doc[i]
        for i, (pos, lemma) in enumerate(rows)
        if pos in (VERB, AUX)
        and (strings[lemma].lower() in lex.verbs or _gives_a_toll(doc[i], strings[lemma].lower(), lex))
        and not _in_a_name(doc[i])
    ]


def _gives_a_toll(tok: Token, lemma: str, lex: _Lex) -> bool:
    """ "the civil defence put the toll at 9", "medics gave a figure of 12": a source giving a count."""
    return lemma in lex.toll_verbs and any(
        c.dep_ == "dobj" and c.lemma_.lower() in lex.toll_objects for c in tok.children
    )


def _in_a_name(tok: Token) -> bool:
    """A capitalised "verb" inside a sentence is part of a name ("near Tell Tamer"), unless the sentence
    is a title-case headline ("Monitor Says 12 Killed")."""
    if not tok.text[:1].isupper() or tok.is_sent_start or tok.i == 0:
        return False
    before = tok.doc[tok.i - 1]
    if before.is_space or before.is_quote or before.text in (":", "-", "—", "–"):
        return False
    return not title_case(tok.sent.text)


def _claimant_cues(
    doc: Doc | None, text: str, span: tuple[int, int], lex: _Lex, verbs: list[Token], *, reported: bool
) -> list[_Cue]:
    """Who says what in the sentence: reporting verbs' subjects, "according to" sources, and a named
    source when the sentence reports (``reported``: a certainty word in it) without naming who."""
    s, e = span
    cues: list[_Cue] = []
    for tok in verbs:
        if lex.not_claims.match(text, tok.idx):
            continue  # "the blast claimed the lives of ..."
        # the subject nearest the verb: a misparse can hang an earlier appositive noun on it too
        # ("..., a group affiliated with the PKK, local officials said": officials, not group)
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        subj = min(subjects, key=lambda c: abs(c.i - tok.i)) if subjects else None
        if subj is None or subj.dep_ == "nsubjpass":
            continue
        cert = lex.verbs.get(tok.lemma_.lower(), "reported")  # a toll given is reported
        if tok.lemma_.lower() == "claim" and any(c.lemma_.lower() == "responsibility" for c in tok.children):
            cert = "claimed"
        who = None if subj.lemma_.lower() in lex.not_claimants else _np(subj)
        cues.append(_Cue(min(subj.left_edge.idx, tok.idx), tok.idx + len(tok), who, cert))
    for m in lex.according.finditer(text, s, e):
        head = doc.char_span(m.end() + 1, e, alignment_mode="expand") if doc is not None else None
        who = _np_after(head) if head is not None and any(t.dep_ for t in head[:3]) else None
        cues.append(_Cue(m.start(), m.end(), who or _regex_np(text[m.end() : e]), "reported"))
    if verbs or reported:  # a source named in a sentence that reports something ("opposition media: ...")
        cues.extend(_named_source(text, span, lex, cues))
    return [c for c in cues if c.claimant is not None or c.certainty != "reported"]


def _named_source(text: str, span: tuple[int, int], lex: _Lex, cues: list[_Cue]) -> list[_Cue]:
    """The first source name of the lexicon in the sentence, when no cue names a claimant (a mention
    alone, "a member of the Syrian Democratic Forces was killed", is no claim)."""
    s, e = span
    if not any(c.claimant for c in cues):
        for m in lex.claimants.finditer(text, s, e):
            if any(c.start <= m.start() < c.end for c in cues):
                continue
            return [_Cue(m.start(), m.end(), _clean_name(m.group(0)), "reported")]
    return []


def _lexicon_claimant(sentence: str, lex: _Lex) -> str | None:
    m = lex.claimants.search(sentence)
    return _clean_name(m.group(0)) if m else None


def _np(head: Token) -> str | None:
    """The claimant's name: the subject's subtree without a relative clause, trimmed."""
    if head.lower_ in _PRONOUNS and head.pos_ == "PRON":
        return None
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in ("prep", "compound", "amod", "pobj", "appos", "nmod", "cc", "conj"):
            right = max(right, child.right_edge.i)
        else:
            break
    doc = head.doc
    words = [t for t in doc[left : right + 1] if not t.is_space]
    if not words or len(words) > _MAX_CLAIMANT_WORDS:
        words = [t for t in doc[head.i - min(3, head.i - left) : head.i + 1] if not t.is_space]
    return _clean_name(doc[words[0].i : words[-1].i + 1].text) if words else None


def _np_after(span: Span) -> str | None:
    """The noun phrase right after "according to"."""
    toks = [t for t in span if not t.is_space]
    if not toks:
        return None
    first = toks[0]
    head = first
    while (
        head.head is not head and head.head.i > span.start - 1 and head.dep_ not in ("pobj", "dobj", "nsubj")
    ):
        if head.head.i < first.i:
            break
        head = head.head
    words: list[Token] = []
    for t in toks:
        if (t.is_punct and t.text != "-") or (t.pos_ in ("VERB", "AUX") and t.i > head.i):
            break
        if t.tag_ in ("WDT", "WP", "WP$") and t.i > first.i:
            break  # "the report which could not be verified": the relative clause is not the name
        if t.i > head.right_edge.i:
            break
        words.append(t)
        if len(words) >= _MAX_CLAIMANT_WORDS:
            break
    if not words:
        return None
    return _clean_name(span.doc[words[0].i : words[-1].i + 1].text)


_NP_STOP = re.compile(
    r"[,.;:()\"]|\s(?:who|which|that|said|says|reported|on|in|at|as|while|and\s+(?:the|a)\s+\w+\s+(?:said|was))\b",
    re.I,
)


def _regex_np(after: str) -> str | None:
    m = _NP_STOP.search(after)
    chunk = after[: m.start()] if m else after
    words = chunk.split()[:_MAX_CLAIMANT_WORDS]
    return _clean_name(" ".join(words)) if words else None


def _clean_name(name: str) -> str | None:
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(" ,.;:'\""), flags=re.I).strip()
    return name or None


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_CLAIM_TEXT else text[: _MAX_CLAIM_TEXT - 1].rstrip() + "…"
