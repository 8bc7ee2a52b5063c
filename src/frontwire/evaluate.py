"""Gold scoring, shared by `frontwire eval` and the benchmarks (docs/evaluation.md).

Per article, predicted and gold events are paired one-to-one by the best total match (Hungarian
assignment). A pair is admissible when at least two of the three main criteria hold: the same
``event_type``, dates within one day, locations within 25 km. Sub-event type, actors and fatalities only
break ties. Optional gold events (``"optional": true``) are neither rewarded nor penalised: a prediction
paired with one is not counted, and an unpaired one is not a miss. On the counted pairs we report event
and sub-event type accuracy, actor F1 (order-free, over actor1/actor2), date exact match, location
error in km, admin1 match, and fatality exact match and mean absolute error.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from frontwire.distance import haversine_km
from frontwire.errors import InputError
from frontwire.read.jsonl import article_from_object
from frontwire.types import Article, Event

MATCH_KM = 25.0
MATCH_DAYS = 1
FAKES_CSV_ENV = "FRONTWIRE_FAKES_CSV"
FAKES_CSV_RELATIVE = Path("shared/data/fakes/fakes_dev.csv")


@dataclass(frozen=True)
class ScoredEvent:
    """The fields scoring compares, from a gold annotation or a predicted event."""

    event_type: str | None
    sub_event_type: str | None
    event_date: date | None
    actors: frozenset[str]
    location: str | None
    latitude: float | None
    longitude: float | None
    admin1: str | None
    fatalities: int | None
    optional: bool = False

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], origin: str = "-") -> ScoredEvent:
        try:
            day = date.fromisoformat(str(d["event_date"])[:10]) if d.get("event_date") else None
        except ValueError:
            raise InputError(origin, f"event_date {d.get('event_date')!r} is not YYYY-MM-DD") from None
        lat, lon = d.get("latitude"), d.get("longitude")
        fat = d.get("fatalities")
        return cls(
            event_type=d.get("event_type"),
            sub_event_type=d.get("sub_event_type"),
            event_date=day,
            actors=frozenset(normalise_actor(a) for a in (d.get("actor1"), d.get("actor2")) if a),
            location=d.get("location"),
            latitude=float(lat) if lat is not None else None,
            longitude=float(lon) if lon is not None else None,
            admin1=d.get("admin1"),
            fatalities=int(fat) if fat is not None else None,
            optional=bool(d.get("optional", False)),
        )

    @classmethod
    def from_event(cls, event: Event) -> ScoredEvent:
        return cls.from_dict(event.to_dict())


@dataclass(frozen=True)
class GoldArticle:
    article: Article
    events: tuple[ScoredEvent, ...]


def normalise_actor(name: str) -> str:
    """Actor names compare case-free and without ACLED's period suffix: "Military Forces of Syria (2000-)"."""
    base = name.strip().lower()
    if base.endswith(")") and "(" in base:
        inner = base[base.rindex("(") + 1 : -1]
        if inner.replace("-", "").replace(" ", "").isdigit() or inner.endswith("-"):
            base = base[: base.rindex("(")].strip()
    return " ".join(base.split())


def _error_km(a: ScoredEvent, b: ScoredEvent) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]


def _same_place(pred: ScoredEvent, gold: ScoredEvent) -> bool:
    km = _error_km(pred, gold)
    if km is not None:
        return km <= MATCH_KM
    return bool(pred.location and gold.location and pred.location.lower() == gold.location.lower())


def match_weight(pred: ScoredEvent, gold: ScoredEvent) -> float:
    """How well two events match; 0 when the pair is not admissible (fewer than two main criteria)."""
    same_type = pred.event_type is not None and pred.event_type == gold.event_type
    near_date = (
        pred.event_date is not None
        and gold.event_date is not None
        and abs((pred.event_date - gold.event_date).days) <= MATCH_DAYS
    )
    near_place = _same_place(pred, gold)
    if same_type + near_date + near_place < 2:
        return 0.0
    weight = 2.0 * same_type + 1.0 * near_date + 1.0 * near_place
    weight += 0.3 * (pred.sub_event_type == gold.sub_event_type)
    union = pred.actors | gold.actors
    weight += 0.3 * (len(pred.actors & gold.actors) / len(union) if union else 1.0)
    weight += 0.1 * (pred.event_date == gold.event_date)
    weight += 0.1 * (gold.fatalities is not None and pred.fatalities == gold.fatalities)
    return weight


def match_events(pred: Sequence[ScoredEvent], gold: Sequence[ScoredEvent]) -> list[tuple[int, int]]:
    """The one-to-one pairing (pred index, gold index) with the best total weight; admissible pairs only."""
    if not pred or not gold:
        return []
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    weights = np.array([[match_weight(p, g) for g in gold] for p in pred])
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if weights[r, c] > 0]


