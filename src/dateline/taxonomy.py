"""ACLED event types and sub-event types, with their CAMEO root codes and PLOVER event types."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dateline.data import table


@dataclass(frozen=True, slots=True)
class SubEventType:
    event_type: str
    sub_event_type: str
    cameo: str  # CAMEO root code, two digits: "19" Fight
    plover: str  # PLOVER event type: FIGHT, ASSAULT, PROTEST, ...
    definition: str


@cache
def taxonomy() -> tuple[SubEventType, ...]:
    """Every ACLED sub-event type, in ACLED's order."""
    return tuple(SubEventType(**row) for row in table("taxonomy.csv"))


@cache
def _by_name() -> dict[str, SubEventType]:
    return {s.sub_event_type.lower(): s for s in taxonomy()}


def lookup(sub_event_type: str) -> SubEventType:
    """The sub-event type by name, case-insensitive; KeyError when ACLED has no such sub-event type."""
    return _by_name()[sub_event_type.strip().lower()]


def event_type_of(sub_event_type: str) -> str:
    return lookup(sub_event_type).event_type


def event_types() -> tuple[str, ...]:
    """The six ACLED event types, in ACLED's order."""
    return tuple(dict.fromkeys(s.event_type for s in taxonomy()))


def interaction(inter1: int, inter2: int | None = None) -> int:
    """ACLED interaction code: both inter codes, lower first (1 and 2 → 12); one actor alone → 10 × inter."""
    if not inter2:
        return 10 * inter1
    low, high = sorted((inter1, inter2))
    return 10 * low + high
