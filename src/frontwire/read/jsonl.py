"""Article objects in JSON: ``.jsonl`` (one a line), ``.json`` (one object or a list), and standard input.

Only ``text`` (or ``html``) is required; ``id`` defaults to a hash of the content. Each bad line is
one `InputError` naming ``file:line``; the other lines are still read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from frontwire.errors import InputError
from frontwire.read.encoding import NotText, decode_bytes
from frontwire.read.html import extract_page
from frontwire.read.published import parse_published
from frontwire.types import Article

_OPTIONAL_STRINGS = ("title", "published", "source", "url", "language")


def content_id(text: str) -> str:
    """The default article id: a short hash of the content, stable across runs and machines."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def article_from_object(obj: Any, origin: str) -> Article:
    """Validate one article object (article.schema.json) and make the `Article`; InputError if unusable."""
    if not isinstance(obj, dict):
        raise InputError(origin, f"not a JSON object (got {type(obj).__name__})")
    fields: dict[str, str | None] = {}
    for key in _OPTIONAL_STRINGS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(origin, f"'{key}' is not a string")
        fields[key] = value or None
    text, html = obj.get("text"), obj.get("html")
    if text is None and html is None:
        raise InputError(origin, "missing 'text'")
    if text is not None and not isinstance(text, str):
        raise InputError(origin, "'text' is not a string")
    if text is None:
        if not isinstance(html, str):
            raise InputError(origin, "'html' is not a string")
        page = extract_page(html, url=fields["url"])
        if page is None:
            raise InputError(origin, "no article text found in 'html'")
        text = page.text
        for key in ("title", "published", "source", "url"):
            fields[key] = fields[key] or getattr(page, key)
    if not text.strip():
        raise InputError(origin, "empty 'text'")
    if fields["published"] is not None:
        try:
            parse_published(fields["published"])
        except ValueError as exc:
            raise InputError(origin, str(exc)) from None
    raw_id = obj.get("id")
    if raw_id is not None and not isinstance(raw_id, (str, int)):
        raise InputError(origin, "'id' is not a string")
    article_id = str(raw_id) if raw_id not in (None, "") else content_id(text)
    return Article(id=article_id, text=text, origin=origin, **fields)


def read_jsonl_lines(
    lines: Iterable[str], name: str, max_bytes: int | None = None
) -> Iterator[Article | InputError]:
    """Articles from JSON lines; blank lines are skipped, each bad line is an InputError ``name:N``."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        if max_bytes is not None and len(line.encode("utf-8", "surrogatepass")) > max_bytes:
            yield InputError(origin, f"line over the size limit of {max_bytes} bytes (--max-bytes)")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(origin, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield article_from_object(obj, origin)
        except InputError as err:
            yield err


def _file_text(path: Path, data: bytes) -> str | InputError:
    """The decoded text of a JSON(L) file, or why it cannot be used (binary, undecodable, empty)."""
    try:
        text, _ = decode_bytes(data)
    except NotText as exc:
        return InputError(str(path), str(exc))
    if not text.strip():
        return InputError(str(path), "empty file")
    return text


def read_jsonl_file(path: Path, data: bytes) -> Iterator[Article | InputError]:
    text = _file_text(path, data)
    if isinstance(text, InputError):
        yield text
        return
    yield from read_jsonl_lines(text.split("\n"), str(path))


def read_json_file(path: Path, data: bytes) -> Iterator[Article | InputError]:
    """A ``.json`` file: one article object, or a list of them (origin ``file[i]``)."""
    text = _file_text(path, data)
    if isinstance(text, InputError):
        yield text
        return
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(f"{path}:{exc.lineno}", f"invalid JSON ({exc.msg} at column {exc.colno})")
        return
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items):
        origin = f"{path}[{i}]" if isinstance(obj, list) else str(path)
        try:
            yield article_from_object(item, origin)
        except InputError as err:
            yield err
