"""An outlet's home region, learnt from its own earlier articles: a prior for names it leaves ambiguous.

Local papers write "Athens", "Alexandria" or "Douglas County" without a state: their readers know
which one is meant, because the paper is theirs. `SourceHomes` learns that unsupervised, while a
stream of articles is read: the places an outlet's articles named that resolution was sure of (one
reading far ahead of every reading in another first-level division) vote for the outlet's state or
province and country. A later article of the same outlet then gives its ambiguous names a bonus in
proportion to the share of the votes their reading's division got (`HomePrior.bonus`).

Deterministic for a given input order: the votes are a fixed-length window of the outlet's latest
sure places (`_WINDOW`), at most `_SOURCES` outlets are remembered (least recently seen dropped).
Without a source, or before an outlet has `_MIN_VOTES` votes, nothing changes.

The memory can be carried from one process to the next (`SourceHomes.export` and `restore`, one
`OutletVotes` record per outlet, `OutletVotes.to_json` and `from_json` with a format version): the event
store keeps it, so an ingest resumed or run day by day reads as one long run would.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter, OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass, replace

from frontwire.distance import haversine_km
from frontwire.extract.place_signals import ContextWords
from frontwire.knowledge.gazetteer import Candidate, Gazetteer, prior
from frontwire.knowledge.placenames import light_fold, name_key

__all__ = [
    "OUTLETS_KEPT",
    "OUTLET_FORMAT",
    "HomePrior",
    "OutletVotes",
    "SourceHomes",
    "SureReading",
    "source_key",
]

_WINDOW = 60  # the latest sure places per outlet that vote
_SOURCES = 2000  # outlets remembered at once
_MIN_VOTES = 2  # fewer says little about an outlet
_SURE_MARGIN = 2.0  # a vote needs its reading this far ahead of any reading in another division
_SURE_EVIDENCE = 0.5  # and the name recognised this surely
_DIVISION_WEIGHT = 4.0  # bonus for a reading in the division holding all the outlet's votes
_COUNTRY_WEIGHT = 1.0  # bonus for a reading in the country holding all of them
_LOCAL_FLOOR = 0.4  # a share of an outlet's votes in one division below this says it is not local
_TOWN_KM = 100.0  # how near an outlet's town its sure places lie
_TOWN_SHARE = 0.25  # the least share of an outlet's votes that places its own town
_TOWN_WEIGHT = 2.0  # bonus for the outlet's own town ("Augusta" in the Augusta Chronicle)
_LOCAL = ("city", "town", "village", "admin2", "admin1", "place", "landmark")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_MIN_GLUED = 4  # letters of a place name found in an outlet's name ("onlineathens")
_OUTLET_TOWN = 10_000  # the least population of a town an outlet is named after
_HOST_WORDS = frozenset({"www", "com", "org", "net", "co", "news", "edu", "gov", "info", "online"})
OUTLETS_KEPT = _SOURCES  # the outlets a `SourceHomes` remembers (and `restore` keeps)
OUTLET_FORMAT = 1  # the version of `OutletVotes.to_json`; another is refused (`OutletVotes.from_json`)


def source_key(source: str | None) -> str:
    """One key per outlet: "https://www.Echopress.com/news/x" and "echopress.com" are one outlet."""
    if not source:
        return ""
    key = _SCHEME.sub("", source.strip().lower())
    key = key.split("/", 1)[0] if "." in key.split("/", 1)[0] else key
    return key.removeprefix("www.").strip()


def outlet_places(
    source: str | None, gazetteer: Gazetteer, words: ContextWords
) -> list[tuple[str, list[Candidate]]]:
    """Place names inside an outlet's name, with their readings: "onlineathens.com" -> Athens,
    "cambridge-news.co.uk" -> Cambridge, "The Dallas Morning News" -> Dallas.

    The name is split at dots, hyphens and spaces; a part counts if it is a place name glued to words of
    `outlet_words` ("middletown" + "press") or next to one ("cambridge-news"), so "southfront",
    "theguardian" and a bare "sana" name no place; compass words ("South Front") never count.
    A reading counts only if spelled exactly so and a town of at least `_OUTLET_TOWN` people (or a
    provincial seat): a paper is named after a place its readers know. A name that is also a country's or
    a state's ("The Washington Post", "Jordan Times", "Daily Sabah") is left out: such outlets cover more
    than one town, and the state's reading would pull every name into it. A country-code domain
    (".co.uk", ".eg") keeps the readings in that country.
    """
    key = source_key(source)
    labels = [w for w in re.split(r"[.\s_-]+", key) if w]
    country = _country_domain(labels) if "." in key else ""
    compass = {w.lower() for w in words.neighbours}
    named = any(w in words.outlet_words for w in labels)  # "cambridge-news", "The Dallas Morning News"
    parts = {
        place
        for w in labels
        if w not in _HOST_WORDS
        for place in _glued_place(w, words.outlet_words)
        if len(place) >= _MIN_GLUED and place not in compass and (named or place != w)
    }
    found = gazetteer.candidates(sorted({name_key(p) for p in parts}))
    out: list[tuple[str, list[Candidate]]] = []
    for part in sorted(parts):
        spelled = [c for c in found.get(name_key(part), []) if light_fold(c.exact) == part]
        if any(c.place.feature in ("country", "admin1") for c in spelled):
            continue  # "jordantimes", "washingtonpost", "dailysabah": a country's or a state's name
        cands = [
            c
            for c in spelled
            if (not country or c.place.country_code == country)
            and c.place.feature in ("city", "town")
            and (c.place.population >= _OUTLET_TOWN or c.fcode.startswith("PPLA"))
        ]
        if cands:
            out.append((part, cands))
    return out


def _glued_place(word: str, outlet_words: frozenset[str]) -> list[str]:
    """The rests of `word` once outlet words are taken off its start and end ("onlineathens" ->
    "athens"; "athensreview" -> "athens"; "cambridge" -> "cambridge"), each a possible place name."""
    rests = {word}
    frontier = [word]
    while frontier:
        w = frontier.pop()
        for o in outlet_words:
            for rest in (w[len(o) :] if w.startswith(o) else "", w[: -len(o)] if w.endswith(o) else ""):
                if rest and rest not in rests:
                    rests.add(rest)
                    frontier.append(rest)
    return sorted(rests)


def _country_domain(labels: list[str]) -> str:
    """The country of a country-code top-level domain ("uk" is GB), or "" for .com, .org and the like."""
    tld = labels[-1] if labels else ""
    if len(tld) != 2 or not tld.isalpha():
        return ""
    return "GB" if tld == "uk" else tld.upper()


@dataclass(frozen=True)
class HomePrior:
    """Where an outlet's sure places lay: shares of first-level divisions and of countries."""

    divisions: dict[tuple[str, str], float]
    countries: dict[str, float]
    weight: float  # 0..1: how much the outlet's votes are trusted yet (more votes, more trust)
    points: tuple[tuple[float, float], ...] = ()  # the sure towns' points
    votes: int = 0
    town: Candidate | None = None  # the town the outlet is named after, read in its home (`with_town`)

    @property
    def settled(self) -> tuple[tuple[str, str] | None, str | None]:
        """What the prior says in short: the leading division and the outlet's own town."""
        top = max(self.divisions.items(), key=lambda kv: (kv[1], kv[0]), default=None)
        return (top[0] if top else None), (self.town.place.place_id if self.town else None)

    def with_town(self, outlet: list[tuple[str, list[Candidate]]]) -> HomePrior:
        """The prior with the outlet's own town: of the towns its name names ("augusta": Georgia's,
        Maine's, Italy's), the one most of its sure places lie near (within `_TOWN_KM`; a town on a
        state line has neighbours in two states), if at least `_TOWN_SHARE` of them do."""
        best, share = None, _TOWN_SHARE
        for _, cands in outlet:
            for c in cands:
                lat, lon = c.place.latitude, c.place.longitude
                near = sum(1 for p in self.points if haversine_km(lat, lon, p[0], p[1]) < _TOWN_KM)
                if self.votes and near / self.votes >= share:
                    best, share = c, near / self.votes
        return replace(self, town=best) if best is not None else self

    def local_share(self, cands: list[Candidate]) -> float:
        """0..1: how local the name is to the outlet: the largest share of the outlet's votes in a
        division holding a town or village of that very name, above `_LOCAL_FLOOR` (an outlet whose
        votes spread over a country's provinces, as a national wire's do, is no local paper), scaled to
        0..1 and by the trust in the votes."""
        share = max(
            (
                self.divisions.get((c.place.country_code or "", c.admin1_code), 0.0)
                for c in cands
                if c.place.feature in ("city", "town", "village") and c.kind == "name"
            ),
            default=0.0,
        )
        return self.weight * max(0.0, share - _LOCAL_FLOOR) / (1.0 - _LOCAL_FLOOR)

    def bonus(self, c: Candidate) -> float:
        """What the outlet's home adds to a reading (countries and continents get nothing: they are
        named, not guessed)."""
        if c.place.feature in ("country", "continent") or not c.place.country_code:
            return 0.0
        code = c.place.country_code
        share = self.divisions.get((code, c.admin1_code), 0.0) if c.admin1_code else 0.0
        own = _TOWN_WEIGHT if self.town is not None and c.place.place_id == self.town.place.place_id else 0.0
        return self.weight * (
            _DIVISION_WEIGHT * share + _COUNTRY_WEIGHT * self.countries.get(code, 0.0) + own
        )


