"""`frontwire serve`: the command line starts the real server; tokens are checked before it starts."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from frontwire.commands.serve import MIN_TOKEN_LENGTH, TOKEN_ENV, resolve_token
from frontwire.errors import ConfigError
from tests.web.conftest import free_port


@pytest.mark.parametrize(
    ("given", "env", "expected"),
    [
        (None, None, None),
        ("", None, None),
        (None, "e" * MIN_TOKEN_LENGTH, "e" * MIN_TOKEN_LENGTH),
        ("o" * 20, "e" * 20, "o" * 20),
    ],
)
def test_serve_resolve_token(
    monkeypatch: pytest.MonkeyPatch, given: str | None, env: str | None, expected: str | None
) -> None:
    if env is None:
        monkeypatch.delenv(TOKEN_ENV, raising=False)
    else:
        monkeypatch.setenv(TOKEN_ENV, env)
    assert resolve_token(given) == expected


def test_serve_refuses_a_short_token() -> None:
    with pytest.raises(ConfigError, match="at least"):
        resolve_token("short")


def test_serve_refuses_zero_workers(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from frontwire.cli import main

    assert main(["serve", "--db", str(store_path), "--workers", "0"]) != 0
    assert "--workers" in capsys.readouterr().err


@pytest.mark.parametrize("workers", [[], ["--workers", "2"]], ids=["one-process", "two-processes"])
def test_serve_command_runs_the_server(store_path: Path, tmp_path: Path, workers: list[str]) -> None:
    port = free_port()
    exe = Path(sys.executable).with_name("frontwire")
    env = {"FRONTWIRE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen(
        [str(exe), "serve", "--db", str(store_path), "--port", str(port), *workers],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "frontwire serve did not answer"
                time.sleep(0.2)
        assert health.json()["writes"] is False
        events = httpx.get(f"http://127.0.0.1:{port}/api/events", timeout=10).json()
        assert events["total"] == 8
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert page.status_code == 200 and "frontwire" in page.text
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err.decode()
    assert out == b""  # nothing but requested data on stdout
    assert b"serving" in err
