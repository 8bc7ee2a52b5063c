"""Place mentions: find every place name in an article and decide which place it is.

Three steps over the whole cleaned text (`ctx.text`), compute then set:

1. **Recognise.** One indexed lookup of the text's folded token n-grams in the gazetteer gives
   every candidate name (transliteration variants included). Each candidate collects evidence for and
   against being a place here: capitalisation, a locative word before it ("in", "near", "west of"),
   spaCy's entity label where the parse covers it (GPE/LOC for, PERSON/ORG against), person and
   organisation context ("Abu Rasin said", "Mr Henry", "Washington Post"), streets ("Memphis St."),
   the stoplist of common words, and how notable the best candidate is. Overlaps keep the longest
   name; a name surely a place somewhere in the article is more readily one in its other mentions.
2. **Resolve.** Candidates are scored by population and feature type, exact spelling, the country the
   article is about (countries named, unambiguous places, the country's local-news words), closeness to
   the other places of the article (and to some reading of each other name: coherence), and containment
   patterns ("X in Y province", "X, Y").
3. **Relate.** Words around the name make a relative location ("west of Tell Abyad", "the northern
   countryside of Hasaka", "eastern Homs", "the western bank of the Euphrates"): the mention keeps
   the named place's coordinates and admin units, with ``relation`` set and ``geo_precision`` 2 or 3.

A name that cannot be resolved is dropped on its own; it never empties the result.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from frontwire.config import Config
from frontwire.distance import haversine_km
from frontwire.extract.place_home import HomePrior, SourceHomes, outlet_places, sure_reading
from frontwire.extract.place_resolution import (
    Mention,
    bare_name,
    containment,
    focus_and_votes,
    resolve,
    stray,
)
from frontwire.extract.place_signals import (
    COUNTY_LIST,
    PLACE_LABELS,
    RESIDENCE_BEFORE,
    ContextWords,
    capitalised_neighbour,
    context_words,
    entities,
    is_stopword,
    label_for,
    relation_for,
    sentence_initial,
    shape_ok,
    usage_evidence,
)
from frontwire.knowledge.gazetteer import FLAT_PRIOR, Candidate, Gazetteer, NameMatch, prior
from frontwire.knowledge.gazetteer_build import spelling_ratio
from frontwire.knowledge.placenames import light_fold, name_key, unglue
from frontwire.types import ArticleContext, PlaceMention

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["PlaceFinder", "geoparse_text"]

LABEL_SWAY = 1.5  # the most an entity label adds to or takes from a name's evidence (_evidence)
_INSIDE_NEXT = 1.0
_DOUBLED = re.compile(r"(\w)\1+")
_ABU = re.compile(r"^(?:al|a)?b[ou]u?\s*(?=\w)")  # Abu Kamal, Albu Kamal, Bukamal: compare from "bu"
_NON_NAME_POS = frozenset(
    {"NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "AUX", "CCONJ", "SCONJ", "NUM"}
)


class PlaceFinder:
    """Finds and resolves place mentions; load once per process with `PlaceFinder.load(config)`."""

    min_evidence = -0.3  # recognition threshold on the summed evidence (see _evidence); LGL dev-tuned
    _lock = threading.Lock()
    _cache: dict[tuple[object, ...], PlaceFinder] = {}

    def __init__(self, gazetteer: Gazetteer, config: Config, *, include_demonyms: bool = False) -> None:
        self.gazetteer = gazetteer
        self.config = config
        self.include_demonyms = include_demonyms
        self.words: ContextWords = context_words()
        self.homes = SourceHomes()  # outlets' home regions, learnt from the articles read
        self._outlets: dict[str, list[tuple[str, list[Candidate]]]] = {}  # places outlets are named after
        self._lookup_recent = lru_cache(maxsize=max(64, config.batch_size))(self._lookup)  # one batch

    @classmethod
    def load(cls, config: Config | None = None, *, include_demonyms: bool = False) -> PlaceFinder:
        config = config or Config()
        gaz = Gazetteer.open(config)
        key = (id(gaz), include_demonyms)
        with cls._lock:
            if key not in cls._cache:
                cls._cache[key] = cls(gaz, config, include_demonyms=include_demonyms)
            return cls._cache[key]

    # ------------------------------------------------------------------ public entries
    def find(self, doc: Doc | None, ctx: ArticleContext) -> list[PlaceMention]:
        """Place mentions of the article (offsets into ``ctx.text``), in text order."""
        return self.find_text(ctx.text, doc, source=ctx.article.source)

    def find_batch(self, items: Sequence[tuple[str, Doc | None, str | None]]) -> list[list[PlaceMention]]:
        """Place mentions of several texts (text, parse, outlet), as `find_text` gives them, except that
        an article read before its outlet's home was settled is read again once the whole batch has
        taught it: the first stories of an outlet in a batch get the home its later stories show.
        Unsettled: fewer than a few sure places known, or the outlet's leading division or own town
        changed since. Deterministic for a given input order and batch size; the second reading learns
        nothing."""
        out: list[list[PlaceMention]] = []
        before: list[HomePrior | None] = []
        for text, doc, source in items:
            before.append(self._home(source))
            out.append(self.find_text(text, doc, source=source))
        for i, (text, doc, source) in enumerate(items):
            old = before[i]
            if source and (old is None or old.weight < 1.0 or old.settled != _settled(self._home(source))):
                out[i] = self.find_text(text, doc, source=source, learn=False)
        return out

    def _home(self, source: str | None) -> HomePrior | None:
        """The outlet's home prior with its own town (`place_home`), or None before it has votes."""
        home = self.homes.prior(source)
        towns = self._outlet_towns(source)
        if home is not None and towns:
            home = home.with_town(towns)
        return home

    def find_text(
        self, text: str, doc: Doc | None = None, *, source: str | None = None, learn: bool = True
    ) -> list[PlaceMention]:
        """Place mentions of a plain text; `doc` (a parse of the same text, or of part of it) adds NER.

        `source` names the outlet: its earlier articles' sure places make a prior for the names this
        one leaves ambiguous, and (with `learn`) this one's sure places are added to them
        (`place_home`)."""
        outlet = self._outlet(source, len(text))
        home = self._home(source)
        mentions = self._recognise(text, doc, home)
        resolve(mentions + outlet, text, self.words, home)
        _compass_parts(mentions, self.words)  # before learning: "North Arlington" read as Arlington's north
        if source and learn:
            self.homes.learn(
                source,
                filter(
                    None,
                    (sure_reading(mn.m.key, mn.cands, mn.scores, mn.best, mn.evidence) for mn in mentions),
                ),
            )
        focus, voted = focus_and_votes(mentions)
        out: list[PlaceMention] = []
        for mn in mentions:
            if (
                mn.silent
                or mn.best is None
                or stray(mn.best, focus - voted.get(mn.m.key, Counter()), self.words.theatre)
            ):
                continue
            try:
                out.append(self._relate(mn, text))
            except (ValueError, IndexError):
                continue  # one odd mention never costs the others
        return out

    def _outlet(self, source: str | None, end: int) -> list[Mention]:
        """Places the outlet is named after ("onlineathens.com": Athens), as silent mentions after the
        text: the article's names that lie near one of its readings agree with it (coherence), as
        local news names its own town's surroundings. They are never reported and never vote for the
        outlet's home."""
        return [
            Mention(
                NameMatch(end, end, name_key(part), -1, -1, tuple(cands)),
                part,
                list(cands),
                evidence=_OUTLET_EVIDENCE,
                silent=True,
            )
            for part, cands in self._outlet_towns(source)
        ]

    def _outlet_towns(self, source: str | None) -> list[tuple[str, list[Candidate]]]:
        """The outlet's name's places and their readings (`place_home.outlet_places`), remembered."""
        if not source:
            return []
        towns = self._outlets.get(source)
        if towns is None:
            if len(self._outlets) > _OUTLETS_KEPT:
                self._outlets.clear()
            towns = self._outlets[source] = outlet_places(source, self.gazetteer, self.words)
        return towns

    # ------------------------------------------------------------------ recognition
    def _named(self, text: str) -> list[Mention]:
        """The gazetteer names of the text written like places, overlaps resolved: no parse needed.

        The last few texts' names are remembered (as fresh `Mention`s each time, which resolution
        changes), so the extraction pipeline's entity-label planning and the stage share one lookup.
        """
        return [
            Mention(m, surface, list(cands), silent=silent)
            for m, surface, cands, silent in self._lookup_recent(text)
        ]

    def _lookup(self, text: str) -> tuple[tuple[NameMatch, str, tuple[Candidate, ...], bool], ...]:
        matches = self.gazetteer.match(text, lambda word: is_stopword(word, self.words))
        spans: list[Mention] = []
        for found in matches:
            surface = text[found.start : found.end]
            if not shape_ok(surface, self.words):
                continue
            m, surface = _without_english_article(found, surface, self.words)
            cands = _plausible(surface, list(m.candidates), self.words)
            if not cands and m.apart:  # "Albab": none is "Albab", try al-Bab
                cands = _plausible(surface, list(m.apart), self.words, unglued=True)
            if cands:
                # "Syrian", "Turkish": the country they name counts for the article's focus, but is
                # reported as a place only with include_demonyms.
                silent = not self.include_demonyms and all(c.kind == "demonym" for c in cands)
                spans.append(Mention(m, surface, cands, silent=silent))
        return tuple((s.m, s.surface, tuple(s.cands), s.silent) for s in _longest(spans))

    def label_sensitive(
        self, text: str, doc: Doc, within: Iterable[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Spans of the names inside the `within` ranges whose recognition an entity label could decide.

        An entity label moves a name's evidence by at most ``LABEL_SWAY`` either way; a name well
        above or below the threshold without one is decided already, so the entity recogniser needs to
        read only the others, each with a few words around it (`pipeline.label_windows`;
        docs/architecture.md, "Parse only what can hold an event").
        """
        ranges = sorted(within)
        spans = self._named(text)
        taken = [(s.m.start, s.m.end) for s in spans]
        out: list[tuple[int, int]] = []
        previous: Mention | None = None
        for s in spans:
            if not any(a <= s.m.start < b for a, b in ranges):
                continue
            unlabelled = self._evidence(s, text, {}, taken, doc, listed=_listed(previous, s, text))
            if abs(unlabelled - self.min_evidence) <= LABEL_SWAY:
                out.append((s.m.start, s.m.end))
            if unlabelled >= self.min_evidence:
                previous = s
        return out

    def _recognise(self, text: str, doc: Doc | None, home: HomePrior | None = None) -> list[Mention]:
        spans = self._named(text)
        if not spans:
            return []
        ents = entities(doc)
        taken = [(s.m.start, s.m.end) for s in spans]
        kept: list[Mention] = []
        for i, s in enumerate(spans):
            listed = _listed(kept[-1] if kept else None, s, text)
            s.evidence = self._evidence(s, text, ents, taken, doc, listed=listed)
            if i + 1 < len(spans) and _inside_next(s, spans[i + 1], text):
                s.evidence += _INSIDE_NEXT  # "Krasnodar, Russia": a town written with its country
            if home is not None:
                s.evidence += _HOME_NAME * home.local_share(s.cands)  # local news names local towns
            if s.evidence >= self.min_evidence:
                kept.append(s)
        # One sense per article: a name surely a place somewhere in it ("in Sharon, Cornwall and
        # Salisbury") is a place in its plainer mentions too ("Sharon will see increases"), unless
        # the mention is plainly something else's name ("the Washington Post", "Washington said").
        sure = {s.m.key for s in kept if s.evidence >= _SURE_PLACE}
        late = [s for s in spans if s.evidence < self.min_evidence and s.m.key in sure]
        w = self.words
        for s in late:
            after = text[s.m.end : s.m.end + 40]
            if w.organisation.match(after) or w.streets.match(after) or w.speech.match(after):
                continue
            if not w.institution.match(after) and capitalised_neighbour(text, s.m.start, s.m.end, taken, w):
                continue  # "the Washington Latin School": the start of another name
            s.evidence += _REPEAT_BONUS
        if late:
            kept = [s for s in spans if s.evidence >= self.min_evidence]
        return kept

    def _evidence(
        self,
        s: Mention,
        text: str,
        ents: dict[tuple[int, int], str],
        taken: list[tuple[int, int]],
        doc: Doc | None = None,
        *,
        listed: bool = False,
    ) -> float:
        start, end = s.m.start, s.m.end
        before = text[max(0, start - 60) : start]
        after = text[end : end + 40]
        folded = light_fold(s.surface)
        best = max(s.cands, key=prior)
        ev = 0.0
        w = self.words
        county = bool(
            COUNTY_LIST.match(text[end : end + 160])  # "Walton and Oconee counties"
            or _COUNTY_SUFFIX.search(s.surface)  # "Navarro County Criminal District Attorney's Office"
        )
        unit = county or bool(w.unit_after.match(after))
        locative = bool(w.locative.search(before)) or unit
        if listed and not locative:
            locative = True
            ev -= 0.3  # a list item: a little less sure than a name right after "in"
        usage = usage_evidence(text, start, end, s.surface, w)  # "TORRINGTON —", "a Roselle man"
        institution = bool(w.institution.match(after))  # "Athens Police": the place is named
        locative = locative or usage > 0
        s.locative = locative
        ev += usage
        if institution:
            ev += 0.4  # "Litchfield Fire Chief", "Fargo Mayor": a local body named after its town
        if locative:
            ev += 1.0
        notable = best.place.feature in FLAT_PRIOR or best.place.population >= 100_000
        label = label_for(ents, start, end)
        country = best.place.feature == "country" and best.kind == "name"  # "Romania", not "Romanian"
        if label in PLACE_LABELS:
            ev += 1.5
        elif label in ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT"):
            if not institution:
                ev -= 0.3 if locative or country else 1.0  # the small model often calls towns persons
        elif label == "NORP" and best.kind != "demonym":
            ev -= 0.3 if locative else 1.0  # "the village of Flumeri" is no nationality
        elif (
            label == "PART" and not notable and not unit and not institution
        ):  # inside a longer name: "Henry Ford"; but "Minnesota
            # Department of Transportation" and "Alexandria Police" still name the place; and the
            # parse often takes "Jane Doe, 30, of Southlake" as one entity
            ev -= 0.5 if RESIDENCE_BEFORE.search(before) else 1.5
        if notable:
            big = best.place.feature in FLAT_PRIOR or best.place.population >= 1_000_000
            ev += 1.7 if big else 1.2
        elif best.source in ("ucdp", "frontwire", "user") or best.place.population >= 15_000:
            ev += 0.5
        if s.m.last_token > s.m.first_token:
            ev += 0.5
        if is_stopword(s.surface, w):
            ev -= 2.5
        if w.speech.match(after) and not country:  # "Romania confirmed": a country acts as itself
            if not locative:  # "Washington said"; a capital speaking is its government ("Ankara
                ev -= 4.0 if best.fcode == "PPLC" else 2.0  # has not commented"), even as a GPE
            elif _WEAK_LOCATIVE.search(before) and not RESIDENCE_BEFORE.search(before):
                ev -= 3.0  # "and Ankara has not commented": "and" lists speakers here, not places
        if w.titles.search(before):
            ev -= 2.0
        if best.fcode == "PPLC" and _PARTIES_BEFORE.search(before):
            ev -= 3.0  # "the agreement between Moscow and Ankara": governments, not places
        if w.streets.match(after) and not county:
            ev -= 4.0  # "Memphis Street", "2517 Memphis St.": a street, never the place
        elif w.organisation.match(after):
            ev -= 2.5  # "Washington Post", "Kansas City Chiefs": a name of its own
        elif institution:
            pass  # "Minnesota Department of ...", "Athens Police", "Henderson County Court" name the place
        elif unit:
            pass  # "Konduga Local Government Area", "Borno State": the unit word, not another name
        elif capitalised_neighbour(text, start, end, taken, w):
            ev -= 1.5
        if w.name_head.search(before):
            ev -= 3.5  # "Lake Vermont", "Fort Hood": the lake, the base, not the state or town
        if _ORG_HEAD.search(before):
            ev -= 3.0  # "Islamic State West Africa Province", "Islamic State of Iraq and Syria"
        if _continues_name(text, start, s.surface, w):
            ev -= 2.5  # "Hayat Tahrir al-Sham", "Ahrar al-Sham": the tail of an organisation's name
        if sentence_initial(text, start) and s.m.last_token == s.m.first_token and not locative:
            ev -= 0.5
        if len(folded) <= 3 and not s.surface.isupper() and best.place.feature != "country":
            ev -= 1.0
        if best.kind != "demonym" and not county and doc is not None and _not_a_name(doc, start, end):
            ev -= 1.5  # tagged as a common word ("Following", "Money"), not a proper noun
        return ev - 0.4  # a bare capitalised word matching an obscure place needs some support

    # ------------------------------------------------------------------ relative locations
    def _relate(self, mn: Mention, text: str) -> PlaceMention:
        assert mn.best is not None
        c = mn.best
        relation, floor = relation_for(text, mn.m.start, mn.m.end)
        if mn.compass:
            relation, floor = mn.compass, 2
        if text[mn.m.end : mn.m.end + 1] == "-":  # "the US-controlled zone": a modifier, not the place
            relation, floor = None, 1
        if relation == "villages of" and c.place.feature in ("village", "town"):
            relation, floor = None, 1  # "the villages of Kansafra and al-Bara" names the villages
        precision = 3 if c.place.feature in ("country", "admin1", "continent") else c.precision
        place = c.place
        if place.feature == "admin1" and place.admin1 is None:
            place = replace(place, admin1=place.name)
        return PlaceMention(
            start=mn.m.start,
            end=mn.m.end,
            text=mn.surface,
            place=place,
            geo_precision=min(3, max(precision, floor)),
            relation=relation,
            score=round(_squash(mn.score + mn.evidence), 4),
        )


def _compass_parts(mentions: list[Mention], words: ContextWords) -> None:
    """ "North Arlington" in a story about Arlington, Texas is its north side, not the New Jersey town:
    a compass word and the name of another place of the article read as that place's part when the
    compound's own reading lies more than `_COMPASS_KM` from it (so "East Hampton" next to "Hampton" stays
    a town)."""
    by_stem = {mn.stem: mn for mn in mentions if mn.best is not None and not mn.silent}
    compass = words.compass
    for mn in mentions:
        head, _, rest = mn.stem.partition(" ")
        other = by_stem.get(rest)
        if head not in compass or other is None or other is mn or mn.best is None or other.best is None:
            continue
        a, b = mn.best.place, other.best.place
        if haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) > _COMPASS_KM:
            mn.best, mn.compass = other.best, head


_COMPASS_KM = 100.0


def _settled(home: HomePrior | None) -> tuple[tuple[str, str] | None, str | None]:
    return (None, None) if home is None else home.settled


def _not_a_name(doc: Doc, start: int, end: int) -> bool:
    """Every parsed token of the span is tagged as a common word (none PROPN); False if unparsed."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or not span.text.strip():
        return False
    tags = [t.pos_ for t in span if not t.is_punct and not t.is_space]
    return bool(tags) and all(tag in _NON_NAME_POS for tag in tags)


def _squash(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-(x - 2.0) / 2.0))


