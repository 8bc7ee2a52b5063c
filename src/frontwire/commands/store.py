"""`frontwire ingest`, `events`, `corrections`, `export` and `demo`: the commands over the event store.

Each reads its options, opens the store, calls one library function and writes the result; data to
stdout (or `-o`), progress, summaries and problems to stderr.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from frontwire.config import Config
from frontwire.errors import ConfigError
from frontwire.store.base import Deletion, EventQuery

if TYPE_CHECKING:
    from frontwire.cli import Console
    from frontwire.store.ingest import IngestSummary, Progress

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
TABLE_COLUMNS = (
    ("event_date", 10),
    ("sub_event_type", 24),
    ("location", 18),
    ("admin1", 14),
    ("actor1", 28),
    ("actor2", 28),
    ("fatalities", 5),
    ("n", 3),
    ("event_id", 20),
)


class ProgressBar:
    """A one-line bar on stderr, redrawn in place; only used when stderr is a terminal."""

    def __init__(self, out: TextIO, label: str = "ingest") -> None:
        self.out = out
        self.label = label
        self.shown = False

    def __call__(self, p: Progress) -> None:
        width = max(10, min(40, shutil.get_terminal_size((80, 20)).columns - 40))
        filled = int(width * p.done / p.total) if p.total else width
        bar = "#" * filled + "-" * (width - filled)
        self.out.write(f"\r{self.label} [{bar}] {p.done}/{p.total} articles")
        self.out.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.out.write("\n")
            self.out.flush()


def _report_summary(summary: IngestSummary, console: Console, url: str) -> int:
    status = EXIT_OK
    for origin, reason in summary.skipped:
        if reason.startswith("duplicate of"):
            console.info(f"frontwire: {origin}: skipped, {reason}")
        else:
            console.reject(origin, reason)
            status = EXIT_REJECTED
    for origin, notice in summary.notices:
        console.info(f"frontwire: {origin}: {notice}")
    for origin, correction_id in summary.corrections_unmatched:
        console.info(
            f"frontwire: {origin}: correction {correction_id} matches no event of this version; kept as "
            "unmatched (frontwire corrections --unmatched)"
        )
    for line in summary.lines():
        console.info(line)
    console.info(f"store: {url.rsplit('@', maxsplit=1)[-1]}")
    return status


def run_ingest(inputs: list[str], db: str | None, config: Config, console: Console, progress: bool) -> int:
    """Ingest `inputs` into the store at `db`; 1 when some input or article was rejected."""
    from frontwire.store import normalize_url, open_store
    from frontwire.store.ingest import ingest

    url = normalize_url(db, config)
    bar = ProgressBar(console.err) if progress and _isatty(console.err) else None
    with open_store(url, config) as store:
        try:
            summary = ingest(inputs, store, None, config, on_progress=bar)
        finally:
            if bar:
                bar.close()
    return _report_summary(summary, console, url)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _query(args: argparse.Namespace) -> EventQuery:
    try:
        return EventQuery.from_args(args)
    except ValueError as exc:
        raise ConfigError(f"invalid filter: {exc}") from exc


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def run_events(args: argparse.Namespace, config: Config, console: Console) -> int:
    """Query the store; a table on a terminal, jsonl (or csv) otherwise."""
    from frontwire.export import write_events
    from frontwire.store import open_store

    query = _query(args)
    fmt = args.format or ("table" if _isatty(console.out) else "jsonl")
    with open_store(args.db, config) as store:
        if fmt != "table":
            write_events(store.iter_events(query), fmt, console.out)
            return EXIT_OK
        events = store.events(query if query.limit is not None else _with_limit(query, 50))
        total = store.count_events(query)
        header = "  ".join(name[:w].ljust(w) for name, w in TABLE_COLUMNS)
        console.out.write(header + "\n")
        for e in events:
            values = {**e.to_dict(), "n": len(e.article_ids)}
            row = "  ".join(_cell(values.get(name), w).ljust(w) for name, w in TABLE_COLUMNS)
            console.out.write(row.rstrip() + "\n")
        console.info(f"{len(events)} of {total} events shown")
    return EXIT_OK


def run_corrections(args: argparse.Namespace, config: Config, console: Console) -> int:
    """The store's analyst corrections as JSON lines (oldest first), and a count on stderr."""
    import json

    from frontwire.store import open_store
    from frontwire.store.corrections import UNMATCHED

    with open_store(args.db, config) as store:
        found = store.corrections(args.article, UNMATCHED if args.unmatched else None)
    for c in found:
        console.out.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    unmatched = sum(c.status == UNMATCHED for c in found)
    console.info(f"{len(found)} corrections, {unmatched} unmatched")
    return EXIT_OK


