"""Where, when, in what state, by whom by default, and per whom: the attributes of one mention."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dateline import dates as dates_stage
from dateline import nlp
from dateline import places as places_stage
from dateline.actors.lexicon import fill, military
from dateline.events import narrative, numbers, roles
from dateline.events.context import (
    CIVILIANS,
    CROWDS,
    POLICE,
    PROTESTERS,
    RIOTERS,
    SETTLEMENT_WORDS,
    STATE,
    UNIDENTIFIED,
    VIOLENT,
    Found,
    Told,
)
from dateline.ingest.metadata import breaks
from dateline.model import Actor, Article, Claim, DateValue, Evidence, Mention, Place, Quantity
from dateline.spans import starting_in
from dateline.taxonomy import event_type_of


def place_of(
    doc: Doc, tok: Token, found: Found, article: Article, skip: set[int], told: Told
) -> tuple[Place, int] | None:
    """The clause's place; else, when the clause names none and the paragraph so far speaks of "the town", "the
    area" or "it", the town of the happening told just before (in this or the previous paragraph), or the last
    town named."""
    sent = tok.sent
    candidates = [p for p in starting_in(found.places, sent.start_char, sent.end_char) if p.start not in skip]
    local = [p for p in candidates if not _broad(p) and (p.confidence >= 0.5 or p.iso3 == found.country)]
    attached = places_stage.attach(doc, tok.i, local, article.dateline_span) or places_stage.attach(
        doc, tok.i, candidates, article.dateline_span
    )
    if attached and attached[1] == 1:
        return attached
    if capital := _capital(tok, found.places):
        return capital, 1
    paragraph_start = nlp.text(doc).rfind("\n", 0, tok.idx) + 1
    before = {t.lower_ for t in doc.char_span(paragraph_start, tok.idx + len(tok), alignment_mode="expand") or ()}
    if attached is None and (before & SETTLEMENT_WORDS or tok.dep_ == "relcl"):
        if (previous := _last_town(told.town, doc, tok)) is not None:
            return previous, 1
        earlier = reversed(starting_in(found.places, 0, tok.idx))
        if (town := next((p for p in earlier if p.start not in skip and _town(p)), None)) is not None:
            return town, 1
    return attached


def _town(p: Place) -> bool:
    return (p.feature_code or "").startswith("PPL")


def _last_town(last: Mention | None, doc: Doc, tok: Token) -> Place | None:
    """The town of the last happening told in the body at a town, if it was told in this paragraph or the one
    before."""
    if last is None or breaks(nlp.text(doc), last.sentence.end, tok.idx) > 1:
        return None
    return last.place


def _broad(p: Place) -> bool:
    """A country, first-level division or region: the place of last resort when a clause also names a town."""
    code = p.feature_code or ""
    return code.startswith(("PCL", "ADM1", "CONT")) or code in ("RGN", "VAL", "AREA", "PLN", "DSRT", "MTS")


def _capital(tok: Token, found: list[Place]) -> Place | None:
    """ "the Somali capital", "the capital": the one capital city the article names (its dateline included)."""
    clause = tok.sent if tok.pos_ == "NOUN" else tok.subtree
    if not any(t.lower_ == "capital" and t.pos_ == "NOUN" for t in clause):
        return None
    capitals = {p.geonameid: p for p in found if p.feature_code == "PPLC"}
    return next(iter(capitals.values())) if len(capitals) == 1 else None


def date_of(
    doc: Doc,
    tok: Token,
    sent: SpacySpan,
    found: Found,
    inherited: DateValue | None,
    told: Told,
    published: date | None = None,
) -> tuple[DateValue | None, str | None]:
    """The date that governs the trigger's clause, and how it was found when not on the clause itself:
    counted from the happening told before ("a day earlier"), inherited from the sentence before, the day it
    was told ("police said on Friday"), or, for a past happening with no date at all, the day of the story's
    lead event. A past tense never takes a day after the publication day ("detained protesters a day after a
    rally" counts from a rally the story does not date): the next way is tried."""
    past = roles.verb_of(tok).tag_ in ("VBD", "VBN")
    for dv, how in _dates_for(doc, tok, sent, found, inherited, told, past):
        resolved = dates_stage.event_date(dv)
        if not (past and published is not None and resolved is not None and resolved[0] > published.isoformat()):
            return dv, how
    return None, None


def _dates_for(
    doc: Doc, tok: Token, sent: SpacySpan, found: Found, inherited: DateValue | None, told: Told, past: bool
) -> Iterator[tuple[DateValue, str | None]]:
    """The dates a trigger may take, best first, each with how it was found (None: on its own clause)."""
    last = next((m for m in (told.dated, told.lead) if m is not None and _day_precise(m.date)), None)
    if last is not None and last.date is not None:  # "a day after" counts from a day, never from "in July"
        reference = date.fromisoformat(dates_stage.event_date(last.date)[0])
        relative = narrative.shifted(nlp.text(doc), sent.start_char, sent.end_char, reference)
        if relative is not None and _under(tok, relative):  # "killed Thursday, a day after nine died": Wednesday
            relative = narrative.mirrored(relative, reference)
        if relative is not None:
            yield relative, f"date counted from '{last.date.text}'"
    own = dates_stage.attach(doc, tok.i, found.dates)
    said = own is not None and spoken(doc, own, tok)
    if own is not None and not said:
        yield own, None
    if said and (earlier := _told_before(own, sent, found)) is not None:
        yield earlier, f"date '{earlier.text}': the day before it was told, '{own.text}'"
    if inherited is not None:
        yield inherited, f"date '{inherited.text}' from the sentence before"
    if own is not None and said:
        yield own, f"date '{own.text}' when it was told: no earlier date is given"
    lead = told.lead
    if past and lead is not None and lead.date is not None and lead.status == "current":
        yield lead.date, f"date of the story's lead event '{lead.date.text}'"


def _day_precise(dv: DateValue | None) -> bool:
    resolved = dates_stage.event_date(dv) if dv is not None else None
    return resolved is not None and resolved[1] == 1


def _under(tok: Token, shift: DateValue) -> bool:
    """Whether the trigger is in the clause the shift's "after" or "before" governs, told from the other side
    ("a day after nine died": "after" above the trigger, or marking its clause)."""
    path = [tok, *tok.ancestors]
    words = [*path, *(c for t in path for c in t.children if c.dep_ == "mark")]
    return any(w.lower_ in ("after", "before") and shift.start <= w.idx < shift.end for w in words)


def spoken(doc: Doc, dv: DateValue, trigger: Token) -> bool:
    """Whether a date is when someone spoke ("the governor said on Monday", "told reporters on Tuesday") or
    claimed it ("claimed responsibility on Tuesday"), not when the trigger's happening was: the first verb above
    it is a verb of saying, or of claiming responsibility, other than the trigger."""
    span = doc.char_span(dv.start, dv.end, alignment_mode="expand")
    if span is None:
        return False
    verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb.i != trigger.i and (roles.speaks(verb) or _claims(verb))


TOLD_WITHIN = timedelta(days=31)  # a day this close before the day it was told can be the happening's


def _told_before(said: DateValue, sent: SpacySpan, found: Found) -> DateValue | None:
    """The latest other day the sentence gives, within TOLD_WITHIN before the day it was told: one tells of what
    happened just before ("claimed on Tuesday responsibility for an attack late on Sunday", however the parser
    hangs the two days); a year or a month elsewhere in the sentence ("the 2016 peace deal") is no such day."""
    told = dates_stage.event_date(said)
    if told is None:
        return None
    day = date.fromisoformat(told[0][:10]) if len(told[0]) >= 10 else None
    earlier = []
    for d in starting_in(found.dates, sent.start_char, sent.end_char):
        r = dates_stage.event_date(d) if d is not said and d.type in ("DATE", "TIME") else None
        if day is not None and r is not None and r[1] == 1 and day - TOLD_WITHIN <= date.fromisoformat(r[0]) < day:
            earlier.append((r[0], d))
    return max(earlier, key=lambda x: x[0])[1] if earlier else None


def _claims(verb: Token) -> bool:
    return verb.lemma_.lower() == "claim" and any(c.lemma_.lower() == "responsibility" for c in verb.children)


def sentence_date(sent: SpacySpan, found: Found) -> DateValue | None:
    """The first resolvable date of a sentence that is not where a period began ("killed since the protests
    began in early October"): what a following anaphoric sentence inherits."""
    dates = starting_in(found.dates, sent.start_char, sent.end_char)
    return next((d for d in dates if dates_stage.event_date(d) and not _period_start(sent.doc, d)), None)


def _period_start(doc: Doc, dv: DateValue) -> bool:
    span = doc.char_span(dv.start, dv.end, alignment_mode="expand")
    if span is None:
        return False
    path = [span.root, *span.root.ancestors]
    marks = [c for t in path for c in t.children if c.dep_ == "mark"]
    return any(t.lower_ in ("since", "from") for t in (*path, *marks))


def status_of(dv: DateValue | None, tok: Token, published: date | None, event_day: str | None) -> str | None:
    """ongoing for the present progressive ("are fighting", "is still shelling"), else by the date's distance
    from publication: current within 3 days, recent within 60, historical before."""
    verb = roles.verb_of(tok)
    progressive = verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in ("VBP", "VBZ") for c in verb.children
    )  # "are fighting"; "have attacked" is done, not going on
    still = any(c.lower_ in ("currently", "still", "continuing", "ongoing") for c in verb.children)
    if (dv is not None and dv.value == "PRESENT_REF") or still or progressive:
        return "ongoing"
    if published is None or event_day is None:
        return None
    days = (published - date.fromisoformat(event_day)).days
    if days <= 3:
        return "current"
    return "recent" if days <= 60 else "historical"


