"""A Ray cluster, for corpora that outgrow one machine (``pip install 'dateline[ray]'``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

BATCH = 64


def run(fn: Callable[[T], R], items: Iterable[T], workers: int | None = None, address: str = "auto") -> Iterator[R]:
    """``map(fn, items)`` in input order, in batches of ``BATCH`` items per Ray task."""
    try:
        import ray
    except ImportError:
        raise RuntimeError("the Ray engine needs the optional dependency: pip install 'dateline[ray]'") from None
    if not ray.is_initialized():
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
    batch_map = ray.remote(lambda batch: [fn(x) for x in batch])
    items = list(items)
    refs = [batch_map.remote(items[i : i + BATCH]) for i in range(0, len(items), BATCH)]
    for ref in refs:
        yield from ray.get(ref)
