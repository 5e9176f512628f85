"""``dateline eval``: run extract on gold-coded articles (the seed's gold format) and score it.

A gold event is found when one system event has its sub-event type, lies within 25 km of its place (or in
its country, for a region-level gold with no GeoNames id), carries its date at its precision, and names a
compatible actor1. Field precision and recall are counted over every gold and system event.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rich.table import Table

from dateline import ingest, pipeline
from dateline.dedup import km
from dateline.model import Article

NEAR_KM = 25.0
FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "location", "event_date", "fatalities")
_STOP = {"of", "the", "and", "in", "al", "forces"}


@dataclass(frozen=True, slots=True)
class Gold:
    path: Path
    data: dict[str, Any]

    @property
    def article_ref(self) -> str:
        return self.data["article"]


@dataclass(slots=True)
class Report:
    rows: list[tuple[str, str, str, bool]] = field(default_factory=list)  # article, gold id, level, found
    traps: list[str] = field(default_factory=list)
    correct: dict[str, int] = field(default_factory=dict)
    predicted: dict[str, int] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)

    def found(self, level: str) -> tuple[int, int]:
        hits = [r[3] for r in self.rows if r[2] == level]
        return sum(hits), len(hits)

    def precision_recall(self, name: str) -> tuple[float, float]:
        """The field's precision and recall over every event (0 where nothing was predicted or expected)."""
        correct = self.correct.get(name, 0)
        predicted, expected = self.predicted.get(name), self.expected.get(name)
        return (correct / predicted if predicted else 0.0), (correct / expected if expected else 0.0)

    @property
    def must_found(self) -> int:
        return self.found("must")[0]

    @property
    def must_total(self) -> int:
        return self.found("must")[1]


