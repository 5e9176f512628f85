"""The store under repeats, updates, empty batches and operational faults: nothing crashes, nothing is lost, every
input is counted, every old version is kept."""

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
from click.testing import Result
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import dateline
from dateline import store as store_module
from dateline.api.app import create_app
from dateline.cli import app
from dateline.model import Article, Event, Evidence, Quantity, Rejected
from dateline.store import Store, StoreError, content_hash

TEXT = "Gunmen attacked Kano market on Monday, killing four traders."


def _article(text: str = TEXT, id_: str = "kano", **kw: object) -> Article:
    return Article(id_, text, published=date(2023, 2, 6), title="Kano attack", source=f"{id_}.txt", **kw)  # type: ignore[arg-type]


def _event(n: int, article_id: str = "kano", **kw: object) -> Event:
    base = Event(
        event_id=f"{article_id}#{n}", article_id=article_id, event_date="2023-02-06", sub_event_type="Attack",
        location="Kano", fatalities=4, quantities=[Quantity(4, "traders killed", 41, 45)],
        evidence=[Evidence(article_id, "location", 16, 20, "Kano")],
    )  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


def _kinds(store: Store) -> list[tuple[str, str, list[str]]]:
    return [(c.kind, c.event_id, c.fields) for c in store.changes()]


def test_same_id_with_new_content_is_a_version(tmp_path: Path) -> None:
    with Store(tmp_path / "t.duckdb") as store:
        first = [_event(1), _event(2, location="Kano market")]
        assert store.add(_article(), [], first) == "stored"
        second = [_event(1, fatalities=6), _event(3, location="Zaria")]
        assert store.add(_article(TEXT.replace("four", "six")), [], second) == "updated"
        assert [replace(e, cluster_id=None) for e in store.events()] == second
        history = {i: [replace(e, cluster_id=None) for e in store.history(i)] for i in ("kano#1", "kano#2")}
        assert history == {"kano#1": [first[0]], "kano#2": [first[1]]}
        assert store.history("kano#3") == []
        assert store.db.execute("SELECT id, version, text FROM articles").fetchall() == [
            ("kano", 2, TEXT.replace("four", "six"))
        ]
        assert store.db.execute("SELECT id, version, text FROM article_versions").fetchall() == [("kano", 1, TEXT)]
        assert _kinds(store) == [
            ("new", "kano#1", []),
            ("new", "kano#2", []),
            ("updated", "kano#1", ["fatalities"]),
            ("new", "kano#3", []),
            ("retracted", "kano#2", []),
        ]
        assert [c.version for c in store.changes()] == [1, 1, 2, 2, 2]
        assert store.evidence("kano#2") == [] and store.evidence("kano#3") == second[1].evidence
        assert (store.tally.stored, store.tally.updated) == (1, 1)


def test_identical_content_is_unchanged_and_title_or_date_make_a_version(tmp_path: Path) -> None:
    with Store(tmp_path / "t.duckdb") as store:
        store.add(_article(), [], [_event(1)])
        assert store.add(_article(url="https://example.org/other"), [], [_event(1, fatalities=9)]) == "unchanged"
        assert store.add(_article(id_="copy"), [], [_event(1, "copy")]) == "unchanged"  # the same text elsewhere
        assert (store.count("articles"), store.count("events"), store.count("changes")) == (1, 1, 1)
        assert store.events()[0].fatalities == 4
        assert store.state(replace(_article(), title="Kano market attack")) == "updated"
        assert store.state(replace(_article(), published=date(2023, 2, 7))) == "updated"
        assert store.add(replace(_article(), title="Kano market attack"), [], [_event(1)]) == "updated"
        assert store.count("event_versions") == 0  # its one event did not change: no version, no change logged
        assert store.count("changes") == 1 and store.count("article_versions") == 1
        assert str(store.tally) == "1 stored, 1 updated, 2 unchanged, 0 rejected"


def test_an_old_copy_read_again_is_unchanged(tmp_path: Path) -> None:
    """A feed mirror serving an item's first version after its update: the article is not rolled back."""
    with Store(tmp_path / "t.duckdb") as store:
        assert [store.add(_article(t), [], [_event(1)]) for t in (TEXT, TEXT + " Police said.", TEXT)] == [
            "stored", "updated", "unchanged"
        ]  # fmt: skip
        assert store.db.execute("SELECT version, text FROM articles").fetchall() == [(2, TEXT + " Police said.")]
        assert store.count("article_versions") == 1 and store.has(_article())


