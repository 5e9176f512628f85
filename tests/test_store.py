import json

import pyarrow.parquet as pq
from tests.conftest import FIXTURES

import dateline
from dateline import control, dedup
from dateline.model import Rejected

ARTICLES = [FIXTURES / "aden.txt", FIXTURES / "mogadishu.html", FIXTURES / "docs.jsonl"]


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
        assert somalia and all(e["iso3"] == "SOM" for e in somalia)
        assert all(e["event_date"] >= "2023-01-01" for e in store.events(since="2023-01-01"))
        assert store.events(event_type="Explosions/Remote violence")
    for fmt in ("csv", "geojson", "parquet", "jsonl"):
        path = dateline.export(everything, tmp_path / f"events.{fmt}")
        assert path.stat().st_size > 0
    header = (tmp_path / "events.csv").read_text().splitlines()[0].split(",")
    assert header[:5] == ["event_id", "event_date", "time_precision", "event_type", "sub_event_type"]
    geo = json.loads((tmp_path / "events.geojson").read_text())
    assert geo["type"] == "FeatureCollection" and geo["features"][0]["geometry"]["type"] == "Point"
    assert pq.read_table(tmp_path / "events.parquet").num_rows == len(everything)


def _change(event_id: str, day: str, frm: str, to: str) -> dict:
    return {
        "event_id": event_id,
        "event_date": day,
        "location": "Tal Afar",
        "geonameid": 99131,
        "control_change": {"place": "Tal Afar", "from": frm, "to": to},
    }


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
    base = {"sub_event_type": "Air/drone strike", "actor1": "X", "time_precision": 1}
    a = {**base, "event_id": "a", "event_date": "2023-01-02", "latitude": 36.19, "longitude": 44.01}
    b = {**base, "event_id": "b", "event_date": "2023-01-03", "latitude": 36.20, "longitude": 44.02}
    c = {**base, "event_id": "c", "event_date": "2023-03-01", "latitude": 36.19, "longitude": 44.01}
    assert dedup.clusters([a, b, c]) == {"a": "a", "b": "a", "c": "c"}


def test_export_stays_the_function_after_its_module_is_imported() -> None:
    from dateline.export import geojson

    assert callable(dateline.export) and geojson([])["features"] == []