def _plausible(
    surface: str, cands: list[Candidate], words: ContextWords, *, unglued: bool = False
) -> list[Candidate]:
    """Candidates whose spelling is close to the text's: the loose key finds, this check confirms.

    A demonym ("Syrian") is only ever the country it names, never a village that folds the same way.
    A spelling that differs from every indexed one is accepted only in countries whose names reach
    English through transliteration (context.yaml) and for our own and users' places. A name found
    with its glued article apart (`unglued`: "Albab") is compared without it ("bab" with "al bab").
    """
    folded = light_fold(surface)
    if unglued:
        folded = " ".join(unglue(w) or w for w in folded.split())
    demonyms = [c for c in cands if c.kind == "demonym" and c.exact == folded]
    if demonyms:
        return demonyms
    articles = words.article_words
    bare = _compared_form(folded, articles)
    out = []
    for c in cands:
        if c.exact == folded:
            out.append(c)
            continue
        if c.kind == "demonym":
            continue  # "Keenan" folds like "Kenyan" but is not it
        if c.source == "geonames" and c.place.country_code not in words.transliterated:
            continue
        other = _compared_form(c.exact, articles)
        if _undoubled(bare) == _undoubled(other):
            out.append(c)  # the same but for doubled letters: "Mecca" and "Meca", "Makkah" and "Makah"
            continue
        if bare[:1] != other[:1]:
            continue  # transliterations vary in vowels and doubled letters, rarely in the first letter
        close = 0.75 if c.source != "geonames" or c.place.country_code in words.theatre else 0.9
        if spelling_ratio(bare, other) >= close:
            out.append(c)
    return out


