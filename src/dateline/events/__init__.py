"""Events: find what happened in each sentence (detect), type it (classify), say who, where, when and how many
(roles, numbers, claims), and build ACLED events from the mentions (build).
"""

from __future__ import annotations

from dataclasses import replace
from functools import reduce

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dateline import nlp
from dateline import places as places_stage
from dateline.events import attribute, learned, lexicon, numbers, relevance, roles, story
from dateline.events.classify import resolve
from dateline.events.context import (
    ANAPHORIC_STARTS,
    CHANGE_OF_HANDS,
    GENERIC,
    PROTESTERS,
    RIOTERS,
    STATE,
    TERRITORY,
    VIOLENT,
    Found,
    Told,
)
from dateline.events.detect import Candidate, clause_of, group, hits, unreal
from dateline.events.lexicon import has_phrase
from dateline.ingest.metadata import breaks
from dateline.model import Actor, Article, DateValue, Evidence, Mention, Place, Span
from dateline.spans import starting_in
from dateline.taxonomy import event_type_of

THRESHOLD = 0.5
PLAUSIBLE = 0.05  # below this classifier probability the lexicon's class gives way...
SURE = 0.75  # ...to the classifier's best class, when it is at least this probable...
DECISIVE = 0.9  # ...and the trigger is not one that names its class outright ("abducted", "air strike")
WINDOW = (12, 20)  # words of the clause before and after the trigger that the classifier reads

Named = tuple[Actor | None, Actor | None]  # actor1 and actor2 as the parse names them


def _span(article: Article, start: int, end: int) -> Span:
    return Span(start, end, article.text[start:end])


def _blocked(sent: SpacySpan, found: Found) -> set[int]:
    """Names and dates never trigger: places, agencies, date phrases, and the proper nouns of actors ("Rapid
    Support Forces" is no "support"); an actor's common nouns still do ("Russian warplanes", "Syrian artillery")."""
    a0, b0 = sent.start_char, sent.end_char
    kinds = (found.places, found.claims, found.dates)  # "March 19" is no march
    names = [(x.start, x.end) for kind in kinds for x in starting_in(kind, a0, b0)]
    actors = [(a.start, a.end) for a in starting_in(found.actors, a0, b0) if a.inter not in (PROTESTERS, RIOTERS)]
    return {
        t.i
        for t in sent
        if any(a <= t.idx < b for a, b in names) or (t.pos_ == "PROPN" and any(a <= t.idx < b for a, b in actors))
    }


def _place_heads(sent: SpacySpan, found: Found) -> frozenset[int]:
    """The token indices of the heads of the place names in a sentence."""
    inside = (p for p in found.places if sent.start_char <= p.start < sent.end_char)
    spans = (sent.doc.char_span(p.start, p.end, alignment_mode="expand") for p in inside)
    return frozenset(s.root.i for s in spans if s is not None and sent.start <= s.root.i < sent.end)


def _described(tok: Token, how: str | None, when: DateValue | None, status: str | None) -> bool:
    """Whether the trigger describes an actor or a region rather than reports a happening: a going-on with no day
    of its own, in a relative clause or for a purpose ("the region where separatists are fighting to form a
    state", "troops who are fighting the militants")."""
    if status != "ongoing" or (when is not None and how is None):
        return False
    purpose = any(c.dep_ in ("xcomp", "advcl") and any(g.tag_ == "TO" for g in c.children) for c in tok.children)
    return tok.dep_ in ("relcl", "acl") or purpose


def _clause_counts(counts: list[numbers.Count], tok: Token) -> list[numbers.Count]:
    """The sentence's counts that belong to the trigger's clause: "five were killed ... a day after nine died"
    gives the five to the killing, the nine to the deaths before it."""
    head = clause_of(tok)[0]
    return [c for c in counts if clause_of(c.noun)[0] == head]


def _same_side(a: Actor, target: Actor | None) -> bool:
    """Whether ``a`` is the target's own state: its government, army or police."""
    return target is not None and a.inter == target.inter == STATE and a.country == target.country


def _roles(cand: Candidate, label: str, actors: list[Actor]) -> Named:
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
    if label in relevance.TERRITORIAL:
        second = second or roles.holder(tok, actors, first)
    return first, second


