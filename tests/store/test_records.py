"""Reports survive the trip through the store's JSON payloads unchanged."""

from __future__ import annotations

from dataclasses import replace

import pytest

from frontwire.store.records import report_from_json, report_to_json
from frontwire.types import Claim, FatalityFigure, Report
from tests.store.factories import report

CLAIM = Claim("pro-opposition media", "up to 10 soldiers were killed", "unconfirmed", 5, 40)
FIGURE = FatalityFigure(
    None, 0, 10, "killed_or_injured", "pro-opposition media", "a", 5, 40, "up to 10", "claimed"
)


@pytest.mark.parametrize(
    "original",
    [
        report("a"),
        report("a", place=None, actors=(), day=""),
        replace(report("a", claims=(CLAIM,)), fatalities_reported=(FIGURE,), assoc_actor_1=("Tiger Forces",)),
        replace(report("a"), civilian_targeting=True, time_precision=3, notes="ünïcode – notes"),
    ],
)
def test_records_report_roundtrip(original: Report) -> None:
    assert report_from_json(report_to_json(original)) == original
