"""The embedded DuckDB store: articles, mentions, events (their evidence beside them), rejected inputs, history.

An article is known by its id. The same id with new content (text, title or publication date) is a new version:
stored in one transaction that moves the old article to ``article_versions`` and every event it changed or dropped to
``event_versions``, and logs each new, updated and retracted event in ``changes``. Content already known (the
current version, an older one, or another id's) is skipped: re-runs converge.

Writes come in batches (``write``), each one transaction with the dedup of what it added: only the batch's events
(and those of clusters it broke up) are compared, against candidates of their block that SQL finds. One process
writes (``Store(path)`` holds a lock on the file until it is closed: a second writer is told the store is busy);
``release`` closes the database between batches so that readers (``read_only``, any number) get in; both wait for
DuckDB's lock a bounded time. The schema is versioned; an older store is migrated on its first write.

The store knows model objects and SQL, nothing of the extractors; every query is parameterised. What cannot be opened
or written (a lock held by another process, a file that is not DuckDB, a full disk) is a ``StoreError`` with a
message for the operator.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa

from dateline import dedup
from dateline.model import Article, Event, Evidence, FatalityRange, Figure, Mention, Quantity, Rejected

SCHEMA_VERSION = 3
WAIT = 10.0  # seconds to wait for DuckDB's lock (a writer committing a batch, a reader reading) before giving up
ARTICLE_COLUMNS = """id VARCHAR, version INTEGER, hash VARCHAR, title VARCHAR, published DATE,
    published_source VARCHAR, dateline VARCHAR, wire VARCHAR, publisher VARCHAR, url VARCHAR, source VARCHAR,
    text VARCHAR, ingested_at TIMESTAMP"""
EVIDENCE_TYPE = 'STRUCT(article_id VARCHAR, field VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR)[]'
EVENTS = f"""(
    event_id VARCHAR PRIMARY KEY, article_hash VARCHAR, cluster_id VARCHAR, article_id VARCHAR,
    event_date DATE, time_precision INTEGER, event_type VARCHAR, sub_event_type VARCHAR,
    actor1 VARCHAR, assoc_actor_1 VARCHAR, inter1 INTEGER, actor2 VARCHAR, assoc_actor_2 VARCHAR,
    inter2 INTEGER, interaction INTEGER, civilian_targeting VARCHAR, iso3 VARCHAR, country VARCHAR,
    admin1 VARCHAR, admin2 VARCHAR, location VARCHAR, geonameid BIGINT, latitude DOUBLE, longitude DOUBLE,
    geo_precision INTEGER, source VARCHAR, source_scale VARCHAR, claim_sources VARCHAR[], wire VARCHAR,
    publisher VARCHAR, notes VARCHAR, fatalities INTEGER, quantities JSON, status VARCHAR,
    control_change JSON, confidence DOUBLE, reasons JSON, evidence {EVIDENCE_TYPE}
)"""
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles ({ARTICLE_COLUMNS}, PRIMARY KEY (id));
CREATE TABLE IF NOT EXISTS article_versions ({ARTICLE_COLUMNS}, superseded_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS mentions (
    article_hash VARCHAR, article_id VARCHAR, event_id VARCHAR, section VARCHAR, sub_event_type VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER, trigger_start INTEGER, trigger_end INTEGER,
    trigger_text VARCHAR, confidence DOUBLE
);
CREATE TABLE IF NOT EXISTS events {EVENTS};
CREATE TABLE IF NOT EXISTS event_versions (
    event_id VARCHAR, article_id VARCHAR, version INTEGER, superseded_at TIMESTAMP, event JSON
);
CREATE OR REPLACE VIEW evidence AS
    SELECT event_id, v.article_id, v.field, v."start", v."end", v.text FROM events, unnest(evidence) AS t(v);
CREATE SEQUENCE IF NOT EXISTS change_seq;
CREATE TABLE IF NOT EXISTS changes (
    seq BIGINT PRIMARY KEY DEFAULT nextval('change_seq'), changed_at TIMESTAMP, kind VARCHAR, event_id VARCHAR,
    article_id VARCHAR, version INTEGER, fields VARCHAR[]
);
CREATE TABLE IF NOT EXISTS rejected (
    source VARCHAR, reason VARCHAR, rejected_at TIMESTAMP DEFAULT current_timestamp
);
"""
TABLES = ("articles", "article_versions", "mentions", "events", "event_versions", "evidence", "changes", "rejected")
# content_hash in SQL, for stores of schema 1 (which hashed the text alone).
HASH_SQL = "sha256(sha256(text) || sha256(coalesce(title, '')) || sha256(coalesce(CAST(published AS VARCHAR), '')))"

