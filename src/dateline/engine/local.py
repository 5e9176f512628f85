"""All cores of this machine: a process pool, each worker loading the models once."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from threadpoolctl import threadpool_limits

from dateline import nlp

T = TypeVar("T")
R = TypeVar("R")


def _warm() -> None:
    """Load the parser, and keep the worker's numpy to one thread: the workers already fill the cores."""
    threadpool_limits(1)
    nlp.load()


def default_workers() -> int:
    return os.cpu_count() or 1


def run(fn: Callable[[T], R], items: Iterable[T], workers: int | None = None) -> Iterator[R]:
    """``map(fn, items)`` in input order; ``workers`` 1 (or a handful of items) stays in this process."""
    items = list(items)
    workers = min(workers or default_workers(), len(items))
    if workers <= 1 or len(items) < 4:
        yield from map(fn, items)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        yield from pool.map(fn, items, chunksize=max(1, min(16, len(items) // (workers * 4))))
