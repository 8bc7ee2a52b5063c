"""Shared helpers for the casualty and event-toll tests: an article context and triggers over a text."""

from __future__ import annotations

from spacy.language import Language

from frontwire.extract.casualties import find_fatalities
from frontwire.types import Article, ArticleContext, CleanText, FatalityFigure, Trigger


def ctx(text: str) -> ArticleContext:
    return ArticleContext(Article("c", text), CleanText.unchanged(text), None)


def figures_in(nlp: Language, text: str) -> list[FatalityFigure]:
    return find_fatalities(nlp(text), ctx(text))


def trigger(text: str, word: str, sentence: tuple[int, int] | None = None) -> Trigger:
    start = text.index(word)
    s, e = sentence if sentence else (0, len(text))
    return Trigger(start, start + len(word), word, "Attack", "Violence against civilians", 0.8, s, e)


def sentence_trigger(text: str, word: str, sub_type: str) -> Trigger:
    start = text.index(word)
    s = text.rfind(". ", 0, start)
    s = 0 if s < 0 else s + 2
    e = text.find(". ", start)
    e = len(text) if e < 0 else e + 1
    return Trigger(start, start + len(word), word, sub_type, "Explosions/Remote violence", 0.8, s, e)
