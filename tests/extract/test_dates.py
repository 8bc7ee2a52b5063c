"""Dates: expressions found, resolved against the story's date, and chosen per event trigger."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from frontwire.extract.dates import date_for, event_dates_for, find_dates, is_background, story_date
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
