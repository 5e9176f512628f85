"""Write events as ACLED CSV, GeoJSON, Parquet or JSONL.

The CSV and Parquet rows lead with ACLED's 31 columns in ACLED's order, spelling and conventions (numeric ISO
codes, ACLED's regions and country names, ASCII place names), then dateline's own columns.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dateline.data import table
from dateline.model import Event
from dateline.taxonomy import interaction

FORMATS = ("csv", "geojson", "parquet", "jsonl")

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
OUR_COLUMNS = [
    "article_id", "event_id", "geonameid", "claim_sources", "wire", "publisher", "quantities", "status",
    "control_change", "confidence", "cluster_id", "evidence",
]  # fmt: skip
COLUMNS = ACLED_COLUMNS + OUR_COLUMNS
NO_COUNTRY = "XXX"  # event_id_cnty's prefix when the event has no country: ISO 3166's user-assigned range


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso: int  # ISO 3166-1 numeric
    region: str  # ACLED's region
    name: str  # ACLED's spelling


@cache
def countries() -> dict[str, Country]:
    """ACLED's country facts by ISO3 and by ACLED name."""
    rows = [Country(iso3, int(iso), region, name) for iso3, iso, region, name in table("acled/countries.tsv")]
    return {**{c.name: c for c in rows}, **{c.iso3: c for c in rows}}


@cache
def _names(name: str) -> dict[str, str]:
    """A ``name → ACLED name`` data table, keyed case-insensitively."""
    return {ours.lower(): acled for ours, acled in table(name)}


@cache
def _letters() -> dict[int, str]:
    return str.maketrans(dict(table("acled/letters.tsv")))


@cache
def _disorder() -> dict[str, str]:
    return {r["sub_event_type"].lower(): r["disorder_type"] for r in table("acled/disorder.csv")}


def ascii_name(name: str | None) -> str | None:
    """A name in ASCII as ACLED writes it: accents dropped, special letters spelled out ("Ḩamāh" → "Hamah")."""
    if not name:
        return name
    decomposed = unicodedata.normalize("NFKD", name.translate(_letters()))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def place_name(name: str | None) -> str | None:
    """A location or admin name in ACLED's spelling ("Idlib" → "Idleb")."""
    plain = ascii_name(name)
    return _names("acled/places.tsv").get(plain.lower(), plain) if plain else plain


def country_of(e: Event) -> Country | None:
    """The event's country as ACLED knows it, by ISO3, else by name."""
    name = ascii_name(e.country) or ""
    return countries().get(e.iso3 or "") or countries().get(_names("acled/names.tsv").get(name.lower(), name))


def event_id_cnty(e: Event) -> str:
    """The country's ISO3 and a number of 8 digits hashed from the event id: the same on every export."""
    number = int(hashlib.sha1(e.event_id.encode()).hexdigest(), 16) % 10**8
    return f"{e.iso3 or NO_COUNTRY}{number:08d}"


def disorder_type(sub_event_type: str | None) -> str | None:
    return _disorder().get(sub_event_type.lower()) if sub_event_type else None


def _cell(value: Any) -> Any:
    """A CSV or Parquet cell: a list of strings joined by "; ", other lists and dicts as JSON."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=asdict)  # quantities: Quantity dataclasses
    return value


def row(e: Event, timestamp: int) -> dict[str, Any]:
    """The event as one ACLED row plus dateline's columns, in ``COLUMNS`` order; None for an empty cell."""
    country = country_of(e)
    inter = e.interaction if e.interaction is not None or e.inter1 is None else interaction(e.inter1, e.inter2)
    acled = {
        "event_id_cnty": event_id_cnty(e),
        "event_date": e.event_date,
        "year": int(e.event_date[:4]) if e.event_date else None,
        "time_precision": 3 if e.time_precision is None else min(max(e.time_precision, 1), 3),
        "disorder_type": disorder_type(e.sub_event_type),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "assoc_actor_1": e.assoc_actor_1,
        "inter1": e.inter1,
        "actor2": e.actor2,
        "assoc_actor_2": e.assoc_actor_2,
        "inter2": e.inter2,
        "interaction": inter,
        "civilian_targeting": "Civilian targeting" if e.civilian_targeting else None,
        "iso": country.iso if country else None,
        "region": country.region if country else None,
        "country": country.name if country else ascii_name(e.country),
        "admin1": place_name(e.admin1),
        "admin2": place_name(e.admin2),
        "admin3": None,
        "location": place_name(e.location),
        "latitude": e.latitude,
        "longitude": e.longitude,
        "geo_precision": e.geo_precision,
        "source": e.source,
        "source_scale": e.source_scale,
        "notes": e.notes,
        "fatalities": e.fatalities or 0,
        "tags": None,
        "timestamp": timestamp,
    }
    evidence = "; ".join(f"{ev.field}: {ev.text}" for ev in e.evidence) or None
    ours = {c: _cell(getattr(e, c)) for c in OUR_COLUMNS if c != "evidence"}
    return {**acled, **ours, "evidence": evidence}


def rows(events: Iterable[Event], timestamp: int | None = None) -> list[dict[str, Any]]:
    """The events' rows, stamped with ``timestamp`` (Unix seconds; the export time when None)."""
    stamp = int(time.time()) if timestamp is None else timestamp
    return [row(e, stamp) for e in events]


def to_csv(events: Sequence[Event], path: Path, timestamp: int | None = None) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows(events, timestamp))


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


def to_parquet(events: Sequence[Event], path: Path, timestamp: int | None = None) -> None:
    import pyarrow as pa  # imported here: only Parquet needs Arrow
    import pyarrow.parquet as pq

    data = rows(events, timestamp)
    pq.write_table(pa.table({c: [r[c] for r in data] for c in COLUMNS}), path)


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
    items = list(events)
    path.parent.mkdir(parents=True, exist_ok=True)
    {"csv": to_csv, "geojson": to_geojson, "parquet": to_parquet, "jsonl": to_jsonl}[fmt](items, path)
    return path
