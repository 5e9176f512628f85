"""Across sentences: retellings, responsibility claims, and sentences that add sources or tolls to a happening
already told."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dateline import dates as dates_stage
from dateline import nlp
from dateline import places as places_stage
from dateline.events import merge, numbers, roles
from dateline.events.attribute import claims_in, with_counts
from dateline.events.context import GENERIC, LOOTING, SETTLEMENT_WORDS, VIOLENT, Found
from dateline.events.detect import Candidate
from dateline.ingest.metadata import breaks
from dateline.model import Actor, Claim, Evidence, Mention, Place, Span
from dateline.taxonomy import event_type_of

PROTEST_FORCE = frozenset({"Protest with intervention", "Excessive force against protesters"})


def retold(doc: Doc, cand: Candidate, found: Found) -> bool:
    """A definite noun with no date of its own ("claimed the attack", "killed in the fighting") refers back to a
    happening already told; it adds to that one instead of starting another."""

    def definite(tok: Token) -> bool:
        return tok.pos_ == "NOUN" and any(c.dep_ == "poss" or c.lower_ in ("the", "this", "that") for c in tok.children)

    if definite(cand.token) and cand.token.head.lower_ in ("before", "after", "since", "during", "until"):
        return True  # "home to 50,000 people before the offensive": a reference point, not a report
    others = [h.head for h in cand.hits if h is not cand.main]
    kill = cand.main.trigger.label in GENERIC  # "3 were killed", "25 were wounded in the blast"
    passive = kill and any(c.dep_ == "nsubjpass" for c in cand.token.children)
    unattributed = passive and not any(c.dep_ == "agent" for c in cand.token.children) and not others
    casualties = unattributed or (kill and others and all(definite(t) for t in others))  # "3 were killed"
    doers = [c for c in cand.token.children if c.dep_ == "nsubj"]
    plunder = cand.main.trigger.label == LOOTING and any(definite(d) for d in doers)  # "the attackers also looted"
    told = definite(cand.token) or bool(casualties) or plunder
    return told and dates_stage.attach(doc, cand.token.i, found.dates) is None


def responsible(sent: SpacySpan, actors: list[Actor]) -> Actor | None:
    """The group that "claimed responsibility" in a sentence, or that officials "blamed", if any."""
    for tok in sent:
        if tok.lemma_.lower() == "responsibility" and tok.head.lemma_.lower() == "claim":
            return roles.agent(tok.head, actors)
        if tok.lemma_.lower() == "blame" and tok.pos_ == "VERB":
            return roles.patient(tok, actors, None)
        carried_out = tok.lemma_.lower() == "carry" and any(c.lower_ == "out" for c in tok.children)
        if carried_out and _points_back(tok) and (doer := roles.agent(tok, actors) or roles.speaker(tok, actors)):
            return doer  # "Al Shabaab said its fighters had carried out the attack"; "carried out four attacks"
    return None  # tells new deeds


def _points_back(verb: Token) -> bool:
    """Whether the verb's object is a deed told before: "the attack", "it", "that bombing", or none given."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None or obj.lower_ in ("it", "them"):
        return True
    return any(c.dep_ == "poss" or c.lower_ in ("the", "this", "that", "these", "those") for c in obj.children)


@dataclass(frozen=True, slots=True)
class Link:
    """What a sentence with no happening of its own adds to the mention at ``target``, told before it."""

    target: int
    claimant: Actor | None = None  # the group that claimed it, or was blamed
    claims: tuple[Claim, ...] = ()
    counts: tuple[numbers.Count, ...] = ()
    hint: Place | None = None  # a town inside the mention's place


