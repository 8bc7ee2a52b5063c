"""The command line: exit statuses, one stderr line per rejected input, nothing but data on stdout."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from frontwire.cli import Console, main
from frontwire.commands.extract import run_extract
from frontwire.config import Config

ARTICLE = (
    "Syrian government forces shelled the town of Ariha in southern Idlib on 2 July 2020, killing two "
    "civilians, the Syrian Observatory for Human Rights said. Rebels of Hayat Tahrir al-Sham fired rockets "
    "at army positions near Saraqib on the same day."
)
FRENCH = (
    "Les forces gouvernementales ont bombardé la ville d'Ariha dans le sud d'Idlib le 2 juillet 2020, tuant "
    "deux civils, selon l'Observatoire syrien des droits de l'homme."
)
GOLD_EVENT = {
    "event_date": "2020-07-02", "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Military Forces of Syria (2000-)",
    "actor2": "Civilians (Syria)", "location": "Ariha", "latitude": 35.8137, "longitude": 36.6081,
    "admin1": "Idlib", "fatalities": 2,
}  # fmt: skip


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv",
    [["extract", "--format", "xml"], ["extract", "--no-such-option"], ["nonsense"], [], ["eval"]],
)
def test_cli_usage_error_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(argv, capsys)
    assert code == 2
    assert out == ""


def test_cli_bad_published_option_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    code, out, err = run(["extract", str(path), "--published", "yesterday"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("frontwire: --published: unparsable published date")


def test_cli_credits_prints_attribution(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["credits"], capsys)
    assert code == 0 and "GeoNames" in out


def write(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli_eval_saved_predictions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = write(tmp_path / "gold.jsonl", [{"id": "g1", "text": ARTICLE, "events": [GOLD_EVENT]}])
    pred = write(tmp_path / "pred.jsonl", [{**GOLD_EVENT, "article_ids": ["g1"]}])
    code, out, err = run(["eval", str(gold), "--pred", str(pred), "--json"], capsys)
    assert code == 0 and err == ""
    scores = json.loads(out)
    assert scores["events"]["f1"] == 1.0
    assert scores["fatalities"]["exact"] == 1.0
    code, out, _ = run(["eval", str(gold), "--pred", str(pred)], capsys)
    assert code == 0 and out.startswith("articles 1")


def test_cli_eval_bad_gold_line_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = write(tmp_path / "gold.jsonl", [{"id": "g1", "text": ARTICLE, "events": [GOLD_EVENT]}])
    with gold.open("a", encoding="utf-8") as f:
        f.write("{oops\n")
    pred = write(tmp_path / "pred.jsonl", [])
    code, out, err = run(["eval", str(gold), "--pred", str(pred), "--json"], capsys)
    assert code == 1
    assert err.startswith(f"frontwire: {gold}:2: invalid JSON (") and err.count("\n") == 1
    assert json.loads(out)["events"]["recall"] == 0.0


def test_cli_eval_missing_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["eval", str(tmp_path / "none.jsonl")], capsys)[0] == 2
    gold = write(tmp_path / "gold.jsonl", [{"id": "g1", "text": ARTICLE, "events": []}])
    assert run(["eval", str(gold), "--pred", str(tmp_path / "none.jsonl")], capsys)[0] == 2


# ---------------------------------------------------------------------- extract: needs the real pipeline


@pytest.fixture(scope="module")
def validator(contract_dir: Path) -> Draft202012Validator:
    return Draft202012Validator(json.loads((contract_dir / "event.schema.json").read_text("utf-8")))


def test_cli_extract_bad_inputs_each_one_line_rest_processed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], validator: Draft202012Validator
) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (tmp_path / "french.txt").write_text(FRENCH, "utf-8")
    (tmp_path / "big.txt").write_text(ARTICLE * 200, "utf-8")
    write(
        tmp_path / "lines.jsonl",
        [{"id": "j1", "text": ARTICLE, "published": "2020-07-03"}, {"id": "j2"},
         {"id": "j3", "text": ARTICLE, "published": "3rd of July"}],
    )  # fmt: skip
    with (tmp_path / "lines.jsonl").open("a", encoding="utf-8") as f:
        f.write("{not json}\n")
    code, out, err = run(["extract", str(tmp_path), "--max-bytes", "10000"], capsys)
    assert code == 1
    lines = err.splitlines()
    expected = {
        "empty.txt": "empty file",
        "binary.txt": "binary file",
        "french.txt": "not English (detected: fr)",
        "big.txt": "over the size limit of 10000",
        "lines.jsonl:2": "missing 'text'",
        "lines.jsonl:3": "unparsable published date",
        "lines.jsonl:4": "invalid JSON",
    }
    for origin, reason in expected.items():
        matching = [line for line in lines if f"{origin}: " in line]
        assert len(matching) == 1, (origin, lines)
        assert reason in matching[0]
    assert all(line.startswith("frontwire: ") for line in lines)
    events = [json.loads(line) for line in out.splitlines()]
    assert events, "the good articles still give events"
    assert {a for e in events for a in e["article_ids"]} <= {"good", "j1"}
    for event in events:
        assert list(validator.iter_errors(event)) == []


def test_cli_extract_stdin_and_formats(tmp_path: Path) -> None:
    stdin = io.StringIO(json.dumps({"id": "s1", "text": ARTICLE, "published": "2020-07-03"}) + "\n")
    out = io.StringIO()
    console = Console(out=out, err=io.StringIO())
    assert run_extract(["-"], None, "jsonl", Config(), console, stdin=stdin) == 0
    jsonl = [json.loads(line) for line in out.getvalue().splitlines()]
    assert jsonl and all(e["article_ids"] == ["s1"] for e in jsonl)

    csv_path = tmp_path / "events.csv"
    stdin = io.StringIO(json.dumps({"id": "s1", "text": ARTICLE, "published": "2020-07-03"}) + "\n")
    assert run_extract(["-"], str(csv_path), "csv", Config(), Console(out=io.StringIO()), stdin=stdin) == 0
    header = csv_path.read_text("utf-8").splitlines()[0].split(",")
    assert header[:3] == ["event_id_cnty", "event_date", "year"]

    geo_path = tmp_path / "events.geojson"
    stdin = io.StringIO(json.dumps({"id": "s1", "text": ARTICLE, "published": "2020-07-03"}) + "\n")
    assert (
        run_extract(["-"], str(geo_path), "geojson", Config(), Console(out=io.StringIO()), stdin=stdin) == 0
    )
    assert json.loads(geo_path.read_text("utf-8"))["type"] == "FeatureCollection"


def test_cli_extract_relative_date_without_published_dropped_with_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "undated.txt"
    path.write_text(
        "Government warplanes struck the town of Ariha in southern Idlib on Thursday, killing three "
        "civilians, a monitor said.",
        "utf-8",
    )
    code, out, err = run(["extract", str(path)], capsys)
    assert code == 1
    assert out == ""
    assert "no publication date and no absolute date in the text; pass --published" in err
    code, out, err = run(["extract", str(path), "--published", "2020-07-04"], capsys)
    assert code == 0 and err == ""
    assert json.loads(out.splitlines()[0])["event_date"] == "2020-07-02"


def test_cli_extract_reads_stdin_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ARTICLE.replace("Ariha", "Ariha (Arīḥā)")  # not ASCII: stdin is read as UTF-8 whatever the locale
    line = json.dumps({"id": "s1", "text": text, "published": "2020-07-03"}, ensure_ascii=False) + "\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(line.encode("utf-8")), encoding="ascii"))
    code, out, err = run(["extract"], capsys)
    assert code == 0 and err == ""
    assert {tuple(json.loads(x)["article_ids"]) for x in out.splitlines()} == {("s1",)}


def test_cli_eval_extracts_when_no_predictions_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = write(
        tmp_path / "gold.jsonl",
        [{"id": "g1", "text": ARTICLE, "published": "2020-07-03", "events": [GOLD_EVENT]}],
    )
    code, out, err = run(["eval", str(gold), "--json"], capsys)
    assert code == 0 and err == ""
    scores = json.loads(out)
    assert scores["articles"] == 1 and scores["events"]["recall"] == 1.0
    assert scores["event_date"]["accuracy"] == 1.0


def test_python_dash_m_runs_the_same_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "frontwire", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("frontwire ")
    assert "GeoNames" in done.stdout
