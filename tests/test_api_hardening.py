"""The API under hostile or unlucky use: pages with cursors, JSON errors as the schema says, a read-only store,
Host checks, no absolute path, offline /docs, and schemathesis over every operation."""

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from dateline.api.app import create_app
from dateline.model import Article, Event, Evidence
from dateline.store import Store, StoreError

TEXT = "Fighters seized Tal Afar; a later strike hit Mosul."


def _event(n: int, day: str | None, **kw: Any) -> Event:
    base = Event(
        event_id=f"a#{n}", article_id="a", event_date=day, sub_event_type="Air/drone strike",
        event_type="Explosions/Remote violence", country="Iraq", iso3="IRQ", location="Mosul", latitude=36.34,
        longitude=43.13, evidence=[Evidence("a", "location", 45, 50, "Mosul")],
    )  # fmt: skip
    return replace(base, **kw)


def _events() -> list[Event]:
    """Seven events: two share a date, one is undated, one is unlocated, two change who holds Tal Afar."""
    change = {"place": "Tal Afar", "from": "Iraqi Army", "to": "Islamic State"}
    back = {"place": "Tal Afar", "from": "Islamic State", "to": "Iraqi Army"}
    return [
        _event(1, "2014-06-16", location="Tal Afar", control_change=change),
        _event(2, "2015-01-01"),
        _event(3, "2015-01-01"),
        _event(4, None),
        _event(5, "2016-03-01", latitude=None, longitude=None),
        _event(6, "2017-08-31", location="Tal Afar", control_change=back),
        _event(7, "2018-01-01"),
    ]


def _store(path: Path) -> Path:
    """A store of one article with the events above, then an update of it: changes of every kind."""
    with Store(path) as store:
        store.add(Article("a", TEXT), [], [*_events(), _event(8, "2019-01-01")])
        updated = [replace(e, fatalities=3) if e.event_id == "a#2" else e for e in _events()]
        store.add(Article("a", TEXT + " Two more died."), [], updated)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("hardening") / "t.duckdb")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), base_url="http://localhost")


def _pages(client: TestClient, url: str, key: str, **params: Any) -> Iterator[dict[str, Any]]:
    body = client.get(url, params=params).json()
    yield body
    while body["next"]:
        body = client.get(url, params={**params, "cursor": body["next"]}).json()
        assert len(body[key]) <= params.get("limit", 1000)
        yield body


def test_every_list_comes_in_pages_with_a_cursor(client: TestClient) -> None:
    everything = client.get("/api/events").json()
    assert everything["next"] is None
    ids = [e["event_id"] for e in everything["events"]]
    assert ids == ["a#1", "a#2", "a#3", "a#5", "a#6", "a#7", "a#4"]  # by date, then id; undated last
    for limit in (1, 2, 3):
        pages = list(_pages(client, "/api/events", "events", limit=limit))
        assert [e["event_id"] for p in pages for e in p["events"]] == ids and len(pages) == -(-7 // limit)
    features = [f for p in _pages(client, "/api/events.geojson", "features", limit=2) for f in p["features"]]
    assert [f["properties"]["event_id"] for f in features] == [i for i in ids if i != "a#5"]
    iraq = [
        e
        for p in _pages(client, "/api/events", "events", limit=1, country="IRQ", since="2015-01-01")
        for e in p["events"]
    ]
    assert [e["event_id"] for e in iraq] == ["a#2", "a#3", "a#5", "a#6", "a#7"]
    intervals = [
        i for p in _pages(client, "/api/control", "intervals", place="Tal Afar", limit=1) for i in p["intervals"]
    ]
    assert [(i["controller"], i["start"], i["end"]) for i in intervals] == [
        ("Iraqi Army", None, "2014-06-16"),
        ("Islamic State", "2014-06-16", "2017-08-31"),
        ("Iraqi Army", "2017-08-31", None),
    ]
    changes = [c for p in _pages(client, "/api/changes", "changes", limit=4) for c in p["changes"]]
    assert [(c["kind"], c["event_id"]) for c in changes][-2:] == [("updated", "a#2"), ("retracted", "a#8")]
    assert len(changes) == 10 and [c["seq"] for c in changes] == sorted({c["seq"] for c in changes})


def test_limit_defaults_to_1000_and_is_bounded(tmp_path: Path) -> None:
    with Store(tmp_path / "big.duckdb") as store:
        store.add(Article("a", TEXT), [], [_event(n, "2015-01-01") for n in range(1_001)])
    client = TestClient(create_app(tmp_path / "big.duckdb"), base_url="http://localhost")
    first = client.get("/api/events").json()
    assert len(first["events"]) == 1_000 and first["next"]
    rest = client.get("/api/events", params={"cursor": first["next"]}).json()
    assert len(rest["events"]) == 1 and rest["next"] is None
    assert len(client.get("/api/events", params={"limit": 10_000}).json()["events"]) == 1_001
    for limit in (0, 10_001, "many"):
        r = client.get("/api/events", params={"limit": limit})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "limit"]


