"""Write events as ACLED CSV, GeoJSON, Parquet or JSONL.

The CSV and Parquet rows lead with ACLED's 31 columns in ACLED's order, spelling and conventions (numeric ISO
codes, ACLED's regions and country names, ASCII place names), then dateline's own columns.

``export`` writes Event objects; ``from_store`` has DuckDB write a store's events itself (``COPY``, the ACLED names
joined from mapping tables made once per distinct value), in one file or partitioned by year or country, with
GeoJSON streamed a page at a time: memory stays flat whatever the store's size.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.data import table
from dateline.model import Event
from dateline.taxonomy import interaction

if TYPE_CHECKING:
    from dateline.store import Store

FORMATS = ("csv", "geojson", "parquet", "jsonl")

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
OUR_COLUMNS = [
    "article_id", "event_id", "geonameid", "claim_sources", "wire", "publisher", "quantities", "status",
    "control_change", "confidence", "cluster_id", "evidence", "fatalities_range",
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
    """A CSV or Parquet cell: a list of strings joined by "; ", other lists, dicts and dataclasses as JSON."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
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


PARTITIONS = {"year": "year", "country": "country"}  # --partition: the ACLED column of the folders
PAGE = 10_000  # events a GeoJSON export reads at a time


def _mapping(store: Store, name: str, columns: list[str], sql: str, compute: Any) -> None:
    """A temporary table ``name`` of ``columns``: each distinct value of the events' ``sql`` and what ``compute``
    makes of it (the Python spelling rules, run once per distinct value)."""
    values = [tuple(r) for r in store.db.execute(f"SELECT DISTINCT {sql} FROM events").fetchall()]
    store.db.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({', '.join(columns)})")
    rows = [(*v, *compute(*v)) for v in values]
    if rows:
        store.db.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(columns))})", rows)


def _acled_sql(store: Store, picked: str, timestamp: int, csv_file: bool) -> str:
    """The SELECT of COLUMNS over the events of the query ``picked`` (as ``e``), ACLED's spellings joined in."""

    def country(iso3: str | None, name: str | None) -> tuple[int | None, str | None, str | None]:
        c = country_of(Event("", "", iso3=iso3, country=name))
        return (c.iso, c.region, c.name) if c else (None, None, ascii_name(name))

    _mapping(store, "acled_country", ["iso3 VARCHAR", "name VARCHAR", "iso BIGINT", "region VARCHAR",
             "acled VARCHAR"], "iso3, country", country)  # fmt: skip
    _mapping(store, "acled_place", ["name VARCHAR", "acled VARCHAR"],
             "unnest([admin1, admin2, location])", lambda n: (place_name(n),))  # fmt: skip
    _mapping(store, "acled_disorder", ["sub VARCHAR", "disorder VARCHAR"], "sub_event_type",
             lambda s: (disorder_type(s),))  # fmt: skip
    number = "0"  # event_id_cnty's number: the SHA-1 of the event id mod 10^8, 32 bits at a time
    for i in range(5):
        number = f"(({number}) * 4294967296 + CAST('0x' || substr(sha1(e.event_id), {8 * i + 1}, 8) AS BIGINT))"
        number += " % 100000000"
    text = (lambda x: f"NULLIF({x}, '')") if csv_file else (lambda x: x)  # an empty CSV cell, as csv writes it
    pair = "10 * least(e.inter1, e.inter2) + greatest(e.inter1, e.inter2)"
    cells = {
        "event_id_cnty": f"coalesce(e.iso3, '{NO_COUNTRY}') || lpad(CAST({number} AS VARCHAR), 8, '0')",
        "event_date": "CAST(e.event_date AS VARCHAR)",
        "year": "CAST(year(e.event_date) AS BIGINT)",
        "time_precision": "CAST(coalesce(least(greatest(e.time_precision, 1), 3), 3) AS BIGINT)",
        "disorder_type": "d.disorder",
        "interaction": "CAST(coalesce(e.interaction, CASE WHEN e.inter1 IS NULL THEN NULL WHEN coalesce(e.inter2, 0)"
        f" = 0 THEN 10 * e.inter1 ELSE {pair} END) AS BIGINT)",
        "civilian_targeting": "CASE WHEN coalesce(e.civilian_targeting, '') != '' THEN 'Civilian targeting' END",
        "iso": "c.iso",
        "region": "c.region",
        "country": "c.acled",
        "admin1": "p1.acled",
        "admin2": "p2.acled",
        "admin3": "NULL::VARCHAR",
        "location": "p3.acled",
        "fatalities": "CAST(coalesce(e.fatalities, 0) AS BIGINT)",
        "tags": "NULL::VARCHAR",
        "timestamp": f"CAST({int(timestamp)} AS BIGINT)",
        "claim_sources": text("array_to_string(coalesce(e.claim_sources, []), '; ')"),
        "quantities": text(
            "CASE WHEN CAST(e.quantities AS VARCHAR) != '[]' THEN CAST(e.quantities AS VARCHAR) ELSE '' END"
        ),
        "control_change": "CAST(e.control_change AS VARCHAR)",
        "evidence": "NULLIF(array_to_string(list_transform(e.evidence, lambda v: v.field || ': ' || v.text), '; '),"
        " '')",
        "fatalities_range": "CASE WHEN e.low IS NOT NULL THEN CAST(to_json(struct_pack(low := e.low, best := e.best,"
        " high := e.high)) AS VARCHAR) END",
    }
    integers = {"inter1", "inter2", "geo_precision", "geonameid"}
    select = ", ".join(
        f"{cells.get(c) or (f'CAST(e.{c} AS BIGINT)' if c in integers else f'e.{c}')} AS {c}" for c in COLUMNS
    )
    return (
        f"SELECT {select} FROM ({picked}) e"
        " LEFT JOIN acled_country c ON c.iso3 IS NOT DISTINCT FROM e.iso3 AND c.name IS NOT DISTINCT FROM e.country"
        " LEFT JOIN acled_disorder d ON d.sub IS NOT DISTINCT FROM e.sub_event_type"
        " LEFT JOIN acled_place p1 ON p1.name = e.admin1 LEFT JOIN acled_place p2 ON p2.name = e.admin2"
        " LEFT JOIN acled_place p3 ON p3.name = e.location"
        f" ORDER BY coalesce(CAST(e.event_date AS VARCHAR), '~'), e.event_id"
    )


