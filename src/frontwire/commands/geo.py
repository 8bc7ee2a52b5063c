"""`frontwire geoparse` and `frontwire gazetteer build|import|lookup`.

geoparse writes one JSON object per place mention (the contract's fields); rejected inputs go to the
console one line each. The gazetteer commands build the SQLite file from the packaged compiled data
(or recompile it from raw sources), import a user's places, and show the candidates for a name.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from frontwire.config import Config
from frontwire.errors import GazetteerError, InputError
from frontwire.types import Article, PlaceMention

if TYPE_CHECKING:
    from frontwire.cli import Console
    from frontwire.knowledge.gazetteer import Candidate

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def mention_record(article_id: str, m: PlaceMention) -> dict[str, Any]:
    """The contract's geoparse object, plus relation/precision/ISO code (additive fields)."""
    p = m.place
    return {
        "article_id": article_id,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "name": p.name,
        "place_id": p.place_id,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "country": p.country,
        "admin1": p.admin1,
        "feature": p.feature,
        "admin2": p.admin2,
        "country_code": p.country_code,
        "geo_precision": m.geo_precision,
        "relation": m.relation,
        "score": m.score,
    }


def run_geoparse(
    inputs: list[str], output: str | None, config: Config, console: Console, *, stdin: TextIO | None = None
) -> int:
    """Place mentions of every input article as JSON lines; 1 when some input was rejected."""
    from frontwire.extract.pipeline import Pipeline
    from frontwire.read import read_inputs

    def articles() -> Iterator[Article]:
        for item in read_inputs(inputs or ["-"], config, stdin=stdin):
            if isinstance(item, InputError):
                console.reject(item.origin, item.reason)
            else:
                yield item

    pipeline = Pipeline(config)
    with ExitStack() as stack:
        out: TextIO = console.out
        if output and output != "-":
            out = stack.enter_context(Path(output).open("w", encoding="utf-8"))
        for result in pipeline.geoparse_pipe(articles()):
            if result.error:
                console.reject(result.article.origin, result.error)
                continue
            for m in result.places:
                out.write(json.dumps(mention_record(result.article.id, m), ensure_ascii=False) + "\n")
        out.flush()
    return EXIT_REJECTED if console.rejected else EXIT_OK


def run_gazetteer(args: argparse.Namespace, config: Config, console: Console) -> int:
    action = args.gazetteer_command
    if action == "build":
        return _build(args, config, console)
    if action == "import":
        return _import(args, config, console)
    if action == "lookup":
        return _lookup(args, config, console)
    console.reject("gazetteer", f"unknown action {action!r}")
    return EXIT_USAGE


def _build(args: argparse.Namespace, config: Config, console: Console) -> int:
    from frontwire.knowledge.gazetteer import default_paths
    from frontwire.knowledge.gazetteer_build import build_sqlite, compile_sources, data_file

    compiled = data_file("places.tsv.gz")
    if args.sources:
        sources = Path(args.sources)
        if not sources.is_dir():
            console.reject(args.sources, "no such folder")
            return EXIT_USAGE
        n = compile_sources(sources, compiled)
        console.info(f"compiled {n} places from {sources} into {compiled}")
    out = Path(args.output) if args.output else default_paths(config)[0]
    n = build_sqlite(compiled, out)
    console.info(f"built gazetteer with {n} places: {out}")
    return EXIT_OK


def _import(args: argparse.Namespace, config: Config, console: Console) -> int:
    from frontwire.knowledge.gazetteer import Gazetteer, default_paths
    from frontwire.knowledge.gazetteer_user import import_places

    path = Path(args.file)
    if not path.is_file():
        console.reject(args.file, "no such file")
        return EXIT_USAGE
    main, user = default_paths(config)
    Gazetteer.open(config)  # builds the main file on first use: imports resolve names against it
    added, problems = import_places(path, user, main)
    for origin, reason in problems:
        console.reject(origin, reason)
    console.info(f"imported {added} places into {user}")
    if added == 0 and problems:
        raise GazetteerError(f"{path}: nothing imported")
    return EXIT_REJECTED if problems else EXIT_OK


def _lookup(args: argparse.Namespace, config: Config, console: Console) -> int:
    from frontwire.knowledge.gazetteer import Gazetteer

    found = Gazetteer.open(config).lookup(args.name, country=args.country, limit=args.limit)
    if args.json:
        for c in found:
            console.out.write(json.dumps(_candidate_record(c), ensure_ascii=False) + "\n")
    else:
        console.out.write(_table(found))
    if not found:
        console.info(f"no place named {args.name!r} in the gazetteer")
    return EXIT_OK


def _candidate_record(c: Candidate) -> dict[str, Any]:
    p = c.place
    return {
        "place_id": p.place_id,
        "name": p.name,
        "matched": c.exact,
        "feature": p.feature,
        "country": p.country,
        "country_code": p.country_code,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "population": p.population,
        "source": c.source,
    }


def _table(found: list[Candidate]) -> str:
    rows = [("place_id", "name", "feature", "country", "admin1", "lat", "lon", "population")]
    for c in found:
        p = c.place
        rows.append(
            (
                p.place_id,
                p.name,
                p.feature,
                p.country or "",
                p.admin1 or "",
                f"{p.latitude:.4f}",
                f"{p.longitude:.4f}",
                str(p.population),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "".join(
        "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() + "\n" for r in rows
    )