@lru_cache(maxsize=65536)
def _compared_form(folded: str, articles: frozenset[str]) -> str:
    """A light-folded spelling without its article words, "Abu" as "bu": the form `_plausible` compares
    (remembered: the same candidates come back for the same names)."""
    return _ABU.sub("bu", bare_name(folded, articles))


@lru_cache(maxsize=65536)
def _undoubled(form: str) -> str:
    """`form` with each run of one letter written once ("makkah" -> "makah"); remembered, as
    `_compared_form` is, because the same candidates come back for the same names."""
    return _DOUBLED.sub(r"\1", form)


def _without_english_article(m: NameMatch, surface: str, words: ContextWords) -> tuple[NameMatch, str]:
    """ "An Alton funeral director", "At Alexandria": an English word that folds like an Arabic article
    ("An Nabk", "As Suwayda") starts the sentence, not the name, when the rest is a place's own spelling."""
    head, _, rest = surface.partition(" ")
    rest = rest.lstrip()
    if not rest or head not in words.english_articles:
        return m, surface
    folded, whole = light_fold(rest), light_fold(surface)
    if any(c.exact == whole for c in m.candidates) or not any(c.exact == folded for c in m.candidates):
        return m, surface  # "As Sukhnah" is a place's own spelling whole
    start = m.end - len(rest)
    return replace(m, start=start, first_token=m.first_token + 1), rest


