#!/usr/bin/env python3
"""Convert the FA-KES CSV (../shared/data/fakes/fakes_dev.csv) to frontwire article JSONL.

Each row becomes {"id": "fakes-<unit_id>", "text": article_content, "title": article_title,
"published": YYYY-MM-DD (from the M/D/YYYY date column), "source": source}. The text is the
article_content column exactly, so gold annotations that point at a unit_id use the same offsets.

    .venv/bin/python scripts/fakes_to_jsonl.py ../shared/data/fakes/fakes_dev.csv -o /tmp/fakes_dev.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any


def row_to_article(row: dict[str, str]) -> dict[str, Any]:
    published = None
    raw = (row.get("date") or "").strip()
    if raw:
        try:
            published = datetime.strptime(raw, "%m/%d/%Y").date().isoformat()
        except ValueError:
            published = None
    return {
        "id": f"fakes-{row['unit_id']}",
        "text": row["article_content"],
        "title": row.get("article_title") or None,
        "published": published,
        "source": row.get("source") or None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("csv", nargs="?", default="../shared/data/fakes/fakes_dev.csv")
    parser.add_argument("-o", "--output", default=None, help="JSONL file (default stdout)")
    args = parser.parse_args(argv)
    with Path(args.csv).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = Path(args.output).open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        for row in rows:
            out.write(json.dumps(row_to_article(row), ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"{len(rows)} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
