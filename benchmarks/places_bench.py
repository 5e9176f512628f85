"""Geoparsing benchmark: recognition precision, recall and F1; over matched spans accuracy within 161 km, median
error and the AUC of log error (lower is better, as Gritta et al. define it); and docs/second.

Usage: python benchmarks/places_bench.py DOCS.jsonl GOLD.jsonl
DOCS lines: {"id", "text"}; GOLD lines: {"id", "toponyms": [{"start", "end", "latitude", "longitude"}]}.
Spans match when they overlap (each used once), as in the project's places scorer.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from dateline import nlp
from dateline.model import Place
from dateline.places import find_places, gazetteer

MILES_100 = 161.0
MAX_ERR = 20039.0  # km: half the earth's circumference


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def read(path: str) -> list[dict]:
    return [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    accuracy: float  # share of matched spans within 161 km
    median_km: float
    auc: float

    def __str__(self) -> str:
        return (
            f"P {100 * self.precision:.1f} R {100 * self.recall:.1f} F1 {100 * self.f1:.1f}, "
            f"acc@161 {100 * self.accuracy:.1f}, median {self.median_km:.0f} km, AUC {self.auc:.3f}"
        )


def auc(errors: list[float]) -> float:
    """The area under the sorted curve of log(1 + error) scaled by log of half the earth's circumference."""
    if len(errors) < 2:
        return math.log1p(errors[0]) / math.log(MAX_ERR) if errors else 0.0
    logs = sorted(math.log1p(e) / math.log(MAX_ERR) for e in errors)
    return sum((a + b) / 2 for a, b in pairwise(logs)) / (len(logs) - 1)


def score(found: dict[str, list[Place]], gold: list[dict]) -> Scores:
    """Recognition and resolution scores; only places with a point count as predictions."""
    n_gold = n_sys = matched = 0
    errors: list[float] = []
    for g in gold:
        preds = [p for p in found.get(g["id"], []) if p.latitude is not None and p.longitude is not None]
        n_gold, n_sys = n_gold + len(g["toponyms"]), n_sys + len(preds)
        used: set[int] = set()
        for t in g["toponyms"]:
            hit = next(
                (i for i, p in enumerate(preds) if i not in used and p.start < t["end"] and t["start"] < p.end),
                None,
            )
            if hit is not None:
                used.add(hit)
                matched += 1
                p = preds[hit]
                errors.append(km(p.latitude, p.longitude, t["latitude"], t["longitude"]))  # type: ignore[arg-type]
    prec, rec = matched / n_sys if n_sys else 0.0, matched / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    accuracy = sum(e <= MILES_100 for e in errors) / len(errors) if errors else 0.0
    return Scores(prec, rec, f1, accuracy, statistics.median(errors) if errors else 0.0, auc(errors))


def main(docs_path: str, gold_path: str) -> None:
    docs = read(docs_path)
    gazetteer.load()
    nlp.load()
    start = time.perf_counter()
    found = {d["id"]: find_places(doc) for d, doc in zip(docs, nlp.parse_many(d["text"] for d in docs), strict=True)}
    rate = len(docs) / (time.perf_counter() - start)
    print(f"places: {score(found, read(gold_path))}, {rate:.1f} docs/s")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
