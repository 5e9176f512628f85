"""The store at work: batches that survive kill -9, readers and the API beside a writer, a second writer told the
store is busy, a store error mid-ingest said in one line, flat memory over a long stream, migrations from schema 2,
exports written by DuckDB, one row per cluster with its tolls."""

import csv
import json
import signal
import subprocess
import sys
import textwrap
import tracemalloc
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import dateline
from dateline import pipeline
from dateline.api.app import create_app
from dateline.cli import app
from dateline.engine import local
from dateline.export import ACLED_COLUMNS, COLUMNS, from_store, to_csv, to_parquet
from dateline.model import Article, Event, Evidence
from dateline.pipeline import Analysis
from dateline.store import Store, StoreError

runner = CliRunner()
# A process that writes BATCHES batches of 20 made-up articles to argv[1], releasing the store between them, and
# says each batch once it is committed.
WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import date
    from dateline.model import Article, Event
    from dateline.store import Store

    store = Store(sys.argv[1])
    for b in range(int(sys.argv[2])):
        batch = [(Article(f"a{b}-{i}", f"text {b} {i}", published=date(2023, 1, 1 + b % 28)), [],
                  [Event(f"a{b}-{i}#1", f"a{b}-{i}", event_date="2023-01-02", sub_event_type="Attack",
                         location=f"town {i % 7}")]) for i in range(20)]
        store.write(batch)
        store.release()
        print(b, flush=True)
        time.sleep(float(sys.argv[3]))
    store.close()
    """
)


def _writer(path: Path, batches: int, pause: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(batches), str(pause)], stdout=subprocess.PIPE, text=True
    )


def test_kill_9_mid_ingest_then_a_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    writer = _writer(path, 50, 0.0)
    assert writer.stdout is not None
    for _ in range(3):
        writer.stdout.readline()
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    with Store(path, read_only=True) as store:
        kept = store.count("articles")
        assert kept >= 60 and kept % 20 == 0  # whole batches only
    rerun = _writer(path, 50, 0.0)
    rerun.communicate()
    with Store(path, read_only=True) as store:
        assert (store.count("articles"), store.count("events"), store.count("changes")) == (1000, 1000, 1000)
        assert store.db.execute("SELECT count(DISTINCT cluster_id) FROM events").fetchone() == (7,)


def test_readers_and_the_api_work_while_an_ingest_runs_and_a_second_writer_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    writer = _writer(path, 30, 0.1)
    assert writer.stdout is not None
    writer.stdout.readline()  # the store exists
    try:
        api = TestClient(create_app(path), base_url="http://localhost")
        seen = []
        for _ in range(10):
            with Store(path, read_only=True) as store:
                seen.append(store.count("events"))
            r = api.get("/api/health")
            assert r.status_code == 200, r.text
            listed = runner.invoke(app, ["events", "--json", "--db", str(path)])
            assert listed.exit_code == 0, listed.stderr
            writer.stdout.readline()  # the next batch is committed
        assert seen == sorted(seen) and seen[-1] > seen[0]
        busy = runner.invoke(app, ["ingest", "--workers", "1", str(tmp_path), "--db", str(path)])
        assert busy.exit_code == 1 and busy.stderr.startswith(f"dateline: store is busy: {path}")
        assert len(busy.stderr.splitlines()) == 1
    finally:
        writer.communicate()
    with Store(path, read_only=True) as store:
        assert store.count("articles") == 600


def _fake(article: Article, limits: object = None) -> Analysis:
    """An analysis without the parser: one event per article, a toll that grows with its number."""
    n = int(article.id.rpartition("-")[2])
    event = Event(f"{article.id}#1", article.id, event_date=f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}",
                  sub_event_type="Attack", location=f"town {n % 500}", latitude=10 + n % 500 / 10, longitude=20.0,
                  fatalities=n % 5, source="The Ledger")  # fmt: skip
    return Analysis(article, [], [event])


def _corpus(n: int) -> Iterator[Article]:
    for i in range(n):
        yield Article(f"doc-{i}", f"Report {i}: " + "gunmen attacked the town. " * 8, published=date(2023, 1, 3))


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pipeline with a made-up analysis, in this process, reading its input lazily."""
    monkeypatch.setattr(pipeline, "safe_analyse", _fake)
    monkeypatch.setattr(local, "run", lambda fn, items, *a, **kw: map(fn, items))


def _peak(path: Path, n: int) -> int:
    tracemalloc.start()
    with Store(path) as store:
        for _ in pipeline.ingest_into(store, _corpus(n), workers=1, batch=200):
            pass
        assert store.count("articles") == n
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_memory_stays_flat_over_a_long_stream(tmp_path: Path, fast: None) -> None:
    small, large = _peak(tmp_path / "small.duckdb", 2_000), _peak(tmp_path / "large.duckdb", 20_000)
    assert large < 1.5 * small + 2_000_000, (small, large)  # ten times the articles, not ten times the memory