def test_rows_the_store_cannot_take_are_rolled_back_and_rejected(tmp_path: Path) -> None:
    with Store(tmp_path / "t.duckdb") as store:
        store.add(_article(), [], [_event(1)])
        twice = [_event(1, fatalities=5), _event(1, fatalities=7)]  # one event id twice
        outcome = store.add(_article(TEXT + " More."), [], twice)
        assert isinstance(outcome, Rejected) and outcome.source == "kano.txt" and "not stored" in outcome.reason
        assert store.db.execute("SELECT version, text FROM articles").fetchall() == [(1, TEXT)]
        assert [e.fatalities for e in store.events()] == [4] and store.count("article_versions") == 0
        assert store.rejected() == [{"source": "kano.txt", "reason": outcome.reason}]
        assert store.add(_article(id_="zaria"), [], [_event(1, "zaria")]) == "unchanged"  # same text as kano
        assert store.add(_article("Other text.", id_="zaria"), [], [_event(1, "zaria")]) == "stored"
        assert str(store.tally) == "2 stored, 0 updated, 1 unchanged, 1 rejected"


def test_ingest_into_counts_every_input_of_a_batch_with_a_repeated_id(tmp_path: Path) -> None:
    """A repeated JSONL id, an RSS item updated under its guid: the later content is an update, nothing crashes."""
    docs = tmp_path / "docs.jsonl"
    maiduguri = "Boko Haram fighters attacked a military base near Maiduguri on Monday, killing {} soldiers."
    docs.write_text(
        "\n".join(
            f'{{"id": "m", "text": "{maiduguri.format(n)}", "published": "2023-03-02"}}' for n in ("four", "six", "six")
        )
        + "\nnot json\n"
    )
    with Store(tmp_path / "t.duckdb") as store:
        results = list(dateline.ingest_into(store, list(dateline.read([docs])), workers=1))
        assert len(results) == 4 and sum(isinstance(r, Rejected) for r in results) == 1
        assert str(store.tally) == "1 stored, 1 updated, 1 unchanged, 1 rejected"
        assert [e.fatalities for e in store.events()] == [6] and store.history("m#1")[0].fatalities == 4
        assert store.count("rejected") == 1
        again = list(dateline.ingest_into(store, list(dateline.read([docs])), workers=1))  # a re-run converges
        assert len(again) == 4 and str(store.tally) == "1 stored, 1 updated, 4 unchanged, 2 rejected"
        assert [e.fatalities for e in store.events()] == [6] and store.count("article_versions") == 1


def test_empty_batches_store_nothing_and_do_not_crash(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "emoji.txt").write_text("🙂🙂🙂\n")
    for n, docs in enumerate([[], [tmp_path / "missing.txt"], [tmp_path / "empty.txt"], [tmp_path / "emoji.txt"]]):
        with Store(tmp_path / f"new{n}.duckdb") as store:
            results = list(dateline.ingest_into(store, list(dateline.read(docs)), workers=1))
            assert len(results) == len(docs) and store.count("events") == 0
            tally = store.tally
            assert tally.stored + tally.updated + tally.unchanged + tally.rejected == len(docs)
            assert store.count("rejected") == tally.rejected
    with Store(tmp_path / "t.duckdb") as store:
        store.set_clusters({})
        assert store.add(_article("🙂"), [], []) == "stored" and store.count("changes") == 0


V1 = """
CREATE TABLE articles (
    hash VARCHAR PRIMARY KEY, id VARCHAR, title VARCHAR, published DATE, published_source VARCHAR,
    dateline VARCHAR, wire VARCHAR, publisher VARCHAR, url VARCHAR, source VARCHAR, text VARCHAR,
    ingested_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE events (event_id VARCHAR PRIMARY KEY, article_hash VARCHAR, cluster_id VARCHAR, article_id VARCHAR);
CREATE TABLE mentions (article_hash VARCHAR, article_id VARCHAR, event_id VARCHAR);
CREATE TABLE rejected (source VARCHAR, reason VARCHAR, rejected_at TIMESTAMP DEFAULT current_timestamp);
INSERT INTO articles (hash, id, title, published, text) VALUES
    ('h1', 'kano', 'Kano attack', DATE '2023-02-06', 'Gunmen attacked Kano market on Monday, killing four traders.'),
    ('h0', 'zaria', NULL, NULL, 'An older text of zaria.'),
    ('h2', 'zaria', NULL, NULL, 'Zaria: a second row of one id.');
UPDATE articles SET ingested_at = TIMESTAMP '2020-01-01' WHERE hash = 'h0';
INSERT INTO events VALUES ('kano#1', 'h1', 'kano#1', 'kano');
INSERT INTO mentions VALUES ('h1', 'kano', 'kano#1');
"""


