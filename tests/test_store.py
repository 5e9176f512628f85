import csv
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from tests.conftest import FIXTURES

import dateline
from dateline import control, dedup
from dateline.model import Article, Event, Evidence, Quantity, Rejected

ARTICLES = [FIXTURES / "aden.txt", FIXTURES / "mogadishu.html", FIXTURES / "docs.jsonl"]
# ACLED's export columns, in its codebook's order: every CSV and Parquet export leads with them.
ACLED = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
# The ACLED columns that hold the event's field of that name unchanged.
PASSED = [
    "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
]  # fmt: skip
# The event's fields as GeoJSON and JSONL carry them.
FIELDS = [
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso3", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities",
]  # fmt: skip


def test_ingest_is_idempotent_and_records_rejects(tmp_path) -> None:
    items = list(dateline.read(ARTICLES))
    with dateline.Store(tmp_path / "t.duckdb") as store:
        first = list(dateline.ingest_into(store, items, workers=1))
        assert sum(isinstance(r, Rejected) for r in first) == 3
        n_articles, n_events = store.count("articles"), store.count("events")
        assert n_articles == 4 and n_events >= 2
        list(dateline.ingest_into(store, list(dateline.read(ARTICLES)), workers=1))
        assert (store.count("articles"), store.count("events")) == (n_articles, n_events)
        assert {r["reason"] for r in store.rejected()} >= {'missing or empty "text"'}
        assert store.count("evidence") > 0 and store.count("mentions") >= n_events


def test_filters_and_export(tmp_path) -> None:
    with dateline.Store(tmp_path / "t.duckdb") as store:
        list(dateline.ingest_into(store, list(dateline.read(ARTICLES)), workers=1))
        everything = store.events()
        somalia = store.events(country="SOM")
        assert somalia and all(e.iso3 == "SOM" for e in somalia)
        assert all(e.event_date >= "2023-01-01" for e in store.events(since="2023-01-01"))
        assert all(isinstance(e, Event) and e.cluster_id for e in everything)
        assert store.events(event_type="Explosions/Remote violence")
    for fmt in ("csv", "geojson", "parquet", "jsonl"):
        path = dateline.export(everything, tmp_path / f"events.{fmt}")
        assert path.stat().st_size > 0
    header = (tmp_path / "events.csv").read_text().splitlines()[0].split(",")
    assert header[: len(ACLED)] == ACLED
    geo = json.loads((tmp_path / "events.geojson").read_text())
    assert geo["type"] == "FeatureCollection" and geo["features"][0]["geometry"]["type"] == "Point"
    assert pq.read_table(tmp_path / "events.parquet").num_rows == len(everything)


def _change(event_id: str, day: str, frm: str, to: str) -> Event:
    return Event(
        event_id=event_id,
        article_id=event_id,
        event_date=day,
        location="Tal Afar",
        geonameid=99131,
        control_change={"place": "Tal Afar", "from": frm, "to": to},
    )


def test_control_timeline() -> None:
    events = [
        _change("b", "2017-08-31", "Islamic State", "Iraqi Army"),
        _change("a", "2014-06-16", "Iraqi Army", "Islamic State"),
    ]
    tl = control.timeline(events, "Tal Afar")
    assert [(i.controller, i.start, i.end) for i in tl] == [
        ("Iraqi Army", None, "2014-06-16"),
        ("Islamic State", "2014-06-16", "2017-08-31"),
        ("Iraqi Army", "2017-08-31", None),
    ]
    assert control.held_by(events, "tal afar", "2016-01-01") == "Islamic State"
    assert control.held_by(events, "99131", "2018-01-01") == "Iraqi Army"
    assert control.held_by(events, "Mosul", "2018-01-01") is None


def test_dedup_clusters_the_same_event_across_articles() -> None:
    base = Event("a", "a", sub_event_type="Air/drone strike", actor1="X", time_precision=1)
    a = replace(base, event_date="2023-01-02", latitude=36.19, longitude=44.01)
    b = replace(base, event_id="b", article_id="b", event_date="2023-01-03", latitude=36.20, longitude=44.02)
    c = replace(base, event_id="c", article_id="c", event_date="2023-03-01", latitude=36.19, longitude=44.01)
    other = replace(b, event_id="d", actor1="Y")
    assert dedup.clusters([a, b, c, other]) == {"a": "a", "b": "a", "c": "c", "d": "d"}


def test_export_stays_the_function_after_its_module_is_imported() -> None:
    from dateline.export import geojson

    assert callable(dateline.export) and geojson([])["features"] == []


