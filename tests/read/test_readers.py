"""Readers: .txt, .html/.htm, .jsonl, .json, folders, and '-' for JSONL on standard input."""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest

from frontwire.config import Config
from frontwire.errors import InputError
from frontwire.read import read_inputs
from frontwire.read.jsonl import content_id
from frontwire.types import Article

TEXT = "Rebels attacked an army checkpoint near the town of Saraqib on Friday, killing two soldiers."
PAGE = """<!DOCTYPE html>
<html><head>
<title>Rebels attack checkpoint near Saraqib | Example Times</title>
<meta property="og:title" content="Rebels attack checkpoint near Saraqib">
<meta property="og:site_name" content="Example Times">
<meta property="article:published_time" content="2020-03-06T09:30:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="#main">Skip to main content</a></nav>
<article>
<h1>Rebels attack checkpoint near Saraqib</h1>
<p>Rebels attacked an army checkpoint near the town of Saraqib on Friday, killing two soldiers and
wounding three others, according to a local monitoring group.</p>
<p>The army responded by shelling rebel positions in the surrounding countryside throughout the night,
residents said, and several houses were damaged in the nearby villages.</p>
</article>
<section id="comments" class="comments"><h2>2 comments</h2>
<div class="comment"><p>Abu Khaled: the regime has been lying about this town for years now.</p></div>
</section>
<footer>Copyright 2020 Example Times</footer>
</body></html>
"""


def read_all(paths: list[str], config: Config | None = None, stdin: io.StringIO | None = None) -> list:
    return list(read_inputs(paths, config or Config(), stdin=stdin))


