"""The dashboard's hot path: the few columns maps and charts need, held in memory as numpy arrays.

A dashboard over a million events asks, on every filter change, for counts per week, per type and per
region and for thousands of map points. Answering those from the database means scanning rows that carry
whole event records; here they are vector operations over compact columns (date, country, admin 1, type,
sub-type, fatalities, coordinates), a few milliseconds each.

The columns are loaded from the store's public interface (`iter_event_columns`, which reads only those
columns, no JSON payloads: seconds for a million events) in a background thread when the
server starts, and kept current with what the response cache's watcher sees through `changes(since)`. Until
they are ready, and for every filter they cannot evaluate (actor, text, near), the API asks the store as
before, so the answers are the same either way (tests/web/test_facts.py checks that they agree).
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np

from frontwire.store.base import Bucket, ChangeSet, EventColumns, EventQuery, Store
from frontwire.store.sql import country_iso

# Filters the columns can answer; anything else goes to the store.
SUPPORTED = ("country", "admin1", "date_from", "date_to", "event_type", "sub_event_type", "min_fatalities")
NO_DATE = -1


def supports(q: EventQuery) -> bool:
    """Whether the columns can answer this query (its filters and its order)."""
    return not (q.actor or q.text or q.near is not None or q.changed_since is not None) and q.order in (
        "-event_date",
        "event_date",
    )


class _Codes:
    """Strings <-> small integers (one table per column), so columns are int arrays."""

    def __init__(self) -> None:
        self.values: list[str | None] = []
        self.index: dict[str | None, int] = {}

    def code(self, value: str | None) -> int:
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.values)
            self.values.append(value)
        return found

    def codes(self, values: Iterable[str | None]) -> np.ndarray:
        """`code` of each value, as an int32 array."""
        values = list(values)
        for value in [v for v in dict.fromkeys(values) if v not in self.index]:
            self.code(value)
        return np.fromiter(map(self.index.__getitem__, values), np.int32, len(values))

    def lookup(self, value: str | None) -> int:
        return self.index.get(value, -2)  # -2 matches nothing


class EventFacts:
    """Columns of every event: build with `load(store)`; then `aggregate`, `points`, `count`."""

    COLUMNS = (
        "day", "iso", "admin1", "country", "type", "sub", "fatalities", "lat", "lon", "alive", "admin1_key"
    )  # fmt: skip

    def __init__(self) -> None:
        self.ready = False
        self.error: str | None = None
        self._lock = threading.RLock()
        # admin1_key: the admin 1 name case-folded, so the (case-insensitive) filter is one comparison
        self._codes = {name: _Codes() for name in ("iso", "admin1", "country", "type", "sub", "admin1_key")}
        self._rows: dict[str, int] = {}
        self._ids: list[str] = []
        self._cols: dict[str, np.ndarray] = {}
        self._pending: list[ChangeSet] = []
        self._rank: np.ndarray | None = None
        self._sorted_ids: list[str] = []
        self._order: np.ndarray | None = None
        # The columns permuted into the store's order (newest first), so a date filter is a slice.
        self._view: dict[str, np.ndarray] | None = None
        self._view_order: np.ndarray | None = None
        self._by_iso: dict[int, np.ndarray] = {}  # sorted positions of each country's events
        self._all_alive = True

    # ------------------------------------------------------------------ building and updating
    _DTYPES = (np.int32, np.int32, np.int32, np.int32, np.int16, np.int16, np.int64, np.float64, np.float64,
               bool, np.int32)  # fmt: skip

    def _columns(self, events: list[EventColumns]) -> list[np.ndarray]:
        """The COLUMNS arrays of `events`, a column at a time (dict lookups in C, no per-row Python)."""
        n = len(events)
        _ids, dates, isos, countries, admin1s, types, subs, deaths, lats, lons = zip(*events, strict=True)
        ordinals = {d: date.fromisoformat(d).toordinal() if d else NO_DATE for d in set(dates)}
        if None in set(isos):
            isos = tuple(i or country_iso(c) for i, c in zip(isos, countries, strict=True))
        folded = {a: None if a is None else a.lower() for a in set(admin1s)}
        keys = [folded[a] for a in admin1s]
        return [
            np.fromiter(map(ordinals.__getitem__, dates), np.int32, n),
            self._codes["iso"].codes(isos),
            self._codes["admin1"].codes(admin1s),
            self._codes["country"].codes(countries),
            self._codes["type"].codes(types).astype(np.int16),
            self._codes["sub"].codes(subs).astype(np.int16),
            np.asarray(deaths, dtype=np.int64),
            np.asarray(lats, dtype=np.float64),  # None -> nan
            np.asarray(lons, dtype=np.float64),
            np.ones(n, dtype=bool),
            self._codes["admin1_key"].codes(keys),
        ]

    def _put(self, events: Iterable[EventColumns]) -> None:
        """Add new events and overwrite changed ones (caller holds the lock)."""
        self._order = None  # a new or re-dated event moves in the order
        rows = list(events)
        if not rows:
            return
        last = {e.event_id: i for i, e in enumerate(rows)}
        if len(last) < len(rows):  # an event listed twice: its last state counts
            rows = [rows[i] for i in sorted(last.values())]
        columns = self._columns(rows)
        known = np.fromiter((self._rows.get(e.event_id, -1) for e in rows), np.int64, len(rows))
        old = known >= 0
        if old.any():
            for name, values in zip(self.COLUMNS, columns, strict=True):
                self._cols[name][known[old]] = values[old]
        if old.all():
            return
        fresh = ~old
        new_ids = [e.event_id for e, o in zip(rows, old.tolist(), strict=True) if not o]
        base = len(self._ids)
        self._rows.update({i: base + k for k, i in enumerate(new_ids)})
        self._ids.extend(new_ids)
        for name, values, dtype in zip(self.COLUMNS, columns, self._DTYPES, strict=True):
            column = values[fresh].astype(dtype, copy=False)
            have = self._cols.get(name)
            self._cols[name] = column if have is None else np.concatenate([have, column])
        self._extend_rank(new_ids)

    def load(self, store: Store, batch: int = 50_000) -> None:
        """Read every event's columns from the store (run in a background thread at start-up).

        Changes seen while loading (`apply` before ready) are applied again at the end: applying is
        idempotent, so an event both read and reported changed ends up in its latest state."""
        try:
            chunk: list[EventColumns] = []
            for event in store.iter_event_columns():
                chunk.append(event)
                if len(chunk) >= batch:
                    with self._lock:
                        self._put(chunk)
                    chunk = []
            with self._lock:
                self._put(chunk)
                for changes in self._pending:
                    self._apply(changes)
                self._pending = []
                self._newest_first()  # rank and order now, not in the first request
                self.ready = True
        except Exception as exc:  # the API falls back to the store; /api/stats says why
            self.error = f"{type(exc).__name__}: {exc}"

    def apply(self, changes: ChangeSet) -> None:
        """Take in events written or deleted since the last look (called by the cache's watcher)."""
        with self._lock:
            if not self.ready:
                self._pending.append(changes)
                return
            self._apply(changes)

    def _apply(self, changes: ChangeSet) -> None:
        self._put(EventColumns.of(e) for e in changes.events)
        for gone in changes.deletions:
            at = self._rows.get(gone.event_id)
            if at is not None:
                self._cols["alive"][at] = False
                self._view = None

    # ------------------------------------------------------------------ queries
    def _mask(self, q: EventQuery, columns: dict[str, np.ndarray] | None = None) -> np.ndarray:
        c = self._cols if columns is None else columns
        mask = c["alive"].copy()
        if q.country:
            iso = country_iso(q.country)
            if iso:
                mask &= c["iso"] == self._codes["iso"].lookup(iso)
            else:
                mask &= c["country"] == self._codes["country"].lookup(q.country)
        if q.admin1:
            mask &= c["admin1_key"] == self._codes["admin1_key"].lookup(q.admin1.lower())
        if q.date_from:
            mask &= c["day"] >= q.date_from.toordinal()
        if q.date_to:
            mask &= (c["day"] <= q.date_to.toordinal()) & (c["day"] != NO_DATE)
        if q.event_type:
            mask &= c["type"] == self._codes["type"].lookup(q.event_type)
        if q.sub_event_type:
            mask &= c["sub"] == self._codes["sub"].lookup(q.sub_event_type)
        if q.min_fatalities is not None:
            mask &= c["fatalities"] >= q.min_fatalities
        return mask

    def _sorted(self) -> dict[str, np.ndarray]:
        """The columns newest first, plus "row" (original row numbers) and "neg" (-day, ascending)."""
        order = self._newest_first()
        if self._view is None or self._view_order is not order:
            view = {name: column[order] for name, column in self._cols.items()}
            view["row"] = order
            view["neg"] = -view["day"].astype(np.int64)
            # Monday of the week (ordinal 1, 0001-01-01, was a Monday) and first of the month, once.
            view["week"] = view["day"] - (view["day"] - 1) % 7
            view["month"] = _month_starts(view["day"]).astype(np.int32)
            self._view, self._view_order = view, order
            self._by_iso = {}
            self._all_alive = bool(view["alive"].all())
        return self._view

    def _select(self, q: EventQuery) -> tuple[dict[str, np.ndarray], slice | np.ndarray]:
        """(sorted columns, the matching positions in them, ascending: a slice or an index array).

        Dates are sorted, so the date filter is two binary searches; a country is a precomputed index
        array cut by the same bounds; the other filters are vector comparisons over what is left (a
        country's month of a million events is a few hundred rows)."""
        v = self._sorted()
        neg = v["neg"]
        lo, hi = 0, len(neg)
        if q.date_to:  # day <= to  <=>  -day >= -to
            lo = int(np.searchsorted(neg, -q.date_to.toordinal(), side="left"))
            hi = int(np.searchsorted(neg, -NO_DATE - 1, side="right"))  # undated rows (day -1) excluded
        if q.date_from:  # day >= from  <=>  -day <= -from
            hi = min(hi, int(np.searchsorted(neg, -q.date_from.toordinal(), side="right")))
        hi = max(lo, hi)
        base: slice | np.ndarray = slice(lo, hi)
        rest = replace(q, date_from=None, date_to=None)
        iso = country_iso(q.country) if q.country else None
        if iso:
            code = self._codes["iso"].lookup(iso)
            index = self._by_iso.get(code)
            if index is None:
                index = self._by_iso[code] = np.flatnonzero(v["iso"] == code)
            base = index[np.searchsorted(index, lo) : np.searchsorted(index, hi)]
            rest = replace(rest, country=None)
        others = rest.country or rest.admin1 or rest.event_type or rest.sub_event_type
        if self._all_alive and not others and rest.min_fatalities is None:
            return v, base
        mask = self._mask(rest, _Taken(v, base))
        if isinstance(base, slice):
            return v, np.flatnonzero(mask) + lo
        return v, base[mask]

    def count(self, q: EventQuery) -> int:
        with self._lock:
            _, chosen = self._select(q)
            return chosen.stop - chosen.start if isinstance(chosen, slice) else len(chosen)

    def aggregate(self, by: str, q: EventQuery) -> list[Bucket]:
        """As `Store.aggregate`: dates ascending; names by count descending, then name."""
        with self._lock:
            v, chosen = self._select(q)
            wanted = {"day": "day", "week": "week", "month": "month", "event_type": "type"}
            wanted |= {"sub_event_type": "sub", "admin1": "admin1", "country": "country"}
            c = {name: v[name][chosen] for name in ("fatalities", wanted[by])}
            mask: slice | np.ndarray = slice(None)  # every selected row
            if by in ("day", "week", "month"):
                if not (q.date_from or q.date_to):  # a date filter already left the undated out
                    dated = v["day"][chosen] != NO_DATE
                    mask = slice(None) if dated.all() else dated
                days = c[wanted[by]][mask]
                if not len(days):
                    return []
                # Counting by offset from the first day is linear (no sort of the matching rows).
                first = int(days.min())
                offsets = days - first
                counts = np.bincount(offsets)
                deaths = np.bincount(offsets, weights=c["fatalities"][mask])
                return [
                    Bucket(date.fromordinal(first + int(k)).isoformat(), int(counts[k]), int(deaths[k]))
                    for k in np.flatnonzero(counts)
                ]
            column, codes = {
                "event_type": ("type", "type"),
                "sub_event_type": ("sub", "sub"),
                "admin1": ("admin1", "admin1"),
                "country": ("country", "country"),
            }[by]
            values = c[column][mask]
            size = len(self._codes[codes].values)
            counts = np.bincount(values, minlength=size)
            deaths = np.bincount(values, weights=c["fatalities"][mask], minlength=size)
            names = self._codes[codes].values
            rows = [Bucket(names[i], int(counts[i]), int(deaths[i])) for i in np.flatnonzero(counts)]
            rows.sort(key=lambda b: (-b.events, b.key is not None, b.key or ""))  # SQLite: NULL first
            return rows

    def _id_rank(self) -> np.ndarray:
        """Each row's position in event-id order (the store's tie-break within a day)."""
        if self._rank is None or len(self._rank) != len(self._ids):
            order = sorted(range(len(self._ids)), key=self._ids.__getitem__)
            rank = np.empty(len(order), dtype=np.int64)
            rank[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
            self._sorted_ids = [self._ids[i] for i in order]
            self._rank = rank
        return self._rank

    def _extend_rank(self, new_ids: list[str]) -> None:
        """Rank a few new events in (a long ingest's worth is re-ranked whole, on first use)."""
        if self._rank is None or len(new_ids) > 500:
            self._rank = None
            return
        old = self._sorted_ids
        at = np.asarray([bisect.bisect_left(old, i) for i in sorted(new_ids)], dtype=np.int64)
        # An old row moves up by the number of new ids sorted before it; new id j lands at at[j] + j.
        rank = self._rank + np.searchsorted(at, self._rank, side="right")
        placed = {i: int(a) + j for j, (i, a) in enumerate(zip(sorted(new_ids), at, strict=True))}
        self._rank = np.concatenate([rank, np.asarray([placed[i] for i in new_ids], dtype=np.int64)])
        for i in new_ids:
            bisect.insort(old, i)

    def _ordered(
        self, q: EventQuery, offset: int, limit: int, mask: np.ndarray | None = None
    ) -> tuple[int, np.ndarray]:
        """(matching events, row numbers of the page) in the store's order: date, then event id."""
        if mask is None:
            mask = self._mask(q)
        rows = np.flatnonzero(mask)
        end = offset + limit
        if len(rows) > 0.3 * len(mask) and end < len(rows):
            # Most rows match: walk the cached global order rather than sorting them all.
            newest_first = self._newest_first()
            order = newest_first if q.order != "event_date" else newest_first[::-1]
            positions = np.flatnonzero(mask[order])
            return len(rows), order[positions[offset:end]]
        # One sortable key per row: day, then event id (rank), as int64; negated for newest first.
        key = self._cols["day"][rows].astype(np.int64) * (len(self._ids) + 1) + self._id_rank()[rows]
        if q.order != "event_date":
            key = -key
        if end < len(rows):
            top = np.argpartition(key, end - 1)[:end]  # linear: only the first `end` rows matter
            picked = top[np.argsort(key[top])]
        else:
            picked = np.argsort(key)
        return len(rows), rows[picked[offset:end]]

    def _newest_first(self) -> np.ndarray:
        """All rows by date then event id, newest first (the store's default order); cached until a change."""
        if self._order is None or len(self._order) != len(self._ids):
            key = self._cols["day"].astype(np.int64) * (len(self._ids) + 1) + self._id_rank()
            self._order = np.argsort(-key, kind="stable")
        return self._order

    def narrow(self, q: EventQuery) -> tuple[int, EventQuery | None]:
        """(matching events, the same page as a query the store answers fast), None for an empty page.

        The store's date index makes a query cheap when its date range is short; a filter it cannot
        index (a region, a fatality threshold) is slow over a million rows. The columns know which days
        the requested page spans, so the page is asked for within those days, at the matching offset:
        the store still selects, orders and reads the events, and returns exactly the same page."""
        if q.limit is None:
            return self.count(q), q
        with self._lock:
            day = self._cols["day"]
            mask = self._mask(q)
            total, picked = self._ordered(q, q.offset, q.limit, mask)
            if not len(picked):
                return total, None
            lo, hi = int(day[picked].min()), int(day[picked].max())
            if q.order == "event_date":
                before = int((mask & (day < lo)).sum())
            else:
                before = int((mask & (day > hi)).sum())
        first, last = date.fromordinal(lo), date.fromordinal(hi)
        return total, replace(
            q,
            date_from=max(q.date_from, first) if q.date_from else first,
            date_to=min(q.date_to, last) if q.date_to else last,
            offset=q.offset - before,
        )

    def _page(self, q: EventQuery, offset: int, limit: int) -> tuple[int, np.ndarray]:
        """As `_ordered`, through the date-sorted columns: no sort, no gather over every row."""
        v, positions = self._select(q)
        if isinstance(positions, slice):
            positions = np.arange(positions.start, positions.stop)
        total = len(positions)
        if q.order == "event_date":  # oldest first: the newest-first order reversed
            end = total - offset
            chosen = positions[max(0, end - limit) : max(0, end)][::-1]
        else:
            chosen = positions[offset : offset + limit]
        return total, v["row"][chosen]

    def page_ids(self, q: EventQuery, limit: int, offset: int = 0) -> tuple[int, list[str]]:
        """(matching events, the ids of one page), ordered as the store orders them."""
        with self._lock:
            total, picked = self._page(q, offset, limit)
            return total, [self._ids[i] for i in picked.tolist()]

    def points(self, q: EventQuery, limit: int, offset: int = 0) -> tuple[int, list[list[Any]]]:
        """(matching events, map rows) as the API's `format=points`, in the store's order."""
        with self._lock:
            c = self._cols
            total, picked = self._page(q, offset, limit)
            located = picked[~np.isnan(c["lat"][picked])]
            types = self._codes["type"].values
            isos = self._codes["iso"].values
            out = [
                [
                    self._ids[i],
                    float(c["lat"][i]),
                    float(c["lon"][i]),
                    types[c["type"][i]],
                    int(c["fatalities"][i]),
                    date.fromordinal(int(c["day"][i])).isoformat() if c["day"][i] != NO_DATE else None,
                    isos[c["iso"][i]],
                ]
                for i in located.tolist()
            ]
            return total, out


class _Taken(dict[str, np.ndarray]):
    """Columns cut to some positions, each cut on first use (a filter reads two or three of eleven)."""

    def __init__(self, columns: dict[str, np.ndarray], at: slice | np.ndarray) -> None:
        super().__init__()
        self._columns, self._at = columns, at

    def __missing__(self, name: str) -> np.ndarray:
        self[name] = taken = self._columns[name][self._at]
        return taken


def _month_starts(days: np.ndarray) -> np.ndarray:
    """Ordinal of the first day of each day's month (vectorised through numpy's calendar dates)."""
    epoch = date(1970, 1, 1).toordinal()
    months = (days.astype(np.int64) - epoch).astype("datetime64[D]").astype("datetime64[M]")
    return months.astype("datetime64[D]").astype(np.int64) + epoch
