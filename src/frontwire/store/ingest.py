"""Articles into the store: read, skip what is already there, extract the rest, fuse, commit per article.

Idempotent by content hash: an article whose id and content are already stored is skipped before the
(expensive) extraction; the same content under another id is skipped as a duplicate; a new content under a
known id is a corrected version and replaces that article's reports (which can split a wrong merge away);
analysts' corrections of its events are laid over the new reports (store/corrections.py).
Resumable: each article's row, reports and re-fused events are written in one transaction, so a run killed
at any point leaves every article either fully in or not at all, and a re-run finishes the rest.
Split runs read as one: the geoparser's memory of outlets' home regions (extract/place_home.py) is
restored from the store before the first extraction and the article's outlet's memory is written in the
article's transaction, so a resumed ingest, or one a day, resolves names as one long run would.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TextIO, runtime_checkable

from frontwire.config import Config
from frontwire.errors import InputError
from frontwire.store.base import OutletHomeRow, Store
from frontwire.types import Article, ArticleResult

if TYPE_CHECKING:
    from frontwire.extract.place_home import OutletVotes

# Test hook: seconds to wait inside each article's transaction (lets a test kill ingest mid-write).
DELAY_ENV = "FRONTWIRE_TEST_INGEST_DELAY"


class ArticlePipeline(Protocol):
    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleResult]: ...


@runtime_checkable
class OutletMemory(Protocol):
    """A pipeline whose memory of outlets' home regions can be carried over (`Pipeline` is one); ingest
    keeps it in the store. A pipeline without it (a test's stand-in) is run as it is."""

    def outlet_homes(self, sources: Iterable[str | None] | None = None) -> list[OutletVotes]: ...

    def restore_outlet_homes(self, outlets: Iterable[OutletVotes]) -> None: ...


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    article_id: str | None = None


@dataclass
class IngestSummary:
    """What one ingest run did (articles counted once each)."""

    read: int = 0  # articles read from the inputs
    added: int = 0  # new articles extracted and stored
    updated: int = 0  # corrected versions that replaced an article's reports
    unchanged: int = 0  # same id and content already stored
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason), incl. bad inputs
    reports: int = 0
    new_events: int = 0
    merged_events: int = 0  # existing events that gained a report from another article
    deleted_events: int = 0  # events merged away or retracted by a corrected version
    notices: list[tuple[str, str]] = field(default_factory=list)  # dropped events within an article
    corrections_reapplied: int = 0  # analysts' corrections laid over the new version of their article
    # (origin, correction id): corrections no event of the new version matches (kept, as unmatched)
    corrections_unmatched: list[tuple[str, str]] = field(default_factory=list)
    events_in_store: int | None = None  # after the run

    def lines(self) -> list[str]:
        """The end-of-run summary, one fact a line."""
        out = [
            f"articles read: {self.read} (new {self.added}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped {len(self.skipped)})",
            f"reports stored: {self.reports}",
            f"events: {self.new_events} new, {self.merged_events} merged with other articles' reports, "
            f"{self.deleted_events} removed"
            + (f"; the store now holds {self.events_in_store}" if self.events_in_store is not None else ""),
        ]
        if self.corrections_reapplied or self.corrections_unmatched:
            out.append(
                f"analysts' corrections: {self.corrections_reapplied} re-applied to the new versions, "
                f"{len(self.corrections_unmatched)} no longer match an event (kept as unmatched)"
            )
        reasons: dict[str, int] = {}
        for _, reason in self.skipped:
            key = reason.split(":")[0] if reason.startswith("duplicate of") else reason
            reasons[key] = reasons.get(key, 0) + 1
        out.extend(f"  skipped {n}: {reason}" for reason, n in sorted(reasons.items(), key=lambda x: -x[1]))
        return out


