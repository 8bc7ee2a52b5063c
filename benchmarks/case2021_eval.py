"""Event typing accuracy on CASE 2021 task 2 (../shared/data/case2021_task2/dev.tsv).

Each snippet is parsed and run through `TriggerFinder.find`; the most confident trigger's sub-event type
is the prediction, and a snippet with no trigger is "no event". The five non-ACLED classes (ORG_CRIME,
NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB) are scored as "no event". Prints weighted F1 over
the 26 classes and a per-class table.

The rules were developed looking only at the rows with an even id (``--split tune``); the rows with an
odd id (``--split heldout``) were not read while writing the lexicons, so the held-out figure is the
honest one. ``--split all`` mixes both.

    .venv/bin/python benchmarks/case2021_eval.py --split heldout
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "case2021_task2" / "dev.tsv"
NO_EVENT = "no event"

LABELS = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
    "ORG_CRIME": NO_EVENT,
    "NATURAL_DISASTER": NO_EVENT,
    "MAN_MADE_DISASTER": NO_EVENT,
    "DIPLO": NO_EVENT,
    "ATTRIB": NO_EVENT,
}


def read_rows(split: str) -> list[tuple[str, str, str]]:
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = [(r["id"], r["EventSnippet"], r["SubType"]) for r in csv.DictReader(fh, delimiter="\t")]
    if split == "tune":
        return [r for r in rows if int(r[0]) % 2 == 0]
    if split == "heldout":
        return [r for r in rows if int(r[0]) % 2 == 1]
    return rows


def predict(texts: list[str]) -> list[tuple[str, float]]:
    from frontwire.extract.triggers import TriggerFinder
    from frontwire.nlp import load_nlp
    from frontwire.types import Article, ArticleContext, CleanText

    nlp = load_nlp()
    finder = TriggerFinder.load()
    out: list[tuple[str, float]] = []
    for i, doc in enumerate(nlp.pipe(texts, batch_size=32)):
        ctx = ArticleContext(
            article=Article(id=str(i), text=texts[i]), clean=CleanText.unchanged(texts[i]), published=None
        )
        triggers = finder.find(doc, ctx)
        if triggers:
            best = max(triggers, key=lambda t: t.score)
            out.append((best.sub_event_type, best.score))
        else:
            out.append((NO_EVENT, 0.0))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "heldout", "all"), default="heldout")
    parser.add_argument("--errors", action="store_true", help="list misclassified rows (tune split only)")
    args = parser.parse_args(argv)
    from sklearn.metrics import classification_report, f1_score

    rows = read_rows(args.split)
    gold = [LABELS[label] for _, _, label in rows]
    pred = [p for p, _ in predict([text for _, text, _ in rows])]
    weighted = f1_score(gold, pred, average="weighted", zero_division=0)
    macro = f1_score(gold, pred, average="macro", zero_division=0)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    print(f"CASE 2021 task 2, split={args.split}, {len(rows)} snippets")
    print(f"weighted F1 {100 * weighted:.1f}   macro F1 {100 * macro:.1f}   accuracy {100 * acc:.1f}")
    print(classification_report(gold, pred, digits=3, zero_division=0))
    if args.errors:
        if args.split != "tune":
            print(
                "--errors lists rows of the tune split only (keep the held-out rows unseen)", file=sys.stderr
            )
            return 2
        confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
        for (g, p), n in confusions.most_common():
            print(f"{n:3d}  gold={g!r:40} pred={p!r}")
        for (rid, text, _), g, p in zip(rows, gold, pred, strict=True):
            if g != p:
                print(f"[{rid}] gold={g} pred={p} :: {text[:200]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
