"""The embedded DuckDB store: articles, mentions, events, evidence and rejected inputs, with their history.

An article is known by its id. The same id with new content (text, title or publication date) is a new version:
stored in one transaction that moves the old article to ``article_versions`` and every event it changed or dropped to
``event_versions``, and logs each new, updated and retracted event in ``changes``. Content already known (the
current version, an older one, or another id's) is skipped: re-runs converge.

The store knows model objects and SQL, nothing of the extractors; every query is parameterised. What cannot be opened
(a lock held by another process, a file that is not DuckDB) is a ``StoreError`` with a message for the operator.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from dateline.model import Article, Event, Evidence, Mention, Quantity, Rejected

SCHEMA_VERSION = 2
ARTICLE_COLUMNS = """id VARCHAR, version INTEGER, hash VARCHAR, title VARCHAR, published DATE,
    published_source VARCHAR, dateline VARCHAR, wire VARCHAR, publisher VARCHAR, url VARCHAR, source VARCHAR,
    text VARCHAR, ingested_at TIMESTAMP"""
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles ({ARTICLE_COLUMNS}, PRIMARY KEY (id));
CREATE TABLE IF NOT EXISTS article_versions ({ARTICLE_COLUMNS}, superseded_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS mentions (
    article_hash VARCHAR, article_id VARCHAR, event_id VARCHAR, section VARCHAR, sub_event_type VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER, trigger_start INTEGER, trigger_end INTEGER,
    trigger_text VARCHAR, confidence DOUBLE
);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY, article_hash VARCHAR, cluster_id VARCHAR, article_id VARCHAR,
    event_date DATE, time_precision INTEGER, event_type VARCHAR, sub_event_type VARCHAR,
    actor1 VARCHAR, assoc_actor_1 VARCHAR, inter1 INTEGER, actor2 VARCHAR, assoc_actor_2 VARCHAR,
    inter2 INTEGER, interaction INTEGER, civilian_targeting VARCHAR, iso3 VARCHAR, country VARCHAR,
    admin1 VARCHAR, admin2 VARCHAR, location VARCHAR, geonameid BIGINT, latitude DOUBLE, longitude DOUBLE,
    geo_precision INTEGER, source VARCHAR, source_scale VARCHAR, claim_sources VARCHAR[], wire VARCHAR,
    publisher VARCHAR, notes VARCHAR, fatalities INTEGER, quantities JSON, status VARCHAR,
    control_change JSON, confidence DOUBLE, reasons JSON
);
CREATE TABLE IF NOT EXISTS event_versions (
    event_id VARCHAR, article_id VARCHAR, version INTEGER, superseded_at TIMESTAMP, event JSON
);
CREATE TABLE IF NOT EXISTS evidence (
    event_id VARCHAR, article_id VARCHAR, field VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR
);
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

EVENT_COLUMNS = [f.name for f in fields(Event) if f.name != "evidence"]
JSON_COLUMNS = {"quantities", "control_change", "reasons"}

State = Literal["new", "updated", "unchanged"]
Outcome = Literal["stored", "updated", "unchanged"]
Kind = Literal["new", "updated", "retracted"]
# Events are listed by date (undated last), then id: their place in that order is (date or UNDATED, event_id).
UNDATED = "~"
EventKey = tuple[str, str]
SORT_KEY = f"coalesce(CAST(event_date AS VARCHAR), '{UNDATED}')"


class StoreError(Exception):
    """A store that cannot be opened or used, said for the operator: ``REASON: PATH``, and a hint."""

    def __init__(self, path: str, reason: str, hint: str | None = None) -> None:
        self.path, self.reason, self.hint = path, reason, hint
        super().__init__(self.message(path))

    def message(self, path: str) -> str:
        """The message, naming the store as ``path`` (the API names its file only)."""
        return f"{self.reason}: {path}" + (f" ({self.hint})" if self.hint else "")


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


def _event_row(event: Event, article_hash: str) -> list[Any]:
    """The event's row: its own cluster until dedup says otherwise."""
    row = asdict(event)
    row["cluster_id"] = event.cluster_id or event.event_id
    return [article_hash, *(json.dumps(row[c]) if c in JSON_COLUMNS else row[c] for c in EVENT_COLUMNS)]


def _event(row: dict[str, Any], evidence: list[Evidence]) -> Event:
    """The Event a row of the events table stores."""
    day = row["event_date"]
    return Event(
        **{
            **row,
            "event_date": day.isoformat() if day else None,
            "claim_sources": row["claim_sources"] or [],
            "quantities": [Quantity(**q) for q in json.loads(row["quantities"] or "[]")],
            "control_change": json.loads(row["control_change"] or "null"),
            "reasons": json.loads(row["reasons"] or "[]"),
            "evidence": evidence,
        }
    )


