"""Bytes to text: BOMs, UTF-16, legacy Western encodings, and binary data refused."""

from __future__ import annotations

import codecs

import pytest

from frontwire.read.encoding import NotText, decode_bytes

SAMPLE = "Shelling hit the café district of Homs — “three killed”, residents said.\nSecond line."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16"), "utf-16-le"),  # Python writes a BOM, little-endian here
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # no BOM: found from the NUL pattern
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_encoding_decodes_each_encoding(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data)
    assert text == SAMPLE
    assert found == encoding


@pytest.mark.parametrize(
    "sample",
    [
        "Protesters gathered in Zürich and Köln on Saturday.",
        "Le café près de l'hôtel a été touché à Alep, selon des témoins.",
        "Fighting near São Tomé and Bogotá was reported, señor.",
    ],
)
def test_encoding_latin1_guessed_as_western(sample: str) -> None:
    """Detectors often read these as Central European or Baltic code pages; we must not."""
    text, _ = decode_bytes(sample.encode("latin-1"))
    assert text == sample


def test_encoding_utf8_bom_not_in_text() -> None:
    text, _ = decode_bytes(codecs.BOM_UTF8 + b"Clashes in Daraa")
    assert text == "Clashes in Daraa"


def test_encoding_newlines_normalised() -> None:
    text, _ = decode_bytes(b"one\r\ntwo\rthree\n")
    assert text == "one\ntwo\nthree\n"


def test_encoding_html_declared_charset_used() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body>Caf\xe9 \x93hit\x94</body></html>'
    text, found = decode_bytes(html.encode("latin-1"), html=True)
    assert "Café “hit”" in text
    assert found == "cp1252"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes(range(256)) * 4,
        b"%PDF-1.4\n" + bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20,
    ],
)
def test_encoding_binary_refused(data: bytes) -> None:
    with pytest.raises(NotText, match="binary"):
        decode_bytes(data)


def test_encoding_cyrillic_left_to_detector() -> None:
    sample = "Войска обстреляли деревню в провинции Хасака в среду, сообщили источники."
    text, found = decode_bytes(sample.encode("cp1251"))
    assert found != "cp1252"
    assert text == sample
