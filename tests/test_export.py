"""Export formats: ACLED csv header and values, GeoJSON structure, Parquet types (pandas, DuckDB)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from frontwire.errors import ConfigError
from frontwire.export import ACLED_COLUMNS, FLAT_COLUMNS, write_events
from frontwire.fuse import event_from_reports
from frontwire.types import Claim, Event
from tests.store.factories import report

VAC = "Violence against civilians"
# ACLED's export columns as the ACLED codebook and data export list them.
ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
    "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
    "tags,timestamp"
)


@pytest.fixture
def events() -> list[Event]:
    claim = Claim("pro-opposition media", "up to 10 soldiers were killed", "unconfirmed")
    shelling = event_from_reports(
        [report("a1", fatalities=3, source="South Front"), report("a2", fatalities=5, claims=(claim,))],
        event_id="ev1",
    )
    attack = event_from_reports(
        [
            report(
                "a3", sub="Attack", event_type="Violence against civilians", actors=("unknown", "civilians")
            )
        ],
        event_id="ev2",
    )
    attack = replace(attack, civilian_targeting=True, assoc_actor_2=("Teachers (Syria)", "Women (Syria)"))
    nowhere = event_from_reports([report("a4", place=None)], event_id="ev3")
    return [shelling, attack, nowhere]


def test_export_acled_csv_header_and_values(events: list[Event]) -> None:
    out = io.StringIO()
    assert write_events(events, "acled-csv", out, timestamps={"ev1": "2024-01-02T03:04:05+00:00"}) == 3
    text = out.getvalue()
    assert text.splitlines()[0] == ACLED_HEADER == ",".join(ACLED_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    first, second, third = rows
    assert (first["event_id_cnty"], first["year"], first["iso"], first["country"]) == (
        "ev1",
        "2020",
        "760",
        "Syria",
    )
    assert first["disorder_type"] == "Political violence"
    assert first["fatalities"] == "3" and first["interaction"] == "28"
    assert first["source"] == "Outlet a2; South Front"
    assert first["timestamp"] == "1704164645"
    assert first["civilian_targeting"] == ""
    assert second["civilian_targeting"] == "Civilian targeting"
    assert second["assoc_actor_2"] == "Teachers (Syria); Women (Syria)"
    assert (third["latitude"], third["country"], third["iso"]) == ("", "", "")


def test_export_jsonl_is_the_contract(events: list[Event], contract_dir: Path) -> None:
    import jsonschema

    schema = json.loads((contract_dir / "event.schema.json").read_text("utf-8"))
    out = io.StringIO()
    write_events(events[:2], "jsonl", out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    for line in lines:
        jsonschema.validate(json.loads(line), schema)
    assert json.loads(lines[0])["claims"][0]["certainty"] == "unconfirmed"


def test_export_csv_flat_columns(events: list[Event]) -> None:
    out = io.StringIO()
    write_events(events, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(FLAT_COLUMNS)
    assert rows[0]["article_ids"] == "a1; a2"
    assert rows[1]["civilian_targeting"] == "true"


def test_export_geojson_structure(events: list[Event], tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    assert write_events(events, "geojson", path) == 2  # the event without coordinates is left out
    data = json.loads(path.read_text("utf-8"))
    assert data["type"] == "FeatureCollection"
    feature = data["features"][0]
    assert feature["type"] == "Feature" and feature["id"] == "ev1"
    assert feature["geometry"] == {"type": "Point", "coordinates": [38.9567, 36.6974]}
    props = feature["properties"]
    assert props["sub_event_type"] == "Shelling/artillery/missile attack"
    assert all(not isinstance(v, list | dict) for v in props.values())  # flat attributes for GIS tools


def test_export_geojson_empty_is_valid() -> None:
    out = io.StringIO()
    write_events([], "geojson", out)
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_export_parquet_types_pandas_and_duckdb(events: list[Event], tmp_path: Path) -> None:
    import datetime as dt

    import duckdb
    import pandas as pd

    path = tmp_path / "events.parquet"
    assert write_events(events, "parquet", path, timestamps={"ev1": "2024-01-02T03:04:05+00:00"}) == 3
    df = pd.read_parquet(path, use_threads=False)
    assert list(df["event_id"]) == ["ev1", "ev2", "ev3"]
    assert df["event_date"][0] == dt.date(2020, 7, 2)
    assert str(df["fatalities"].dtype) == "int32"
    assert str(df["latitude"].dtype) == "float64"
    assert list(df["article_ids"][0]) == ["a1", "a2"]
    assert str(df["timestamp"].dtype).startswith("datetime64")
    types = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert types["event_date"] == "DATE"
    assert types["fatalities"] == "INTEGER"
    assert types["latitude"] == "DOUBLE"
    assert types["article_ids"] == "VARCHAR[]"
    assert types["civilian_targeting"] == "BOOLEAN"
    assert types["claims"].startswith("STRUCT(")
    rows = duckdb.sql(
        f"SELECT event_id, claims[1].certainty FROM '{path}' WHERE event_date = DATE '2020-07-02' "
        "AND len(claims) > 0"
    ).fetchall()
    assert rows == [("ev1", "unconfirmed")]


def test_export_parquet_to_binary_stream(events: list[Event]) -> None:
    buf = io.BytesIO()
    write_events(events, "parquet", buf)
    assert buf.getvalue()[:4] == b"PAR1"


def test_export_text_formats_to_binary_stream(events: list[Event]) -> None:
    buf = io.BytesIO()
    write_events(events, "jsonl", buf)
    assert len(buf.getvalue().decode("utf-8").splitlines()) == 3


@pytest.mark.parametrize("fmt", ["xml", "acled"])
def test_export_unknown_format_raises(fmt: str, events: list[Event]) -> None:
    with pytest.raises(ConfigError):
        write_events(events, fmt, io.StringIO())


def test_export_parquet_refuses_text_stream(events: list[Event]) -> None:
    with pytest.raises(ConfigError):
        write_events(events, "parquet", io.StringIO())
