"""Geoparsing accuracy on LGL and GeoVirus (real news with gold toponyms), end to end.

    .venv/bin/python benchmarks/geoparse_corpora.py [--corpus lgl|geovirus|both] [--limit N] [--no-ner]

For every gold toponym with coordinates: was it found (a predicted mention overlaps its span) and
resolved within 161 km (Gritta et al. 2020's accuracy@161km)? Prints the end-to-end share, recognition
precision/recall (span overlap), accuracy@161 and median error over the toponyms found.

Tuning note: while developing, the resolution and recognition rules were looked at on the first 100
LGL articles only ("dev"); the script reports dev and the held-out rest ("test") separately, and
GeoVirus was never used for tuning. Demonyms ("American") count as toponyms in both corpora, so the
finder runs with ``include_demonyms=True`` here (its default for event extraction is False).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "geoparsing"
DEV_LGL = 100


@dataclass
class Gold:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None


def read_lgl(path: Path) -> list[tuple[str, list[Gold]]]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for tp in art.iter("toponym"):
            g = tp.find("gaztag")
            lat = lon = None
            if g is not None and g.findtext("lat"):
                lat, lon = float(g.findtext("lat") or 0), float(g.findtext("lon") or 0)
            golds.append(
                Gold(
                    int(tp.findtext("start") or 0),
                    int(tp.findtext("end") or 0),
                    tp.findtext("phrase") or "",
                    lat,
                    lon,
                )
            )
        out.append((text, golds))
    return out


def read_geovirus(path: Path) -> list[tuple[str, list[Gold]]]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds = [
            Gold(
                int(loc.findtext("start") or 0),
                int(loc.findtext("end") or 0),
                loc.findtext("name") or "",
                float(loc.findtext("lat") or 0),
                float(loc.findtext("lon") or 0),
            )
            for loc in art.iter("location")
        ]
        out.append((text, golds))
    return out


def score(name: str, docs: list[tuple[str, list[Gold]]], use_ner: bool) -> dict[str, float]:
    from frontwire.config import Config
    from frontwire.extract.places import PlaceFinder, haversine_km
    from frontwire.nlp import load_nlp

    finder = PlaceFinder.load(Config(), include_demonyms=True)
    nlp = load_nlp() if use_ner else None
    n_gold = n_geo = found_geo = resolved = n_pred = pred_ok = gold_found = 0
    errors: list[float] = []
    t0 = time.perf_counter()
    parsed = nlp.pipe(t for t, _ in docs) if nlp is not None else (None for _ in docs)
    for (text, golds), doc in zip(docs, parsed, strict=True):
        preds = finder.find_text(text, doc)
        n_pred += len(preds)
        pred_ok += sum(1 for p in preds if any(p.start < g.end and g.start < p.end for g in golds))
        for g in golds:
            n_gold += 1
            hit = next((p for p in preds if p.start < g.end and g.start < p.end), None)
            gold_found += hit is not None
            if g.lat is None or g.lon is None:
                continue
            n_geo += 1
            if hit is None:
                continue
            found_geo += 1
            err = haversine_km(g.lat, g.lon, hit.place.latitude, hit.place.longitude)
            errors.append(err)
            resolved += err <= 161
    secs = time.perf_counter() - t0
    res = {
        "articles": len(docs),
        "gold toponyms": n_gold,
        "with coordinates": n_geo,
        "END-TO-END found and within 161 km": resolved / max(1, n_geo),
        "recognition precision": pred_ok / max(1, n_pred),
        "recognition recall": gold_found / max(1, n_gold),
        "accuracy@161 of found": resolved / max(1, found_geo),
        "median error km (found)": statistics.median(errors) if errors else float("nan"),
        "seconds": secs,
    }
    print(f"\n== {name} ==")
    for k, v in res.items():
        print(f"  {k:38s} {v:.3f}" if isinstance(v, float) else f"  {k:38s} {v}")
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=["lgl", "geovirus", "both"], default="both")
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each part (quick runs)")
    ap.add_argument("--no-ner", action="store_true", help="gazetteer and context only, no spaCy parse")
    ap.add_argument("--dev-only", action="store_true", help="only the LGL dev part")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"missing {DATA}", file=sys.stderr)
        return 2
    use_ner = not args.no_ner
    if args.corpus in ("lgl", "both"):
        lgl = read_lgl(DATA / "lgl.xml")
        score("LGL dev (articles 1-100, looked at while tuning)", lgl[:DEV_LGL][: args.limit], use_ner)
        if not args.dev_only:
            score("LGL test (articles 101-588, held out)", lgl[DEV_LGL:][: args.limit], use_ner)
    if args.corpus in ("geovirus", "both") and not args.dev_only:
        score("GeoVirus (held out)", read_geovirus(DATA / "GeoVirus.xml")[: args.limit], use_ner)
    return 0


if __name__ == "__main__":
    sys.exit(main())
