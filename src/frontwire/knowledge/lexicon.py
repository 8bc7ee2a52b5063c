"""Trigger and cue lexicons: word lists kept as data (data/lexicons/*.yaml), compiled once to regexes.

A *feature* is a named list of patterns ("air": "airstrike*", "warplane*", ...). The trigger finder asks
which features occur in a sentence and where; the typing rules in `frontwire.extract.triggers` decide
what they add up to. Keeping the words here and the decisions there lets a user extend the vocabulary
for another war (a file in `Config.extra_lexicon_files`) without touching code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from frontwire.errors import KnowledgeError

_GAP = re.compile(r"^~(\d)$")


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
    in an ASCII sentence: in ASCII text a case-insensitive match of an ASCII literal is its lowercase.
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


@dataclass(frozen=True, slots=True)
class Feature:
    """One named word list: its patterns, their compiled regex and, for cues, lemmas to test in the parse."""

    name: str
    patterns: tuple[str, ...]
    regex: re.Pattern[str] | None
    event: bool = False
    lemmas: frozenset[str] = frozenset()
    shadows: bool = False  # its hits hide other features' hits inside them ("riot police" hides "riot")
    starts: frozenset[str] | None = None  # literals every match begins with (None: unknown, always run)

    def possible(self, found: frozenset[str] | None) -> bool:
        """False only when none of the feature's start literals is among ``found`` (see `starts_in`)."""
        return found is None or self.starts is None or not self.starts.isdisjoint(found)

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Character ranges where the feature occurs in ``text[start:end]`` (offsets into ``text``)."""
        if self.regex is None:
            return []
        end = len(text) if end is None else end
        return [m.span() for m in self.regex.finditer(text, start, end) if m.end() > m.start()]

    def present(self, text: str, start: int = 0, end: int | None = None) -> bool:
        if self.regex is None:
            return False
        end = len(text) if end is None else end
        return self.regex.search(text, start, end) is not None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All trigger features and context cues, compiled."""

    features: Mapping[str, Feature]
    cues: Mapping[str, Feature]
    event_regex: re.Pattern[str]
    event_starts: frozenset[str] | None = None
    automaton: Any = None  # Aho-Corasick over every feature's and cue's start literals

    def starts_in(self, text: str, start: int = 0, end: int | None = None) -> frozenset[str] | None:
        """The start literals found in ``text[start:end]``; None when the chunk is not ASCII (no shortcut).

        Aho-Corasick finds overlapping literals too ("air" and "airstrike"), so a feature whose
        literals are all absent cannot match there and its regex need not run.
        """
        chunk = text[start:end]
        if self.automaton is None or not chunk.isascii():
            return None
        return frozenset(value for _, value in self.automaton.iter(chunk.lower()))

    def event_possible(self, found: frozenset[str] | None) -> bool:
        """False only when no event feature can match where ``found`` was taken."""
        return found is None or self.event_starts is None or not self.event_starts.isdisjoint(found)

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


def _compile(patterns: Iterable[str], where: str) -> re.Pattern[str] | None:
    pats = sorted(set(patterns), key=len, reverse=True)  # longer alternatives first: longest match
    if not pats:
        return None
    try:
        return re.compile("|".join(f"(?:{compile_pattern(p)})" for p in pats), re.IGNORECASE)
    except re.error as exc:
        raise KnowledgeError(f"{where}: invalid pattern: {exc}") from exc


def _read_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeError(f"{where}: expected a mapping at the top level")
    return data


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
    base = resources.files("frontwire.data").joinpath("lexicons")
    sources: list[tuple[str, str]] = [
        (base.joinpath(name).read_text("utf-8"), f"lexicons/{name}")
        for name in ("triggers.yaml", "cues.yaml")
    ]
    for path in extra:
        try:
            sources.append((path.read_text("utf-8"), str(path)))
        except OSError as exc:
            raise KnowledgeError(f"cannot read lexicon file {path}: {exc}") from exc
    for text, where in sources:
        data = _read_yaml(text, where)
        _merge(features, data.get("features"), where)
        _merge(cues, data.get("cues"), where)
    built = _build(features, "features")
    event_patterns = [p for f in features.values() if f["event"] for p in f["patterns"]]
    event_regex = _compile(event_patterns, "event features")
    if event_regex is None:
        raise KnowledgeError("the trigger lexicon has no event features")
    built_cues = _build(cues, "cues")
    literals = {x for f in (*built.values(), *built_cues.values()) if f.starts for x in f.starts}
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
        automaton=automaton,
    )