def coherent_actors(m: Mention) -> Mention:
    """The mention with its actors in their places: one actor is never both sides (the second is dropped), and
    civilians are never the perpetrator of violence against civilians (they become its target, their attacker
    the perpetrator or, unnamed, left for ``default_actors``)."""
    a1, a2 = m.actor1, m.actor2
    if a1 is not None and a2 is not None and a1.name == a2.name:
        return replace(m, actor2=None, reasons=[*m.reasons, f"actor2 '{a2.text}' is actor1: dropped"])
    if a1 is None or a1.inter != CIVILIANS or event_type_of(m.sub_event_type) != "Violence against civilians":
        return m
    if a2 is not None and a2.inter == CIVILIANS:
        return m
    why = f"actor1 '{a1.text}' are the victims: actor2"
    return replace(m, actor1=a2, actor2=a1, guessed=a2 is None, reasons=[*m.reasons, why])


def default_actors(m: Mention, sent: SpacySpan, found: Found, iso3: str | None) -> Mention:
    """The mention with what the text implies filled in: protests and riots have a crowd (and the force that
    intervened), arrests a police force, air strikes the country's military, and other violence with no named
    perpetrator an unidentified armed group of the country."""
    kind = event_type_of(m.sub_event_type)
    t = m.trigger
    a1, a2 = m.actor1, m.actor2
    if not iso3:
        return m
    if kind in ("Protests", "Riots"):
        inter, template = (PROTESTERS, CROWDS[0]) if kind == "Protests" else (RIOTERS, CROWDS[1])
        crowd = next((a for a in (a1, a2) if a and a.inter in (PROTESTERS, RIOTERS)), None)
        crowd = crowd or Actor(t.start, t.end, t.text, fill(template, iso3), inter, iso3)
        force = next((a for a in (a1, a2) if a and a.inter in roles.ARMED), None)
        force = force or next((a for a in found.actors if a.inter in roles.ARMED and _in(a, sent)), None)
        a1, a2 = crowd, force
        if m.sub_event_type == "Excessive force against protesters":  # the force is the perpetrator: police
            a1, a2 = force or Actor(t.start, t.end, t.text, fill(POLICE, iso3), STATE, iso3), crowd
    elif a1 is None and m.sub_event_type == "Air/drone strike":  # barrel bombs, helicopters: a state flies
        a1 = _air_force(found) or Actor(t.start, t.end, t.text, military(iso3), STATE, iso3)
    elif a1 is None and m.sub_event_type == "Arrests":
        a1 = Actor(t.start, t.end, t.text, fill(POLICE, iso3), STATE, iso3)
    elif a1 is None and kind in VIOLENT:
        a1 = Actor(t.start, t.end, t.text, fill(UNIDENTIFIED, iso3), 3, iso3)
    else:
        return m
    implied = f"actors {a1.name if a1 else None} / {a2.name if a2 else None} implied"
    return replace(m, actor1=a1, actor2=a2, reasons=[*m.reasons, implied])


