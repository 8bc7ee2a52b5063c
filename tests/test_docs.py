"""Docs that are tested: every CLI command and option is described in docs/cli.md (as Datasette does)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from frontwire.cli import build_parser

CLI_DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def _commands() -> list[tuple[str, list[str]]]:
    """(command path, its long options) for every command and sub-command of the parser."""
    found: list[tuple[str, list[str]]] = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        options: list[str] = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*path, name])
            else:
                options += [o for o in action.option_strings if o.startswith("--") and o != "--help"]
        if path and not any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
            found.append((" ".join(path), options))

    walk(build_parser(), [])
    return found


def _sections() -> dict[str, str]:
    text = CLI_DOC.read_text("utf-8")
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    return {part.splitlines()[0].strip(): part for part in parts[1:]}


@pytest.mark.parametrize(("command", "options"), _commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_docs_every_command_and_option_documented(command: str, options: list[str]) -> None:
    sections = _sections()
    heading = f"frontwire {command}"
    assert heading in sections, f"docs/cli.md has no '## {heading}' section"
    body = sections[heading]
    shared = CLI_DOC.read_text("utf-8").split("## ", 1)[0]
    filters = sections.get("frontwire events", "")
    for option in options:
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", body + shared + filters), (
            f"{option} of '{heading}' is not in docs/cli.md"
        )


def test_docs_global_version_option_documented() -> None:
    assert "`--version`" in CLI_DOC.read_text("utf-8")
