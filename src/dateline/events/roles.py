"""Who did it and to whom: the actors a trigger's parse names as agent and patient."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from spacy.tokens import Doc, Token

from dateline import nlp
from dateline.actors.lexicon import fill, government, military, nations, template_words
from dateline.data import table
from dateline.events.detect import sequenced
from dateline.events.lexicon import holdings, modality, triggers
from dateline.model import Actor
from dateline.spans import starting_in

SUBJECT = ("nsubj", "csubj")
SELF = frozenset({"it", "they", "we"})  # a reported clause's subject that names its speaker
DYING = frozenset(r["lemma"] for r in table("deaths.csv") if r["role"] == "intransitive")  # die, perish
# Where a verb of saying (or "according") holds who tells: its subject, its phrases ("according to the army").
TELLING = (*SUBJECT, "prep", "agent")
PATIENT_PREPS = ("from", "against", "with", "on", "at", "targeting", "in")
ARMED = {1, 2, 3, 4, 8}
STATE, UNIDENTIFIED = 1, 3
PRO_GOVERNMENT = "Pro-Government Militia ({country})"


def actor_in(tokens: Iterable[Token], actors: Sequence[Actor]) -> Actor | None:
    """The actor mention heading the tokens (the first token is the phrase's head), else the first one
    inside their character range: "the al Qaeda-linked group al Shabaab" is al Shabaab."""
    toks = list(tokens)
    if not toks:
        return None
    lo = min(t.idx for t in toks)
    hi = max(t.idx + len(t) for t in toks)
    inside = [a for a in actors if lo <= a.start < hi]
    head = toks[0]
    heading = [a for a in inside if a.start <= head.idx < a.end]
    return heading[0] if heading else min(inside, key=lambda a: a.start) if inside else None


def _subtree(tok: Token, stop: set[int] = frozenset()) -> list[Token]:
    """A token's subtree without relative clauses (their actors are not this clause's)."""
    out = [tok]
    for child in tok.children:
        if child.dep_ != "relcl" and child.i not in stop:
            out += _subtree(child, stop)
    return out


def verb_of(tok: Token) -> Token:
    """The verb a noun trigger hangs from ("engaged in offensives" → engaged)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def agent(trigger: Token, actors: Sequence[Actor]) -> Actor | None:
    """The actor that did it: subject, passive "by" agent, the speaker when the subject is "it" or "they" in what
    the speaker says, or the subject of a governing clause."""
    if trigger.pos_ == "NOUN":
        for child in trigger.children:
            by = child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ == "by")
            if by and (found := actor_in(_subtree(child), actors)):
                return found
        if found := _national([trigger, *trigger.children]):
            return found
        trigger = verb_of(trigger)
    tok = trigger
    for _ in range(3):
        victims = tok.lemma_.lower() in DYING  # "nine police died in two blasts": who died did not do it
        for child in tok.children:
            if child.dep_ == "agent" and (found := actor_in(_subtree(child), actors) or _national(_subtree(child))):
                return found
            if victims:
                continue
            if child.dep_ in SUBJECT and (found := actor_in(_subtree(child), actors) or _national(_subtree(child))):
                return found
            if child.dep_ in SUBJECT and child.lower_ in SELF and (found := speaker(tok, actors)):
                return found  # "the army said it killed 20 militants": the pronoun is the speaker
        climbs = tok.dep_ in ("xcomp", "advcl", "conj", "pcomp", "ccomp") and tok.head.i != tok.i
        if not climbs or speaks(tok.head) or sequenced(tok):  # "a day after nine police died": another happening
            return None
        tok = tok.head
    return None


def _national(tokens: Sequence[Token]) -> Actor | None:
    """ "a Turkish drone strike", "Russian shelling": the military of a nation adjective that modifies a noun
    of violence or of forces among the tokens, and the government of one that modifies "delegation" ("Russian-backed"
    names a patron, "a Japanese city" no actor)."""
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    for span in nations(tokens[0].doc):
        tok = span.root
        backed = "backed" in nlp.text(tok.doc)[span.end_char : span.end_char + 8].lower()
        if tok.i not in inside or tok.dep_ not in ("amod", "compound") or tok.head.pos_ != "NOUN" or backed:
            continue
        head = tok.head.lower_
        if head in template_words("military") or tok.head.lemma_.lower() in triggers():
            return Actor(span.start_char, span.end_char, span.text, military(span.label_), STATE, span.label_)
        if head in template_words("government"):  # "Russian and Ukrainian delegations agreed"
            return Actor(span.start_char, span.end_char, span.text, government(span.label_), STATE, span.label_)
    return None


def speaker(tok: Token, actors: Sequence[Actor]) -> Actor | None:
    """The actor who says the clause: the subject of the speech verb governing it."""
    head = tok.head
    if not speaks(head):
        return None
    return next((a for c in head.children if c.dep_ in SUBJECT and (a := actor_in(_subtree(c), actors))), None)


