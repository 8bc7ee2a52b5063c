"""How many dead: every reported figure, and the conservative count for one event.

`find_fatalities` reads the parsed sentences for counts tied to a casualty word, forwards
("at least 23 people ... were killed", "two civilians and a soldier were killed", "5 dead") or
backwards ("killing 12", "the death toll rose to 30", "claiming the life of a person"). Number words
and vague quantities ("several" 3, "dozens" 12, "tens" 10, "hundreds" 100) come from
``data/lexicons/numbers.yaml``, casualty words from ``data/lexicons/casualties.yaml``. A count of
"killed or injured" with no split is kept as a figure of kind ``killed_or_injured`` and counts no dead.

`fatalities_for` applies ACLED's conservative rule to the figures of one event: figures of its own
sentence (or, when it has none, of a following sentence that only reports the toll), injured left
out, unconfirmed or denied claims kept as figures but not counted, several sources' figures for the
same dead reduced to the smallest, cumulative totals never carried to another sentence's event.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Token

from frontwire.extract.claims import claim_at, find_claims
from frontwire.extract.textspans import doc_text, phrase_regex, sentences_of
from frontwire.knowledge.lexicon import read_lexicon_file
from frontwire.types import ArticleContext, Claim, FatalityFigure, Trigger

_COUNTED = ("reported", "confirmed", "claimed")
_WALK_MAX = 14
_BACK_MAX = 4
_WALK_POS = {"NOUN", "PROPN", "ADJ", "DET", "NUM", "ADP", "PRON", "PART", "ADV", "AUX", "X", "SYM", "CCONJ"}
_STOP_WORDS = {"said", "says", "say", "while", "whereas", "but", "when", "after", "before", "as", "than"}
_ADDITIVE = re.compile(
    r"\b(?:another|others?|also|additional|further|separately)\b|\bmore\b(?!\s+than)", re.I
)
_REPORTING = {
    "say",
    "report",
    "add",
    "tell",
    "state",
    "claim",
    "confirm",
    "announce",
    "accord",
    "cite",
    "put",
}


@dataclass(frozen=True)
class _Lex:
    numbers: dict[tuple[str, ...], int]
    tens: frozenset[str]
    multipliers: dict[str, int]
    vague: dict[tuple[str, ...], int]
    qualifiers: dict[tuple[str, ...], str]
    person: frozenset[tuple[str, ...]]
    killed: frozenset[str]
    injured: frozenset[str]
    multi: dict[tuple[str, ...], str]  # multi-word casualty phrases -> kind
    before: dict[tuple[str, ...], str]  # cues before a number -> kind
    subset: frozenset[tuple[str, ...]]
    total: re.Pattern[str]
    background: re.Pattern[str]  # cumulative tolls (a war, a year, weeks): no event's fatalities
    elsewhere: re.Pattern[str]  # words that start another event ("also", "meanwhile")
    object_verbs: frozenset[str]
    hedge_verbs: frozenset[str]  # "reported", "feared" between a count and its casualty word
    starters: frozenset[str]  # words a count can begin with (besides digits)


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().replace("-", " - ").split())


@cache
def _lex() -> _Lex:
    num = read_lexicon_file("numbers")
    cas = read_lexicon_file("casualties")
    multi: dict[tuple[str, ...], str] = {}
    for kind, key in (("killed", "killed"), ("injured", "injured"), ("killed_or_injured", "both")):
        for p in cas[key]:
            if " " in p:
                multi[_words(p)] = kind
    both_single = {p for p in cas["both"] if " " not in p}
    return _Lex(
        numbers={_words(k): int(v) for k, v in num["numbers"].items()},
        tens=frozenset(num["tens_words"]),
        multipliers={str(k): int(v) for k, v in num["multipliers"].items()},
        vague={_words(k): int(v) for k, v in num["vague"].items()},
        qualifiers={_words(k): str(v) for k, v in num["qualifiers"].items()},
        person=frozenset(_words(p) for p in num["person_singular"]),
        killed=frozenset(p for p in cas["killed"] if " " not in p),
        injured=frozenset(p for p in cas["injured"] if " " not in p) | frozenset(),
        multi=multi | {(w,): "killed_or_injured" for w in both_single},
        before={_words(p): kind for kind, ps in cas["before_number"].items() for p in ps},
        subset=frozenset(_words(p) for p in cas["subset_cues"]),
        total=phrase_regex(cas["total_cues"]),
        background=re.compile("|".join(f"(?:{p})" for p in cas["background_patterns"]), re.I),
        elsewhere=phrase_regex(cas["elsewhere_cues"]),
        object_verbs=frozenset(str(v) for v in cas.get("object_verbs", ())),
        hedge_verbs=frozenset(str(v) for v in cas.get("hedge_verbs", ())),
        starters=frozenset(
            k[0]
            for table in (num["numbers"], num["vague"], num["qualifiers"])
            for k in (_words(str(x)) for x in table)
        )
        | {"a", "an", "one", "between"},
    )


@dataclass
class _Count:
    i: int  # first token (qualifier included)
    j: int  # one past the last token of the number
    value: int
    low: int | None
    high: int | None


def find_fatalities(doc: Doc, ctx: ArticleContext, claims: list[Claim] | None = None) -> list[FatalityFigure]:
    """Every casualty figure in the parsed sentences, with the claimant and certainty of its claim."""
    lex = _lex()
    if claims is None:
        claims = find_claims(doc, ctx)
    toks = [t for t in doc if not t.is_space]
    low = [t.lower_ for t in toks]
    out: list[FatalityFigure] = []
    k = 0
    used_until = -1
    while k < len(toks):
        if k < used_until:
            k += 1
            continue
        count = _count_at(toks, low, k, lex)
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


def _totals_by_clause(figures: list[FatalityFigure], text: str) -> list[FatalityFigure]:
    """A total cue marks only the figure whose stretch of the sentence holds it: "six teachers also
    died, while the monitor said 35 people in total had died" makes 35 a total, not 6."""
    lex = _lex()
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


