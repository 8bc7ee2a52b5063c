"""Bytes -> text: UTF-8 (with or without BOM), UTF-16/32, and the single-byte encodings of old web pages.

English news in a legacy encoding is nearly always Windows-1252 (or its subset Latin-1), which
statistical detectors often mistake for Central European or Baltic code pages (they see "é" and "ü"
but no language model fits). So we test the Western reading first and accept it when every non-ASCII
character it produces is a letter or punctuation that Western text uses; only otherwise do we ask
charset-normalizer. Binary data (NUL bytes that are not UTF-16, control characters) is refused.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MAX_ACCENTED_SHARE = 0.2  # French or German text has well under a tenth of its letters accented
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_WESTERN_PUNCT = set("–—‘’‚“”„…•€£¥©®°±·×÷§¶«»¡¿ªº¹²³¼½¾´¨¸¯¦¤¢ˆ˜‹›†‡‰™¬µ")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)


class NotText(ValueError):
    """The bytes are not text in any encoding we read (binary data)."""


def _strip_bom(data: bytes) -> tuple[bytes, str | None]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :], encoding
    return data, None


def _utf16_without_bom(data: bytes) -> str | None:
    """Text that is UTF-16 but lacks a BOM shows NULs in every other byte for ASCII characters."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    n = len(data) // 2
    if odd.count(0) > 0.6 * n and even.count(0) < 0.1 * n:
        return "utf-16-le"
    if even.count(0) > 0.6 * n and odd.count(0) < 0.1 * n:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    return "\x00" in text or controls > max(2, len(text) // 200)


def _western_plausible(text: str) -> bool:
    """Western-European text: few non-ASCII letters, each a Latin letter or common punctuation.

    Cyrillic or Greek bytes read as cp1252 also give Latin letters ("Âîéñêà"), but nearly all of them.
    """
    letters = sum(ch.isalpha() for ch in text)
    accented = sum(ch.isalpha() and ord(ch) >= 128 for ch in text)
    if letters and accented > MAX_ACCENTED_SHARE * letters:
        return False
    for ch in text:
        if ord(ch) < 128:
            continue
        if ch in _WESTERN_PUNCT or ch == "\xa0":
            continue
        if unicodedata.category(ch).startswith("L") and "LATIN" in unicodedata.name(ch, ""):
            continue
        return False
    return True


def _declared_html_charset(data: bytes) -> str | None:
    match = _HTML_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode a whole file; returns ``(text, encoding)``. Raises `NotText` for binary data.

    Newlines are normalised to ``\\n`` so offsets mean the same on every platform.
    """
    body, encoding = _strip_bom(data)
    if encoding is None and b"\x00" in body:
        encoding = _utf16_without_bom(body)
        if encoding is None:
            raise NotText("binary file (NUL bytes)")
    if encoding is None and html:
        declared = _declared_html_charset(body)
        if declared and declared not in {"utf-8", "ascii"}:
            try:
                body.decode(declared)
                encoding = "cp1252" if declared in {"latin-1", "iso8859-1"} else declared
            except (UnicodeDecodeError, LookupError):
                encoding = None
    text: str | None = None
    if encoding is not None:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise NotText(f"cannot decode as {encoding}: {exc.reason}") from exc
    else:
        try:
            text, encoding = body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(body)
    if _looks_binary(text):
        raise NotText("binary file (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _decode_legacy(body: bytes) -> tuple[str, str]:
    try:
        western = body.decode("cp1252")
    except UnicodeDecodeError:
        western = body.decode("latin-1")  # cp1252 leaves five bytes undefined; Latin-1 has them all
        if _western_plausible(western.translate(_C1_TO_SPACE)):
            return western, "latin-1"
    else:
        if _western_plausible(western):
            return western, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is None:
        raise NotText("binary file (no text encoding fits)")
    return str(best), str(best.encoding)


_C1_TO_SPACE = {code: " " for code in range(0x80, 0xA0)}
