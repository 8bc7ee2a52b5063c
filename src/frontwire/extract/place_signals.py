"""Signals around a candidate place name: is it a place here, and is it a relative location?

Word lists come from ``data/gazetteer/context.yaml`` and ``stoplist.txt`` (knowledge is data); this
module compiles them and offers small pure functions over the text that `places.PlaceFinder` combines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from frontwire.errors import KnowledgeError
from frontwire.knowledge import yamldata
from frontwire.knowledge.placenames import light_fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

_DIRS = r"(?:north|south)[- ]?(?:east|west)|north|south|east|west"
_DIRADJ = r"(?:north|south)[- ]?(?:east|west)ern|(?:north|south|east|west)ern|central|rural"
_REL_OF = re.compile(rf"\b({_DIRS})\s+of\s+(?:the\s+)?(?:(?:town|city|village|province)\s+of\s+)?$", re.I)
_REL_NEAR = re.compile(
    r"\b(near|outside|around|close to|on the outskirts of|in the vicinity of|the outskirts of|"
    r"the vicinity of|(?:\d+|a few|several)\s*(?:km|kilometres|kilometers|miles)\s+(?:from|of|"
    rf"(?:{_DIRS})\s+of))\s+(?:the\s+)?(?:(?:town|city|village|province)\s+of\s+)?$",
    re.I,
)
_REL_PART = re.compile(
    rf"\bthe\s+((?:(?:{_DIRADJ})\s+(?:and\s+(?:{_DIRADJ})\s+)?)?(?:countryside|outskirts|suburbs?|parts?|"
    r"edge|side|areas?|desert|districts?|neighbou?rhoods|villages))\s+of\s+(?:the\s+)?$",
    re.I,
)
_REL_BANK = re.compile(
    r"\bthe\s+((?:north|south|east|west)ern\s+(?:bank|shore|side)s?)\s+of\s+(?:the\s+)?$", re.I
)
_REL_ADJ = re.compile(rf"\b({_DIRADJ})\s+$", re.I)
_REL_AFTER = re.compile(r"^(?:'s)?\s+(countryside|outskirts|suburbs|desert|environs)\b", re.I)
_CAP_BEFORE = re.compile(r"([A-Z][\w'’.-]*)\s$")
_CAP_AFTER = re.compile(r"^\s([A-Z][\w'’-]*)")
_WORD = re.compile(r"[^\W_]+")
# After a dateline's place: an optional state or country ("ATHENS, Ga."), then a dash.
_DATELINE = re.compile(r"^(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s+(?:—|–|--|-)\s")
# A person's home town: "Jane Doe, 30, of " before the name, and the phrase ends after it.
RESIDENCE_BEFORE = re.compile(r"([A-Z][\w'’-]+),?(?:\s+\d{1,3},)?\s+of\s+$")
_RESIDENCE_END = re.compile(r"^\s*[,;)]")
# "Clarke, Madison, Oconee and Oglethorpe counties": every item of the list is a county.
COUNTY_LIST = re.compile(r"^(?:(?:\s*,\s*|\s+)(?:and\s+|or\s+)?[A-Z][\w.'’-]*)*,?\s+(?:counties|parishes)\b")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class ContextWords:
    """The word lists of data/gazetteer/context.yaml, compiled (that file says what each is for)."""

    connectors: frozenset[str]
    generic: frozenset[str]
    article_words: frozenset[str]
    english_articles: frozenset[str]
    transliterated: frozenset[str]
    theatre: frozenset[str]
    neighbours: frozenset[str]
    compass: frozenset[str]  # lower case: "north", "eastern" (a compass word and a place: its part)
    outlet_words: frozenset[str]  # join a place's name in an outlet's name ("onlineathens.com")
    stoplist: frozenset[str]  # light-folded; for words not written in capitals
    stop_caps: frozenset[str]  # entries written in capitals (SANA, SOHR): also stop the all-caps form
    locative: re.Pattern[str]
    speech: re.Pattern[str]
    titles: re.Pattern[str]
    organisation: re.Pattern[str]
    streets: re.Pattern[str]
    name_head: re.Pattern[str]  # "Lake ", "Fort ", "St. " right before a name
    institution: re.Pattern[str]
    of_heads: frozenset[str]  # "State", "Bank" before "of": a name's head, not a person
    unit_after: re.Pattern[str]
    first_level_after: re.Pattern[str]  # "Washington state", "Idlib province": a first-level division
    modified_noun: re.Pattern[str]
    party_before: re.Pattern[str]
    country_vocabulary: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]  # (country, its local-news words)


@cache
def context_words() -> ContextWords:
    """The compiled word lists (read once per process)."""
    base = resources.files("frontwire.data").joinpath("gazetteer")
    try:
        data = yamldata.safe_load(base.joinpath("context.yaml").read_text("utf-8"))
        stop = base.joinpath("stoplist.txt").read_text("utf-8")
        adjectives = _alternation(data["locative_adjectives"])
        return ContextWords(
            connectors=frozenset(data["connectors"]),
            generic=frozenset(data["generic"]),
            article_words=frozenset(data["article_words"]),
            english_articles=frozenset(data["english_articles"]),
            transliterated=frozenset(data["transliterated_countries"]),
            theatre=frozenset(data.get("theatre_countries") or ()),
            neighbours=frozenset(data["neighbours"]),
            compass=frozenset(str(w).lower() for w in data["compass_words"]),
            outlet_words=frozenset(data["outlet_words"]),
            stoplist=frozenset(light_fold(w) for w in _entries(stop)),
            stop_caps=frozenset(light_fold(w) for w in _entries(stop) if w.isupper()),
            locative=re.compile(
                rf"\b(?:{_alternation(data['locative'])})\s+(?:the\s+)?"
                rf"(?:(?:{adjectives}|[\w-]+-(?:controlled|held))\s+)?"
                r"(?:(?:town|city|village|province|governorate|region|district|area|neighbou?rhood)\s+of\s+)?$",
                re.I,
            ),
            speech=re.compile(rf"^\s*(?:,\s*)?(?:{_alternation(data['speech'])})\b", re.I),
            titles=re.compile(rf"\b(?:{_alternation(data['titles'])})\.?\s+$", re.I),
            organisation=re.compile(rf"^\s+(?:{_alternation(data['organisation'])})\b"),
            streets=re.compile(rf"^\s+(?:{_alternation(data['streets'])})\b"),
            name_head=re.compile(rf"(?<![\w-])(?:{_alternation(data['name_heads'])})\.?\s+$"),
            institution=re.compile(rf"^\s+(?:{_alternation(data['institution'])})\b"),
            of_heads=frozenset(data["of_heads"]),
            unit_after=re.compile(rf"^\s+(?:{_alternation(data['unit_after'])})\b", re.I),
            first_level_after=re.compile(rf"^\s+(?:{_alternation(data['first_level_units'])})\b", re.I),
            modified_noun=re.compile(
                rf"^(?:'s|’s)?(?:\s+|(?=-))(?:{_alternation(data['modified_nouns'])})(?![\w-])"
            ),
            party_before=re.compile(rf"(?<![\w-])(?:{_alternation(data['party_prefixes'])})-$"),
            country_vocabulary=tuple(
                (code, _vocabulary(entries))
                for code, entries in (data.get("country_vocabulary") or {}).items()
            ),
        )
    except (OSError, yamldata.YAMLError, KeyError, TypeError) as exc:
        raise KnowledgeError(f"gazetteer context words cannot be read: {exc}") from exc


def _vocabulary(entries: list[str]) -> tuple[re.Pattern[str], ...]:
    """A country's words as patterns: lower-case entries match any case, others as written."""
    lower = [e for e in entries if e == e.lower()]
    written = [e for e in entries if e != e.lower()]
    return tuple(
        re.compile(rf"(?<![\w-])(?:{_alternation(group)})(?![\w-])", flags)
        for group, flags in ((lower, re.I), (written, 0))
        if group
    )


