"""A small cache of rendered API answers, emptied whenever the store changes.

Dashboards ask the same questions again and again (every analyst opening the default view, the
timeline behind each filter change), and some are expensive on a large store (aggregates over a million
events, ten thousand map points). Answers are kept by URL until the store changes: at most once a second
a request asks the store, through its public `changes(since)`, whether any event was written or deleted
since the last look, and writes made through this server empty the cache at once. So an answer is at most
about a second behind an `ingest` run in another process, and never behind this server's own writes.
(With several concurrent writers on PostgreSQL the store's change stamps may arrive out of order; no answer
is kept longer than a minute, which bounds what such a race could leave behind.)
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from frontwire.store.base import ChangeSet, Store

CHECK_EVERY = 1.0  # seconds between two looks at the store
MAX_AGE = 60.0  # seconds an answer is kept even if no change is seen (bounds any missed change)
MARGIN = timedelta(seconds=2)  # at start: clocks of this process and the store may differ a little


class ResponseCache:
    """URL -> rendered JSON bytes, least recently used out first, bounded in entries and bytes."""

    def __init__(self, max_entries: int = 512, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._checked = 0.0
        self._since: datetime | None = None
        self.hits = 0
        self.misses = 0
        # event id -> that event rendered as JSON: list pages are spliced from these, so an event shown
        # on many pages (the newest ones, under every filter) is read and rendered once per change.
        self._events: OrderedDict[str, bytes] = OrderedDict()
        self.max_events = 100_000
        self.generation = 0  # bumped by every clear: event JSON read before a clear is not kept
        self.listeners: list[Callable[[ChangeSet], None]] = []  # told of every change seen

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0
            self._events.clear()
            self.generation += 1

    def event_bodies(self, event_ids: list[str]) -> dict[str, bytes]:
        """The cached JSON of those of `event_ids` that have one (call `get` first: it checks freshness)."""
        with self._lock:
            found = {i: body for i in event_ids if (body := self._events.get(i)) is not None}
            for i in found:
                self._events.move_to_end(i)
            return found

    def put_event_bodies(self, bodies: dict[str, bytes], generation: int) -> None:
        """Keep event JSON read while the cache was at `generation` (dropped if it was cleared since)."""
        with self._lock:
            if generation != self.generation:
                return
            self._events.update(bodies)
            while len(self._events) > self.max_events:
                self._events.popitem(last=False)

    def watch(self, store: Store) -> None:
        """Start watching from now (before anything is cached or loaded); `store` is asked nothing yet."""
        self._since = datetime.now(UTC) - MARGIN
        self._checked = time.monotonic()

    def _fresh(self, store: Store) -> None:
        """Empty the cache if the store changed since the last look (at most one look a second)."""
        now = time.monotonic()
        with self._lock:
            if now - self._checked < CHECK_EVERY:
                return
            self._checked = now
            since = self._since
        if since is None:
            self.watch(store)
            return
        changes = store.changes(since=since)
        self._since = changes.until  # the store's contract: later commits carry later stamps
        if changes.events or changes.deletions:
            self.clear()
            for listener in self.listeners:
                listener(changes)

    def changed(self, store: Store) -> None:
        """This server just wrote: empty the cache and tell the listeners now, not within a second."""
        self.clear()
        with self._lock:
            self._checked = 0.0
        self._fresh(store)

    def get(self, key: str, store: Store) -> bytes | None:
        self._fresh(store)
        with self._lock:
            item = self._items.get(key)
            if item is None or time.monotonic() - item[0] > MAX_AGE:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[1]

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_bytes // 8:
            return  # one huge answer must not flush everything else
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= len(old[1])
            self._items[key] = (time.monotonic(), body)
            self._size += len(body)
            while self._items and (len(self._items) > self.max_entries or self._size > self.max_bytes):
                _, (_, dropped) = self._items.popitem(last=False)
                self._size -= len(dropped)
