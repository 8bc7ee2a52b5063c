"""Single-request latency of `/api/events` for the filters the in-memory columns cannot answer.

Actor, text and `near` filters (and any list asked for before the columns have loaded) are answered by
the store: the page with LIMIT/OFFSET, the total by a count. This times one request at a time (the
answer cache cleared before each), in process, over an existing store such as the one
benchmarks/web_bench.py builds, and prints the median and the worst of the runs with the total returned.

    .venv/bin/python benchmarks/list_search_bench.py benchmarks/out/web_bench_1000000.sqlite
    .venv/bin/python benchmarks/list_search_bench.py STORE --runs 9

The store is opened as `frontwire serve` opens it (a store of an older schema is migrated; the time the
migration took is printed). `--only text` times the text searches alone.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

QUERIES = {
    "text, common word": "text=clashed",
    "text, one city": "text=Aleppo",
    "text, two words": "text=killing+Aleppo",
    "text, word prefix": "text=Alep",
    "text, rare (no match)": "text=zzzz-no-such-word",
    "actor, one group": "actor=Rebel+Group+SY-A",
    "actor + country": "actor=Militia&country=YE",
    "near Aleppo 25 km": "near=36.2,37.16&within_km=25",
    "country, columns not loaded": "country=SY&date_from=2022-01-01",
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("store", type=Path, help="a SQLite store (e.g. from benchmarks/web_bench.py)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="only the queries whose name starts with this")
    args = parser.parse_args()

    from starlette.testclient import TestClient

    from frontwire.store import open_store
    from frontwire.web.app import create_app

    start = time.perf_counter()
    store = open_store(args.store)
    print(f"opened (and migrated) in {time.perf_counter() - start:.1f}s, schema {store.schema_version()}")
    app = create_app(store, in_memory=False)  # the store answers every list, as before columns load
    print(f"{store.count_events():,} events in {args.store}; {args.runs} runs each, one at a time")
    print(f"{'query':<30} {'median':>9} {'worst':>9}  total")
    with TestClient(app) as client:
        for name, params in QUERIES.items():
            if not name.startswith(args.only):
                continue
            times = []
            body: dict = {}
            for _ in range(args.runs):
                app.state.cache.clear()
                start = time.perf_counter()
                response = client.get(f"/api/events?{params}&limit=100")
                times.append((time.perf_counter() - start) * 1000)
                response.raise_for_status()
                body = response.json()
            capped = "+ (capped)" if body.get("total_capped") else ""
            print(
                f"{name:<30} {statistics.median(times):7.1f}ms {max(times):7.1f}ms  {body['total']:,}{capped}"
            )
    store.close()


if __name__ == "__main__":
    main()
