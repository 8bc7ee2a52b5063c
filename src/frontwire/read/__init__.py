"""Articles in: `read_inputs(paths, config)` turns files, folders and standard input into `Article`s.

One module per input kind (text.py, html.py, jsonl.py), encodings in encoding.py, web noise in
clean.py and language detection in language.py. Bad inputs are not raised but yielded as
`InputError`s (empty, binary, too large, invalid JSON, missing text, unparsable date), so a batch
goes on and the caller reports each one.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from frontwire.config import Config
from frontwire.errors import InputError
from frontwire.types import Article

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".json")
STDIN = "-"


def _files_under(folder: Path) -> Iterator[Path]:
    """Readable files under a folder, recursively, in a stable order; hidden entries are skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                yield Path(root) / name


def _stdin_utf8() -> TextIO:
    """Standard input as UTF-8 whatever the locale says (a BOM is dropped, bad bytes replaced)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin
    return io.TextIOWrapper(buffer, encoding="utf-8-sig", errors="replace")


def _read_stdin(stream: TextIO, config: Config) -> Iterator[Article | InputError]:
    from frontwire.read.jsonl import read_jsonl_lines

    return read_jsonl_lines(stream, "stdin", max_bytes=config.max_bytes)


def read_file(path: Path, config: Config) -> Iterator[Article | InputError]:
    """The articles of one file, after the checks every file gets (exists, size, empty)."""
    from frontwire.read.html import read_html_file
    from frontwire.read.jsonl import read_json_file, read_jsonl_file
    from frontwire.read.text import read_text_file

    origin = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield InputError(origin, f"unsupported file type {suffix or '(none)'!r} (want {', '.join(SUFFIXES)})")
        return
    try:
        size = path.stat().st_size
        if size > config.max_bytes:
            yield InputError(
                origin, f"file is {size} bytes, over the size limit of {config.max_bytes} (--max-bytes)"
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(origin, f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield InputError(origin, "empty file")
        return
    try:
        if suffix == ".txt":
            yield read_text_file(path, data)
        elif suffix in (".html", ".htm"):
            yield read_html_file(path, data)
        elif suffix == ".jsonl":
            yield from read_jsonl_file(path, data)
        else:
            yield from read_json_file(path, data)
    except InputError as err:
        yield err


def read_inputs(
    paths: Sequence[str], config: Config | None = None, stdin: TextIO | None = None
) -> Iterator[Article | InputError]:
    """Every article in the given files, folders (recursively) and ``-`` (JSONL on standard input)."""
    config = config or Config()
    for name in paths:
        if name == STDIN:
            yield from _read_stdin(stdin if stdin is not None else _stdin_utf8(), config)
            continue
        path = Path(name)
        if path.is_dir():
            found = False
            for file in _files_under(path):
                found = True
                yield from read_file(file, config)
            if not found:
                yield InputError(name, f"folder holds no {', '.join(SUFFIXES)} files")
        elif path.exists():
            yield from read_file(path, config)
        else:
            yield InputError(name, "no such file or folder")


__all__ = ["SUFFIXES", "read_file", "read_inputs"]
