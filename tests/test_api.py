from dataclasses import fields
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import FIXTURES

import dateline
from dateline.api.app import create_app
from dateline.model import Event
from dateline.store import StoreError


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("api") / "t.duckdb"
    with dateline.Store(db) as store:
        list(dateline.ingest_into(store, list(dateline.read([FIXTURES / "aden.txt"])), workers=1))
    return TestClient(create_app(db), base_url="http://localhost")


def test_health_and_events(client: TestClient) -> None:
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["articles"] == 1 and health["events"] >= 1
    page = client.get("/api/events").json()
    events = page["events"]
    assert len(events) == health["events"] and page["next"] is None
    e = events[0]
    assert e["country"] == "Yemen" and e["event_date"] and isinstance(e["evidence"], list) and e["evidence"]
    assert set(e) == {f.name for f in fields(Event)} and all(x["cluster_id"] for x in events)
    assert client.get("/api/events", params={"country": "YEM", "distinct": True}).json()["events"]
    assert client.get("/api/events", params={"type": e["event_type"], "since": e["event_date"]}).json()["events"]
    assert client.get("/api/events", params={"country": "Mali"}).json() == {"events": [], "next": None}
    assert client.get("/api/events", params={"until": "1999-01-01"}).json()["events"] == []


def test_one_event_and_404(client: TestClient) -> None:
    e = client.get("/api/events").json()["events"][0]
    one = client.get(f"/api/events/{e['event_id'].replace('#', '%23')}")
    assert one.status_code == 200 and one.json() == e
    missing = client.get("/api/events/nothing%231")
    assert missing.status_code == 404 and "nothing#1" in missing.json()["detail"]


def test_bad_dates_are_422(client: TestClient) -> None:
    for url, params, name in [
        ("/api/events", {"since": "yesterday"}, "since"),
        ("/api/events.geojson", {"until": "2022-02-30"}, "until"),
        ("/api/control", {"place": "Mualla", "on": "14/05/2022"}, "on"),
    ]:
        r = client.get(url, params=params)
        [error] = r.json()["detail"]
        assert r.status_code == 422 and error["loc"] == ["query", name] and error["msg"]
    assert client.get("/api/control").status_code == 422  # place is required


def test_control(client: TestClient) -> None:
    changes = [e for e in client.get("/api/events").json()["events"] if e["control_change"]]
    assert changes
    place = changes[0]["control_change"]["place"]
    intervals = client.get("/api/control", params={"place": place}).json()["intervals"]
    assert intervals and {"place", "controller", "start", "end", "event_ids"} <= set(intervals[0])
    last = intervals[-1]
    held = client.get("/api/control", params={"place": place, "on": last["start"]}).json()
    assert held == {"place": place, "on": last["start"], "controller": last["controller"]}


def test_geojson(client: TestClient) -> None:
    geo = client.get("/api/events.geojson").json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    f = geo["features"][0]
    assert f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2
    assert "event_id" in f["properties"] and "evidence" not in f["properties"]


def test_page_and_vendored_assets(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "/static/vendor/leaflet/leaflet.js" in page.text and "//unpkg" not in page.text
    for asset in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/leaflet/images/marker-icon.png",
        "/static/vendor/topojson-client/topojson-client.min.js",
        "/static/vendor/world-atlas/countries-110m.json",
        "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "/static/vendor/leaflet.markercluster/MarkerCluster.css",
        "/static/vendor/leaflet.markercluster/MarkerCluster.Default.css",
        "/static/vendor/leaflet.markercluster/LICENSE",
        "/static/app.js",
    ):
        assert client.get(asset).status_code == 200, asset
    assert "Leaflet 1.9.4" in client.get("/static/vendor/leaflet/leaflet.js").text


def test_missing_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store: .*none\.duckdb"):
        create_app(tmp_path / "none.duckdb")
    assert not (tmp_path / "none.duckdb").exists()