def _with_limit(query: EventQuery, limit: int) -> EventQuery:
    from dataclasses import replace

    return replace(query, limit=limit)


def parse_since(text: str) -> datetime:
    """An ISO 8601 timestamp (naive means UTC) or a date."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ConfigError(f"--since {text!r} is not an ISO 8601 timestamp") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def write_deletions(deletions: tuple[Deletion, ...], path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["event_id", "deleted_at", "reason", "merged_into"])
        for d in deletions:
            writer.writerow([d.event_id, d.deleted_at.isoformat(), d.reason, d.merged_into or ""])


def run_export(args: argparse.Namespace, config: Config, console: Console) -> int:
    """Write the store's events (all, or changed since `--since`) in one format; deletions to a file."""
    from frontwire.export import write_events
    from frontwire.store import open_store

    query = _query(args)
    since = parse_since(args.since) if args.since else None
    out_path = args.output
    if args.format == "parquet" and out_path is None and _isatty(console.out):
        raise ConfigError("parquet is binary: give -o FILE (or redirect standard output)")
    with open_store(args.db, config) as store:
        changes = store.changes(since, query)
        events = changes.events
        stamps = store.event_timestamps([e.event_id for e in events])
        if out_path is not None:
            n = write_events(events, args.format, out_path, timestamps=stamps)
        elif args.format == "parquet":
            n = write_events(events, args.format, console.out.buffer, timestamps=stamps)  # type: ignore[attr-defined]
        else:
            n = write_events(events, args.format, console.out, timestamps=stamps)
        if args.deletions:
            write_deletions(changes.deletions, args.deletions)
    console.info(f"exported {n} events" + (f", {len(changes.deletions)} deletions" if args.deletions else ""))
    console.info(f"next incremental export: --since {changes.until.isoformat()}")
    return EXIT_OK


def sample_corpus() -> Path:
    """The bundled sample articles (a folder inside the installed package)."""
    return Path(str(resources.files("frontwire.data").joinpath("samples")))


def run_demo(args: argparse.Namespace, config: Config, console: Console) -> int:
    """Ingest the sample corpus into a fresh store, then serve the dashboard (or print and stop)."""
    from frontwire.store import normalize_url, open_store
    from frontwire.store.ingest import ingest

    if args.db:
        url = normalize_url(args.db, config)
    else:
        path = config.data_dir / "demo.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = normalize_url(path, config)
    corpus = sample_corpus()
    bar = ProgressBar(console.err, "demo") if _isatty(console.err) else None
    with open_store(url, config) as store:
        try:
            summary = ingest([str(corpus)], store, None, config, on_progress=bar)
        finally:
            if bar:
                bar.close()
        stats = store.stats()
    _report_summary(summary, console, url)
    console.info(f"{stats.events} events from {stats.articles} articles in {url.split('@')[-1]}")
    if args.no_serve:
        return EXIT_OK
    try:
        from frontwire.web.app import serve
    except ImportError:
        console.info("the dashboard is not installed; run 'frontwire events --db ...' to query the store")
        return EXIT_OK
    host = args.host
    console.info(
        f"dashboard at http://{'[' + host + ']' if ':' in host else host}:{args.port}/ (Ctrl-C stops)"
    )
    serve(url, host, args.port, config=config)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use the 'frontwire' command")
