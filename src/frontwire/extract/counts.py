"""Reading counts: the casualty lexicon, and where a number begins and what it is worth.

A count is "[qualifier] number [to number]": digits ("1,200", "30 thousand"), number words ("twenty-one",
"a hundred and five"), vague quantities ("dozens" 12) and persons counted singly ("a soldier" 1), from
``data/lexicons/numbers.yaml``. Dates, times, distances and unit numbers ("the 5th Brigade", "route 4")
are not counts. `casualties` reads a count's casualty word and `event_toll` weighs the figures; both
read the lexicon loaded here, as does `dates` for its casualty words.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from frontwire.extract.textspans import doc_text, phrase_regex
from frontwire.knowledge.lexicon import read_lexicon_file


@dataclass(frozen=True)
class CasualtyLexicon:
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
    reporting_verbs: frozenset[str]  # verbs of a sentence that only reports a toll
    starters: frozenset[str]  # words a count can begin with (besides digits)
    reflexives: frozenset[str]  # "killing himself and two guards": the attacker is among the dead


def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().replace("-", " - ").split())


@cache
def casualty_lexicon() -> CasualtyLexicon:
    num = read_lexicon_file("numbers")
    cas = read_lexicon_file("casualties")
    multi: dict[tuple[str, ...], str] = {}
    for kind, key in (("killed", "killed"), ("injured", "injured"), ("killed_or_injured", "both")):
        for p in cas[key]:
            if " " in p:
                multi[_phrase_words(p)] = kind
    both_single = {p for p in cas["both"] if " " not in p}
    return CasualtyLexicon(
        numbers={_phrase_words(k): int(v) for k, v in num["numbers"].items()},
        tens=frozenset(num["tens_words"]),
        multipliers={str(k): int(v) for k, v in num["multipliers"].items()},
        vague={_phrase_words(k): int(v) for k, v in num["vague"].items()},
        qualifiers={_phrase_words(k): str(v) for k, v in num["qualifiers"].items()},
        person=frozenset(_phrase_words(p) for p in num["person_singular"]),
        killed=frozenset(p for p in cas["killed"] if " " not in p),
        injured=frozenset(p for p in cas["injured"] if " " not in p) | frozenset(),
        multi=multi | {(w,): "killed_or_injured" for w in both_single},
        before={_phrase_words(p): kind for kind, ps in cas["before_number"].items() for p in ps},
        subset=frozenset(_phrase_words(p) for p in cas["subset_cues"]),
        total=phrase_regex(cas["total_cues"]),
        background=re.compile("|".join(f"(?:{p})" for p in cas["background_patterns"]), re.I),
        elsewhere=phrase_regex(cas["elsewhere_cues"]),
        object_verbs=frozenset(str(v) for v in cas.get("object_verbs", ())),
        hedge_verbs=frozenset(str(v) for v in cas.get("hedge_verbs", ())),
        reporting_verbs=frozenset(str(v) for v in cas.get("reporting_verbs", ())),
        starters=frozenset(
            k[0]
            for table in (num["numbers"], num["vague"], num["qualifiers"])
            for k in (_phrase_words(str(x)) for x in table)
        )
        | {"a", "an", "one", "between"},
        reflexives=frozenset(str(w) for w in cas.get("reflexives", ())),
    )


@dataclass
class Count:
    i: int  # first token (qualifier included)
    j: int  # one past the last token of the number
    value: int
    low: int | None
    high: int | None


def longest_phrase(low: list[str], k: int, table: Collection[tuple[str, ...]]) -> int:
    """Length of the longest phrase of ``table`` starting at word ``k`` (0 if none)."""
    best = 0
    for n in range(1, 5):
        if tuple(low[k : k + n]) in table:
            best = n
    return best


def count_at(toks: Sequence[Token], low: list[str], k: int, lex: CasualtyLexicon) -> Count | None:
    """A count starting at word ``k``: [qualifier] number [to number]."""
    w = low[k]
    if not (w[:1].isdigit() or w in lex.starters):
        return None
    q = longest_phrase(low, k, lex.qualifiers)
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
    return Count(i, j, value, lo, hi)


def _core(
    toks: Sequence[Token], low: list[str], k: int, lex: CasualtyLexicon
) -> tuple[int, int, bool] | None:
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
    n = longest_phrase(low, k, lex.vague)
    if n and not (
        k + n < len(low) and re.fullmatch(r"\d+|[a-z]+", low[k + n]) and _core_number(low, k + n, lex)
    ):
        return lex.vague[tuple(low[k : k + n])], k + n, True
    if w in ("a", "an", "one") and k + 1 < len(low):
        for at in range(k + 1, min(k + 1 + _PERSON_MODIFIERS + 1, len(low))):
            p = longest_phrase(low, at, lex.person)
            if p and toks[at + p - 1].dep_ not in ("compound", "amod"):  # not "a civilian death toll"
                return 1, k + 1, False  # the noun stays for the walk
            if not (toks[at].pos_ in ("ADJ", "NOUN", "PROPN") or low[at] == "-"):
                break  # "a soldier", "a police officer", "a pro-government fighter"; not "a group of"
    return _core_number(low, k, lex)


# Words that may stand between "a" and the person it counts ("a senior Hurras al-Din commander").
_PERSON_MODIFIERS = 6


def _core_number(low: list[str], k: int, lex: CasualtyLexicon) -> tuple[int, int, bool] | None:
    n = longest_phrase(low, k, lex.numbers)
    if not n:
        return None
    value, j = lex.numbers[tuple(low[k : k + n])], k + n
    if low[k] in lex.tens and j < len(low):
        jj = j + 1 if low[j] == "-" else j
        if jj < len(low) and (low[jj],) in lex.numbers and lex.numbers[(low[jj],)] < 10 and low[jj] != "a":
            value, j = value + lex.numbers[(low[jj],)], jj + 1
    if j < len(low) and low[j] in lex.multipliers:
        value, j = value * lex.multipliers[low[j]], j + 1
        if j + 1 < len(low) and low[j] == "and" and longest_phrase(low, j + 1, lex.numbers):
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


def _is_date_number(toks: Sequence[Token], low: list[str], k: int, w: str) -> bool:
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
