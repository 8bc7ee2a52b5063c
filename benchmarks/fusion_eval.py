"""Fusion quality: pairwise precision and recall of "same event" decisions on tests/data/fusion/.

The set holds short articles written for frontwire: events told by two or three outlets in different
words and numbers, plus near-misses that must stay apart (same place another day, same day another
town). Two modes:

  --mode hand      fuse the hand-coded reports in expected.json (fusion alone, extraction taken as perfect)
  --mode pipeline  run the real extraction pipeline on the articles and ingest them (what a user gets)

Both go through the real store (a temporary SQLite file), article by article, in several orders; the
score is over all pairs of articles: predicted "same" when the two articles share a fused event.

    .venv/bin/python benchmarks/fusion_eval.py [--mode hand|pipeline|both] [--orders N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from frontwire.store import open_store
from frontwire.store.base import Store
from frontwire.taxonomy import event_type_of
from frontwire.types import ActorRef, Article, FatalityFigure, PlaceRef, Report

FUSION_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "fusion"


def load_set(folder: Path = FUSION_DIR) -> tuple[list[Article], dict[str, Any]]:
    articles = []
    for line in (folder / "articles.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            articles.append(
                Article(
                    id=d["id"],
                    text=d["text"],
                    title=d.get("title"),
                    published=d.get("published"),
                    source=d.get("source"),
                    origin=f"fusion:{d['id']}",
                )
            )
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    return articles, expected


def hand_reports(expected: dict[str, Any], articles: Sequence[Article]) -> dict[str, Report]:
    """The hand-coded report of each article (one event each)."""
    sources = {a.id: a.source for a in articles}
    places = expected["places"]
    actors = expected["actors"]
    out: dict[str, Report] = {}
    for r in expected["reports"]:
        name, lat, lon, country, iso, admin1, feature = places[r["place"]]
        place = PlaceRef(r["place"], name, lat, lon, country, iso, admin1, feature=feature)
        refs = [ActorRef(a, actors[a][0], actors[a][1]) for a in r["actors"]]
        figures = (
            (FatalityFigure(r["fatalities"], None, None, claimant=sources[r["id"]], article_id=r["id"]),)
            if r["fatalities"]
            else ()
        )
        out[r["id"]] = Report(
            article_id=r["id"],
            event_type=r.get("event_type") or event_type_of(r["sub"]),
            sub_event_type=r["sub"],
            event_date=date.fromisoformat(r["date"]),
            time_precision=r.get("tp", 1),
            actor1=refs[0] if refs else None,
            actor2=refs[1] if len(refs) > 1 else None,
            place=place,
            geo_precision=r["gp"],
            fatalities=r["fatalities"],
            fatalities_reported=figures,
            confidence=0.8,
            source=sources[r["id"]],
        )
    return out


def gold_pairs(expected: dict[str, Any]) -> tuple[list[str], set[frozenset[str]]]:
    ids = [a for group in expected["events"].values() for a in group]
    same = {frozenset(p) for group in expected["events"].values() for p in itertools.combinations(group, 2)}
    return ids, same


def predicted_pairs(store: Store, ids: Iterable[str]) -> set[frozenset[str]]:
    wanted = set(ids)
    pairs: set[frozenset[str]] = set()
    for event in store.iter_events():
        members = sorted(set(event.article_ids) & wanted)
        pairs.update(frozenset(p) for p in itertools.combinations(members, 2))
    return pairs


def pairwise(pred: set[frozenset[str]], gold: set[frozenset[str]]) -> dict[str, float]:
    tp = len(pred & gold)
    precision = tp / len(pred) if pred else 1.0
    recall = tp / len(gold) if gold else 1.0
    return {"precision": precision, "recall": recall, "tp": tp, "pred": len(pred), "gold": len(gold)}


def fuse_hand(
    order: Sequence[str], reports: dict[str, Report], articles: dict[str, Article], store: Store
) -> None:
    for article_id in order:
        with store.transaction():
            store.add_article(articles[article_id], None, f"hand-{article_id}")
            store.replace_reports(article_id, [reports[article_id]])


def run_hand(orders: int, seed: int = 7) -> list[dict[str, float]]:
    articles, expected = load_set()
    reports = hand_reports(expected, articles)
    by_id = {a.id: a for a in articles}
    ids, gold = gold_pairs(expected)
    rng = random.Random(seed)
    scores = []
    for i in range(orders):
        order = list(ids) if i == 0 else rng.sample(ids, len(ids))
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "fusion.sqlite") as store:
            fuse_hand(order, reports, by_id, store)
            scores.append(pairwise(predicted_pairs(store, ids), gold))
    return scores


def run_pipeline() -> tuple[dict[str, float], dict[str, int]]:
    from frontwire.extract.pipeline import Pipeline
    from frontwire.store.ingest import ingest_articles

    articles, expected = load_set()
    ids, gold = gold_pairs(expected)
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "fusion.sqlite") as store:
        summary = ingest_articles(articles, store, Pipeline())
        score = pairwise(predicted_pairs(store, ids), gold)
        with_reports = sum(1 for a in articles if store.reports_of_article(a.id))
    return score, {"articles": len(articles), "with_reports": with_reports, "reports": summary.reports}


def _fmt(score: dict[str, float]) -> str:
    return (
        f"precision {score['precision']:.3f}  recall {score['recall']:.3f}  "
        f"(pairs: {score['tp']} right of {score['pred']} predicted, {score['gold']} gold)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mode", choices=["hand", "pipeline", "both"], default="both")
    parser.add_argument("--orders", type=int, default=5, help="article orders to try in hand mode")
    args = parser.parse_args()
    if args.mode in ("hand", "both"):
        scores = run_hand(args.orders)
        worst = min(scores, key=lambda s: min(s["precision"], s["recall"]))
        print(f"hand-coded reports, {len(scores)} ingest orders, worst: {_fmt(worst)}")
        print(f"  first order (file order): {_fmt(scores[0])}")
    if args.mode in ("pipeline", "both"):
        score, counts = run_pipeline()
        print(f"real pipeline: {_fmt(score)}")
        print(
            f"  {counts['with_reports']} of {counts['articles']} articles gave reports "
            f"({counts['reports']} reports)"
        )


if __name__ == "__main__":
    main()
