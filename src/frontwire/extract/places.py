"""Place mentions: find every place name in an article and decide which place it is.

Three steps over the whole cleaned text (`ctx.text`), compute then set:

1. **Recognise.** One indexed lookup of the text's folded token n-grams in the gazetteer gives
   every candidate name (transliteration variants included). Each candidate collects evidence for and
   against being a place here: capitalisation, a locative word before it ("in", "near", "west of"),
   spaCy's entity label where the parse covers it (GPE/LOC for, PERSON/ORG against), person and
   organisation context ("Abu Rasin said", "Mr Henry", "Washington Post"), the stoplist of common
   words, and how notable the best candidate is. Overlaps keep the longest name.
2. **Resolve.** Candidates are scored by population and feature type, exact spelling, the country the
   article is about (countries named and unambiguous places), closeness to the other places of the
   article, and containment patterns ("X in Y province", "X, Y").
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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING

from frontwire.config import Config
from frontwire.extract.place_signals import (
    PLACE_LABELS,
    ContextWords,
    capitalised_neighbour,
    context_words,
    entities,
    is_stopword,
    label_for,
    relation_for,
    sentence_initial,
    shape_ok,
)
from frontwire.knowledge.gazetteer import FLAT_PRIOR, Candidate, Gazetteer, NameMatch, prior
from frontwire.knowledge.gazetteer_build import spelling_ratio
from frontwire.knowledge.placenames import light_fold
from frontwire.types import ArticleContext, PlaceMention

if TYPE_CHECKING:
    from spacy.tokens import Doc

_ABU = re.compile(r"^(?:al|a)?b[ou]u?\s*(?=\w)")  # Abu Kamal, Albu Kamal, Bukamal: compare from "bu"
_NON_NAME_POS = frozenset(
    {"NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "AUX", "CCONJ", "SCONJ", "NUM"}
)
_CONTAINER_GAP = re.compile(r"\s*(?:,|\(|in|in the|of|of the|,\s*in|in\s+\w+\s+of)\s*(?:the\s+)?", re.I)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


_KM_PER_DEGREE_LATITUDE = 6371.0 * math.pi / 180  # no two points are closer than their latitudes


def within_km(lat1: float, lon1: float, lat2: float, lon2: float, km: float) -> bool:
    """Whether two points are less than ``km`` apart (most pairs are ruled out by latitude alone)."""
    if abs(lat1 - lat2) * _KM_PER_DEGREE_LATITUDE > km + 1.0:
        return False
    return haversine_km(lat1, lon1, lat2, lon2) < km


@dataclass
class _Mention:
    """A recognised name while it is being resolved (internal, mutable)."""

    m: NameMatch
    surface: str
    cands: list[Candidate]
    evidence: float = 0.0
    best: Candidate | None = None
    score: float = 0.0
    container: list[_Mention] = field(default_factory=list)
    province_word: bool = False  # followed by "province", "governorate", ...
    county: bool = False  # written "X County" / "X Parish"
    bare: str = ""  # the surface light-folded, articles removed
    codes: frozenset[str] = frozenset()  # countries of the candidates spelled as written
    silent: bool = False  # a demonym: informs the focus, not reported
    locative: bool = False  # a locative word before it, or it continues a list of such places


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
        return self.find_text(ctx.text, doc)

    def find_text(self, text: str, doc: Doc | None = None) -> list[PlaceMention]:
        """Place mentions of a plain text; `doc` (a parse of the same text, or of part of it) adds NER."""
        mentions = self._recognise(text, doc)
        self._resolve(mentions, text)
        focus = _country_focus(mentions)
        votes = _votes(mentions)
        out: list[PlaceMention] = []
        for mn in mentions:
            if (
                mn.silent
                or mn.best is None
                or _stray(mn.best, focus - votes.get(mn.m.key, Counter()), self.words.theatre)
            ):
                continue
            try:
                out.append(self._relate(mn, text))
            except (ValueError, IndexError):
                continue  # one odd mention never costs the others
        return out

    # ------------------------------------------------------------------ recognition
    def _recognise(self, text: str, doc: Doc | None) -> list[_Mention]:
        matches = self.gazetteer.match(text, lambda word: is_stopword(word, self.words))
        if not matches:
            return []
        ents = entities(doc)
        spans: list[_Mention] = []
        for m in matches:
            surface = text[m.start : m.end]
            if not shape_ok(surface, self.words):
                continue
            cands = _plausible(surface, list(m.candidates), self.words)
            if cands:
                # "Syrian", "Turkish": the country they name counts for the article's focus, but is
                # reported as a place only with include_demonyms.
                silent = not self.include_demonyms and all(c.kind == "demonym" for c in cands)
                spans.append(_Mention(m, surface, cands, silent=silent))
        spans = _longest(spans)
        taken = [(s.m.start, s.m.end) for s in spans]
        kept: list[_Mention] = []
        for s in spans:
            # "the villages of Kansafra, Fulayfil and al-Bara": later items share the first's locative
            listed = bool(
                kept and kept[-1].locative and _LIST_GAP.fullmatch(text[kept[-1].m.end : s.m.start])
            )
            s.evidence = self._evidence(s, text, ents, taken, doc, listed=listed)
            if s.evidence >= self.min_evidence:
                kept.append(s)
        return kept

    def _evidence(
        self,
        s: _Mention,
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
        unit = bool(w.unit_after.match(after))
        locative = bool(w.locative.search(before)) or unit
        if listed and not locative:
            locative = True
            ev -= 0.3  # a list item: a little less sure than a name right after "in"
        s.locative = locative
        if locative:
            ev += 1.0
        notable = best.place.feature in FLAT_PRIOR or best.place.population >= 100_000
        label = label_for(ents, start, end)
        if label in PLACE_LABELS:
            ev += 1.5
        elif label in ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT"):
            ev -= 0.3 if locative else 1.0  # the small model often calls towns persons
        elif label == "NORP" and best.kind != "demonym":
            ev -= 1.0
        elif (
            label == "PART" and not notable and not unit
        ):  # inside a longer name: "Henry Ford"; but "Minnesota
            ev -= 1.5  # Department of Transportation" and "Alexandria Police" still name the place
        if notable:
            big = best.place.feature in FLAT_PRIOR or best.place.population >= 1_000_000
            ev += 1.7 if big else 1.2
        elif best.source in ("ucdp", "frontwire", "user") or best.place.population >= 15_000:
            ev += 0.5
        if s.m.last_token > s.m.first_token:
            ev += 0.5
        if is_stopword(s.surface, w):
            ev -= 2.5
        if w.speech.match(after):
            if not locative:  # "Washington said"; a capital speaking is its government ("Ankara
                ev -= 4.0 if best.fcode == "PPLC" else 2.0  # has not commented"), even as a GPE
            elif _WEAK_LOCATIVE.search(before):
                ev -= 3.0  # "and Ankara has not commented": "and" lists speakers here, not places
        if w.titles.search(before):
            ev -= 2.0
        if best.fcode == "PPLC" and _PARTIES_BEFORE.search(before):
            ev -= 3.0  # "the agreement between Moscow and Ankara": governments, not places
        if w.organisation.match(after):
            ev -= 2.5  # "Washington Post", "Kansas City Chiefs": a name of its own
        elif w.institution.match(after):
            ev -= 0.5 if notable else 2.0  # "Minnesota Department of ...", "Athens Police" name the place
        elif w.unit_after.match(after):
            pass  # "Konduga Local Government Area", "Borno State": the unit word, not another name
        elif capitalised_neighbour(text, start, end, taken, w):
            ev -= 1.5
        if _ORG_HEAD.search(before):
            ev -= 3.0  # "Islamic State West Africa Province", "Islamic State of Iraq and Syria"
        if _continues_name(text, start, s.surface, w):
            ev -= 2.5  # "Hayat Tahrir al-Sham", "Ahrar al-Sham": the tail of an organisation's name
        if sentence_initial(text, start) and s.m.last_token == s.m.first_token and not locative:
            ev -= 0.5
        if len(folded) <= 3 and not s.surface.isupper() and best.place.feature != "country":
            ev -= 1.0
        if best.kind != "demonym" and doc is not None and _not_a_name(doc, start, end):
            ev -= 1.5  # tagged as a common word ("Following", "Money"), not a proper noun
        return ev - 0.4  # a bare capitalised word matching an obscure place needs some support

    # ------------------------------------------------------------------ resolution
    def _resolve(self, mentions: list[_Mention], text: str) -> None:
        for mn in mentions:
            mn.bare = _bare(light_fold(mn.surface), self.words.article_words)
            # Countries of the candidates spelled (nearly) as written: one country means a clear vote.
            mn.codes = frozenset(
                c.place.country_code or ""
                for c in mn.cands
                if _closeness(mn.bare, c.exact, self.words.article_words) >= 0.75
            ) or frozenset(c.place.country_code or "" for c in mn.cands)
            mn.province_word = bool(self.words.unit_after.match(text[mn.m.end : mn.m.end + 30]))
            mn.county = mn.surface.endswith((" County", " Parish")) or bool(
                re.match(r"\s+(?:County|Parish)\b", text[mn.m.end : mn.m.end + 10])
            )
        # Containment patterns: "X in Y province", "X, Y", "X (Y)".
        for i, mn in enumerate(mentions[:-1]):
            nxt = mentions[i + 1]
            if nxt.silent:
                continue
            gap = text[mn.m.end : nxt.m.start]
            if _CONTAINER_GAP.fullmatch(gap):
                mn.container.append(nxt)
        # Pass 1: priors. Pass 2: add the article's country focus and proximity to the other places.
        for mn in mentions:
            mn.best, mn.score = _pick(mn, prior)
        for _ in range(2):
            focus = _country_focus(mentions)
            votes = _votes(mentions)
            provinces = Counter(
                (mn.best.place.country_code, mn.best.admin1_code)
                for mn in mentions
                if mn.best is not None and mn.best.place.feature == "admin1"
            )  # provinces and states named outright ("Ohio", "Ga.", "Idlib province")
            anchors = [
                (mn.best.place.latitude, mn.best.place.longitude, id(mn))
                for mn in mentions
                if mn.best is not None
                and mn.best.place.feature not in ("country", "continent")
                and len(mn.cands) <= 3
            ]
            for mn in mentions:
                mn.best, mn.score = _pick(
                    mn,
                    partial(
                        self._context_score,
                        mn=mn,
                        focus=focus,
                        anchors=anchors,
                        votes=votes,
                        provinces=provinces,
                    ),
                )
        _one_sense(mentions)

    def _context_score(
        self,
        c: Candidate,
        *,
        mn: _Mention,
        focus: Counter[str],
        anchors: list[tuple[float, float, int]],
        votes: dict[str, Counter[str]],
        provinces: Counter[tuple[str | None, str]] | None = None,
    ) -> float:
        s = prior(c)
        if (
            c.place.feature == "admin1"
            and not mn.province_word
            and any(
                o.place.feature in ("city", "town")
                and o.place.country_code == c.place.country_code
                and o.admin1_code == c.admin1_code
                and (o.place.population >= 20_000 or o.fcode in ("PPLA", "PPLC"))
                for o in mn.cands
            )
        ):
            s -= 2.5  # "Homs", "Marib" alone: the city (or the seat); "Homs province": the governorate
        s += 3.0 * _closeness(mn.bare, c.exact, self.words.article_words)
        if c.place.country_code in self.words.theatre:
            s += 0.8
            if c.kind == "name":
                s += 1.5  # a theatre place by its own name beats a foreign one by an alias ("Ariha")
        if mn.m.key in votes:  # a name does not vote for its own reading (nor its repeats)
            focus = focus - votes[mn.m.key]
        if mn.county and c.place.country_code in ("US", "GB", "IE"):
            s += 2.0  # "Douglas County": counties are a US, British and Irish unit
        total = sum(focus.values())
        if total and c.place.country_code:
            share = focus[c.place.country_code] / total
            s += 2.5 * share
            if share == 0 and total >= 2 and c.place.feature not in ("country", "admin1", "continent"):
                s -= 1.0  # a small place abroad, in an article about somewhere else
        if provinces and c.place.feature not in ("country", "admin1", "continent"):
            s += 1.5 * provinces[(c.place.country_code, c.admin1_code)] / sum(provinces.values())
        for cont in mn.container:
            s += _containment(cont.best, c)
        if c.place.feature not in ("country", "continent"):
            near = sum(
                1
                for lat, lon, who in anchors
                if who != id(mn) and within_km(lat, lon, c.place.latitude, c.place.longitude, 150)
            )
            s += min(2.0, 0.7 * near)
        return s

    # ------------------------------------------------------------------ relative locations
    def _relate(self, mn: _Mention, text: str) -> PlaceMention:
        assert mn.best is not None
        c = mn.best
        relation, floor = relation_for(text, mn.m.start, mn.m.end)
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


def _not_a_name(doc: Doc, start: int, end: int) -> bool:
    """Every parsed token of the span is tagged as a common word (none PROPN); False if unparsed."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or not span.text.strip():
        return False
    tags = [t.pos_ for t in span if not t.is_punct and not t.is_space]
    return bool(tags) and all(tag in _NON_NAME_POS for tag in tags)