_COMMA = re.compile(r",\s*")


def _inside_next(s: Mention, nxt: Mention, text: str) -> bool:
    """Whether the name is written with a country or first-level division it can lie in after a comma
    ("Krasnodar, Russia", "Pandi, Bulacan"): the way news places a town for readers abroad."""
    if not _COMMA.fullmatch(text[s.m.end : nxt.m.start]):
        return False
    outer = light_fold(nxt.surface)
    wide = [
        o
        for o in nxt.cands
        if o.place.feature in ("country", "admin1") and o.kind != "demonym" and o.exact == outer
    ]
    return any(containment(o, c) > 0 for c in s.cands for o in wide if c is not o)


def _listed(previous: Mention | None, mention: Mention, text: str) -> bool:
    """ "the villages of Kansafra, Fulayfil and al-Bara": a later item shares the locative of the
    recognised name it follows in a list."""
    return bool(
        previous is not None
        and previous.locative
        and _LIST_GAP.fullmatch(text[previous.m.end : mention.m.start])
    )


def _longest(spans: list[Mention]) -> list[Mention]:
    """Non-overlapping spans, longest first (then leftmost), returned in text order."""
    chosen: list[Mention] = []
    occupied: list[tuple[int, int]] = []
    for s in sorted(spans, key=lambda s: (-(s.m.end - s.m.start), s.m.start)):
        if any(s.m.start < b and a < s.m.end for a, b in occupied):
            continue
        chosen.append(s)
        occupied.append((s.m.start, s.m.end))
    return sorted(chosen, key=lambda s: s.m.start)