def _revived(stored: str) -> Event:
    """The Event a row of event_versions keeps as JSON."""
    d = json.loads(stored)
    return Event(
        **{
            **d,
            "quantities": [Quantity(**q) for q in d["quantities"]],
            "evidence": [Evidence(**v) for v in d["evidence"]],
        }
    )


def _changed(old: Event, new: Event) -> list[str]:
    """The fields in which two versions of an event differ; the dedup cluster is no content."""
    a, b = old.to_dict(), new.to_dict()
    return [k for k in a if k != "cluster_id" and a[k] != b[k]]


def _error(path: str, e: duckdb.Error) -> StoreError:
    """DuckDB's error on opening ``path``, as the operator should read it."""
    text = str(e)
    if "Could not set lock" in text:
        return StoreError(path, "database is locked by another process")
    if "not a valid DuckDB database" in text:
        return StoreError(path, "not a DuckDB database")
    if "database does not exist" in text:
        return StoreError(path, "no store", "run `dateline ingest DOCS --db` first")
    return StoreError(path, "cannot open the store", text.splitlines()[0])


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path != ":memory:":
        file = Path(path)
        if file.is_dir():
            raise StoreError(path, "a folder, not a DuckDB file")
        if read_only and not file.exists():
            raise StoreError(path, "no store", "run `dateline ingest DOCS --db` first")
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(path, "cannot create its folder", e.strerror) from e
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.Error as e:
        raise _error(path, e) from e