def fatalities_for(
    trigger: Trigger,
    figures: list[FatalityFigure],
    doc: Doc | None = None,
    triggers: Sequence[Trigger] = (),
) -> tuple[int, tuple[FatalityFigure, ...]]:
    """The conservative number of dead for one event and the figures it was drawn from. ``triggers``
    (the article's other event words) keep a following sentence's toll with the event it tells."""
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
        after = _toll_sentence_after(trigger, e, figures, doc, triggers)
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
    lex = _lex()
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
    lex = _lex()
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


def _own_toll(verb: Token, lex: _Lex) -> bool:
    """A subordinate clause with its own subject and casualty verb ("... while artillery fire on Douma
    killed another two") tells another event's toll."""
    return _verb_kind(verb, lex) is not None and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _background(f: FatalityFigure, text: str) -> bool:
    """A cumulative toll of a war, a year or weeks of fighting ("killed 5,812 civilians over the past
    year", "since the conflict began"): kept as a reported figure, never one event's fatalities."""
    if not f.total or not text:
        return False
    s, e = sentences_of(text).span(f.start)
    return bool(_lex().background.search(text, s, e))


def _conservative(f: FatalityFigure) -> int:
    values = [v for v in (f.value, f.low) if v is not None]
    return min(values) if values else 0


def _toll_sentence_after(
    trigger: Trigger, end: int, figures: list[FatalityFigure], doc: Doc, triggers: Sequence[Trigger]
) -> list[FatalityFigure]:
    """Figures of the next sentence when it only goes on with the event's toll ("Five civilians were
    killed.", "Six teachers also died in the attacks", "SANA put the toll at one"): not when it tells
    another event: an event word of another kind that is not a reference back ("... were killed in
    clashes"), a place the event's sentence does not name, or "meanwhile", "elsewhere"."""
    text = doc_text(doc)
    sents = sentences_of(text)
    i = sents.index(end - 1) + 1
    if i >= len(sents) or "\n" in text[end : sents.spans[i][0]]:
        return []
    s, e = sents.spans[i]
    theirs = [f for f in figures if s <= f.start < e and f.kind != "injured" and not f.total]
    if not theirs or _lex().elsewhere.search(text, s, e):
        return []
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return []
    for other in triggers:
        if (
            s <= other.start < e
            and other.sub_event_type != trigger.sub_event_type
            and not _refers_back(other, doc)
        ):
            return []
    own = text[trigger.sentence_start : end].lower()
    if any(ent.label_ in _PLACE_ENTS and ent.text.lower() not in own for ent in span.ents):
        return []
    lex = _lex()
    for t in span:
        if t.pos_ == "VERB" and not (
            t.lemma_.lower() in lex.killed
            or t.lemma_.lower() in lex.injured
            or t.lemma_.lower() in _REPORTING
            or t.lemma_.lower() in lex.hedge_verbs
            or _describes(t)
        ):
            return []
    return theirs


