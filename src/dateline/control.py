"""Territorial control timelines: who held a place, from when to when, read off control changes."""

from __future__ import annotations

from collections.abc import Iterable

from dateline.model import ControlInterval, Event


def _matches(e: Event, place: str) -> bool:
    key = place.casefold()
    change = e.control_change or {}
    names = (e.location, change.get("place"), str(e.geonameid or ""))
    return any(n and n.casefold() == key for n in names)


def timeline(events: Iterable[Event], place: str) -> list[ControlInterval]:
    """Control intervals for a place (name or GeoNames id), oldest first; each change closes the previous one."""
    changes = sorted(
        (e for e in events if e.control_change and e.event_date and _matches(e, place)),
        key=lambda e: e.event_date or "",
    )
    out: list[ControlInterval] = []
    for e in changes:
        c = e.control_change or {}
        day = (e.event_date or "")[:10]
        if out and out[-1].end is None:
            last = out[-1]
            if last.controller == c.get("to"):
                out[-1] = ControlInterval(last.place, last.geonameid, last.controller, last.start, None,
                                          (*last.event_ids, e.event_id))  # fmt: skip
                continue
            out[-1] = ControlInterval(last.place, last.geonameid, last.controller, last.start, day, last.event_ids)
        elif c.get("from"):
            out.append(ControlInterval(c.get("place") or place, e.geonameid, c["from"], None, day))
        if c.get("to"):
            out.append(ControlInterval(c.get("place") or place, e.geonameid, c["to"], day, None, (e.event_id,)))
    return out


def held_by(events: Iterable[Event], place: str, on: str) -> str | None:
    """Who held the place on a day (YYYY-MM-DD), or None when the events do not say."""
    for iv in timeline(events, place):
        if (iv.start is None or iv.start <= on) and (iv.end is None or on < iv.end):
            return iv.controller
    return None
