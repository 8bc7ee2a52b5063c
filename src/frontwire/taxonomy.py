"""ACLED's event types and sub-event types, read from data/taxonomy.json."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def _taxonomy() -> dict[str, list[str]]:
    text = resources.files("frontwire.data").joinpath("taxonomy.json").read_text("utf-8")
    data: dict[str, list[str]] = json.loads(text)["event_types"]
    return data


def event_types() -> list[str]:
    return list(_taxonomy())


def sub_event_types() -> list[str]:
    return [sub for subs in _taxonomy().values() for sub in subs]


def event_type_of(sub_event_type: str) -> str:
    """The event type a sub-event type belongs to; KeyError for a name not spelled as ACLED does."""
    for event_type, subs in _taxonomy().items():
        if sub_event_type in subs:
            return event_type
    raise KeyError(sub_event_type)
