"""The pipeline: cleaning, language check, masked parse, stages, events; and the one-article API."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import spacy
from jsonschema import Draft202012Validator
from spacy.tokens import Doc

from frontwire.config import Config
from frontwire.errors import InputError
from frontwire.extract.pipeline import (
    NO_DATE_REASON,
    Pipeline,
    default_pipeline,
    events_from_reports,
    extract,
    geoparse,
    label_windows,
    mask_text,
)
from frontwire.types import Article, ArticleContext, Evidence, Report, Trigger

STRIKE = (
    "Syrian government forces shelled the town of Ariha in southern Idlib on 2 July 2020, killing two "
    "civilians, the Syrian Observatory for Human Rights said."
)
NOISY = (
    "skip to Main Content\nHome | World | Middle East\n"
    f"Back To Top{STRIKE}\n"
    "The town has been under rebel control since 2015.\n"
    "Share this\n4 comments\nLove your real news!\n"
)


def test_pipeline_mask_keeps_offsets_and_newlines() -> None:
    text = "First sentence.\nSecond one here. Third."
    masked = mask_text(text, [(16, 32)])
    assert len(masked) == len(text)
    assert masked[16:32] == text[16:32]
    assert masked[:16] == " " * 15 + "\n"
    assert masked[32:].strip() == ""


def report(day: date | None, confidence: float = 0.5) -> Report:
    return Report(
        article_id="a", event_type="Battles", sub_event_type="Armed clash", event_date=day,
        confidence=confidence, evidence=(Evidence("a", 0, 5, "clash", "event"),),
    )  # fmt: skip


def test_pipeline_undated_reports_dropped_with_notice() -> None:
    kept, events, notices = events_from_reports([report(date(2020, 7, 2)), report(None), report(None)])
    assert len(kept) == len(events) == 1
    assert events[0].event_date == "2020-07-02"
    assert notices == (f"2 event(s) dropped: {NO_DATE_REASON}",)


def test_pipeline_min_confidence_drops_weak_events() -> None:
    _, events, notices = events_from_reports(
        [report(date(2020, 7, 2), 0.3), report(date(2020, 7, 3), 0.9)], 0.5
    )
    assert [e.event_date for e in events] == ["2020-07-03"]
    assert notices == ()


# ------------------------------------------------------------------------------ with the real pipeline


@pytest.fixture(scope="module")
def pipeline(nlp: object) -> Pipeline:
    return default_pipeline(Config())


@pytest.fixture(scope="module")
def validator(contract_dir: Path) -> Draft202012Validator:
    return Draft202012Validator(json.loads((contract_dir / "event.schema.json").read_text("utf-8")))


def test_pipeline_events_valid_and_evidence_in_cleaned_text(
    pipeline: Pipeline, validator: Draft202012Validator
) -> None:
    (result,) = pipeline.pipe([Article(id="n1", text=NOISY, published="2020-07-03")])
    assert result.error is None
    assert result.clean is not None
    assert result.clean.text.startswith("Syrian government forces shelled")
    assert "Love your" not in result.clean.text
    assert result.events
    for event in result.events:
        assert list(validator.iter_errors(event.to_dict())) == []
        for ev in event.evidence:
            assert result.clean.text[ev.start : ev.end] == ev.text
            o_start, o_end = result.clean.span_to_original(ev.start, ev.end)
            assert NOISY[o_start:o_end] == ev.text
    shelling = [e for e in result.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert shelling and shelling[0].event_date == "2020-07-02"


def test_pipeline_non_english_rejected_with_reason(pipeline: Pipeline) -> None:
    french = Article(
        id="fr", text="Les forces gouvernementales ont bombardé la ville d'Ariha jeudi, tuant deux civils."
    )
    declared = Article(id="de", text=STRIKE, language="de")
    r1, r2 = pipeline.pipe([french, declared])
    assert r1.error == "not English (detected: fr)" and r1.events == ()
    assert r2.error == "not English (language: de)"


def test_pipeline_batches_give_same_results_as_single_articles(pipeline: Pipeline) -> None:
    articles = [
        Article(id=f"b{i}", text=text, published="2020-07-03")
        for i, text in enumerate([STRIKE, "No violence was reported in the city today.", NOISY])
    ]
    together = [r.events for r in pipeline.pipe(articles)]
    alone = [next(pipeline.pipe([a])).events for a in articles]
    assert together == alone
    assert together[1] == ()


def test_pipeline_article_without_candidates_not_parsed(pipeline: Pipeline) -> None:
    (result,) = pipeline.pipe([Article(id="q", text="The weather in Damascus was mild and sunny.")])
    assert result.error is None and result.events == () and result.reports == ()


def test_pipeline_extract_api(nlp: object) -> None:
    events = extract(STRIKE, published="2020-07-03")
    assert events and all(
        e.event_date == "2020-07-02" for e in events if e.sub_event_type.startswith("Shell")
    )
    assert events == extract(STRIKE, published=date(2020, 7, 3))
    with pytest.raises(InputError, match="not English"):
        extract("Les forces gouvernementales ont bombardé la ville d'Ariha jeudi, tuant deux civils.")


def test_pipeline_relative_date_without_published_dropped(pipeline: Pipeline) -> None:
    text = "Government warplanes struck the town of Ariha in Idlib on Thursday, killing three civilians."
    (undated,) = pipeline.pipe([Article(id="u", text=text)])
    assert undated.events == () and undated.notices and NO_DATE_REASON in undated.notices[0]
    (dated,) = pipeline.pipe([Article(id="u", text=text, published="2020-07-04")])
    assert dated.events and dated.notices == ()


def test_pipeline_actor_names_follow_the_dateline_without_a_published_date(pipeline: Pipeline) -> None:
    # Iraq's forces are named by government: (2020-2022) until 27 October 2022, (2022-) after it
    text = (
        "Iraqi forces detain suspects near Tal Afar\n12 July 2020\n"
        "Iraqi security forces arrested four Islamic State suspects near Tal Afar on Saturday."
    )
    (undated,) = pipeline.pipe([Article(id="dl", text=text)])
    assert [e.actor1 for e in undated.events] == ["Military Forces of Iraq (2020-2022)"]
    (published,) = pipeline.pipe([Article(id="dl", text=text, published="2023-03-01")])
    assert [e.actor1 for e in published.events] == ["Military Forces of Iraq (2020-2022)"]


def test_pipeline_geoparse_api(nlp: object) -> None:
    places = geoparse("Clashes were reported in Aleppo and near Idlib.")
    names = {p.place.name for p in places}
    assert {"Aleppo", "Idlib"} <= names
    for p in places:
        assert "Clashes were reported in Aleppo and near Idlib."[p.start : p.end] == p.text


class _BrokenActors:
    """A stage with a bug: the pipeline reports it on the article and goes on with the batch."""

    def __init__(self, real: object, bad_text: str) -> None:
        self.real, self.bad_text = real, bad_text

    def find(self, doc, ctx, **kwargs):  # type: ignore[no-untyped-def]
        if ctx.text.startswith(self.bad_text):
            raise RuntimeError("boom")
        return self.real.find(doc, ctx, **kwargs)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def test_pipeline_stage_bug_rejects_only_that_article(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "actors", _BrokenActors(pipeline.actors, "Rebels"))
    bad = Article(id="bad", text="Rebels shelled the town of Ariha on 2 July 2020, killing two civilians.")
    good = Article(id="good", text=STRIKE)
    r_bad, r_good = pipeline.pipe([bad, good])
    assert r_bad.error == "internal error in extraction (RuntimeError: boom); please report it"
    assert r_good.error is None and r_good.events


@pytest.mark.parametrize(
    "spans",
    [[], [(0, 5)], [(3, 9), (6, 12)], [(10, 14), (0, 4)], [(-3, 4), (30, 99)], [(5, 5)]],
)
def test_pipeline_mask_overlapping_and_unsorted_spans(spans: list[tuple[int, int]]) -> None:
    text = "Alpha beta.\nGamma delta epsilon.\nZeta."
    masked = mask_text(text, spans)
    assert len(masked) == len(text)
    for i, ch in enumerate(text):
        inside = any(max(0, s) <= i < e for s, e in spans)
        assert masked[i] == (ch if inside or ch == "\n" else " ")


def _context(pipeline: Pipeline, text: str) -> ArticleContext:
    ctx = pipeline._prepare(Article(id="c", text=text, published="2020-07-03"))
    assert isinstance(ctx, ArticleContext)
    return ctx


def test_pipeline_entities_only_in_trigger_sentences_with_an_undecided_name(pipeline: Pipeline) -> None:
    undecided = "Gunmen killed Abu Rasin on Monday, the local council said."  # a person or a town?
    clear = "Government warplanes struck Aleppo on Monday, killing three civilians."  # a city either way
    denial = "Officials in Damascus said the army did not attack Homs."  # a trigger word, no event
    quiet = "The weather in Beirut was mild."  # no trigger word: not parsed at all
    text = f"{undecided} {clear} {denial} {quiet}"
    ctx = _context(pipeline, text)
    doc, triggers = pipeline._parse([ctx])[id(ctx)]
    assert isinstance(triggers, list)
    first, second = (0, len(undecided)), (len(undecided) + 1, len(undecided) + 1 + len(clear))
    assert {(t.sentence_start, t.sentence_end) for t in triggers} == {first, second}
    assert [text[a:b] for a, b in pipeline.places.label_sensitive(text, doc, [first, second])] == [
        "Abu Rasin"
    ]
    alone = pipeline.nlp(undecided)  # the full model on that sentence alone
    assert [(e.start_char, e.text, e.label_) for e in doc.ents] == [
        (e.start_char, e.text, e.label_) for e in alone.ents
    ]
    assert any(e.text == "Abu Rasin" for e in doc.ents)
    assert [t.pos_ for t in doc if t.text == "Aleppo"] == ["PROPN"]  # parsed, only not labelled
    assert all(not t.ent_type_ for t in doc if t.idx >= len(undecided))


def test_label_windows_hold_each_name_with_its_neighbours_inside_its_sentence() -> None:
    first = "Witnesses said that on a quiet morning gunmen in two trucks raided the farms near Abu Rasin "
    first += "and then drove east along the old road towards the river before the army arrived."
    second = "Kafr Nabl was calm."
    text = f"{first} {second}"
    doc = spacy.blank("en")(text)
    sentences = [(0, len(first)), (len(first) + 1, len(text))]
    name = text.index("Abu Rasin")
    kafr = (len(first) + 1, len(first) + 10)
    windows = label_windows(doc, sentences, [(name, name + 9), kafr, (len(text) + 5, len(text) + 9)], 3)
    assert sorted(text[a:b] for a, b in windows) == [
        "Kafr Nabl was calm.",  # three tokens after the name, then its sentence ends
        "the farms near Abu Rasin and then drove",
    ]
    whole = label_windows(doc, sentences, [(name, name + 9)], 100)
    assert [text[a:b] for a, b in whole] == [first]  # never past its sentence


def test_pipeline_article_without_triggers_never_labelled(pipeline: Pipeline) -> None:
    ctx = _context(pipeline, "Officials in Damascus said the army did not attack Homs.")
    doc, triggers = pipeline._parse([ctx])[id(ctx)]
    assert triggers == [] and doc.ents == ()
    (result,) = pipeline.pipe([ctx.article])
    assert result.error is None and result.events == ()


def test_pipeline_trigger_bug_rejects_only_that_article(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    find = type(pipeline.triggers).find

    def broken(self: object, doc: Doc, ctx: ArticleContext | None = None) -> list[Trigger]:
        if ctx is not None and ctx.text.startswith("Rebels"):
            raise RuntimeError("bad trigger")
        return find(self, doc, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(type(pipeline.triggers), "find", broken)
    bad = Article(id="bad", text="Rebels shelled the town of Ariha on 2 July 2020, killing two civilians.")
    r_bad, r_good = pipeline.pipe([bad, Article(id="good", text=STRIKE)])
    assert r_bad.error == "internal error in extraction (RuntimeError: bad trigger); please report it"
    assert r_good.error is None and r_good.events


def test_pipeline_geoparse_a_province_seat_shares_the_province_spelling(nlp: object) -> None:
    """ "Daraa" next to "Damascus" is still the city of Daraa (its index row keeps the spelling "Dar'a"),
    not Darayya near Damascus, whose folded key is the same."""
    places = geoparse("Government forces shelled Daraa, killing seven, and shut the Damascus-Daraa road.")
    daraa = [p for p in places if p.text == "Daraa"]
    assert len(daraa) == 2 and all(p.place.admin1 == "Daraa" for p in daraa)


def test_pipeline_victims_across_a_nearby_border_take_the_country_of_the_place(nlp: object) -> None:
    events = extract(
        "Aircraft struck a building in Gaza City on Monday, killing eight civilians. "
        "Rockets later hit Ashkelon and Sderot.",
        "2021-05-11",
    )
    strike = next(e for e in events if e.sub_event_type == "Air/drone strike")
    assert strike.location == "Gaza" and strike.actor2 == "Civilians (Palestine)"
