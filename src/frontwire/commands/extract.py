"""`frontwire extract` and `frontwire eval`: stateless extraction and gold scoring.

Rejected inputs (unreadable files, bad JSON lines, non-English articles, events whose date cannot be
known) go to the console one line each; only events (or scores) go to the output.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from frontwire.config import Config
from frontwire.errors import InputError
from frontwire.read import read_inputs
from frontwire.read.published import parse_published
from frontwire.types import Article, ArticleResult, Event

if TYPE_CHECKING:
    from frontwire.cli import Console

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
# extract's "csv" is the ACLED-compatible file (ACLED's column names and order).
EXTRACT_FORMATS = {"jsonl": "jsonl", "csv": "acled-csv", "geojson": "geojson"}


def _articles(items: Iterable[Article | InputError], console: Console) -> Iterator[Article]:
    """The articles of a read, reporting each rejected input as it passes."""
    for item in items:
        if isinstance(item, InputError):
            console.reject(item.origin, item.reason)
        else:
            yield item


def report_result(result: ArticleResult, console: Console) -> None:
    """One stderr line for a rejected article and for each notice about dropped events."""
    if result.error:
        console.reject(result.article.origin, result.error)
    for notice in result.notices:
        console.reject(result.article.origin, notice)


def _events(results: Iterable[ArticleResult], console: Console) -> Iterator[Event]:
    for result in results:
        report_result(result, console)
        yield from result.events


def _check_published(config: Config, console: Console) -> bool:
    if config.published is None:
        return True
    try:
        parse_published(config.published)
    except ValueError as exc:
        console.reject("--published", str(exc))
        return False
    return True


def run_extract(
    inputs: list[str],
    output: str | None,
    fmt: str,
    config: Config,
    console: Console,
    *,
    stdin: TextIO | None = None,
) -> int:
    """Read every input, extract events, write them in `fmt`; 1 when some input was rejected."""
    from frontwire.export import write_events
    from frontwire.extract.pipeline import Pipeline

    if fmt not in EXTRACT_FORMATS:
        console.reject("--format", f"unknown format {fmt!r} (choose {', '.join(EXTRACT_FORMATS)})")
        return EXIT_USAGE
    if not _check_published(config, console):
        return EXIT_USAGE
    pipeline = Pipeline(config)
    articles = _articles(read_inputs(inputs or ["-"], config, stdin=stdin), console)
    events = _events(pipeline.pipe(articles), console)
    with ExitStack() as stack:
        out: TextIO = console.out
        if output and output != "-":
            try:
                out = stack.enter_context(Path(output).open("w", encoding="utf-8", newline=""))
            except OSError as exc:
                console.reject(output, f"cannot write: {exc.strerror or exc}")
                return EXIT_USAGE
        try:
            write_events(events, EXTRACT_FORMATS[fmt], out)
            out.flush()
        except BrokenPipeError:  # `frontwire extract ... | head`: the reader has all it wanted
            return EXIT_REJECTED if console.rejected else EXIT_OK
    return EXIT_REJECTED if console.rejected else EXIT_OK


def run_eval(gold: str, pred: str | None, as_json: bool, config: Config, console: Console) -> int:
    """Score predictions (a saved event JSONL, or a fresh extraction) against a gold JSONL file."""
    from frontwire.evaluate import GoldArticle, ScoredEvent, format_scores, read_gold, read_predictions, score

    if not _check_published(config, console):
        return EXIT_USAGE
    gold_path = Path(gold)
    if not gold_path.is_file():
        console.reject(gold, "no such file")
        return EXIT_USAGE
    items: list[GoldArticle] = []
    for item in read_gold(gold_path):
        if isinstance(item, InputError):
            console.reject(item.origin, item.reason)
        else:
            items.append(item)
    predictions: dict[str, list[ScoredEvent]] = {}
    if pred is not None:
        pred_path = Path(pred)
        if not pred_path.is_file():
            console.reject(pred, "no such file")
            return EXIT_USAGE
        predictions, errors = read_predictions(pred_path)
        for err in errors:
            console.reject(err.origin, err.reason)
    else:
        from frontwire.extract.pipeline import Pipeline

        for result in Pipeline(config).pipe(g.article for g in items):
            report_result(result, console)
            predictions[result.article.id] = [ScoredEvent.from_event(e) for e in result.events]
    scores = score(items, predictions)
    if as_json:
        console.out.write(json.dumps(scores.to_dict(), indent=2) + "\n")
    else:
        console.out.write(format_scores(scores))
    return EXIT_REJECTED if console.rejected else EXIT_OK
