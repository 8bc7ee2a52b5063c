"""Event typing accuracy on frontwire's own development set (tests/extract/typing_sentences.tsv).

The set is 372 short news-style sentences written for frontwire (no third-party text) over the 25 ACLED
sub-event types and non-events (disasters, accidents, organised crime, diplomacy, claims of
responsibility, intentions). Scoring is the one of `case2021_eval.py`: the most confident trigger of each
sentence is the prediction, a sentence with no trigger is "no event". Prints accuracy, weighted F1 and a
per-class table; ``--errors`` lists the misclassified sentences. ``--check`` and ``--check2`` score the
later sets written to test how a revision generalises (typing_sentences_check.tsv and
typing_sentences_check2.tsv), ``--file`` any file of the same layout.

    .venv/bin/python benchmarks/typing_sentences_eval.py --errors
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from case2021_eval import predict

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "extract" / "typing_sentences.tsv"
CHECK = REPO / "tests" / "extract" / "typing_sentences_check.tsv"
CHECK2 = REPO / "tests" / "extract" / "typing_sentences_check2.tsv"


def read_rows(path: Path = DATA) -> list[tuple[str, str]]:
    """(sentence, expected sub-event type or "no event") for each data line of the file."""
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t")
            rows.append((text, label))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list misclassified sentences")
    parser.add_argument(
        "--check", action="store_true", help="score the second set (typing_sentences_check.tsv) instead"
    )
    parser.add_argument(
        "--check2", action="store_true", help="score the third set (typing_sentences_check2.tsv) instead"
    )
    parser.add_argument("--file", type=Path, help="score this file (label<TAB>text lines) instead")
    args = parser.parse_args(argv)
    from sklearn.metrics import classification_report, f1_score

    path = args.file or (CHECK2 if args.check2 else CHECK if args.check else DATA)
    rows = read_rows(path)
    gold = [label for _, label in rows]
    pred = [p for p, _ in predict([text for text, _ in rows])]
    weighted = f1_score(gold, pred, average="weighted", zero_division=0)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    print(f"{path.name}, {len(rows)} sentences")
    print(f"accuracy {100 * acc:.1f}   weighted F1 {100 * weighted:.1f}")
    print(classification_report(gold, pred, digits=3, zero_division=0))
    if args.errors:
        confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
        for (g, p), n in confusions.most_common():
            print(f"{n:3d}  gold={g!r:40} pred={p!r}")
        for (text, _), g, p in zip(rows, gold, pred, strict=True):
            if g != p:
                print(f"gold={g} pred={p} :: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
