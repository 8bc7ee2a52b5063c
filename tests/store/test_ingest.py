"""Ingest semantics on both backends: idempotent by content hash, corrections, duplicates, summary."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from frontwire.config import Config
from frontwire.store.base import Store
from frontwire.store.ingest import Progress, ingest, ingest_articles
from frontwire.types import Article, ArticleResult, CleanText, Report
from tests.store.factories import report


class TablePipeline:
    """Extraction replaced by a table article id -> reports; counts what it was asked to extract."""

    def __init__(self, table: dict[str, list[Report]], errors: dict[str, str] | None = None) -> None:
        self.table = table
        self.errors = errors or {}
        self.seen: list[str] = []

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for a in articles:
            self.seen.append(a.id)
            clean = CleanText.unchanged(a.text.strip())
            if a.id in self.errors:
                yield ArticleResult(a, clean, error=self.errors[a.id])
            else:
                yield ArticleResult(a, clean, reports=tuple(self.table.get(a.id, [])))


def _write(path: Path, articles: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


ARTICLES = [
    {"id": "a1", "text": "Turkish forces shelled Tell Abyad.", "published": "2020-07-02", "source": "SF"},
    {"id": "a2", "text": "Shelling hit Tell Abyad on Thursday.", "published": "2020-07-03", "source": "NP"},
    {"id": "a3", "text": "Clashes in Mosul.", "published": "2020-07-15", "source": "MO"},
]
TABLE = {
    "a1": [report("a1", fatalities=2)],
    "a2": [report("a2", fatalities=3)],
    "a3": [report("a3", sub="Armed clash", event_type="Battles", place="mosul", actors=("iraq_army",))],
}


def test_ingest_summary_and_fusion(store: Store, tmp_path: Path) -> None:
    corpus = _write(tmp_path / "a.jsonl", ARTICLES)
    summary = ingest([str(corpus)], store, TablePipeline(TABLE), Config())
    assert (summary.read, summary.added, summary.unchanged, summary.reports) == (3, 3, 0, 3)
    assert (summary.new_events, summary.merged_events) == (2, 1)
    assert store.count_events() == 2
    assert any("merged" in line for line in summary.lines())


def test_ingest_same_articles_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    corpus = _write(tmp_path / "a.jsonl", ARTICLES)
    ingest([str(corpus)], store, TablePipeline(TABLE), Config())
    before = store.changes()
    again = TablePipeline(TABLE)
    summary = ingest([str(corpus)], store, again, Config())
    assert again.seen == []  # nothing re-extracted
    assert (summary.unchanged, summary.added, summary.new_events) == (3, 0, 0)
    after = store.changes()
    assert after.events == before.events and after.deletions == before.deletions


def test_ingest_corrected_version_replaces_reports(store: Store, tmp_path: Path) -> None:
    ingest([str(_write(tmp_path / "a.jsonl", ARTICLES))], store, TablePipeline(TABLE), Config())
    corrected = [dict(ARTICLES[1], text="Correction: the shelling of Tell Abyad was on July 9.")]
    table = {"a2": [report("a2", day="2020-07-09")]}
    pipeline = TablePipeline(table)
    summary = ingest([str(_write(tmp_path / "b.jsonl", corrected))], store, pipeline, Config())
    assert pipeline.seen == ["a2"]
    assert summary.updated == 1
    groups = sorted(e.article_ids for e in store.events())
    assert groups == [("a1",), ("a2",), ("a3",)]
    stored = store.get_article("a2")
    assert stored is not None and stored.article.text.startswith("Correction")


def test_ingest_same_content_under_another_id_is_skipped(store: Store, tmp_path: Path) -> None:
    twin = dict(ARTICLES[0], id="a1-copy")
    corpus = _write(tmp_path / "a.jsonl", [ARTICLES[0], twin])
    pipeline = TablePipeline(TABLE)
    summary = ingest([str(corpus)], store, pipeline, Config())
    assert pipeline.seen == ["a1"]
    assert summary.skipped == [(summary.skipped[0][0], "duplicate of article a1")]


def test_ingest_rejections_have_reasons(store: Store, tmp_path: Path) -> None:
    corpus = _write(tmp_path / "a.jsonl", ARTICLES[:2])
    pipeline = TablePipeline(TABLE, errors={"a2": "not English (detected: fr)"})
    summary = ingest([str(corpus), str(tmp_path / "missing.txt")], store, pipeline, Config())
    reasons = [reason for _, reason in summary.skipped]
    assert "not English (detected: fr)" in reasons
    assert any("no such file" in r for r in reasons)
    assert summary.added == 1
    # the rejected article is remembered, so a re-run does not extract it again
    again = TablePipeline(TABLE)
    ingest([str(corpus)], store, again, Config())
    assert again.seen == []


def test_ingest_articles_progress(store: Store) -> None:
    seen: list[Progress] = []
    articles = [Article(id=a["id"], text=a["text"], published=a["published"]) for a in ARTICLES]
    ingest_articles(articles, store, TablePipeline(TABLE), Config(batch_size=2), seen.append)
    assert [(p.done, p.total) for p in seen] == [(1, 3), (2, 3), (3, 3)]
