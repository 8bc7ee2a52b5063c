"""Shared helpers for the actor and event-role tests: an article context, mentions, roles of one word."""

from __future__ import annotations

from datetime import date

from frontwire.extract.actors import Roles
from frontwire.types import ActorMention, Article, ArticleContext, CleanText, PlaceMention, PlaceRef, Trigger


def ctx(text: str, published: date | None = date(2019, 7, 4), title: str | None = None) -> ArticleContext:
    return ArticleContext(Article(id="t", text=text, title=title), CleanText.unchanged(text), published)


def find_actors(nlp, finder, text, **kw):
    doc = nlp(text)
    return doc, finder.find(doc, ctx(text, **kw))


def actor_names(mentions: list[ActorMention]) -> list[tuple[str, str]]:
    return [(m.text, m.actor.name) for m in mentions]


def roles_of(finder, doc, mentions, word: str) -> Roles:
    start = doc.text.index(word)
    trig = Trigger(start, start + len(word), word, "Armed clash", "Battles", 0.9)
    return finder.roles(trig, doc, mentions)


def side_name(m: ActorMention | None) -> str | None:
    return m.actor.name if m else None


def trigger_at(doc, word: str, sub: str, event_type: str) -> Trigger:
    start = doc.text.index(word)
    return Trigger(start, start + len(word), word, sub, event_type, 0.9)


def typed_roles(finder, doc, mentions, word: str, sub: str, *, event_type: str) -> Roles:
    return finder.roles(trigger_at(doc, word, sub, event_type), doc, mentions)


def placed_find(nlp, finder, text: str, *, place: str, country: str, code: str):
    doc = nlp(text)
    ref = PlaceRef("1", place, 0.0, 0.0, country, code)
    places = [PlaceMention(i, i + len(place), place, ref) for i in offsets_of(text, place)]
    return doc, finder.find(doc, ctx(text), places=places)


def offsets_of(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out
