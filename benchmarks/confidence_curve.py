"""Does `confidence` mean something? Event precision and recall on the FA-KES gold by threshold.

Extracts the articles of benchmarks/gold/fakes_dev.gold.jsonl once, then scores the events whose
confidence is at least each threshold (what ``--min-confidence`` keeps). A meaningful confidence makes
precision rise as the threshold rises, at a cost in recall.

Usage: .venv/bin/python benchmarks/confidence_curve.py [GOLD]
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "benchmarks" / "gold" / "fakes_dev.gold.jsonl"
THRESHOLDS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)


def main() -> int:
    from frontwire.errors import InputError
    from frontwire.evaluate import GoldArticle, ScoredEvent, read_gold, score
    from frontwire.extract.pipeline import Pipeline

    gold_path = Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD
    items: list[GoldArticle] = [g for g in read_gold(gold_path) if not isinstance(g, InputError)]
    predicted: dict[str, list[tuple[float, ScoredEvent]]] = {}
    for result in Pipeline().pipe(g.article for g in items):
        predicted[result.article.id] = [(e.confidence, ScoredEvent.from_event(e)) for e in result.events]
    print(f"{gold_path.name}: {len(items)} articles")
    print("min-confidence  events    P      R      F1")
    for t in THRESHOLDS:
        kept = {k: [e for c, e in v if c >= t] for k, v in predicted.items()}
        d = score(items, kept).to_dict()["events"]
        n = sum(len(v) for v in kept.values())
        print(f"{t:14.2f}  {n:6d}  {d['precision']:.3f}  {d['recall']:.3f}  {d['f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