def patient(trigger: Token, actors: Sequence[Actor], exclude: Actor | None) -> Actor | None:
    """The actor it was done to: object, passive subject, a from/against/with phrase, or who died ("nine police
    died in two blasts", "two soldiers died when their convoy was ambushed")."""
    spans: list[list[Token]] = []
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "dative") or (
            child.dep_ == "prep" and child.lower_ in PATIENT_PREPS
        ):
            spans.append(_subtree(child))
    dying = [trigger, verb_of(trigger), trigger.head if trigger.dep_ == "advcl" else trigger]
    for verb in (v for v in dict.fromkeys(dying) if v.lemma_.lower() in DYING):
        spans += [_subtree(c) for c in verb.children if c.dep_ == "nsubj"]
    for tokens in spans:
        found = actor_in(tokens, [a for a in actors if exclude is None or a.name != exclude.name])
        if found:
            return found
    return None


def holder(trigger: Token, actors: Sequence[Actor], taker: Actor | None) -> Actor | None:
    """Who held the ground taken when the trigger's object calls it "its" or "their" hold ("captured its bastion
    Raqqa", "seized their last redoubt"): the last armed actor named before the pronoun, never the taker."""
    for obj in (c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")):
        for hold in (t for t in obj.subtree if t.lemma_.lower() in holdings()):
            named = hold.head if hold.dep_ in ("compound", "appos") else hold  # "its bastion Raqqa": Raqqa's owner
            for c in (c for c in [*hold.children, *named.children] if c.dep_ == "poss" and c.pos_ == "PRON"):
                if found := nearest_armed(trigger.doc, actors, c.idx, exclude=taker.name if taker else None):
                    return found
    return None


def between(trigger: Token, actors: Sequence[Actor]) -> tuple[Actor | None, Actor | None]:
    """ "clashes between the army and the RSF": the two sides, in the order named."""
    for tok in (trigger, verb_of(trigger)):
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "between":
                inside = sorted((a for a in actors if child.idx < a.start < child.idx + 200), key=lambda a: a.start)
                sides = [
                    a for a in inside if any(t.idx == a.start or a.start <= t.idx < a.end for t in _subtree(child))
                ]
                if len(sides) >= 2:
                    return sides[0], sides[1]
    return None, None


def recipient(trigger: Token, actors: Sequence[Actor]) -> Actor | None:
    """The "to" object of a yielding verb ("lost the town to government forces", "fell to the rebels")."""
    for child in trigger.children:
        if child.dep_ in ("prep", "dative") and child.lower_ == "to":
            return actor_in(_subtree(child), actors)
    return None


def companions(trigger: Token, first: Actor, actors: Sequence[Actor]) -> list[str]:
    """Actors coordinated with the agent ("troops and militia"), as associated actors; an unnamed militia
    fighting beside state forces is a pro-government one."""
    out = []
    sent = trigger.sent
    for a in starting_in(actors, sent.start_char, sent.end_char):
        if a is first or a.name == first.name:
            continue
        tok = trigger.doc.char_span(a.start, a.end, alignment_mode="expand")
        if tok is not None and tok.root.dep_ == "conj" and first.start <= tok.root.head.idx < first.end + 40:
            unnamed_militia = a.inter == UNIDENTIFIED and "militia" in a.text.lower()
            if first.inter == STATE and unnamed_militia and first.country:
                out.append(fill(PRO_GOVERNMENT, first.country))
            else:
                out.append(a.name)
    return out


def speaks(tok: Token) -> bool:
    """Whether a token is a verb of saying ("said", "reported", "according")."""
    words = modality()["speech"]
    return tok.lemma_.lower() in words or tok.lower_ in words  # "according" has the lemma "accord"


def _role_token(doc: Doc, actor: Actor) -> Token | None:
    """The token that carries the mention's role in its clause (coordination climbed: "police and witnesses")."""
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return root


def source_only(doc: Doc, actor: Actor) -> bool:
    """Whether the mention only tells of a report: inside the subject or a phrase of a verb of saying ("police
    said", "a spokesman for the police said", "said in a statement by the army"), or of "according to"."""
    tok = _role_token(doc, actor)
    while tok is not None and tok.head.i != tok.i:
        if tok.dep_ in TELLING and speaks(tok.head):
            return True
        if tok.head.pos_ in ("VERB", "AUX"):
            return False
        tok = tok.head
    return False


def acts(doc: Doc, actor: Actor) -> bool:
    """Whether the mention is the subject of some verb (not an object, a modifier or a source)."""
    root = _role_token(doc, actor)
    return root is not None and root.dep_ in SUBJECT and not speaks(root.head)


def nearest_armed(
    doc: Doc,
    actors: Sequence[Actor],
    before: int,
    after: int = 0,
    exclude: str | None = None,
    agents: bool = False,
    keep: Callable[[Actor], bool] | None = None,
) -> Actor | None:
    """The last armed actor (of ``actors``, sorted by start) mentioned in [after, before) as a party to something,
    not as a source, and that ``keep`` keeps; with ``agents``, only as the subject of a verb."""
    for a in reversed(starting_in(actors, after, before)):
        if a.inter not in ARMED or a.name == exclude or (keep is not None and not keep(a)):
            continue
        if not source_only(doc, a) and (not agents or acts(doc, a)):
            return a
    return None
