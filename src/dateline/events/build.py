"""Mentions → events: one event per happening in an article, with ACLED fields, a note and a confidence."""

from __future__ import annotations

from collections.abc import Sequence

from dateline import actors as actors_stage
from dateline.events import merge
from dateline.events.attribute import day_of
from dateline.model import Actor, Article, Event, Evidence, Mention, Place
from dateline.taxonomy import event_type_of, interaction

INTERNATIONAL_WIRES = {"Agence France-Presse", "Reuters", "Associated Press"}


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


def _named(ms: list[Mention], role: str, other: Actor | None = None) -> Actor | None:
    """The role's actor from the mention that names it best: one that tells the event's own event type (the
    lead's: the troops that repelled a raid on villagers did not raid them); a body mention that tells the
    happening over a headline, a caption or one that points back at it; an actor the clause names (or a claim
    gives) over one taken from context; then a named group over an unidentified one. Never the ``other`` side's
    actor."""
    kind = event_type_of(ms[0].sub_event_type)
    found = [
        (
            event_type_of(m.sub_event_type) != kind,
            m.follows,
            m.section != "body",
            m.guessed and role == "actor1",
            a.name.startswith("Unidentified"),
            i,
            a,
        )
        for i, m in enumerate(ms)
        if (a := getattr(m, role)) is not None and (other is None or a.name != other.name)
    ]
    return min(found)[-1] if found else None


def _dated_change(change: dict[str, str | None] | None, day: str | None) -> dict[str, str | None] | None:
    """A control change with its holders named for the event's day."""
    if change is None:
        return None
    return {k: actors_stage.dated(v, day) if v and k in ("from", "to") else v for k, v in change.items()}


def _undated(ms: list[Mention], article: Article) -> str:
    """Why an event has no date."""
    if article.published is None:
        said = next((m.date for m in ms if m.date is not None), None)
        told = f"'{said.text}'" if said else "no date of its own"
        return f"undated: the story gives {told} and the document no publication date to count from"
    return "undated: the story gives no date for it"


def event(ms: list[Mention], article: Article, n: int, story: tuple[Place, int, bool] | None = None) -> Event:
    lead = ms[0]
    kind = merge.kind(ms)
    when = merge.dated(ms)
    day, precision = day_of(when.date if when else None, article.published)
    claims = list(dict.fromkeys(c for m in ms for c in m.claim_sources))
    a1 = _named(ms, "actor1")
    a2 = _named(ms, "actor2", a1)
    e = Event(
        event_id=f"{article.id}#{n}",
        article_id=article.id,
        event_date=day,
        time_precision=precision,
        event_type=event_type_of(kind),
        sub_event_type=kind,
        actor1=actors_stage.dated(a1.name, day) if a1 else None,
        assoc_actor_1="; ".join(dict.fromkeys(actors_stage.dated(a, day) for a in lead.assoc_actor_1)) or None,
        inter1=a1.inter if a1 else None,
        actor2=actors_stage.dated(a2.name, day) if a2 else None,
        assoc_actor_2="; ".join(dict.fromkeys(actors_stage.dated(a, day) for a in lead.assoc_actor_2)) or None,
        inter2=a2.inter if a2 else None,
        interaction=interaction(a1.inter, a2.inter if a2 else None) if a1 else None,
        civilian_targeting="Civilian targeting" if lead.civilian_targeting else None,
        source="; ".join(x for x in (article.publisher, article.wire) if x) or None,
        source_scale=_scale(article, claims),
        claim_sources=claims,
        wire=article.wire,
        publisher=article.publisher,
        fatalities=merge.fatalities(ms) or 0,
        quantities=list(dict.fromkeys(q for m in ms for q in m.quantities)),  # a count told once, kept once
        status=(when or lead).status,
        control_change=_dated_change(lead.control_change, day),
        confidence=round(sum(m.confidence for m in ms) / len(ms), 3),
        evidence=list(dict.fromkeys(ev for m in ms for ev in m.evidence)),
        reasons=list(dict.fromkeys(r for m in ms for r in m.reasons)),
    )
    where = merge.place(ms)
    if where is None and story is not None:  # unplaced: where the story's lead happened, no nearer than precision 2
        p, precision, _ = story
        where = (p, max(precision, 2), False)
        e.reasons.append(f"place '{p.text}' where the story's lead happened: the event's own sentences name none")
    if where:
        p, e.geo_precision, hinted = where
        e.iso3, e.country, e.admin1, e.admin2 = p.iso3, p.country, p.admin1, p.admin2
        e.location, e.geonameid, e.latitude, e.longitude = p.name, p.geonameid, p.latitude, p.longitude
        if hinted:
            e.reasons.append(f"place '{p.text}' from a later sentence, inside the place first told")
            e.evidence.append(Evidence(article.id, "location", p.start, p.end, p.text))
    if e.event_date is None:
        e.reasons.append(_undated(ms, article))
    e.notes = note(e)
    for m in ms:
        m.event_id = e.event_id
    return e


def build(mentions: Sequence[Mention], article: Article) -> list[Event]:
    groups = merge.happenings(mentions)
    story = next((where for g in groups if (where := merge.place(g)) is not None), None)
    return [event(g, article, n, story) for n, g in enumerate(groups, 1)]
