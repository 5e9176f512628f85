"""Story assembly: the mentions of an article that tell one happening become one group, and the group's place,
date and toll are the best the story gives for it, from any of its sentences."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from dateline.dates import event_date
from dateline.events.context import CHANGE_OF_HANDS, LOOTING, VIOLENT
from dateline.model import Actor, DateValue, Mention, Place
from dateline.taxonomy import event_type_of

BROAD = ("PCL", "ADM1", "ADM2")  # feature codes of places that contain others: a country, a province, a district
STORY_CHARS = 50_000  # a happening's mentions lie within this many characters of each other (a long feature)
STORY_MEMBERS = 50
OWN_KIND = {"Abduction/forced disappearance", "Sexual violence"}  # violence a generic "attacked" never tells
MEANS_BLUR = "Explosions/Remote violence"  # one blast is told as a bomb, an IED, a suicide attack
# a demonstration's sub-event types, least grave first: one protest takes the gravest its mentions tell
GRAVITY = (
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
)


def contains(outer: Place, inner: Place) -> bool:
    """Whether ``inner`` lies inside ``outer``: the same place, or a place in the country or province named."""
    if outer.geonameid is not None and outer.geonameid == inner.geonameid:
        return True
    code = outer.feature_code or ""
    if not code.startswith(BROAD) or outer.country_code != inner.country_code:
        return False
    if code == "ADM2":
        return outer.admin2 is not None and outer.admin2 == inner.admin2 and outer.admin1 == inner.admin1
    return code.startswith("PCL") or (outer.admin1 is not None and outer.admin1 == inner.admin1)


def _places_agree(a: Place | None, b: Place | None) -> bool:
    return a is None or b is None or contains(a, b) or contains(b, a)


def _period(dv: DateValue) -> tuple[date, date] | None:
    """The days a date covers, first and last."""
    resolved = event_date(dv)
    if resolved is None:
        return None
    first = date.fromisoformat(resolved[0])
    if resolved[1] == 1:
        return first, first
    if resolved[1] == 2:
        return first, first + timedelta(days=6)
    years = len(dv.value) == 4
    nxt = date(first.year + 1, 1, 1) if years or first.month == 12 else date(first.year, first.month + 1, 1)
    return first, nxt - timedelta(days=1)


def _dates_agree(a: DateValue | None, b: DateValue | None) -> bool:
    """Two dates agree when either is missing or one's period holds the other's (a day in the month told)."""
    pa, pb = (_period(d) if d is not None else None for d in (a, b))
    if pa is None or pb is None:
        return True
    return (pa[0] <= pb[0] and pb[1] <= pa[1]) or (pb[0] <= pa[0] and pa[1] <= pb[1])


def _named(a: Actor | None, m: Mention) -> str | None:
    """The actor's name when the mention's own sentence names it, not context or a default (a default actor,
    "Protesters (Kenya)" for a protest, stands on the trigger's words)."""
    if a is None or not m.sentence.start <= a.start < m.sentence.end or a.name.startswith("Unidentified"):
        return None
    return None if (a.start, a.end) == (m.trigger.start, m.trigger.end) else a.name


def _actors_agree(a: Mention, b: Mention) -> bool:
    """The same perpetrator, or one side unnamed in its sentence; a clash may be told from either side."""
    a1, b1 = _named(a.actor1, a), _named(b.actor1, b)
    if a1 is None or b1 is None or a1 == b1:
        return True
    return a1 == _named(b.actor2, b) and b1 == _named(a.actor2, a)


def _same_kind(a: Mention, b: Mention) -> bool:
    """The same sub-event type, any explosion for an explosion, any demonstration for a demonstration (a march
    and the stones thrown at it are one protest), and any violence for a trigger that names none of its means
    ("accused the RSF of targeting the district" after "shelling by the RSF killed 18")."""
    kinds = {event_type_of(a.sub_event_type), event_type_of(b.sub_event_type)}
    generic = (a.generic or b.generic) and kinds <= VIOLENT and not {a.sub_event_type, b.sub_event_type} & OWN_KIND
    demonstrations = {a.sub_event_type, b.sub_event_type} <= set(GRAVITY)
    return a.sub_event_type == b.sub_event_type or kinds == {MEANS_BLUR} or generic or demonstrations


def kind(ms: Sequence[Mention]) -> str:
    """The happening's sub-event type: its lead's, or for a demonstration the gravest its mentions tell (a march
    where stones were thrown was a violent demonstration)."""
    told = [m.sub_event_type for m in ms]
    return max(told, key=GRAVITY.index) if set(told) <= set(GRAVITY) else ms[0].sub_event_type


def _family(m: Mention) -> str:
    """What a noun that points back can name: any violence ("the attack"; looting by those who did it, "the
    attackers also looted"), any change of hands ("the capture"), any unrest ("the protest"); other kinds only
    themselves."""
    kind = event_type_of(m.sub_event_type)
    if kind in VIOLENT or m.sub_event_type == LOOTING:  # "the attackers also looted shops"
        return "violence"
    if m.sub_event_type in CHANGE_OF_HANDS:
        return "territory"
    return "unrest" if kind in ("Protests", "Riots") else m.sub_event_type


def same_story(a: Mention, b: Mention) -> bool:
    """Whether two mentions can tell one happening: the same sub-event type (any explosion for an explosion),
    with place, date and actors that agree (a town inside the province told, a day inside the month told). A
    mention that points back ("the attack on the post") names the family of what it points to, and its actors,
    taken from its own sentence's speakers and context, do not count."""
    follow = a.follows or b.follows
    return (
        (_family(a) == _family(b) if follow else _same_kind(a, b))
        and _places_agree(a.place, b.place)
        and _dates_agree(_happened(a), _happened(b))
        and (follow or _actors_agree(a, b))
    )


def _happened(m: Mention) -> DateValue | None:
    """The day a mention says its happening was: not the day someone spoke of it."""
    return None if m.spoken else m.date


def happenings(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Groups of mentions that tell one happening each, in the order the body tells them. A mention joins the
    first group all of whose members it agrees with, unless its sentence tells it as another ("in a separate
    attack"); headline and caption mentions, and those that point back ("the attack"), only join a group. Only
    groups told within STORY_CHARS, and their last STORY_MEMBERS, are compared: a story is never longer, and the
    cost stays linear in a document of any length."""
    groups: list[list[Mention]] = []
    for m in sorted(mentions, key=lambda m: (m.section != "body", m.trigger.start)):
        near = [g for g in groups if abs(g[-1].trigger.start - m.trigger.start) <= STORY_CHARS]
        open_groups = [] if m.another and m.section == "body" else near
        home = next((g for g in open_groups if all(same_story(x, m) for x in g[-STORY_MEMBERS:])), None)
        if home is not None:
            home.append(m)
        elif m.section == "body" and not m.follows:
            groups.append([m])
    return groups


def _precision(m: Mention) -> tuple[int, bool]:
    return (m.geo_precision if m.geo_precision is not None else 4), m.section != "body"


def place(ms: Sequence[Mention]) -> tuple[Place, int, bool] | None:
    """Where the happening was, at what precision, and whether a later sentence's hint says so: the mention that
    places it most specifically (the body before a headline, the first told among equals), else the first hint
    of a town inside that place."""
    placed = [(_precision(m), i, p, m.geo_precision or 3) for i, m in enumerate(ms) if (p := m.place) is not None]
    if not placed:
        return None
    _, _, best, precision = min(placed)
    hint = next((m.place_hint for m in ms if m.place_hint is not None), None)
    hinted = 2 if hint is not None and district(hint) else 1
    if precision > hinted and hint is not None and contains(best, hint):
        return hint, hinted, True
    return best, precision, False


def district(p: Place) -> bool:
    return p.feature_code in ("ADM2", "ADM3")


def dated(ms: Sequence[Mention]) -> Mention | None:
    """The mention that dates the happening most precisely, a day it happened before a day someone spoke of it
    (the first told among equals)."""
    scored = [((r[1], m.spoken), m) for m in ms if m.date is not None and (r := event_date(m.date)) is not None]
    return min(scored, key=lambda s: s[0])[1] if scored else None


def fatalities(ms: Sequence[Mention]) -> int | None:
    """The death toll told for the happening: the most conservative when its mentions differ (ACLED's rule); the
    people named one by one only when no mention tells a number; dead told as more ("also killed") added."""
    told = [m.fatalities for m in ms if m.fatalities is not None and not m.singly and not m.adds]
    floor = [m.fatalities for m in ms if m.fatalities is not None and m.singly]
    more = [m.fatalities for m in ms if m.fatalities is not None and m.adds]  # "3 attackers were also killed"
    base = min(told) if told else max(floor, default=None)
    return (base or 0) + sum(more) if more else base
