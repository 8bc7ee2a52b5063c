"""How well the actor knowledge base covers UCDP's side names, with ACLED type codes.

Reads ../shared/data/ucdp/*.csv (UCDP GED, CC BY 4.0), counts every side_a and side_b name over both
files, and for each name that occurs at least --min times checks that it resolves to a KB actor with the
right ACLED type code. UCDP joins allied groups with commas ("Ahrar al-Sham, HTS, Southern Front"): every
part must resolve and be right.

The "right" type code, by ACLED practice:
  * "Government of X": state forces, 1 when the events are in X, 8 (external) when X's forces fight
    abroad, e.g. Russia or Turkey in Syria (decided by the country where most of the name's events are);
  * "Civilians": 7, resolved to "Civilians (<event country>)";
  * any other organised armed group UCDP records fighting a government or another group: 2 (rebel
    group), except organised crime that ACLED codes as political militias, 3 (the drug cartels).

Usage: .venv/bin/python benchmarks/ucdp_actor_coverage.py [--data ../shared/data/ucdp] [--min 20]
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter, defaultdict
from pathlib import Path

from frontwire.knowledge.actorkb import ActorEntry, ActorKB, inter_in, load_actor_kb

REPO = Path(__file__).resolve().parents[1]
CARTEL_WORDS = ("cartel",)


def expected_code(part: str, country: str) -> int:
    """ACLED's type code for a UCDP side name part, by the rules in the module docstring."""
    if part.startswith("Government of "):
        name = part.removeprefix("Government of ").split(" (")[0]
        return 1 if name == country else 8
    if part == "Civilians":
        return 7
    if any(w in part.lower() for w in CARTEL_WORDS):
        return 3
    return 2


def resolve(kb: ActorKB, part: str, country: str) -> tuple[ActorEntry | None, int | None]:
    entry = kb.resolve_in(part, country)
    if entry is None:
        return None, None
    return entry, inter_in(entry.ref(), country)


def read_sides(folder: Path) -> tuple[Counter[str], dict[str, Counter[str]]]:
    counts: Counter[str] = Counter()
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for column in ("side_a", "side_b"):
                    name = (row.get(column) or "").strip()
                    if name and name != "NA":
                        counts[name] += 1
                        countries[name][(row.get("country") or "").strip()] += 1
    return counts, countries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "ucdp")
    parser.add_argument("--min", type=int, default=20, help="only names occurring at least this often")
    args = parser.parse_args()
    kb = load_actor_kb()
    counts, countries = read_sides(args.data)
    frequent = [(n, c) for n, c in counts.most_common() if c >= args.min]
    ok_names = ok_rows = 0
    misses = []
    for name, count in frequent:
        country = countries[name].most_common(1)[0][0]
        problems = []
        resolved = []
        for part in (p.strip() for p in name.split(",")):
            want = expected_code(part, country)
            entry, got = resolve(kb, part, country)
            if entry is None:
                problems.append(f"{part!r} not in the KB")
            elif got != want:
                problems.append(f"{part!r} -> {entry.name_on(None)!r} inter {got}, want {want}")
            else:
                resolved.append(f"{entry.name_on(None)} ({got})")
        if problems:
            misses.append((name, count, problems))
        else:
            ok_names += 1
            ok_rows += count
        status = "ok  " if not problems else "MISS"
        print(f"{status} {count:6d}  {name}  ->  {'; '.join(resolved or problems)}")
    total_rows = sum(c for _, c in frequent)
    all_ok = 0
    for name in counts:
        home = countries[name].most_common(1)[0][0]
        all_ok += all(resolve(kb, p.strip(), home)[0] is not None for p in name.split(","))
    print()
    print(f"side names occurring >= {args.min} times: {len(frequent)}")
    share = ok_names / len(frequent)
    print(f"resolved with the right type code: {ok_names}/{len(frequent)} = {share:.1%}")
    print(f"weighted by occurrences: {ok_rows}/{total_rows} = {ok_rows / total_rows:.1%}")
    share_all = all_ok / len(counts)
    print(f"all side names resolved to some actor (any count): {all_ok}/{len(counts)} = {share_all:.1%}")
    if misses:
        print("misses:")
        for name, count, problems in misses:
            print(f"  {count:6d}  {name}: {'; '.join(problems)}")


if __name__ == "__main__":
    main()
