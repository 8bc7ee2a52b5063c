"""Validate the hand-made gold file and print its counts.

Usage (from the repository root):
    .venv/bin/python benchmarks/gold/check_gold.py [benchmarks/gold/fakes_dev.gold.jsonl]

Checks every line: valid JSON, required keys, sub-event types spelled as in the contract's
taxonomy.md and consistent with event_type, dates well formed and not after the publication
date, admin1 names as in GeoNames admin1CodesASCII.txt, coordinates inside Syria's bounding box
when the country is Syria, interaction consistent with the inter codes, and (when the FA-KES file
is present) that no note or claim text copies a run of eight or more words from the article.
Exits 1 when any check fails.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SHARED = REPO.parent / "shared"
TAXONOMY_MD = SHARED / "contract" / "taxonomy.md"
ADMIN1 = SHARED / "data" / "geonames" / "admin1CodesASCII.txt"
FAKES = SHARED / "data" / "fakes" / "fakes_dev.csv"
DEFAULT_GOLD = HERE / "fakes_dev.gold.jsonl"

# Syria's bounding box (GeoNames countryInfo, rounded outwards a little).
SYRIA_BOX = (32.3, 37.4, 35.6, 42.5)  # lat min, lat max, lon min, lon max

ARTICLE_KEYS = {"id", "fakes_unit_id", "published", "source", "events"}
EVENT_KEYS = {
    "event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2",
    "inter1", "inter2", "interaction", "civilian_targeting", "country", "admin1", "location",
    "latitude", "longitude", "geo_precision", "fatalities",
}  # fmt: skip


def load_taxonomy(path: Path) -> dict[str, str]:
    """Sub-event type -> event type, parsed from the contract's taxonomy.md."""
    subs: dict[str, str] = {}
    current = None
    for line in path.read_text("utf-8").splitlines():
        heading = re.match(r"^## (.+?):", line)
        if heading:
            current = heading.group(1).strip()
            continue
        if line.startswith("## "):
            current = None
        item = re.match(r"^- `([^`]+)`", line)
        if item and current:
            subs[item.group(1)] = current
    return subs


def load_admin1(path: Path) -> set[str]:
    names = set()
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("SY."):
            names.add(parts[1])
    return names


def load_texts(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["unit_id"]: row["article_content"] for row in csv.DictReader(fh)}


def copies_text(note: str, text: str, run: int = 8) -> bool:
    """True when the note repeats `run` consecutive words of the article."""
    words = re.findall(r"\w+", note.lower())
    body = " " + " ".join(re.findall(r"\w+", text.lower())) + " "
    return any(" " + " ".join(words[i : i + run]) + " " in body for i in range(len(words) - run + 1))