def _mention(
    doc: Doc,
    sent: SpacySpan,
    cand: Candidate,
    named: Named,
    article: Article,
    found: Found,
    inherited: DateValue | None,
    told: Told,
    verdict: learned.Verdict | None,
    framed: bool,
    follows: bool,
    counts: list[numbers.Count],
) -> Mention | None:
    tok = cand.token
    label = cand.main.trigger.label
    lemmas = [t.lemma_.lower() for t in sent]
    actor1, actor2 = named  # as the parse names them, before context fills a gap
    reasons: list[str] = []
    if actor1 is None and label not in ("@protest",):
        exclude = actor2.name if actor2 else None

        def other_side(a: Actor) -> bool:  # the police's mayor did not attack them
            return not _same_side(a, actor2)

        def told_in_body(a: Actor) -> bool:
            return other_side(a) and article.kind_at(a.start) == "body"

        actors = found.actors
        actor1 = roles.nearest_armed(doc, actors, tok.idx, sent.start_char, exclude, agents=True, keep=other_side) or (
            roles.nearest_armed(doc, actors, sent.start_char, exclude=exclude, keep=told_in_body)
            if not any(c.dep_ in roles.SUBJECT for c in tok.children)
            else None
        )
        if actor1:
            reasons.append(f"actor1 '{actor1.text}' taken from context")
    skip = {article.dateline_span.start} if article.dateline_span else set()
    placed = (
        places_stage.attach(doc, tok.i, found.places, article.dateline_span, clause_only=True)
        if follows  # what points back is placed only by its own words ("the attack on the post in Bankilare")
        else attribute.place_of(doc, tok, found, article, skip, told)
    )
    iso3 = placed[0].iso3 if placed else None
    took_place = bool(placed) and any(c.dep_ == "dobj" and c.idx == placed[0].start for c in tok.children)
    sub, weight, why = resolve(cand, sent, actor1, actor2, iso3, took_place)
    reasons += why
    if weight < THRESHOLD:
        return None
    if framed or relevance.territory_veto(label, *named, took_place) or relevance.classifier_veto(verdict, *named):
        return None
    sub, weight, why = decide(sub, weight, verdict)
    reasons += why or [f"relevant: armed actor '{a.text}' named" for a in named if a and relevance.armed(a)][:1]
    draft = Mention(
        article_id=article.id,
        sentence=_span(article, sent.start_char, sent.end_char),
        trigger=_span(article, cand.main.tokens[0].idx, cand.main.tokens[-1].idx + len(cand.main.tokens[-1])),
        event_type="",
        sub_event_type=sub,
        section=article.kind_at(sent.start_char),
        actor1=actor1,
        actor2=actor2,
        confidence=weight,
        reasons=reasons,
        another=any(has_phrase(lemmas, p) for p in lexicon.story()["another"]),
        follows=follows,
        guessed=actor1 is not None and named[0] is None,
        generic=all(h.trigger.label in GENERIC for h in cand.hits),
    )
    draft = attribute.default_actors(attribute.coherent_actors(draft), sent, found, iso3 or found.country)
    actor1, actor2 = draft.actor1, draft.actor2
    when, how = attribute.date_of(doc, tok, sent, found, inherited, told, article.published)
    if follows and how:  # what points back has the date of what it points to, unless it names its own
        when, how = None, None
    sentence_dates = [d for d in found.dates if sent.start_char <= d.start < sent.end_char]
    status = attribute.status_of(when, tok, article.published, attribute.day_of(when, article.published)[0])
    if relevance.background_veto(when, sentence_dates, article.published) or _described(tok, how, when, status):
        return None
    trigger = draft.trigger
    spans = [("sub_event_type", trigger), ("actor1", actor1), ("actor2", actor2)]
    spans += [("location", placed[0] if placed else None), ("event_date", when)]
    evidence = [Evidence(article.id, f, x.start, x.end, x.text) for f, x in spans if x is not None]
    notes = [f"place '{placed[0].text}' at precision {placed[1]}"] if placed else []
    m = replace(
        draft,
        assoc_actor_1=[*actor1.patrons, *roles.companions(tok, actor1, found.actors)] if actor1 else [],
        assoc_actor_2=list(actor2.patrons) if actor2 else [],
        civilian_targeting=actor2 is not None and actor2.inter == 7,
        place=placed[0] if placed else None,
        geo_precision=placed[1] if placed else None,
        date=when,
        spoken=when is not None and attribute.spoken(doc, when, tok),
        status=status,
        control_change=_control(placed[0] if placed else None, actor1, actor2) if sub in TERRITORY else None,
        reasons=[*draft.reasons, *notes, *([how] if how else [])],
        evidence=evidence,
    )
    return attribute.with_counts(m, attribute.claims_in(sent, found), _clause_counts(counts, tok))


def _control(place: Place | None, taker: Actor | None, loser: Actor | None) -> dict[str, str | None]:
    """A territorial event's change of hands: the place, who lost it and who took it (None where untold)."""
    return {
        "place": place.name if place else None,
        "from": loser.name if loser else None,
        "to": taker.name if taker else None,
    }


