"""Events: find what happened in each sentence (detect), type it (classify), say who, where, when and how many
(roles, numbers, claims), and build ACLED events from the mentions (build).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dateline import dates as dates_stage
from dateline import places as places_stage
from dateline.actors.lexicon import fill
from dateline.events import narrative, numbers, roles
from dateline.events.classify import resolve
from dateline.events.detect import Candidate, group, hits, unreal
from dateline.model import Actor, Article, DateValue, Evidence, Mention, Place, Span
from dateline.taxonomy import event_type_of

THRESHOLD = 0.5
SETTLEMENT_WORDS = {
    "town",
    "city",
    "village",
    "it",
    "which",
    "there",
    "hamlet",
    "settlement",
    "district",
    "area",
}
ANAPHORIC_STARTS = {"that", "this", "these", "those", "it", "they", "he", "she"}
TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}
PROTESTERS, RIOTERS, STATE, REBELS = 6, 5, 1, 2
CROWDS = ("Protesters ({country})", "Rioters ({country})")
POLICE = "Police Forces of {country}"
UNIDENTIFIED = "Unidentified Armed Group ({country})"
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


@dataclass(slots=True)
class Found:
    """What the other extractors found in one article."""

    dates: list[DateValue] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    claims: list[tuple[Span, str, str]] = field(default_factory=list)  # span, source name, kind
    country: str | None = None  # ISO3 of the country the article is mostly about


def _span(doc: Doc, start: int, end: int) -> Span:
    return Span(start, end, doc.text[start:end])


def _blocked(sent: SpacySpan, found: Found) -> set[int]:
    """Names and dates never trigger: places, agencies, date phrases, and the proper nouns of actors ("Rapid
    Support Forces" is no "support"); an actor's common nouns still do ("Russian warplanes", "Syrian artillery")."""
    names = [(p.start, p.end) for p in found.places] + [(s.start, s.end) for s, _, _ in found.claims]
    names += [(d.start, d.end) for d in found.dates]  # "March 19" is no march
    actors = [(a.start, a.end) for a in found.actors if a.inter not in (PROTESTERS, RIOTERS)]
    return {
        t.i
        for t in sent
        if any(a <= t.idx < b for a, b in names) or (t.pos_ == "PROPN" and any(a <= t.idx < b for a, b in actors))
    }


def _body(actors: list[Actor], article: Article) -> list[Actor]:
    return [a for a in actors if article.kind_at(a.start) == "body"]


def _roles(cand: Candidate, label: str, actors: list[Actor]) -> tuple[Actor | None, Actor | None]:
    tok = cand.token
    if label == "@lost":  # "they had lost it to government forces": the new holder is the agent
        return roles.recipient(tok, actors), roles.agent(tok, actors)
    first, second = roles.between(tok, actors)
    if first is not None:
        return first, second
    first = roles.agent(tok, actors)
    second = roles.patient(tok, actors, first)
    for hit in cand.hits:  # "attacked the village, killing nine villagers": the victims hang from "killing"
        second = second or roles.patient(hit.head, actors, first)
    return first, second


def _place(doc: Doc, tok: Token, found: Found, article: Article, skip: set[int]) -> tuple[Place, int] | None:
    """The clause's place; else, when the paragraph so far speaks of "the town" or "it", the last town named
    before the trigger."""
    candidates = [p for p in found.places if p.start not in skip]
    local = [p for p in candidates if not _broad(p) and (p.confidence >= 0.5 or p.iso3 == found.country)]
    attached = places_stage.attach(doc, tok.i, local, article.dateline_span) or places_stage.attach(
        doc, tok.i, candidates, article.dateline_span
    )
    if attached and attached[1] == 1:
        return attached
    if capital := _capital(tok, found.places):
        return capital, 1
    paragraph_start = doc.text.rfind("\n", 0, tok.idx) + 1
    before = {t.lower_ for t in doc.char_span(paragraph_start, tok.idx + len(tok), alignment_mode="expand") or ()}
    if before & SETTLEMENT_WORDS or tok.dep_ == "relcl":
        towns = [p for p in candidates if p.start < tok.idx and (p.feature_code or "").startswith("PPL")]
        if towns:
            return towns[-1], 1
    return attached


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


def _date(
    doc: Doc, tok: Token, sent: SpacySpan, found: Found, inherited: DateValue | None, told: list[Mention]
) -> tuple[DateValue | None, str | None]:
    """The date that governs the trigger's clause, and how it was found when not on the clause itself:
    counted from the happening told before ("a day earlier"), inherited from the sentence before, or, for a
    past happening with no date at all, the day of the story's lead event."""
    before = [m for m in told if m.section == "body" and m.date is not None and dates_stage.event_date(m.date)]
    if before:
        reference = date.fromisoformat(dates_stage.event_date(before[-1].date)[0])
        if relative := narrative.shifted(doc.text, sent.start_char, sent.end_char, reference):
            return relative, f"date counted from '{before[-1].date.text}'"
    own = dates_stage.attach(doc, tok.i, found.dates)
    if own is not None:
        return own, None
    if inherited is not None:
        return inherited, f"date '{inherited.text}' from the sentence before"
    past = roles.verb_of(tok).tag_ in ("VBD", "VBN")
    if before and past and before[0].status == "current":
        return before[0].date, f"date of the story's lead event '{before[0].date.text}'"
    return None, None


def _sentence_date(sent: SpacySpan, found: Found) -> DateValue | None:
    """The first resolvable date of a sentence: what a following anaphoric sentence inherits."""
    return next(
        (d for d in found.dates if sent.start_char <= d.start < sent.end_char and dates_stage.event_date(d)),
        None,
    )


def _retold(doc: Doc, cand: Candidate, found: Found) -> bool:
    """A definite noun with no date of its own ("claimed the attack", "killed in the fighting") refers back to a
    happening already told; it adds to that one instead of starting another."""

    def definite(tok: Token) -> bool:
        return tok.pos_ == "NOUN" and any(c.dep_ == "poss" or c.lower_ in ("the", "this", "that") for c in tok.children)

    others = [h.head for h in cand.hits if h is not cand.main]
    kill = cand.main.trigger.label == "@kill"
    passive = kill and any(c.dep_ == "nsubjpass" for c in cand.token.children)
    unattributed = passive and not any(c.dep_ == "agent" for c in cand.token.children) and not others
    casualties = unattributed or (kill and others and all(definite(t) for t in others))  # "3 were killed"
    return (definite(cand.token) or bool(casualties)) and dates_stage.attach(doc, cand.token.i, found.dates) is None


def _responsible(sent: SpacySpan, actors: list[Actor]) -> Actor | None:
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


def _claim_responsibility(sent: SpacySpan, found: Found, told: list[Mention]) -> None:
    """A group claiming (or blamed for) an attack becomes actor1 of the latest violent happening that has no
    named non-state perpetrator yet."""
    claimant = _responsible(sent, found.actors)
    if claimant is None:
        return
    open_cases = [
        m
        for m in told
        if m.section == "body"
        and event_type_of(m.sub_event_type) in VIOLENT
        and (m.actor1 is None or m.actor1.inter != REBELS or m.actor1.name.startswith("Unidentified"))
    ]
    if open_cases:
        target = open_cases[-1]
        target.actor1 = claimant
        target.reasons.append(f"actor1 '{claimant.text}' claimed responsibility or was blamed")
        target.evidence.append(Evidence(target.article_id, "actor1", claimant.start, claimant.end, claimant.text))


def _adopt(sent: SpacySpan, found: Found, target: Mention) -> None:
    """A sentence with no happening of its own that gives sources or a death count for one already told;
    without either, its numbers describe the background ("a population of 30,000"), not the event."""
    claims = _claims(sent, found)
    counts = numbers.counts(sent)
    if not claims and not any(c.death for c in counts):
        return
    target.claim_sources = list(dict.fromkeys([*target.claim_sources, *(name for _, name in claims)]))
    target.evidence += [Evidence(target.article_id, "claim_sources", s.start, s.end, s.text) for s, _ in claims]
    for c in counts:
        if c.death:
            target.fatalities = max(target.fatalities or 0, c.value)
            target.evidence.append(Evidence(target.article_id, "fatalities", c.start, c.end, c.text))
        else:
            target.quantities.append(_quantity(c, [name for _, name in claims]))


def _adopter(sent: SpacySpan, told: list[Mention]) -> Mention | None:
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
    near = sent.doc.text.count("\n", last.sentence.end, sent.start_char) <= 2
    return last if near else None


def _claims(sent: SpacySpan, found: Found) -> list[tuple[Span, str]]:
    return [
        (s, name) for s, name, kind in found.claims if sent.start_char <= s.start < sent.end_char and kind != "wire"
    ]


def _status(dv: DateValue | None, tok: Token, published: date | None, event_day: str | None) -> str | None:
    """ongoing for the present and the progressive ("are engaged in offensives"), else by the date's distance
    from publication: current within 3 days, recent within 60, historical before."""
    verb = roles.verb_of(tok)
    present = any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBP", "VBZ") for c in verb.children)
    still = any(c.lower_ in ("currently", "still", "continuing", "ongoing") for c in verb.children)
    if (dv is not None and dv.value == "PRESENT_REF") or still or (present and verb.tag_ in ("VBG", "VBN")):
        return "ongoing"
    if published is None or event_day is None:
        return None
    days = (published - date.fromisoformat(event_day)).days
    if days <= 3:
        return "current"
    return "recent" if days <= 60 else "historical"


def _default_actors(m: Mention, sent: SpacySpan, found: Found, iso3: str | None) -> None:
    """Fill what the text implies: protests and riots have a crowd (and the force that intervened), arrests a
    police force, and violence with no named perpetrator an unidentified armed group of the country."""
    kind = event_type_of(m.sub_event_type)
    t = m.trigger
    if not iso3:
        return
    if kind in ("Protests", "Riots"):
        inter, template = (PROTESTERS, CROWDS[0]) if kind == "Protests" else (RIOTERS, CROWDS[1])
        crowd = next((a for a in (m.actor1, m.actor2) if a and a.inter in (PROTESTERS, RIOTERS)), None)
        crowd = crowd or Actor(t.start, t.end, t.text, fill(template, iso3), inter, iso3)
        force = next((a for a in (m.actor1, m.actor2) if a and a.inter in roles.ARMED), None)
        force = force or next((a for a in found.actors if a.inter in roles.ARMED and _in(a, sent)), None)
        m.actor1, m.actor2 = crowd, force
        if m.sub_event_type == "Excessive force against protesters" and force:
            m.actor1, m.actor2 = force, crowd  # the force is the perpetrator
    elif m.actor1 is None and m.sub_event_type == "Arrests":
        m.actor1 = Actor(t.start, t.end, t.text, fill(POLICE, iso3), STATE, iso3)
    elif m.actor1 is None and kind in VIOLENT:
        m.actor1 = Actor(t.start, t.end, t.text, fill(UNIDENTIFIED, iso3), 3, iso3)
    else:
        return
    m.reasons.append(f"actors {m.actor1.name if m.actor1 else None} / {m.actor2.name if m.actor2 else None} implied")


def _in(a: Actor, sent: SpacySpan) -> bool:
    return sent.start_char <= a.start < sent.end_char


def _mention(
    doc: Doc,
    sent: SpacySpan,
    cand: Candidate,
    article: Article,
    found: Found,
    inherited: DateValue | None,
    told: list[Mention],
) -> Mention | None:
    tok = cand.token
    label = cand.main.trigger.label
    actor1, actor2 = _roles(cand, label, found.actors)
    reasons: list[str] = []
    if actor1 is None and label not in ("@protest",):
        exclude = actor2.name if actor2 else None
        actor1 = roles.nearest_armed(doc, found.actors, tok.idx, sent.start_char, exclude, agents=True) or (
            roles.nearest_armed(doc, _body(found.actors, article), sent.start_char, exclude=exclude)
            if not any(c.dep_ in roles.SUBJECT for c in tok.children)
            else None
        )
        if actor1:
            reasons.append(f"actor1 '{actor1.text}' taken from context")
    skip = {article.dateline_span.start} if article.dateline_span else set()
    placed = _place(doc, tok, found, article, skip)
    iso3 = placed[0].iso3 if placed else None
    took_place = bool(placed) and any(c.dep_ == "dobj" and c.idx == placed[0].start for c in tok.children)
    sub, weight, why = resolve(cand, sent, actor1, actor2, iso3, took_place)
    reasons += why
    if weight < THRESHOLD:
        return None
    m = Mention(
        article_id=article.id,
        sentence=_span(doc, sent.start_char, sent.end_char),
        trigger=_span(doc, cand.main.tokens[0].idx, cand.main.tokens[-1].idx + len(cand.main.tokens[-1])),
        event_type="",
        sub_event_type=sub,
        section=article.kind_at(sent.start_char),
        actor1=actor1,
        actor2=actor2,
        confidence=weight,
        reasons=reasons,
    )
    _default_actors(m, sent, found, iso3 or found.country)
    actor1, actor2 = m.actor1, m.actor2
    ev = m.evidence
    ev.append(Evidence(article.id, "sub_event_type", m.trigger.start, m.trigger.end, m.trigger.text))
    for name, actor in (("actor1", actor1), ("actor2", actor2)):
        if actor:
            ev.append(Evidence(article.id, name, actor.start, actor.end, actor.text))
    if actor1:
        m.assoc_actor_1 = [*actor1.patrons, *roles.companions(tok, actor1, found.actors)]
    if actor2:
        m.assoc_actor_2 = list(actor2.patrons)
        m.civilian_targeting = actor2.inter == 7
    if placed:
        m.place, m.geo_precision = placed
        m.reasons.append(f"place '{m.place.text}' at precision {m.geo_precision}")
        ev.append(Evidence(article.id, "location", m.place.start, m.place.end, m.place.text))
    m.date, how = _date(doc, tok, sent, found, inherited, told)
    if how:
        m.reasons.append(how)
    if m.date is not None:
        ev.append(Evidence(article.id, "event_date", m.date.start, m.date.end, m.date.text))
    resolved = dates_stage.event_date(m.date) if m.date else None
    published = article.published.isoformat() if article.published else None
    m.status = _status(m.date, tok, article.published, resolved[0] if resolved else published)
    claims = _claims(sent, found)
    m.claim_sources = list(dict.fromkeys(name for _, name in claims))
    ev += [Evidence(article.id, "claim_sources", s.start, s.end, s.text) for s, _ in claims]
    for c in numbers.counts(sent):
        if c.death:
            m.fatalities = max(m.fatalities or 0, c.value)
            ev.append(Evidence(article.id, "fatalities", c.start, c.end, c.text))
        else:
            m.quantities.append(_quantity(c, m.claim_sources))
    if sub in TERRITORY:
        m.control_change = {
            "place": m.place.name if m.place else None,
            "from": actor2.name if actor2 else None,
            "to": actor1.name if actor1 else None,
        }
    return m


def _quantity(c: numbers.Count, sources: list[str]) -> dict[str, object]:
    q: dict[str, object] = {"value": c.value, "of": numbers.counted(c), "start": c.start, "end": c.end}
    if c.qualifier:
        q["qualifier"] = c.qualifier
    if sources:
        q["source"] = sources[0]
    return q


def mentions(doc: Doc, article: Article, found: Found) -> list[Mention]:
    """Every reported happening in the article's body and captions, with its attributes and evidence."""
    out: list[Mention] = []
    previous_date: DateValue | None = None
    previous_paragraph = -1
    for sent in doc.sents:
        kind = article.kind_at(sent.start_char)
        if kind in ("boilerplate", "signoff"):
            continue
        paragraph = doc.text.count("\n", 0, sent.start_char)
        anaphoric = sent[0].lower_ in ANAPHORIC_STARTS
        inherited = previous_date if (paragraph == previous_paragraph or anaphoric) else None
        told = len(out)
        claim = bool(out) and _responsible(sent, found.actors) is not None  # tells who did it, not a new deed
        for cand in [] if claim else group(hits(sent, _blocked(sent, found))):
            if unreal(cand.token) or (out and _retold(doc, cand, found)):
                continue
            m = _mention(doc, sent, cand, article, found, inherited, out)
            if m is not None:
                out.append(m)
        out[told:] = _stopped(out[told:])
        if len(out) == told and kind == "body":
            _claim_responsibility(sent, found, out)
            if target := _adopter(sent, out):
                _adopt(sent, found, target)
        previous_date = _sentence_date(sent, found) or inherited
        previous_paragraph = paragraph
    return out


def _stopped(sentence: list[Mention]) -> list[Mention]:
    """A strike intercepted in the same sentence ("fired a missile, which was shot down") is one event: the
    disrupted weapons use."""
    if not any(m.sub_event_type == "Disrupted weapons use" for m in sentence):
        return sentence
    return [m for m in sentence if event_type_of(m.sub_event_type) != "Explosions/Remote violence"]


def fallback_type(doc: Doc) -> tuple[str, float]:
    """The strongest trigger's type anywhere in the doc, modality and threshold aside; "Other" when none."""
    best: tuple[float, str] = (0.0, "Other")
    for sent in doc.sents:
        for cand in group(hits(sent, set())):
            sub, weight, _ = resolve(cand, sent, None, None)
            best = max(best, (weight / 2, sub))
    return best[1], best[0]