@dataclass(frozen=True)
class SureReading:
    """A resolved name resolution was sure of: its division votes for the outlet's home."""

    key: str  # the name key: one vote per name per article
    country: str
    admin1: str
    point: tuple[float, float] | None = None  # where it is, for a town (a division's point says little)


@dataclass(frozen=True, slots=True)
class OutletVotes:
    """One outlet's memory, to carry to another process: its votes, oldest first, and `seen`, when it
    last learnt (an ordinal that only grows; the least recently seen outlets are dropped first).

    The outlet's own town is not kept: it follows from the votes and the outlet's name (`HomePrior.
    with_town`)."""

    key: str  # `source_key` of the outlet
    seen: int
    votes: tuple[SureReading, ...]

    def to_json(self) -> str:
        """The votes as compact JSON with the format's version (the key and `seen` are kept apart):
        the same memory always gives the same text."""
        votes = [
            [v.key, v.country, v.admin1, *(v.point if v.point is not None else (None, None))]
            for v in self.votes
        ]
        return json.dumps({"version": OUTLET_FORMAT, "votes": votes}, separators=(",", ":"))

    @classmethod
    def from_json(cls, key: str, seen: int, text: str) -> OutletVotes:
        """The record `to_json` wrote; ValueError for text that is not one, or of another version."""
        try:
            data = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"not JSON ({exc})") from None
        version = data.get("version") if isinstance(data, dict) else None
        if version != OUTLET_FORMAT:
            raise ValueError(f"unknown format version {version!r} (this frontwire reads {OUTLET_FORMAT})")
        rows = data.get("votes")
        if not isinstance(rows, list):
            raise ValueError("no list of votes")
        votes = []
        for row in rows:
            if not (
                isinstance(row, list)
                and len(row) == 5
                and all(isinstance(x, str) for x in row[:3])
                and all(x is None or _number(x) for x in row[3:])
                and (row[3] is None) == (row[4] is None)
            ):
                raise ValueError(f"a vote is malformed: {row!r}")
            point = (float(row[3]), float(row[4])) if row[3] is not None else None
            votes.append(SureReading(row[0], row[1], row[2], point))
        return cls(key, int(seen), tuple(votes[-_WINDOW:]))