_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _refers_back(trigger: Trigger, doc: Doc) -> bool:
    """A definite event noun ("in the attacks", "the strike") names the event told before."""
    span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    head = span.root
    return head.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children)


def _describes(verb: Token) -> bool:
    """A verb that only describes a noun ("blasts that rocked the capital", "strikes thought to be
    carried out by ...") or the cause in a casualty verb's subject: not a new event."""
    t = verb
    for _ in range(6):
        if t.dep_ in ("relcl", "acl"):
            return True
        if t.dep_ in ("nsubj", "nsubjpass") and _verb_kind(t.head, _lex()) is not None:
            return True
        if t.head is t:
            return False
        t = t.head
    return False


def _match(low: list[str], k: int, table: Collection[tuple[str, ...]]) -> int:
    """Length of the longest phrase of ``table`` starting at word ``k`` (0 if none)."""
    best = 0
    for n in range(1, 5):
        if tuple(low[k : k + n]) in table:
            best = n
    return best


def _count_at(toks: list[Token], low: list[str], k: int, lex: _Lex) -> _Count | None:
    """A count starting at word ``k``: [qualifier] number [to number]."""
    w = low[k]
    if not (w[:1].isdigit() or w in lex.starters):
        return None
    q = _match(low, k, lex.qualifiers)
    i = k
    core = _core(toks, low, k + q, lex) if q else None
    if core is None:
        core = _core(toks, low, k, lex)
        q = 0
    if core is None:
        return None
    value, j, vague = core
    lo: int | None = value
    hi: int | None = None
    kind = lex.qualifiers.get(tuple(low[k : k + q])) if q else None
    if kind == "max":
        lo, hi = None, value
    if j < len(low) and low[j] in ("to", "-", "–", "or", "and") and not vague:
        nxt = _core(toks, low, j + 1, lex)
        if nxt is not None and nxt[0] > value and (low[j] != "and" or (k > 0 and low[k - 1] == "between")):
            lo, hi, j = value, nxt[0], nxt[1]
            if k > 0 and low[k - 1] == "between":
                i = k - 1
    return _Count(i, j, value, lo, hi)


def _core(toks: list[Token], low: list[str], k: int, lex: _Lex) -> tuple[int, int, bool] | None:
    """(value, end word, vague?) of a number at word ``k``."""
    if k >= len(low):
        return None
    w = low[k]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", w):
        if _is_date_number(toks, low, k, w):
            return None
        value, j = int(w.replace(",", "")), k + 1
        if j < len(low) and low[j] in lex.multipliers:
            value, j = value * lex.multipliers[low[j]], j + 1
        return value, j, False
    n = _match(low, k, lex.vague)
    if n and not (
        k + n < len(low) and re.fullmatch(r"\d+|[a-z]+", low[k + n]) and _core_number(low, k + n, lex)
    ):
        return lex.vague[tuple(low[k : k + n])], k + n, True
    if w in ("a", "an", "one") and k + 1 < len(low):
        p = _match(low, k + 1, lex.person)
        if p:
            return 1, k + 1, False  # the noun stays for the walk
    return _core_number(low, k, lex)


