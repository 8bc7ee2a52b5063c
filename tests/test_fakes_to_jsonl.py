"""scripts/fakes_to_jsonl.py, and the gold file's pointers into the same FA-KES CSV."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from frontwire.evaluate import GoldArticle, read_gold
from frontwire.read import read_inputs
from frontwire.types import Article

REPO = Path(__file__).resolve().parents[1]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fakes_to_jsonl", REPO / "scripts" / "fakes_to_jsonl.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fakes_to_jsonl_converts_rows(tmp_path: Path) -> None:
    csv_path = tmp_path / "f.csv"
    csv_path.write_text(
        "unit_id,article_title,article_content,source,date,location,labels\n"
        '42,"Shells hit Homs","Shells hit Homs on Monday, killing two.",sana,9/5/2016,homs,1\n'
        "43,No date,Clashes in Daraa.,reuters,,daraa,0\n",
        encoding="utf-8",
    )
    out = tmp_path / "f.jsonl"
    assert load_script().main([str(csv_path), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert rows[0] == {
        "id": "fakes-42", "text": "Shells hit Homs on Monday, killing two.", "title": "Shells hit Homs",
        "published": "2016-09-05", "source": "sana",
    }  # fmt: skip
    assert rows[1]["published"] is None
    articles = list(read_inputs([str(out)]))
    assert all(isinstance(a, Article) for a in articles)


def test_fakes_to_jsonl_gold_text_equals_converted_text(tmp_path: Path, shared_data: Path) -> None:
    """Gold lines that point at a unit_id resolve to the very text the converter writes."""
    gold_path = REPO / "benchmarks" / "gold" / "fakes_dev.gold.jsonl"
    gold = list(read_gold(gold_path))
    assert gold and all(isinstance(g, GoldArticle) for g in gold), [
        g for g in gold if not isinstance(g, GoldArticle)
    ]
    out = tmp_path / "fakes.jsonl"
    load_script().main([str(shared_data / "fakes" / "fakes_dev.csv"), "-o", str(out)])
    converted = {a.id: a.text for a in read_inputs([str(out)]) if isinstance(a, Article)}
    for item in gold:
        assert isinstance(item, GoldArticle)
        assert converted[item.article.id] == item.article.text
