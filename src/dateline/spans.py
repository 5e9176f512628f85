"""Items with a ``start`` offset, kept sorted by it, sliced by bisection: the steps that look at one sentence's
places, dates or actors stay linear in a document of any length."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Protocol, TypeVar


class _Started(Protocol):
    @property
    def start(self) -> int: ...


T = TypeVar("T", bound=_Started)


def _start(item: _Started) -> int:
    return item.start


def starting_in(items: Sequence[T], lo: int, hi: int) -> Sequence[T]:
    """The items, sorted by start, that start in [lo, hi)."""
    return items[bisect_left(items, lo, key=_start) : bisect_left(items, hi, key=_start)]


def by_start(items: Sequence[T]) -> list[T]:
    return sorted(items, key=_start)
