"""Dates: expressions found, resolved against the story's date, and chosen per event trigger."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from frontwire.extract.dates import (
    date_for,
    event_dates_for,
    find_dates,
    gapped_days,
    is_background,
    story_date,
)
from frontwire.types import Article, ArticleContext, CleanText, Trigger

PUB = date(2020, 7, 4)  # a Saturday


def _ctx(text: str, published: date | None = PUB) -> ArticleContext:
    return ArticleContext(Article("t", text), CleanText.unchanged(text), published)


def _trigger(text: str, word: str) -> Trigger:
    start = text.index(word)
    # the sentence as the trigger finder gives it
    s = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) >= 0 else 0
    e = text.find(". ", start)
    e = len(text) if e < 0 else e + 1
    return Trigger(
        start, start + len(word), word, "Air/drone strike", "Explosions/Remote violence", 0.9, s, e
    )


@pytest.mark.parametrize(
    ("phrase", "expected", "precision"),
    [
        ("early on July 2", date(2020, 7, 2), 1),
        ("on Thursday", date(2020, 7, 2), 1),
        ("on Saturday", date(2020, 7, 4), 1),
        ("last Saturday", date(2020, 6, 27), 1),
        ("yesterday", date(2020, 7, 3), 1),
        ("two days ago", date(2020, 7, 2), 1),
        ("on the night of 3 to 4 May", date(2020, 5, 3), 1),
        ("last week", date(2020, 6, 25), 2),
        ("since the start of the week", date(2020, 6, 29), 2),
        ("over the weekend", date(2020, 7, 4), 2),
        ("in March", date(2020, 3, 15), 3),
        ("in March 2019", date(2019, 3, 15), 3),
        ("on 2020-06-30", date(2020, 6, 30), 1),
        ("on 25-06-2020", date(2020, 6, 25), 1),
        ("on 2 July 2020", date(2020, 7, 2), 1),
        ("on July 1st, 2020", date(2020, 7, 1), 1),
        ("on Dec 30", date(2019, 12, 30), 1),  # month-day after publication: last year's
    ],
)
def test_dates_resolve_against_publication(phrase: str, expected: date, precision: int) -> None:
    text = f"Warplanes struck the town {phrase}, activists said."
    found = [d for d in find_dates(None, _ctx(text)) if d.kind != "dateline"]
    assert len(found) == 1, found
    assert (found[0].date, found[0].time_precision) == (expected, precision)
    assert found[0].date <= PUB


def test_dates_never_after_publication_for_day_month() -> None:
    text = "Clashes erupted on 20 July near the town."
    (d,) = find_dates(None, _ctx(text, date(2020, 7, 4)))
    assert d.date == date(2019, 7, 20)


@pytest.mark.parametrize(
    ("text", "published", "anchor"),
    [
        ("28 September 2016 One person was killed in rocket attacks yesterday.", None, date(2016, 9, 28)),
        (
            "DAMASCUS, Sept 28 (Reuters) - Warplanes struck the city yesterday.",
            date(2016, 9, 30),
            date(2016, 9, 28),
        ),
        ("Date of publication 21 September 2016 The convoy was hit on Monday.", None, date(2016, 9, 21)),
    ],
)
def test_dates_dateline_anchors_relative_dates(text: str, published: date | None, anchor: date) -> None:
    ctx = _ctx(text, published)
    dates = find_dates(None, ctx)
    assert dates[0].kind == "dateline"
    assert story_date(dates, ctx) == anchor
    relative = [d for d in dates if d.kind != "dateline"]
    assert relative and relative[0].date < anchor


def test_dates_event_date_is_not_the_dateline() -> None:
    text = "28 September 2016 Rockets hit Aleppo yesterday, a source said."
    ctx = _ctx(text, None)
    day, precision, evidence = date_for(_trigger(text, "hit"), find_dates(None, ctx), None, ctx)
    assert (day, precision) == (date(2016, 9, 27), 1)
    assert evidence is not None and evidence.text == "yesterday"


def test_dates_no_publication_and_no_absolute_date_gives_none() -> None:
    text = "Warplanes struck the town on Monday, activists said."
    ctx = _ctx(text, None)
    dates = find_dates(None, ctx)
    assert dates == []
    assert date_for(_trigger(text, "struck"), dates, None, ctx) == (None, 1, None)


def test_dates_absolute_date_without_publication() -> None:
    text = "Warplanes struck the town on 3 May 2018, activists said."
    ctx = _ctx(text, None)
    day, precision, _ = date_for(_trigger(text, "struck"), find_dates(None, ctx), None, ctx)
    assert (day, precision) == (date(2018, 5, 3), 1)


def test_dates_background_year_is_flagged() -> None:
    text = "The group seized the city in 2014. Warplanes struck it on Thursday."
    ctx = _ctx(text)
    dates = find_dates(None, ctx)
    year = next(d for d in dates if d.kind == "year")
    assert year.text == "in 2014" and is_background(year, PUB)
    thursday = next(d for d in dates if d.kind == "weekday")
    assert not is_background(thursday, PUB)


def test_dates_sentence_without_date_inherits_previous_sentence() -> None:
    text = "Warplanes struck Hajin early on July 2. The raids destroyed a bakery."
    ctx = _ctx(text)
    day, precision, evidence = date_for(_trigger(text, "destroyed"), find_dates(None, ctx), None, ctx)
    assert (day, precision) == (date(2020, 7, 2), 1)
    assert evidence is not None and evidence.text == "July 2"


def test_dates_no_date_in_text_falls_back_to_publication_week() -> None:
    text = "Warplanes struck Hajin. The raids destroyed a bakery."
    ctx = _ctx(text)
    assert date_for(_trigger(text, "struck"), find_dates(None, ctx), None, ctx) == (PUB, 2, None)


def test_dates_attached_by_the_parse(nlp: Language) -> None:
    text = "Russian jets bombed Idlib on Thursday after rebels had attacked Hama on Monday."
    ctx = _ctx(text)
    doc = nlp(text)
    dates = find_dates(doc, ctx)
    bombed = date_for(_trigger(text, "bombed"), dates, doc, ctx)
    attacked = date_for(_trigger(text, "attacked"), dates, doc, ctx)
    assert bombed[0] == date(2020, 7, 2)
    assert attacked[0] == date(2020, 6, 29)


def test_dates_two_days_in_one_sentence_are_both_offered() -> None:
    text = "Syrian and Russian jets carried out raids near al-Tanf on July 2 and July 3."
    ctx = _ctx(text)
    found = event_dates_for(_trigger(text, "raids"), find_dates(None, ctx), None, ctx)
    assert {d for d, _, _ in found} == {date(2020, 7, 2), date(2020, 7, 3)}


def test_dates_future_date_is_not_an_event_date() -> None:
    text = "Talks are planned on 20 August 2020 after clashes erupted on Friday."
    ctx = _ctx(text)
    day, _, _ = date_for(_trigger(text, "clashes"), find_dates(None, ctx), None, ctx)
    assert day == date(2020, 7, 3)


@pytest.mark.parametrize(
    "text", ["Fighters may attack again.", "The May 2 offensive", "It happened at 10:30."]
)
def test_dates_modal_may_and_times_are_not_dates(text: str) -> None:
    found = find_dates(None, _ctx(text))
    assert all(d.text.lower() != "may" for d in found)
    if "10:30" in text:
        assert found == []


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("in recent days", date(2020, 7, 2)),  # the past few days: their middle, like "the past three days"
        ("over the past few days", date(2020, 7, 2)),
        ("this week", PUB),  # a week still running names no day: the story's date
        ("earlier this week", date(2020, 7, 1)),
    ],
)
def test_dates_periods_ending_at_the_story(phrase: str, expected: date) -> None:
    text = f"Warplanes struck the town {phrase}, activists said."
    found = [d for d in find_dates(None, _ctx(text)) if d.kind != "dateline"]
    assert [(d.date, d.time_precision) for d in found] == [(expected, 2)]


def test_dates_day_before_the_reporting_clause_dates_the_event(nlp: Language) -> None:
    # no comma: the parser hangs "Friday" on "said", but it closes the reported clause
    text = "Jets killed ten people in the village Friday the monitor said. The raids destroyed a bakery."
    ctx = _ctx(text)
    doc = nlp(text)
    day, precision, _ = date_for(_trigger(text, "destroyed"), find_dates(doc, ctx), doc, ctx)
    assert (day, precision) == (date(2020, 7, 3), 1)


def test_dates_day_after_the_reporting_verb_dates_the_report(nlp: Language) -> None:
    text = "The monitor said on Friday that jets had struck the village. The raids destroyed a bakery."
    ctx = _ctx(text)
    doc = nlp(text)
    day, precision, _ = date_for(_trigger(text, "destroyed"), find_dates(doc, ctx), doc, ctx)
    assert (day, precision) == (PUB, 2)  # a report's date is not inherited


def test_dates_headline_takes_the_day_of_its_lead(nlp: Language) -> None:
    text = (
        "Rebels seize border post in fierce battle. Rebel fighters captured the border post on Thursday "
        "after heavy fighting, a monitor said on Saturday."
    )
    ctx = _ctx(text)
    doc = nlp(text)
    day, precision, _ = date_for(_trigger(text, "battle"), find_dates(doc, ctx), doc, ctx)
    assert (day, precision) == (date(2020, 7, 2), 1)


def test_dates_headline_keeps_no_day_when_the_lead_tells_another_incident(nlp: Language) -> None:
    text = (
        "Barrel bombs kill nine in the northern countryside. Twelve people were also killed yesterday "
        "when jets hit a market in the city."
    )
    ctx = _ctx(text)
    doc = nlp(text)
    day, precision, _ = date_for(_trigger(text, "Barrel bombs"), find_dates(doc, ctx), doc, ctx)
    assert (day, precision) == (PUB, 2)


def test_dates_next_sentence_about_the_victims_gives_their_days(nlp: Language) -> None:
    text = "Militants shot two farmers in the village. One was killed on Monday and one on Wednesday."
    ctx = _ctx(text)
    doc = nlp(text)
    dates = find_dates(doc, ctx)
    found = event_dates_for(_trigger(text, "shot"), dates, doc, ctx)
    assert [d for d, _, _ in found] == [date(2020, 6, 29), date(2020, 7, 1)]
    first = found[0][2]
    assert [d.date for d in gapped_days(first, [m for _, _, m in found], text)] == [date(2020, 7, 1)]


def test_dates_next_sentence_with_its_own_subject_gives_no_days(nlp: Language) -> None:
    text = "Militants shot two farmers in the village. Soldiers were killed on Monday in Hama."
    ctx = _ctx(text)
    doc = nlp(text)
    assert event_dates_for(_trigger(text, "shot"), find_dates(doc, ctx), doc, ctx) == []


def test_dates_days_of_separate_clauses_are_not_gapped() -> None:
    text = "Jets struck Hama on Monday and rebels shelled Homs on Tuesday."
    dates = find_dates(None, _ctx(text))
    monday, tuesday = (d for d in dates if d.kind == "weekday")
    assert gapped_days(monday, [tuesday], text) == []