def test_an_event_cursor_is_any_place_in_the_order(client: TestClient) -> None:
    """``DATE,EVENT_ID``: where an event is, was (retracted between two pages) or could be; ``~`` is undated."""

    def ids(cursor: str) -> list[str]:
        r = client.get("/api/events", params={"cursor": cursor})
        assert r.status_code == 200, cursor
        return [e["event_id"] for e in r.json()["events"]]

    assert ids("2015-01-01,a#2") == ["a#3", "a#5", "a#6", "a#7", "a#4"]
    assert ids("2018-01-01,a#8") == ids("2018-06-01") == ids("~") == ["a#4"]  # a#8: retracted
    assert ids("2015-01-01") == ["a#2", "a#3", "a#5", "a#6", "a#7", "a#4"]
    assert ids("~,a#4") == ids("~~") == [] and ids("") == ids(",") == ids("0") == ids("1999-13-45,x") != []
    located = client.get("/api/events.geojson", params={"cursor": "2017-08-31,a#6"}).json()["features"]
    assert [f["properties"]["event_id"] for f in located] == ["a#7", "a#4"]


@pytest.mark.parametrize("cursor", ["x", "-1", "1.5", "", str(2**63)])
def test_a_bad_index_cursor_is_422_in_the_documented_shape(client: TestClient, cursor: str) -> None:
    for url in ("/api/changes", "/api/control"):
        r = client.get(url, params={"cursor": cursor, "place": "Tal Afar"})
        assert r.status_code == 422, url
        [error] = r.json()["detail"]
        assert error["loc"] == ["query", "cursor"] and error["msg"] and error["type"]


def test_errors_are_json(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client = TestClient(create_app(db), base_url="http://localhost", raise_server_exceptions=False)
    missing = client.get("/api/nothing")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}
    gone = client.get("/api/events/a%2399")
    assert gone.status_code == 404 and gone.json() == {"detail": "no event 'a#99'"}
    assert client.post("/api/events").status_code == 405 and client.post("/api/events").json()["detail"]

    def broken(*args: object, **kw: object) -> list[Event]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Store, "events", broken)
    r = client.get("/api/events")
    assert r.status_code == 500 and r.headers["content-type"] == "application/json"
    assert r.json() == {"detail": "internal error: RuntimeError"}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_server_never_changes_the_store(tmp_path: Path) -> None:
    path = _store(tmp_path / "t.duckdb")
    before = _digest(path)
    client = TestClient(create_app(path), base_url="http://localhost")
    urls = ("/api/health", "/api/events", "/api/events.geojson", "/api/events/a%231", "/api/map", "/api/evidence/a%231")
    for url in (*urls, "/api/changes", "/docs"):
        assert client.get(url).status_code == 200, url
    assert client.get("/api/control", params={"place": "Tal Afar", "on": "2016-01-01"}).json()["controller"]
    assert _digest(path) == before and not Path(f"{path}.wal").exists()


def test_a_store_without_tables_is_refused_and_left_so(tmp_path: Path) -> None:
    bare = tmp_path / "bare.duckdb"
    duckdb.connect(str(bare)).close()
    with pytest.raises(StoreError, match="not a dateline store"):
        create_app(bare)
    path = _store(tmp_path / "t.duckdb")
    client = TestClient(create_app(path), base_url="http://localhost")
    path.unlink()
    duckdb.connect(str(path)).close()  # the file replaced by one without tables while serving
    r = client.get("/api/events")
    assert r.status_code == 503 and r.json()["detail"].startswith("not a dateline store: t.duckdb")
    with duckdb.connect(str(path)) as con:
        assert con.execute("SELECT count(*) FROM information_schema.tables").fetchone() == (0,)


