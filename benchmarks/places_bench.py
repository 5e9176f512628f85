"""Geoparsing benchmark: recognition F1, accuracy within 161 km and docs/second.

Usage: python benchmarks/places_bench.py DOCS.jsonl GOLD.jsonl
DOCS lines: {"id", "text"}; GOLD lines: {"id", "toponyms": [{"start", "end", "latitude", "longitude"}]}.
Spans match when they overlap (each used once), as in the project's places scorer.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

from dateline import nlp
from dateline.model import Place
from dateline.places import find_places, gazetteer

MILES_100 = 161.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def read(path: str) -> list[dict]:
    return [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]


def score(found: dict[str, list[Place]], gold: list[dict]) -> tuple[float, float]:
    """Recognition F1 and accuracy@161 km over matched pairs."""
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
    return f1, sum(e <= MILES_100 for e in errors) / len(errors) if errors else 0.0


def main(docs_path: str, gold_path: str) -> None:
    docs = read(docs_path)
    gazetteer.load()
    nlp.load()
    start = time.perf_counter()
    found = {d["id"]: find_places(doc) for d, doc in zip(docs, nlp.parse_many(d["text"] for d in docs), strict=True)}
    rate = len(docs) / (time.perf_counter() - start)
    f1, acc = score(found, read(gold_path))
    print(f"places: recognition F1 {100 * f1:.1f}, acc@161 {100 * acc:.1f}, {rate:.1f} docs/s")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