EVENT_COLUMNS = [f.name for f in fields(Event) if f.name != "fatalities_range"]
JSON_COLUMNS = {"quantities", "control_change", "reasons"}
_SPAN = pa.struct([("article_id", pa.string()), ("field", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                   ("text", pa.string())])  # fmt: skip
INTEGERS = ("time_precision", "inter1", "inter2", "interaction", "geonameid", "geo_precision", "fatalities", "version",
            "sentence_start", "sentence_end", "trigger_start", "trigger_end")  # fmt: skip
# Arrow types of the columns a batch writes whose values Arrow would not infer (all None, or nested).
ARROW_TYPES: dict[str, pa.DataType] = {
    **{c: pa.string() for c in ("event_date", "published")},
    **{c: pa.int64() for c in INTEGERS},
    **{c: pa.float64() for c in ("latitude", "longitude", "confidence")},
    "claim_sources": pa.list_(pa.string()),
    "fields": pa.list_(pa.string()),
    "evidence": pa.list_(_SPAN),
    "ingested_at": pa.timestamp("us"),
    "changed_at": pa.timestamp("us"),
}

State = Literal["new", "updated", "unchanged"]
Outcome = Literal["stored", "updated", "unchanged"]
Kind = Literal["new", "updated", "retracted"]
Report = tuple[Article, Sequence[Mention], Sequence[Event]]  # one analysed article, as ``write`` takes it
# Events are listed by date (undated last), then id: their place in that order is (date or UNDATED, event_id).
UNDATED = "~"
EventKey = tuple[str, str]
SORT_KEY = f"coalesce(CAST(event_date AS VARCHAR), '{UNDATED}')"
# The report a cluster is known by (its id): the first published (undated last), then the smallest event id.
FIRST = "a.published NULLS LAST, e.event_id"
# The report the one-per-cluster view keeps: the most precise place, then date, then the latest report.
BEST = "e.geo_precision NULLS LAST, e.time_precision NULLS LAST, a.published DESC NULLS LAST, e.event_id"
SLACK_SQL = "CASE {0}.time_precision " + " ".join(f"WHEN {p} THEN {d}" for p, d in dedup.SLACK_DAYS.items())
SLACK_SQL += " ELSE 1 END"  # dedup's slack in days, for the events table as {0}
BLOCK_DEGREES = dedup.NEAR_KM / 111.0  # latitude cells a NEAR_KM circle spans at most one of each side of


class StoreError(Exception):
    """A store that cannot be opened or used, said for the operator: ``REASON: PATH``, and a hint."""

    def __init__(self, path: str, reason: str, hint: str | None = None) -> None:
        self.path, self.reason, self.hint = path, reason, hint
        super().__init__(self.message(path))

    def message(self, path: str) -> str:
        """The message, naming the store as ``path`` (the API names its file only)."""
        return f"{self.reason}: {path}" + (f" ({self.hint})" if self.hint else "")


LOCKED = "database is locked by another process"
BUSY = "store is busy"
MISSING = "no store"


@dataclass(slots=True)
class Tally:
    """What became of the inputs a store was given since it was opened."""

    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def __str__(self) -> str:
        return f"{self.stored} stored, {self.updated} updated, {self.unchanged} unchanged, {self.rejected} rejected"


@dataclass(frozen=True, slots=True)
class Change:
    """A change to the stored events: ``new``, ``updated`` (``fields`` names what changed) or ``retracted`` (the
    article's new version no longer has it), made by version ``version`` of article ``article_id``."""

    seq: int
    changed_at: str  # ISO 8601, UTC
    kind: Kind
    event_id: str
    article_id: str
    version: int
    fields: list[str]


def content_hash(article: Article) -> str:
    """What makes two versions of an article the same: its text, title and publication date."""
    parts = (article.text, article.title or "", article.published.isoformat() if article.published else "")
    return hashlib.sha256("".join(hashlib.sha256(p.encode()).hexdigest() for p in parts).encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _utc(moment: datetime) -> datetime:
    """A naive UTC time, as the store keeps them; a naive one is taken as UTC already, one past the years a
    datetime holds once in UTC (9999-12-31T23:00-01:00) as the end of them."""
    try:
        return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    except OverflowError:
        return datetime.max if moment.year > 1 else datetime.min


def _cell(event: Event, column: str) -> Any:
    """The event's value for a column of its row: a stored event is its own cluster until dedup says otherwise."""
    value = getattr(event, "event_id" if column == "cluster_id" else column)
    if column == "evidence":
        return [asdict(v) for v in value]
    if column == "control_change":
        return None if value is None else json.dumps(value, ensure_ascii=False)
    if column == "quantities":
        return json.dumps([asdict(q) for q in value], ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False) if column in JSON_COLUMNS else value


def _table(columns: dict[str, list[Any]]) -> pa.Table:
    return pa.table({c: pa.array(v, ARROW_TYPES.get(c)) for c, v in columns.items()})


def _figure(d: dict[str, Any] | None) -> Figure | None:
    return Figure(**d) if d else None


def _event(row: dict[str, Any]) -> Event:
    """The Event a row of the events table stores (with its cluster's tolls, when the query gave them)."""
    day = row["event_date"]
    low, best, high = (_figure(row.pop(k, None)) for k in ("low", "best", "high"))
    return Event(
        **{
            **row,
            "event_date": day.isoformat() if day else None,
            "claim_sources": row["claim_sources"] or [],
            "fatalities": row["fatalities"] or 0,
            "quantities": [Quantity(**q) for q in json.loads(row["quantities"] or "[]")],
            "control_change": json.loads(row["control_change"] or "null"),
            "reasons": json.loads(row["reasons"] or "[]"),
            "evidence": [Evidence(**v) for v in row["evidence"] or []],
            "fatalities_range": FatalityRange(low, best, high) if low and best and high else None,
        }
    )


def _revived(stored: str) -> Event:
    """The Event a row of event_versions keeps as JSON."""
    d = json.loads(stored)
    spread = d.get("fatalities_range")
    return Event(
        **{
            **d,
            "quantities": [Quantity(**q) for q in d["quantities"]],
            "evidence": [Evidence(**v) for v in d["evidence"]],
            "fatalities_range": FatalityRange(*(Figure(**spread[k]) for k in ("low", "best", "high")))
            if spread
            else None,
        }
    )


def _changed(old: Event, new: Event) -> list[str]:
    """The fields in which two versions of an event differ; the dedup cluster and its tolls are no content."""
    a, b = old.to_dict(), new.to_dict()
    return [k for k in a if k not in ("cluster_id", "fatalities_range") and a[k] != b[k]]


def _error(path: str, e: duckdb.Error) -> StoreError:
    """DuckDB's error on opening ``path``, as the operator should read it."""
    text = str(e)
    if "Could not set lock" in text:
        return StoreError(path, LOCKED)
    if "not a valid DuckDB database" in text:
        return StoreError(path, "not a DuckDB database")
    if "database does not exist" in text:
        return StoreError(path, MISSING, "run `dateline ingest DOCS --db` first")
    return StoreError(path, "cannot open the store", text.splitlines()[0])


def _connect(path: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """A connection, waiting up to ``wait`` seconds while another process holds DuckDB's lock."""
    if path != ":memory:":
        file = Path(path)
        if file.is_dir():
            raise StoreError(path, "a folder, not a DuckDB file")
        if read_only and not file.exists():
            raise StoreError(path, MISSING, "run `dateline ingest DOCS --db` first")
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(path, "cannot create its folder", e.strerror) from e
    deadline, pause = time.monotonic() + wait, 0.02
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as e:
            error = _error(path, e)
            if error.reason != LOCKED or time.monotonic() + pause > deadline:
                raise error from e
        time.sleep(pause)
        pause = min(2 * pause, 0.5)


def _parts(batch: Sequence[Report]) -> Iterator[list[int]]:
    """The batch's indexes in runs in which no article id or content repeats: each run's states are read at once."""
    part: list[int] = []
    seen: set[str] = set()
    for i, (article, _, _) in enumerate(batch):
        keys = {f"id:{article.id}", f"hash:{content_hash(article)}"}
        if seen & keys:
            yield part
            part, seen = [], set()
        part.append(i)
        seen |= keys
    if part:
        yield part


class Store:
    """A DuckDB file of articles and the events read from them; ``read_only`` opens one that exists and changes
    nothing, not even its tables. A writer holds the file's writer lock until ``close``; ``wait`` is how long to
    wait for DuckDB's lock.

    >>> with Store(":memory:") as db:
    ...     db.count("events")
    0
    """

    def __init__(
        self, path: str | Path = "dateline.duckdb", *, read_only: bool = False, wait: float | None = None
    ) -> None:
        self.path = str(path)
        self.read_only, self.wait = read_only, WAIT if wait is None else wait
        self.tally = Tally()
        self._lock: int | None = None
        self._db: duckdb.DuckDBPyConnection | None = None
        try:
            if not read_only:
                self._hold()
            self._db = _connect(self.path, read_only, self.wait)
            if not read_only and self._lock is None:
                self._hold()  # a new file: DuckDB made it
            self._check() if read_only else self._create()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _hold(self) -> None:
        """Take the writer lock (an flock on the file, apart from DuckDB's own locks): one writer at a time."""
        if self.path == ":memory:" or not Path(self.path).is_file():
            return
        fd = os.open(self.path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreError(self.path, BUSY, "another ingest is writing to it; try again when it ends") from None
        self._lock = fd

    @property
    def db(self) -> duckdb.DuckDBPyConnection:
        """The open connection, opened again after ``release``."""
        if self._db is None:
            self._db = _connect(self.path, self.read_only, self.wait)
        return self._db

    def release(self) -> None:
        """Close the database until it is next used (keeping the writer lock), so that readers get in."""
        if self._db is not None and self.path != ":memory:":
            self._db.close()
            self._db = None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._lock is not None:  # after DuckDB's connection: closing it drops this process's locks on the file
            os.close(self._lock)
            self._lock = None

    def _schema(self) -> int | None:
        """The store's schema version: None for an empty file, 1 for one written before versions were kept."""
        tables = {t for (t,) in self.db.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "meta" in tables:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            return int(row[0]) if row else None
        return 1 if "articles" in tables else None

    def _check(self) -> None:
        """Refuse a store this code cannot read as it is."""
        version = self._schema()
        if version is None:
            raise StoreError(self.path, "not a dateline store", "run `dateline ingest DOCS --db` to make one")
        if version < SCHEMA_VERSION:
            raise StoreError(self.path, "a store of an older dateline", "`dateline ingest DOCS --db` upgrades it")
        if version > SCHEMA_VERSION:
            raise StoreError(self.path, "a store of a newer dateline", f"schema {version}")

    def _create(self) -> None:
        """Make the tables of a new store, or migrate an older one step by step, in one transaction."""
        version = self._schema()
        if version == SCHEMA_VERSION:
            return
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(self.path, "a store of a newer dateline", f"schema {version}")
        with self._transaction():
            if version == 1:
                self._v1_to_v2()
            if version in (1, 2):
                self._v2_to_v3()
            self.db.execute(SCHEMA)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [str(SCHEMA_VERSION)])
            if version in (1, 2):
                self.db.execute("UPDATE events SET cluster_id = event_id")
                self._cluster([i for (i,) in self.db.execute("SELECT event_id FROM events").fetchall()])

    def _v1_to_v2(self) -> None:
        """Schema 1 → 2: articles keyed by id and hashed with their title and date; an id stored twice keeps its
        latest row, the others become versions."""
        self.db.execute("ALTER TABLE articles RENAME TO articles_v1")
        self.db.execute(f"CREATE TABLE articles ({ARTICLE_COLUMNS}, PRIMARY KEY (id))")
        self.db.execute(f"CREATE TABLE article_versions ({ARTICLE_COLUMNS}, superseded_at TIMESTAMP)")
        columns = "title, published, published_source, dateline, wire, publisher, url, source, text, ingested_at"
        self.db.execute(
            f"CREATE TEMP TABLE v1 AS SELECT *, {HASH_SQL} AS new_hash, row_number() OVER (PARTITION BY id ORDER BY"
            " ingested_at, hash) AS n, count(*) OVER (PARTITION BY id) AS of FROM articles_v1"
        )
        self.db.execute(f"INSERT INTO articles SELECT id, n, new_hash, {columns} FROM v1 WHERE n = of")
        self.db.execute(
            f"INSERT INTO article_versions SELECT id, n, new_hash, {columns}, ? FROM v1 WHERE n < of", [_now()]
        )
        for table in ("events", "mentions"):
            self.db.execute(f"UPDATE {table} SET article_hash = a.hash FROM articles a WHERE {table}.article_id = a.id")
        self.db.execute("DROP TABLE v1")
        self.db.execute("DROP TABLE articles_v1")

    def _v2_to_v3(self) -> None:
        """Schema 2 → 3: evidence kept beside its event (the table becomes a view), no control change stored as
        JSON null; the clusters are made again, each known by its first report."""
        kinds = dict(self.db.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
        present = [c for (c,) in self.db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position"
        ).fetchall() if c != "evidence"]  # fmt: skip
        spans = "[]"
        if kinds.get("evidence") == "BASE TABLE":
            self.db.execute(
                'CREATE TEMP TABLE spans AS SELECT event_id, list(struct_pack(article_id, field, "start", "end", text)'
                " ORDER BY rowid) AS spans FROM evidence GROUP BY event_id"
            )
            self.db.execute("DROP TABLE evidence")
            spans = "coalesce((SELECT spans FROM spans s WHERE s.event_id = e.event_id), [])"
        self.db.execute("ALTER TABLE events RENAME TO events_v2")
        self.db.execute(f"CREATE TABLE events {EVENTS}")
        cols = ", ".join(present)
        self.db.execute(
            f"INSERT INTO events ({cols}, evidence) SELECT {', '.join(f'e.{c}' for c in present)}, {spans}"
            " FROM events_v2 e"
        )
        if "control_change" in present:
            self.db.execute("UPDATE events SET control_change = NULL WHERE control_change = 'null'")
        self.db.execute("DROP TABLE events_v2")
        if spans != "[]":
            self.db.execute("DROP TABLE spans")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.begin()
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def states(self, articles: Sequence[Article]) -> list[State]:
        """Each article's state, read at once: "new", "updated" (its id holds other content) or "unchanged"
        (content already known: stored under its id or another, or an older version of its id, so that an old copy
        read again never rolls it back)."""
        return [s for s, _ in self._states(articles, [content_hash(a) for a in articles])]

    def _states(self, articles: Sequence[Article], hashes: list[str]) -> list[tuple[State, int]]:
        """(state, the version a write would give) of each article."""
        if not articles:
            return []
        ids = [a.id for a in articles]
        current = {i: (h, v) for i, h, v in self.db.execute(
            "SELECT id, hash, version FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchall()}  # fmt: skip
        known = {h for (h,) in self.db.execute(
            "SELECT hash FROM articles WHERE hash IN (SELECT unnest(?::VARCHAR[]))", [hashes]
        ).fetchall()}  # fmt: skip
        old = set(self.db.execute(
            "SELECT id, hash FROM article_versions WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchall())  # fmt: skip
        out: list[tuple[State, int]] = []
        for a, h in zip(articles, hashes, strict=True):
            if a.id not in current:
                out.append(("unchanged" if h in known else "new", 1))
            elif current[a.id][0] == h or (a.id, h) in old:
                out.append(("unchanged", current[a.id][1]))
            else:
                out.append(("updated", current[a.id][1] + 1))
        return out

    def state(self, article: Article) -> State:
        return self.states([article])[0]

    def has(self, article: Article) -> bool:
        return self.state(article) == "unchanged"

    def add(self, article: Article, mentions: Sequence[Mention], events: Sequence[Event]) -> Outcome | Rejected:
        """Store one analysed article: ``write`` of a batch of one."""
        return self.write([(article, mentions, events)])[0]

    def write(self, batch: Sequence[Report]) -> list[Outcome | Rejected]:
        """Store analysed articles in one transaction with the dedup of their events: "stored" for an id that is new,
        "updated" for an id that holds other content (the old version kept), "unchanged" (nothing written) for
        content stored already. When rows cannot be taken (an event id twice), the batch is rolled back and its
        articles written one by one, those the store cannot take rejected with the reason recorded. Any other
        DuckDB error rolls the batch back and is a StoreError: the batches before it stay."""
        try:
            try:
                with self._transaction():
                    outcomes = [o for part in _parts(batch) for o in self._write([batch[i] for i in part])]
            except duckdb.ConstraintException:
                outcomes = [self._alone(report) for report in batch]
        except duckdb.Error as e:
            raise StoreError(self.path, "cannot write the store", str(e).splitlines()[0]) from e
        for outcome in outcomes:
            if not isinstance(outcome, Rejected):
                setattr(self.tally, outcome, getattr(self.tally, outcome) + 1)
        return outcomes

    def _alone(self, report: Report) -> Outcome | Rejected:
        article = report[0]
        try:
            with self._transaction():
                return self._write([report])[0]
        except duckdb.ConstraintException as e:
            return self.reject(Rejected(article.source or article.id, f"not stored: {e}"))

    def _write(self, batch: Sequence[Report]) -> list[Outcome]:
        """The articles' rows (no id or content twice among them), replacing their stored versions, the log of what
        that changed, and the dedup of the events they add or disturb."""
        now, hashes = _now(), [content_hash(a) for a, _, _ in batch]
        states = self._states([a for a, _, _ in batch], hashes)
        todo = [(r, h, v) for r, h, (s, v) in zip(batch, hashes, states, strict=True) if s != "unchanged"]
        updated = [r[0].id for r, (s, _) in zip(batch, states, strict=True) if s == "updated"]
        old: dict[str, dict[str, Event]] = {}
        for e in self._select(["article_id IN (SELECT unnest(?::VARCHAR[]))"], [updated], ranges=False):
            old.setdefault(e.article_id, {})[e.event_id] = e
        log: list[tuple[Kind, str, str, int, list[str]]] = []
        superseded: list[tuple[str, str, int, str]] = []
        for (article, _, events), _, version in todo:
            before = old.get(article.id, {})
            new = {e.event_id: e for e in events}
            for event_id, event in new.items():
                if event_id not in before:
                    log.append(("new", event_id, article.id, version, []))
                elif changed := _changed(before[event_id], event):
                    log.append(("updated", event_id, article.id, version, changed))
            log += [("retracted", i, article.id, version, []) for i in before if i not in new]
            superseded += [(i, article.id, version - 1, json.dumps(e.to_dict())) for i, e in before.items()
                           if i not in new or _changed(e, new[i])]  # fmt: skip
        broken = {e.cluster_id for events in old.values() for e in events.values() if e.cluster_id}
        if updated:
            self.db.execute(
                "INSERT INTO article_versions SELECT *, ? FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                [now, updated],
            )
            for table, key in (("events", "article_id"), ("mentions", "article_id"), ("articles", "id")):
                self.db.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?::VARCHAR[]))", [updated])
        if superseded:
            self._insert("event_versions", {
                "event_id": [s[0] for s in superseded], "article_id": [s[1] for s in superseded],
                "version": [s[2] for s in superseded], "superseded_at": [now] * len(superseded),
                "event": [s[3] for s in superseded],
            })  # fmt: skip
        articles = [(r[0], h, v) for r, h, v in todo]
        self._insert("articles", {
            "id": [a.id for a, _, _ in articles], "version": [v for _, _, v in articles],
            "hash": [h for _, h, _ in articles], "title": [a.title for a, _, _ in articles],
            "published": [a.published.isoformat() if a.published else None for a, _, _ in articles],
            **{c: [getattr(a, c) for a, _, _ in articles]
               for c in ("published_source", "dateline", "wire", "publisher", "url", "source", "text")},
            "ingested_at": [now] * len(articles),
        })  # fmt: skip
        events = [(e, h) for (r, h, _) in todo for e in r[2]]
        self._insert("events", {
            "article_hash": [h for _, h in events],
            **{c: [_cell(e, c) for e, _ in events] for c in EVENT_COLUMNS},
        })  # fmt: skip
        mentions = [(m, h) for (r, h, _) in todo for m in r[1]]
        self._insert("mentions", {
            "article_hash": [h for _, h in mentions], "article_id": [m.article_id for m, _ in mentions],
            "event_id": [m.event_id for m, _ in mentions], "section": [m.section for m, _ in mentions],
            "sub_event_type": [m.sub_event_type for m, _ in mentions],
            "sentence_start": [m.sentence.start for m, _ in mentions],
            "sentence_end": [m.sentence.end for m, _ in mentions],
            "trigger_start": [m.trigger.start for m, _ in mentions],
            "trigger_end": [m.trigger.end for m, _ in mentions], "trigger_text": [m.trigger.text for m, _ in mentions],
            "confidence": [m.confidence for m, _ in mentions],
        })  # fmt: skip
        self._insert("changes", {
            "changed_at": [now] * len(log), "kind": [k for k, *_ in log], "event_id": [i for _, i, *_ in log],
            "article_id": [a for _, _, a, _, _ in log], "version": [v for *_, v, _ in log],
            "fields": [f for *_, f in log],
        })  # fmt: skip
        dirty = [e.event_id for e, _ in events]
        if broken:  # the clusters that lost a report are made again from what is left of them
            rest = self.db.execute(
                "UPDATE events SET cluster_id = event_id WHERE cluster_id IN (SELECT unnest(?::VARCHAR[]))"
                " RETURNING event_id",
                [sorted(broken)],
            ).fetchall()
            dirty += [i for (i,) in rest if i not in set(dirty)]
        self._cluster(dirty)
        outcome: dict[State, Outcome] = {"new": "stored", "updated": "updated", "unchanged": "unchanged"}
        return [outcome[s] for s, _ in states]

    def _insert(self, table: str, columns: dict[str, list[Any]]) -> None:
        """Rows given column by column, inserted in one statement through Arrow."""
        if not next(iter(columns.values())):
            return
        batch_rows = _table(columns)  # noqa: F841 -- read by DuckDB, which scans the local of that name
        cols = ", ".join(f'"{c}"' for c in columns)
        self.db.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM batch_rows")

    def _cluster(self, dirty: list[str]) -> None:
        """Dedup the ``dirty`` events (new ones, and those of clusters that lost a report), each in a cluster of its
        own so far: link them to the clusters of the candidates their block gives that ``dedup.same_event`` confirms,
        then name every cluster that changed after its first report."""
        if not dirty:
            return
        pairs = self._candidates(dirty)
        components = dedup.link(dirty, pairs)
        if not components:
            return
        nodes = sorted({n for members in components for n in members})
        first = dict(self.db.execute(
            f"SELECT e.event_id, row_number() OVER (ORDER BY {FIRST}) FROM events e LEFT JOIN articles a"
            " ON a.id = e.article_id WHERE e.event_id IN (SELECT unnest(?::VARCHAR[]))", [nodes]
        ).fetchall())  # fmt: skip
        old, new = [], []
        for members in components:
            head = min(members, key=first.__getitem__)
            old += [m for m in members if m != head]
            new += [head] * (len(members) - 1)
        self.db.execute(
            "UPDATE events SET cluster_id = m.new FROM (SELECT unnest(?::VARCHAR[]) AS old,"
            " unnest(?::VARCHAR[]) AS new) m WHERE events.cluster_id = m.old",
            [old, new],
        )

    def _candidates(self, dirty: list[str]) -> list[tuple[Event, Event, str]]:
        """(dirty event, candidate, the candidate's cluster) for every pair that may be the same happening: the same
        sub-event type, overlapping date windows, compatible actors, and the same GeoNames id, the same location
        name (where either has no coordinates) or a latitude cell next to the dirty event's within NEAR_KM (a little
        more, so that rounding never loses a pair: ``dedup.same_event`` decides). One pair per dirty event and
        cluster is enough: the nearest, which SQL's conditions (exact but for that margin) make the one to pass if
        any does."""
        cols = ["event_id", "article_id", "sub_event_type", "event_date", "time_precision", "actor1", "geonameid",
                "latitude", "longitude", "location"]  # fmt: skip
        pick = ", ".join(f"{s}.{c} AS {s}_{c}" for s in ("n", "c") for c in cols)
        same = (
            "c.sub_event_type IS NOT DISTINCT FROM n.sub_event_type AND c.event_id != n.event_id"
            " AND (n.event_date IS NULL OR c.event_date IS NULL OR (c.event_date - {c} <= n.event_date + {n}"
            " AND n.event_date - {n} <= c.event_date + {c}))"
            " AND (coalesce(n.actor1, '') = '' OR coalesce(c.actor1, '') = '' OR n.actor1 = c.actor1)"
        ).format(c=SLACK_SQL.format("c"), n=SLACK_SQL.format("n"))
        cell = f"CAST(floor(latitude / {BLOCK_DEGREES}) AS BIGINT)"
        km = (
            "2 * 6371.0 * asin(least(1, sqrt(pow(sin(radians(c.latitude - n.latitude) / 2), 2) + cos(radians("
            "n.latitude)) * cos(radians(c.latitude)) * pow(sin(radians(c.longitude - n.longitude) / 2), 2))))"
        )
        sql = f"""
            WITH n AS (SELECT *, {cell} AS cell FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))),
            nc AS (SELECT n.*, n.cell + d AS near_cell FROM n, range(-1, 2) AS t(d) WHERE n.latitude IS NOT NULL
                   AND n.longitude IS NOT NULL),
            c AS (SELECT *, {cell} AS cell FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL),
            pairs AS (
                SELECT {pick}, c.cluster_id, 0.0 AS gap FROM n JOIN events c ON c.geonameid = n.geonameid
                    WHERE n.geonameid IS NOT NULL AND n.geonameid != 0 AND {same}
                UNION ALL
                SELECT {pick}, c.cluster_id, 0.0 FROM n JOIN events c ON c.location IS NOT DISTINCT FROM n.location
                    WHERE (n.latitude IS NULL OR n.longitude IS NULL OR c.latitude IS NULL OR c.longitude IS NULL)
                    AND {same}
                UNION ALL
                SELECT {pick}, c.cluster_id, {km} FROM nc AS n JOIN c ON c.cell = n.near_cell
                    AND c.sub_event_type IS NOT DISTINCT FROM n.sub_event_type
                    WHERE {same} AND {km} <= {dedup.NEAR_KM} * 1.001
            )
            SELECT * EXCLUDE (gap) FROM pairs
            QUALIFY row_number() OVER (PARTITION BY n_event_id, cluster_id ORDER BY gap, c_event_id) = 1
        """
        rows = self.db.execute(sql, [dirty]).fetchall()
        k = len(cols)

        def event(values: Sequence[Any]) -> Event:
            d = dict(zip(cols, values, strict=True))
            return Event(**{**d, "event_date": d["event_date"].isoformat() if d["event_date"] else None})

        return [(event(r[:k]), event(r[k : 2 * k]), r[2 * k]) for r in rows]

    def skip(self, article: Article) -> None:
        """Count an input the caller found unchanged (``has``) and did not analyse."""
        self.tally.unchanged += 1

    def reject(self, rejected: Rejected) -> Rejected:
        """Record a rejected input; returns it."""
        self.db.execute(
            "INSERT INTO rejected (source, reason, rejected_at) VALUES (?, ?, ?)",
            [rejected.source, rejected.reason, _now()],
        )
        self.tally.rejected += 1
        return rejected

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(f"no table {table!r}")
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def set_clusters(self, clusters: dict[str, str]) -> None:
        """Record dedup results: event_id → cluster_id."""
        if not clusters:
            return
        self.db.execute(
            "UPDATE events SET cluster_id = m.cluster_id FROM (SELECT unnest(?::VARCHAR[]) AS event_id,"
            " unnest(?::VARCHAR[]) AS cluster_id) m WHERE events.event_id = m.event_id"
            " AND events.cluster_id IS DISTINCT FROM m.cluster_id",
            [list(clusters), list(clusters.values())],
        )

    def events(
        self,
        *,
        country: str | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        distinct: bool = False,
        located: bool = False,
        control: bool = False,
        cluster: str | None = None,
        after: EventKey | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        """Stored events, oldest first (undated last), ``limit`` of them from the place ``after`` (EventKey) on;
        ``distinct`` keeps one event per dedup cluster (the best-supported report among those that pass the
        filters), ``located`` those with coordinates, ``control`` those that change who holds a place, ``cluster``
        the reports of one cluster."""
        where, params = self.filters(country, event_type, since, until, located, control, cluster)
        return self._select(where, params, limit, distinct=distinct, after=after)

    @staticmethod
    def filters(
        country: str | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        located: bool = False,
        control: bool = False,
        cluster: str | None = None,
    ) -> tuple[list[str], list[Any]]:
        """The WHERE conditions (on the events table as ``e``) and parameters of ``events``' filters."""
        where: list[str] = []
        params: list[Any] = []
        if country:
            where.append("(lower(e.country) = lower(?) OR upper(e.iso3) = upper(?))")
            params += [country, country]
        if event_type:
            where.append("(lower(e.event_type) = lower(?) OR lower(e.sub_event_type) = lower(?))")
            params += [event_type, event_type]
        if since:
            where.append("e.event_date >= CAST(? AS DATE)")
            params.append(since)
        if until:
            where.append("e.event_date <= CAST(? AS DATE)")
            params.append(until)
        if located:
            where.append("e.latitude IS NOT NULL AND e.longitude IS NOT NULL")
        if control:
            where.append("e.control_change IS NOT NULL")
        if cluster is not None:
            where.append("e.cluster_id = ?")
            params.append(cluster)
        return where, params

    def event(self, event_id: str) -> Event | None:
        """One stored event by id."""
        found = self._select(["e.event_id = ?"], [event_id])
        return found[0] if found else None

    def control_events(self, geonameid: int | None = None) -> list[Event]:
        """The events that change who holds a place, with the fields a control timeline reads (id, article, date,
        place and the change): those at ``geonameid`` and those without one (matched by name later), or all of them
        when it is None. The few columns are what keeps it quick at any size."""
        cols = ["event_id", "article_id", "event_date", "geonameid", "location", "control_change"]
        sql = f"SELECT {', '.join(cols)} FROM events WHERE control_change IS NOT NULL"
        params: list[Any] = []
        if geonameid is not None:
            sql += " AND (geonameid = ? OR geonameid IS NULL)"
            params.append(geonameid)
        out = []
        for row in self.db.execute(sql + f" ORDER BY {SORT_KEY}, event_id", params).fetchall():
            d = dict(zip(cols, row, strict=True))
            day, change = d.pop("event_date"), json.loads(d.pop("control_change"))
            out.append(Event(**d, event_date=day.isoformat() if day else None, control_change=change))
        return out

    def recorded(self, geonameids: Sequence[int]) -> set[int]:
        """Those of the GeoNames ids that some stored control change is at."""
        rows = self.db.execute(
            "SELECT DISTINCT geonameid FROM events WHERE control_change IS NOT NULL"
            " AND geonameid IN (SELECT unnest(?::BIGINT[]))",
            [list(geonameids)],
        ).fetchall()
        return {g for (g,) in rows}

    def query(self, where: list[str], params: list[Any], *, distinct: bool = False, ranges: bool = True) -> str:
        """The SQL of the events ``where`` selects, in the events table's columns plus their cluster's tolls
        (``low``, ``best``, ``high``: null unless its reports differ), as ``e``; ``params`` are the filters'."""
        sql = "SELECT e.* FROM events e" + (" WHERE " + " AND ".join(where) if where else "")
        if distinct:
            sql = (
                "SELECT e.* FROM events e LEFT JOIN articles a ON a.id = e.article_id"
                + (" WHERE " + " AND ".join(where) if where else "")
                + f" QUALIFY row_number() OVER (PARTITION BY e.cluster_id ORDER BY {BEST}) = 1"
            )
        if not ranges:
            return sql
        figure = "struct_pack(value := e.fatalities, source := e.source, article_id := e.article_id)"
        return f"""
            WITH picked AS ({sql}),
            spread AS (
                SELECT e.cluster_id, first({figure} ORDER BY e.fatalities, {FIRST}) AS low,
                    first({figure} ORDER BY a.published DESC NULLS LAST, e.event_id DESC) AS best,
                    first({figure} ORDER BY e.fatalities DESC, {FIRST}) AS high
                FROM events e LEFT JOIN articles a ON a.id = e.article_id
                WHERE e.fatalities > 0 AND e.cluster_id IN (SELECT cluster_id FROM picked)
                GROUP BY e.cluster_id
                HAVING count(DISTINCT e.fatalities) > 1 AND count(DISTINCT e.article_id) > 1
            )
            SELECT p.* REPLACE ({"coalesce(s.low.value, p.fatalities)" if distinct else "p.fatalities"}
                AS fatalities), s.low, s.best, s.high
            FROM picked p LEFT JOIN spread s ON s.cluster_id = p.cluster_id"""

    def _select(
        self,
        where: list[str],
        params: list[Any],
        limit: int | None = None,
        *,
        distinct: bool = False,
        after: EventKey | None = None,
        ranges: bool = True,
    ) -> list[Event]:
        sql = self.query(where, params, distinct=distinct, ranges=ranges)
        order = f"coalesce(CAST(e.event_date AS VARCHAR), '{UNDATED}')"
        sql = f"SELECT * FROM ({sql}) e"
        params = list(params)
        if after is not None:  # any pair is a place in the order, whether or not an event is there
            sql += f" WHERE ({order} > ? OR ({order} = ? AND e.event_id > ?))"
            params += [after[0], after[0], after[1]]
        sql += f" ORDER BY {order}, e.event_id" + (" LIMIT ?" if limit is not None else "")
        cur = self.db.execute(sql, params + ([limit] if limit is not None else []))
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        return [_event({c: v for c, v in row.items() if c != "article_hash"}) for row in rows]

    def evidence(self, event_id: str) -> list[Evidence]:
        """The event's evidence spans, in the order they were stored."""
        row = self.db.execute("SELECT evidence FROM events WHERE event_id = ?", [event_id]).fetchone()
        return [Evidence(**v) for v in row[0]] if row and row[0] else []

    def articles(self, ids: Sequence[str]) -> dict[str, tuple[str | None, str | None, str]]:
        """The stored articles of these ids: id → (url, title, text)."""
        sql = "SELECT id, url, title, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))"
        cur = self.db.execute(sql, [list(ids)])
        return {i: (url, title, text or "") for i, url, title, text in cur.fetchall()}

    def sentences(self, event_id: str) -> list[tuple[int, int]]:
        """The (start, end) of the sentences that told the event's mentions."""
        cur = self.db.execute("SELECT sentence_start, sentence_end FROM mentions WHERE event_id = ?", [event_id])
        return cur.fetchall()

    def history(self, event_id: str) -> list[Event]:
        """The versions of an event that updates replaced or retracted, oldest first (the current one not among
        them)."""
        cur = self.db.execute(
            "SELECT event FROM event_versions WHERE event_id = ? ORDER BY version, superseded_at", [event_id]
        )
        return [_revived(e) for (e,) in cur.fetchall()]

    def changes(
        self, *, since: datetime | None = None, after: int | None = None, limit: int | None = None
    ) -> list[Change]:
        """Changes to the stored events, oldest first: those at or after ``since``, past the one numbered
        ``after``."""
        where, params = ["TRUE"], []
        if since is not None:
            where.append("changed_at >= ?")
            params.append(_utc(since))
        if after is not None:
            where.append("seq > ?")
            params.append(after)
        sql = "SELECT seq, changed_at, kind, event_id, article_id, version, fields FROM changes WHERE "
        sql += " AND ".join(where) + " ORDER BY seq" + (" LIMIT ?" if limit is not None else "")
        rows = self.db.execute(sql, params + ([limit] if limit is not None else [])).fetchall()
        return [
            Change(seq, at.replace(tzinfo=UTC).isoformat(), kind, event_id, article_id, version, list(changed or []))
            for seq, at, kind, event_id, article_id, version, changed in rows
        ]

    def rejected(self) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT source, reason FROM rejected ORDER BY rejected_at")
        return [{"source": s, "reason": r} for s, r in cur.fetchall()]