def _read(path: Path, fmt: str) -> list[dict[str, Any]]:
    """An exported file's rows, one dict per event, as the file holds them."""
    if fmt == "csv":
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert list(rows[0])[: len(ACLED)] == ACLED
    elif fmt == "geojson":
        rows = []
        for f in json.loads(path.read_text())["features"]:
            longitude, latitude = f["geometry"]["coordinates"]
            rows.append({**f["properties"], "longitude": longitude, "latitude": latitude})
    elif fmt == "parquet":
        table = pq.read_table(path)
        assert table.column_names[: len(ACLED)] == ACLED
        rows = table.to_pylist()
    else:
        rows = [json.loads(line) for line in path.read_text().splitlines()]
    return rows


def _json(cell: str | None) -> Any:
    return json.loads(cell) if cell else None


@pytest.mark.parametrize("fmt", ["csv", "geojson", "parquet", "jsonl"])
def test_export_takes_what_extract_yields(tmp_path: Path, fmt: str) -> None:
    docs = [FIXTURES / "aden.txt", FIXTURES / "mogadishu.html"]
    path = dateline.export(dateline.extract(docs), tmp_path / f"e.{fmt}")
    events = list(dateline.extract(docs))
    assert {e.country for e in events} == {"Yemen", "Somalia"}
    columns = PASSED if fmt in ("csv", "parquet") else FIELDS
    expected = [{c: getattr(e, c) for c in columns} for e in events if fmt != "geojson" or e.latitude is not None]
    if fmt == "csv":  # every cell a string, an empty one for None
        expected = [{c: "" if v is None else str(v) for c, v in row.items()} for row in expected]
    rows = _read(path, fmt)
    assert [{c: r[c] for c in columns} for r in rows] == expected
    if fmt in ("csv", "parquet"):  # lists of strings joined by "; ", other lists and dicts as JSON
        decoded = [(_json(r["quantities"]), _json(r["control_change"]), r["claim_sources"]) for r in rows]
        assert any(q for q, _, _ in decoded) and any(c for _, c, _ in decoded)
        assert decoded == [
            (e.to_dict()["quantities"] or None, e.control_change, "; ".join(e.claim_sources)) for e in events
        ]
    if fmt == "jsonl":
        assert rows == [e.to_dict() for e in events]


def test_a_stored_event_reads_back_as_it_was(tmp_path: Path) -> None:
    article = Article("t", "On Wednesday fighters seized Mualla from troops; 300 families fled, SANA said.")
    event = Event(
        event_id="t#1", article_id="t", event_date="2022-05-11", time_precision=1, event_type="Strategic developments",
        sub_event_type="Non-violent transfer of territory", actor1="A", assoc_actor_1="B; C", inter1=2, actor2="D",
        assoc_actor_2="E", inter2=1, interaction=12, civilian_targeting="Civilian targeting", iso3="YEM",
        country="Yemen", admin1="Aden", admin2="Al Mualla", location="Mualla", geonameid=73422, latitude=12.78987,
        longitude=45.01209, geo_precision=1, source="The Gulf Ledger; Reuters", source_scale="National-International",
        claim_sources=["SANA", "a security official"], wire="Reuters", publisher="The Gulf Ledger", notes="On ...",
        fatalities=14, status="current", confidence=0.87, reasons=["trigger 'seized' → territory", "place at 1"],
        quantities=[Quantity(300, "families fled", 49, 52, qualifier="more than", source="SANA", scope="cumulative")],
        control_change={"place": "Mualla", "from": "D", "to": "A"},
        evidence=[Evidence("t", "location", 29, 35, "Mualla"), Evidence("t", "event_date", 3, 12, "Wednesday")],
    )  # fmt: skip
    with dateline.Store(tmp_path / "t.duckdb") as store:
        store.add(article, [], [event])
        [back] = store.events()
        assert back.cluster_id == "t#1"  # its own cluster until dedup says otherwise
        assert replace(back, cluster_id=None) == event
        assert store.evidence("t#1") == event.evidence


def test_extracted_events_read_back_as_they_were(tmp_path: Path) -> None:
    [article] = dateline.read([FIXTURES / "aden.txt"])
    analysis = dateline.analyse(article)  # type: ignore[arg-type]
    assert any(e.quantities and e.control_change and e.reasons and len(e.evidence) > 1 for e in analysis.events)
    with dateline.Store(tmp_path / "t.duckdb") as store:
        store.add(analysis.article, analysis.mentions, analysis.events)
        back = {e.event_id: e for e in store.events()}
    assert {i: replace(e, cluster_id=None) for i, e in back.items()} == {e.event_id: e for e in analysis.events}
