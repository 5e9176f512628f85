"""The events stage's lexicons, read once from data/: triggers, class cues and modality words."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources


def rows(name: str) -> list[dict[str, str]]:
    """The rows of a data CSV, skipping its ``#`` header comments."""
    with resources.files("dateline.data").joinpath(name).open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


@dataclass(frozen=True, slots=True)
class Trigger:
    lemmas: tuple[str, ...]
    pos: str  # VERB, NOUN or ANY
    label: str  # a sub-event type, or a class such as @territory
    weight: float


@cache
def triggers() -> dict[str, list[Trigger]]:
    """Triggers indexed by their first lemma, longest first."""
    index: dict[str, list[Trigger]] = defaultdict(list)
    for r in rows("triggers.csv"):
        t = Trigger(tuple(r["phrase"].split()), r["pos"], r["sub_event_type"], float(r["weight"]))
        index[t.lemmas[0]].append(t)
    for ts in index.values():
        ts.sort(key=lambda t: -len(t.lemmas))
    return dict(index)


@cache
def cues() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Class → [(cue lemmas, sub-event type)] in file order."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for r in rows("cues.csv"):
        out[r["class"]].append((tuple(r["cue"].split()), r["sub_event_type"]))
    return dict(out)


@cache
def modality() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in rows("modality.csv"):
        out[r["kind"]].add(r["lemma"])
    return {k: frozenset(v) for k, v in out.items()}
