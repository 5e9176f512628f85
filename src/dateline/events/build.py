"""Mentions → events: one event per happening in an article, with ACLED fields, a note and a confidence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dateline import actors as actors_stage
from dateline.events.attribute import day_of
from dateline.model import Actor, Article, Event, Mention
from dateline.taxonomy import event_type_of

INTERNATIONAL_WIRES = {"Agence France-Presse", "Reuters", "Associated Press"}


def _place_key(m: Mention) -> object:
    return m.place.geonameid or m.place.name if m.place else None


def same_happening(a: Mention, b: Mention, published: date | None) -> bool:
    """Whether mention ``b`` reports the happening of ``a``: same type and place; dates agree unless ``b`` is
    a caption or headline (those describe the story's event loosely: "retaken last week")."""
    if a.sub_event_type != b.sub_event_type:
        return False
    if b.section != "body":  # a headline or caption may name no place, or only the country
        return b.place is None or _place_key(a) == _place_key(b)
    if _place_key(a) != _place_key(b):
        return False
    if a.date is None or b.date is None:
        return True
    return day_of(a.date, published)[0] == day_of(b.date, published)[0]


def group(mentions: Sequence[Mention], published: date | None) -> list[list[Mention]]:
    """Body mentions start groups; caption and headline mentions only join one (a caption is no new event)."""
    groups: list[list[Mention]] = []
    for m in sorted(mentions, key=lambda m: (m.section != "body", m.trigger.start)):
        home = next((g for g in groups if same_happening(g[0], m, published)), None)
        if home is not None:
            home.append(m)
        elif m.section == "body":
            groups.append([m])
    return groups


def _scale(article: Article, claims: Sequence[str]) -> str | None:
    scales = []
    if claims or article.publisher:
        scales.append("National")
    if article.wire in INTERNATIONAL_WIRES:
        scales.append("International")
    return "-".join(dict.fromkeys(scales)) or None


def note(e: Event) -> str:
    """A one-sentence summary written from the fields."""
    when = f"On {e.event_date}" if e.event_date else "On an unknown date"
    where = ", ".join(x for x in (e.location, e.admin1, e.country) if x) or "an unknown location"
    who = e.actor1 or "an unidentified actor"
    whom = f" against {e.actor2}" if e.actor2 else ""
    dead = f"; {e.fatalities} reported killed" if e.fatalities else ""
    said = f" (according to {', '.join(e.claim_sources)})" if e.claim_sources else ""
    return f"{when}, {who} — {e.sub_event_type.lower()}{whom} in {where}{dead}{said}."


def _named(ms: list[Mention], role: str) -> Actor | None:
    """The role's actor from the mention that names it best: a named group over an unidentified one."""
    found = [a for m in ms if (a := getattr(m, role)) is not None]
    return next((a for a in found if not a.name.startswith("Unidentified")), found[0] if found else None)


def event(ms: list[Mention], article: Article, n: int) -> Event:
    lead = ms[0]
    day, precision = day_of(lead.date, article.published)
    claims = list(dict.fromkeys(c for m in ms for c in m.claim_sources))
    a1, a2 = _named(ms, "actor1"), _named(ms, "actor2")
    e = Event(
        event_id=f"{article.id}#{n}",
        article_id=article.id,
        event_date=day,
        time_precision=precision,
        event_type=event_type_of(lead.sub_event_type),
        sub_event_type=lead.sub_event_type,
        actor1=a1.name if a1 else None,
        assoc_actor_1="; ".join(dict.fromkeys(lead.assoc_actor_1)) or None,
        inter1=a1.inter if a1 else None,
        actor2=a2.name if a2 else None,
        assoc_actor_2="; ".join(dict.fromkeys(lead.assoc_actor_2)) or None,
        inter2=a2.inter if a2 else None,
        interaction=actors_stage.interaction(a1.inter, a2.inter if a2 else None) if a1 else None,
        civilian_targeting="Civilian targeting" if lead.civilian_targeting else None,
        source="; ".join(x for x in (article.publisher, article.wire) if x) or None,
        source_scale=_scale(article, claims),
        claim_sources=claims,
        wire=article.wire,
        publisher=article.publisher,
        fatalities=max((m.fatalities for m in ms if m.fatalities is not None), default=None),
        quantities=[q for m in ms for q in m.quantities],
        status=lead.status,
        control_change=lead.control_change,
        confidence=round(sum(m.confidence for m in ms) / len(ms), 3),
        evidence=[ev for m in ms for ev in m.evidence],
        reasons=list(dict.fromkeys(r for m in ms for r in m.reasons)),
    )
    if p := lead.place:
        e.iso3, e.country, e.admin1, e.admin2 = p.iso3, p.country, p.admin1, p.admin2
        e.location, e.geonameid, e.latitude, e.longitude = p.name, p.geonameid, p.latitude, p.longitude
        e.geo_precision = lead.geo_precision
    e.notes = note(e)
    for m in ms:
        m.event_id = e.event_id
    return e


def build(mentions: Sequence[Mention], article: Article) -> list[Event]:
    return [event(g, article, n) for n, g in enumerate(group(mentions, article.published), 1)]
