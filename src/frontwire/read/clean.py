"""Web noise out, offsets kept: `clean_text(text) -> CleanText`.

Scraped article text carries page furniture (skip links, "Back To Top" glued to the next word, share
buttons, cookie and subscribe lines, menus) and, after the article, reader comments. The patterns are
data (``data/lexicons/web_noise.yaml``); this module only applies them:

1. the reader-comment section is cut: from the first comment header line ("3 comments", "Leave a
   reply") or the first line or sentence that opens like a reader's comment ("Love your real news"),
   to the end;
2. whole lines of furniture and menu lines ("Home | World | Syria") are dropped;
3. furniture phrases glued into a line are removed, with a space put back when words would touch.

The result keeps a segment map from each cleaned offset to the original offset (see `CleanText`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from frontwire.errors import KnowledgeError
from frontwire.knowledge.lexicon import read_lexicon_file
from frontwire.types import CleanText

_STRIP_MARKS = " \t\u00a0:|>»-–—•*#"
_SENTENCE_END = re.compile(r"""[.!?]["'”’)]?[ \t]*""")


@dataclass(frozen=True)
class NoisePatterns:
    """The compiled patterns of one web-noise lexicon."""

    furniture: re.Pattern[str]
    glued: re.Pattern[str]
    comment_header: re.Pattern[str]
    comment_opener: re.Pattern[str]
    menu_separators: tuple[str, ...]
    menu_max_words: int
    menu_min_items: int


def _alternation(patterns: list[str], name: str) -> str:
    if not patterns:
        raise KnowledgeError(f"web_noise.yaml: '{name}' is empty")
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise KnowledgeError(f"web_noise.yaml: bad pattern in '{name}': {p!r}: {exc}") from exc
    return "|".join(f"(?:{p})" for p in patterns)


def compile_patterns(data: dict[str, object]) -> NoisePatterns:
    """Compile a lexicon already parsed from YAML (exposed so tests and users can try their own)."""

    def strings(key: str) -> list[str]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise KnowledgeError(f"web_noise.yaml: '{key}' must be a list of strings")
        return value

    flags = re.IGNORECASE
    glued = _alternation(strings("glued_phrases"), "glued_phrases")
    opener = _alternation(strings("comment_openers"), "comment_openers")
    return NoisePatterns(
        furniture=re.compile(_alternation(strings("furniture_lines"), "furniture_lines"), flags),
        # A capital letter in the match is checked in code; the lookahead wants line end or a capital.
        glued=re.compile(rf"(?<![^\W\d_])(?i:{glued})(?=[ \t]*(?:$|[A-Z0-9\"“‘'(]))", re.MULTILINE),
        comment_header=re.compile(_alternation(strings("comment_headers"), "comment_headers"), flags),
        comment_opener=re.compile(rf"(?:{opener})\b", flags),
        menu_separators=tuple(strings("menu_separators")),
        menu_max_words=int(data.get("menu_max_words", 3)),  # type: ignore[call-overload]
        menu_min_items=int(data.get("menu_min_items", 3)),  # type: ignore[call-overload]
    )


@cache
def default_patterns() -> NoisePatterns:
    return compile_patterns(read_lexicon_file("web_noise"))


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end including its newline."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def _is_menu(line: str, pats: NoisePatterns) -> bool:
    for mark in pats.menu_separators:
        sep = f" {mark} "
        if line.count(sep) + 1 < pats.menu_min_items:
            continue
        items = [item.strip() for item in line.split(sep)]
        items = [item for item in items if item]
        if len(items) >= pats.menu_min_items and all(
            len(item.split()) <= pats.menu_max_words and not item.endswith((".", ",")) for item in items
        ):
            return True
    return False