@dataclass
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Scores:
    """Everything `frontwire eval` reports; `to_dict` is the ``--json`` output."""

    articles: int = 0
    gold_events: int = 0
    optional_events: int = 0
    predicted_events: int = 0
    events: _Tally = field(default_factory=_Tally)
    by_type: dict[str, _Tally] = field(default_factory=dict)  # event_type -> tally (gold type for tp/fn)
    actors: _Tally = field(default_factory=_Tally)
    type_hits: list[bool] = field(default_factory=list)
    sub_type_hits: list[bool] = field(default_factory=list)
    date_hits: list[bool] = field(default_factory=list)
    km_errors: list[float | None] = field(default_factory=list)
    admin1_hits: list[bool] = field(default_factory=list)
    fatality_errors: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def share(hits: Sequence[bool]) -> dict[str, float | int | None]:
            return {"accuracy": sum(hits) / len(hits) if hits else None, "n": len(hits)}

        all_km = self.km_errors
        km = [k for k in all_km if k is not None]
        fe = self.fatality_errors
        return {
            "articles": self.articles,
            "gold_events": self.gold_events,
            "optional_events": self.optional_events,
            "predicted_events": self.predicted_events,
            "events": self.events.prf(),
            "events_by_type": {t: tally.prf() for t, tally in sorted(self.by_type.items())},
            "event_type": share(self.type_hits),
            "sub_event_type": share(self.sub_type_hits),
            "actors": self.actors.prf(),
            "event_date": share(self.date_hits),
            "location_km": {
                "median": statistics.median(km) if km else None,
                "within_10": sum(k <= 10 for k in km) / len(all_km) if all_km else None,
                "within_50": sum(k <= 50 for k in km) / len(all_km) if all_km else None,
                "n": len(all_km),
                "no_coordinates": len(all_km) - len(km),
            },
            "admin1": share(self.admin1_hits),
            "fatalities": {
                "exact": sum(e == 0 for e in fe) / len(fe) if fe else None,
                "mae": sum(fe) / len(fe) if fe else None,
                "n": len(fe),
            },
        }


def score_article(scores: Scores, pred: Sequence[ScoredEvent], gold: Sequence[ScoredEvent]) -> None:
    """Add one article's pairing to the running scores."""
    scores.articles += 1
    scores.gold_events += sum(not g.optional for g in gold)
    scores.optional_events += sum(g.optional for g in gold)
    pairs = match_events(pred, gold)
    paired_pred = {p for p, _ in pairs}
    paired_gold = {g for _, g in pairs}
    counted_pred = len(pred) - sum(gold[g].optional for _, g in pairs)
    scores.predicted_events += counted_pred
    scores.events.fp += len(pred) - len(paired_pred)
    scores.events.fn += sum(1 for i, g in enumerate(gold) if i not in paired_gold and not g.optional)

    def tally(event_type: str | None) -> _Tally:
        return scores.by_type.setdefault(event_type or "(none)", _Tally())

    for i, p in enumerate(pred):
        if i not in paired_pred:
            tally(p.event_type).fp += 1
    for i, g in enumerate(gold):
        if i not in paired_gold and not g.optional:
            tally(g.event_type).fn += 1
    for p_i, g_i in pairs:
        if not gold[g_i].optional:
            if pred[p_i].event_type == gold[g_i].event_type:
                tally(gold[g_i].event_type).tp += 1
            else:  # found, but typed wrong: a miss for the gold type, a false alarm for the predicted one
                tally(gold[g_i].event_type).fn += 1
                tally(pred[p_i].event_type).fp += 1
    for p_i, g_i in pairs:
        p, g = pred[p_i], gold[g_i]
        if g.optional:
            continue
        scores.events.tp += 1
        scores.type_hits.append(p.event_type == g.event_type)
        scores.sub_type_hits.append(p.sub_event_type == g.sub_event_type)
        scores.actors.tp += len(p.actors & g.actors)
        scores.actors.fp += len(p.actors - g.actors)
        scores.actors.fn += len(g.actors - p.actors)
        if g.event_date is not None:
            scores.date_hits.append(p.event_date == g.event_date)
        if g.latitude is not None and g.longitude is not None:
            scores.km_errors.append(_error_km(p, g))  # None: the prediction has no coordinates
        if g.admin1:
            scores.admin1_hits.append((p.admin1 or "").lower() == g.admin1.lower())
        if g.fatalities is not None:
            scores.fatality_errors.append(abs((p.fatalities or 0) - g.fatalities))


def score(gold: Iterable[GoldArticle], predictions: Mapping[str, Sequence[ScoredEvent]]) -> Scores:
    """Scores over all gold articles; `predictions` maps article id to that article's predicted events."""
    scores = Scores()
    for item in gold:
        score_article(scores, predictions.get(item.article.id, ()), item.events)
    return scores


# ---------------------------------------------------------------------------------------------- files


@cache
def _fakes_rows(csv_path: Path) -> dict[str, dict[str, str]]:
    with csv_path.open(encoding="utf-8", newline="") as f:
        return {row["unit_id"]: row for row in csv.DictReader(f)}


def find_fakes_csv(gold_path: Path) -> Path | None:
    """The FA-KES CSV: $FRONTWIRE_FAKES_CSV, else shared/data/fakes/ in a folder above the gold file."""
    env = os.environ.get(FAKES_CSV_ENV)
    if env:
        return Path(env)
    for folder in gold_path.resolve().parents:
        candidate = folder / FAKES_CSV_RELATIVE
        if candidate.is_file():
            return candidate
    return None


