"""HTTP API and dashboard speed: `frontwire serve` over a large SQLite store.

1. Builds (once, then reuses) a store of N synthetic events (default 1,000,000) placed at real GeoNames
   cities (../shared/data/geonames, CC BY 4.0) in a dozen countries with conflict coverage, spread over
   five years, with ACLED types, actors, fatalities and a little evidence each.
2. Starts `frontwire serve` on a loopback port (a subprocess, as a user would run it) and drives it with
   C concurrent clients (asyncio + httpx, keep-alive) for a bounded time per scenario: the filtered event
   list and the aggregates, each request with random filters (country, admin1, type, dates, fatalities).
3. Measures the dashboard's first paint in Chromium with 10,000 events in view (Performance API: first
   contentful paint, and `frontwire:map-ready`, the mark set when every marker is on the map).

    .venv/bin/python benchmarks/web_bench.py                   # 1M events, 20 clients, 15 s a scenario
    .venv/bin/python benchmarks/web_bench.py --events 100000 --seconds 5 --no-browser
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEONAMES = REPO.parent / "shared" / "data" / "geonames"
OUT = REPO / "benchmarks" / "out"
COUNTRIES = ("SY", "IQ", "YE", "NG", "AF", "SO", "ML", "UA", "SD", "MM", "CD", "BF")
START = date(2019, 1, 1)
DAYS = 5 * 365

TYPES = {
    "Battles": (["Armed clash", "Government regains territory", "Non-state actor overtakes territory"], 0.32),
    "Explosions/Remote violence": (
        [
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Suicide bomb",
        ],
        0.30,
    ),
    "Violence against civilians": (["Attack", "Abduction/forced disappearance"], 0.14),
    "Protests": (["Peaceful protest", "Protest with intervention"], 0.12),
    "Riots": (["Violent demonstration", "Mob violence"], 0.04),
    "Strategic developments": (["Arrests", "Looting/property destruction", "Other"], 0.08),
}


@dataclass(frozen=True)
class City:
    name: str
    lat: float
    lon: float
    iso: str
    country: str
    admin1: str | None
    population: int


def load_cities() -> list[City]:
    countries: dict[str, str] = {}
    with open(GEONAMES / "countryInfo.txt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            countries[cols[0]] = cols[4]
    admin1: dict[str, str] = {}
    with open(GEONAMES / "admin1CodesASCII.txt", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            admin1[row[0]] = row[1]
    cities: list[City] = []
    with open(GEONAMES / "cities15000.txt", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            iso = row[8]
            if iso in COUNTRIES:
                cities.append(
                    City(
                        row[1],
                        float(row[4]),
                        float(row[5]),
                        iso,
                        countries[iso],
                        admin1.get(f"{iso}.{row[10]}"),
                        int(row[14] or 0),
                    )
                )
    return cities


def synthetic_events(n: int, seed: int = 7) -> Iterator[object]:
    from frontwire.types import Claim, Event, Evidence, interaction_code

    rng = random.Random(seed)
    cities = load_cities()
    weights = [max(1.0, c.population**0.5) for c in cities]
    type_names = list(TYPES)
    type_weights = [TYPES[t][1] for t in type_names]
    actors = {
        iso: [
            (f"Military Forces of {iso} (2000-)", 1),
            (f"Rebel Group {iso}-A", 2),
            (f"Rebel Group {iso}-B", 2),
            (f"Militia {iso}", 4),
            (f"Protesters ({iso})", 6),
            (f"Civilians ({iso})", 7),
        ]
        for iso in COUNTRIES
    }
    picks = rng.choices(range(len(cities)), weights=weights, k=n)
    for i in range(n):
        city = cities[picks[i]]
        event_type = rng.choices(type_names, weights=type_weights)[0]
        sub = rng.choice(TYPES[event_type][0])
        (a1, i1), (a2, i2) = rng.sample(actors[city.iso], 2)
        fatalities = 0 if event_type in ("Protests", "Strategic developments") else int(rng.expovariate(0.4))
        day = START + timedelta(days=int(rng.triangular(0, DAYS, DAYS * 0.8)))
        sentence = f"{a1} and {a2} clashed near {city.name} on {day:%B %d}, killing {fatalities} people."
        evidence = (
            Evidence(f"bench-a{i // 3}", 0, len(a1), a1, "actor1"),
            Evidence(
                f"bench-a{i // 3}",
                sentence.index(city.name),
                sentence.index(city.name) + len(city.name),
                city.name,
                "location",
            ),
        )
        yield Event(
            event_id=f"bench-{i:07d}",
            article_ids=(f"bench-a{i // 3}",),
            event_date=day.isoformat(),
            time_precision=1,
            event_type=event_type,
            sub_event_type=sub,
            actor1=a1,
            actor2=a2,
            assoc_actor_1=(),
            assoc_actor_2=(),
            inter1=i1,
            inter2=i2,
            interaction=interaction_code(i1, i2),
            civilian_targeting=event_type == "Violence against civilians",
            country=city.country,
            admin1=city.admin1,
            admin2=None,
            admin3=None,
            location=city.name,
            latitude=round(city.lat + rng.uniform(-0.05, 0.05), 4),
            longitude=round(city.lon + rng.uniform(-0.05, 0.05), 4),
            geo_precision=rng.choice((1, 1, 1, 2, 3)),
            fatalities=fatalities,
            notes=sentence,
            source="Benchmark Wire",
            evidence=evidence,
            claims=(Claim("local sources", sentence[:60], "reported"),) if rng.random() < 0.2 else (),
            confidence=round(rng.uniform(0.4, 0.95), 3),
            iso=city.iso,
        )


def build_store(path: Path, n: int) -> None:
    from frontwire.store import open_store

    if path.exists():
        with open_store(path) as store:
            have = store.count_events()
        if have == n:
            print(f"store: reusing {path} ({have:,} events)")
            return
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with open_store(path) as store:
        loaded = store.load_events(synthetic_events(n))  # type: ignore[attr-defined]
    print(f"store: built {path} with {loaded:,} events in {time.perf_counter() - t0:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`frontwire serve` in a subprocess on a loopback port."""

    def __init__(self, db: Path, workers: int = 1) -> None:
        self.port = free_port()
        self.workers = workers
        self.url = f"http://127.0.0.1:{self.port}"
        exe = Path(sys.executable).with_name("frontwire")
        self.proc = subprocess.Popen(
            [
                str(exe),
                "serve",
                "--db",
                str(db),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def __enter__(self) -> Server:
        import httpx

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"frontwire serve exited: {self.proc.stderr.read().decode() if self.proc.stderr else ''}"
                )
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("frontwire serve did not start in 60 s")
        # The server answers at once; the in-memory columns for maps and charts load in the background.
        # With several processes each loads its own; a new connection reaches any one of them, so wait
        # until enough answers in a row say ready.
        t0 = time.perf_counter()
        ready = 0
        while time.perf_counter() - t0 < 900:
            stats = httpx.get(f"{self.url}/api/stats", timeout=30).json()
            if stats.get("columns_error"):
                break
            ready = ready + 1 if stats.get("columns_in_memory") else 0
            if ready >= 4 * self.workers - 3:
                break
            time.sleep(0.25 if ready else 1)
        state = stats.get("columns_error") or "ok"
        print(f"server: up; columns in memory after {time.perf_counter() - t0:.0f} s ({state})")
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def random_filters(rng: random.Random, cities: list[City]) -> dict[str, str]:
    """What an analyst's dashboard asks: a country (often), sometimes a region, a type, a date window."""
    params: dict[str, str] = {}
    city = rng.choice(cities)
    r = rng.random()
    if r < 0.75:
        params["country"] = city.iso if rng.random() < 0.5 else city.country
    if r < 0.25 and city.admin1:
        params["admin1"] = city.admin1
    if rng.random() < 0.4:
        params["event_type"] = rng.choice(list(TYPES))
    if rng.random() < 0.5:
        first = START + timedelta(days=rng.randrange(DAYS - 30))
        params["date_from"] = first.isoformat()
        params["date_to"] = (first + timedelta(days=rng.choice((7, 30, 90, 365)))).isoformat()
    if rng.random() < 0.1:
        params["min_fatalities"] = str(rng.choice((1, 5, 10)))
    return params


def list_request(rng: random.Random, cities: list[City]) -> tuple[str, dict[str, str]]:
    params = random_filters(rng, cities)
    params["limit"] = "100"
    if rng.random() < 0.2:
        params["offset"] = str(rng.choice((100, 200, 500)))
    return "/api/events", params


def aggregate_request(rng: random.Random, cities: list[City]) -> tuple[str, dict[str, str]]:
    params = random_filters(rng, cities)
    params["by"] = rng.choice(("day", "week", "event_type", "admin1", "country"))
    if params["by"] == "day" and "date_from" not in params:
        params["by"] = "week"  # a timeline over five years is drawn by week
    return "/api/aggregates", params


async def load(
    url: str, make: object, clients: int, seconds: float, seed: int
) -> tuple[list[float], int, float]:
    import httpx

    cities = load_cities()
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        stop = time.perf_counter() + seconds

        async def worker(k: int) -> None:
            nonlocal errors
            rng = random.Random(seed * 1000 + k)
            while time.perf_counter() < stop:
                path, params = make(rng, cities)  # type: ignore[operator]
                t0 = time.perf_counter()
                response = await client.get(path, params=params)
                dt = time.perf_counter() - t0
                if response.status_code != 200:
                    errors += 1
                latencies.append(dt)

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(clients)))
        elapsed = time.perf_counter() - t0
    return latencies, errors, elapsed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


