"""The same event told by several mentions or articles: cluster events that agree on type, place, date and
actors (``same_event``), the clusters being the connected groups of that relation.

``clusters`` groups a whole list at once; ``link`` adds to clusters made before: given the events that are new (each
alone so far) and candidate pairs that a store found for them, it says which clusters now join.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from dateline.model import Event

NEAR_KM = 25.0
# How far an event date can drift at each ACLED time precision (1 day, 2 week/range, 3 month, 4 year).
SLACK_DAYS = {1: 1, 2: 7, 3: 31, 4: 366}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _near(a: Event, b: Event) -> bool:
    if a.geonameid and a.geonameid == b.geonameid:
        return True
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return a.location == b.location
    return km((a.latitude, a.longitude), (b.latitude, b.longitude)) <= NEAR_KM


def _window(e: Event) -> tuple[date, date] | None:
    if not e.event_date:
        return None
    d = date.fromisoformat(e.event_date[:10])
    slack = timedelta(days=SLACK_DAYS.get(e.time_precision or 1, 1))
    return d - slack, d + slack


def _same_time(a: Event, b: Event) -> bool:
    wa, wb = _window(a), _window(b)
    return wa is None or wb is None or (wa[0] <= wb[1] and wb[0] <= wa[1])


def _same_actors(a: Event, b: Event) -> bool:
    return not a.actor1 or not b.actor1 or a.actor1 == b.actor1


def same_event(a: Event, b: Event) -> bool:
    return a.sub_event_type == b.sub_event_type and _near(a, b) and _same_time(a, b) and _same_actors(a, b)


def clusters(events: Sequence[Event]) -> dict[str, str]:
    """event_id → cluster_id, the id of the first event (in input order) of its cluster."""
    parent = list(range(len(events)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(events):
        for j in range(i):
            if root(i) != root(j) and same_event(a, events[j]):
                parent[max(root(i), root(j))] = min(root(i), root(j))
    return {e.event_id: events[root(i)].event_id for i, e in enumerate(events)}


def link(dirty: Iterable[str], pairs: Iterable[tuple[Event, Event, str]]) -> list[set[str]]:
    """The clusters that join: each a set of nodes (new event ids, and the cluster ids of stored events) that the
    pairs ``(new event, candidate, candidate's cluster id)`` that are ``same_event`` connect; groups of one left
    out. Every pair that may be the same event is to be among ``pairs``, in either order."""
    parent: dict[str, str] = {d: d for d in dirty}

    def root(n: str) -> str:
        parent.setdefault(n, n)
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for new, candidate, cluster in pairs:
        if same_event(new, candidate):
            a, b = root(new.event_id), root(cluster)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, set[str]] = {}
    for n in list(parent):
        groups.setdefault(root(n), set()).add(n)
    return [g for g in groups.values() if len(g) > 1]