def test_a_store_locked_by_an_ingest_is_503_then_served(tmp_path: Path) -> None:
    path = _store(tmp_path / "t.duckdb")
    hold = f"import duckdb; db = duckdb.connect({str(path)!r}); print('ready', flush=True); input()"
    holder = subprocess.Popen([sys.executable, "-c", hold], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        client = TestClient(create_app(path), base_url="http://localhost")  # starts all the same
        r = client.get("/api/health")
        assert r.status_code == 503 and r.json() == {"detail": "database is locked by another process: t.duckdb"}
    finally:
        holder.communicate("\n")
    assert client.get("/api/health").json()["events"] == 7


def test_host_header_is_checked(db: Path) -> None:
    app = create_app(db)
    for host in ("localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"):
        assert TestClient(app, base_url=f"http://{host}").get("/api/health").status_code == 200, host
    for host in ("evil.example", "evil.example:8000", "localhost.evil.example", "127.0.0.1.nip.io"):
        for url in ("/api/health", "/", "/docs", "/static/app.js"):
            r = TestClient(app, base_url=f"http://{host}").get(url)
            assert r.status_code == 400 and "host not allowed" in r.json()["detail"], (host, url)
    named = create_app(db, ["dateline.example", "0.0.0.0"])
    assert TestClient(named, base_url="http://dateline.example:8000").get("/api/health").status_code == 200
    assert TestClient(named, base_url="http://evil.example").get("/api/health").status_code == 400
    anyone = create_app(db, ["*"])
    assert TestClient(anyone, base_url="http://evil.example").get("/api/health").status_code == 200


def test_health_names_the_file_only(client: TestClient, db: Path) -> None:
    health = client.get("/api/health").json()
    assert health == {"status": "ok", "db": "t.duckdb", "articles": 1, "events": 7}
    for url in ("/api/health", "/openapi.json", "/api/events"):
        assert str(db.parent) not in client.get(url).text


def test_docs_work_offline(client: TestClient) -> None:
    for url, asset in (
        ("/docs", "swagger-ui-bundle.js"),
        ("/docs", "swagger-ui.css"),
        ("/redoc", "redoc.standalone.js"),
    ):
        page = client.get(url).text
        assert (
            f"/static-offline-docs/{asset}" in page and "cdn." not in page and "https://" not in page.split("<body")[0]
        )
        assert client.get(f"/static-offline-docs/{asset}").status_code == 200
    assert "SwaggerUIBundle" in client.get("/static-offline-docs/swagger-ui-bundle.js").text


@pytest.fixture(scope="module")
def api_schema(db: Path) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db, ["testserver"]))


OPERATIONS = [
    "/api/health",
    "/api/events",
    "/api/events.geojson",
    "/api/events/{event_id}",
    "/api/map",
    "/api/evidence/{event_id}",
    "/api/control",
    "/api/changes",
]

# /api/health takes nothing, an event id is any string: no request of theirs is invalid.
ALWAYS_VALID = ("/api/health", "/api/events/{event_id}", "/api/evidence/{event_id}")


def test_the_schema_declares_every_operation(api_schema: schemathesis.BaseSchema) -> None:
    assert sorted(r.ok().path for r in api_schema.get_all_operations()) == sorted(OPERATIONS)


@pytest.mark.parametrize(
    ("path", "mode"),
    [(p, m) for p in OPERATIONS for m in schemathesis.GenerationMode if m.is_positive or p not in ALWAYS_VALID],
)
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    api_schema: schemathesis.BaseSchema, path: str, mode: schemathesis.GenerationMode
) -> None:
    """Every check schemathesis has by default (server errors, status codes, content types, response schemas,
    negative data rejected, positive data accepted) on cases valid and invalid for the schema."""

    @given(case=api_schema[path]["GET"].as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate()

    check()
