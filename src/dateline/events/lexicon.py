"""The events stage's lexicons, read once from data/: triggers, class cues, modality and story words."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dateline.data import table


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
    for r in table("triggers.csv"):
        t = Trigger(tuple(r["phrase"].split()), r["pos"], r["sub_event_type"], float(r["weight"]))
        index[t.lemmas[0]].append(t)
    for ts in index.values():
        ts.sort(key=lambda t: -len(t.lemmas))
    return dict(index)


@cache
def cues() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Class → [(cue lemmas, sub-event type)] in file order."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for r in table("cues.csv"):
        out[r["class"]].append((tuple(r["cue"].split()), r["sub_event_type"]))
    return dict(out)


@cache
def modality() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in table("modality.csv"):
        out[r["kind"]].add(r["lemma"])
    return {k: frozenset(v) for k, v in out.items()}


@cache
def holdings() -> frozenset[str]:
    """Nouns that name ground as someone's hold (data/holdings.csv)."""
    return frozenset(r["lemma"] for r in table("holdings.csv"))


@cache
def story() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Kind (another, period, span) → its phrases as lemma tuples."""
    out: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for r in table("story.csv"):
        out[r["kind"]].append(tuple(r["phrase"].split()))
    return {k: tuple(v) for k, v in out.items()}


def has_phrase(lemmas: Sequence[str], phrase: tuple[str, ...]) -> bool:
    """Whether a lemma sequence occurs, contiguous, in ``lemmas``: how cues and frames are matched."""
    if phrase[0] not in lemmas:  # most cues are absent: one scan in C decides
        return False
    n = len(phrase)
    return any(lemmas[i] == phrase[0] and tuple(lemmas[i : i + n]) == phrase for i in range(len(lemmas) - n + 1))
