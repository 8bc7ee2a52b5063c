"""Trigger and cue lexicons: word lists kept as data (data/lexicons/*.yaml), compiled once to regexes.

A *feature* is a named list of patterns ("air": "airstrike*", "warplane*", ...). The trigger finder asks
which features occur in a sentence and where; the typing rules in `frontwire.extract.triggers` decide
what they add up to. Keeping the words here and the decisions there lets a user extend the vocabulary
for another war (a file in `Config.extra_lexicon_files`) without touching code.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

from frontwire.errors import KnowledgeError
from frontwire.knowledge import yamldata

_GAP = re.compile(r"^~(\d)$")
# The only non-ASCII characters a case-insensitive ASCII letter matches (İ ı ſ K, the Kelvin sign), and
# the only ones whose lowercase holds ASCII; without them the lowercased text finds an ASCII literal
# exactly where the case-insensitive regex could (checked over every code point by a test).
_ASCII_CASE_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
_WORD_OR_HYPHEN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


def compile_pattern(pattern: str) -> str:
    """Turn one lexicon pattern into a regular expression (see the syntax in triggers.yaml)."""
    pattern = pattern.strip()
    if pattern.startswith("re:"):
        return pattern[3:]
    words = pattern.replace("-", " ").split()
    if not words:
        raise KnowledgeError(f"empty lexicon pattern {pattern!r}")
    parts: list[str] = []
    for i, word in enumerate(words):
        gap = _GAP.match(word)
        if gap:
            parts.append(rf"(?:\W+[\w'’-]+){{0,{gap.group(1)}}}")
            continue
        alts = []
        for alt in word.split("|"):
            prefix = alt.endswith("*")
            core = re.escape(alt.rstrip("*"))
            alts.append(core + (r"\w*" if prefix else ""))
        token = "(?:" + "|".join(alts) + ")"
        if i > 0:
            parts.append(r"[\s\-–/,'’]+" if not _GAP.match(words[i - 1]) else r"\W+")
        parts.append(token)
    return r"(?<![\w-])" + "".join(parts) + r"(?![\w])"


def pattern_starts(pattern: str) -> frozenset[str] | None:
    """Lowercased literals one of which begins every match of the pattern; None when it cannot be said.

    A quick pre-check (`Lexicon.starts_in`) skips the slow regex of a feature none of whose literals is
    in the lowercased sentence: a case-insensitive match of an ASCII literal is its lowercase there.
    """
    pattern = pattern.strip()
    if pattern.startswith("re:"):
        return None
    words = pattern.replace("-", " ").split()
    if not words or _GAP.match(words[0]):
        return None
    starts = frozenset(alt.rstrip("*").lower() for alt in words[0].split("|"))
    if "" in starts or not all(x.isascii() for x in starts):
        return None
    return starts


def _starts_of(patterns: Iterable[str]) -> frozenset[str] | None:
    out: set[str] = set()
    for pattern in patterns:
        starts = pattern_starts(pattern)
        if starts is None:
            return None
        out |= starts
    return frozenset(out)


class LazyRegex:
    """A case-insensitive regex compiled on first use (or by `compile`).

    The union of every event pattern is only the fallback of `Lexicon.event_search` (for text whose
    lowercase does not line up with it) and takes about 0.3 s to compile: most runs never need it.
    """

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, re.IGNORECASE)
        return self._compiled

    def compile(self) -> LazyRegex:
        """Compile now (raises ``re.error`` on an invalid pattern)."""
        _ = self.compiled
        return self

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, pos, endpos)


@dataclass(frozen=True, slots=True)
class Feature:
    """One named word list: its patterns, their compiled regex and, for cues, lemmas to test in the parse."""

    name: str
    patterns: tuple[str, ...]
    regex: LazyRegex | None
    event: bool = False
    lemmas: frozenset[str] = frozenset()
    shadows: bool = False  # its hits hide other features' hits inside them ("riot police" hides "riot")
    starts: frozenset[str] | None = None  # literals every match begins with (None: unknown, always run)
    # the patterns whose start literals are unknown ("re:..."), apart: only they search the whole range
    loose: LazyRegex | None = None
    fixed_starts: frozenset[str] = frozenset()  # start literals of all the other patterns

    def possible(self, found: Starts | None) -> bool:
        """False only when none of the feature's start literals is among ``found`` (see `starts_in`)."""
        return found is None or self.starts is None or not self.starts.isdisjoint(found)

    def spans(
        self, text: str, start: int = 0, end: int | None = None, found: Starts | None = None
    ) -> list[tuple[int, int]]:
        """Character ranges where the feature occurs in ``text[start:end]`` (offsets into ``text``).

        With ``found`` (`Lexicon.starts_in` of the same range) the regex is tried only where one of
        the feature's start literals begins, left to right: the same non-overlapping leftmost matches
        ``finditer`` gives, since no match can begin anywhere else.
        """
        if self.regex is None:
            return []
        end = len(text) if end is None else end
        if found is not None and (self.starts is not None or self.loose is not None):
            loose = self.loose.compiled if self.loose is not None else None
            where = _positions(self.fixed_starts, found)
            return _spans_at(self.regex.compiled, loose, text, (start, end), where)
        return [m.span() for m in self.regex.finditer(text, start, end) if m.end() > m.start()]

    def present(self, text: str, start: int = 0, end: int | None = None, found: Starts | None = None) -> bool:
        if self.regex is None:
            return False
        end = len(text) if end is None else end
        if found is not None and (self.starts is not None or self.loose is not None):
            if _match_any(self.regex.compiled, text, _positions(self.fixed_starts, found), end):
                return True
            return self.loose is not None and self.loose.search(text, start, end) is not None
        return self.regex.search(text, start, end) is not None


