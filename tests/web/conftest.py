"""Fixtures for the web tests: a store built from hand-written reports, the app over it, and a real
uvicorn server on a loopback port for the browser tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontwire.store import open_store
from frontwire.store.base import Store
from tests.web.corpus import add_draft, build_store, hostile_draft

TOKEN = "test-token-0123456789abcdef"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "events.sqlite"
    store = open_store(path)
    try:
        build_store(store, hostile=True)
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def sample_store_path(tmp_path_factory: pytest.TempPathFactory, nlp: object) -> Path:
    """The bundled sample corpus ingested by the real pipeline (as `frontwire demo` does), plus one
    hand-made hostile article whose every field tries to run code."""
    from frontwire.commands.store import sample_corpus
    from frontwire.config import Config
    from frontwire.store.ingest import ingest

    folder = tmp_path_factory.mktemp("sample")
    path = folder / "sample.sqlite"
    config = Config(data_dir=folder)
    store = open_store(path)
    try:
        summary = ingest([str(sample_corpus())], store, None, config)
        assert summary.added > 10 and not summary.skipped, summary.lines()
        add_draft(store, hostile_draft())
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def store(store_path: Path) -> Iterator[Store]:
    s = open_store(store_path)
    yield s
    s.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """`frontwire serve`'s app under a real uvicorn, in a thread, on 127.0.0.1."""

    def __init__(self, store_url: str, token: str | None = None, count_cap: int | None = None) -> None:
        import uvicorn

        from frontwire.web.app import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.store = open_store(store_url)
        app = create_app(self.store, token=token, count_cap=count_cap)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.store.close()
