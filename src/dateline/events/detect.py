"""Find event triggers in a sentence, group those that describe one happening, and drop what did not happen.

A trigger is a lemma sequence from data/triggers.csv. Triggers joined by the parse (a noun under a verb, a verb
in an adverbial or coordinated clause of another) make one candidate; a relative clause is its own happening
("seized the town, which they had lost in April").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from dateline.events.lexicon import Trigger, modality, triggers

# Dependency labels a trigger group does not cross when it climbs to a governing trigger.
CLAUSE_BOUNDARIES = {"relcl", "ccomp", "parataxis", "acl"}


@dataclass(slots=True)
class Hit:
    tokens: list[Token]
    trigger: Trigger

    @property
    def head(self) -> Token:
        return self.tokens[-1] if self.trigger.pos == "NOUN" else self.tokens[0]


@dataclass(slots=True)
class Candidate:
    """One happening in a sentence: its main trigger and every trigger that describes it."""

    main: Hit
    hits: list[Hit] = field(default_factory=list)

    @property
    def token(self) -> Token:
        return self.main.head


def _pos_ok(token: Token, pos: str) -> bool:
    if pos == "ANY":
        return True
    if pos == "VERB":
        return token.pos_ in ("VERB", "AUX") or token.tag_ in ("VBG", "VBN")
    return token.pos_ in ("NOUN", "PROPN")


def hits(sent: SpacySpan, blocked: set[int]) -> list[Hit]:
    """Trigger matches in a sentence, longest first at each token; ``blocked`` token indices (names) never match."""
    index = triggers()
    found: list[Hit] = []
    i, end = sent.start, sent.end
    doc = sent.doc
    while i < end:
        tok = doc[i]
        match = None
        if i not in blocked:
            keys = dict.fromkeys((tok.lemma_.lower(), tok.lower_))
            for t in (t for k in keys for t in index.get(k, ())):
                n = len(t.lemmas)
                if i + n <= end and all(
                    doc[i + k].lemma_.lower() == lem or doc[i + k].lower_ == lem for k, lem in enumerate(t.lemmas)
                ):
                    head = doc[i + n - 1] if t.pos == "NOUN" else tok
                    modifier = n == 1 and tok.dep_ == "compound"  # "protest leaders", "rocket attack"
                    if (n > 1 or _pos_ok(head, t.pos)) and not modifier:
                        match = Hit([doc[i + k] for k in range(n)], t)
                        break
        if match:
            found.append(match)
            i += len(match.tokens)
        else:
            i += 1
    return found


def _governing(hit: Hit, others: dict[int, Hit]) -> Hit | None:
    """The trigger this one is part of: the nearest trigger above it in the parse, within its clause."""
    tok = hit.head
    while tok.head.i != tok.i:
        if tok.dep_ in CLAUSE_BOUNDARIES:
            return None
        tok = tok.head
        if tok.i in others and others[tok.i] is not hit:
            return others[tok.i]
    return None


def group(found: list[Hit]) -> list[Candidate]:
    """Merge triggers into candidates; a verb leads its group over the nouns under it."""
    by_token = {h.head.i: h for h in found}
    roots: dict[int, Candidate] = {}
    parent: dict[int, Hit] = {}
    for h in found:
        top, seen = h, {id(h)}
        while (up := _governing(top, by_token)) is not None and id(up) not in seen:
            top = up
            seen.add(id(up))
        parent[id(h)] = top
    for h in found:
        top = parent[id(h)]
        cand = roots.setdefault(top.head.i, Candidate(top))
        cand.hits.append(h)
    return list(roots.values())


def unreal(token: Token) -> str | None:
    """Why the happening at ``token`` is not reported as real (negated, denied, threatened, planned...), or None."""
    words = modality()
    tok = token
    for _ in range(6):
        for child in tok.children:
            if child.dep_ == "neg":
                return f"negated ({child.text} {tok.text})"
            if child.dep_ in ("aux", "auxpass") and child.lower_ in words["aux"]:
                return f"modal ({child.text} {tok.text})"
            if child.dep_ == "mark" and child.lower_ in words["mark"]:
                return f"conditional ({child.text} {tok.text})"
        if tok.head.i == tok.i or tok.dep_ in ("relcl", "conj"):
            break
        tok = tok.head
        if tok.lemma_.lower() in words["governor"]:
            return f"governed by '{tok.text}'"
    return None
