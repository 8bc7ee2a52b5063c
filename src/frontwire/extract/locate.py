"""Where an event happened: which of the article's place mentions its sentence ties it to.

The gazetteer stage (`frontwire.extract.places`) finds and resolves every place mention; this stage
only chooses. In the trigger's sentence it prefers the place the dependency tree attaches to the
trigger ("struck positions in Hajin", "clashes near the village of Abdi"), then the most specific one
(a village over its province), then the nearest. When the sentence names no place, or only the
country, the event keeps the place the article established: the sentences just before, then the
lead, then the place the article names most. Never the outlet's city: a dateline ("BEIRUT (Reuters) -")
and "a London-based monitor" are not where anything happened.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import Any

from spacy.tokens import Doc, Token

from frontwire.distance import haversine_km
from frontwire.extract.place_signals import context_words
from frontwire.extract.textspans import sentences_of, token_at, tree_distance, trigger_sentence
from frontwire.knowledge import yamldata
from frontwire.knowledge.gazetteer_build import data_file
from frontwire.types import ArticleContext, PlaceMention, Trigger

# How specific a kind of place is (lower is more specific).
_SPECIFICITY = {
    "neighbourhood": 0, "neighborhood": 0, "village": 0, "town": 0, "city": 0, "site": 0, "camp": 0,
    "airport": 0, "base": 0, "crossing": 0, "landmark": 0, "admin3": 1, "district": 1, "admin2": 2,
    "natural": 2, "region": 3, "admin1": 3, "country": 5,
}  # fmt: skip
_DEFAULT_SPECIFICITY = 1
WEAK_SCORE = 0.6  # below this the gazetteer stage itself doubts the reading
STRAY_MARGIN = 0.25  # how much more weight the article's main country needs to call a place astray
NEIGHBOUR_KM = 250.0  # a place this near the article's others is no namesake misreading, whatever its country
_ATTACHING_PREPS = {
    "in", "near", "at", "on", "outside", "around", "into", "across", "inside", "of", "towards", "toward",
    "to", "targeting", "against", "between", "along", "over", "off", "within", "by",
}  # fmt: skip
_BASED_BEFORE = re.compile(r"\b(?:based|headquartered|exile|exiled)\s+in\s+(?:the\s+)?$", re.I)
_DATELINE_AFTER = re.compile(
    r"^(?:,\s*[A-Z][\w.' -]{1,30})?\s*(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))?"
    r"(?:,?\s*\d{4})?\s*(?:\([A-Za-z .]{1,40}\)\s*)?(?:[-–—:|]|\(\s*[A-Z])"
)


def place_for(
    trigger: Trigger, places: list[PlaceMention], doc: Doc | None, ctx: ArticleContext
) -> PlaceMention | None:
    """The place of the event the trigger names, or ``None`` when the article establishes none."""
    ranked = places_for(trigger, places, doc, ctx)
    return ranked[0] if ranked else None


def places_for(
    trigger: Trigger, places: list[PlaceMention], doc: Doc | None, ctx: ArticleContext
) -> list[PlaceMention]:
    """Candidate places for the trigger, best first. The trigger's own sentence decides when it names
    a place below the country level; else the place the article established comes first."""
    text = ctx.text
    usable = [p for p in places if not is_outlet_place(p, text) and not _acronym(p)]
    if not usable:
        return []
    s, e = trigger_sentence(trigger.start, trigger.sentence_start, trigger.sentence_end, text)
    own = [p for p in usable if s <= p.start < e]
    trig_tok = token_at(doc, trigger.start, trigger.end)
    focus = _country_focus(usable)
    secondary = {id(p) for p in own if _situates_other(p, own, doc, text)}
    bodies = {id(p) for p in own if _names_a_body(p, text)}
    ranked_own = sorted(
        own,
        key=lambda p: (
            *_doubt(p, focus),
            id(p) in bodies,
            id(p) in secondary,
            *_rank(p, trigger, trig_tok, doc),
        ),
    )
    return [_surroundings(p) for p in _choose(trigger, ranked_own, usable, s, ctx, focus)]


def _choose(  # noqa: PLR0917 - the chooser's inputs, as places_for has them
    trigger: Trigger,
    ranked_own: list[PlaceMention],
    usable: list[PlaceMention],
    s: int,
    ctx: ArticleContext,
    focus: _Focus,
) -> list[PlaceMention]:
    best = ranked_own[0] if ranked_own else None
    best_stray = best is not None and _doubt(best, focus)[0] == 1
    if best is not None and not best_stray and _specificity(best) < _SPECIFICITY["country"]:
        return ranked_own
    established = _established(trigger, usable, s, ctx)
    if established is None or (_doubt(established, focus)[0] and not best_stray and best is not None):
        return ranked_own
    if best is None or best_stray or _within(established, best) or _is_foreign_country(best, focus):
        # the sentence names no place, only a doubtful one, or only a country: "fighting in Syria",
        # "Russia said", "US-led strikes" are not where the event was when the article says where
        return [established, *[p for p in ranked_own if p is not established]]
    return ranked_own


def _names_a_body(p: PlaceMention, text: str) -> bool:
    """ "a position of the Tell Tamer Military Council near Tal Jumaa": a place in the name of a body
    (council, university, police) says whose, not where; another place of the sentence goes first."""
    return bool(context_words().institution.match(text[p.end : p.end + 40]))


_REFERENCE_PREPS = frozenset({"outside", "near", "around", "beyond"})
_BETWEEN_REFERENCE = re.compile(
    r"^\s*(?:region|area|district|town|village|city|suburbs?|countryside|enclave|pocket)?\s*,?\s*$", re.I
)


def _situates_other(p: PlaceMention, own: list[PlaceMention], doc: Doc | None, text: str) -> bool:
    """ "the Eastern Ghouta region outside the capital Damascus", "the village of Abdi near Tell
    Abyad": the place after "outside"/"near" only situates the place the phrase is about."""
    tok = token_at(doc, p.start, p.end)
    prep = _prep_head(tok) if tok is not None else None
    if prep is None or prep.lower_ not in _REFERENCE_PREPS:
        return False
    for q in own:
        if (
            q is p
            or q.start >= prep.idx
            or q.place.feature == "country"
            or q.place.place_id == p.place.place_id
        ):
            continue
        q_tok = token_at(doc, q.start, q.end)
        if (q_tok is not None and prep.head.i in {q_tok.i, q_tok.head.i}) or (
            _BETWEEN_REFERENCE.match(text[q.end : prep.idx])
        ):
            return True
    return False


