"""The embedded DuckDB store: articles, mentions, events, evidence and rejected inputs.

The store knows model objects and SQL, nothing of the extractors; every query is parameterised.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import duckdb

from dateline.model import Article, Event, Evidence, Mention, Quantity, Rejected

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    hash VARCHAR PRIMARY KEY, id VARCHAR, title VARCHAR, published DATE, published_source VARCHAR,
    dateline VARCHAR, wire VARCHAR, publisher VARCHAR, url VARCHAR, source VARCHAR, text VARCHAR,
    ingested_at TIMESTAMP DEFAULT current_timestamp
);
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
CREATE TABLE IF NOT EXISTS evidence (
    event_id VARCHAR, article_id VARCHAR, field VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR
);
CREATE TABLE IF NOT EXISTS rejected (
    source VARCHAR, reason VARCHAR, rejected_at TIMESTAMP DEFAULT current_timestamp
);
"""

EVENT_COLUMNS = [f.name for f in fields(Event) if f.name != "evidence"]
JSON_COLUMNS = {"quantities", "control_change", "reasons"}


def content_hash(article: Article) -> str:
    return hashlib.sha256(article.text.encode("utf-8")).hexdigest()


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


class Store:
    """A DuckDB file of articles and the events read from them.

    >>> with Store(":memory:") as db:
    ...     db.count("events")
    0
    """

    def __init__(self, path: str | Path = "dateline.duckdb") -> None:
        self.path = str(path)
        self.db = duckdb.connect(self.path)
        self.db.execute(SCHEMA)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def has(self, article: Article) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE hash = ?", [content_hash(article)]).fetchone() is not None

    def add(self, article: Article, mentions: Sequence[Mention], events: Sequence[Event]) -> bool:
        """Store one analysed article; False (and nothing written) when the same text is already stored."""
        if self.has(article):
            return False
        h = content_hash(article)
        self.db.begin()
        self.db.execute(
            "INSERT INTO articles (hash, id, title, published, published_source, dateline, wire, publisher, url,"
            " source, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [h, article.id, article.title, article.published, article.published_source, article.dateline,
             article.wire, article.publisher, article.url, article.source, article.text],
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
        self.db.commit()
        return True

    def reject(self, rejected: Rejected) -> None:
        self.db.execute("INSERT INTO rejected (source, reason) VALUES (?, ?)", [rejected.source, rejected.reason])

    def count(self, table: str) -> int:
        if table not in {"articles", "mentions", "events", "evidence", "rejected"}:
            raise ValueError(f"no table {table!r}")
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def set_clusters(self, clusters: dict[str, str]) -> None:
        """Record dedup results: event_id → cluster_id (the id of the cluster's first event)."""
        self.db.executemany(
            "UPDATE events SET cluster_id = ? WHERE event_id = ?", [[c, e] for e, c in clusters.items()]
        )

    def events(
        self,
        *,
        country: str | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        distinct: bool = False,
    ) -> list[Event]:
        """Stored events, oldest first; ``distinct`` keeps one event per dedup cluster."""
        where, params = [], []
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
        sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        cur = self.db.execute(sql + " ORDER BY event_date, event_id", params)
        rows = [dict(zip(EVENT_COLUMNS, r, strict=True)) for r in cur.fetchall()]
        return [_event(row, self.evidence(row["event_id"])) for row in rows]

    def evidence(self, event_id: str) -> list[Evidence]:
        """The event's evidence spans, in the order they were stored."""
        cur = self.db.execute(
            'SELECT article_id, field, "start", "end", text FROM evidence WHERE event_id = ? ORDER BY rowid',
            [event_id],
        )
        return [Evidence(*r) for r in cur.fetchall()]

    def rejected(self) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT source, reason FROM rejected ORDER BY rejected_at")
        return [{"source": s, "reason": r} for s, r in cur.fetchall()]