def links(
    doc: Doc,
    sent: SpacySpan,
    found: Found,
    told: list[Mention],
    counts: list[numbers.Count],
    skip: Span | None,
    after_toll: bool = False,
) -> list[Link]:
    """What an orphan sentence adds to the happenings told: a responsibility claim to the latest violent one
    whose perpetrator is not named; sources, death counts (``counts``, the sentence's) and a town to the one it
    speaks of. Right after a war's or a period's toll (``after_toll``), a death count goes on telling that toll
    ("estimates the death toll at 130,000")."""
    out = []
    claimant = responsible(sent, found.actors)
    open_cases = [
        i
        for i, m in enumerate(told)
        if m.section == "body"
        and event_type_of(m.sub_event_type) in VIOLENT
        and (m.actor1 is None or m.actor1.name.startswith("Unidentified"))
    ]
    if claimant is not None and open_cases:
        out.append(Link(open_cases[-1], claimant=claimant))
    target = adopter(sent, told)
    if target is None:
        return out
    claims = claims_in(sent, found)
    if after_toll:
        counts = [replace(c, cumulative=c.death) for c in counts]
    if not claims and not any(c.death for c in counts):  # its numbers are background: "a population of 30,000"
        claims, counts = [], []
    hint = _hint(doc, sent, found, told[target], skip)
    if claims or counts or hint:
        out.append(Link(target, claims=tuple(claims), counts=tuple(counts), hint=hint))
    return out


def _hint(doc: Doc, sent: SpacySpan, found: Found, target: Mention, skip: Span | None) -> Place | None:
    """A town or district the sentence names inside the place told for a happening ("the Saiburi district of
    Pattani" after "the restive south of Thailand"): the happening takes it when its mentions name nothing as
    specific (``merge.place``)."""
    if target.place is None or target.place_hint is not None or target.geo_precision == 1:
        return None
    inside = [p for p in found.places if merge.contains(target.place, p) and p.geonameid != target.place.geonameid]
    told = next((c for c in sent.root.children if c.dep_ == "ccomp"), sent.root)  # what "..., police said" says
    attached = places_stage.attach(doc, told.i, inside, skip)
    if attached is None:
        return None
    place, precision = attached
    return place if precision == 1 or merge.district(place) else None  # not a reference ("40 km from")


def linked(told: list[Mention], found: list[Link]) -> list[Mention]:
    """The mentions with what the links add, as new values; the mentions passed in are left as they were."""
    out = list(told)
    for link in found:
        m = out[link.target]
        if (a := link.claimant) is not None:
            m = replace(
                m,
                actor1=a,
                guessed=False,
                reasons=[*m.reasons, f"actor1 '{a.text}' claimed responsibility or was blamed"],
                evidence=[*m.evidence, Evidence(m.article_id, "actor1", a.start, a.end, a.text)],
            )
        m = with_counts(m, list(link.claims), list(link.counts))
        out[link.target] = replace(m, place_hint=m.place_hint or link.hint)
    return out


def adopter(sent: SpacySpan, told: list[Mention]) -> int | None:
    """The index of the mention an orphan sentence speaks of: the lead when it names the lead's place or says
    "the town", else the last one told in this or the previous paragraph."""
    body = [i for i, m in enumerate(told) if m.section == "body"]
    if not body:
        return None
    lead = told[body[0]]
    words = {t.lower_ for t in sent}
    if (lead.place and lead.place.text in sent.text) or words & SETTLEMENT_WORDS:
        return body[0]
    near = breaks(nlp.text(sent.doc), told[body[-1]].sentence.end, sent.start_char) <= 1
    return body[-1] if near else None


def stopped(sentence: list[Mention]) -> list[Mention]:
    """A strike intercepted in the same sentence ("fired a missile, which was shot down") is one event: the
    disrupted weapons use."""
    if not any(m.sub_event_type == "Disrupted weapons use" for m in sentence):
        return sentence
    return [m for m in sentence if event_type_of(m.sub_event_type) != "Explosions/Remote violence"]


def dispersed(sentence: list[Mention]) -> list[Mention]:
    """A protest and the force that met it in the same sentence ("police fired tear gas to disperse students
    protesting") are one event: the intervention."""
    if not any(m.sub_event_type in PROTEST_FORCE for m in sentence):
        return sentence
    return [m for m in sentence if m.sub_event_type != "Peaceful protest"]
