"""UCDP GED Syria exact places: looked up as written, and found in sentences written around them.

    .venv/bin/python benchmarks/geoparse_ucdp.py [--limit N] [--holdout]

1. Lookup: every distinct exact-precision place (``where_prec`` 1; ``where_coordinates`` cut before the
   first comma or bracket, e.g. "Kokab village", "Abu Rasin/Zarkan town") is looked up as written with
   `Gazetteer.lookup`; share whose top candidate lies within 10 km of UCDP's point.
2. In sentences: each name (feature word and alternatives removed: "Kokab", "Abu Rasin") is put into
   sentences of a few shapes written here ("Clashes erupted near X in Y province.") with its UCDP
   governorate; share found by `geoparse_text` and resolved within 10 km.

Caveat: the shipped gazetteer *contains* these UCDP places (they are one of its sources), so (1) and
(2) measure matching and disambiguation against the other 240,000 places, not coverage. ``--holdout``
builds a gazetteer WITHOUT UCDP into a temporary folder and measures what GeoNames alone covers.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UCDP = REPO.parent / "shared" / "data" / "ucdp" / "ged_syria_2016_2019.csv"
TEMPLATES = (
    "Clashes erupted near {x} in {y} province on Tuesday.",
    "Government forces shelled {x}, in the {y} countryside, killing two civilians.",
    "Activists said warplanes struck {x} overnight.",
    "The SDF said its fighters repelled an attack on {x} in {y}.",
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--holdout", action="store_true", help="gazetteer built without the UCDP places")
    args = ap.parse_args(argv)
    from frontwire.config import Config
    from frontwire.distance import haversine_km
    from frontwire.extract.places import PlaceFinder
    from frontwire.knowledge.gazetteer import Gazetteer
    from frontwire.knowledge.gazetteer_build import build_sqlite, data_file, read_compiled, ucdp_exact_places
    from frontwire.knowledge.placenames import strip_feature_words

    places = ucdp_exact_places(UCDP)
    random.Random(7).shuffle(places)
    places = places[: args.limit]
    config = Config()
    tmp = None
    if args.holdout:
        tmp = tempfile.TemporaryDirectory()
        compiled = data_file("places.tsv.gz")
        rows = [r for r in read_compiled(compiled) if r["source"] != "ucdp"]
        import gzip

        path = Path(tmp.name) / "no-ucdp.tsv.gz"
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write("\t".join(rows[0].keys()) + "\n")
            for r in rows:
                fh.write("\t".join(r.values()) + "\n")
        build_sqlite(path, Path(tmp.name) / "g.sqlite")
        config = Config(gazetteer_path=Path(tmp.name) / "g.sqlite", data_dir=Path(tmp.name))
    gaz = Gazetteer.open(config)
    finder = PlaceFinder.load(config)

    ok = 0
    t0 = time.perf_counter()
    for name, lat, lon, _adm1, _adm2 in places:
        found = gaz.lookup(name, country="SY", limit=1)
        if found and haversine_km(lat, lon, found[0].place.latitude, found[0].place.longitude) <= 10:
            ok += 1
    lookup_secs = time.perf_counter() - t0
    print(f"UCDP Syria exact places: {len(places)}{' (gazetteer WITHOUT UCDP)' if args.holdout else ''}")
    print(f"  lookup as written, top candidate within 10 km: {ok / len(places):.3f} ({ok})")

    found_ok = sentences = 0
    t0 = time.perf_counter()
    for i, (name, lat, lon, adm1, _adm2) in enumerate(places):
        x = strip_feature_words(name.split("/")[0].strip())
        y = re.sub(r"\s+Governorate$", "", adm1)
        text = TEMPLATES[i % len(TEMPLATES)].format(x=x, y=y)
        sentences += 1
        start = text.index(x)
        hits = [m for m in finder.find_text(text) if m.start <= start < m.end]
        if hits and haversine_km(lat, lon, hits[0].place.latitude, hits[0].place.longitude) <= 10:
            found_ok += 1
    print(f"  in written sentences, found and within 10 km:  {found_ok / sentences:.3f} ({found_ok})")
    print(f"  seconds: lookup {lookup_secs:.1f}, sentences {time.perf_counter() - t0:.1f}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
