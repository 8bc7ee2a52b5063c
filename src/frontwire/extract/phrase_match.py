"""Whole-word phrase matching for actor names, country words and descriptions.

One Aho-Corasick automaton per phrase list runs over the normalised text (lower case, hyphens and
apostrophes as spaces, same length as the text), so a match's offsets are offsets of the text itself.
Short aliases and capitals ("IS", "SDF", "U.S.") must match in their own case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick

from frontwire.knowledge.actorkb import normalize

_ACRONYM_MAX = 5


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    payload: Any


def _boundary(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())


def _bare_possessive(text: str, start: int, end: int) -> bool:
    """A name with its apostrophe lost ("Syrias army", "ISILs security forces"), as scraped text often has."""
    return (
        (start == 0 or not text[start - 1].isalnum())
        and text[end : end + 1] == "s"
        and (end + 1 >= len(text) or not text[end + 1].isalnum())
        and text[start : start + 1].isupper()
    )


def _is_acronym(alias: str) -> bool:
    """Aliases matched only in their own case: short ones and capitals ("IS", "U.S.", "LeT")."""
    letters = [c for c in alias if c.isalpha()]
    if not letters or not any(c.isupper() for c in letters):
        return False
    return len(alias) <= 4 or (len(alias) <= _ACRONYM_MAX + 2 and not any(c.islower() for c in letters[1:]))


def _fold(text: str) -> str:
    return "".join(" " if n == " " else c for c, n in zip(text, normalize(text), strict=True))


class PhraseMatcher:
    """Whole-word phrase matching on normalised text with one automaton; keeps the longest matches."""

    def __init__(self, phrases: Iterable[tuple[str, Any]]) -> None:
        self._auto = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, Any]]] = {}
        for phrase, payload in phrases:
            key = normalize(phrase.strip())
            if len(key) >= 2:
                table.setdefault(key, []).append((phrase.strip(), payload))
        for key, values in table.items():
            self._auto.add_word(key, (len(key), values))
        self._empty = not table
        if not self._empty:
            self._auto.make_automaton()

    def all(self, text: str, norm: str) -> list[Hit]:
        if self._empty:
            return []
        hits = []
        for last, (length, values) in self._auto.iter(norm):
            start, end = last - length + 1, last + 1
            possessive = _bare_possessive(text, start, end)
            if not possessive and not _boundary(text, start, end):
                continue
            kept = [
                p
                for phrase, p in values
                if self._case_ok(phrase, text[start:end]) and (not possessive or phrase[:1].isupper())
            ]
            if kept:
                hits.append(Hit(start, end, kept))
        return hits

    @staticmethod
    def _case_ok(phrase: str, found: str) -> bool:
        return not _is_acronym(phrase) or _fold(found) == _fold(phrase)

    @staticmethod
    def longest(hits: list[Hit], taken: list[tuple[int, int]] | None = None) -> list[Hit]:
        """Non-overlapping hits, longest first, not overlapping `taken` spans."""
        used = list(taken or [])
        out = []
        for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
            if all(hit.end <= s or hit.start >= e for s, e in used):
                out.append(hit)
                used.append((hit.start, hit.end))
        return sorted(out, key=lambda h: h.start)


def shouting(text: str, start: int, end: int) -> bool:
    """The acronym stands in an all-caps headline ("WHAT IS NEXT"), where it proves nothing."""
    before = text[max(0, start - 30) : start].split()
    after = text[end : end + 30].split()
    words = [w for w in (before[-1:] + after[:1]) if any(c.isalpha() for c in w)]
    return bool(words) and all(w.isupper() for w in words)


_TAGS = re.compile(r"\bTags\s+(?=\w)")
_TAGS_END = re.compile(r"Community standards|Comment via")
_TAG_REACH = 300
_REPEAT = 25


def tag_blocks(text: str) -> list[tuple[int, int]]:
    """A news site's keyword list ("Tags Aleppo civil defence UN airstrikes Russia") glued to the text: it
    names actors but says nothing about who did what. The block ends where the page's comment footer begins
    or where the lead, already printed above it, starts again; a block with no clear end is kept."""
    blocks = []
    for m in _TAGS.finditer(text):
        end = None
        footer = _TAGS_END.search(text, m.end(), m.end() + _TAG_REACH)
        before = text[: m.start()]
        for p in range(m.end(), min(len(text) - _REPEAT, m.end() + _TAG_REACH)):
            if (p == 0 or text[p - 1] == " ") and text[p : p + _REPEAT] in before:
                end = p
                break
        if footer is not None and (end is None or footer.start() < end):
            end = footer.start()
        if end is not None:
            blocks.append((m.start(), end))
    return blocks
