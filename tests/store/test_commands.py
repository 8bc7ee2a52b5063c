"""The store commands end to end through `frontwire.cli.main`, on both backends."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from frontwire.cli import main
from frontwire.store import open_store
from frontwire.store.base import Store
from frontwire.types import Article
from tests.store.factories import report

FUSION = Path(__file__).resolve().parents[1] / "data" / "fusion" / "articles.jsonl"


def _fill(store: Store) -> None:
    for article_id, rep in [
        ("a1", report("a1", fatalities=4)),
        ("a2", report("a2", fatalities=2)),
        ("a3", report("a3", sub="Armed clash", event_type="Battles", place="mosul", actors=("iraq_army",))),
    ]:
        with store.transaction():
            store.add_article(Article(id=article_id, text=f"text {article_id}"), None, f"h{article_id}")
            store.replace_reports(article_id, [rep])


@pytest.fixture
def filled_url(store_url: str) -> str:
    with open_store(store_url) as store:
        _fill(store)
    return store_url


def test_commands_events_jsonl_with_filters(filled_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", filled_url, "--country", "Syria", "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    event = json.loads(lines[0])
    assert sorted(event["article_ids"]) == ["a1", "a2"] and event["fatalities"] == 2


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--event-type", "Battles"], {"Mosul"}),
        (["--near", "36.70,38.95", "--within-km", "5"], {"Tell Abyad"}),
        (["--min-fatalities", "1"], {"Tell Abyad"}),
        (["--since-date", "2020-07-03"], set()),
        (["--actor", "iraq"], {"Mosul"}),
    ],
)
def test_commands_events_filters(
    filled_url: str, options: list[str], expected: set[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["events", "--db", filled_url, "--format", "csv", *options]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["location"] for r in rows} == expected


def test_commands_events_table(filled_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", filled_url, "--format", "table"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith("event_date")
    assert "Tell Abyad" in captured.out and "Mosul" in captured.out
    assert "2 of 2 events shown" in captured.err


def test_commands_export_incremental_with_deletions(
    filled_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "all.csv"
    assert main(["export", "--db", filled_url, "--format", "acled-csv", "-o", str(first)]) == 0
    err = capsys.readouterr().err
    since = err.split("--since ")[1].split()[0]
    rows = list(csv.DictReader(io.StringIO(first.read_text(encoding="utf-8"))))
    assert len(rows) == 2 and rows[0]["timestamp"].isdigit()
    with open_store(filled_url) as store:  # a corrected a3 reports nothing any more
        with store.transaction():
            store.replace_reports("a3", [])
    changed, deletions = tmp_path / "changed.csv", tmp_path / "deleted.csv"
    args = ["export", "--db", filled_url, "--format", "acled-csv", "-o", str(changed)]
    assert main([*args, "--since", since, "--deletions", str(deletions)]) == 0
    assert list(csv.DictReader(io.StringIO(changed.read_text(encoding="utf-8")))) == []
    gone = list(csv.DictReader(io.StringIO(deletions.read_text(encoding="utf-8"))))
    assert [(d["reason"], d["merged_into"]) for d in gone] == [("retracted", "")]


def test_commands_export_since_in_future_is_empty(filled_url: str, tmp_path: Path) -> None:
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    out = tmp_path / "e.jsonl"
    assert main(["export", "--db", filled_url, "--format", "jsonl", "-o", str(out), "--since", later]) == 0
    assert out.read_text() == ""


@pytest.mark.parametrize("fmt", ["geojson", "parquet", "jsonl"])
def test_commands_export_formats(filled_url: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    assert main(["export", "--db", filled_url, "--format", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 0


def test_commands_export_bad_since(filled_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", filled_url, "--format", "jsonl", "--since", "yesterday"]) != 0
    assert "--since" in capsys.readouterr().err


@pytest.mark.slow
def test_commands_ingest_real_pipeline_is_idempotent(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "few.jsonl"
    lines = FUSION.read_text(encoding="utf-8").splitlines()
    corpus.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")  # Ain Issa and Ariha reports
    assert main(["ingest", str(corpus), "--db", store_url, "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "articles read: 6 (new 6" in err
    with open_store(store_url) as store:
        first = sorted((e.event_id, e.article_ids) for e in store.iter_events())
    assert first
    assert main(["ingest", str(corpus), "--db", store_url, "--no-progress"]) == 0
    assert "unchanged 6" in capsys.readouterr().err
    with open_store(store_url) as store:
        assert sorted((e.event_id, e.article_ids) for e in store.iter_events()) == first


@pytest.mark.slow
def test_commands_demo_builds_store_then_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import frontwire.web.app

    served: list[tuple[str | None, str, int]] = []
    monkeypatch.setattr(
        frontwire.web.app, "serve", lambda url, host, port, **kw: served.append((url, host, port))
    )
    db = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(db), "--port", "8765"]) == 0
    assert served == [(f"sqlite:///{db}", "127.0.0.1", 8765)]
    err = capsys.readouterr().err
    assert "articles read: 21" in err
    with open_store(db) as store:
        stats = store.stats()
        assert stats.articles == 21
        assert any(len(e.article_ids) > 1 for e in store.iter_events())  # the samples show fusion


def test_commands_progress_bar_draws_on_a_terminal() -> None:
    from frontwire.commands.store import ProgressBar
    from frontwire.store.ingest import Progress

    out = io.StringIO()
    bar = ProgressBar(out)
    bar(Progress(1, 4))
    bar(Progress(4, 4))
    bar.close()
    text = out.getvalue()
    assert "\r" in text and "4/4 articles" in text and text.endswith("\n")


def test_commands_corrections_lists_them(filled_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(filled_url) as store:
        event_id = store.events()[0].event_id
        store.correct_event(event_id, {"fatalities": 2})
        expected = len(store.get_event(event_id).reports)  # type: ignore[union-attr]
    assert main(["corrections", "--db", filled_url]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == expected
    assert {(r["event_id"], r["status"], json.dumps(r["fields"])) for r in rows} == {
        (event_id, "applied", '{"fatalities": 2}')
    }
    assert f"{expected} corrections, 0 unmatched" in err
    assert main(["corrections", "--db", filled_url, "--unmatched"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "0 corrections, 0 unmatched" in err
