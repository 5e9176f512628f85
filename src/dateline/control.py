"""Territorial control timelines: who held a place, from when to when, read off control changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dateline.model import ControlInterval


def _matches(e: dict[str, Any], place: str) -> bool:
    key = place.casefold()
    change = e.get("control_change") or {}
    names = (e.get("location"), change.get("place"), str(e.get("geonameid") or ""))
    return any(n and n.casefold() == key for n in names)


def timeline(events: Sequence[dict[str, Any]], place: str) -> list[ControlInterval]:
    """Control intervals for a place (name or GeoNames id), oldest first; each change closes the previous one."""
    changes = sorted(
        (e for e in events if e.get("control_change") and e.get("event_date") and _matches(e, place)),
        key=lambda e: str(e["event_date"]),
    )
    out: list[ControlInterval] = []
    for e in changes:
        c = e["control_change"]
        day = str(e["event_date"])[:10]
        if out and out[-1].end is None:
            last = out[-1]
            if last.controller == c.get("to"):
                out[-1] = ControlInterval(last.place, last.geonameid, last.controller, last.start, None,
                                          (*last.event_ids, e["event_id"]))  # fmt: skip
                continue
            out[-1] = ControlInterval(last.place, last.geonameid, last.controller, last.start, day, last.event_ids)
        elif c.get("from"):
            out.append(ControlInterval(c.get("place") or place, e.get("geonameid"), c["from"], None, day))
        if c.get("to"):
            out.append(
                ControlInterval(c.get("place") or place, e.get("geonameid"), c["to"], day, None, (e["event_id"],))
            )
    return out


def held_by(events: Sequence[dict[str, Any]], place: str, on: str) -> str | None:
    """Who held the place on a day (YYYY-MM-DD), or None when the events do not say."""
    for iv in timeline(events, place):
        if (iv.start is None or iv.start <= on) and (iv.end is None or on < iv.end):
            return iv.controller
    return None
