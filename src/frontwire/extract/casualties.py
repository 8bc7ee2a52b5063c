"""How many dead: every casualty figure an article reports, with its kind, claimant and certainty.

`find_fatalities` reads the parsed sentences for counts tied to a casualty word, forwards
("at least 23 people ... were killed", "two civilians and a soldier were killed", "5 dead") or
backwards ("killing 12", "the death toll rose to 30", "claiming the life of a person"). Counts are
read by `counts` (number words and vague quantities such as "several" 3, "dozens" 12 come from
``data/lexicons/numbers.yaml``), casualty words from ``data/lexicons/casualties.yaml``. A count of
"killed or injured" with no split is kept as a figure of kind ``killed_or_injured`` and counts no dead.

Which of these figures count as one event's dead is `event_toll.fatalities_for`'s business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import overload

from spacy.attrs import IS_SPACE, LOWER
from spacy.tokens import Doc, Token

from frontwire.extract.claims import claim_at, find_claims
from frontwire.extract.counts import CasualtyLexicon, Count, casualty_lexicon, count_at, longest_phrase
from frontwire.extract.textspans import sentence_starts, sentences_of
from frontwire.types import ArticleContext, Claim, FatalityFigure

_WALK_MAX = 14
_BACK_MAX = 4
_WALK_POS = {"NOUN", "PROPN", "ADJ", "DET", "NUM", "ADP", "PRON", "PART", "ADV", "AUX", "X", "SYM", "CCONJ"}
_STOP_WORDS = {"said", "says", "say", "while", "whereas", "but", "when", "after", "before", "as", "than"}


def find_fatalities(doc: Doc, ctx: ArticleContext, claims: list[Claim] | None = None) -> list[FatalityFigure]:
    """Every casualty figure in the parsed sentences, with the claimant and certainty of its claim."""
    lex = casualty_lexicon()
    if claims is None:
        claims = find_claims(doc, ctx)
    strings = doc.vocab.strings
    rows = doc.to_array([IS_SPACE, LOWER]).tolist()
    words = [(i, lower) for i, (space, lower) in enumerate(rows) if not space]
    toks = _Words(doc, [i for i, _ in words])
    low = [strings[lower] for _, lower in words]
    out: list[FatalityFigure] = []
    k = 0
    used_until = -1
    while k < len(toks):
        if k < used_until:
            k += 1
            continue
        count = count_at(toks, low, k, lex)
        if count is None:
            k += 1
            continue
        figure, end = _figure(toks, low, count, lex, ctx)
        if figure is None:
            k = count.j
            continue
        claim = claim_at(figure.start, claims)
        if claim is not None:
            figure = replace(figure, claimant=claim.claimant, certainty=claim.certainty)
        out.append(figure)
        used_until = end
        k = count.j
    return _totals_by_clause(out, ctx.text)


class _Words(Sequence[Token]):
    """The non-space tokens of a Doc, each made when read: the scan reads the words' lowercase forms
    (taken from the Doc's arrays) and needs a Token only where a figure may begin."""

    def __init__(self, doc: Doc, index: list[int]) -> None:
        self._doc = doc
        self._index = index
        self._sentence = sentence_starts(doc)

    def __len__(self) -> int:
        return len(self._index)

    @overload
    def __getitem__(self, k: int) -> Token: ...
    @overload
    def __getitem__(self, k: slice) -> Sequence[Token]: ...
    def __getitem__(self, k: int | slice) -> Token | Sequence[Token]:
        if isinstance(k, slice):
            return [self._doc[i] for i in self._index[k]]
        return self._doc[self._index[k]]

    def sentence(self, k: int) -> int:
        """Where word `k`'s sentence starts (a Doc index): ``self[k].sent.start``, read from an array."""
        return self._sentence[self._index[k]]


def _totals_by_clause(figures: list[FatalityFigure], text: str) -> list[FatalityFigure]:
    """A total cue marks only the figure whose stretch of the sentence holds it: "six teachers also
    died, while the monitor said 35 people in total had died" makes 35 a total, not 6."""
    lex = casualty_lexicon()
    sents = sentences_of(text)
    out = list(figures)
    for k, f in enumerate(out):
        if not f.total:
            continue
        s, e = sents.span(f.start)
        prev_end = max([g.end for g in out[:k] if s <= g.start < f.start] or [s])
        next_start = min([g.start for g in out[k + 1 :] if f.end <= g.start < e] or [e])
        if not lex.total.search(text, prev_end, next_start):
            out[k] = replace(f, total=False)
    return out


def _casualty_at(
    low: list[str], toks: Sequence[Token], j: int, lex: CasualtyLexicon
) -> tuple[str, int] | None:
    """(kind, end word) when a casualty word or phrase starts at word ``j``."""
    n = longest_phrase(low, j, lex.multi)
    if n:
        return lex.multi[tuple(low[j : j + n])], j + n
    w, lemma = low[j], toks[j].lemma_.lower()
    kind = None
    if w in lex.killed or lemma in lex.killed:
        kind = "killed"
    elif w in lex.injured or lemma in lex.injured:
        kind = "injured"
    if kind is None:
        return None
    end = j + 1
    # "killed and 16 injured" is two figures; "killed or wounded" (no number between) is one
    if end + 1 < len(low) and low[end] in ("or", "and", "/"):
        other = low[end + 1]
        other_kind = "killed" if other in lex.killed else "injured" if other in lex.injured else None
        if other_kind and other_kind != kind:
            return "killed_or_injured", end + 2
    return kind, end


def _figure(
    toks: _Words, low: list[str], count: Count, lex: CasualtyLexicon, ctx: ArticleContext
) -> tuple[FatalityFigure | None, int]:
    """The figure a count belongs to, and the word after it."""
    if count.i > 0 and _ends_with(low, count.i, lex.subset):
        return None, count.j
    before = toks[count.i - 1] if count.i > 0 else None
    if before is not None and before.pos_ == "VERB" and before.lemma_.lower() in lex.object_verbs:
        return None, count.j  # "kidnapped 900": the verb's object, not a toll
    value, lo, hi = count.value, count.low, count.high
    j = count.j
    chain_end = count.j
    in_subset = False
    steps = 0
    found: tuple[str, int] | None = None
    while j < len(toks) and steps < _WALK_MAX:
        if toks.sentence(j) != toks.sentence(count.i):
            break
        t = toks[j]
        hit = _casualty_at(low, toks, j, lex)
        if hit is not None:
            found = hit
            break
        if low[j : j + 3] == ["as", "well", "as"]:
            j, steps = j + 2, steps + 2  # "five fighters as well as six guards": the sum goes on
            continue
        if low[j] in ("and", ",", "as") and j + 1 < len(toks) and not in_subset:
            nxt = count_at(toks, low, j + 1, lex)
            if nxt is not None and low[j] == "," and (after := _aside_end(toks, low, j)) is not None:
                j, steps = after, steps + 2  # "Two civilians, a woman and her son, were killed": restated
                continue
            as_well = low[j] == "as" and low[j - 2 : j] == ["as", "well"]  # "five ... as well as six"
            if (
                nxt is not None
                and (low[j] != "as" or as_well)
                and tuple(low[nxt.j : nxt.j + 2]) not in _PART_OF
            ):
                value += nxt.value
                lo = (lo + nxt.low) if lo is not None and nxt.low is not None else lo
                hi = (hi + nxt.high) if hi is not None and nxt.high is not None else None
                j, steps, chain_end = nxt.j, steps + 1, nxt.j
                continue
        n_sub = longest_phrase(low, j, lex.subset)
        if n_sub and toks[j - 1].pos_ in ("AUX", "VERB"):
            return None, count.j  # "five children were among those killed": the count is the part
        if n_sub:
            # "5 people, including 3 children, were killed": skip the aside; "23 people most of them
            # fighters were killed": skip the cue words only
            skip = next((x for x in range(j, min(j + 10, len(low))) if low[x] == ","), None)
            j, steps = (skip + 1, steps + 2) if skip is not None else (j + n_sub, steps + n_sub)
            in_subset = skip is None  # "18 people including children and two staff": no more sums
            sub = count_at(toks, low, j, lex) if skip is None else None
            if sub is not None:  # the part's own count is not the figure's
                j = sub.j
            continue
        if (
            t.pos_ == "CCONJ"
            and j + 1 < len(toks)
            and toks[j + 1].pos_ in ("VERB", "AUX")
            and not _describes_noun(toks[j + 1])
        ):
            break  # "killed 3 and wounded 5": a new clause
        if low[j] in _STOP_WORDS or t.is_sent_end or low[j] in (".", ";", ":", "(", ")", '"'):
            break
        inner = count_at(toks, low, j, lex)
        if inner is not None and in_subset:
            j, steps = inner.j, steps + 1  # a count inside the part ("... and two staff") belongs to it
            continue
        if inner is not None and tuple(low[inner.j : inner.j + 2]) in _PART_OF:
            j, steps, in_subset = inner.j + 2, steps + 2, True  # "four people, one of them a child, ..."
            continue
        if t.pos_ == "VERB" and (_hyphenated(toks, j) or _hedges(toks, low, j, lex) or _describes_noun(t)):
            j += 1  # "so-called"; "were reported killed", "are feared dead"; "allied fighters"
            steps += 1
            continue
        if t.pos_ == "VERB" or (t.pos_ not in _WALK_POS and not t.is_punct) or inner is not None:
            break
        j += 1
        steps += 1
    start_tok, end_tok = count.i, count.j
    if (
        found is not None
        and count.i > 0
        and casualty_verb_kind(toks[count.i - 1], lex) not in (None, found[0])
    ):
        found = None  # "killing 2 people, injuring 7 others": the verb before the count tells its kind
    if found is None:
        found = _subject_of_casualty_verb(toks, count, lex)  # the walk was too short for the phrase
    if found is not None:
        kind, end_tok = found
        more = _gapped_count(toks, low, end_tok, lex)
        if more is not None:  # "One was killed on Friday and one on Saturday": two dead
            value, end_tok = value + more.value, more.j
            lo = lo + more.value if lo is not None else None
            hi = hi + more.value if hi is not None else None
    else:
        back = _backward(toks, low, count.i, lex)
        attacker = _attacker_too(toks, low, count.i, lex) if back is None else None
        if attacker is not None:  # "killing himself and two guards": the bomber died too
            back = ("killed", attacker)
            value, lo = value + 1, (lo + 1 if lo is not None else None)
            hi = hi + 1 if hi is not None else None
        if back is None:
            return None, count.j
        kind, start_tok = back
        end_tok = chain_end
        while end_tok < j and (toks[end_tok].pos_ in ("NOUN", "PROPN", "ADJ") or low[end_tok] == "-"):
            end_tok += 1
    start = toks[start_tok].idx
    last = toks[end_tok - 1]
    end = last.idx + len(last)
    sent = toks[count.i].sent
    total = bool(lex.total.search(ctx.text, sent.start_char, sent.end_char))
    figure = FatalityFigure(
        value=value,
        low=lo,
        high=hi,
        kind=kind,  # type: ignore[arg-type]
        article_id=ctx.article_id,
        start=start,
        end=end,
        text=ctx.text[start:end],
        total=total,
    )
    return figure, end_tok


def _aside_end(toks: _Words, low: list[str], comma: int) -> int | None:
    """After a phrase set off by commas that the verb follows (", a woman and her son, were killed"),
    the word after its closing comma; None when the phrase is not closed that way (a list goes on)."""
    for x in range(comma + 1, min(comma + 10, len(low) - 1)):
        if toks.sentence(x) != toks.sentence(comma) or toks[x].pos_ in ("VERB", "AUX"):
            return None
        if low[x] == ",":
            return x + 1 if toks[x + 1].pos_ in ("VERB", "AUX") else None
    return None


_GAP_PREPS = frozenset({"on", "in", "at", "near", "during", "inside", "outside"})


def _gapped_count(toks: _Words, low: list[str], k: int, lex: CasualtyLexicon) -> Count | None:
    """A count after "and" that shares the casualty verb before it, its own verb left out ("one was
    killed on Friday and one on Saturday", "three died in Hama and two in Homs")."""
    if k >= len(low) or low[k] not in _GAP_PREPS:
        return None
    for x in range(k + 1, min(k + 6, len(low) - 2)):
        if toks.sentence(x) != toks.sentence(k) or toks[x].pos_ in ("VERB", "AUX") or toks[x].is_punct:
            return None
        if low[x] != "and":
            continue
        if low[x + 1 : x + 3] == ["the", "other"]:
            nxt: Count | None = Count(x + 1, x + 3, 1, 1, None)
        else:
            nxt = count_at(toks, low, x + 1, lex)
        if nxt is not None and nxt.j < len(low) and low[nxt.j] in _GAP_PREPS:
            return nxt
        return None
    return None


_PART_OF = frozenset({("of", "them"), ("of", "whom"), ("of", "those")})


def _hyphenated(toks: Sequence[Token], j: int) -> bool:
    """The token is half of a hyphenated word ("so-called", "well-known"), not a verb of its own."""
    before = j > 0 and toks[j - 1].text == "-" and not toks[j - 1].whitespace_
    after = j + 1 < len(toks) and toks[j + 1].text == "-" and not toks[j].whitespace_
    return bool(before or after)


def _describes_noun(t: Token) -> bool:
    """A participle used as an adjective ("allied fighters", "rebels and allied militants"): part of
    the noun phrase. A casualty word ("and wounded civilians") stays a verb."""
    if t.dep_ == "amod" and t.head.i > t.i and t.head.pos_ in ("NOUN", "PROPN"):
        return True
    nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
    lex = casualty_lexicon()
    return (
        t.tag_ == "VBN"
        and t.i > 0
        and t.nbor(-1).pos_ == "CCONJ"
        and nxt is not None
        and nxt.tag_ in ("NNS", "NNPS")
        and t.lemma_.lower() not in lex.killed | lex.injured
        and t.lower_ not in lex.killed | lex.injured
    )


def _hedges(toks: Sequence[Token], low: list[str], j: int, lex: CasualtyLexicon) -> bool:
    """A reporting or belief verb right before the casualty word ("were reported killed", "are
    feared dead"): it hedges the figure but does not end it."""
    return (
        toks[j].lemma_.lower() in lex.hedge_verbs
        and j + 1 < len(toks)
        and _casualty_at(low, toks, j + 1, lex) is not None
    )


def _subject_of_casualty_verb(
    toks: Sequence[Token], count: Count, lex: CasualtyLexicon
) -> tuple[str, int] | None:
    """(kind, end word) when the counted noun is the subject of a casualty verb further on ("Thirteen
    militants of the so-called Islamic State in Iraq and Levant organization were killed")."""
    num = toks[count.j - 1]
    noun = num.head if num.dep_ in ("nummod", "quantmod", "compound") else num
    if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.i <= num.i:
        return None
    verb = noun.head
    kind = casualty_verb_kind(verb, lex)
    if kind is None or verb.sent.start != num.sent.start:
        return None
    end = next((k for k, t in enumerate(toks) if t.i == verb.i), None)
    return (kind, end + 1) if end is not None else None


def _ends_with(low: list[str], k: int, table: frozenset[tuple[str, ...]]) -> bool:
    for n in range(1, 5):
        if k - n >= 0 and tuple(low[k - n : k]) in table:
            return True
    return False


def casualty_verb_kind(t: Token, lex: CasualtyLexicon) -> str | None:
    """ "killed" or "injured" for a casualty verb ("killing", "wounded"), else None."""
    lemma, lower = t.lemma_.lower(), t.lower_
    if t.pos_ == "VERB" and (lemma in lex.killed or lower in lex.killed):
        return "killed"
    if t.pos_ == "VERB" and (lemma in lex.injured or lower in lex.injured):
        return "injured"
    if lower in ("kills", "killed", "killing"):
        return "killed"
    return None


def _attacker_too(toks: Sequence[Token], low: list[str], i: int, lex: CasualtyLexicon) -> int | None:
    """Where "killing himself and" starts, before a count: the attacker is one of the dead (ACLED
    counts a suicide bomber among an event's fatalities)."""
    if i < 3 or low[i - 1] != "and" or low[i - 2] not in lex.reflexives:
        return None
    return i - 3 if casualty_verb_kind(toks[i - 3], lex) == "killed" else None


def _backward(toks: Sequence[Token], low: list[str], i: int, lex: CasualtyLexicon) -> tuple[str, int] | None:
    """A casualty verb or cue right before the count ("killing at least 12", "toll rose to 30")."""
    for n in range(6, 0, -1):
        if i - n >= 0 and tuple(low[i - n : i]) in lex.before:
            cue_kind, k = lex.before[tuple(low[i - n : i])], i - n
            if (
                k >= 2
                and low[k - 1] in ("and", "or")
                and casualty_verb_kind(toks[k - 2], lex) not in (None, cue_kind)
            ):
                return "killed_or_injured", k - 2
            return cue_kind, k
    k = i - 1
    steps = 0
    while k >= 0 and steps < _BACK_MAX:
        t = toks[k]
        if t.pos_ in ("VERB", "NOUN") or t.lower_ in lex.killed or t.lower_ in lex.injured:
            verb_kind = casualty_verb_kind(t, lex)
            if verb_kind is None:
                return None
            # "killing and injuring scores of people": no split
            if (
                k >= 2
                and low[k - 1] in ("and", "or")
                and casualty_verb_kind(toks[k - 2], lex) not in (None, verb_kind)
            ):
                return "killed_or_injured", k - 2
            return verb_kind, k
        if t.pos_ not in ("DET", "ADJ", "ADV", "PART") or t.is_punct:
            return None
        k -= 1
        steps += 1
    return None