def only_article(items: list) -> Article:
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def test_readers_txt_file_is_one_article_named_by_file(tmp_path: Path) -> None:
    path = tmp_path / "saraqib-report.txt"
    path.write_text(TEXT + "\n", encoding="utf-8")
    article = only_article(read_all([str(path)]))
    assert article.id == "saraqib-report"
    assert article.text == TEXT + "\n"
    assert article.origin == str(path)


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),
        lambda s: s.encode("cp1252"),
    ],
)
def test_readers_txt_encodings(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    sample = "Shelling hit the café in Saint-Étienne street — “two dead”."
    path = tmp_path / "a.txt"
    path.write_bytes(encode(sample))
    assert only_article(read_all([str(path)])).text == sample


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_readers_html_main_text_and_metadata(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"saraqib{suffix}"
    path.write_text(PAGE, encoding="utf-8")
    article = only_article(read_all([str(path)]))
    assert article.id == "saraqib"
    assert "killing two soldiers" in article.text
    assert "shelling rebel positions" in article.text
    assert article.title == "Rebels attack checkpoint near Saraqib"
    assert article.published == "2020-03-06"
    assert article.source == "Example Times"


def test_readers_html_comments_and_navigation_excluded(tmp_path: Path) -> None:
    path = tmp_path / "saraqib.html"
    path.write_text(PAGE, encoding="utf-8")
    text = only_article(read_all([str(path)])).text
    assert "lying about this town" not in text
    assert "Skip to main content" not in text
    assert "Copyright" not in text


def test_readers_html_without_date_has_no_published(tmp_path: Path) -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2020-03-06T09:30:00+00:00">', "")
    path = tmp_path / "undated.html"
    path.write_text(page, encoding="utf-8")
    assert only_article(read_all([str(path)])).published is None


def test_readers_html_without_article_text_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty-page.html"
    path.write_text('<html><head><title>x</title></head><body><img src="a.png"></body></html>', "utf-8")
    (err,) = read_all([str(path)])
    assert isinstance(err, InputError)
    assert "no article text" in err.reason


def test_readers_jsonl_articles_and_fields(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    lines = [
        {
            "id": "a1",
            "text": TEXT,
            "title": "T",
            "published": "2020-03-06",
            "source": "Wire",
            "url": "https://x",
        },
        {"text": "Protesters marched in Basra on Sunday against power cuts."},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    first, second = read_all([str(path)])
    assert first == Article(
        id="a1", text=TEXT, title="T", published="2020-03-06", source="Wire", url="https://x",
        origin=f"{path}:1",
    )  # fmt: skip
    assert second.id == content_id(lines[1]["text"])
    assert second.origin == f"{path}:2"


def test_readers_jsonl_html_field_extracted(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p1", "html": PAGE}) + "\n", encoding="utf-8")
    article = only_article(read_all([str(path)]))
    assert "killing two soldiers" in article.text
    assert article.title == "Rebels attack checkpoint near Saraqib"


def test_readers_json_single_object(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": "x", "text": TEXT}), encoding="utf-8")
    assert only_article(read_all([str(path)])).id == "x"


def test_readers_json_list_with_a_bad_item(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"id": "x", "text": TEXT}, {"id": "y"}, {"id": "z", "text": TEXT}]), "utf-8")
    x, bad, z = read_all([str(path)])
    assert (x.id, z.id) == ("x", "z")
    assert isinstance(bad, InputError)
    assert bad.origin == f"{path}[1]"
    assert bad.reason == "missing 'text'"


def test_readers_stdin_jsonl() -> None:
    stdin = io.StringIO(json.dumps({"id": "s1", "text": TEXT}) + "\nnot json\n")
    good, bad = read_all(["-"], stdin=stdin)
    assert good.id == "s1" and good.origin == "stdin:1"
    assert isinstance(bad, InputError) and bad.origin == "stdin:2"


def test_readers_folder_recursive_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep.txt").write_text(TEXT, "utf-8")
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    (tmp_path / "notes.md").write_text("not an input", "utf-8")
    (tmp_path / ".hidden.txt").write_text(TEXT, "utf-8")
    ids = [a.id for a in read_all([str(tmp_path)])]
    assert ids == ["a", "page", "deep"]


# ------------------------------------------------------------------------------------ bad input classes


def only_error(items: list) -> InputError:
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


@pytest.mark.parametrize("content", [b"", b"   \n\n  \t"])
@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.jsonl", "empty.json"])
def test_readers_empty_file_rejected(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    err = only_error(read_all([str(path)]))
    assert err.origin == str(path)
    assert err.reason == "empty file"


@pytest.mark.parametrize("name", ["image.txt", "blob.html", "data.jsonl", "data.json"])
def test_readers_binary_file_rejected(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    err = only_error(read_all([str(path)]))
    assert "binary" in err.reason


def test_readers_file_over_size_limit_rejected(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(TEXT * 10, "utf-8")
    err = only_error(read_all([str(path)], Config(max_bytes=100)))
    assert "over the size limit of 100" in err.reason
    assert only_article(read_all([str(path)], Config(max_bytes=10_000))).id == "big"


def test_readers_stdin_line_over_size_limit_rejected() -> None:
    stdin = io.StringIO(json.dumps({"text": TEXT * 10}) + "\n" + json.dumps({"text": "short"}) + "\n")
    big, small = read_all(["-"], Config(max_bytes=200), stdin=stdin)
    assert isinstance(big, InputError) and big.origin == "stdin:1"
    assert isinstance(small, Article)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "invalid JSON"),
        ('["a list"]', "not a JSON object"),
        ('{"id": "x", "title": "no text"}', "missing 'text'"),
        ('{"id": "x", "text": 42}', "'text' is not a string"),
        ('{"id": "x", "text": "   "}', "empty 'text'"),
        ('{"id": "x", "text": "Clashes.", "published": "last Tuesday"}', "unparsable published date"),
        ('{"id": "x", "text": "Clashes.", "published": "2020-13-45"}', "unparsable published date"),
        ('{"id": "x", "text": "Clashes.", "title": 7}', "'title' is not a string"),
    ],
)
def test_readers_bad_jsonl_line_named_by_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok", "text": TEXT})
    path.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    first, err, last = read_all([str(path)])
    assert isinstance(first, Article) and isinstance(last, Article)
    assert isinstance(err, InputError)
    assert err.origin == f"{path}:2"
    assert reason in err.reason


@pytest.mark.parametrize(
    "published", ["2020-07-04", "2020-07-04T10:00:00", "2020-07-04T10:00:00Z", "2020-07-04 10:00"]
)
def test_readers_published_forms_accepted(tmp_path: Path, published: str) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": TEXT, "published": published}) + "\n", "utf-8")
    assert only_article(read_all([str(path)])).published == published


def test_readers_invalid_json_file_named_with_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"id": "x",\n "text": }', "utf-8")
    err = only_error(read_all([str(path)]))
    assert err.origin == f"{path}:2"
    assert "invalid JSON" in err.reason


def test_readers_missing_path_and_unsupported_type(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    missing, unsupported = read_all([str(tmp_path / "nope.txt"), str(pdf)])
    assert isinstance(missing, InputError) and "no such file" in missing.reason
    assert isinstance(unsupported, InputError) and "unsupported file type '.pdf'" in unsupported.reason


def test_readers_bad_input_does_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text(TEXT, "utf-8")
    items = read_all([str(tmp_path)])
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
