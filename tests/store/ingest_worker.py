"""A separate process that ingests the fusion test set into a store (for the kill -9 test).

The extraction step is the hand-coded reports of tests/data/fusion/expected.json, so the process is
quick to start and its output is fixed; reading, hashing, storing and fusion are the real ones.

    python -m tests.store.ingest_worker STORE_URL CORPUS.jsonl
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from frontwire.config import Config
from frontwire.store import open_store
from frontwire.store.ingest import ingest
from frontwire.types import Article, ArticleResult, CleanText

REPO = Path(__file__).resolve().parents[2]


def _fusion_eval():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("fusion_eval", REPO / "benchmarks" / "fusion_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class HandPipeline:
    """Extraction replaced by the hand-coded report of each article of the fusion set."""

    def __init__(self) -> None:
        fe = _fusion_eval()
        articles, expected = fe.load_set()
        self.reports = fe.hand_reports(expected, articles)

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for article in articles:
            report = self.reports.get(article.id)
            yield ArticleResult(
                article, CleanText.unchanged(article.text), reports=(report,) if report else ()
            )


def main(url: str, corpus: str) -> int:
    with open_store(url) as store:
        ingest([corpus], store, HandPipeline(), Config(batch_size=4))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
