"""Resolution: which gazetteer place each recognised name is, using the article's own evidence first.

`resolve(mentions, text, words)` scores every candidate of every mention (`places.PlaceFinder` has
recognised them) and keeps the best. The score adds, to the candidate's prior (countries, provinces,
then population; see `gazetteer.prior`):

- how close the text's spelling is to the candidate's indexed one;
- containment written out: "X in Y province", "X, Y", "X (Y)", "Gainesville, Ga.";
- a unit word: "Douglas County", "Clarke and Oconee counties" (a US/UK/Irish county);
- the article's country focus (named countries and places whose reading is clear; a name never votes
  for itself), which replaces the configured theatre when the article is clearly about elsewhere;
- the article's regional focus: the first-level divisions (states, provinces) the article's OTHER names
  most probably lie in, from their current readings. Local news names a town, its county and its
  neighbours: "Athens" next to "Henderson County" and "Tyler" is the Texas one;
- nearness to the article's other places with few readings;
- coherence: how many of the article's OTHER names have some reading (not only their current one)
  near the candidate, each name weighted by how few places it can be. Local news names a town and its
  neighbours: "Athens" and "Henderson County" each have many readings, but only the Texas ones lie
  together.

Two passes refine the readings; then one sense per name per article.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial

from frontwire.distance import haversine_km
from frontwire.extract.place_home import HomePrior
from frontwire.extract.place_signals import COUNTY_LIST, ContextWords, vocabulary_focus
from frontwire.knowledge.gazetteer import Candidate, NameMatch, prior
from frontwire.knowledge.gazetteer_build import spelling_ratio
from frontwire.knowledge.placenames import light_fold

_CONTAINER_GAP = re.compile(r"\s*(?:,|\(|in|in the|of|of the|,\s*in|in\s+\w+\s+of)\s*(?:the\s+)?", re.I)
# "Clarke, Madison, Oconee and Oglethorpe counties": every item of the list is a county.
_COUNTY_AFTER = re.compile(r"^\s+(?:County|Parish|Co\.)(?!\w)")
_COUNTY_COUNTRIES = ("US", "GB", "IE")
_WIDE = ("country", "admin1", "continent")


_KM_PER_DEGREE_LATITUDE = 6371.0 * math.pi / 180  # no two points are closer than their latitudes


def within_km(lat1: float, lon1: float, lat2: float, lon2: float, km: float) -> bool:
    """Whether two points are less than ``km`` apart (most pairs are ruled out by latitude alone)."""
    if abs(lat1 - lat2) * _KM_PER_DEGREE_LATITUDE > km + 1.0:
        return False
    return haversine_km(lat1, lon1, lat2, lon2) < km


@dataclass
class Mention:
    """A recognised name while it is being resolved (internal, mutable)."""

    m: NameMatch
    surface: str
    cands: list[Candidate]
    evidence: float = 0.0
    best: Candidate | None = None
    score: float = 0.0
    scores: list[float] = field(default_factory=list)  # per candidate, from the last pass
    container: list[Mention] = field(default_factory=list)
    contains: list[Mention] = field(default_factory=list)  # the names written before it: "Buffalo, New York"
    province_word: bool = False  # followed by "province", "governorate", ...
    first_level: bool = False  # followed by a first-level unit word: "Washington state", "Hama province"
    county: bool = False  # written "X County" / "X Parish", or an item of "X and Y counties"
    bare: str = ""  # the surface light-folded, articles removed
    stem: str = ""  # `bare` without a unit word ("henderson" for "Henderson County")
    coherence: dict[int, float] = field(default_factory=dict)  # per candidate (by id), see _coherence
    codes: frozenset[str] = frozenset()  # countries of the candidates spelled as written
    silent: bool = False  # a demonym: informs the focus, not reported
    outlet: bool = False  # a place the outlet is named after: informs nearness only (place_home)
    compass: str = ""  # "north" when "North Arlington" is read as the north of the article's Arlington
    locative: bool = False  # a locative word before it, or it continues a list of such places
    country_name: bool = False  # some reading is a country or continent by that very name
    capital_of: frozenset[str] = frozenset()  # countries whose capital has this very name
    # (country, spelling) of the first-level divisions it names by their own name -> their codes
    divisions: dict[tuple[str | None, str], frozenset[str]] = field(default_factory=dict)
    settled: frozenset[tuple[str | None, str]] = frozenset()  # (country, admin1) of its settlements


@dataclass
class _Context:
    """What the rest of the article says, for scoring one mention's candidates."""

    focus: Counter[str]
    votes: dict[str, Counter[str]]
    anchors: list[tuple[float, float, str]]  # current readings of names with few, and the name's stem
    provinces: Counter[tuple[str | None, str]]
    regions: dict[str, dict[tuple[str, str], float]]  # per name key: where its readings lie
    theatre_on: bool
    home: HomePrior | None = None  # the outlet's home region, learnt from its earlier articles


