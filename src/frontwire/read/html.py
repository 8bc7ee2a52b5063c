"""An ``.html``/``.htm`` page is one article: main text and metadata from trafilatura, comments left out.

trafilatura finds the article body (dropping navigation, footers and reader comments) and reads the
title, publication date and site name from the markup. We never let it guess a date it did not find.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontwire.errors import InputError
from frontwire.read.encoding import NotText, decode_bytes
from frontwire.types import Article


@dataclass(frozen=True)
class PageText:
    """What a page gives: its main text and whatever metadata the markup holds."""

    text: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None


def extract_page(html: str, url: str | None = None) -> PageText | None:
    """Main text and metadata of an HTML page; None when the page has no article text."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return None
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        return None
    published = getattr(doc, "date", None)
    if published and published == getattr(doc, "filedate", None):
        published = None  # trafilatura's stand-in when the page has no date
    return PageText(
        text=text,
        title=getattr(doc, "title", None) or None,
        published=published or None,
        source=getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or None,
        url=getattr(doc, "url", None) or url,
    )


def read_html_file(path: Path, data: bytes) -> Article:
    """One article from the bytes of an HTML file (size and emptiness already checked)."""
    try:
        html, _ = decode_bytes(data, html=True)
    except NotText as exc:
        raise InputError(str(path), str(exc)) from None
    if not html.strip():
        raise InputError(str(path), "empty file")
    page = extract_page(html)
    if page is None:
        raise InputError(str(path), "no article text found in the HTML")
    return Article(
        id=path.stem,
        text=page.text,
        title=page.title,
        published=page.published,
        source=page.source,
        url=page.url,
        origin=str(path),
    )