def _jsonl_sql(picked: str) -> str:
    """The SELECT of the Event fields, in their order and shape (``Event.to_dict``), over the query ``picked``."""
    shaped = {
        "event_date": "CAST(e.event_date AS VARCHAR)",
        "claim_sources": "coalesce(e.claim_sources, [])",
        "quantities": "coalesce(e.quantities, '[]')",
        "reasons": "coalesce(e.reasons, '[]')",
        "evidence": "coalesce(e.evidence, [])",
        "fatalities": "coalesce(e.fatalities, 0)",  # a store written before fatalities were never null
        "fatalities_range": "CASE WHEN e.low IS NOT NULL THEN struct_pack(low := e.low, best := e.best,"
        " high := e.high) END",
    }
    select = ", ".join(f"{shaped.get(f.name, f'e.{f.name}')} AS {f.name}" for f in fields(Event))
    return f"SELECT {select} FROM ({picked}) e ORDER BY coalesce(CAST(e.event_date AS VARCHAR), '~'), e.event_id"


def from_store(
    store: Store,
    path: str | Path,
    fmt: str | None = None,
    *,
    all_reports: bool = False,
    partition: str | None = None,
    timestamp: int | None = None,
    **filters: Any,
) -> int:
    """Write the store's events that ``filters`` (``Store.events``' country, event_type, since, until) select to
    ``path`` in ``fmt`` (taken from the extension when None; a ``partition`` folder is CSV unless told): one row per
    dedup cluster (its best-supported report, with its cluster's tolls) unless ``all_reports``, in one file or, with
    ``partition`` ("year" or "country"), a Hive-partitioned folder of CSV or Parquet files (``year=2024/data_0.csv``).
    Returns the number of events."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower() or ("csv" if partition else "")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if partition is not None and (partition not in PARTITIONS or fmt not in ("csv", "parquet")):
        raise ValueError(f"cannot partition {fmt} by {partition!r}: csv or parquet, by year or country")
    where, params = store.filters(**filters)
    picked = store.query(where, params, distinct=not all_reports)
    count = store.db.execute(f"SELECT count(*) FROM ({picked})", params).fetchone()[0]
    (path if partition else path.parent).mkdir(parents=True, exist_ok=True)
    if fmt == "geojson":
        _geojson_pages(store, path, all_reports, filters)
        return count
    stamp = int(time.time()) if timestamp is None else timestamp
    sql = _jsonl_sql(picked) if fmt == "jsonl" else _acled_sql(store, picked, stamp, fmt == "csv")
    copy = {"csv": "FORMAT csv, HEADER, NEW_LINE '\\r\\n'", "parquet": "FORMAT parquet", "jsonl": "FORMAT json"}[fmt]
    if partition:
        copy += f", PARTITION_BY ({PARTITIONS[partition]}), WRITE_PARTITION_COLUMNS true, OVERWRITE_OR_IGNORE"
    target = str(path).replace("'", "''")
    store.db.execute(f"COPY ({sql}) TO '{target}' ({copy})", params)
    return count


def _geojson_pages(store: Store, path: Path, all_reports: bool, filters: dict[str, Any]) -> None:
    """The located events as a FeatureCollection, written a page at a time."""
    with path.open("w", encoding="utf-8") as f:
        f.write('{"type": "FeatureCollection", "features": [')
        after: tuple[str, str] | None = None
        first = True
        while page := store.events(**filters, located=True, distinct=not all_reports, after=after, limit=PAGE):
            for feature in geojson(page)["features"]:
                f.write(("" if first else ", ") + json.dumps(feature, ensure_ascii=False, default=str))
                first = False
            after = (page[-1].event_date or "~", page[-1].event_id)
        f.write("]}")