def _comment_cut(text: str, lines: list[tuple[int, int]], pats: NoisePatterns) -> int:
    """Offset where reader comments begin (len(text) when there are none)."""
    seen_article = False
    for start, end in lines:
        line = text[start:end]
        core = line.strip(_STRIP_MARKS + "\n")
        if not core:
            continue
        if seen_article:
            if pats.comment_header.fullmatch(core) or pats.comment_opener.match(core):
                return start
        for m in _SENTENCE_END.finditer(line):
            rest = m.end()
            if rest < len(line) and line[rest].isupper() and pats.comment_opener.match(line, rest):
                return start + rest
        if not (pats.furniture.fullmatch(core) or _is_menu(core, pats)):
            seen_article = True
    return len(text)


class _Builder:
    """Accumulates kept pieces of the original and the segment map."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.parts: list[str] = []
        self.length = 0
        self.clean_starts: list[int] = []
        self.orig_starts: list[int] = []

    def _segment(self, clean: int, orig: int) -> None:
        if self.clean_starts:
            last_c, last_o = self.clean_starts[-1], self.orig_starts[-1]
            if clean - last_c == orig - last_o:
                return  # continues the previous segment
            if self.clean_starts[-1] == clean:
                self.orig_starts[-1] = orig
                return
        self.clean_starts.append(clean)
        self.orig_starts.append(orig)

    def copy(self, start: int, end: int, insert: str = "") -> None:
        if end <= start:
            return
        if insert:
            self._segment(self.length, start)  # inserted characters map to the next copied one
            self.parts.append(insert)
            self.length += len(insert)
        self._segment(self.length, start)
        self.parts.append(self.original[start:end])
        self.length += end - start

    def build(self) -> CleanText:
        if not self.clean_starts:
            return CleanText(text="", original=self.original)
        return CleanText(
            text="".join(self.parts),
            original=self.original,
            clean_starts=tuple(self.clean_starts),
            orig_starts=tuple(self.orig_starts),
        )


def _kept_pieces(text: str, pats: NoisePatterns) -> list[tuple[int, int, bool]]:
    """Ranges of the original to keep, each with whether a space must be put back before it."""
    lines = _lines(text)
    cut = _comment_cut(text, lines, pats)
    pieces: list[tuple[int, int, bool]] = []
    for start, line_end in lines:
        if start >= cut:
            break
        end = min(line_end, cut)
        line = text[start:end]
        core = line.strip(_STRIP_MARKS + "\n")
        if core and (pats.furniture.fullmatch(core) or _is_menu(core, pats)):
            continue
        pos, space = start, False
        for m in pats.glued.finditer(line):
            if not any(ch.isupper() for ch in m.group(0)):
                continue
            m_start, m_end = start + m.start(), start + m.end()
            while m_end < end and text[m_end] in " \t":
                m_end += 1
            pieces.append((pos, m_start, space))
            before = text[m_start - 1] if m_start > start else "\n"
            after = text[m_end] if m_end < end else "\n"
            space = not before.isspace() and not after.isspace()
            pos = m_end
        pieces.append((pos, end, space))
    return [p for p in pieces if p[1] > p[0]]


def _trim(text: str, pieces: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Drop leading and trailing whitespace of the cleaned text (in original offsets)."""
    while pieces and not text[pieces[0][0] : pieces[0][1]].strip():
        pieces.pop(0)
    while pieces and not text[pieces[-1][0] : pieces[-1][1]].strip():
        pieces.pop()
    if not pieces:
        return pieces
    s, e, _ = pieces[0]
    pieces[0] = (s + len(text[s:e]) - len(text[s:e].lstrip()), e, False)
    s, e, sp = pieces[-1]
    pieces[-1] = (s, s + len(text[s:e].rstrip()), sp)
    return pieces


def clean_text(text: str, patterns: NoisePatterns | None = None) -> CleanText:
    """Remove web furniture and reader comments; ``CleanText.to_original`` maps offsets back."""
    pats = patterns or default_patterns()
    builder = _Builder(text)
    for start, end, space in _trim(text, _kept_pieces(text, pats)):
        builder.copy(start, end, " " if space else "")
    return builder.build()