def _core_number(low: list[str], k: int, lex: _Lex) -> tuple[int, int, bool] | None:
    n = _match(low, k, lex.numbers)
    if not n:
        return None
    value, j = lex.numbers[tuple(low[k : k + n])], k + n
    if low[k] in lex.tens and j < len(low):
        jj = j + 1 if low[j] == "-" else j
        if jj < len(low) and (low[jj],) in lex.numbers and lex.numbers[(low[jj],)] < 10 and low[jj] != "a":
            value, j = value + lex.numbers[(low[jj],)], jj + 1
    if j < len(low) and low[j] in lex.multipliers:
        value, j = value * lex.multipliers[low[j]], j + 1
        if j + 1 < len(low) and low[j] == "and" and _match(low, j + 1, lex.numbers):
            rest = _core_number(low, j + 1, lex)
            if rest is not None and rest[0] < 100:
                value, j = value + rest[0], rest[1]
    if value == 0 and not (
        j < len(low) and low[j] in ("one", "casualties", "deaths", "fatalities", "injuries")
    ):
        return None  # "no" only counts in "no one", "no casualties"
    if low[k] == "no" and j < len(low) and low[j] == "one":
        j += 1
    return value, j, False


_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
}  # fmt: skip


def _is_date_number(toks: list[Token], low: list[str], k: int, w: str) -> bool:
    prev = low[k - 1] if k else ""
    nxt = low[k + 1] if k + 1 < len(low) else ""
    if (
        prev in _MONTHS
        or nxt in _MONTHS
        or nxt in (":", "%", "percent", "km", "kilometres", "kilometers", "miles")
    ):
        return True
    if len(w) == 4 and w.isdigit() and 1900 <= int(w) <= 2100:
        return True
    if _in_numeric_date(toks[k]):
        return True
    return prev in ("resolution", "no", "no.", "number", "route", "highway", "brigade", "division")


_NUMERIC_DATE = re.compile(r"(?<![\d.,])\d{1,4}([-/.])\d{1,2}\1\d{1,4}(?![\d,])")


def _in_numeric_date(tok: Token) -> bool:
    """The number is a piece of a written date ("23-09-2013", "2013/09/23"), not a count."""
    text = doc_text(tok.doc)
    start = max(0, tok.idx - 8)
    return any(
        m.start() <= tok.idx < m.end() for m in _NUMERIC_DATE.finditer(text, start, tok.idx + len(tok) + 8)
    )


def _casualty_at(low: list[str], toks: list[Token], j: int, lex: _Lex) -> tuple[str, int] | None:
    """(kind, end word) when a casualty word or phrase starts at word ``j``."""
    n = _match(low, j, lex.multi)
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
    toks: list[Token], low: list[str], count: _Count, lex: _Lex, ctx: ArticleContext
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
        t = toks[j]
        if toks[j].sent.start != toks[count.i].sent.start:
            break
        hit = _casualty_at(low, toks, j, lex)
        if hit is not None:
            found = hit
            break
        if low[j : j + 3] == ["as", "well", "as"]:
            j, steps = j + 2, steps + 2  # "five fighters as well as six guards": the sum goes on
            continue
        if low[j] in ("and", ",", "as") and j + 1 < len(toks) and not in_subset:
            nxt = _count_at(toks, low, j + 1, lex)
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
        n_sub = _match(low, j, lex.subset)
        if n_sub and toks[j - 1].pos_ in ("AUX", "VERB"):
            return None, count.j  # "five children were among those killed": the count is the part
        if n_sub:
            # "5 people, including 3 children, were killed": skip the aside; "23 people most of them
            # fighters were killed": skip the cue words only
            skip = next((x for x in range(j, min(j + 10, len(low))) if low[x] == ","), None)
            j, steps = (skip + 1, steps + 2) if skip is not None else (j + n_sub, steps + n_sub)
            in_subset = skip is None  # "18 people including children and two staff": no more sums
            sub = _count_at(toks, low, j, lex) if skip is None else None
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
        inner = _count_at(toks, low, j, lex)
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
    if found is not None and count.i > 0 and _verb_kind(toks[count.i - 1], lex) not in (None, found[0]):
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


_GAP_PREPS = frozenset({"on", "in", "at", "near", "during", "inside", "outside"})


def _gapped_count(toks: list[Token], low: list[str], k: int, lex: _Lex) -> _Count | None:
    """A count after "and" that shares the casualty verb before it, its own verb left out ("one was
    killed on Friday and one on Saturday", "three died in Hama and two in Homs")."""
    if k >= len(low) or low[k] not in _GAP_PREPS:
        return None
    for x in range(k + 1, min(k + 6, len(low) - 2)):
        if toks[x].sent.start != toks[k].sent.start or toks[x].pos_ in ("VERB", "AUX") or toks[x].is_punct:
            return None
        if low[x] != "and":
            continue
        if low[x + 1 : x + 3] == ["the", "other"]:
            nxt: _Count | None = _Count(x + 1, x + 3, 1, 1, None)
        else:
            nxt = _count_at(toks, low, x + 1, lex)
        if nxt is not None and nxt.j < len(low) and low[nxt.j] in _GAP_PREPS:
            return nxt
        return None
    return None


