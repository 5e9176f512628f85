"""Territorial control timelines: who held a place, from when to when, read off control changes."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.model import ControlInterval, Event
from dateline.places import gazetteer
from dateline.places.gazetteer import Entry
from dateline.places.normalize import key

if TYPE_CHECKING:
    from dateline.store import Store

CLEAR = 3  # a candidate this many times as populous as the next is the place meant
SHOWN = 10  # candidates listed in an ambiguity message


class PlaceError(ValueError):
    """A place that names nothing, names several places, or has no recorded control; the message says which."""


class UnknownPlace(PlaceError):
    """A name that no gazetteer entry has."""


@dataclass(frozen=True, slots=True)
class Place:
    """A place as the gazetteer resolved it; ``geonameid`` None when only stored names matched it."""

    name: str
    cc: str | None
    geonameid: int | None

    def __str__(self) -> str:
        where = ", ".join(x for x in (self.cc, str(self.geonameid or "")) if x)
        return f"{self.name} ({where})" if where else self.name


def _describe(e: Entry) -> str:
    return f"{e.name}, {', '.join(x for x in (e.admin1, e.cc) if x)} ({e.geonameid})"


def _candidates(text: str) -> list[Entry]:
    """Gazetteer entries a name (any spelling or alternate name) or a GeoNames id names, one per id."""
    gz = gazetteer.load()
    if text.strip().isdigit():
        return [e] if (e := gz.entry(int(text))) is not None else []
    matches = gz.lookup(key(text))
    main = [m for m in matches if m.main] or matches
    return list({m.entry.geonameid or -m.entry.id: m.entry for m in main}.values())


def resolve(text: str, recorded: Collection[int] = (), found: list[Entry] | None = None) -> Place:
    """The one place ``text`` names (among ``found``, its candidates when looked up already), preferring places with
    ``recorded`` control (GeoNames ids), then populated places, then one at least CLEAR times as populous as the
    next; PlaceError when none or several."""
    found = _candidates(text) if found is None else found
    if not found:
        if text.strip().isdigit():
            return Place(text.strip(), None, int(text))
        raise UnknownPlace(f"unknown place {text!r}: no place of that name or id in the gazetteer")
    pool = [e for e in found if e.geonameid in recorded] or found
    pool = sorted([e for e in pool if e.fcode.startswith("PPL")] or pool, key=lambda e: -e.pop)
    if len(pool) > 1 and not (pool[0].pop > 0 and pool[0].pop >= CLEAR * pool[1].pop):
        more = f" and {len(pool) - SHOWN} more" if len(pool) > SHOWN else ""
        listed = "; ".join(_describe(e) for e in pool[:SHOWN])
        raise PlaceError(f"{text!r} names {len(pool)} places: {listed}{more}; give its GeoNames id")
    e = pool[0]
    return Place(e.name, e.cc, e.geonameid)


def find(events: Iterable[Event], text: str) -> tuple[Place, list[ControlInterval]]:
    """The place ``text`` names (see ``resolve``) and its control intervals, matched by GeoNames id; a name the
    gazetteer does not know matches stored names. PlaceError when it names nothing with recorded control."""
    changes = [e for e in events if e.control_change]
    try:
        place = resolve(text, {e.geonameid for e in changes if e.geonameid})
    except UnknownPlace:
        intervals = timeline(changes, text)
        if not intervals:
            raise
        return Place(intervals[0].place, None, None), intervals
    intervals = timeline(changes, text, place.geonameid)
    if not intervals:
        raise PlaceError(f"no recorded control for {text!r}: it names {place}")
    return place, intervals


def find_stored(store: Store, text: str) -> tuple[Place, list[ControlInterval]]:
    """``find`` over a store, reading only what the place needs: the candidates' recorded ids, then the control
    changes at the place's GeoNames id or at none (all of them for a name the gazetteer does not know)."""
    found = _candidates(text)
    try:
        place = resolve(text, store.recorded([e.geonameid for e in found if e.geonameid]), found)
    except UnknownPlace:
        return find(store.control_events(), text)
    intervals = timeline(store.control_events(place.geonameid), text, place.geonameid)
    if not intervals:
        raise PlaceError(f"no recorded control for {text!r}: it names {place}")
    return place, intervals


def _matches(e: Event, place: str, geonameid: int | None) -> bool:
    if geonameid is not None and e.geonameid is not None:
        return e.geonameid == geonameid
    k = key(place)
    change = e.control_change or {}
    names = (e.location, change.get("place"), str(e.geonameid or ""))
    return any(n and key(n) == k for n in names)


def timeline(events: Iterable[Event], place: str, geonameid: int | None = None) -> list[ControlInterval]:
    """Control intervals for a place, oldest first; each change closes the previous one. Events match by
    ``geonameid`` when it and theirs are known, else by name (any spelling with the same key) or id in ``place``."""
    changes = sorted(
        (e for e in events if e.control_change and e.event_date and _matches(e, place, geonameid)),
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


def held_by(events: Iterable[Event], place: str, on: str, geonameid: int | None = None) -> str | None:
    """Who held the place on a day (YYYY-MM-DD), or None when the events do not say."""
    return holder(timeline(events, place, geonameid), on)


def holder(intervals: Iterable[ControlInterval], on: str) -> str | None:
    """The controller of the interval that holds the day ``on`` (YYYY-MM-DD), or None."""
    for iv in intervals:
        if (iv.start is None or iv.start <= on) and (iv.end is None or on < iv.end):
            return iv.controller
    return None
