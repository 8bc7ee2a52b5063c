"""Kill -9 an ingest at random points, re-run it, and get the store an uninterrupted ingest gives."""

from __future__ import annotations

import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from frontwire.store import open_store
from frontwire.store.ingest import DELAY_ENV
from tests.store.ingest_worker import REPO

CORPUS = REPO / "tests" / "data" / "fusion" / "articles.jsonl"
KILLS = 4


def snapshot(url: str) -> dict[str, Any]:
    """Everything the store holds that does not depend on when it was written."""
    with open_store(url) as store:
        events = sorted((e.to_dict() for e in store.iter_events()), key=lambda d: d["event_id"])
        articles = {}
        for a in store.articles(limit=10_000):
            articles[a.article.id] = (a.content_hash, a.article.text, a.report_ids, a.event_ids)
        reports = {
            r.report_id: (r.event_id, r.report)
            for article_id in articles
            for r in store.reports_of_article(article_id)
        }
        deletions = sorted((d.event_id, d.reason, d.merged_into) for d in store.changes().deletions)
        return {"events": events, "articles": articles, "reports": reports, "deletions": deletions}


def _worker(url: str, delay: float, capture: bool = False) -> subprocess.Popen[bytes]:
    env = {**os.environ, DELAY_ENV: str(delay), "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.ingest_worker", url, str(CORPUS)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE if capture else subprocess.DEVNULL,
    )


def _finish(url: str) -> None:
    proc = _worker(url, 0.0, capture=True)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()


def _urls(backend: str, tmp_path: Path, request: pytest.FixtureRequest, n: int) -> list[str]:
    if backend == "sqlite":
        return [f"sqlite:///{tmp_path / f'store{i}.sqlite'}" for i in range(n)]
    base: str = request.getfixturevalue("pg_url").split("?schema=")[0]
    tag = secrets.token_hex(3)
    urls = [f"{base}?schema=fw_kill_{tag}_{i}" for i in range(n)]

    def drop() -> None:
        import psycopg

        with psycopg.connect(base, autocommit=True) as conn:
            for i in range(n):
                conn.execute(f'DROP SCHEMA IF EXISTS "fw_kill_{tag}_{i}" CASCADE')

    request.addfinalizer(drop)
    return urls


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_ingest_kill9_then_rerun_equals_uninterrupted(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    urls = _urls(backend, tmp_path, request, KILLS + 1)
    reference, trials = urls[0], urls[1:]
    _finish(reference)
    expected = snapshot(reference)
    assert len(expected["articles"]) == sum(1 for line in CORPUS.read_text().splitlines() if line.strip())
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    killed_mid_run = 0
    for url in trials:
        for _ in range(rng.choice([1, 2])):  # sometimes kill the resumed run too
            proc = _worker(url, delay=0.08)
            time.sleep(rng.uniform(0.3, 2.0))
            if proc.poll() is None:
                killed_mid_run += 1
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        _finish(url)
        got = snapshot(url)
        assert json.dumps(got["events"], sort_keys=True) == json.dumps(expected["events"], sort_keys=True)
        assert got == expected
    assert killed_mid_run >= 1, "no worker was still running when killed: the test proved nothing"