_PART_OF = frozenset({("of", "them"), ("of", "whom"), ("of", "those")})


def _hyphenated(toks: list[Token], j: int) -> bool:
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
    lex = _lex()
    return (
        t.tag_ == "VBN"
        and t.i > 0
        and t.nbor(-1).pos_ == "CCONJ"
        and nxt is not None
        and nxt.tag_ in ("NNS", "NNPS")
        and t.lemma_.lower() not in lex.killed | lex.injured
        and t.lower_ not in lex.killed | lex.injured
    )


def _hedges(toks: list[Token], low: list[str], j: int, lex: _Lex) -> bool:
    """A reporting or belief verb right before the casualty word ("were reported killed", "are
    feared dead"): it hedges the figure but does not end it."""
    return (
        toks[j].lemma_.lower() in lex.hedge_verbs
        and j + 1 < len(toks)
        and _casualty_at(low, toks, j + 1, lex) is not None
    )


def _subject_of_casualty_verb(toks: list[Token], count: _Count, lex: _Lex) -> tuple[str, int] | None:
    """(kind, end word) when the counted noun is the subject of a casualty verb further on ("Thirteen
    militants of the so-called Islamic State in Iraq and Levant organization were killed")."""
    num = toks[count.j - 1]
    noun = num.head if num.dep_ in ("nummod", "quantmod", "compound") else num
    if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.i <= num.i:
        return None
    verb = noun.head
    kind = _verb_kind(verb, lex)
    if kind is None or verb.sent.start != num.sent.start:
        return None
    end = next((k for k, t in enumerate(toks) if t.i == verb.i), None)
    return (kind, end + 1) if end is not None else None


def _ends_with(low: list[str], k: int, table: frozenset[tuple[str, ...]]) -> bool:
    for n in range(1, 5):
        if k - n >= 0 and tuple(low[k - n : k]) in table:
            return True
    return False


def _verb_kind(t: Token, lex: _Lex) -> str | None:
    """ "killed" or "injured" for a casualty verb ("killing", "wounded"), else None."""
    lemma, lower = t.lemma_.lower(), t.lower_
    if t.pos_ == "VERB" and (lemma in lex.killed or lower in lex.killed):
        return "killed"
    if t.pos_ == "VERB" and (lemma in lex.injured or lower in lex.injured):
        return "injured"
    if lower in ("kills", "killed", "killing"):
        return "killed"
    return None


def _backward(toks: list[Token], low: list[str], i: int, lex: _Lex) -> tuple[str, int] | None:
    """A casualty verb or cue right before the count ("killing at least 12", "toll rose to 30")."""
    for n in range(6, 0, -1):
        if i - n >= 0 and tuple(low[i - n : i]) in lex.before:
            cue_kind, k = lex.before[tuple(low[i - n : i])], i - n
            if (
                k >= 2
                and low[k - 1] in ("and", "or")
                and _verb_kind(toks[k - 2], lex) not in (None, cue_kind)
            ):
                return "killed_or_injured", k - 2
            return cue_kind, k
    k = i - 1
    steps = 0
    while k >= 0 and steps < _BACK_MAX:
        t = toks[k]
        if t.pos_ in ("VERB", "NOUN") or t.lower_ in lex.killed or t.lower_ in lex.injured:
            verb_kind = _verb_kind(t, lex)
            if verb_kind is None:
                return None
            # "killing and injuring scores of people": no split
            if (
                k >= 2
                and low[k - 1] in ("and", "or")
                and _verb_kind(toks[k - 2], lex) not in (None, verb_kind)
            ):
                return "killed_or_injured", k - 2
            return verb_kind, k
        if t.pos_ not in ("DET", "ADJ", "ADV", "PART") or t.is_punct:
            return None
        k -= 1
        steps += 1
    return None
