"""The `text` filter's words: one definition, answered by a full-text index or, without one, by LIKE.

An event matches when every word of the query begins a word of its searchable text (notes, location,
evidence and claim sentences: `records.search_text`), case-insensitively. Words are split and folded
here, in Python, on both sides: the store keeps each event's words as one space-separated column
(`search_words`) and the index is built on those words (PostgreSQL: a tsvector made from the word list
itself, no text-search parser; SQLite: FTS5, its candidates re-checked), so the index answer and the
LIKE fallback (`' ' || search_words LIKE '% word%'`) are the same set.
"""

from __future__ import annotations

import re

# Letters and digits (Python's Unicode word characters without the underscore); all else separates.
_WORD = re.compile(r"[^\W_]+")
# A word longer than this is dropped (a run of letters that long is no word; PostgreSQL caps a lexeme
# at 2,047 bytes). Applied to documents and queries alike.
MAX_WORD = 100
# FTS5 splits the stored words again with its own (Unicode 6.1) tables, which may cut a word this module
# keeps whole (a combining mark, a letter newer than 6.1); the index is then a superset and the SQLite
# backend re-checks its candidates with the LIKE, so both paths give the same set.
FTS5_TOKENIZER = "unicode61 remove_diacritics 0"


# ASCII text (nearly every event) takes a path ten times faster than the regex, with the same words:
# every byte but a letter or a digit becomes a space.
_ASCII_SEPARATORS = bytes(b if chr(b).isascii() and chr(b).isalnum() else 32 for b in range(256))


def words(text: str) -> list[str]:
    """The words of `text`, case-folded, in order (letters, digits; everything else separates)."""
    if text.isascii():
        found = text.lower().encode("ascii").translate(_ASCII_SEPARATORS).decode("ascii").split()
    else:
        found = _WORD.findall(text.casefold())
    return [w for w in found if len(w) <= MAX_WORD]


def search_words(text: str) -> str:
    """The `search_words` column: the distinct words of an event's searchable text, space-separated."""
    return " ".join(dict.fromkeys(words(text)))


def query_words(text: str) -> list[str]:
    """The distinct words of a query (an empty list matches no event)."""
    return list(dict.fromkeys(words(text)))


def fts5_match(terms: list[str]) -> str:
    """An FTS5 MATCH expression: every term as a prefix (quoted: words hold no double quote)."""
    return " ".join(f'"{t}"*' for t in terms)


def tsquery(terms: list[str]) -> str:
    """A PostgreSQL tsquery literal: every term as a prefix (quoted: words hold no quote or backslash)."""
    return " & ".join(f"'{t}':*" for t in terms)


def like_patterns(terms: list[str]) -> list[str]:
    """LIKE patterns over ``' ' || search_words``: a word beginning with each term (words hold no % or _)."""
    return [f"% {t}%" for t in terms]
