"""Regenerate src/frontwire/data/actors/countries.yaml: one block per country for the per-country actors.

Why a script: ACLED codes state forces, police, protesters, rioters, civilians and unnamed gunmen for every
country ("Military Forces of X", "Protesters (X)", ...). Writing ~250 blocks by hand invites typos, so the
country list comes from GeoNames' countryInfo.txt and the demonyms ("Syrian", "Turkish") from the Phoenix
country dictionary (the first adjective-like alias of each country block), with a small table of fixes.

Usage (from the repository root):
    .venv/bin/python scripts/build_country_actors.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import re
from difflib import SequenceMatcher
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "frontwire" / "data" / "actors" / "countries.yaml"

# ACLED's spelling of a country where it differs from GeoNames' short name, and the article it takes
# in "Military Forces of the United States".
NAME_FIXES = {
    "United States": "United States",
    "Democratic Republic of the Congo": "Democratic Republic of Congo",
    "Republic of the Congo": "Republic of Congo",
    "Czechia": "Czech Republic",
    "Turkey": "Turkey",
    "Türkiye": "Turkey",
    "Ivory Coast": "Ivory Coast",
    "North Macedonia": "North Macedonia",
    "Palestinian Territory": "Palestine",
    "Myanmar": "Myanmar",
    "Eswatini": "eSwatini",
    "Vatican": "Vatican City",
}
WITH_THE = {
    "United States",
    "United Kingdom",
    "United Arab Emirates",
    "Netherlands",
    "Philippines",
    "Central African Republic",
    "Democratic Republic of Congo",
    "Republic of Congo",
    "Bahamas",
    "Gambia",
    "Comoros",
    "Maldives",
    "Marshall Islands",
    "Solomon Islands",
    "Czech Republic",
    "Dominican Republic",
}
# Demonyms the Phoenix heuristic misses or gets wrong; added to (not replacing) what it finds.
DEMONYM_FIXES: dict[str, list[str]] = {
    "US": ["American", "US", "U.S."],
    "GB": ["British", "UK"],
    "AE": ["Emirati"],
    "SY": ["Syrian"],
    "IQ": ["Iraqi"],
    "TR": ["Turkish"],
    "RU": ["Russian"],
    "IR": ["Iranian"],
    "IL": ["Israeli"],
    "LB": ["Lebanese"],
    "JO": ["Jordanian"],
    "SA": ["Saudi"],
    "PS": ["Palestinian"],
    "YE": ["Yemeni"],
    "EG": ["Egyptian"],
    "LY": ["Libyan"],
    "AF": ["Afghan"],
    "PK": ["Pakistani"],
    "IN": ["Indian"],
    "UA": ["Ukrainian"],
    "FR": ["French"],
    "DE": ["German"],
    "NL": ["Dutch"],
    "CN": ["Chinese"],
    "KR": ["South Korean"],
    "KP": ["North Korean"],
    "CD": ["Congolese"],
    "CG": ["Congolese"],
    "NG": ["Nigerian"],
    "SD": ["Sudanese"],
    "SS": ["South Sudanese"],
    "SO": ["Somali"],
    "ML": ["Malian"],
    "MX": ["Mexican"],
    "CO": ["Colombian"],
    "PH": ["Filipino", "Philippine"],
    "MM": ["Myanmar", "Burmese"],
    "ET": ["Ethiopian"],
    "QA": ["Qatari"],
    "KW": ["Kuwaiti"],
    "BH": ["Bahraini"],
    "OM": ["Omani"],
    "TN": ["Tunisian"],
    "DZ": ["Algerian"],
    "MA": ["Moroccan"],
    "AZ": ["Azerbaijani"],
    "AM": ["Armenian"],
    "GE": ["Georgian"],
    "CY": ["Cypriot"],
    "GR": ["Greek"],
    "BD": ["Bangladeshi"],
    "LK": ["Sri Lankan"],
    "NP": ["Nepali", "Nepalese"],
    "TH": ["Thai"],
    "VN": ["Vietnamese"],
    "ID": ["Indonesian"],
    "MY": ["Malaysian"],
    "BR": ["Brazilian"],
    "AR": ["Argentine", "Argentinian"],
    "VE": ["Venezuelan"],
    "HT": ["Haitian"],
    "CM": ["Cameroonian"],
    "BF": ["Burkinabe"],
    "NE": ["Nigerien"],
    "TD": ["Chadian"],
    "CF": ["Central African"],
    "MZ": ["Mozambican"],
    "KE": ["Kenyan"],
    "UG": ["Ugandan"],
    "ZA": ["South African"],
    "CA": ["Canadian"],
    "AU": ["Australian"],
    "IT": ["Italian"],
    "ES": ["Spanish"],
    "BE": ["Belgian"],
    "DK": ["Danish"],
    "NO": ["Norwegian"],
    "SE": ["Swedish"],
    "FI": ["Finnish"],
    "PL": ["Polish"],
    "CH": ["Swiss"],
    "IE": ["Irish"],
    "PT": ["Portuguese"],
    "JP": ["Japanese"],
    "BY": ["Belarusian"],
    "KZ": ["Kazakh"],
    "UZ": ["Uzbek"],
    "TJ": ["Tajik"],
    "KG": ["Kyrgyz"],
    "TM": ["Turkmen"],
    "EE": ["Estonian"],
    "LV": ["Latvian"],
    "LT": ["Lithuanian"],
    "MD": ["Moldovan"],
    "ME": ["Montenegrin"],
    "RS": ["Serbian"],
    "HR": ["Croatian"],
    "SI": ["Slovenian"],
    "SK": ["Slovak"],
    "RO": ["Romanian"],
    "BA": ["Bosnian"],
    "XK": ["Kosovar"],
    "MK": ["Macedonian"],
    "ER": ["Eritrean"],
    "MG": ["Malagasy"],
    "BW": ["Botswanan"],
    "LS": ["Basotho"],
    "ZW": ["Zimbabwean"],
    "ZM": ["Zambian"],
    "RW": ["Rwandan"],
    "BI": ["Burundian"],
    "SN": ["Senegalese"],
    "GN": ["Guinean"],
    "GW": ["Bissau-Guinean"],
    "SL": ["Sierra Leonean"],
    "LR": ["Liberian"],
    "MR": ["Mauritanian"],
    "CI": ["Ivorian"],
    "CR": ["Costa Rican"],
    "HN": ["Honduran"],
    "GT": ["Guatemalan"],
    "NI": ["Nicaraguan"],
    "CU": ["Cuban"],
    "EC": ["Ecuadorian"],
    "BO": ["Bolivian"],
    "CL": ["Chilean"],
    "PY": ["Paraguayan"],
    "UY": ["Uruguayan"],
    "MN": ["Mongolian"],
    "KH": ["Cambodian"],
    "PG": ["Papua New Guinean"],
    "NZ": ["New Zealand"],
    "NA": ["Namibian"],
    "AO": ["Angolan"],
    "TZ": ["Tanzanian"],
    "MW": ["Malawian"],
    "DJ": ["Djiboutian"],
    "GM": ["Gambian"],
    "TL": ["Timorese"],
    "BG": ["Bulgarian"],
    "HU": ["Hungarian"],
    "AT": ["Austrian"],
    "AL": ["Albanian"],
    "IS": ["Icelandic"],
    "LU": ["Luxembourgish"],
    "CV": ["Cape Verdean"],
    "EH": ["Sahrawi"],
}
# Other names of a country (UCDP's "Government of Bosnia-Herzegovina", "DR Congo").
EXTRA_ALIASES: dict[str, list[str]] = {
    "BA": ["Bosnia-Herzegovina", "Bosnia"],
    "US": ["United States of America", "USA", "the United States"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "GB": ["Britain", "Great Britain", "UK"],
    "MM": ["Burma"],
    "KH": ["Kampuchea"],
    "TR": ["Türkiye", "Turkiye"],
    "SY": ["Syrian Arab Republic"],
    "IR": ["Islamic Republic of Iran"],
    "KP": ["DPRK"],
    "PS": ["Palestinian Territories", "West Bank and Gaza"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
}
# Phoenix aliases that pass the adjective test but are not demonyms.
NOT_DEMONYMS = {"Mahoran", "Windhoek", "Dutchman", "Dannish"}
ADJECTIVE = re.compile(r"^[A-Z][A-Z']+(?:AN|IAN|ESE|ISH|CH|I|IC|EAN|INE|OT|SS|EK|AK|ECH)$")


MISSPELLING = re.compile(r"(STAN|REICH|REPUBLIC|IKI)$")


def _is_variant(word: str, country: str) -> bool:
    """A spelling of the country's own name ("Djibuti"), not an adjective."""
    return SequenceMatcher(None, word.lower(), country.lower()).ratio() > 0.8


