"""User additions to the gazetteer (`frontwire gazetteer import FILE`).

Two formats: a GeoNames dump in its standard 19-column tab-separated form (e.g. ``SY.txt`` from a
country zip), or a simple CSV with a header ``name,lat,lon,country,admin1,aliases`` (aliases separated
by ``;`` or ``|``; country as a name or an ISO code). Places go into the user's SQLite file (same
schema as the main one), which `Gazetteer.open` attaches; imported places win ties in resolution.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

from frontwire.errors import GazetteerError
from frontwire.knowledge.gazetteer import ensure_schema
from frontwire.knowledge.gazetteer_build import (
    COLUMNS,
    PlaceRow,
    _geonames_rows,
    index_names,
    write_places,
)
from frontwire.knowledge.placenames import light_fold

CSV_FIELDS = ("name", "lat", "lon", "country", "admin1", "aliases")


def _is_geonames(path: Path) -> bool:
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                cols = line.rstrip("\n").split("\t")
                return len(cols) >= 15 and cols[0].isdigit()
    return False


def _country_codes(conn: sqlite3.Connection) -> dict[str, str]:
    """Country name or code (light-folded) -> ISO2, from the databases known so far."""
    codes: dict[str, str] = {}
    for cc, name in conn.execute("SELECT country_code, name FROM places WHERE feature = 'country'"):
        codes[light_fold(name)] = cc
        codes[cc.lower()] = cc
    return codes


def _csv_rows(path: Path, codes: dict[str, str]) -> tuple[list[PlaceRow], list[tuple[str, str]]]:
    rows: list[PlaceRow] = []
    problems: list[tuple[str, str]] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if not {"name", "lat", "lon"} <= set(header):
            raise GazetteerError(f"{path}: a CSV needs the columns {','.join(CSV_FIELDS)} (got {header})")
        for n, raw in enumerate(reader, 2):
            rec = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            origin = f"{path}:{n}"
            try:
                lat, lon = float(rec["lat"]), float(rec["lon"])
            except ValueError:
                problems.append((origin, f"bad coordinates {rec.get('lat')!r}, {rec.get('lon')!r}"))
                continue
            if not rec["name"] or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                problems.append((origin, "a name and coordinates within -90..90, -180..180 are needed"))
                continue
            country = rec.get("country", "")
            cc = codes.get(light_fold(country), country.upper() if len(country) == 2 else "")
            if country and not cc:
                problems.append((origin, f"unknown country {country!r}"))
                continue
            slug = re.sub(r"[^a-z0-9]+", "-", light_fold(rec["name"])).strip("-")
            aliases = [a.strip() for a in re.split(r"[;|]", rec.get("aliases", "")) if a.strip()]
            rows.append(
                PlaceRow(
                    id=f"user:{slug}:{lat:.4f},{lon:.4f}",
                    name=rec["name"],
                    fclass="P",
                    fcode="PPL",
                    feature="village",
                    country_code=cc,
                    admin1=rec.get("admin1", ""),
                    admin2="",
                    latitude=lat,
                    longitude=lon,
                    population=0,
                    source="user",
                    names=aliases,
                )
            )
    return rows, problems


def import_places(
    path: Path, user_db: Path, main_db: Path | None = None
) -> tuple[int, list[tuple[str, str]]]:
    """Add the places of `path` to `user_db`; returns (places added, [(origin, problem)])."""
    problems: list[tuple[str, str]] = []
    codes: dict[str, str] = {}
    admin1_names: dict[str, str] = {}
    countries: dict[str, str] = {}
    if main_db is not None and main_db.is_file():
        main = sqlite3.connect(f"file:{main_db}?mode=ro", uri=True)
        try:
            codes = _country_codes(main)
            countries = {
                cc: name
                for cc, name in main.execute(
                    "SELECT country_code, name FROM places WHERE feature = 'country'"
                )
            }
            admin1_names = {
                f"{cc}.{code}": name
                for cc, code, name in main.execute(
                    "SELECT country_code, admin1_code, name FROM places WHERE feature = 'admin1'"
                )
            }
        finally:
            main.close()
    try:
        if _is_geonames(path):
            rows = list(_geonames_rows(path))
            for r in rows:
                r.source = "user"
        else:
            rows, problems = _csv_rows(path, codes)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GazetteerError(f"{path}: cannot read: {exc}") from exc
    user_db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(user_db)
    try:
        ensure_schema(conn)
        dicts = [dict(zip(COLUMNS, r.to_tsv().split("\t"), strict=True)) for r in rows]
        ids = [d["id"] for d in dicts]
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            conn.execute(
                f"DELETE FROM names_raw WHERE place IN (SELECT rowid FROM places WHERE id IN ({marks}))",
                part,
            )
        write_places(conn, dicts, countries, admin1_names)
        index_names(conn)
        conn.commit()
    except sqlite3.Error as exc:
        raise GazetteerError(f"cannot write the user gazetteer {user_db}: {exc}") from exc
    finally:
        conn.close()
    return len(rows), problems