def check_event(ev: dict, published: date, subs: dict[str, str], admin1: set[str]) -> list[str]:
    errs = [f"missing {k}" for k in sorted(EVENT_KEYS - ev.keys())]
    if errs:
        return errs
    sub = ev["sub_event_type"]
    if sub not in subs:
        errs.append(f"unknown sub_event_type {sub!r}")
    elif subs[sub] != ev["event_type"]:
        errs.append(f"{sub!r} belongs to {subs[sub]!r}, not {ev['event_type']!r}")
    try:
        when = date.fromisoformat(ev["event_date"])
        if when > published:
            errs.append(f"event_date {when} after published {published}")
    except (TypeError, ValueError):
        errs.append(f"bad event_date {ev['event_date']!r}")
    if ev["time_precision"] not in (1, 2, 3):
        errs.append("time_precision not 1-3")
    if ev["geo_precision"] not in (1, 2, 3):
        errs.append("geo_precision not 1-3")
    if not isinstance(ev["fatalities"], int) or ev["fatalities"] < 0:
        errs.append("fatalities not a non-negative int")
    if not isinstance(ev["civilian_targeting"], bool):
        errs.append("civilian_targeting not bool")
    i1, i2 = ev["inter1"], ev["inter2"]
    if not ev["actor1"] or i1 not in range(1, 9):
        errs.append("actor1/inter1 missing or inter1 not 1-8")
    elif (ev["actor2"] is None) != (i2 is None):
        errs.append("actor2 and inter2 must both be set or both null")
    else:
        want = 10 * i1 if i2 is None else int(f"{min(i1, i2)}{max(i1, i2)}")
        if ev["interaction"] != want:
            errs.append(f"interaction {ev['interaction']} != {want}")
    if ev["country"] == "Syria":
        lat, lon = ev["latitude"], ev["longitude"]
        if not (SYRIA_BOX[0] <= lat <= SYRIA_BOX[1] and SYRIA_BOX[2] <= lon <= SYRIA_BOX[3]):
            errs.append(f"coordinates {lat},{lon} outside Syria")
        if ev["admin1"] not in admin1:
            errs.append(f"admin1 {ev['admin1']!r} not a GeoNames name")
    for claim in ev.get("claims", []):
        if claim.get("certainty") not in {"reported", "claimed", "unconfirmed", "denied", "confirmed"}:
            errs.append(f"bad claim certainty {claim.get('certainty')!r}")
    return errs


def main(argv: list[str]) -> int:
    gold = Path(argv[1]) if len(argv) > 1 else DEFAULT_GOLD
    subs, admin1, texts = load_taxonomy(TAXONOMY_MD), load_admin1(ADMIN1), load_texts(FAKES)
    errors: list[str] = []
    ids: set[str] = set()
    n_art = n_ev = n_opt = n_empty = 0
    by_type: Counter[str] = Counter()
    by_sub: Counter[str] = Counter()
    by_src: Counter[str] = Counter()
    by_adm: Counter[str] = Counter()
    for lineno, line in enumerate(gold.read_text("utf-8").splitlines(), 1):
        where = f"line {lineno}"
        try:
            art = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: invalid JSON ({exc})")
            continue
        missing = ARTICLE_KEYS - art.keys()
        if missing:
            errors.append(f"{where}: missing {sorted(missing)}")
            continue
        where = f"line {lineno} ({art['id']})"
        if art["id"] != f"fakes-{art['fakes_unit_id']}" or art["id"] in ids:
            errors.append(f"{where}: id malformed or duplicated")
        ids.add(art["id"])
        if "text" in art or "article_content" in art:
            errors.append(f"{where}: article text must not be stored in the gold file")
        if texts and art["fakes_unit_id"] not in texts:
            errors.append(f"{where}: unit_id not in {FAKES.name}")
        published = date.fromisoformat(art["published"])
        n_art += 1
        by_src[art["source"]] += 1
        n_empty += not art["events"]
        for k, ev in enumerate(art["events"]):
            errors += [f"{where} event {k}: {e}" for e in check_event(ev, published, subs, admin1)]
            own_words = [ev.get("notes", "")] + [c.get("text", "") for c in ev.get("claims", [])]
            text = texts.get(art["fakes_unit_id"], "")
            if text and any(copies_text(words, text) for words in own_words if words):
                errors.append(f"{where} event {k}: note or claim copies article wording")
            n_ev += 1
            n_opt += bool(ev.get("optional"))
            by_type[ev.get("event_type", "?")] += 1
            by_sub[ev.get("sub_event_type", "?")] += 1
            by_adm[ev.get("admin1", "?")] += 1
    print(f"articles: {n_art} (without events: {n_empty})")
    print(f"events: {n_ev} (optional: {n_opt}, required: {n_ev - n_opt})")
    for title, counter in (("event types", by_type), ("sub-event types", by_sub),
                           ("admin1", by_adm), ("articles by source", by_src)):  # fmt: skip
        print(f"{title}:")
        for name, count in counter.most_common():
            print(f"  {count:4d}  {name}")
    for err in errors:
        print("ERROR", err)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
