"""Every exception frontwire raises, in one tree.

    FrontwireError
    ├── InputError          an input (file, line, article) cannot be used; the batch goes on
    ├── ConfigError         a setting or option is invalid
    ├── GazetteerError      the gazetteer is missing, corrupt or cannot be built
    ├── KnowledgeError      a knowledge data file (actors, lexicons) is invalid
    └── StoreError          the event store cannot be opened or written
        └── MigrationError  the store's schema cannot be brought to the current version

Library code raises these and never prints or exits; only `frontwire.cli` turns them into messages and
exit codes.
"""

from __future__ import annotations


class FrontwireError(Exception):
    """Base of all frontwire errors."""


class InputError(FrontwireError):
    """One input cannot be used. `origin` names it (path, "stdin:3"); the message says why."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ConfigError(FrontwireError):
    """A setting or option is invalid."""


class GazetteerError(FrontwireError):
    """The gazetteer is missing, corrupt or cannot be built."""


class KnowledgeError(FrontwireError):
    """A knowledge data file (actors, lexicons) is invalid."""


class StoreError(FrontwireError):
    """The event store cannot be opened, read or written."""


class MigrationError(StoreError):
    """The store's schema cannot be brought to the current version."""