def test_a_store_of_schema_1_is_upgraded_on_its_first_write(tmp_path: Path) -> None:
    """Articles keyed by a hash of their text alone, no history: opened read-only it is refused with a hint, opened
    to write it is upgraded, its articles then unchanged when read again."""
    path = tmp_path / "v1.duckdb"
    with duckdb.connect(str(path)) as db:
        db.execute(V1)
    with pytest.raises(StoreError, match=r"older dateline: .*v1\.duckdb.*upgrades it"):
        Store(path, read_only=True)
    with Store(path) as store:
        assert store.has(_article()) and store.count("articles") == 2
        assert store.db.execute("SELECT id, version FROM articles ORDER BY id").fetchall() == [
            ("kano", 1),
            ("zaria", 2),
        ]
        assert store.db.execute("SELECT id, version, text FROM article_versions").fetchall() == [
            ("zaria", 1, "An older text of zaria.")
        ]
        assert store.db.execute("SELECT DISTINCT article_hash FROM events").fetchall() == [(content_hash(_article()),)]
    with Store(path, read_only=True) as store:
        assert store.count("events") == 1


def test_read_only_changes_nothing_and_refuses_what_is_no_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store: .*none\.duckdb"):
        Store(tmp_path / "none.duckdb", read_only=True)
    assert not (tmp_path / "none.duckdb").exists()
    bare = tmp_path / "bare.duckdb"
    duckdb.connect(str(bare)).close()
    with pytest.raises(StoreError, match=r"not a dateline store: .*bare\.duckdb"):
        Store(bare, read_only=True)
    with duckdb.connect(str(bare)) as db:
        assert db.execute("SELECT count(*) FROM information_schema.tables").fetchone() == (0,)


def test_opening_errors_name_the_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    with pytest.raises(StoreError, match=r"not a DuckDB database: .*notes\.txt$"):
        Store(text)
    assert text.read_text() == "not a database\n"
    with pytest.raises(StoreError, match="a folder, not a DuckDB file"):
        Store(tmp_path)
    with Store(tmp_path / "new" / "folder" / "t.duckdb") as store:  # a missing folder is made
        assert store.count("articles") == 0