VIOLENCE = VIOLENT | {"Riots"}


def _family(sub: str) -> str:
    """What a trigger names for sure, and the classifier only refines: violence (a riot's too), a change of
    hands, a protest, or another strategic development."""
    if sub in CHANGE_OF_HANDS:
        return "territory"
    kind = event_type_of(sub)
    if kind in VIOLENCE or sub == "Looting/property destruction":  # burning a house may be a mob's violence
        return "violence"
    return "protest" if kind == "Protests" else "strategic"


def decide(sub: str, weight: float, verdict: learned.Verdict | None) -> tuple[str, float, list[str]]:
    """The lexicon's class unless the classifier finds it implausible and is sure of another of the same family
    (``_family``: a blast stays violence, a seizure a change of hands), never a peaceful protest for one the
    sentence's words tell force at (the classifier reads only the clause); the confidence is the trigger's weight
    scaled by how probable the classifier finds the class."""
    if verdict is None:
        return sub, weight, []
    best, p = verdict.best_event
    calmed = best == "Peaceful protest" and sub != best  # force the sentence tells may lie outside the clause read
    if verdict.p(sub) < PLAUSIBLE and p >= SURE and weight < DECISIVE and _family(best) == _family(sub) and not calmed:
        return best, weight * (0.5 + 0.5 * p), [f"classifier: {best} at {p:.2f} over the lexicon's {sub}"]
    return sub, weight * (0.5 + 0.5 * verdict.p(sub)), [f"classifier: {sub} at {verdict.p(sub):.2f}"]


def candidates(sents: list[SpacySpan], article: Article, found: Found) -> list[tuple[SpacySpan, list[Candidate]]]:
    """Every sentence that is read (not boilerplate or a sign-off) with its trigger candidates that report
    something real (not negated, denied, planned...: ``unreal``)."""
    read = [s for s in sents if article.kind_at(s.start_char) not in ("boilerplate", "signoff")]
    return [
        (s, [c for c in group(hits(s, _blocked(s, found), _place_heads(s, found))) if not unreal(c.token)])
        for s in read
    ]


def clause_text(cand: Candidate) -> str:
    """The words of the candidate's clause (a relative or reported clause alone, a main clause with all it governs)
    within a window around the trigger: the encoder's cost grows with every word."""
    head, _ = clause_of(cand.token)
    words = list(head.subtree)
    i = cand.token.i
    start, end = max(words[0].i, i - WINDOW[0]), min(words[-1].i + 1, i + WINDOW[1])
    return head.doc[start:end].text


def asks(cand: Candidate, named: Named, framed: bool) -> bool:
    """Whether the classifier's verdict can change what becomes of a candidate that passes the lexicon's gates: it
    vetoes one whose clause names no armed actor, and corrects one whose trigger does not name its class outright."""
    weight = max(h.trigger.weight for h in cand.hits)
    if weight < THRESHOLD or weight >= DECISIVE:
        return False
    return not framed and not relevance.armed(*named)


def verdicts(
    per_sentence: list[tuple[SpacySpan, list[Candidate]]], named: dict[int, Named], framed: set[int]
) -> dict[int, learned.Verdict]:
    """The classifier's verdict on the clause of each candidate that asks for one, by the candidate's token; all
    encoded in one batch, and none (the encoder not even loaded) when no candidate asks."""
    texts = {
        cand.token.i: clause_text(cand)
        for sent, cands in per_sentence
        for cand in cands
        if asks(cand, named[cand.token.i], cand.token.i in framed)
    }
    unique = list(dict.fromkeys(texts.values()))
    judged = dict(zip(unique, learned.judge(unique), strict=True))
    return {i: judged[text] for i, text in texts.items()}


LEAD_WORDS = 6  # a shorter body paragraph (a date line, a rating, a byline) is no lead


def _lead(sents: list[SpacySpan], article: Article, paragraph: dict[int, int]) -> list[SpacySpan]:
    """The headline and the first paragraph of the body that is prose, sentence by sentence."""
    title = [s for s in sents if article.kind_at(s.start_char) == "title"]
    body = [s for s in sents if article.kind_at(s.start_char) == "body"]
    paragraphs: dict[int, list[SpacySpan]] = {}
    for s in body:
        paragraphs.setdefault(paragraph[s.start], []).append(s)
    prose = (p for p in paragraphs.values() if sum(t.is_alpha for s in p for t in s) >= LEAD_WORDS)
    return title + next(prose, [])


def _paragraphs(text: str, sents: list[SpacySpan]) -> dict[int, int]:
    """Each sentence's paragraph number (by its first token), counted in one pass over the text."""
    out, number, previous = {}, 0, 0
    for s in sents:
        number += breaks(text, previous, s.start_char)
        out[s.start], previous = number, s.start_char
    return out


