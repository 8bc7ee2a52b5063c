"""Event store speed on 1,000,000 synthetic events: bulk load rate and filtered query latency.

Targets (issue 6): bulk load >= 20,000 events/s on SQLite; the filtered query an analyst runs most
(country + date range + event type, first page of 100 newest) p95 < 50 ms on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/store_bench.py [--events 1000000] [--queries 200]
        [--backend sqlite|postgresql|both] [--pg postgresql://postgres@127.0.0.1:5432/test]

Events are generated here (seeded): 30 countries with skewed weights, 2012-2024, ACLED types and
sub-types, places scattered around country centres, actors, fatalities, one evidence span each. The
PostgreSQL run uses a throw-away schema, dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from frontwire.store import EventQuery, open_store
from frontwire.store.base import Store
from frontwire.taxonomy import _taxonomy
from frontwire.types import ActorRef, Article, Event, Evidence, PlaceRef, Report, interaction_code

COUNTRIES = [  # (name, ISO alpha-2, lat, lon): approximate centres
    ("Syria", "SY", 35.0, 38.5), ("Iraq", "IQ", 33.2, 43.7), ("Yemen", "YE", 15.6, 47.6),
    ("Nigeria", "NG", 9.1, 8.7), ("Afghanistan", "AF", 33.9, 67.7), ("Somalia", "SO", 5.2, 46.2),
    ("Mali", "ML", 17.6, -4.0), ("Ukraine", "UA", 48.4, 31.2), ("Sudan", "SD", 12.9, 30.2),
    ("Libya", "LY", 26.3, 17.2), ("Pakistan", "PK", 30.4, 69.3), ("India", "IN", 20.6, 78.9),
    ("Mexico", "MX", 23.6, -102.6), ("Colombia", "CO", 4.6, -74.3), ("Myanmar", "MM", 21.9, 95.9),
    ("Ethiopia", "ET", 9.1, 40.5), ("Burkina Faso", "BF", 12.2, -1.6), ("Cameroon", "CM", 7.4, 12.4),
    ("Democratic Republic of the Congo", "CD", -4.0, 21.8), ("Mozambique", "MZ", -18.7, 35.5),
    ("Philippines", "PH", 12.9, 121.8), ("Brazil", "BR", -14.2, -51.9), ("Lebanon", "LB", 33.9, 35.9),
    ("Israel", "IL", 31.0, 34.9), ("Egypt", "EG", 26.8, 30.8), ("Turkey", "TR", 38.9, 35.2),
    ("Iran", "IR", 32.4, 53.7), ("Bangladesh", "BD", 23.7, 90.4), ("Niger", "NE", 17.6, 8.1),
    ("Chad", "TD", 15.5, 18.7),
]  # fmt: skip
ADMIN1 = [f"Province {i}" for i in range(1, 13)]
START, DAYS = date(2012, 1, 1), 13 * 365


def synthetic_events(n: int, seed: int = 1) -> Iterator[Event]:
    rng = random.Random(seed)
    taxonomy = [(t, s) for t, subs in _taxonomy().items() for s in subs]
    weights = [1 / (i + 1) for i in range(len(COUNTRIES))]
    for i in range(n):
        name, iso, lat, lon = rng.choices(COUNTRIES, weights)[0]
        event_type, sub = rng.choice(taxonomy)
        day = START + timedelta(days=rng.randrange(DAYS))
        inter1, inter2 = rng.randint(1, 8), rng.choice([None, 1, 2, 3, 7])
        fatalities = rng.choice([0, 0, 0, 1, 2, 3, 5, 10, 25])
        location = f"Town {rng.randrange(500)}"
        yield Event(
            event_id=f"syn-{i:07d}",
            article_ids=(f"art-{i // 3:07d}",),
            event_date=day.isoformat(),
            time_precision=rng.choice([1, 1, 1, 2, 3]),
            event_type=event_type,
            sub_event_type=sub,
            actor1=f"Military Forces of {name}",
            actor2=None if inter2 is None else f"Group {rng.randrange(200)} ({name})",
            assoc_actor_1=(),
            assoc_actor_2=(),
            inter1=inter1,
            inter2=inter2,
            interaction=interaction_code(inter1, inter2),
            civilian_targeting=rng.random() < 0.1,
            country=name,
            admin1=rng.choice(ADMIN1),
            admin2=None,
            admin3=None,
            location=location,
            latitude=round(lat + rng.uniform(-2, 2), 4),
            longitude=round(lon + rng.uniform(-2, 2), 4),
            geo_precision=rng.choice([1, 1, 2, 3]),
            fatalities=fatalities,
            notes=f"{sub} in {location} ({name}) on {day.isoformat()}.",
            source="Synthetic Wire",
            iso=iso,
            evidence=(Evidence(f"art-{i // 3:07d}", 0, 40, f"{sub} reported in {location}", "event"),),
            confidence=0.7,
        )


class Timed:
    """Wraps the generator so the time spent making synthetic events is not charged to the store."""

    def __init__(self, events: Iterator[Event]) -> None:
        self.events = events
        self.spent = 0.0
        self.cpu = 0.0

    def __iter__(self) -> Iterator[Event]:
        return self

    def __next__(self) -> Event:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return next(self.events)
        finally:
            self.spent += time.perf_counter() - t0
            self.cpu += time.process_time() - c0


def synthetic_reports(n: int, seed: int = 3) -> Iterator[Report]:
    """Reports as ingest stores them: events told by one to three outlets each, 30 countries, one year."""
    rng = random.Random(seed)
    taxonomy = [(t, s) for t, subs in _taxonomy().items() for s in subs]
    made = 0
    while made < n:
        name, iso, lat, lon = rng.choices(COUNTRIES, [1 / (i + 1) for i in range(len(COUNTRIES))])[0]
        town = rng.randrange(300)
        place = PlaceRef(f"{iso}-{town}", f"Town {town}", lat + (town % 20) / 10, lon + (town // 20) / 10,
                         name, iso, ADMIN1[town % len(ADMIN1)])  # fmt: skip
        event_type, sub = rng.choice(taxonomy)
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(365))
        army = ActorRef(f"{iso}-military", f"Military Forces of {name}", 1, name, "military")
        group = ActorRef(f"{iso}-g{rng.randrange(20)}", f"Group {rng.randrange(20)} ({name})", 2, name)
        for _ in range(rng.choice([1, 1, 2, 3])):
            yield Report(
                article_id=f"art-{made:07d}", event_type=event_type, sub_event_type=sub, event_date=day,
                actor1=army, actor2=group if rng.random() < 0.7 else None, place=place,
                fatalities=rng.choice([0, 1, 2, 5]), confidence=0.7, source=f"Outlet {rng.randrange(9)}",
            )  # fmt: skip
            made += 1


def bench_ingest(store: Store, n: int) -> tuple[float, int]:
    """Reports/s through `replace_reports` (one article, one transaction each, fusion included)."""
    t0 = time.perf_counter()
    for r in synthetic_reports(n):
        with store.transaction():
            store.add_article(Article(id=r.article_id, text="synthetic"), None, r.article_id)
            store.replace_reports(r.article_id, [r])
    return n / (time.perf_counter() - t0), store.count_events()


def bench_load(store: Store, n: int) -> tuple[float, float, float]:
    """Events/s of `load_events` (generation excluded) by wall clock and by this process's CPU time
    (the machine may be shared), and by wall clock including generation."""
    source = Timed(synthetic_events(n))
    t0, c0 = time.perf_counter(), time.process_time()
    loaded = store.load_events(source)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert loaded == n
    return n / (elapsed - source.spent), n / (cpu - source.cpu), n / elapsed


def bench_queries(store: Store, n: int, seed: int = 2) -> tuple[list[float], int]:
    rng = random.Random(seed)
    taxonomy = list(_taxonomy())
    times, rows = [], 0
    store.events(EventQuery(country="SY", limit=1))  # warm up
    for _ in range(n):
        name, iso, _, _ = rng.choice(COUNTRIES[:15])
        start = START + timedelta(days=rng.randrange(DAYS - 180))
        q = EventQuery(
            country=rng.choice([name, iso]),
            date_from=start,
            date_to=start + timedelta(days=rng.choice([30, 90, 180])),
            event_type=rng.choice(taxonomy),
            limit=100,
        )
        t0 = time.perf_counter()
        rows += len(store.events(q))
        times.append((time.perf_counter() - t0) * 1000)
    return times, rows


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94]


def run(url: str, label: str, n: int, queries: int, fused: int = 0) -> None:
    if fused:
        fuse_url = url.replace("bench.sqlite", "fuse.sqlite").replace("fw_bench_", "fw_fuse_")
        with open_store(fuse_url) as store:
            rate, events = bench_ingest(store, fused)
        print(
            f"{label}: ingest {fused:,} reports one article per transaction, fusion included: "
            f"{rate:,.0f} reports/s -> {events:,} events"
        )
    with open_store(url) as store:
        rate, cpu_rate, overall = bench_load(store, n)
        print(
            f"{label}: bulk load {n:,} events: {rate:,.0f} events/s wall clock "
            f"({cpu_rate:,.0f}/s of this process's CPU time; {overall:,.0f}/s counting the generator; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
        )
        if store.backend == "postgresql":
            store._run("ANALYZE events")  # type: ignore[attr-defined]
        times, rows = bench_queries(store, queries)
        print(
            f"{label}: country + date range + type, first 100: p50 {statistics.median(times):.1f} ms, "
            f"p95 {p95(times):.1f} ms, max {max(times):.1f} ms ({queries} queries, {rows:,} rows)"
        )
        t0 = time.perf_counter()
        total = store.count_events(EventQuery(country="SY", date_from=date(2020, 1, 1)))
        print(f"{label}: count Syria since 2020: {total:,} in {(time.perf_counter() - t0) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description="event store speed on synthetic events")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--fuse", type=int, default=5000, help="reports to ingest with fusion (0: skip)")
    args = parser.parse_args()
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", "SQLite", args.events, args.queries, args.fuse)
    if args.backend in ("postgresql", "both"):
        import psycopg

        schema = f"fw_bench_{secrets.token_hex(3)}"
        try:
            run(f"{args.pg}?schema={schema}", "PostgreSQL", args.events, args.queries, args.fuse)
        finally:
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema.replace("fw_bench_", "fw_fuse_")}" CASCADE')


if __name__ == "__main__":
    main()
