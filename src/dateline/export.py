"""Write events as ACLED CSV, GeoJSON, Parquet or JSONL."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

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


def _cell(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_csv(events: Sequence[dict[str, Any]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=ACLED_COLUMNS + OUR_COLUMNS, extrasaction="ignore")
        w.writeheader()
        for e in events:
            w.writerow({k: _cell(e.get(k)) for k in ACLED_COLUMNS + OUR_COLUMNS})


def geojson(events: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The located events as a FeatureCollection of points, every field but the evidence as properties."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [e["longitude"], e["latitude"]]},
            "properties": {k: v for k, v in e.items() if k not in ("latitude", "longitude", "evidence")},
        }
        for e in events
        if e.get("latitude") is not None and e.get("longitude") is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def to_geojson(events: Sequence[dict[str, Any]], path: Path) -> None:
    path.write_text(json.dumps(geojson(events), ensure_ascii=False, default=str))


def to_parquet(events: Sequence[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa  # imported here: only Parquet needs Arrow
    import pyarrow.parquet as pq

    columns = ACLED_COLUMNS + OUR_COLUMNS
    table = pa.table({c: [_cell(e.get(c)) for e in events] for c in columns})
    pq.write_table(table, path)


def to_jsonl(events: Sequence[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for e in events:
            f.write(json.dumps(e, ensure_ascii=False, default=str) + "\n")


def export(events: Iterable[dict[str, Any]], path: str | Path, fmt: str | None = None) -> Path:
    """Write events to ``path`` in ``fmt`` (taken from the extension when None); returns the path."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    rows = list(events)
    path.parent.mkdir(parents=True, exist_ok=True)
    {"csv": to_csv, "geojson": to_geojson, "parquet": to_parquet, "jsonl": to_jsonl}[fmt](rows, path)
    return path
