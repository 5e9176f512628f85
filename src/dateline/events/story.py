"""Across sentences: retellings, responsibility claims, and sentences that add sources or tolls to a happening
already told."""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dateline import dates as dates_stage
from dateline import places as places_stage
from dateline.events import merge, numbers, roles
from dateline.events.attribute import claims_in, tell
from dateline.events.context import SETTLEMENT_WORDS, VIOLENT, Found
from dateline.events.detect import Candidate
from dateline.ingest.metadata import breaks
from dateline.model import Actor, Evidence, Mention, Span
from dateline.taxonomy import event_type_of


def retold(doc: Doc, cand: Candidate, found: Found) -> bool:
    """A definite noun with no date of its own ("claimed the attack", "killed in the fighting") refers back to a
    happening already told; it adds to that one instead of starting another."""

    def definite(tok: Token) -> bool:
        return tok.pos_ == "NOUN" and any(c.dep_ == "poss" or c.lower_ in ("the", "this", "that") for c in tok.children)

    if definite(cand.token) and cand.token.head.lower_ in ("before", "after", "since", "during", "until"):
        return True  # "home to 50,000 people before the offensive": a reference point, not a report
    others = [h.head for h in cand.hits if h is not cand.main]
    kill = cand.main.trigger.label in ("@kill", "@attack")  # "3 were killed", "25 were wounded in the blast"
    passive = kill and any(c.dep_ == "nsubjpass" for c in cand.token.children)
    unattributed = passive and not any(c.dep_ == "agent" for c in cand.token.children) and not others
    casualties = unattributed or (kill and others and all(definite(t) for t in others))  # "3 were killed"
    return (definite(cand.token) or bool(casualties)) and dates_stage.attach(doc, cand.token.i, found.dates) is None


def responsible(sent: SpacySpan, actors: list[Actor]) -> Actor | None:
    """The group that "claimed responsibility" in a sentence, or that officials "blamed", if any."""
    for tok in sent:
        if tok.lemma_.lower() == "responsibility" and tok.head.lemma_.lower() == "claim":
            return roles.agent(tok.head, actors)
        if tok.lemma_.lower() == "blame" and tok.pos_ == "VERB":
            return roles.patient(tok, actors, None)
        carried_out = tok.lemma_.lower() == "carry" and any(c.lower_ == "out" for c in tok.children)
        if carried_out and (doer := roles.agent(tok, actors) or roles.speaker(tok, actors)):
            return doer  # "Al Shabaab said its fighters had carried out the attack"
    return None


def claim_responsibility(sent: SpacySpan, found: Found, told: list[Mention]) -> None:
    """A group claiming (or blamed for) an attack becomes actor1 of the latest violent happening whose
    perpetrator is not named yet."""
    claimant = responsible(sent, found.actors)
    if claimant is None:
        return
    open_cases = [
        m
        for m in told
        if m.section == "body"
        and event_type_of(m.sub_event_type) in VIOLENT
        and (m.actor1 is None or m.actor1.name.startswith("Unidentified"))
    ]
    if open_cases:
        target = open_cases[-1]
        target.actor1, target.guessed = claimant, False
        target.reasons.append(f"actor1 '{claimant.text}' claimed responsibility or was blamed")
        target.evidence.append(Evidence(target.article_id, "actor1", claimant.start, claimant.end, claimant.text))


def adopt(sent: SpacySpan, found: Found, target: Mention) -> None:
    """A sentence with no happening of its own that gives sources or a death count for one already told;
    without either, its numbers describe the background ("a population of 30,000"), not the event."""
    claims = claims_in(sent, found)
    counts = numbers.counts(sent)
    if not claims and not any(c.death for c in counts):
        return
    tell(target, claims, counts)


def hint_place(doc: Doc, sent: SpacySpan, found: Found, target: Mention, skip: Span | None) -> None:
    """A sentence with no happening of its own that names a town inside the place told for a happening ("the
    Saiburi district of Pattani" after "the restive south of Thailand") hints where it was; the happening takes
    the hint when none of its mentions names a town (``merge.place``)."""
    if target.place is None or target.place_hint is not None or target.geo_precision == 1:
        return
    inside = [p for p in found.places if merge.contains(target.place, p) and p.geonameid != target.place.geonameid]
    attached = places_stage.attach(doc, sent.root.i, inside, skip)
    if attached is not None and attached[1] == 1:  # a town itself, not a reference point ("40 km from")
        target.place_hint = attached[0]


def adopter(sent: SpacySpan, told: list[Mention]) -> Mention | None:
    """The mention an orphan sentence speaks of: the lead when it names the lead's place or says "the town",
    else the last one told in this or the previous paragraph."""
    body = [m for m in told if m.section == "body"]
    if not body:
        return None
    lead = body[0]
    words = {t.lower_ for t in sent}
    if (lead.place and lead.place.text in sent.text) or words & SETTLEMENT_WORDS:
        return lead
    last = body[-1]
    near = breaks(sent.doc.text, last.sentence.end, sent.start_char) <= 1
    return last if near else None


def stopped(sentence: list[Mention]) -> list[Mention]:
    """A strike intercepted in the same sentence ("fired a missile, which was shot down") is one event: the
    disrupted weapons use."""
    if not any(m.sub_event_type == "Disrupted weapons use" for m in sentence):
        return sentence
    return [m for m in sentence if event_type_of(m.sub_event_type) != "Explosions/Remote violence"]