def _squash(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-(x - 2.0) / 2.0))


def _pick(mn: _Mention, score_fn: Callable[[Candidate], float]) -> tuple[Candidate | None, float]:
    best: Candidate | None = None
    best_score = -math.inf
    for c in mn.cands:
        s = score_fn(c)
        if s > best_score:
            best, best_score = c, s
    return best, best_score


def _stray(c: Candidate, focus: Counter[str], theatre: frozenset[str]) -> bool:
    """A small place in a country the article is otherwise not about: likely a name missing from the
    gazetteer that happens to match a village elsewhere ("near the village of Abdi" in a Syria report
    should not put an event in Chad)."""
    if sum(focus.values()) < 2 or not c.place.country_code or focus[c.place.country_code] > 0:
        return False
    if c.source != "geonames" or c.place.country_code in theatre:
        return False  # our own, UCDP's and the user's places, and the theatre's, are never strays
    return c.place.feature in ("village", "town") and c.place.population < 15_000


def _focus_weight(mn: _Mention) -> tuple[str | None, int]:
    """What one mention adds to the article's country focus: (country code, weight)."""
    if mn.best is None or not mn.best.place.country_code:
        return None, 0
    if mn.best.place.feature in ("country", "admin1") or len(mn.codes) == 1:
        named = mn.best.place.feature == "country" and mn.best.kind != "demonym"  # "Syria" over "Syrian"
        return mn.best.place.country_code, 2 if named else 1
    if mn.best.place.population >= 100_000 or mn.best.fcode in ("PPLC", "PPLA"):
        return mn.best.place.country_code, 1  # a notable city's reading counts too, though it is ambiguous
    return None, 0