def test_a_store_error_mid_ingest_is_one_line_and_keeps_what_was_committed(
    tmp_path: Path, fast: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps({"id": f"doc-{i}", "text": f"Report {i}."}) + "\n" for i in range(300)))
    monkeypatch.setattr(pipeline, "BATCH", 100)
    write = Store._write
    calls = []

    def failing(self: Store, batch: list) -> list:
        calls.append(1)
        if len(calls) == 2:
            raise duckdb.IOException("IO Error: No space left on device")
        return write(self, batch)

    monkeypatch.setattr(Store, "_write", failing)
    result = runner.invoke(app, ["ingest", "--workers", "1", str(docs), "--db", str(tmp_path / "t.duckdb")])
    assert result.exit_code == 1 and not isinstance(result.exception, duckdb.Error)
    [line] = result.stderr.splitlines()
    assert line.startswith("dateline: cannot write the store: ") and "No space left on device" in line
    assert "committed before it: 100 stored" in line
    with Store(tmp_path / "t.duckdb", read_only=True) as store:
        assert store.count("articles") == 100


V2 = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
INSERT INTO meta VALUES ('schema', '2');
CREATE TABLE articles (id VARCHAR PRIMARY KEY, version INTEGER, hash VARCHAR, title VARCHAR, published DATE,
    published_source VARCHAR, dateline VARCHAR, wire VARCHAR, publisher VARCHAR, url VARCHAR, source VARCHAR,
    text VARCHAR, ingested_at TIMESTAMP);
CREATE TABLE events (event_id VARCHAR PRIMARY KEY, article_hash VARCHAR, cluster_id VARCHAR, article_id VARCHAR,
    event_date DATE, sub_event_type VARCHAR, location VARCHAR, fatalities INTEGER, control_change JSON);
CREATE TABLE evidence (event_id VARCHAR, article_id VARCHAR, field VARCHAR, "start" INTEGER, "end" INTEGER,
    text VARCHAR);
INSERT INTO articles (id, version, hash, published, text) VALUES ('a', 1, 'h', DATE '2023-01-05', 'A.'),
    ('b', 1, 'g', DATE '2023-01-02', 'B.');
INSERT INTO events VALUES ('a#1', 'h', 'a#1', 'a', DATE '2023-01-02', 'Attack', 'Kano', 4, 'null'),
    ('b#1', 'g', 'b#1', 'b', DATE '2023-01-02', 'Attack', 'Kano', 6, '{"place": "Kano", "from": "X", "to": "Y"}');
