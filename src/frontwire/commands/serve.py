"""`frontwire serve`: the dashboard and the HTTP API over the store, until interrupted.

The write endpoints (ingest an article, correct an event) are enabled only with a token, given by
``--token`` or, to keep it out of the process list, the ``FRONTWIRE_API_TOKEN`` environment variable.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from frontwire.config import Config
from frontwire.errors import ConfigError

if TYPE_CHECKING:
    from frontwire.cli import Console

EXIT_OK = 0
TOKEN_ENV = "FRONTWIRE_API_TOKEN"
MIN_TOKEN_LENGTH = 16
WORKERS_ENV = "FRONTWIRE_WEB_WORKERS"  # server processes (default 1); also `--workers` where the CLI has it


def resolve_token(given: str | None) -> str | None:
    """The write token from the option or the environment; short tokens are refused."""
    token = given if given is not None else os.environ.get(TOKEN_ENV)
    if token is None or token == "":
        return None
    if len(token) < MIN_TOKEN_LENGTH:
        raise ConfigError(f"the API token must be at least {MIN_TOKEN_LENGTH} characters")
    return token


def run_serve(args: argparse.Namespace, config: Config, console: Console) -> int:
    from frontwire.store import normalize_url
    from frontwire.web.app import serve

    if not 0 < args.port < 65536:
        raise ConfigError(f"--port {args.port} is not a TCP port")
    token = resolve_token(getattr(args, "token", None))
    url = normalize_url(args.db, config)
    where = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/"
    console.info(
        f"frontwire: serving {url.split('@')[-1]} at {where} (writes {'enabled' if token else 'disabled'})"
    )
    workers = getattr(args, "workers", None)
    if workers is None:
        workers = int(os.environ.get(WORKERS_ENV, "") or 1)
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    serve(url, args.host, args.port, token=token, config=config, workers=workers)
    return EXIT_OK
