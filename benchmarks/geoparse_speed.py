"""Gazetteer load time and geoparsing overhead relative to the bare spaCy parse of the same text.

    .venv/bin/python benchmarks/geoparse_speed.py [--articles N]

Load: `Gazetteer.open` + `PlaceFinder.load` in a fresh process (the SQLite file already built), the
median of 5 runs. Overhead: on N GeoVirus articles (real news), the time of `PlaceFinder.find_text` with
the parse's entities, divided by the time of `nlp.pipe` over the same texts, by CPU time of this process
(`time.process_time`, as `speed.py` measures: wall time swings with the other users of a shared machine)
and, printed beside it, by wall time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEOVIRUS = REPO.parent / "shared" / "data" / "geoparsing" / "GeoVirus.xml"
LOAD_SNIPPET = (
    "import time; t0=time.perf_counter();"
    "from frontwire.config import Config; from frontwire.extract.places import PlaceFinder;"
    "t1=time.perf_counter(); f=PlaceFinder.load(Config()); f.find_text('Shelling hit Raqqa.');"
    "t2=time.perf_counter(); print(t2-t1, t2-t0)"
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100)
    args = ap.parse_args(argv)
    from frontwire.config import Config
    from frontwire.extract.places import PlaceFinder
    from frontwire.nlp import load_nlp

    PlaceFinder.load(Config())  # make sure the SQLite file exists before timing a cold process
    opens, totals = [], []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True, text=True, check=True)
        opened, total = (float(x) for x in out.stdout.strip().splitlines()[-1].split())
        opens.append(opened)
        totals.append(total)
    print(
        "load in a fresh process, median of 5: gazetteer + finder + first lookup"
        f" {statistics.median(opens):.3f} s;"
        f" with Python imports of frontwire {statistics.median(totals):.3f} s"
    )

    texts = [a.findtext("text") or "" for a in ET.parse(GEOVIRUS).getroot().iter("article")][: args.articles]
    nlp = load_nlp()
    finder = PlaceFinder.load(Config())
    list(nlp.pipe(texts[:5]))  # warm up
    t0, c0 = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe(texts))
    parse, parse_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for text, doc in zip(texts, docs, strict=True):
        n += len(finder.find_text(text, doc))
    geo, geo_cpu = time.perf_counter() - t0, time.process_time() - c0
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} articles, {chars} characters, {n} place mentions")
    print(
        f"spaCy parse: {parse_cpu:.2f} s CPU; geoparsing: {geo_cpu:.2f} s CPU;"
        f" overhead {100 * geo_cpu / parse_cpu:.1f}% of the parse by CPU time"
        f" ({100 * geo / parse:.1f}% by wall time: {parse:.2f} s and {geo:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
