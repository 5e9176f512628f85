"""The date lexicons (data/dates/*.tsv), loaded once per process."""

from __future__ import annotations

from functools import cache

from dateline.data import table

Entry = tuple[str, str]  # (class, value)


def _rows(name: str) -> list[list[str]]:
    return table(f"dates/{name}")


@cache
def words() -> dict[str, Entry]:
    """Lower-cased word → (grammar class, value) over every word list."""
    out: dict[str, Entry] = {}
    for name in ("months.tsv", "weekdays.tsv", "numbers.tsv", "units.tsv", "seasons.tsv", "relative.tsv"):
        for word, cls, *value in _rows(name):
            out[word] = (cls, value[0] if value else "")
    return out


@cache
def tense() -> dict[str, int]:
    """Lower-cased word → 1 (points to the future) or -1 (to the past)."""
    return {word: int(t) for word, t in _rows("tense.tsv")}
