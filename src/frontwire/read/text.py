"""A ``.txt`` file is one article: its text; the file's name (without extension) is its id."""

from __future__ import annotations

from pathlib import Path

from frontwire.errors import InputError
from frontwire.read.encoding import NotText, decode_bytes
from frontwire.types import Article


def read_text_file(path: Path, data: bytes) -> Article:
    """One article from the bytes of a text file (size and emptiness already checked)."""
    try:
        text, _ = decode_bytes(data)
    except NotText as exc:
        raise InputError(str(path), str(exc)) from None
    if not text.strip():
        raise InputError(str(path), "empty file")
    return Article(id=path.stem, text=text, origin=str(path))