@cache
def _surroundings_data() -> dict[str, Any]:
    """``surroundings.yaml``, read once for the tables and word lists below."""
    data: dict[str, Any] = yamldata.safe_load(data_file("surroundings.yaml").read_text("utf-8"))
    return data


@cache
def _surrounding_provinces() -> tuple[dict[tuple[str, str], str], frozenset[str]]:
    raw = _surroundings_data()
    cities = {
        (str(cc), str(city)): str(around)
        for cc, table in (raw.get("cities") or {}).items()
        for city, around in (table or {}).items()
    }
    return cities, frozenset(str(r).lower() for r in raw.get("outward_relations") or ())


@cache
def _based_after() -> re.Pattern[str]:
    """ "London-based", "Damascus-backed militia": a place joined to a word of surroundings.yaml's
    `seat_words` names an organisation's seat or sponsor."""
    seat = "|".join(re.escape(str(w)) for w in _surroundings_data()["seat_words"])
    return re.compile(rf"^\W{{0,2}}(?:-|\s)?(?:{seat})\b", re.I)


def _surroundings(p: PlaceMention) -> PlaceMention:
    """ "Near Damascus", "east of Damascus": outside a city that is a province of its own, so in the
    province around it (data/gazetteer/surroundings.yaml says which)."""
    cities, outward = _surrounding_provinces()
    if p.relation is None or p.relation.lower() not in outward or not p.place.admin1:
        return p
    around = cities.get((p.place.country_code or "", p.place.admin1))
    return replace(p, place=replace(p.place, admin1=around)) if around else p


