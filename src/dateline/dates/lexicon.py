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
    names = ("months.tsv", "weekdays.tsv", "numbers.tsv", "units.tsv", "seasons.tsv", "relative.tsv", "nondates.tsv")
    for name in names:
        for word, cls, *value in _rows(name):
            out[word] = (cls, value[0] if value else "")
    return out


@cache
def tense() -> dict[str, int]:
    """Lower-cased verb-group word → 1 (points to the future), -1 (to the past) or 0 (a present auxiliary)."""
    return {word: int(t) for word, t in _rows("tense.tsv")}


@cache
def links() -> frozenset[str]:
    """Words inside a verb group that carry no tense ("to", "not")."""
    return frozenset(word for (word,) in _rows("verb_links.tsv"))


@cache
def zones() -> list[str]:
    """Time-zone names, longest first."""
    return sorted((name for (name,) in _rows("zones.tsv")), key=len, reverse=True)


@cache
def speech() -> frozenset[str]:
    """Verbs of past speech ("said", "told")."""
    return frozenset(word for (word,) in _rows("speech.tsv"))
