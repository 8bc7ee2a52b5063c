"""Store handles for the server's worker threads.

A database connection should not be shared by threads answering requests at once, so each worker
thread opens its own store on the same URL (SQLite in WAL mode and PostgreSQL both serve concurrent
readers). A store without a URL is shared (the SQLite store serialises its own calls).
"""

from __future__ import annotations

import threading

from frontwire.store.base import Store


class StoreAccess:
    """Hands each thread a store: its own connection to `store.url`, or the one store given."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        self._per_thread = bool(getattr(store, "url", ""))
        self._owner = threading.get_ident()

    def get(self) -> Store:
        if not self._per_thread or threading.get_ident() == self._owner:
            return self.store
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            from frontwire.store import open_store

            store = open_store(self.store.url)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        """Close the per-thread stores (the store handed to `create_app` stays the caller's)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            store.close()
