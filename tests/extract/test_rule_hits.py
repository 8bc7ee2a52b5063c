"""Shared pieces of the typing rules (frontwire.extract.rule_hits)."""

from __future__ import annotations

from spacy.language import Language

from frontwire.extract.rule_hits import Hits, central, describes_noun, without


def test_rule_hits_without_drops_only_the_named_feature() -> None:
    hits = Hits(text="x" * 20, start=0, end=20, features={"riot": [(0, 3), (5, 8)], "protest": [(10, 12)]})
    kept = without(hits, ("riot",), lambda sp: sp[0] == 0)
    assert kept.spans("riot") == [(5, 8)] and kept.spans("protest") == [(10, 12)]
    assert not without(hits, ("riot",), lambda sp: True).has("riot")


def test_rule_hits_central_prefers_the_main_clause(nlp: Language) -> None:
    text = "Protesters demanding jobs torched a bus."
    doc = nlp(text)
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("demanding", "torched")]
    assert central(doc, spans) == spans[1]


def test_rule_hits_participle_describing_a_noun(nlp: Language) -> None:
    text = "They buried the men killed in the raid."
    doc = nlp(text)
    start = text.index("killed")
    assert describes_noun(doc, (start, start + len("killed")))
