"""Actors: canonical ACLED-style names, aliases, patrons and in-article reference; claim sources."""

from dateline.actors.agencies import agencies
from dateline.actors.find import find_actors
from dateline.actors.lexicon import dated


def interaction(inter1: int, inter2: int | None = None) -> int:
    """ACLED interaction code: both inter codes, lower first (1 and 2 → 12); one actor alone → 10 × inter."""
    if not inter2:
        return 10 * inter1
    low, high = sorted((inter1, inter2))
    return 10 * low + high


__all__ = ["agencies", "dated", "find_actors", "interaction"]