def mentions(doc: Doc, article: Article, found: Found) -> list[Mention]:
    """Every reported happening in the article's body and captions, with its attributes and evidence: ordered
    passes over the whole article, each a function of what the ones before it produced."""
    sents = list(doc.sents)
    paragraph = _paragraphs(nlp.text(doc), sents)
    per_sentence = candidates(sents, article, found)
    named = {c.token.i: _roles(c, c.main.trigger.label, found.actors) for _, cands in per_sentence for c in cands}
    frame = relevance.article_frame(_lead(sents, article, paragraph), found.actors)
    framed = {  # candidates a sentence's or the article's frame (sport, a disaster, a drill) makes no event
        c.token.i
        for sent, cands in per_sentence
        for c in cands
        if relevance.frame_veto(sent, *named[c.token.i]) or relevance.article_veto(frame, *named[c.token.i])
    }
    judged = verdicts(per_sentence, named, framed)
    counts = {sent.start: numbers.counts(sent) for sent in sents}
    told = _told(doc, article, found, per_sentence, named, framed, judged, counts, paragraph)
    return _linked(doc, article, found, sents, told, counts, paragraph)


def _told(
    doc: Doc,
    article: Article,
    found: Found,
    per_sentence: list[tuple[SpacySpan, list[Candidate]]],
    named: dict[int, Named],
    framed: set[int],
    judged: dict[int, learned.Verdict],
    counts: dict[int, list[numbers.Count]],
    paragraph: dict[int, int],
) -> list[Mention]:
    """The mentions, sentence by sentence: each sentence's read with the happenings told before it (a date
    counted from the last, a town from "the town") and the date the sentence before gave."""
    out: list[Mention] = []
    told = Told()  # what the next sentence reads of those told before it
    previous_date: DateValue | None = None
    previous_paragraph = -1
    for sent, cands in per_sentence:
        anaphoric = sent[0].lower_ in ANAPHORIC_STARTS
        inherited = previous_date if (paragraph[sent.start] == previous_paragraph or anaphoric) else None
        claim = bool(out) and story.responsible(sent, found.actors) is not None  # tells who did it, not a new deed
        sentence: list[Mention] = []
        read = told
        for cand in [] if claim else cands:
            follows = bool(out or sentence) and story.retold(doc, cand, found)
            parsed, verdict, vetoed = named[cand.token.i], judged.get(cand.token.i), cand.token.i in framed
            m = _mention(
                doc, sent, cand, parsed, article, found, inherited, read, verdict, vetoed, follows, counts[sent.start]
            )
            if m is not None:
                sentence.append(m)
                read = read.then(m)
        kept = story.dispersed(story.stopped(sentence))
        out += kept
        told = reduce(Told.then, kept, told)
        previous_date = attribute.sentence_date(sent, found) or inherited
        previous_paragraph = paragraph[sent.start]
    return out


def _linked(
    doc: Doc,
    article: Article,
    found: Found,
    sents: list[SpacySpan],
    told: list[Mention],
    counts: dict[int, list[numbers.Count]],
    paragraph: dict[int, int],
) -> list[Mention]:
    """The mentions with what each body sentence that tells no happening of its own adds to those told up to it
    (``story.links``): a claim, sources, a death count, a town; right after a war's or a period's toll, a count
    goes on telling that toll."""
    out = told
    first = end = 0  # out[first:end] are the sentence's own mentions, out[:end] those told up to it
    previous: SpacySpan | None = None
    for sent in sents:
        first = end
        while end < len(out) and out[end].sentence.start <= sent.start_char:
            end += 1
        if all(m.follows for m in out[first:end]) and article.kind_at(sent.start_char) == "body":
            after_toll = previous is not None and any(c.cumulative for c in counts[previous.start])
            same = after_toll and paragraph[sent.start] == paragraph[previous.start]
            links = story.links(doc, sent, found, out[:end], counts[sent.start], article.dateline_span, same)
            out = [*story.linked(out[:end], links), *out[end:]]
        previous = sent
    return out


def fallback_type(doc: Doc) -> tuple[str, float]:
    """When no mention passed: the classifier's most probable sub-event type over the doc's sentences, its
    confidence discounted by how surely the classifier finds no event at all."""
    best: tuple[float, str] = (0.0, "Other")
    for verdict in learned.judge([s.text for s in doc.sents if any(t.is_alpha for t in s)]):
        sub, p = verdict.best_event
        best = max(best, (p * (1.0 - verdict.p(learned.NONE)), sub))
    return best[1], best[0]