def vocabulary_focus(text: str, words_: ContextWords) -> dict[str, int]:
    """Countries whose local-news words the article uses: 1 for one distinct word, 2 for more."""
    out = {}
    for code, patterns in words_.country_vocabulary:
        seen = {m.group(0).lower() for pattern in patterns for m in pattern.finditer(text)}
        if seen:
            out[code] = min(2, len(seen))
    return out


def _entries(text: str) -> list[str]:
    return [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]


def is_stopword(surface: str, words_: ContextWords) -> bool:
    """A common word, not a place name here: "Police", "us"; "US" only if the stoplist says so in caps."""
    folded = light_fold(surface)
    if surface.isupper() and len(surface) > 1:
        return folded in words_.stop_caps
    return folded in words_.stoplist


def usage_evidence(text: str, start: int, end: int, surface: str, words_: ContextWords) -> float:
    """Evidence from how news names a place in passing (0 when none of these holds):

    a dateline ("TORRINGTON — The city council ...", "HUDSON -- Officials say"), a lawmaker's home
    district ("Rep. Jones, R-Marshall"), the place as a modifier of a person, body or building
    ("a Rolling Meadows man", "Roselle police", "Northbrook-based"), or a person's home ("Jane Doe, 30,
    of Grand Prairie, said").
    """
    after = text[end : end + 40]
    if surface.isupper() and len(surface) > 2 and sentence_initial(text, start) and _DATELINE.match(after):
        return 2.5
    if words_.party_before.search(text[max(0, start - 6) : start]):
        return 2.5
    if words_.modified_noun.match(after):
        return 1.5
    home = RESIDENCE_BEFORE.search(text[max(0, start - 60) : start])
    if home and _RESIDENCE_END.match(after) and not _organisation_word(home.group(1), words_):
        return 1.0
    return 0.0