_AGENCIES = (
    "Reuters|AFP|AP|Sputnik|SANA|Xinhua|dpa|DPA|UPI|ANI|IANS|Anadolu|AA|TASS|RIA Novosti|CNN|BBC"
    "|IRNA|Tasnim|Fars|KUNA|WAFA|MENA|SPA|NNA|ANHA|Hawar|Kurdistan24|Rudaw|Al Jazeera|AJ"
)
_DATELINE_CHARS = 160
_CAPITALISED_NEXT = re.compile(r"\s+[A-Z][a-z]")
_AGENCY_TAG = re.compile(
    r"^(?:,\s*[A-Z][\w.' -]{1,30}?)?(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*\((?:" + _AGENCIES + r")\)"
)


def _acronym(p: PlaceMention) -> bool:
    """ "UN", "SDF", "IS" read as a town: an acronym names an organisation far more often."""
    return len(p.text) <= 3 and p.text.isupper() and p.place.feature not in ("country", "admin1")


def is_outlet_place(p: PlaceMention, text: str) -> bool:
    """A place that names where a reporter or an organisation sits, not where an event happened:
    a dateline at the start of a line ("BEIRUT (Reuters) -") or "London-based" / "based in London"."""
    if _based_after().match(text[p.end : p.end + 8]) or _BASED_BEFORE.search(
        text[max(0, p.start - 30) : p.start]
    ):
        return True
    if _AGENCY_TAG.match(text[p.end : p.end + 60]):
        return True  # "BEIRUT (Sputnik)" anywhere, as scraped pages glue the dateline to the text
    if (
        p.start < _DATELINE_CHARS
        and len(p.text) >= 4
        and p.text.isupper()
        and _CAPITALISED_NEXT.match(text, p.end)
    ):
        return True  # "Last updated Jul 01 2016 BEIRUT At least 70 ...": a shouted city opening the text
    line_start = text.rfind("\n", 0, p.start) + 1
    before = text[line_start : p.start]
    if re.fullmatch(r"(?:[A-Z][\w.'-]*\s*)*,?\s*", before) and _DATELINE_AFTER.match(
        text[p.end : p.end + 60]
    ):
        return True
    return False


def _established(
    trigger: Trigger, places: list[PlaceMention], s: int, ctx: ArticleContext
) -> PlaceMention | None:
    """The place the article set up for what follows: the two sentences before, then the lead, then
    the place named most often (most specific on ties)."""
    sents = sentences_of(ctx.text)
    focus = _country_focus(places)
    trusted = [p for p in places if _doubt(p, focus) == (0, 0)]
    places = trusted or places  # a doubtful reading is not what the article established
    i = sents.index(s)
    for j in (i - 1, i - 2):
        if j < 0:
            break
        a, b = sents.spans[j]
        here = [p for p in places if a <= p.start < b]
        if here:
            best = min(here, key=lambda p: (*_doubt(p, focus), _specificity(p), p.geo_precision))
            if _specificity(best) < _SPECIFICITY["country"]:
                return best
    lead_end = sents.spans[min(1, len(sents) - 1)][1] if len(sents) else 0
    lead = [p for p in places if p.start < lead_end]
    if lead:
        best = min(lead, key=lambda p: (*_doubt(p, focus), _specificity(p), p.geo_precision, p.start))
        if _specificity(best) < _SPECIFICITY["country"]:
            return best
    counts = Counter(p.place.place_id for p in places)
    return min(
        places,
        key=lambda p: (
            _specificity(p) >= _SPECIFICITY["country"],
            *_doubt(p, focus),
            -counts[p.place.place_id],
            _specificity(p),
            p.start,
        ),
    )