Starts = Mapping[str, list[int]]  # start literal -> where it begins (offsets into the text)


def _positions(starts: frozenset[str], found: Starts) -> list[int]:
    if len(found) < len(starts):  # a sentence holds few literals; a feature may list many
        return sorted({p for literal, where in found.items() if literal in starts for p in where})
    return sorted({p for literal in starts if literal in found for p in found[literal]})


def _spans_at(
    regex: re.Pattern[str],
    loose: re.Pattern[str] | None,
    text: str,
    bounds: tuple[int, int],
    positions: list[int],
) -> list[tuple[int, int]]:
    """`Feature.spans` trying ``regex`` only where a match can begin: at ``positions`` (where a fixed
    pattern's literal begins) and where ``loose``, the patterns without known literals, find a match."""
    start, end = bounds
    out: list[tuple[int, int]] = []
    pos, i = start, 0
    nxt = loose.search(text, start, end) if loose is not None else None
    while True:
        while i < len(positions) and positions[i] < pos:
            i += 1
        if loose is not None and nxt is not None and nxt.start() < pos:
            nxt = loose.search(text, pos, end)
        p = min(positions[i] if i < len(positions) else end, nxt.start() if nxt is not None else end)
        if p >= end:
            return out
        m = regex.match(text, p, end)
        if m is not None and m.end() > m.start():
            out.append(m.span())
            pos = m.end()
        else:
            pos = p + 1