def _resolve_text(obj: dict[str, Any], gold_path: Path, origin: str) -> dict[str, Any]:
    """A gold line that points at a FA-KES row by unit id gets that row's ``article_content`` as text."""
    if "text" in obj or "html" in obj:
        return obj
    unit_id = obj.get("fakes_unit_id", obj.get("unit_id"))
    if unit_id is None:
        return obj  # article_from_object reports the missing text
    csv_path = (
        (gold_path.parent / obj["source_file"]) if obj.get("source_file") else find_fakes_csv(gold_path)
    )
    if csv_path is None or not csv_path.is_file():
        raise InputError(origin, f"FA-KES CSV not found (set {FAKES_CSV_ENV} or give 'source_file')")
    row = _fakes_rows(csv_path.resolve()).get(str(unit_id))
    if row is None:
        raise InputError(origin, f"unit_id {unit_id} not in {csv_path}")
    resolved = dict(obj)
    resolved["text"] = row["article_content"]
    resolved.setdefault("title", row.get("article_title") or None)
    resolved.setdefault("id", f"fakes-{unit_id}")
    return resolved


def _json_objects(path: Path) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    """Each non-blank line of a JSONL file as ``(origin, object)``, or ``(origin, InputError)``."""
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            origin = f"{path}:{number}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield origin, InputError(origin, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(obj, dict):
                yield origin, InputError(origin, "not a JSON object")
                continue
            yield origin, obj


def read_gold(path: Path) -> Iterator[GoldArticle | InputError]:
    """Gold articles from a JSONL file; each unusable line is an InputError naming ``file:line``."""
    for origin, obj in _json_objects(path):
        if isinstance(obj, InputError):
            yield obj
            continue
        try:
            events = obj.get("events")
            if not isinstance(events, list):
                raise InputError(origin, "missing 'events' list")
            article = article_from_object(_resolve_text(obj, path, origin), origin)
            gold = tuple(ScoredEvent.from_dict(e, origin) for e in events)
        except InputError as err:
            yield err
            continue
        yield GoldArticle(article, gold)


def read_predictions(path: Path) -> tuple[dict[str, list[ScoredEvent]], list[InputError]]:
    """Predicted events (the contract's event JSONL) grouped by article id."""
    by_article: dict[str, list[ScoredEvent]] = {}
    errors: list[InputError] = []
    for origin, obj in _json_objects(path):
        if isinstance(obj, InputError):
            errors.append(obj)
            continue
        try:
            event = ScoredEvent.from_dict(obj, origin)
        except InputError as err:
            errors.append(err)
            continue
        for article_id in obj.get("article_ids") or []:
            by_article.setdefault(str(article_id), []).append(event)
    return by_article, errors


def format_scores(scores: Scores) -> str:
    """The human-readable report of `frontwire eval`."""
    d = scores.to_dict()

    def num(x: float | None, digits: int = 3) -> str:
        return "n/a" if x is None else f"{x:.{digits}f}"

    ev, ac, km, fat = d["events"], d["actors"], d["location_km"], d["fatalities"]
    lines = [
        f"articles {d['articles']}  gold events {d['gold_events']} (+{d['optional_events']} optional)"
        f"  predicted {d['predicted_events']}",
        f"events          P {num(ev['precision'])}  R {num(ev['recall'])}  F1 {num(ev['f1'])}"
        f"  (tp {ev['tp']}, fp {ev['fp']}, fn {ev['fn']})",
        f"event_type      accuracy {num(d['event_type']['accuracy'])}  (n {d['event_type']['n']})",
        f"sub_event_type  accuracy {num(d['sub_event_type']['accuracy'])}  (n {d['sub_event_type']['n']})",
        f"actors          P {num(ac['precision'])}  R {num(ac['recall'])}  F1 {num(ac['f1'])}"
        f"  (tp {ac['tp']}, fp {ac['fp']}, fn {ac['fn']})",
        f"event_date      exact {num(d['event_date']['accuracy'])}  (n {d['event_date']['n']})",
        f"location        median {num(km['median'], 1)} km  within 10 km {num(km['within_10'])}"
        f"  within 50 km {num(km['within_50'])}  (n {km['n']}, {km['no_coordinates']} without coordinates)",
        f"admin1          match {num(d['admin1']['accuracy'])}  (n {d['admin1']['n']})",
        f"fatalities      exact {num(fat['exact'])}  MAE {num(fat['mae'], 2)}  (n {fat['n']})",
        "by event type (a pair with the wrong type counts as a miss and a false alarm here):",
    ]
    for event_type, t in d["events_by_type"].items():
        lines.append(
            f"  {event_type:<28} P {num(t['precision'])}  R {num(t['recall'])}  F1 {num(t['f1'])}"
            f"  (tp {t['tp']}, fp {t['fp']}, fn {t['fn']})"
        )
    return "\n".join(lines) + "\n"