class _Focus(dict[str | None, float]):
    """How strongly the article's places point to each country, and the places themselves."""

    places: list[PlaceMention]


def _country_focus(places: list[PlaceMention]) -> _Focus:
    """How strongly the article's places point to each country. A named country counts half a place:
    countries are often named as actors ("Russia said"), towns and provinces only as places."""
    weight = _Focus()
    for p in places:
        w = (0.5 if p.place.feature == "country" else 1.0) * max(p.score, 0.1)
        code = p.place.country_code or p.place.country
        weight[code] = weight.get(code, 0.0) + w
    weight.places = places
    return weight


def _doubt(p: PlaceMention, focus: _Focus) -> tuple[int, int]:
    """(out of the article's country, weakly recognised): a village resolved to another country than
    every other place of the article names, far from all of them, is most likely a wrong reading of
    the name; one across a nearby border (Gaza City in an article about rockets on Tel Aviv) is not."""
    code = p.place.country_code or p.place.country
    mine = focus.get(code, 0.0)
    top = max(focus.values(), default=0.0)
    stray = int(top > mine + STRAY_MARGIN and code is not None and not _near_others(p, focus))
    return stray, int(p.score < WEAK_SCORE)


def _near_others(p: PlaceMention, focus: _Focus) -> bool:
    """Within `NEIGHBOUR_KM` of a place of another country the article names (countries aside)."""
    others = [
        (q.place.country_code, q.place.latitude, q.place.longitude)
        for q in focus.places
        if q.place.feature != "country"
    ]
    return p.place.feature != "country" and near_another_country(
        p.place.latitude, p.place.longitude, p.place.country_code, others
    )


def near_another_country(
    lat: float, lon: float, country: str | None, others: Iterable[tuple[str | None, float, float]]
) -> bool:
    """Within `NEIGHBOUR_KM` of one of ``others`` (country, latitude, longitude) of another country: a
    place across a nearby border is no namesake misreading (the event's place and its actors' country
    both ask this)."""
    return any(c != country and haversine_km(lat, lon, la, lo) < NEIGHBOUR_KM for c, la, lo in others)


def _is_foreign_country(p: PlaceMention, focus: _Focus) -> bool:
    """A country mention that is not the country the article's places point to."""
    if p.place.feature != "country" or not focus:
        return False
    top = max(focus, key=lambda k: focus[k])
    return (p.place.country_code or p.place.country) != top


def _within(inner: PlaceMention, outer: PlaceMention) -> bool:
    """Whether ``inner`` lies in ``outer`` as far as the admin units say (a country or a province)."""
    o, i = outer.place, inner.place
    if o.feature == "country":
        return bool(i.country_code and i.country_code == o.country_code) or (i.country == o.country)
    if o.feature == "admin1":
        return bool(i.admin1) and i.admin1 == (o.admin1 or o.name)
    return i.place_id == o.place_id


def _specificity(p: PlaceMention) -> int:
    return _SPECIFICITY.get(p.place.feature, _DEFAULT_SPECIFICITY)


def _rank(
    p: PlaceMention, trigger: Trigger, trig_tok: Token | None, doc: Doc | None
) -> tuple[int, int, int, int]:
    place_tok = token_at(doc, p.start, p.end)
    dist = tree_distance(trig_tok, place_tok)
    attached = 0 if dist <= 3 else 1 if dist <= 5 else 2
    if attached and place_tok is not None and _prep_head(place_tok) is None:
        attached = 2  # not in a prepositional phrase: a subject or an adjective ("Syrian troops")
    return (attached, _specificity(p), p.geo_precision, abs(p.start - trigger.start))


def _prep_head(tok: Token) -> Token | None:
    """The preposition governing a place name ("in" of "in Hajin", "near" of "near the village of Abdi")."""
    t = tok
    for _ in range(4):
        if t.head is t:
            return None
        t = t.head
        if t.dep_ == "prep" or t.lower_ in _ATTACHING_PREPS:
            return t
    return None
