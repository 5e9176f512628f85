"""Write events as ACLED CSV, GeoJSON, Parquet or JSONL."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from dateline.model import Event

FORMATS = ("csv", "geojson", "parquet", "jsonl")

# ACLED's column order first, then ours.
ACLED_COLUMNS = [
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso3", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities",
]  # fmt: skip
OUR_COLUMNS = [
    "article_id", "geonameid", "claim_sources", "wire", "publisher", "quantities", "status", "control_change",
    "confidence",
]  # fmt: skip
COLUMNS = ACLED_COLUMNS + OUR_COLUMNS


def _cell(value: Any) -> Any:
    """A CSV or Parquet cell: a list of strings joined by "; ", other lists and dicts as JSON."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=asdict)  # quantities: Quantity dataclasses
    return value


def to_csv(events: Sequence[Event], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for e in events:
            w.writerow({c: _cell(getattr(e, c)) for c in COLUMNS})


def geojson(events: Iterable[Event]) -> dict[str, Any]:
    """The located events as a FeatureCollection of points, every field but the evidence as properties."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [e.longitude, e.latitude]},
            "properties": {k: v for k, v in e.to_dict().items() if k not in ("latitude", "longitude", "evidence")},
        }
        for e in events
        if e.latitude is not None and e.longitude is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def to_geojson(events: Sequence[Event], path: Path) -> None:
    path.write_text(json.dumps(geojson(events), ensure_ascii=False, default=str))


def to_parquet(events: Sequence[Event], path: Path) -> None:
    import pyarrow as pa  # imported here: only Parquet needs Arrow
    import pyarrow.parquet as pq

    table = pa.table({c: [_cell(getattr(e, c)) for e in events] for c in COLUMNS})
    pq.write_table(table, path)


def to_jsonl(events: Sequence[Event], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for e in events:
            f.write(json.dumps(e.to_dict(), ensure_ascii=False, default=str) + "\n")


def export(events: Iterable[Event], path: str | Path, fmt: str | None = None) -> Path:
    """Write events (a list, or the iterator ``extract`` returns) to ``path`` in ``fmt`` (taken from the extension
    when None); returns the path."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    rows = list(events)
    path.parent.mkdir(parents=True, exist_ok=True)
    {"csv": to_csv, "geojson": to_geojson, "parquet": to_parquet, "jsonl": to_jsonl}[fmt](rows, path)
    return path