def _number(x: object) -> bool:
    """A JSON number (a coordinate), not a boolean."""
    return isinstance(x, int | float) and not isinstance(x, bool)


class SourceHomes:
    """Per outlet, the divisions of the latest places its articles named surely (thread-safe)."""

    def __init__(self) -> None:
        self._votes: OrderedDict[str, deque[SureReading]] = OrderedDict()
        self._seen: dict[str, int] = {}  # when each outlet last learnt (`OutletVotes.seen`)
        self._clock = 0
        self._lock = threading.Lock()

    def prior(self, source: str | None) -> HomePrior | None:
        """The outlet's home prior, or None when it has too few votes yet."""
        key = source_key(source)
        if not key:
            return None
        with self._lock:
            votes = list(self._votes.get(key, ()))
        if len(votes) < _MIN_VOTES:
            return None
        n = len(votes)
        divisions = Counter((v.country, v.admin1) for v in votes if v.admin1)
        countries = Counter(v.country for v in votes)
        return HomePrior(
            divisions={d: k / n for d, k in divisions.items()},
            countries={c: k / n for c, k in countries.items()},
            weight=min(1.0, n / 4),
            points=tuple(v.point for v in votes if v.point is not None),
            votes=n,
        )

    def learn(self, source: str | None, sure: Iterable[SureReading]) -> None:
        """Add an article's sure readings to its outlet's votes (one per name)."""
        key = source_key(source)
        if not key:
            return
        seen: dict[str, SureReading] = {}
        for r in sure:
            seen.setdefault(r.key, r)
        if not seen:
            return
        with self._lock:
            window = self._votes.pop(key, None) or deque(maxlen=_WINDOW)
            window.extend(seen.values())
            self._clock += 1
            self._put(key, window, self._clock)

    def _put(self, key: str, window: deque[SureReading], seen: int) -> None:
        """Remember `window` as the most recently seen outlet's (the lock held)."""
        self._votes.pop(key, None)
        self._votes[key] = window
        self._seen[key] = seen
        while len(self._votes) > _SOURCES:
            dropped, _ = self._votes.popitem(last=False)
            del self._seen[dropped]

    def export(self, sources: Iterable[str | None] | None = None) -> list[OutletVotes]:
        """The memory of these outlets (of every outlet remembered when None), least recently seen
        first; an outlet with no votes is left out."""
        with self._lock:
            keys = (
                list(self._votes)
                if sources is None
                else sorted(
                    {k for k in map(source_key, sources) if k in self._votes}, key=lambda k: self._seen[k]
                )
            )
            return [OutletVotes(k, self._seen[k], tuple(self._votes[k])) for k in keys]

    def restore(self, outlets: Iterable[OutletVotes]) -> None:
        """Forget everything and remember `outlets` instead, as `export` gave them: the most recently
        seen `_SOURCES` of them, in the order they were seen (ties by key), so learning goes on as
        in the process that exported them."""
        ordered = sorted((o for o in outlets if o.key and o.votes), key=lambda o: (o.seen, o.key))
        with self._lock:
            self._votes.clear()
            self._seen.clear()
            self._clock = max((o.seen for o in ordered), default=0)
            for o in ordered[-_SOURCES:]:
                self._put(o.key, deque(o.votes, maxlen=_WINDOW), o.seen)


def sure_reading(
    key: str, cands: list[Candidate], scores: list[float], best: Candidate | None, evidence: float
) -> SureReading | None:
    """The mention's reading if the article made resolution sure of it: the name recognised surely, a
    local place, and ahead by `_SURE_MARGIN` of every reading outside its first-level division both in
    score and in what the article added to the prior. A famous namesake winning on its prior alone
    ("Athens" read as Greece's capital in a Tennessee paper) does not vote."""
    if best is None or evidence < _SURE_EVIDENCE or best.place.feature not in _LOCAL:
        return None
    code = best.place.country_code or ""
    if not code or len(scores) != len(cands):
        return None
    top = max(scores)
    own = top - prior(best)
    for c, s in zip(cands, scores, strict=True):
        if (c.place.country_code, c.admin1_code) == (code, best.admin1_code):
            continue
        if top - s < _SURE_MARGIN or own - (s - prior(c)) < _SURE_MARGIN:
            return None
    point = None if best.place.feature == "admin1" else (best.place.latitude, best.place.longitude)
    return SureReading(key, code, best.admin1_code, point)