def geoparse_text(
    text: str, config: Config | None = None, *, include_demonyms: bool = False
) -> list[PlaceMention]:
    """Place mentions of a plain text without a parse (gazetteer and context signals only)."""
    return PlaceFinder.load(config, include_demonyms=include_demonyms).find_text(text)


_PARTIES_BEFORE = re.compile(
    r"\b(?:agreements?|deals?|talks|accords?|understandings?|relations|ties|tensions|rapprochement|"
    r"disputes?|negotiations|rift|spat)\s+(?:between|with)\s+(?:[A-Z][\w-]*\s+(?:and|or)\s+)?$"
)
# The head of an organisation named after places: the places in it are part of the name.
_ORG_HEAD = re.compile(r"\b(?:Islamic State|Wilayat|Wilayah)(?:\s+(?:of|in|the|and|[A-Z][\w'’-]*))*\s+$")
_OUTLETS_KEPT = 2000
_HOME_NAME = 1.5  # evidence for a name of a town in the outlet's home division (x its share)
_OUTLET_EVIDENCE = 1.5  # an outlet's own place is surely a place: it weighs fully in coherence
_SURE_PLACE = 1.5  # evidence that makes a name a place in the whole article
_REPEAT_BONUS = 1.0  # what that adds to its other mentions
_COUNTY_SUFFIX = re.compile(r"\s(?:County|Parish|Co\.)$")
_LIST_GAP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_WEAK_LOCATIVE = re.compile(r"\b(?:and|or|of|between)\s+$", re.I)  # joins names, places nothing
_ARTICLE_HEAD = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ez|es|ed)[-\u2011 ]", re.I)
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’-]*)\s+$")


def _continues_name(text: str, start: int, surface: str, w: ContextWords) -> bool:
    """A lower-case "al-X" or "al X" right after a capitalised word continues that word's name ("Tahrir
    al-Sham", "Jaysh al-Islam"), unless the word is a locative or sentence-initial ("In al-Bab")."""
    if not _ARTICLE_HEAD.match(surface) or not surface[:1].islower():
        return False
    m = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    if not m or not m.group(1)[:1].isupper() or m.group(1).split("-")[-1].islower():
        return False  # "the US-controlled al-Tanf zone": a compound adjective, not a name
    b_start = start - len(m.group(0))
    return m.group(1) not in w.neighbours and not sentence_initial(text, b_start)
