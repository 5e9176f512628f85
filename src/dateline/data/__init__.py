"""Lexicons and tables kept as data files, each opening with ``#`` lines that name its source.

``table("triggers.csv")`` gives a CSV's rows as dicts; ``table("dates/months.tsv")`` a TSV's rows as lists.
"""

from __future__ import annotations

import csv
from importlib import resources
from typing import Any


def lines(name: str) -> list[str]:
    """The non-comment, non-blank lines of a data file (``name`` relative to this folder)."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def table(name: str) -> list[Any]:
    """A CSV file as dicts keyed by its header, a TSV file as lists of fields."""
    if name.endswith(".tsv"):
        return [line.split("\t") for line in lines(name)]
    return list(csv.DictReader(lines(name)))