INSERT INTO evidence VALUES ('a#1', 'a', 'location', 0, 4, 'Kano'), ('a#1', 'a', 'fatalities', 5, 9, 'four');
"""


def test_a_store_of_schema_2_is_migrated_on_its_first_write(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    with duckdb.connect(str(path)) as db:
        db.execute(V2)
    with pytest.raises(StoreError, match="older dateline"):
        Store(path, read_only=True)
    with Store(path) as store:
        assert store.evidence("a#1") == [
            Evidence("a", "location", 0, 4, "Kano"),
            Evidence("a", "fatalities", 5, 9, "four"),
        ]
        assert store.count("evidence") == 2 and [e.event_id for e in store.events(control=True)] == ["b#1"]
        assert {e.event_id: e.cluster_id for e in store.events()} == {"a#1": "b#1", "b#1": "b#1"}  # b came first
    with Store(path, read_only=True) as store:
        [merged] = store.events(distinct=True)
        spread = merged.fatalities_range
        assert spread is not None and (spread.low.value, spread.best.value, spread.high.value) == (4, 4, 6)
        assert merged.fatalities == 4 and spread.low.article_id == "a"


def _cluster_store(path: Path) -> None:
    """Three reports of one strike with different tolls and precision, and one other event."""
    base = dict(event_date="2024-03-07", time_precision=1, event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike", iso3="SYR", country="Syria", location="Idlib", latitude=35.93,
                longitude=36.63)  # fmt: skip
    with Store(path) as store:
        store.write([
            (Article("r1", "One.", published=date(2024, 3, 7)), [], [
                Event("r1#1", "r1", **base, geo_precision=2, fatalities=5, source="Wire A")]),
            (Article("r2", "Two.", published=date(2024, 3, 8)), [], [
                Event("r2#1", "r2", **base, geo_precision=1, fatalities=9, source="Paper B")]),
            (Article("r3", "Three.", published=date(2024, 3, 9)), [], [
                Event("r3#1", "r3", **base, geo_precision=2, fatalities=12, source="Monitor C")]),
            (Article("r4", "Four.", published=date(2023, 1, 1)), [], [
                Event("r4#1", "r4", **{**base, "event_date": "2023-01-01", "iso3": "IRQ", "country": "Iraq"})]),
        ])  # fmt: skip


def test_one_row_per_cluster_keeps_the_best_report_and_the_tolls_with_their_sources(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    _cluster_store(path)
    with Store(path, read_only=True) as store:
        merged = [e for e in store.events(distinct=True) if e.cluster_id == "r1#1"]
        assert [e.event_id for e in merged] == ["r2#1"]  # the most precise place
        spread = merged[0].fatalities_range
        assert spread is not None and merged[0].fatalities == 5  # ACLED's conservative toll
        assert [(f.value, f.source, f.article_id) for f in (spread.low, spread.best, spread.high)] == [
            (5, "Wire A", "r1"), (12, "Monitor C", "r3"), (12, "Monitor C", "r3")]  # fmt: skip
    members = runner.invoke(app, ["events", "--json", "--cluster", "r1#1", "--db", str(path)])
    assert [json.loads(x)["event_id"] for x in members.stdout.splitlines()] == ["r1#1", "r2#1", "r3#1"]
    assert runner.invoke(app, ["events", "--cluster", "nothing", "--db", str(path)]).exit_code == 2
    out = tmp_path / "one.csv"
    assert runner.invoke(app, ["export", str(out), "--db", str(path)]).exit_code == 0
    rows = list(csv.DictReader(out.open(newline="", encoding="utf-8")))
    assert [(r["event_id"], r["cluster_id"], r["fatalities"]) for r in rows] == [
        ("r4#1", "r4#1", "0"),
        ("r2#1", "r1#1", "5"),
    ]
    assert json.loads(rows[1]["fatalities_range"])["best"] == {"value": 12, "source": "Monitor C", "article_id": "r3"}
    assert runner.invoke(app, ["export", str(out), "--all-reports", "--db", str(path)]).exit_code == 0
    assert len(list(csv.DictReader(out.open(newline="", encoding="utf-8")))) == 4


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl", "geojson"])
def test_duckdbs_export_writes_what_the_python_export_writes(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "t.duckdb"
    _cluster_store(path)
    with Store(path, read_only=True) as store:
        events = store.events()
        assert from_store(store, tmp_path / f"sql.{fmt}", all_reports=True, timestamp=1) == 4
    dateline.export(events, tmp_path / f"py.{fmt}")
    if fmt == "csv":
        to_csv(events, tmp_path / "py.csv", timestamp=1)
        read = [list(csv.DictReader((tmp_path / f"{n}.csv").open(newline="", encoding="utf-8"))) for n in ("sql", "py")]
        for a, b in zip(*read, strict=True):
            assert {**a, "fatalities_range": ""} == {**b, "fatalities_range": ""}
            assert (json.loads(a["fatalities_range"]) if a["fatalities_range"] else None) == (
                json.loads(b["fatalities_range"]) if b["fatalities_range"] else None)  # fmt: skip
    elif fmt == "parquet":
        to_parquet(events, tmp_path / "py.parquet", timestamp=1)
        sql, py = (pq.read_table(tmp_path / f"{n}.parquet") for n in ("sql", "py"))
        assert sql.column_names == py.column_names == COLUMNS
        drop = ("fatalities_range", "admin3", "tags", "assoc_actor_1", "assoc_actor_2")  # JSON text; all-null types
        assert sql.drop(drop).to_pylist() == py.drop(drop).to_pylist()
    elif fmt == "jsonl":
        lines = [[json.loads(x) for x in (tmp_path / f"{n}.jsonl").read_text().splitlines()] for n in ("sql", "py")]
        assert lines[0] == lines[1]
    else:
        assert json.loads((tmp_path / "sql.geojson").read_text()) == json.loads((tmp_path / "py.geojson").read_text())


def test_an_export_partitioned_by_year_is_a_folder_of_acled_csvs(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    _cluster_store(path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(out), "--partition", "year", "--all-reports", "--db", str(path)])
    assert result.exit_code == 0, result.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.csv"))
    assert files == ["year=2023/data_0.csv", "year=2024/data_0.csv"]
    rows = list(csv.DictReader((out / "year=2024" / "data_0.csv").open(newline="", encoding="utf-8")))
    assert list(rows[0])[:31] == ACLED_COLUMNS and len(rows) == 3
    bad = runner.invoke(app, ["export", str(tmp_path / "e.geojson"), "--partition", "year", "--db", str(path)])
    assert bad.exit_code == 2 and "cannot partition" in bad.stderr


def test_a_reading_command_given_no_store_says_so_and_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    for command in (["events"], ["export", str(tmp_path / "e.csv")], ["changes"], ["control", "Kano"]):
        result = runner.invoke(app, [*command, "--db", str(missing)])
        assert result.exit_code == 2 and result.stderr.splitlines() == [
            f"dateline: no store: {missing} (run `dateline ingest DOCS --db` first)"
        ]
        assert not missing.exists()