def resolve(mentions: list[Mention], text: str, words: ContextWords, home: HomePrior | None = None) -> None:
    """Set `best` and `score` of every mention (None when it has no candidate); `home` is the outlet's
    home region (`place_home`), a prior for the names the article leaves ambiguous."""
    for mn in mentions:
        mn.bare = bare_name(light_fold(mn.surface), words.article_words)
        mn.stem = _UNIT_TAIL.sub("", mn.bare)  # "Henderson County" and "Henderson" vouch not for each other
        # Countries of the candidates spelled (nearly) as written: one country means a clear vote.
        mn.codes = frozenset(
            c.place.country_code or ""
            for c in mn.cands
            if _closeness(mn.bare, c.exact, words.article_words) >= 0.75
        ) or frozenset(c.place.country_code or "" for c in mn.cands)
        after = text[mn.m.end : mn.m.end + 160]
        mn.province_word = bool(words.unit_after.match(after[:30]))
        mn.first_level = bool(words.first_level_after.match(after[:30]))
        # Spelled as written, by its own name or an alternate ("Washington" for Washington, D.C.).
        written = [c for c in mn.cands if c.kind != "demonym" and c.exact == light_fold(mn.surface)]
        mn.country_name = any(c.place.feature in ("country", "continent") for c in written)
        mn.capital_of = frozenset(c.place.country_code or "" for c in written if c.fcode == "PPLC")
        divisions: defaultdict[tuple[str | None, str], set[str]] = defaultdict(set)
        for c in mn.cands:
            if c.place.feature == "admin1" and c.kind == "name":
                divisions[(c.place.country_code, c.exact)].add(c.admin1_code)
        mn.divisions = {k: frozenset(v) for k, v in divisions.items()}
        mn.settled = frozenset(
            (c.place.country_code, c.admin1_code)
            for c in mn.cands
            if c.place.feature in ("city", "town", "village")
        )
        mn.county = (
            mn.surface.endswith((" County", " Parish", " Co."))
            or bool(_COUNTY_AFTER.match(after))
            or bool(COUNTY_LIST.match(after))
        )
    # Containment patterns: "X in Y province", "X, Y", "X (Y)".
    for i, mn in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if nxt.silent:
            continue
        if _CONTAINER_GAP.fullmatch(text[mn.m.end : nxt.m.start]):
            mn.container.append(nxt)
            nxt.contains.append(mn)
    # Pass 1: priors. Passes 2 and 3: the article's evidence, from the readings of the pass before.
    for mn in mentions:
        _pick(mn, prior)
    nearby = _cells(mentions)
    for mn in mentions:
        mn.coherence = _coherence(mn, nearby)  # the same in every pass: it reads all readings
    vocabulary = vocabulary_focus(text, words)  # "the City Council", "a DUI arrest": US local news
    for _ in range(2):
        ctx = _article_context(mentions, words, vocabulary)
        ctx.home = home
        for mn in mentions:
            focus = _focus_without(mn, ctx)  # once per mention, not per candidate
            _pick(mn, partial(_context_score, mn=mn, ctx=ctx, words=words, focus=focus))
    _one_sense(mentions)