def _match_any(regex: re.Pattern[str], text: str, positions: Iterable[int], end: int) -> bool:
    return any(regex.match(text, p, end) is not None for p in positions)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All trigger features and context cues, compiled."""

    features: Mapping[str, Feature]
    cues: Mapping[str, Feature]
    event_regex: LazyRegex
    event_starts: frozenset[str] | None = None
    # event patterns split for `event_search`: those with known start literals, one small regex per
    # literal (tried only where that literal begins), and the others
    event_by_start: Mapping[str, LazyRegex] = field(default_factory=dict)
    event_loose: LazyRegex | None = None
    automaton: Any = None  # Aho-Corasick over every feature's and cue's start literals

    def starts_in(self, text: str, start: int = 0, end: int | None = None) -> Starts | None:
        r"""Where start literals begin in ``text[start:end]``; None when it cannot be said (no shortcut).

        Aho-Corasick finds overlapping literals too ("air" and "airstrike"), so a feature regex can
        match only where one of its literals begins after a non-word character (every pattern starts
        with ``(?<![\w-])``); the lowercased text must line up with the text, else None.
        """
        chunk = text[start:end]
        if self.automaton is None or (not chunk.isascii() and _ASCII_CASE_TWINS.search(chunk)):
            return None
        low = chunk.lower()
        if len(low) != len(chunk):
            return None
        found: dict[str, list[int]] = {}
        for last, literal in self.automaton.iter(low):
            first = last - len(literal) + 1
            if first > 0 and low[first - 1] in _WORD_OR_HYPHEN:
                continue  # no match can begin here
            found.setdefault(literal, []).append(start + first)
        return found

    def event_possible(self, found: Starts | None) -> bool:
        """False only when no event feature can match where ``found`` was taken."""
        return found is None or self.event_starts is None or not self.event_starts.isdisjoint(found)

    def event_search(self, text: str, start: int, end: int, found: Starts | None = None) -> bool:
        """Whether any event feature occurs in ``text[start:end]`` (``found``: `starts_in` of that range)."""
        if found is None or (not self.event_by_start and self.event_loose is None):
            return self.event_regex.search(text, start, end) is not None
        # the union regex matches somewhere iff one of its patterns does; a pattern with known start
        # literals can match only where one of them begins, so only that literal's patterns are tried
        for literal, where in found.items():
            regex = self.event_by_start.get(literal)
            if regex is not None and _match_any(regex.compiled, text, where, end):
                return True
        return self.event_loose is not None and self.event_loose.search(text, start, end) is not None

    def feature(self, name: str) -> Feature:
        try:
            return self.features[name]
        except KeyError:
            raise KnowledgeError(f"trigger lexicon has no feature {name!r}") from None

    def cue(self, name: str) -> Feature:
        try:
            return self.cues[name]
        except KeyError:
            raise KnowledgeError(f"cue lexicon has no cue {name!r}") from None


def _compile(patterns: Iterable[str], where: str, *, eager: bool = True) -> LazyRegex | None:
    """One regex for the patterns, longer alternatives first; compiled now unless not `eager` (then
    only its "re:" patterns are checked now: the others are escaped words and cannot be invalid)."""
    pats = sorted(set(patterns), key=len, reverse=True)  # longer alternatives first: longest match
    if not pats:
        return None
    regex = LazyRegex("|".join(f"(?:{compile_pattern(p)})" for p in pats))
    try:
        if eager:
            regex.compile()
        else:
            for pattern in pats:
                if pattern.strip().startswith("re:"):
                    re.compile(compile_pattern(pattern), re.IGNORECASE)
    except re.error as exc:
        raise KnowledgeError(f"{where}: invalid pattern: {exc}") from exc
    return regex


@cache
def read_lexicon_file(name: str) -> dict[str, Any]:
    """One packaged lexicon, ``frontwire/data/lexicons/<name>.yaml``, as a mapping (read once per process)."""
    where = f"lexicons/{name}.yaml"
    try:
        text = resources.files("frontwire.data").joinpath("lexicons", f"{name}.yaml").read_text("utf-8")
    except OSError as exc:
        raise KnowledgeError(f"{where}: cannot be read: {exc}") from exc
    return yamldata.load_mapping(text, where)


def _merge(
    into: dict[str, dict[str, Any]], section: Any, where: str
) -> None:  # section: {name: {patterns: [...], lemmas: [...], event: bool}}
    if section is None:
        return
    if not isinstance(section, dict):
        raise KnowledgeError(f"{where}: expected a mapping of names to entries")
    for name, entry in section.items():
        if not isinstance(entry, dict):
            raise KnowledgeError(f"{where}: entry {name!r} must be a mapping")
        slot = into.setdefault(str(name), {"patterns": [], "lemmas": [], "event": False, "shadows": False})
        for key in ("patterns", "lemmas"):
            values = entry.get(key) or []
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise KnowledgeError(f"{where}: {name}.{key} must be a list of strings")
            slot[key].extend(values)
        slot["event"] = bool(entry.get("event", slot["event"]))
        slot["shadows"] = bool(entry.get("shadows", slot["shadows"]))


def _build(section: dict[str, dict[str, Any]], where: str) -> dict[str, Feature]:
    return {
        name: Feature(
            name=name,
            patterns=tuple(e["patterns"]),
            regex=_compile(e["patterns"], f"{where}:{name}"),
            event=e["event"],
            lemmas=frozenset(x.lower() for x in e["lemmas"]),
            shadows=e["shadows"],
            starts=_starts_of(e["patterns"]),
            loose=_compile([p for p in e["patterns"] if pattern_starts(p) is None], f"{where}:{name}"),
            fixed_starts=frozenset(x for p in e["patterns"] for x in pattern_starts(p) or ()),
        )
        for name, e in section.items()
    }


def load_lexicon(extra_files: Iterable[Path] = ()) -> Lexicon:
    """The packaged trigger and cue lexicons plus any user files (same layout), compiled."""
    extra = tuple(Path(p) for p in extra_files)
    return _load(extra)


@cache
def _load(extra: tuple[Path, ...]) -> Lexicon:
    features: dict[str, dict[str, Any]] = {}
    cues: dict[str, dict[str, Any]] = {}
    sources: list[tuple[dict[str, Any], str]] = [
        (read_lexicon_file(name), f"lexicons/{name}.yaml") for name in ("triggers", "cues")
    ]
    for path in extra:
        try:
            sources.append((yamldata.load_mapping(path.read_text("utf-8"), str(path)), str(path)))
        except OSError as exc:
            raise KnowledgeError(f"cannot read lexicon file {path}: {exc}") from exc
    for data, where in sources:
        _merge(features, data.get("features"), where)
        _merge(cues, data.get("cues"), where)
    built = _build(features, "features")
    event_patterns = [p for f in features.values() if f["event"] for p in f["patterns"]]
    event_regex = _compile(event_patterns, "event features", eager=False)
    if event_regex is None:
        raise KnowledgeError("the trigger lexicon has no event features")
    built_cues = _build(cues, "cues")
    by_start: dict[str, list[str]] = {}
    for pattern in event_patterns:
        for literal in pattern_starts(pattern) or ():
            by_start.setdefault(literal, []).append(pattern)
    every = [p for f in (*built.values(), *built_cues.values()) for p in f.patterns]
    literals = {x for p in every for x in pattern_starts(p) or ()}  # all starts `event_search` may ask
    automaton = None
    if literals:
        automaton = ahocorasick.Automaton()
        for literal in sorted(literals):
            automaton.add_word(literal, literal)
        automaton.make_automaton()
    return Lexicon(
        features=built,
        cues=built_cues,
        event_regex=event_regex,
        event_starts=_starts_of(event_patterns),
        event_by_start={
            literal: regex
            for literal, patterns in by_start.items()
            if (regex := _compile(patterns, "event features")) is not None
        },
        event_loose=_compile([p for p in event_patterns if pattern_starts(p) is None], "event features"),
        automaton=automaton,
    )