def gold_files(paths: Sequence[Path]) -> list[Gold]:
    """Gold JSON files named directly or found in folders (recursively)."""
    files: list[Path] = []
    for p in paths:
        files += sorted(p.rglob("*.json")) if p.is_dir() else [p]
    golds = []
    for f in files:
        try:
            golds.append(Gold(f, json.loads(f.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            reason = e.strerror if isinstance(e, OSError) else str(e)
            raise ValueError(f"{f}: not a gold file: {reason}") from None
    return golds


def article_for(gold: Gold) -> Article:
    """The article a gold codes: ``name`` beside the gold folder, or ``file#id`` for one document of a
    JSONL or feed file (by id or 1-based position)."""
    name, _, key = gold.article_ref.partition("#")
    base = gold.path.parent
    path = next((d / name for d in (base, base.parent) if (d / name).exists()), base / name)
    articles = [a for a in ingest.read([path]) if isinstance(a, Article)]
    if not articles:
        raise ValueError(f"{gold.path}: no document at {path}")
    if not key:
        return articles[0]
    for n, a in enumerate(articles, 1):
        if key in (a.id, str(n), a.url):
            return a
    raise ValueError(f"{gold.path}: no document {key!r} in {path}")


def _words(name: str | None) -> set[str]:
    name = re.sub(r"\(.*?\)|^[A-Z]+:\s*", " ", name or "").lower()
    return {w for w in re.findall(r"[a-z]+", name) if w not in _STOP and len(w) > 1}


def same_actor(system: str | None, gold: dict[str, Any], key: str) -> bool:
    s = _words(system)
    for name in [gold.get(key), *gold.get(f"{key}_aliases", [])]:
        g = _words(name)
        if s and g and (s == g or (min(len(s), len(g)) >= 1 and (s <= g or g <= s))):
            return True
    return False


def same_place(e: dict[str, Any], g: dict[str, Any]) -> bool:
    if g.get("geonameid") and str(e.get("geonameid")) == str(g["geonameid"]):
        return True
    if g.get("latitude") is not None and e.get("latitude") is not None:
        return km((e["latitude"], e["longitude"]), (g["latitude"], g["longitude"])) <= NEAR_KM
    if g.get("geonameid") is None:
        return (e.get("iso3") or "") == (g.get("iso3") or "") or (e.get("country") or "") == g.get("country")
    return False


def same_date(system: object, gold: object) -> bool:
    """The system's date carries the gold's at the gold's precision ("2016-04" holds "2016-04-01"); an ISO
    week gold ("2023-W07") holds any day of that week."""
    day, want = str(system or ""), str(gold)
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", want):
        try:
            iso = date.fromisoformat(day[:10]).isocalendar()
        except ValueError:
            return False
        return (iso.year, iso.week) == (int(m[1]), int(m[2]))
    return day.startswith(want)


def checks(e: dict[str, Any], g: dict[str, Any]) -> dict[str, bool]:
    return {
        "type": (e.get("sub_event_type") or "").lower() == g["sub_event_type"].lower(),
        "place": same_place(e, g),
        "date": same_date(e.get("event_date"), g["event_date"]),
        "actor1": same_actor(e.get("actor1"), g, "actor1"),
    }


def _field_ok(name: str, e: dict[str, Any], g: dict[str, Any]) -> bool:
    if name in ("actor1", "actor2"):
        return same_actor(e.get(name), g, name)
    if name == "location":
        return same_place(e, g)
    if name == "event_date":
        return same_date(e.get("event_date"), g["event_date"])
    return str(e.get(name) or "").lower() == str(g.get(name) or "").lower()


def _traps(events: list[dict[str, Any]], gold: dict[str, Any], article: Article) -> list[str]:
    """Mistakes the must_not lists keep coming back to, checked mechanically."""
    hit = []
    dateline = (article.dateline or "").lower()
    at_dateline = any((g.get("location") or "").lower() == dateline for g in gold["events"])
    for e in events:
        if dateline and (e.get("location") or "").lower() == dateline and not at_dateline:
            hit.append(f"{article.id}: event placed at the dateline {article.dateline}")
    published = article.published.isoformat() if article.published else None
    for g in gold["events"]:
        same = [e for e in events if checks(e, g)["type"] and checks(e, g)["place"]]
        if g["event_date"] != published and any(e.get("event_date") == published for e in same):
            hit.append(f"{article.id}: {g['id']} dated by the publication day")
        if len([e for e in same if checks(e, g)["date"]]) > 1:
            hit.append(f"{article.id}: {g['id']} coded twice")
        if g.get("fatalities") is None and any(e.get("fatalities") for e in same if checks(e, g)["date"]):
            hit.append(f"{article.id}: {g['id']} given fatalities the text does not count")
    return hit


def score(gold: dict[str, Any], events: list[dict[str, Any]], article: Article, report: Report) -> None:
    for g in gold["events"]:
        found = any(all(checks(e, g).values()) for e in events)
        report.rows.append((article.id, g["id"], g["level"], found))
        best = max(events, key=lambda e: sum(checks(e, g).values()), default=None)
        for f in FIELDS:
            if g.get(f) is not None:
                report.expected[f] = report.expected.get(f, 0) + 1
                if best is not None and _field_ok(f, best, g):
                    report.correct[f] = report.correct.get(f, 0) + 1
    for e in events:
        for f in FIELDS:
            if e.get(f) is not None:
                report.predicted[f] = report.predicted.get(f, 0) + 1
    report.traps += _traps(events, gold, article)


def evaluate(golds: Sequence[Gold]) -> Report:
    report = Report()
    for gold in golds:
        article = article_for(gold)
        events = [e.to_dict() for e in pipeline.analyse(article).events]
        score(gold.data, events, article, report)
    return report


def table(report: Report) -> Table:
    t = Table("field", "precision", "recall", title="dateline eval")
    for f in FIELDS:
        p, r = report.precision_recall(f)
        t.add_row(f, f"{p:.2f}", f"{r:.2f}")
    (mf, mt), (sf, st) = report.found("must"), report.found("should")
    t.add_section()
    t.add_row("must found", f"{mf}/{mt}", "")
    t.add_row("should found", f"{sf}/{st}", "")
    t.add_row("traps hit", str(len(report.traps)), "")
    for trap in report.traps:
        t.add_row("  trap", trap, "")
    return t
