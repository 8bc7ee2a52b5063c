"""Event location against UCDP GED: share of events placed within 50 km of UCDP's coordinates.

Data: ../shared/data/ucdp/ged231_sample1000_global.csv (UCDP GED 23.1, 1,000 events, CC BY 4.0; cite
Sundberg & Melander 2013). Each event becomes a short article: its ``source_headline`` then its
``where_description``, published on ``date_start``. Two measures:

* ``place_for``: the gazetteer stage (`PlaceFinder.find`) over the parsed text, then `locate.place_for`
  for an event whose sentence is the ``where_description`` (so the headline can only supply the place
  the article established). This isolates the location choice from event detection.
* ``pipeline``: the complete `Pipeline` (`frontwire extract`): the most confident event of the article,
  when it found one.

Usage: .venv/bin/python benchmarks/ucdp_location.py [--limit N] [--skip-pipeline]
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UCDP = REPO.parent / "shared" / "data" / "ucdp" / "ged231_sample1000_global.csv"
WITHIN_KM = 50.0


@dataclass(frozen=True)
class Row:
    id: str
    headline: str
    where: str
    lat: float
    lon: float
    published: date | None
    country: str
    where_prec: str


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def load_rows(limit: int | None) -> list[Row]:
    rows: list[Row] = []
    with UCDP.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            try:
                published = date.fromisoformat(r["date_start"][:10])
            except ValueError:
                published = None
            rows.append(
                Row(
                    r["id"],
                    " ".join(r["source_headline"].replace(";", ". ").split()),
                    " ".join(r["where_description"].split()),
                    float(r["latitude"]),
                    float(r["longitude"]),
                    published,
                    r["country"],
                    r["where_prec"],
                )
            )
    return rows[:limit] if limit else rows


def article_text(row: Row) -> tuple[str, int]:
    """The article text and the offset where the where_description sentence starts."""
    head = row.headline.rstrip(". ")
    head = f"{head}.\n" if head else ""
    return f"{head}{row.where}.", len(head)


def measure_place_for(rows: list[Row]) -> list[float | None]:
    from frontwire.extract.locate import place_for
    from frontwire.extract.places import PlaceFinder
    from frontwire.nlp import load_nlp
    from frontwire.types import Article, ArticleContext, CleanText, Trigger

    nlp = load_nlp()
    finder = PlaceFinder.load()
    texts = [article_text(r) for r in rows]
    errors: list[float | None] = []
    for row, (text, where_start), doc in zip(rows, texts, nlp.pipe(t for t, _ in texts), strict=True):
        ctx = ArticleContext(Article(f"ucdp-{row.id}", text), CleanText.unchanged(text), row.published)
        places = finder.find(doc, ctx)
        trigger = Trigger(where_start, where_start, "", "Armed clash", "Battles", 1.0, where_start, len(text))
        chosen = place_for(trigger, places, doc, ctx)
        if chosen is None:
            errors.append(None)
        else:
            errors.append(haversine_km(row.lat, row.lon, chosen.place.latitude, chosen.place.longitude))
    return errors


def measure_pipeline(rows: list[Row]) -> list[float | None]:
    from frontwire.extract.pipeline import Pipeline
    from frontwire.types import Article

    articles = []
    for row in rows:
        text, _ = article_text(row)
        articles.append(
            Article(f"ucdp-{row.id}", text, published=row.published.isoformat() if row.published else None)
        )
    errors: list[float | None] = []
    for row, result in zip(rows, Pipeline().pipe(articles), strict=True):
        placed = [e for e in result.events if e.latitude is not None and e.longitude is not None]
        if not placed:
            errors.append(None)
            continue
        best = max(placed, key=lambda e: e.confidence)
        assert best.latitude is not None and best.longitude is not None
        errors.append(haversine_km(row.lat, row.lon, best.latitude, best.longitude))
    return errors


def summary(name: str, rows: list[Row], errors: list[float | None], seconds: float) -> None:
    def line(label: str, pairs: list[tuple[Row, float | None]]) -> None:
        n = len(pairs)
        placed = [e for _, e in pairs if e is not None]
        within = sum(1 for e in placed if e <= WITHIN_KM)
        median = statistics.median(placed) if placed else float("nan")
        print(
            f"  {label:<22} n={n:4d}  within {WITHIN_KM:.0f} km: {within / max(n, 1):6.1%}  "
            f"placed: {len(placed) / max(n, 1):6.1%}  within|placed: {within / max(len(placed), 1):6.1%}  "
            f"median error: {median:7.1f} km"
        )

    pairs = list(zip(rows, errors, strict=True))
    print(f"{name} ({seconds:.1f} s)")
    line("all events", pairs)
    line("Syria", [p for p in pairs if p[0].country == "Syria"])
    line("elsewhere", [p for p in pairs if p[0].country != "Syria"])
    for prec in ("1", "2", "3", "4", "5", "6", "7"):
        sub = [p for p in pairs if p[0].where_prec.split(".")[0] == prec]
        if sub:
            line(f"UCDP where_prec {prec}", sub)


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N events")
    parser.add_argument("--skip-pipeline", action="store_true", help="measure place_for only")
    args = parser.parse_args()
    if not UCDP.is_file():
        print(f"missing {UCDP}", file=sys.stderr)
        return 2
    rows = load_rows(args.limit)
    print(f"UCDP GED 23.1 sample: {len(rows)} events; text = source_headline + where_description")
    t0 = time.perf_counter()
    errors = measure_place_for(rows)
    summary("PlaceFinder + place_for", rows, errors, time.perf_counter() - t0)
    if not args.skip_pipeline:
        t0 = time.perf_counter()
        errors = measure_pipeline(rows)
        summary("full pipeline (most confident event)", rows, errors, time.perf_counter() - t0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