def _votes(mentions: list[_Mention]) -> dict[str, Counter[str]]:
    """Per name key, what its mentions add to the country focus (a name never votes for itself)."""
    votes: dict[str, Counter[str]] = {}
    for mn in mentions:
        code, weight = _focus_weight(mn)
        if code:
            votes.setdefault(mn.m.key, Counter())[code] += weight
    return votes


def _country_focus(mentions: list[_Mention]) -> Counter[str]:
    """Countries the article is about: named countries and places whose reading is clear."""
    focus: Counter[str] = Counter()
    for mn in mentions:
        code, weight = _focus_weight(mn)
        if code:
            focus[code] += weight
    return focus


def _plausible(surface: str, cands: list[Candidate], words: ContextWords) -> list[Candidate]:
    """Candidates whose spelling is close to the text's: the loose key finds, this check confirms.

    A demonym ("Syrian") is only ever the country it names, never a village that folds the same way.
    A spelling that differs from every indexed one is accepted only in countries whose names reach
    English through transliteration (context.yaml) and for our own and users' places.
    """
    folded = light_fold(surface)
    demonyms = [c for c in cands if c.kind == "demonym" and c.exact == folded]
    if demonyms:
        return demonyms
    articles = words.article_words
    bare = " ".join(w for w in folded.split() if w not in articles) or folded
    out = []
    for c in cands:
        if c.exact == folded:
            out.append(c)
            continue
        if c.kind == "demonym":
            continue  # "Keenan" folds like "Kenyan" but is not it
        if c.source == "geonames" and c.place.country_code not in words.transliterated:
            continue
        other = _ABU.sub("bu", " ".join(w for w in c.exact.split() if w not in articles) or c.exact)
        if _ABU.sub("bu", bare)[:1] != other[:1]:
            continue  # transliterations vary in vowels and doubled letters, rarely in the first letter
        close = 0.75 if c.source != "geonames" or c.place.country_code in words.theatre else 0.9
        if spelling_ratio(_ABU.sub("bu", bare), other) >= close:
            out.append(c)
    return out


