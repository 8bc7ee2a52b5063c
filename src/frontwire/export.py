"""Events out, in the file formats analysts load: jsonl, csv, ACLED csv, GeoJSON, Parquet.

One data function, many formats (Datasette's lesson): every writer renders the same `Event` records,
and the flat row shapes are computed once here (`acled_row`, `flat_row`) so the CLI, the store's
export command and the web API agree on what a column means.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, cast

from frontwire.errors import ConfigError
from frontwire.types import Event

FORMATS = ("jsonl", "csv", "acled-csv", "geojson", "parquet")

# ACLED's export columns, names and order as in ACLED's current data export (codebook 2023+).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# ACLED codebook: the disorder type each event / sub-event type belongs to.
_DISORDER_BY_SUB = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Violent demonstration": "Demonstrations",
    "Mob violence": "Political violence",
}
_DISORDER_BY_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

# Columns of the plain csv (and the GeoJSON properties): the contract's scalar fields, lists joined.
FLAT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor1_id",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "actor2_id",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "country",
    "iso",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "place_id",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "notes",
    "source",
    "article_ids",
    "confidence",
)
LIST_SEP = "; "  # ACLED joins associated actors and sources with "; "


def disorder_type(event_type: str, sub_event_type: str) -> str:
    return _DISORDER_BY_SUB.get(sub_event_type) or _DISORDER_BY_TYPE.get(event_type, "")


@cache
def _iso_numeric() -> tuple[dict[str, int], dict[str, int]]:
    """ISO numeric (ACLED's `iso` column) by alpha-2 and by lower-cased country name, from GeoNames."""
    path = resources.files("frontwire.data").joinpath("countries/iso3166.tsv")
    by_code: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for line in path.read_text("utf-8").splitlines()[2:]:
        iso2, _iso3, numeric, name = line.split("\t")
        by_code[iso2] = by_name[name.lower()] = int(numeric)
    return by_code, by_name


def iso_numeric(alpha2: str | None, country: str | None = None) -> int | None:
    """The numeric ISO code from the alpha-2 code, else from the (GeoNames) country name."""
    by_code, by_name = _iso_numeric()
    if alpha2 and alpha2.upper() in by_code:
        return by_code[alpha2.upper()]
    return by_name.get(country.lower()) if country else None


def _epoch(value: datetime | str | int | None) -> int | None:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp())


def acled_row(event: Event, timestamp: datetime | str | int | None = None) -> dict[str, Any]:
    """One event as an ACLED row: what we know filled in, the rest blank."""
    year = int(event.event_date[:4]) if event.event_date else None
    iso = iso_numeric(event.iso, event.country)
    return {
        "event_id_cnty": event.event_id,
        "event_date": event.event_date,
        "year": year,
        "time_precision": event.time_precision,
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1 or "",
        "assoc_actor_1": LIST_SEP.join(event.assoc_actor_1),
        "inter1": event.inter1 if event.inter1 is not None else "",
        "actor2": event.actor2 or "",
        "assoc_actor_2": LIST_SEP.join(event.assoc_actor_2),
        "inter2": event.inter2 if event.inter2 is not None else "",
        "interaction": event.interaction,
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else "",
        "iso": iso if iso is not None else "",
        "region": "",
        "country": event.country or "",
        "admin1": event.admin1 or "",
        "admin2": event.admin2 or "",
        "admin3": event.admin3 or "",
        "location": event.location or "",
        "latitude": event.latitude if event.latitude is not None else "",
        "longitude": event.longitude if event.longitude is not None else "",
        "geo_precision": event.geo_precision,
        "source": event.source or "",
        "source_scale": "",
        "notes": event.notes,
        "fatalities": event.fatalities,
        "tags": "",
        "timestamp": _epoch(timestamp) if timestamp is not None else "",
    }


def flat_row(event: Event) -> dict[str, Any]:
    """The contract's scalar fields of one event, list fields joined with "; " (csv, GeoJSON)."""
    d = event.to_dict()
    row = {k: d.get(k) for k in FLAT_COLUMNS}
    for key in ("assoc_actor_1", "assoc_actor_2", "article_ids"):
        row[key] = LIST_SEP.join(d[key])
    return row


# --------------------------------------------------------------------------------------------- writers


def _write_jsonl(events: Iterable[Event], out: TextIO, _ts: Callable[[Event], Any]) -> int:
    n = 0
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_csv(events: Iterable[Event], out: TextIO, _ts: Callable[[Event], Any]) -> int:
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for event in events:
        row = flat_row(event)
        writer.writerow({k: _cell(v) for k, v in row.items()})
        n += 1
    return n


def _write_acled(events: Iterable[Event], out: TextIO, ts: Callable[[Event], Any]) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for event in events:
        writer.writerow(acled_row(event, ts(event)))
        n += 1
    return n


