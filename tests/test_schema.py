"""Events validate against the contract's schema (../shared/contract/event.schema.json)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from frontwire.fuse import event_from_reports
from frontwire.taxonomy import event_type_of, sub_event_types
from frontwire.types import ActorRef, Claim, Evidence, FatalityFigure, PlaceRef, Report

SYRIA_ARMY = ActorRef("syria-army", "Military Forces of Syria (2000-)", 1, "Syria", "military")
REBELS = ActorRef("hts", "Hayat Tahrir al-Sham", 2, "Syria", "rebel")
ARIHA = PlaceRef("169389", "Ariha", 35.8137, 36.6081, "Syria", "SY", "Idlib", "Ariha")


@pytest.fixture(scope="module")
def validator(contract_dir: Path) -> Draft202012Validator:
    schema = json.loads((contract_dir / "event.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def report(**kw: Any) -> Report:
    fields: dict[str, Any] = {
        "article_id": "a1",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "event_date": date(2020, 7, 2),
        "actor1": SYRIA_ARMY,
        "actor2": REBELS,
        "place": ARIHA,
        "geo_precision": 2,
        "fatalities": 3,
        "fatalities_reported": (FatalityFigure(3, 3, 3, claimant="SOHR", article_id="a1"),),
        "claims": (Claim("pro-opposition media", "up to 10 killed", "unconfirmed"),),
        "evidence": (Evidence("a1", 10, 17, "shelled", "event"), Evidence("a1", 30, 35, "Ariha", "location")),
        "confidence": 0.8,
        "notes": "Syrian army shelled positions near Ariha.",
        "source": "Example Wire",
    }
    fields.update(kw)
    return Report(**fields)


def errors(validator: Draft202012Validator, event: dict[str, Any]) -> list[str]:
    return [e.message for e in validator.iter_errors(event)]


def test_schema_full_event_validates(validator: Draft202012Validator) -> None:
    assert errors(validator, event_from_reports([report()]).to_dict()) == []


def test_schema_event_without_actors_or_place_validates(validator: Draft202012Validator) -> None:
    event = event_from_reports([report(actor1=None, actor2=None, place=None, fatalities=0)]).to_dict()
    assert event["latitude"] is None and event["interaction"] == 10
    assert errors(validator, event) == []


@pytest.mark.parametrize("sub_event_type", sub_event_types())
def test_schema_every_sub_event_type_validates(validator: Draft202012Validator, sub_event_type: str) -> None:
    r = report(event_type=event_type_of(sub_event_type), sub_event_type=sub_event_type)
    assert errors(validator, event_from_reports([r]).to_dict()) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("event_date", ""),
        ("event_type", "Terrorism"),
        ("sub_event_type", "Armed clash"),  # wrong type for Explosions/Remote violence
        ("interaction", 5),
        ("confidence", 1.5),
        ("article_ids", []),
    ],
)
def test_schema_invalid_events_fail(validator: Draft202012Validator, field: str, value: Any) -> None:
    """The schema catches what the pipeline must never write (e.g. an undated event)."""
    event = event_from_reports([report()]).to_dict()
    event[field] = value
    assert errors(validator, event)