WRK_SCRIPT = """
-- Random dashboard requests, cycled; written by benchmarks/web_bench.py.
local paths = {%s}
local n = #paths
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end
local i = 0
function request()
  i = i + 1
  return wrk.format("GET", paths[((i + offset) %% n) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %%d %%d %%d %%.3f %%.3f %%.3f %%.3f\\n", summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


def run_wrk(
    server: Server, make: object, clients: int, seconds: float, seed: int
) -> tuple[int, int, float, list[float]]:
    """wrk (C, Debian package) over 20,000 random requests, cycled; latencies from its histogram."""
    from urllib.parse import urlencode

    rng = random.Random(seed)
    cities = load_cities()
    paths = []
    for _ in range(20_000):
        path, params = make(rng, cities)  # type: ignore[operator]
        paths.append(f"{path}?{urlencode(params)}")
    OUT.mkdir(parents=True, exist_ok=True)
    script = OUT / "web_bench.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths), encoding="utf-8")
    threads = max(1, min(2, clients))
    cmd = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds:.0f}s", "--timeout", "10s"]
    out = subprocess.run(
        [*cmd, "-s", str(script), server.url], capture_output=True, text=True, check=True
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    requests, errors, duration_us, *ms = line.split()[1:]
    return int(requests), int(errors), int(duration_us) / 1e6, [float(x) for x in ms]


def run_load(server: Server, clients: int, seconds: float, use_wrk: bool) -> None:
    scenarios = {
        "filtered list (/api/events, limit 100)": list_request,
        "aggregates (/api/aggregates)": aggregate_request,
    }
    asyncio.run(load(server.url, list_request, 4, 2.0, seed=99))  # warm-up: page cache, connections
    for name, make in scenarios.items():
        if use_wrk:
            n, errors, elapsed, (p50, p95, p99, worst) = run_wrk(server, make, clients, seconds, seed=1)
            print(
                f"{name}: {n} requests in {elapsed:.1f} s ({n / elapsed:.0f}/s), {clients} clients (wrk), "
                f"{errors} errors; p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, max {worst:.1f} ms"
            )
            continue
        latencies, errors, elapsed = asyncio.run(load(server.url, make, clients, seconds, seed=1))
        ms = [x * 1000 for x in latencies]
        print(
            f"{name}: {len(ms)} requests in {elapsed:.1f} s ({len(ms) / elapsed:.0f}/s), {clients} clients, "
            f"{errors} errors; p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, "
            f"p99 {percentile(ms, 99):.1f} ms, max {max(ms):.1f} ms"
        )


def first_paint(n: int, runs: int) -> None:
    """Median first contentful paint and map-ready time with `n` events in view, in Chromium."""
    from playwright.sync_api import sync_playwright

    db = OUT / f"web_bench_{n}.sqlite"
    build_store(db, n)
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ]
    fcp: list[float] = []
    ready: list[float] = []
    with Server(db) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=args)
        for i in range(runs + 1):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.goto(server.url + "/")
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)
            markers = int(page.locator("#map").get_attribute("data-markers") or 0)
            times = page.evaluate(
                "[performance.getEntriesByName('first-contentful-paint')[0]?.startTime,"
                " performance.getEntriesByName('frontwire:map-ready')[0]?.startTime]"
            )
            context.close()
            if i == 0:
                cold = times  # nothing cached yet in the server's response cache
                continue
            fcp.append(times[0])
            ready.append(times[1])
        browser.close()
    print(
        f"dashboard with {markers:,} events in view: first load (server cache empty): first contentful paint "
        f"{cold[0]:.0f} ms, all markers on the map {cold[1]:.0f} ms; then (median of {runs}): "
        f"{statistics.median(fcp):.0f} ms and {statistics.median(ready):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0, help="duration of each load scenario")
    parser.add_argument("--paint-events", type=int, default=10_000)
    parser.add_argument("--paint-runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--workers", type=int, default=1, help="server processes (frontwire serve --workers)")
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--python-load", action="store_true", help="asyncio+httpx clients instead of wrk")
    args = parser.parse_args()
    os.environ.setdefault("FRONTWIRE_HOME", str(OUT / "home"))
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    if not args.no_load:
        db = OUT / f"web_bench_{args.events}.sqlite"
        build_store(db, args.events)
        with Server(db, args.workers) as server:
            print(f"server: {args.workers} process(es)")
            run_load(
                server,
                args.clients,
                args.seconds,
                use_wrk=not args.python_load and shutil.which("wrk") is not None,
            )
    if not args.no_browser:
        first_paint(args.paint_events, args.paint_runs)


if __name__ == "__main__":
    main()
