"""Geoparsing accuracy on LGL and GeoVirus (real news with gold toponyms), end to end.

    .venv/bin/python benchmarks/geoparse_corpora.py [--split all|tune|heldout] [--corpus lgl|geovirus|both]
        [--limit N] [--no-ner] [--no-source]

For every gold toponym with coordinates: was it found (a predicted mention overlaps its span) and
resolved within 161 km (Gritta et al. 2020's accuracy@161km)? Prints the end-to-end share, recognition
precision/recall (span overlap), accuracy@161 and median error over the toponyms found.

Tuning note: while developing, the resolution and recognition rules were looked at on the tuning
parts only: the first 100 LGL articles and, since round geo6, the first 76 GeoVirus articles (a third
of its 229; before geo6 GeoVirus was never looked at). The script reports each tuning part and its
held-out rest separately. ``--split tune`` scores the tuning parts alone and prints every error there
(toponyms missed, resolved more than 161 km off, predictions that match no gold toponym); the
held-out parts (LGL 101-588, GeoVirus 77-229) only ever print aggregate scores; ``--split all`` adds
GeoVirus as a whole, the figure reported before the split. Demonyms ("American") count as
toponyms in LGL, so the finder runs with ``include_demonyms=True`` there (its default for event
extraction is False); GeoVirus annotates none (not one of the 545 gold toponyms of its tuning part is
a demonym), so it is read with the default. Before geo6 GeoVirus was read with demonyms too, which
lowered its recognition precision only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from frontwire.types import PlaceMention, PlaceRef

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "geoparsing"
TUNE_LGL = 100  # LGL articles 1-100 may be read while tuning; the rest is held out
TUNE_GEOVIRUS = 76  # GeoVirus articles 1-76 (the first third of 229) likewise, since geo6


@dataclass
class Gold:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    fcode: str = ""  # GeoNames feature code of the gold place (LGL only)


def read_lgl(path: Path) -> list[tuple[str, list[Gold], str]]:
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
                    (g.findtext("fcode") or "") if g is not None else "",
                )
            )
        out.append((text, golds, art.findtext("domain") or ""))
    return out


def read_geovirus(path: Path) -> list[tuple[str, list[Gold], str]]:
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
        out.append((text, golds, art.findtext("source") or ""))
    return out


def score(
    name: str,
    docs: list[tuple[str, list[Gold], str]],
    use_ner: bool,
    *,
    show_errors: bool = False,
    use_source: bool = True,
    demonyms: bool = True,
) -> dict[str, float]:
    """Aggregate scores of one part; ``show_errors`` (tuning part only) prints each error too."""
    from frontwire.config import Config
    from frontwire.distance import haversine_km
    from frontwire.extract.place_home import SourceHomes
    from frontwire.extract.places import PlaceFinder
    from frontwire.nlp import load_nlp

    finder = PlaceFinder.load(Config(), include_demonyms=demonyms)
    finder.homes = SourceHomes()  # each part learns its outlets' home regions from its own articles only
    nlp = load_nlp() if use_ner else None
    n_gold = n_geo = found_geo = resolved = n_pred = pred_ok = gold_found = 0
    errors: list[float] = []
    t0 = time.perf_counter()
    parsed = nlp.pipe(t for t, _, _ in docs) if nlp is not None else (None for _ in docs)
    classes: Counter[tuple[str, str]] = Counter()
    found: list[list[PlaceMention]] = []
    batch: list[tuple[str, Doc | None, str | None]] = []
    for (text, _, source), doc in zip(docs, parsed, strict=True):
        batch.append((text, doc, source if use_source else None))
        if len(batch) == Config().batch_size:  # as `frontwire geoparse` reads them
            found.extend(finder.find_batch(batch))
            batch = []
    found.extend(finder.find_batch(batch))
    for number, ((text, golds, _), preds) in enumerate(zip(docs, found, strict=True), start=1):
        n_pred += len(preds)
        for p in preds:
            if any(p.start < g.end and g.start < p.end for g in golds):
                pred_ok += 1
            elif show_errors:
                classes["spurious", ""] += 1
                print(f"  [{number}] SPURIOUS {p.text!r} -> {_where(p.place)}")
        for g in golds:
            n_gold += 1
            hit = next((p for p in preds if p.start < g.end and g.start < p.end), None)
            gold_found += hit is not None
            if g.lat is None or g.lon is None:
                continue
            n_geo += 1
            if hit is None:
                if show_errors:
                    classes["missed", g.fcode] += 1
                    print(f"  [{number}] MISSED {g.name!r} ({g.fcode}) context: {_around(text, g)!r}")
                continue
            found_geo += 1
            err = haversine_km(g.lat, g.lon, hit.place.latitude, hit.place.longitude)
            errors.append(err)
            resolved += err <= 161
            if show_errors and err > 161:
                classes["far", g.fcode] += 1
                print(
                    f"  [{number}] FAR {err:.0f} km {g.name!r} ({g.fcode} {g.lat:.2f},{g.lon:.2f})"
                    f" -> {hit.text!r} {_where(hit.place)}"
                )
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
    if show_errors:
        print("\n  errors by class and gold feature code:")
        for (kind, fcode), n in classes.most_common():
            print(f"    {kind:9s} {fcode or '-':6s} {n}")
    print(f"\n== {name} ==")
    for k, v in res.items():
        print(f"  {k:38s} {v:.3f}" if isinstance(v, float) else f"  {k:38s} {v}")
    return res


def _where(place: PlaceRef) -> str:
    return f"{place.name} [{place.feature}, {place.country_code}] {place.latitude:.2f},{place.longitude:.2f}"


def _around(text: str, g: Gold, width: int = 50) -> str:
    return text[max(0, g.start - width) : g.end + width].replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=["lgl", "geovirus", "both"], default="both")
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each part (quick runs)")
    ap.add_argument("--no-ner", action="store_true", help="gazetteer and context only, no spaCy parse")
    ap.add_argument(
        "--no-source", action="store_true", help="articles without their outlet (no home-region prior)"
    )
    ap.add_argument(
        "--split",
        choices=["all", "tune", "heldout"],
        default="all",
        help="tune: LGL articles 1-100 and GeoVirus 1-76 with every error printed; heldout: LGL 101-588"
        " and GeoVirus 77-229 (aggregate scores only); all: every part, and GeoVirus whole",
    )
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"missing {DATA}", file=sys.stderr)
        return 2
    use_ner = not args.no_ner
    kw = {"use_source": not args.no_source}
    if args.corpus in ("lgl", "both"):
        lgl = read_lgl(DATA / "lgl.xml")
        if args.split in ("all", "tune"):
            tune = lgl[:TUNE_LGL][: args.limit]
            score("LGL tuning part (articles 1-100)", tune, use_ner, show_errors=args.split == "tune", **kw)
        if args.split in ("all", "heldout"):
            score("LGL held out (articles 101-588)", lgl[TUNE_LGL:][: args.limit], use_ner, **kw)
    if args.corpus in ("geovirus", "both"):
        gv = read_geovirus(DATA / "GeoVirus.xml")
        kw["demonyms"] = False  # GeoVirus annotates no demonyms
        if args.split in ("all", "tune"):
            tune = gv[:TUNE_GEOVIRUS][: args.limit]
            errs = args.split == "tune"
            score("GeoVirus tuning part (articles 1-76)", tune, use_ner, show_errors=errs, **kw)
        if args.split in ("all", "heldout"):
            score("GeoVirus held out (articles 77-229)", gv[TUNE_GEOVIRUS:][: args.limit], use_ner, **kw)
        if args.split == "all":
            score("GeoVirus whole (articles 1-229)", gv[: args.limit], use_ner, **kw)
    return 0


if __name__ == "__main__":
    sys.exit(main())