def _article_context(mentions: list[Mention], words: ContextWords, vocabulary: dict[str, int]) -> _Context:
    focus, voted = focus_and_votes(mentions)
    focus.update(vocabulary)
    total = sum(focus.values())
    # The configured theatre helps close calls, unless the article clearly points elsewhere.
    theatre_on = total < 3 or any(focus[t] for t in words.theatre)
    return _Context(
        focus=focus,
        votes=voted,
        anchors=[
            (mn.best.place.latitude, mn.best.place.longitude, mn.stem)
            for mn in mentions
            if mn.best is not None
            and mn.best.place.feature not in ("country", "continent")
            and len(mn.cands) <= 3
        ],
        provinces=Counter(
            (mn.best.place.country_code, mn.best.admin1_code)
            for mn in mentions
            if mn.best is not None and mn.best.place.feature == "admin1"
        ),  # provinces and states named outright ("Ohio", "Ga.", "Idlib province")
        regions=_regions(mentions),
        theatre_on=theatre_on,
    )


_CELL_DEGREES = 0.5  # a reading's 3x3 neighbourhood of cells reaches at least 40 km, at most 165 km
_UNIT_TAIL = re.compile(r"\s+(?:county|parish|co|counties|parishes)$")
_POINTLESS = ("country", "continent", "admin1", "region")  # their points say little about nearness


@dataclass
class _Nearby:
    """Where the article's names can be: grid cell (and first-level division) -> name stem -> weight."""

    cells: dict[tuple[int, int], dict[str, float]]
    within: dict[tuple[str, str], dict[str, float]]


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEGREES), math.floor(lon / _CELL_DEGREES)


def _cells(mentions: list[Mention]) -> _Nearby:
    """Grid cells and first-level divisions where each name has some reading, with the name's weight:
    a name that can be many places ("Washington", "Franklin") lies near almost anything, so it weighs
    little."""
    by_stem: dict[str, set[tuple[int, int]]] = defaultdict(set)
    divisions: dict[str, set[tuple[str, str]]] = defaultdict(set)
    sure: defaultdict[str, float] = defaultdict(float)
    for mn in mentions:
        # A name barely recognised ("The City", "Titan") vouches for little.
        sure[mn.stem] = max(sure[mn.stem], min(1.0, max(0.0, mn.evidence) / _SURE_EVIDENCE))
        for c in mn.cands:
            if c.place.feature not in _POINTLESS:
                by_stem[mn.stem].add(_cell(c.place.latitude, c.place.longitude))
                divisions[mn.stem].add((c.place.country_code or "", c.admin1_code))
    cells: dict[tuple[int, int], dict[str, float]] = defaultdict(dict)
    within: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for stem, where in by_stem.items():
        weight = sure[stem] * max(0.0, 1.0 - math.log(len(where)) / math.log(200)) ** 2
        for cell in where:
            cells[cell][stem] = weight
        for division in divisions[stem]:
            within[division][stem] = weight
    return _Nearby(dict(cells), dict(within))


def _coherence(mn: Mention, nearby: _Nearby) -> dict[int, float]:
    """Per candidate (by id): the summed weight of the article's other names with a reading near it
    (for a state or province: inside it). Countries and continents get none: every name of the
    article is in one."""
    words = set(mn.stem.split())
    out: dict[int, float] = {}
    for c in mn.cands:
        near: dict[str, float] = {}
        if c.place.feature == "admin1":
            near.update(nearby.within.get((c.place.country_code or "", c.admin1_code), {}))
        elif c.place.feature not in ("country", "continent"):
            row, col = _cell(c.place.latitude, c.place.longitude)
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    near.update(nearby.cells.get((row + dr, col + dc), {}))
        # an old or other name is less sure; a county's bare name ("Oconee") is how lists name it
        sure = 1.0 if c.kind == "name" or c.place.feature == "admin2" else 0.5
        out[id(c)] = sure * sum(w for other, w in near.items() if not _overlap(words, other))
    return out


