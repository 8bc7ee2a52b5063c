"""The gazetteer at run time: open the SQLite file, find place names in text, list candidate places.

`Gazetteer.open(config)` finds (or builds, on first use) the SQLite file compiled from the packaged
``places.tsv.gz`` and attaches the user's imports. `match(text)` folds the text token by token
(`placenames.tokens`), forms the token n-grams that can start a name (a capitalised word or a number,
never across punctuation) and looks all of them up in ONE indexed query per database, like spaCy's
PhraseMatcher hashes phrases: nothing is loaded into memory up front, so opening takes milliseconds
and the index stays on disk (shared between worker processes by the OS page cache). Choosing among
the candidates is resolution, which lives in `frontwire.extract.places`.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from frontwire.config import Config
from frontwire.errors import GazetteerError
from frontwire.knowledge.gazetteer_build import DDL, MAX_RANK, build_sqlite, data_file, file_digest
from frontwire.knowledge.placenames import (
    Token,
    light_fold,
    name_keys,
    spelled_with_article,
    strip_feature_words,
    tokens,
    unglue,
)
from frontwire.types import PlaceRef

MAX_NAME_TOKENS = 8
KNOWN_KEYS = 200_000  # name keys whose candidates are remembered (then the memory starts afresh)
_JOINER = re.compile(r"\.?[\s\-'’]*")  # what may separate the words of one name ("U.S.", "St. Louis")

_FIELDS = (
    "rowid, id, name, fclass, fcode, feature, country_code, country, admin1_code, admin1, admin2,"
    " latitude, longitude, population, precision, source"
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer place indexed under a name key, with how the name matched."""

    place: PlaceRef
    fcode: str
    precision: int  # ACLED geo_precision an event placed here gets (1 town, 3 region)
    exact: str  # the light-folded name this candidate was indexed under
    kind: str  # "name", "alt", "demonym", "user"
    source: str
    admin1_code: str = ""


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A name key found in text: character span in the original text and token span."""

    start: int
    end: int
    key: str
    first_token: int
    last_token: int
    candidates: tuple[Candidate, ...] = ()
    # Places the name is with a glued article written apart ("Albab" as al-Bab; placenames.unglue):
    # resolution tries them when none of `candidates` is spelled like the text.
    apart: tuple[Candidate, ...] = ()


def cache_dir() -> Path:
    """Where the SQLite file built from the packaged data lives: a cache, shared by every data dir.

    ``FRONTWIRE_CACHE`` overrides the platform's user cache folder. It is derived data (rebuilt from
    the package when missing or when the packaged data changes); user imports live in the data dir.
    """
    env = os.environ.get("FRONTWIRE_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("frontwire", appauthor=False))


def default_paths(config: Config) -> tuple[Path, Path]:
    """(main SQLite path, user SQLite path) for a config."""
    compiled = data_file("places.tsv.gz")
    main = config.gazetteer_path or cache_dir() / f"gazetteer-{file_digest([compiled])}.sqlite"
    user = config.user_gazetteer_path or config.data_dir / "gazetteer-user.sqlite"
    return main, user


_LOCK = threading.Lock()
_CACHE: dict[tuple[Path, Path, float], Gazetteer] = {}


class Gazetteer:
    """Read-only view of the main gazetteer plus user imports."""

    def __init__(self, main: Path, user: Path | None) -> None:
        self.main_path = main
        self.user_path = user if user and user.is_file() else None
        self._local = threading.local()
        self._known: dict[str, tuple[Candidate, ...]] = {}  # key -> candidates, see `candidates`
        self._known_stamp = self._user_stamp()

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, config: Config) -> Gazetteer:
        """The gazetteer for `config`, built on first use and cached per process."""
        main, user = default_paths(config)
        user_mtime = user.stat().st_mtime if user.is_file() else 0.0
        key = (main, user, user_mtime)
        with _LOCK:
            if key not in _CACHE:
                if not main.is_file():
                    if config.gazetteer_path is not None:
                        raise GazetteerError(f"gazetteer file not found: {main}")
                    try:
                        build_sqlite(data_file("places.tsv.gz"), main)
                    except OSError as exc:
                        raise GazetteerError(f"cannot build the gazetteer at {main}: {exc}") from exc
                gaz = cls(main, user)
                gaz._conns()  # fail now, not at the first article, if a file is unreadable
                _CACHE[key] = gaz
            return _CACHE[key]

    def _conns(self) -> list[sqlite3.Connection]:
        conns: list[sqlite3.Connection] | None = getattr(self._local, "conns", None)
        if conns is None:
            conns = []
            for path in (self.main_path, self.user_path):
                if path is None:
                    continue
                try:
                    conns.append(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
                except sqlite3.Error as exc:
                    raise GazetteerError(f"cannot open gazetteer {path}: {exc}") from exc
            self._local.conns = conns
        return conns

    # -- matching ------------------------------------------------------------------------------
    def match(self, text: str, skip_alone: Callable[[str], bool] | None = None) -> list[NameMatch]:
        """Every gazetteer name in `text` (overlaps included), with its candidate places.

        Words for which `skip_alone` is true are not looked up on their own ("The", "Police"), only
        as the start of a longer name ("The Hague").
        """
        toks = tokens(text)
        kept = [i for i, t in enumerate(toks) if not t.dropped]
        grams: list[tuple[str, int, int]] = []  # (key, first kept index, last kept index)
        unglued: dict[tuple[int, int], str] = {}  # the same grams keyed without glued articles
        for p, ti in enumerate(kept):
            first_char = text[toks[ti].start]
            if not (first_char.isupper() or first_char.isdigit()):
                continue
            parts = [toks[ti].key]
            bare = [toks[ti].unglued or toks[ti].key]
            if skip_alone is None or not skip_alone(text[toks[ti].start : toks[ti].end]):
                grams.append((parts[0], p, p))
                if toks[ti].unglued:
                    unglued[p, p] = bare[0]
            for q in range(p + 1, min(len(kept), p + MAX_NAME_TOKENS)):
                prev_end = toks[kept[q - 1]].end
                gap = text[prev_end : toks[kept[q]].start]
                if kept[q] - kept[q - 1] > 1:  # a dropped article between: "Deir ez-Zor"
                    art = toks[kept[q] - 1]
                    gap = text[prev_end : art.start] + text[art.end : toks[kept[q]].start]
                if not _JOINER.fullmatch(gap) or "\n" in gap:
                    break
                parts.append(toks[kept[q]].key)
                bare.append(toks[kept[q]].unglued or toks[kept[q]].key)
                grams.append((" ".join(parts), p, q))
                if bare != parts:
                    unglued[p, q] = " ".join(bare)
        found = self._remembered([g[0] for g in grams] + list(unglued.values()))
        out: list[NameMatch] = []
        for key, p, q in grams:
            cands = found.get(key, ())
            apart = [c for c in found.get(unglued.get((p, q), ""), ()) if spelled_with_article(c.exact)]
            if not cands and not apart:
                continue
            first, last = kept[p], kept[q]
            start = toks[first].start
            if first > 0 and toks[first - 1].dropped and _joined_article(text, toks[first - 1]):
                start = toks[first - 1].start  # include the article: "al-Bab", "Al Bab", not "at Marib"
            out.append(NameMatch(start, toks[last].end, key, first, last, cands, tuple(apart)))
        return out

    # -- candidates ----------------------------------------------------------------------------
    def candidates(self, keys: list[str]) -> dict[str, list[Candidate]]:
        """Candidate places per key (the keys not seen before in one query per database).

        Answers are remembered per key, absent names included: most n-grams of an article are not
        names, and the names that are ("Syria", "Aleppo") come back in article after article. An
        import into the user file (a new modification time) forgets them.
        """
        found = self._remembered(keys)
        return {k: list(found[k]) for k in keys}

    def _remembered(self, keys: list[str]) -> dict[str, tuple[Candidate, ...]]:
        """`candidates` as the remembered tuples (no copies: `match` asks for every n-gram of a text)."""
        stamp = self._user_stamp()
        if stamp != self._known_stamp:
            self._known.clear()
            self._known_stamp = stamp
        known = self._known
        unique = set(keys)
        found = {k: c for k in unique if (c := known.get(k)) is not None}
        missing = sorted(unique - found.keys())
        if missing:
            fresh = self._query(missing)
            if len(known) + len(missing) > KNOWN_KEYS:
                known.clear()
            for key in missing:
                found[key] = known[key] = tuple(fresh.get(key, ()))
        return found

    def _user_stamp(self) -> float:
        try:
            return self.user_path.stat().st_mtime if self.user_path is not None else 0.0
        except OSError:
            return -1.0

    def _query(self, uniq: list[str]) -> dict[str, list[Candidate]]:
        result: dict[str, list[Candidate]] = {}
        for conn in self._conns():
            for chunk_start in range(0, len(uniq), 500):
                chunk = uniq[chunk_start : chunk_start + 500]
                marks = ",".join("?" * len(chunk))
                sql = (
                    f"SELECT n.key, n.exact, n.kind, {_FIELDS.replace('rowid', 'p.rowid')} FROM names n"
                    f" JOIN places p ON p.rowid = n.place WHERE n.key IN ({marks}) AND n.rank < {MAX_RANK}"
                )
                try:
                    rows = conn.execute(sql, chunk).fetchall()
                except sqlite3.Error as exc:
                    raise GazetteerError(f"gazetteer query failed: {exc}") from exc
                for row in rows:
                    result.setdefault(row[0], []).append(_candidate(row[1], row[2], row[3:]))
        return result

    def lookup(self, name: str, country: str | None = None, limit: int = 10) -> list[Candidate]:
        """Candidates for a name as a user writes it ("Kokab village", "Abu Rasin/Zarkan town")."""
        parts = [v.strip() for v in name.split("/") if v.strip()]
        variants = list(dict.fromkeys([*parts, *(strip_feature_words(v) for v in parts)]))
        keys = sorted({k for v in variants for k in name_keys(v)})
        found = self.candidates(keys)
        if not any(found.values()):  # "Maaret Alnouman": the glued article as a separate word
            keys = sorted({k for v in variants for k in name_keys(_unglued_name(v))} - set(keys))
            found = {
                k: [c for c in cands if spelled_with_article(c.exact)]
                for k, cands in self.candidates(keys).items()
            }
        exacts = {light_fold(v) for v in variants}
        seen: dict[str, Candidate] = {}
        for key in keys:
            for cand in found.get(key, []):
                old = seen.get(cand.place.place_id)
                if old is None or (cand.exact in exacts and old.exact not in exacts):
                    seen[cand.place.place_id] = cand
        return rank_lookup(list(seen.values()), exacts, country)[:limit]

    def place(self, place_id: str) -> Candidate | None:
        for conn in self._conns():
            row = conn.execute(f"SELECT {_FIELDS} FROM places WHERE id = ?", (place_id,)).fetchone()
            if row:
                return _candidate(light_fold(row[2]), "name", row)
        return None

    def admin1_place(self, country_code: str, admin1_code: str) -> Candidate | None:
        """The admin1 unit as a place (for "eastern Homs" style mentions)."""
        for conn in self._conns():
            row = conn.execute(
                f"SELECT {_FIELDS} FROM places WHERE feature = 'admin1' AND country_code = ?"
                " AND admin1_code = ?",
                (country_code, admin1_code),
            ).fetchone()
            if row:
                return _candidate(light_fold(row[2]), "name", row)
        return None


FLAT_PRIOR = {"country": 5.0, "admin1": 3.6, "continent": 4.5}  # no population: as notable as a big city
_BIG_FEATURES = {"region": 2.0, "admin2": 1.5}


_NOTABLE_CAPITAL = 50_000  # a capital smaller than this is no household name ("Washington", "Damascus")


def prior(c: Candidate) -> float:
    """How likely a candidate is before context: countries and provinces, then big populations."""
    feature = c.place.feature
    if feature in FLAT_PRIOR:
        score = FLAT_PRIOR[feature]
    else:
        # A county's population counts only its cities over 15,000 (the only GeoNames places with a
        # county code), so most small counties show 0: it orders counties weakly, the article decides.
        weight = 0.1 if feature == "admin2" else 0.35
        score = _BIG_FEATURES.get(feature, 0.0) + weight * math.log10(c.place.population + 1)
    if c.kind == "name":
        score += 0.2
    elif feature == "admin2":
        score -= 2.0  # "Arlington", "Athens" alone are the towns; the county is named with its unit word
    if c.source == "user":
        score += 3.0  # the user added it on purpose: it wins over a namesake of similar weight
    if c.fcode in ("PPLC", "PPLG") and c.place.population >= _NOTABLE_CAPITAL:
        score += 1.8  # a country's capital (or seat of government: La Paz) is what its name means in news
    elif c.fcode in ("PPLC", "PPLG", "PPLA"):
        score += 0.6  # a province's seat; a territory's small capital (Hamilton, Bermuda: 900 people)
    return score


def rank_lookup(cands: list[Candidate], exacts: set[str], country: str | None) -> list[Candidate]:
    """Order candidates for a lookup: exact spelling, requested country, then prior."""
    want = (country or "").strip().lower()

    cities = {(c.place.country_code, c.admin1_code) for c in cands
              if c.place.feature in ("city", "town") and c.place.population >= 20_000}  # fmt: skip

    def key(c: Candidate) -> float:
        s = prior(c) + (4.0 if c.exact in exacts else 0.0)
        if c.place.feature == "admin1" and (c.place.country_code, c.admin1_code) in cities:
            s -= 2.5  # "Deir ez-Zor" alone is the city; the province only when asked for
        if want and want in ((c.place.country_code or "").lower(), (c.place.country or "").lower()):
            s += 5.0
        return s

    return sorted(cands, key=key, reverse=True)


def _unglued_name(name: str) -> str:
    """The name with each glued "al"/"el" written apart ("Deir Alzour" -> "Deir al zour")."""
    return " ".join(f"al {bare}" if (bare := unglue(w)) else w for w in name.split())


def _joined_article(text: str, art: Token) -> bool:
    """Whether a dropped article word belongs to the name after it: "al-Bab", "Al Bab", "al Bab";
    not an English word the folding also drops ("fired at Marib", "as Homs")."""
    word = text[art.start : art.end]
    return word[:1].isupper() or word.lower() in ("al", "el") or text[art.end : art.end + 1] == "-"


def _candidate(exact: str, kind: str, row: tuple) -> Candidate:  # type: ignore[type-arg]
    (_rid, pid, name, _fclass, fcode, feature, cc, country, a1code, a1, a2, lat, lon, pop, prec, source) = row
    ref = PlaceRef(
        place_id=pid,
        name=name,
        latitude=lat,
        longitude=lon,
        country=country or None,
        country_code=cc or None,
        admin1=a1 or None,
        admin2=a2 if a2 and not a2.isdigit() else None,  # a bare code (old or user data) names nothing
        feature=feature,
        population=pop or 0,
    )
    return Candidate(ref, fcode, prec or 1, exact, kind, source, a1code or "")


def ensure_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(DDL)
