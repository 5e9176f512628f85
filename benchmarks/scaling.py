"""The store's costs against its size: ingesting one article (its dedup included), ``dateline control`` for one
place and a filtered ``dateline events`` query, on synthetic stores of 1,000 to 1,000,000 events (``bench.stored``),
plotted into docs/scaling.png (``python benchmarks/scaling.py [SIZES...]``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from matplotlib.figure import Figure  # no pyplot: a file, never a window

from dateline import bench

SIZES = [1_000, 10_000, 100_000, 1_000_000]
OUT = Path(__file__).resolve().parent.parent / "docs" / "scaling.png"
SERIES = {
    "ingest_one_into_1m_s": ("ingest one article (ms)", 1000.0),
    "control_query_ms": ("control for one place (ms)", 1.0),
    "filter_query_ms": ("events by country, type and year (ms)", 1.0),
}


def measure(sizes: list[int]) -> dict[int, dict[str, float]]:
    return {n: bench.stored(n) for n in sizes}


def plot(figures: dict[int, dict[str, float]], out: Path) -> None:
    sizes = sorted(figures)
    fig = Figure(figsize=(7, 4.5))
    ax = fig.subplots()
    for key, (label, scale) in SERIES.items():
        ax.plot(sizes, [figures[n][key] * scale for n in sizes], marker="o", label=label)
    ax.set(xscale="log", yscale="log", xlabel="events in the store", ylabel="milliseconds",
           title="dateline store: cost against size")  # fmt: skip
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120, bbox_inches="tight")


if __name__ == "__main__":
    measured = measure([int(a) for a in sys.argv[1:]] or SIZES)
    print(json.dumps(measured, indent=1))
    plot(measured, OUT)
    print(f"→ {OUT}")