def _one_sense(mentions: list[_Mention]) -> None:
    """One place per name per article: repeats take the reading of the best-supported mention
    ("Alexandria, La." early on settles a bare "Alexandria" later)."""
    best: dict[str, _Mention] = {}
    for mn in mentions:
        if mn.best is not None and (mn.m.key not in best or mn.score > best[mn.m.key].score):
            best[mn.m.key] = mn
    for mn in mentions:
        lead = best.get(mn.m.key)
        if lead is not None and lead is not mn and mn.best is not None and lead.best is not None:
            if mn.province_word == lead.province_word and lead.best in mn.cands:
                mn.best = lead.best


def _containment(outer: Candidate | None, c: Candidate) -> float:
    """Bonus for a candidate inside the place written after it ("X in Y province", "X, Y")."""
    if outer is None or outer.place.country_code != c.place.country_code:
        return 0.0
    if outer.place.feature == "country":
        return 2.5
    same_admin1 = outer.admin1_code and outer.admin1_code == c.admin1_code
    if outer.place.feature == "admin1":
        return 3.0 if same_admin1 else 0.0
    # A town or city: "Frikeh, in the Hama countryside" means Hama's governorate.
    dist = haversine_km(outer.place.latitude, outer.place.longitude, c.place.latitude, c.place.longitude)
    return (2.5 if same_admin1 else 0.0) + (1.0 if dist < 100 else 0.0)


def _bare(folded: str, articles: frozenset[str]) -> str:
    return " ".join(w for w in folded.split() if w not in articles) or folded


def _closeness(bare: str, exact: str, articles: frozenset[str]) -> float:
    """0..1: how close an indexed spelling is to the text's (1 the same, 0 at ratio 0.6 or less)."""
    ratio = spelling_ratio(bare, _bare(exact, articles))
    return max(0.0, (ratio - 0.6) / 0.4)


def _longest(spans: list[_Mention]) -> list[_Mention]:
    """Non-overlapping spans, longest first (then leftmost), returned in text order."""
    chosen: list[_Mention] = []
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
    if not m or not m.group(1)[:1].isupper():
        return False
    b_start = start - len(m.group(0))
    return m.group(1) not in w.neighbours and not sentence_initial(text, b_start)
