#!/usr/bin/env python3
"""Validate `frontwire extract` JSONL output against the contract's event schema; print the figures.

    .venv/bin/frontwire extract src/frontwire/data/samples/ > /tmp/events.jsonl
    .venv/bin/python benchmarks/validate_output.py /tmp/events.jsonl

Prints the number of events, how many validate, each failure (line and message), and the events per
type. Exit status 1 when any line fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "contract" / "event.schema.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="validate event JSONL against event.schema.json")
    parser.add_argument("events", nargs="?", default="-", help="event JSONL file (default stdin)")
    parser.add_argument("--schema", default=str(SCHEMA))
    args = parser.parse_args(argv)
    validator = Draft202012Validator(json.loads(Path(args.schema).read_text("utf-8")))
    stream = sys.stdin if args.events == "-" else Path(args.events).open(encoding="utf-8")
    count, failures = 0, 0
    types: Counter[str] = Counter()
    articles: set[str] = set()
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            count += 1
            try:
                event = json.loads(line)
            except json.JSONDecodeError as exc:
                failures += 1
                print(f"line {number}: invalid JSON: {exc.msg}")
                continue
            errors = sorted(validator.iter_errors(event), key=lambda e: list(e.path))
            if errors:
                failures += 1
                for err in errors:
                    print(f"line {number}: {'/'.join(map(str, err.path)) or '(event)'}: {err.message}")
            types[f"{event.get('event_type')} / {event.get('sub_event_type')}"] += 1
            articles.update(event.get("article_ids") or [])
    print(f"events: {count}  valid: {count - failures}  invalid: {failures}", end="")
    print(f"  articles with events: {len(articles)}")
    for name, n in types.most_common():
        print(f"  {n:5d}  {name}")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # piped into head
        sys.exit(0)