class Store:
    """A DuckDB file of articles and the events read from them; ``read_only`` opens one that exists and changes
    nothing, not even its tables.

    >>> with Store(":memory:") as db:
    ...     db.count("events")
    0
    """

    def __init__(self, path: str | Path = "dateline.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        self.tally = Tally()
        self.db = _connect(self.path, read_only)
        try:
            if read_only:
                self._check()
            else:
                self._create()
        except BaseException:
            self.db.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

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
        version = self._schema()
        if version == SCHEMA_VERSION:
            return
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(self.path, "a store of a newer dateline", f"schema {version}")
        with self._transaction():
            if version == 1:
                self._upgrade()
            self.db.execute(SCHEMA)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [str(SCHEMA_VERSION)])

    def _upgrade(self) -> None:
        """Schema 1 → 2: articles keyed by id and hashed with their title and date; an id stored twice keeps its
        latest row, the others become versions."""
        self.db.execute("ALTER TABLE articles RENAME TO articles_v1")
        self.db.execute(SCHEMA)
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

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.begin()
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def state(self, article: Article) -> State:
        """Whether the article is new, an update of the stored one of its id, or content already known: stored
        under its id or another, or an older version of its id (an old copy read again never rolls it back)."""
        h = content_hash(article)
        row = self.db.execute("SELECT hash FROM articles WHERE id = ?", [article.id]).fetchone()
        if row is None:
            same = self.db.execute("SELECT 1 FROM articles WHERE hash = ?", [h]).fetchone()
            return "unchanged" if same else "new"
        if row[0] == h:
            return "unchanged"
        old = self.db.execute("SELECT 1 FROM article_versions WHERE id = ? AND hash = ?", [article.id, h]).fetchone()
        return "unchanged" if old else "updated"

    def has(self, article: Article) -> bool:
        return self.state(article) == "unchanged"

    def add(self, article: Article, mentions: Sequence[Mention], events: Sequence[Event]) -> Outcome | Rejected:
        """Store one analysed article: "stored" when its id is new, "updated" when its id holds other content (in one
        transaction, the old version kept), "unchanged" (nothing written) when its content is stored already. Rows
        the store cannot take are rolled back and the article rejected, with the reason recorded."""
        state = self.state(article)
        if state == "unchanged":
            self.tally.unchanged += 1
            return "unchanged"
        try:
            with self._transaction():
                self._write(article, mentions, events)
        except duckdb.ConstraintException as e:
            return self.reject(Rejected(article.source or article.id, f"not stored: {e}"))
        if state == "updated":
            self.tally.updated += 1
            return "updated"
        self.tally.stored += 1
        return "stored"

    def _write(self, article: Article, mentions: Sequence[Mention], events: Sequence[Event]) -> None:
        """The article's rows, replacing its stored version, and the log of what that changed."""
        now, h = _now(), content_hash(article)
        row = self.db.execute("SELECT version FROM articles WHERE id = ?", [article.id]).fetchone()
        version = row[0] + 1 if row else 1
        old = {e.event_id: e for e in self._select(["article_id = ?"], [article.id])}
        new = {e.event_id: e for e in events}
        log: list[tuple[Kind, str, list[str]]] = []
        for event_id, event in new.items():
            if event_id not in old:
                log.append(("new", event_id, []))
            elif changed := _changed(old[event_id], event):
                log.append(("updated", event_id, changed))
        log += [("retracted", event_id, []) for event_id in old if event_id not in new]
        if row:
            self.db.execute("INSERT INTO article_versions SELECT *, ? FROM articles WHERE id = ?", [now, article.id])
            superseded = [[i, article.id, row[0], now, json.dumps(old[i].to_dict())] for _, i, _ in log if i in old]
            if superseded:
                self.db.executemany("INSERT INTO event_versions VALUES (?, ?, ?, ?, ?)", superseded)
            self.db.execute("DELETE FROM evidence WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [list(old)])
            for table, key in (("events", "article_id"), ("mentions", "article_id"), ("articles", "id")):
                self.db.execute(f"DELETE FROM {table} WHERE {key} = ?", [article.id])
        self.db.execute(
            "INSERT INTO articles (id, version, hash, title, published, published_source, dateline, wire, publisher,"
            " url, source, text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [article.id, version, h, article.title, article.published, article.published_source, article.dateline,
             article.wire, article.publisher, article.url, article.source, article.text, now],
        )  # fmt: skip
        cols = ", ".join(["article_hash", *EVENT_COLUMNS])
        marks = ", ".join("?" * (len(EVENT_COLUMNS) + 1))
        if events:
            self.db.executemany(f"INSERT INTO events ({cols}) VALUES ({marks})", [_event_row(e, h) for e in events])
        evidence = [[e.event_id, v.article_id, v.field, v.start, v.end, v.text] for e in events for v in e.evidence]
        if evidence:
            self.db.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?)", evidence)
        if mentions:
            self.db.executemany(
                "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [[h, m.article_id, m.event_id, m.section, m.sub_event_type, m.sentence.start, m.sentence.end,
                  m.trigger.start, m.trigger.end, m.trigger.text, m.confidence] for m in mentions],
            )  # fmt: skip
        if log:
            self.db.executemany(
                "INSERT INTO changes (changed_at, kind, event_id, article_id, version, fields)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [[now, kind, event_id, article.id, version, changed] for kind, event_id, changed in log],
            )

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
        """Record dedup results: event_id → cluster_id (the id of the cluster's first event)."""
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
        after: EventKey | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        """Stored events, oldest first (undated last), ``limit`` of them from the place ``after`` (EventKey) on;
        ``distinct`` keeps one event per dedup cluster, ``located`` those with coordinates, ``control`` those that
        change who holds a place."""
        where: list[str] = []
        params: list[Any] = []
        if country:
            where.append("(lower(country) = lower(?) OR upper(iso3) = upper(?))")
            params += [country, country]
        if event_type:
            where.append("(lower(event_type) = lower(?) OR lower(sub_event_type) = lower(?))")
            params += [event_type, event_type]
        if since:
            where.append("event_date >= CAST(? AS DATE)")
            params.append(since)
        if until:
            where.append("event_date <= CAST(? AS DATE)")
            params.append(until)
        if distinct:
            where.append("(cluster_id IS NULL OR cluster_id = event_id)")
        if located:
            where.append("latitude IS NOT NULL AND longitude IS NOT NULL")
        if control:
            where.append("control_change IS NOT NULL AND control_change != 'null'")
        if after is not None:  # any pair is a place in the order, whether or not an event is there
            where.append(f"({SORT_KEY} > ? OR ({SORT_KEY} = ? AND event_id > ?))")
            params += [after[0], after[0], after[1]]
        return self._select(where, params, limit)

    def event(self, event_id: str) -> Event | None:
        """One stored event by id."""
        found = self._select(["event_id = ?"], [event_id])
        return found[0] if found else None

    def _select(self, where: list[str], params: list[Any], limit: int | None = None) -> list[Event]:
        sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        sql += f" ORDER BY {SORT_KEY}, event_id" + (" LIMIT ?" if limit is not None else "")
        rows = self.db.execute(sql, params + ([limit] if limit is not None else [])).fetchall()
        rows = [dict(zip(EVENT_COLUMNS, r, strict=True)) for r in rows]
        evidence: dict[str, list[Evidence]] = {r["event_id"]: [] for r in rows}
        if rows:
            cur = self.db.execute(
                'SELECT event_id, article_id, field, "start", "end", text FROM evidence'
                " WHERE event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY rowid",
                [list(evidence)],
            )
            for event_id, *span in cur.fetchall():
                evidence[event_id].append(Evidence(*span))
        return [_event(row, evidence[row["event_id"]]) for row in rows]

    def evidence(self, event_id: str) -> list[Evidence]:
        """The event's evidence spans, in the order they were stored."""
        cur = self.db.execute(
            'SELECT article_id, field, "start", "end", text FROM evidence WHERE event_id = ? ORDER BY rowid',
            [event_id],
        )
        return [Evidence(*r) for r in cur.fetchall()]

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