def _organisation_word(word: str, words_: ContextWords) -> bool:
    """ "Islamic State of Iraq", "Bank of England": the word before "of" heads a name, not a person."""
    padded = " " + word
    return word in words_.of_heads or bool(
        words_.institution.match(padded) or words_.organisation.match(padded)
    )


def entities(doc: Doc | None) -> dict[tuple[int, int], str]:
    """spaCy entity labels by character span (empty without a parse)."""
    if doc is None:
        return {}
    return {(e.start_char, e.end_char): e.label_ for e in doc.ents}


def label_for(ents: dict[tuple[int, int], str], start: int, end: int) -> str | None:
    """The entity label over [start, end); "PART" when a longer non-place entity holds it ("Henry Ford")."""
    if (start, end) in ents:
        return ents[(start, end)]
    for (a, b), label in ents.items():
        if a <= start and end <= b:
            if label in PLACE_LABELS or (b - a) - (end - start) <= 4:  # "the Euphrates", "northern Syria"
                return label
            return "PART"
        if a < end and start < b:
            return label if label in PLACE_LABELS else "PART"
    return None


def shape_ok(surface: str, words_: ContextWords) -> bool:
    """Written like a name: capitalised first word; later words capitalised, connectors or generic."""
    words = _WORD.findall(surface)
    if len(words) > 1 and words[0] in words_.article_words:  # "al-Tanf zone": the name starts after
        words = words[1:]
    if not words or not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    for w in words[1:]:
        low = w.lower()
        if not (w[0].isupper() or w[0].isdigit() or low in words_.connectors or low in words_.generic):
            return False
    return not (len(words) == 1 and len(words[0]) == 1)


def sentence_initial(text: str, start: int) -> bool:
    j = start - 1
    while j >= 0 and text[j] in " \t\"'“‘(":
        j -= 1
    return j < 0 or text[j] in ".!?\n:;"


def capitalised_neighbour(
    text: str, start: int, end: int, taken: list[tuple[int, int]], words_: ContextWords
) -> bool:
    """A capitalised non-place word right before or after: part of a longer name ("Chiquita Henry")."""
    mb = _CAP_BEFORE.search(text[max(0, start - 30) : start])
    if mb:
        b_start = start - len(mb.group(0))
        word = mb.group(1)
        if (
            word.rstrip(".") not in words_.neighbours
            and not word.endswith((".", ","))
            and not sentence_initial(text, b_start)
            and not any(a <= b_start < b for a, b in taken)
        ):
            return True
    ma = _CAP_AFTER.match(text[end : end + 30])
    if ma:
        word = ma.group(1)
        if (
            word not in words_.neighbours
            and word.lower() not in words_.generic
            and not any(a <= end + 1 < b for a, b in taken)
        ):
            return True
    return False


def relation_for(text: str, start: int, end: int) -> tuple[str | None, int]:
    """The relative-location words around a name and the least geo_precision they imply.

    ("west of", 2) for "west of Tell Abyad", ("northern countryside of", 2), ("eastern", 2) for
    "eastern Homs", ("western bank of", 3) for "the western bank of the Euphrates"; (None, 1) if none.
    """
    before = text[max(0, start - 80) : start]
    if m := _REL_BANK.search(before):
        return f"{m.group(1).lower()} of", 3
    if m := _REL_PART.search(before):
        return " ".join(m.group(1).lower().split()) + " of", 2
    if m := _REL_OF.search(before):
        return f"{m.group(1).lower()} of", 2
    if m := _REL_NEAR.search(before):
        rel = " ".join(m.group(1).lower().split())
        return ("near" if rel.startswith(("near", "close", "around", "in the vicinity")) else rel), 2
    if m := _REL_AFTER.match(text[end : end + 30]):
        return f"{m.group(1).lower()} of", 2
    if (m := _REL_ADJ.search(before)) and not text[start - 1 : start].isalnum():
        return m.group(1).lower(), 2
    return None, 1