def geojson_feature(event: Event) -> dict[str, Any] | None:
    """A GeoJSON Point feature; None for an event without coordinates (left out of the file)."""
    if event.latitude is None or event.longitude is None:
        return None
    return {
        "type": "Feature",
        "id": event.event_id,
        "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
        "properties": flat_row(event),
    }


def _write_geojson(events: Iterable[Event], out: TextIO, _ts: Callable[[Event], Any]) -> int:
    """A FeatureCollection streamed feature by feature (WGS 84, as RFC 7946 requires)."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for event in events:
        feature = geojson_feature(event)
        if feature is None:
            continue
        out.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def parquet_schema() -> Any:
    import pyarrow as pa

    evidence = pa.struct(
        [
            ("article_id", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("field", pa.string()),
        ]
    )
    claim = pa.struct([("claimant", pa.string()), ("text", pa.string()), ("certainty", pa.string())])
    figure = pa.struct(
        [
            ("value", pa.int32()),
            ("low", pa.int32()),
            ("high", pa.int32()),
            ("claimant", pa.string()),
            ("article_id", pa.string()),
        ]
    )
    return pa.schema(
        [
            ("event_id", pa.string()),
            ("article_ids", pa.list_(pa.string())),
            ("event_date", pa.date32()),
            ("year", pa.int16()),
            ("time_precision", pa.int8()),
            ("disorder_type", pa.string()),
            ("event_type", pa.string()),
            ("sub_event_type", pa.string()),
            ("actor1", pa.string()),
            ("actor1_id", pa.string()),
            ("assoc_actor_1", pa.list_(pa.string())),
            ("inter1", pa.int8()),
            ("actor2", pa.string()),
            ("actor2_id", pa.string()),
            ("assoc_actor_2", pa.list_(pa.string())),
            ("inter2", pa.int8()),
            ("interaction", pa.int16()),
            ("civilian_targeting", pa.bool_()),
            ("country", pa.string()),
            ("iso", pa.string()),
            ("admin1", pa.string()),
            ("admin2", pa.string()),
            ("admin3", pa.string()),
            ("location", pa.string()),
            ("place_id", pa.string()),
            ("latitude", pa.float64()),
            ("longitude", pa.float64()),
            ("geo_precision", pa.int8()),
            ("fatalities", pa.int32()),
            ("fatalities_reported", pa.list_(figure)),
            ("notes", pa.string()),
            ("source", pa.string()),
            ("evidence", pa.list_(evidence)),
            ("claims", pa.list_(claim)),
            ("confidence", pa.float64()),
            ("timestamp", pa.timestamp("s", tz="UTC")),
        ]
    )


def _parquet_record(event: Event, timestamp: Any) -> dict[str, Any]:
    d = event.to_dict()
    d["event_date"] = date.fromisoformat(event.event_date) if event.event_date else None
    d["year"] = d["event_date"].year if d["event_date"] else None
    d["disorder_type"] = disorder_type(event.event_type, event.sub_event_type)
    epoch = _epoch(timestamp) if timestamp is not None else None
    d["timestamp"] = datetime.fromtimestamp(epoch, UTC) if epoch is not None else None
    return d


def _write_parquet(events: Iterable[Event], out: BinaryIO | str, ts: Callable[[Event], Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for event in events:
            batch.append(_parquet_record(event, ts(event)))
            if len(batch) >= 10_000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


_TEXT_WRITERS = {
    "jsonl": _write_jsonl,
    "csv": _write_csv,
    "acled-csv": _write_acled,
    "geojson": _write_geojson,
}


@contextmanager
def _text_out(out: TextIO | BinaryIO | IO[Any] | str | Path) -> Iterator[TextIO]:
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as f:
            yield f
    elif isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        yield out  # type: ignore[misc]
    else:
        wrapper = io.TextIOWrapper(cast(BinaryIO, out), encoding="utf-8", newline="")
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()


def write_events(
    events: Iterable[Event],
    fmt: str,
    out: TextIO | BinaryIO | IO[Any] | str | Path,
    timestamps: Mapping[str, datetime | str | int] | None = None,
) -> int:
    """Write events in `fmt` to a text stream, binary stream or path; returns how many were written.

    `timestamps` (event id -> last change) fills ACLED's `timestamp` column and Parquet's `timestamp`.
    GeoJSON leaves out events without coordinates (a point layer; QGIS drops null geometries anyway).
    """
    ts: Callable[[Event], Any] = (lambda e: timestamps.get(e.event_id)) if timestamps else (lambda e: None)
    if fmt == "parquet":
        if isinstance(out, Path):
            out = str(out)
        if hasattr(out, "encoding"):
            raise ConfigError("parquet is binary: give a file path or a binary stream")
        return _write_parquet(events, out, ts)  # type: ignore[arg-type]
    writer = _TEXT_WRITERS.get(fmt)
    if writer is None:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with _text_out(out) as text:
        return writer(events, text, ts)