def _overlap(words: set[str], other: str) -> bool:
    """The same name or one inside the other ("Arlington", "North Arlington"): no second opinion."""
    theirs = set(other.split())
    return words <= theirs or theirs <= words


def _regions(mentions: list[Mention]) -> dict[str, dict[tuple[str, str], float]]:
    """Per name key, how probably its readings lie in each first-level division (sums to 1 or 0).

    Readings are weighted by the last pass's scores (a softmax), so a name with one clear reading
    ("Henderson County" written next to "Texas") weighs fully and a name read fifty ways weighs little
    on any one state. Countries and continents lie in no division and add nothing.
    """
    out: dict[str, dict[tuple[str, str], float]] = {}
    for mn in mentions:
        if mn.m.key in out or not mn.cands or len(mn.scores) != len(mn.cands):
            continue
        top = max(mn.scores)
        weights = [math.exp(s - top) for s in mn.scores]
        total = sum(weights)
        dist: defaultdict[tuple[str, str], float] = defaultdict(float)
        for c, w in zip(mn.cands, weights, strict=True):
            if c.place.feature not in ("country", "continent") and c.place.country_code and c.admin1_code:
                dist[(c.place.country_code, c.admin1_code)] += w / total
        out[mn.m.key] = dict(dist)
    return out


def _focus_without(mn: Mention, ctx: _Context) -> Counter[str]:
    """The article's country focus without the votes of the mention's own name: a name does not
    vote for its own reading (nor its repeats)."""
    if mn.m.key in ctx.votes:
        return ctx.focus - ctx.votes[mn.m.key]
    return ctx.focus


