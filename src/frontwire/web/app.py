"""The web application: the HTTP API (`web.api`), the dashboard and the API reference, all served by
frontwire itself (no CDN, no tile server), behind strict security headers.

`create_app(store, token)` builds the FastAPI app over an open store; `serve(url, host, port, token)`
opens the store and runs it under uvicorn. Article text shown by the dashboard is hostile input: the
Content-Security-Policy allows scripts and styles from this origin only (no inline code at all).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from frontwire import __version__
from frontwire.config import Config
from frontwire.errors import FrontwireError, StoreError
from frontwire.store.base import Store
from frontwire.web.access import StoreAccess
from frontwire.web.cache import ResponseCache
from frontwire.web.facts import EventFacts

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)


def static_dir() -> Path:
    """The packaged static folder (index.html, docs.html and the built vendor/ assets)."""
    return Path(str(resources.files("frontwire.web").joinpath("static")))


class SecurityHeaders:
    """Adds the security headers to every response, and no-store to API answers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                headers.extend(SECURITY_HEADERS)
                if path.startswith("/api/"):
                    headers.append((b"cache-control", b"no-store"))
                elif path.startswith("/static/vendor/"):
                    headers.append((b"cache-control", b"public, max-age=3600"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[int, str]:
    """400 for a malformed query or path, 422 for a well-formed body with invalid content."""
    parts = []
    in_body = False
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
        in_body = in_body or (err.get("loc") or ("",))[0] == "body"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{'.'.join(loc)}: {msg}" if loc else msg)
    return (422 if in_body else 400), "invalid request: " + "; ".join(parts)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        if exc.status_code == 405:
            message = f"method {request.method} not allowed on {request.url.path}"
        return _error(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        status, message = _validation_message(exc)
        return _error(status, message)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _error(503, f"store unavailable: {exc}")

    @app.exception_handler(FrontwireError)
    async def frontwire_error(request: Request, exc: FrontwireError) -> Response:
        return _error(422, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        return _error(500, "internal error")


def _load_facts(facts: EventFacts, store: Store) -> None:
    """Fill the in-memory columns through a connection of their own (a long read)."""
    from frontwire.store import open_store

    own = open_store(store.url) if getattr(store, "url", "") else store
    try:
        facts.load(own)
    finally:
        if own is not store:
            own.close()


def create_app(
    store: Store,
    token: str | None = None,
    config: Config | None = None,
    *,
    in_memory: bool = True,
    count_cap: int | None = None,
) -> FastAPI:
    """The API and dashboard over an open store. Writes are enabled only when `token` is given.

    `in_memory` keeps the columns maps and charts need in memory (web.facts), loaded in the background
    when the app starts; the API answers from the store until they are ready. `count_cap` is where a
    list's total stops being counted when the store must count it (default `api.COUNT_CAP`)."""
    from frontwire.web.api import COUNT_CAP, router

    access = StoreAccess(store)
    cache = ResponseCache()
    facts = EventFacts() if in_memory else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loader = None
        if facts is not None:
            cache.listeners.append(facts.apply)
            loader = threading.Thread(
                target=_load_facts, args=(facts, store), name="frontwire-facts", daemon=True
            )
            loader.start()
        yield
        access.close()

    app = FastAPI(
        title="frontwire",
        version=__version__,
        summary="Conflict events with their evidence: the store behind the dashboard, over HTTP.",
        description=(
            "Read endpoints are open. `POST /api/articles` and `PATCH /api/events/{id}` need the bearer "
            "token the server was started with (`frontwire serve --token ...`). Errors are JSON "
            '`{"error": "..."}`. See docs/dashboard.md.'
        ),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.stores = access
    app.state.cache = cache
    app.state.facts = facts
    app.state.count_cap = max(1, count_cap) if count_cap is not None else COUNT_CAP
    cache.watch(store)
    app.state.token = token or None
    app.state.config = config or Config()
    app.state.max_bytes = app.state.config.max_bytes
    app.state.pipeline = None  # the extraction pipeline, loaded by the first POST /api/articles
    _install_handlers(app)
    app.include_router(router)

    static = static_dir()
    built = (static / "vendor" / "app.js").is_file()

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        if not built:
            return PlainTextResponse(
                "The dashboard's front-end is not built: run scripts/setup"
                " (or: cd web && npm ci && npm run build). The HTTP API works: see /docs.",
                status_code=503,
            )
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return FileResponse(static / "docs.html", media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/api/health", include_in_schema=False)
    def health() -> dict[str, Any]:
        return {"ok": True, "version": __version__, "writes": bool(app.state.token)}

    app.mount("/static", StaticFiles(directory=static, html=False), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)
    app.add_middleware(SecurityHeaders)
    return app


SERVE_URL_ENV = "FRONTWIRE_SERVE_URL"
TOKEN_ENV = "FRONTWIRE_API_TOKEN"


def app_from_environment() -> FastAPI:
    """The app of one worker process when serving with several (uvicorn's factory; see `serve`)."""
    import os

    from frontwire.store import open_store

    store = open_store(os.environ[SERVE_URL_ENV])
    return create_app(store, token=os.environ.get(TOKEN_ENV) or None)


def serve(
    store_url: str | None,
    host: str,
    port: int,
    token: str | None = None,
    *,
    config: Config | None = None,
    workers: int = 1,
) -> None:
    """Open the store and serve the app until interrupted (blocking).

    With ``workers > 1`` uvicorn runs that many processes (each with its own store connections), which
    lets the API use every core; the store URL and token reach them through the environment."""
    import os

    import uvicorn

    from frontwire.store import normalize_url, open_store

    options: dict[str, Any] = {"log_level": "warning", "access_log": False, "server_header": False}
    if workers > 1:
        url = normalize_url(store_url, config)
        open_store(url, config).close()  # fail here, once, if the store cannot be opened
        os.environ[SERVE_URL_ENV] = url
        if token:
            os.environ[TOKEN_ENV] = token
        else:
            os.environ.pop(TOKEN_ENV, None)
        uvicorn.run(
            "frontwire.web.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            **options,
        )
        return
    store = open_store(store_url, config)
    try:
        app = create_app(store, token=token, config=config)
        uvicorn.run(app, host=host, port=port, **options)
    finally:
        store.close()