def _air_force(found: Found) -> Actor | None:
    """The first military the story names: the state whose aircraft an unattributed strike is."""
    return next((a for a in found.actors if a.inter == STATE and a.country and a.name == military(a.country)), None)


def _in(a: Actor, sent: SpacySpan) -> bool:
    return sent.start_char <= a.start < sent.end_char


def claims_in(sent: SpacySpan, found: Found) -> list[Claim]:
    """The sources a sentence cites, wires that only carried the story aside."""
    return [c for c in found.claims if sent.start_char <= c.start < sent.end_char and c.kind != "wire"]


def quantity(c: numbers.Count, sources: list[str]) -> Quantity:
    return Quantity(
        c.value,
        numbers.counted(c),
        c.start,
        c.end,
        c.qualifier,
        sources[0] if sources else None,
        "cumulative" if c.cumulative else None,
    )


def day_of(dv: DateValue | None, published: date | None) -> tuple[str | None, int | None]:
    """The ACLED event date and time precision: the date's own, else the publication day at precision 2."""
    resolved = dates_stage.event_date(dv) if dv else None
    if resolved:
        return resolved
    return (published.isoformat(), 2) if published else (None, None)


def with_counts(m: Mention, claims: list[Claim], counts: list[numbers.Count]) -> Mention:
    """The mention with a sentence's claim sources and counts added: deaths to its fatalities (``numbers.toll``;
    people named one by one only when no number is told; dead told as more, "also killed", added), the rest to
    its quantities, each with its evidence."""
    if not claims and not counts:
        return m
    names = [c.source for c in claims]
    seen = {(e.start, e.end) for e in m.evidence if e.field == "fatalities"}  # a count already added counts once
    deaths = [c for c in counts if c.death and not c.cumulative and (c.start, c.end) not in seen]
    extra = [c for c in deaths if c.more and m.section == "body"]  # "3 attackers were also killed": added
    plain = [c for c in deaths if c not in extra]
    tolls = [t for t in (numbers.toll(plain), (m.fatalities, m.singly) if m.fatalities is not None else None) if t]
    told = [v for v, single in tolls if not single]
    fatalities = max(told or [v for v, _ in tolls], default=None)
    more = numbers.toll(extra)
    if more is not None:
        fatalities = more[0] + (fatalities or 0)
    return replace(
        m,
        claim_sources=list(dict.fromkeys([*m.claim_sources, *names])),
        fatalities=fatalities,
        singly=bool(tolls) and not told and more is None,
        adds=m.adds or (more is not None and not tolls),
        quantities=[*m.quantities, *(quantity(c, names) for c in counts if c.cumulative or not c.death)],
        evidence=[
            *m.evidence,
            *(Evidence(m.article_id, "claim_sources", c.start, c.end, c.text) for c in claims),
            *(Evidence(m.article_id, "fatalities", c.start, c.end, c.text) for c in deaths),
        ],
    )