def _context_score(
    c: Candidate, *, mn: Mention, ctx: _Context, words: ContextWords, focus: Counter[str]
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
    elif (
        c.place.feature == "admin1"
        and not mn.province_word
        and any(
            o.place.feature == "city"
            and o.place.country_code != c.place.country_code
            and o.place.population > c.place.population
            for o in mn.cands
        )
    ):
        s -= 2.0  # "Portland", "Gaza" alone: the city, not a smaller province abroad of that name
    if mn.country_name and c.kind != "name" and c.place.feature not in ("country", "continent"):
        s -= _COUNTRY_NAME  # "Mexico" is the country, not Mexico City, which has it as an alternate
    if c.place.feature in ("town", "village"):
        seats = mn.divisions.get((c.place.country_code, c.exact))
        if seats is not None and c.admin1_code not in seats:  # not its own division's namesake seat (Hama)
            s -= _DIVISIONS_NAMESAKE  # "Wales" beside "England": the division, not the Yorkshire town
    if c.place.feature == "admin1":
        if mn.first_level:
            s += _FIRST_LEVEL_WORD  # "a Washington state farm": the state, not a town called Washington
        if (c.place.country_code, c.admin1_code) not in mn.settled:
            # "Aleppo" beside "Idlib province" stays the city, the seat of its namesake division
            s += _SIBLING * _siblings(c, ctx.provinces)  # "England, Scotland and Wales": a third division
    s += 3.0 * _seat_closeness(c, mn, words.article_words)
    if ctx.theatre_on and c.place.country_code in words.theatre:
        s += 0.8
        if c.kind == "name":
            s += 1.5  # a theatre place by its own name beats a foreign one by an alias ("Ariha")
    if mn.county and c.place.country_code in _COUNTY_COUNTRIES:
        s += 2.0  # "Douglas County": counties are a US, British and Irish unit
        if c.place.feature == "admin2":
            s += 1.5  # "Madison County", "Clarke and Oconee counties": the county, not its seat
            if c.kind != "name":
                s += 2.0  # "Mahnomen" in a county list: the prior's cut for a bare county name is undone
    total = sum(focus.values())
    if total and c.place.country_code:
        share = focus[c.place.country_code] / total
        s += 2.5 * share
        if share == 0 and total >= 2 and c.place.feature not in ("country", "continent"):
            s -= 1.0  # a small place or province abroad, in an article about somewhere else
    if c.place.feature not in _WIDE and ctx.provinces:
        s += 1.5 * ctx.provinces[(c.place.country_code, c.admin1_code)] / sum(ctx.provinces.values())
    if c.place.feature not in ("country", "continent"):
        s += _regional(c, mn.m.key, ctx.regions)  # a province lies in itself: "Aleppo" stays balanced
    for cont in mn.container:
        s += containment(cont.best, c)
    if c.place.feature in ("country", "admin1") and any(
        inner.best is not None and inner.best is not c and containment(c, inner.best) > 0
        for inner in mn.contains
    ):
        s += _CONTAINS  # "Buffalo, New York": the state that holds the town, not New York City
    if c.place.feature not in ("country", "continent"):
        own = set(mn.stem.split())
        near = sum(
            1
            for lat, lon, stem in ctx.anchors
            if not _overlap(own, stem) and within_km(lat, lon, c.place.latitude, c.place.longitude, 150)
        )
        s += min(2.0, 0.7 * near)
    if ctx.home is not None and not (mn.country_name or mn.capital_of & ctx.home.countries.keys()):
        s += ctx.home.bonus(c)  # "Athens" in a Tennessee paper; "Mexico", "Washington" stay themselves
        town = ctx.home.town
        if (
            town is not None
            and c.place.feature not in _WIDE
            and not _overlap(set(mn.stem.split()), _stem(town.exact, words))
            and within_km(town.place.latitude, town.place.longitude, c.place.latitude, c.place.longitude, 150)
        ):
            s += _NEAR_TOWN  # local news names its town's surroundings
    return s + min(_COHERENCE_CAP, _COHERENCE * mn.coherence.get(id(c), 0.0))


_COHERENCE = 2.0
_FIRST_LEVEL_WORD = 2.0
_CONTAINS = 1.5
_DIVISIONS_NAMESAKE = 1.5  # a town named like a first-level division of its own country
_SIBLING = 2.0  # at most: the share of the divisions named outright that are the candidate's siblings
_COUNTRY_NAME = 3.0  # a country's own name read as another place's alternate (a capital's old name)
_NEAR_TOWN = 0.7  # a reading near the outlet's own town, as near one of the article's places
_COHERENCE_CAP = 2.0
_SURE_EVIDENCE = 1.5


def _regional(c: Candidate, key: str, regions: dict[str, dict[tuple[str, str], float]]) -> float:
    """Bonus for a candidate in the division the article's other names most probably lie in."""
    if not c.place.country_code or not c.admin1_code:
        return 0.0
    support = 0.0
    total = 0.0
    for other, dist in regions.items():
        if other == key or not dist:
            continue
        support += dist.get((c.place.country_code, c.admin1_code), 0.0)
        total += 1.0
    if not total:
        return 0.0
    return 2.0 * support / total + min(1.0, 0.5 * support)


def _siblings(c: Candidate, provinces: Counter[tuple[str | None, str]]) -> float:
    """The share of the first-level divisions the article names outright (its `provinces`) that lie in
    the candidate division's country, other than the candidate itself: an article that names England
    and Scotland means the division by "Wales", not the town in Yorkshire."""
    total = sum(provinces.values())
    if not total:
        return 0.0
    own = (c.place.country_code, c.admin1_code)
    return sum(n for key, n in provinces.items() if key[0] == own[0] and key != own) / total


def _pick(mn: Mention, score_fn: Callable[[Candidate], float]) -> None:
    mn.scores = [score_fn(c) for c in mn.cands]
    mn.best, mn.score = None, -math.inf
    for c, s in zip(mn.cands, mn.scores, strict=True):
        if s > mn.score:
            mn.best, mn.score = c, s


def stray(c: Candidate, focus: Counter[str], theatre: frozenset[str]) -> bool:
    """A small place in a country the article is otherwise not about: likely a name missing from the
    gazetteer that happens to match a village elsewhere ("near the village of Abdi" in a Syria report
    should not put an event in Chad)."""
    if sum(focus.values()) < 2 or not c.place.country_code or focus[c.place.country_code] > 0:
        return False
    if c.source != "geonames" or c.place.country_code in theatre:
        return False  # our own, UCDP's and the user's places, and the theatre's, are never strays
    return c.place.feature in ("village", "town") and c.place.population < 15_000


def _focus_weight(mn: Mention) -> tuple[str | None, int]:
    """What one mention adds to the article's country focus: (country code, weight)."""
    if mn.best is None or not mn.best.place.country_code:
        return None, 0
    if mn.best.place.feature in ("country", "admin1") or len(mn.codes) == 1:
        named = mn.best.place.feature == "country" and mn.best.kind != "demonym"  # "Syria" over "Syrian"
        return mn.best.place.country_code, 2 if named else 1
    if mn.best.place.population >= 100_000 or mn.best.fcode in ("PPLC", "PPLA"):
        return mn.best.place.country_code, 1  # a notable city's reading counts too, though it is ambiguous
    return None, 0


def focus_and_votes(mentions: list[Mention]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Countries the article is about (named countries and places whose reading is clear), and per
    name key what its mentions add to that focus (so a name never votes for itself)."""
    focus: Counter[str] = Counter()
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for mn in mentions:
        if mn.outlet:
            continue  # "dailysabah" names no country the article is about
        code, weight = _focus_weight(mn)
        if code:
            focus[code] += weight
            votes[mn.m.key][code] += weight
    return focus, dict(votes)


def _one_sense(mentions: list[Mention]) -> None:
    """One place per name per article: repeats take the reading of the best-supported mention
    ("Alexandria, La." early on settles a bare "Alexandria" later)."""
    best: dict[str, Mention] = {}
    for mn in mentions:
        if mn.best is not None and (mn.m.key not in best or mn.score > best[mn.m.key].score):
            best[mn.m.key] = mn
    for mn in mentions:
        lead = best.get(mn.m.key)
        if lead is not None and lead is not mn and mn.best is not None and lead.best is not None:
            if mn.province_word == lead.province_word and lead.best in mn.cands:
                mn.best = lead.best


def containment(outer: Candidate | None, c: Candidate) -> float:
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


def _seat_closeness(c: Candidate, mn: Mention, articles: frozenset[str]) -> float:
    """How close the candidate's spelling is to the text's; a province's seat shares the province's
    spellings ("Daraa" is the city's name too, though its index row may keep "Dar'a")."""
    own = _closeness(mn.bare, c.exact, articles)
    if c.fcode not in ("PPLA", "PPLC") or own == 1.0:
        return own
    return max(
        [own]
        + [
            _closeness(mn.bare, o.exact, articles)
            for o in mn.cands
            if o.place.feature == "admin1"
            and o.place.country_code == c.place.country_code
            and o.admin1_code == c.admin1_code
        ]
    )


def _stem(exact: str, words: ContextWords) -> str:
    return _UNIT_TAIL.sub("", bare_name(exact, words.article_words))


def bare_name(folded: str, articles: frozenset[str]) -> str:
    """A light-folded name without its article words ("al bab" -> "bab"), or whole if nothing is left."""
    return " ".join(w for w in folded.split() if w not in articles) or folded


@lru_cache(maxsize=65536)
def _closeness(bare: str, exact: str, articles: frozenset[str]) -> float:
    """0..1: how close an indexed spelling is to the text's (1 the same, 0 at ratio 0.6 or less)."""
    ratio = spelling_ratio(bare, bare_name(exact, articles))
    return max(0.0, (ratio - 0.6) / 0.4)