def content_hash(article: Article) -> str:
    """What makes two versions of an article the same: text and the metadata extraction uses."""
    payload = json.dumps(
        [article.text, article.title, article.published, article.source, article.url, article.language],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _chunks(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def ingest(
    paths: Sequence[str],
    store: Store,
    pipeline: ArticlePipeline | None = None,
    config: Config | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    *,
    stdin: TextIO | None = None,
) -> IngestSummary:
    """Read `paths`, extract new and changed articles, store and fuse them; returns what happened.

    `pipeline` defaults to `Pipeline(config)`, built only when some article needs extraction, so
    re-ingesting an unchanged corpus never loads the language model.
    """
    from frontwire.read import read_inputs

    config = config or Config()
    summary = IngestSummary()
    articles: list[Article] = []
    for item in read_inputs(list(paths), config, stdin=stdin):
        if isinstance(item, InputError):
            summary.skipped.append((item.origin, item.reason))
        else:
            articles.append(item)
    summary.read = len(articles)
    return ingest_articles(articles, store, pipeline, config, on_progress, summary=summary)


def restore_outlets(store: Store, pipeline: OutletMemory) -> list[tuple[str, str]]:
    """Give `pipeline` the store's memory of outlets' home regions (replacing what it had); returns a
    notice (origin, text) per stored outlet that could not be read, which is then learnt afresh (and
    its row replaced once it is)."""
    from frontwire.extract.place_home import OUTLETS_KEPT, OutletVotes

    outlets: list[OutletVotes] = []
    notices: list[tuple[str, str]] = []
    for row in store.outlet_homes(limit=OUTLETS_KEPT):
        try:
            outlets.append(OutletVotes.from_json(row.outlet_key, row.seen, row.state))
        except ValueError as exc:
            notices.append((f"outlet {row.outlet_key}", f"stored home region ignored, learnt afresh ({exc})"))
    pipeline.restore_outlet_homes(outlets)
    return notices


def _outlet_rows(pipeline: ArticlePipeline, article: Article, written: dict[str, int]) -> list[OutletHomeRow]:
    """The article's outlet's memory to write, unless this run wrote it as it is (`written`: key -> seen)."""
    if not article.source or not isinstance(pipeline, OutletMemory):
        return []
    rows = [
        OutletHomeRow(o.key, o.seen, o.to_json())
        for o in pipeline.outlet_homes([article.source])
        if written.get(o.key) != o.seen
    ]
    written.update((r.outlet_key, r.seen) for r in rows)
    return rows


def ingest_articles(
    articles: Sequence[Article],
    store: Store,
    pipeline: ArticlePipeline | None = None,
    config: Config | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    *,
    summary: IngestSummary | None = None,
) -> IngestSummary:
    """`ingest` for articles already read (the API's write endpoint, tests)."""
    config = config or Config()
    if summary is None:
        summary = IngestSummary(read=len(articles))
    delay = float(os.environ.get(DELAY_ENV, "0") or 0)
    seen: dict[str, str] = {}  # hash -> article id, within this run
    restored = False  # the outlets' memory, given to the pipeline before its first article
    written: dict[str, int] = {}  # outlet key -> `seen` of the memory this run stored
    done = 0
    total = len(articles)
    for chunk in _chunks(articles, max(1, config.batch_size)):
        stored = store.article_hashes([a.id for a in chunk])
        todo: list[tuple[Article, str]] = []
        done_before = done
        for article in chunk:
            digest = content_hash(article)
            if stored.get(article.id) == digest:
                summary.unchanged += 1
                done += 1
                continue
            twin = seen.get(digest) or store.article_with_hash(digest)
            if twin is not None and twin != article.id:
                summary.skipped.append((article.origin, f"duplicate of article {twin}"))
                done += 1
                continue
            seen[digest] = article.id
            todo.append((article, digest))
        if on_progress and done > done_before:
            on_progress(Progress(done, total))
        if not todo:
            continue
        if pipeline is None:
            from frontwire.extract.pipeline import Pipeline

            pipeline = Pipeline(config)
        if not restored and isinstance(pipeline, OutletMemory):
            summary.notices.extend(restore_outlets(store, pipeline))
        restored = True
        results = pipeline.pipe(a for a, _ in todo)
        for (article, digest), result in zip(todo, results, strict=True):
            known = article.id in stored
            with store.transaction():
                store.add_article(article, result.clean, digest, error=result.error)
                outcome = store.replace_reports(article.id, result.reports if not result.error else ())
                store.save_outlet_homes(_outlet_rows(pipeline, article, written))  # what it taught
                if delay:
                    time.sleep(delay)
            if result.error:
                summary.skipped.append((article.origin, result.error))
            elif known:
                summary.updated += 1
            else:
                summary.added += 1
            summary.notices.extend((article.origin, n) for n in getattr(result, "notices", ()))
            summary.reports += outcome.reports
            summary.new_events += len(outcome.new_events)
            summary.merged_events += len(outcome.merged_events)
            summary.deleted_events += len(outcome.deleted_events)
            if known:
                summary.corrections_reapplied += outcome.reapplied
                summary.corrections_unmatched.extend((article.origin, c) for c in outcome.unmatched)
            done += 1
            if on_progress:
                on_progress(Progress(done, total, article.id))
    summary.events_in_store = store.count_events()
    return summary