def test_a_store_locked_by_another_process_is_said_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "WAIT", 0.3)  # how long a store waits for the lock before it says so
    path = tmp_path / "t.duckdb"
    hold = f"import duckdb; db = duckdb.connect({str(path)!r}); print('ready', flush=True); input()"
    holder = subprocess.Popen([sys.executable, "-c", hold], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        for read_only in (False, True):
            with pytest.raises(StoreError) as e:
                Store(path, read_only=read_only)
            assert str(e.value) == f"database is locked by another process: {path}"
    finally:
        holder.communicate("\n")
    with Store(path) as store:
        assert store.count("events") == 0


def test_changes_since_a_time(tmp_path: Path) -> None:
    with Store(tmp_path / "t.duckdb") as store:
        store.add(_article(), [], [_event(1)])
        store.add(_article(TEXT + " Police said."), [], [_event(1, fatalities=5)])
        first, second = store.changes()
        assert (first.kind, second.kind, second.fields) == ("new", "updated", ["fatalities"])
        assert store.changes(since=datetime.fromisoformat(second.changed_at)) == [second]
        assert store.changes(since=datetime.fromisoformat(second.changed_at).replace(tzinfo=None)) == [second]
        assert store.changes(since=datetime.fromisoformat(first.changed_at).astimezone(UTC)) == [first, second]
        assert store.changes(after=first.seq) == [second] and store.changes(limit=1) == [first]


MAIDUGURI = "Boko Haram fighters attacked a military base near Maiduguri on Monday, killing {} soldiers."


def _docs(path: Path, toll: str) -> Path:
    path.write_text(f'{{"id": "m", "text": "{MAIDUGURI.format(toll)}", "published": "2023-03-02"}}\nnot json\n')
    return path


def _invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert not isinstance(result.exception, Exception), result.exception  # an exit status, never a traceback
    return result


def test_ingest_counts_every_input_and_changes_lists_what_an_update_did(tmp_path: Path) -> None:
    db = str(tmp_path / "new" / "folder" / "t.duckdb")  # a folder that does not exist yet
    docs = tmp_path / "docs.jsonl"
    for toll, summary in [
        ("four", "1 stored, 0 updated, 0 unchanged, 1 rejected; 1 articles, 1 events in "),
        ("six", "0 stored, 1 updated, 0 unchanged, 1 rejected; 1 articles, 1 events in "),
        ("six", "0 stored, 0 updated, 1 unchanged, 1 rejected; 1 articles, 1 events in "),
    ]:
        result = _invoke("ingest", "--workers", "1", str(_docs(docs, toll)), "--db", db)
        assert result.exit_code == 1 and f"{summary}{db}" in result.stderr  # 1: the line that is not JSON
    listed = [json.loads(line) for line in _invoke("changes", "--json", "--db", db).stdout.splitlines()]
    assert [(c["kind"], c["event_id"], c["version"]) for c in listed] == [("new", "m#1", 1), ("updated", "m#1", 2)]
    assert "fatalities" in listed[1]["fields"] and "cluster_id" not in listed[1]["fields"]
    since = _invoke("changes", "--json", "--since", listed[1]["changed_at"], "--db", db).stdout.splitlines()
    assert [json.loads(line) for line in since] == listed[1:]
    table = _invoke("changes", "--since", "2000-01-01", "--db", db)
    assert table.exit_code == 0 and "2 changes" in table.stdout and "fatalities" in table.stdout
    assert _invoke("changes", "--since", "yesterday", "--db", db).exit_code == 2
    api = TestClient(create_app(db), base_url="http://localhost")
    assert api.get("/api/changes").json() == {"changes": listed, "next": None}
    assert api.get("/api/changes", params={"since": listed[1]["changed_at"]}).json()["changes"] == listed[1:]


def test_an_ingest_of_nothing_stores_nothing_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "emoji.txt").write_text("🙂🙂🙂\n")
    for n, doc in enumerate(["empty.txt", "emoji.txt"]):  # a missing path alone is a usage error (exit 2)
        db = str(tmp_path / "new" / f"{n}.duckdb")
        result = _invoke("ingest", "--workers", "1", str(tmp_path / doc), "--db", db)
        assert "; 0 articles, 0 events in" in result.stderr or "; 1 articles, 0 events in" in result.stderr, doc
        assert "executemany" not in result.stderr and Path(db).is_file()


def test_a_store_that_cannot_be_opened_ends_each_command_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "WAIT", 0.3)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    doc = _docs(tmp_path / "docs.jsonl", "four")
    commands = [
        ["ingest", str(doc)], ["events"], ["export", str(tmp_path / "out.csv")], ["control", "Maiduguri"],
        ["changes"], ["serve"],
    ]  # fmt: skip
    for command in commands:
        result = _invoke(*command, "--db", str(notes))
        assert result.exit_code == 1 and result.stderr == f"dateline: not a DuckDB database: {notes}\n", command
        missing = tmp_path / "missing.duckdb"
        if command[0] != "ingest":  # the commands that read never make a store
            result = _invoke(*command, "--db", str(missing))
            assert result.exit_code == 2 and f"no store: {missing}" in result.stderr and not missing.exists()
    assert notes.read_text() == "not a database\n" and not (tmp_path / "out.csv").exists()
    locked = tmp_path / "t.duckdb"
    hold = f"import duckdb; db = duckdb.connect({str(locked)!r}); print('ready', flush=True); input()"
    holder = subprocess.Popen([sys.executable, "-c", hold], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        for command in (["ingest", str(doc)], ["events"], ["changes"]):
            result = _invoke(*command, "--db", str(locked))
            assert result.exit_code == 1
            assert result.stderr == f"dateline: database is locked by another process: {locked}\n"
    finally:
        holder.communicate("\n")