def read_countries(path: Path) -> list[dict[str, str]]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith(("#", "ISO\t")) or not line.strip():
            continue
        cols = line.split("\t")
        rows.append({"iso2": cols[0], "iso3": cols[1], "name": cols[4]})
    return rows


def phoenix_demonyms(path: Path) -> dict[str, list[str]]:
    """ISO3 -> adjective-like aliases from the first lines of each Phoenix country block."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    seen = 0
    for raw in path.read_text("utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        head = re.match(r"^[A-Z_]+\s+\[([A-Z]{3})\]", line)
        if head:
            current, seen = head.group(1), 0
            continue
        if current is None:
            continue
        if line.startswith("+"):
            seen += 1
            word = line[1:].strip().rstrip("_")
            if seen <= 2 and "_" not in word and ADJECTIVE.match(word) and not MISSPELLING.search(word):
                out.setdefault(current, []).append(word.title())
        elif line:
            current = None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    countries = read_countries(args.shared / "geonames" / "countryInfo.txt")
    demonyms = phoenix_demonyms(args.shared / "actors" / "Phoenix.Countries.actors.txt")
    blocks = []
    for c in sorted(countries, key=lambda r: r["iso2"]):
        name = NAME_FIXES.get(c["name"], c["name"])
        found = [
            d for d in demonyms.get(c["iso3"], []) if not _is_variant(d, c["name"]) and d not in NOT_DEMONYMS
        ]
        dem = list(dict.fromkeys(DEMONYM_FIXES.get(c["iso2"], []) + found))
        block: dict[str, object] = {"iso2": c["iso2"], "iso3": c["iso3"], "name": name}
        if name in WITH_THE:
            block["article"] = "the"
        aliases = ([c["name"]] if c["name"] != name else []) + EXTRA_ALIASES.get(c["iso2"], [])
        if aliases:
            block["aliases"] = aliases
        block["demonyms"] = dem
        blocks.append(block)
    header = (
        "# Per-country actors (state forces, police, protesters, rioters, civilians, unidentified armed\n"
        "# groups) are derived from these blocks by frontwire.knowledge.actorkb.\n"
        "# GENERATED by scripts/build_country_actors.py from GeoNames countryInfo.txt (CC BY 4.0) and the\n"
        "# demonyms of the Phoenix country dictionary (petrarch2, MIT), plus the script's fix table.\n"
        "# Do not edit by hand: add overrides in states.yaml or your own file instead.\n"
    )
    OUT.write_text(
        header + yaml.safe_dump({"countries": blocks}, sort_keys=False, allow_unicode=True), "utf-8"
    )


if __name__ == "__main__":
    main()
