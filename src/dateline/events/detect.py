"""Find event triggers in a sentence, group those that describe one happening, and drop what did not happen.

A trigger is a lemma sequence from data/triggers.csv. Triggers in one clause (adverbial and coordinated clauses
included) make one candidate; a relative or reported clause is its own happening ("seized the town, which they
had lost in April").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from dateline.events import lexicon, numbers
from dateline.events.lexicon import Trigger, modality, triggers

# Dependency labels a trigger group does not cross when it climbs to a governing trigger.
CLAUSE_BOUNDARIES = {"relcl", "ccomp", "parataxis", "acl"}
SEQUENCE_WORDS = {"after", "before", "since", "until", "following"}
PLACE = "<place>"  # in a trigger phrase: any place name


@dataclass(slots=True)
class Hit:
    tokens: list[Token]
    trigger: Trigger

    @property
    def head(self) -> Token:
        """The phrase's syntactic head: "strike" in "drone strike", "take" in "take control"."""
        inside = {t.i for t in self.tokens}
        return next((t for t in self.tokens if t.head.i not in inside or t.head.i == t.i), self.tokens[0])


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
    if pos == "VERB":  # a participle used as an adjective ("detained activists") reports nothing
        return (token.pos_ in ("VERB", "AUX") or token.tag_ in ("VBG", "VBN")) and token.dep_ != "amod"
    return token.pos_ in ("NOUN", "PROPN")


def _forms(tok: Token) -> tuple[str, ...]:
    """The forms a trigger may match: lemma, word, and a noun's singular ("Drones" the tagger took for a name)."""
    word = tok.lower_
    singular = word[:-1] if word.endswith("s") and tok.pos_ in ("NOUN", "PROPN") else word
    return tuple(dict.fromkeys((tok.lemma_.lower(), word, singular)))


def _verb_object(verb: Token, lemma: str, places: frozenset[int]) -> bool:
    """Whether a verb governs ``lemma`` as its object or particle, or as the object of one of its prepositions
    ("withdrew from the town"), words between them allowed; ``<place>`` is any place name."""
    if verb.pos_ != "VERB":
        return False
    for c in verb.children:
        if c.dep_ in ("dobj", "prt", "nsubjpass") and any(_is(o, lemma, places) for o in _objects(c)):
            return True
        objects = [o for o in c.children if o.dep_ == "pobj"]
        if _place_or_target(c) and (_is(c, lemma, places) or any(_is(o, lemma, places) for o in objects)):
            return True
    return False


def _objects(obj: Token) -> list[Token]:
    """An object and the nouns it lists or measures: "2 tonnes of cocaine and dozens of rifles" gives tonnes,
    cocaine, dozens and rifles."""
    out, todo = [], [obj]
    while todo and len(out) < 8:
        tok = todo.pop()
        out.append(tok)
        todo += [c for c in tok.children if c.dep_ == "conj"]
        of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
        todo += [o for c in of for o in c.children if o.dep_ == "pobj"]
    return out


def _is(tok: Token, lemma: str, places: frozenset[int]) -> bool:
    return tok.i in places if lemma == PLACE else tok.lemma_.lower() == lemma


def _place_or_target(prep: Token) -> bool:
    """A preposition whose object is a target, not a time ("fired on protesters", not "fired on Monday")."""
    return prep.dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ not in ("DATE", "TIME") for c in prep.children)


def hits(sent: SpacySpan, blocked: set[int], places: frozenset[int] = frozenset()) -> list[Hit]:
    """Trigger matches in a sentence, longest first at each token; ``blocked`` token indices (names) never match,
    ``places`` are the indices of place names' head tokens."""
    index = triggers()
    found: list[Hit] = []
    i, end = sent.start, sent.end
    doc = sent.doc
    while i < end:
        tok = doc[i]
        match = None
        if i not in blocked:
            for t in (t for k in _forms(tok) for t in index.get(k, ())):
                n = len(t.lemmas)
                # "established a new base", "took control of", "set up a forward operating base"
                if n > 1 and all(_verb_object(tok, lemma, places) for lemma in t.lemmas[1:]):
                    match = Hit([tok], Trigger(t.lemmas[:1], "VERB", t.label, t.weight))
                    break
                if i + n <= end and all(lem in _forms(doc[i + k]) for k, lem in enumerate(t.lemmas)):
                    head = doc[i + n - 1] if t.pos == "NOUN" else tok
                    # "protest leaders", "drone parts": a class or weak word modifying a noun names no happening
                    modifier = n == 1 and tok.dep_ == "compound" and (t.label.startswith("@") or t.weight < 0.7)
                    if (n > 1 or _pos_ok(head, t.pos)) and not modifier:
                        match = Hit([doc[i + k] for k in range(n)], t)
                        break
        if match:
            if match.trigger.weight > 0:
                found.append(match)
            i += len(match.tokens)
        else:
            i += 1
    return found


def sequenced(tok: Token) -> bool:
    """A clause set before or after another in time ("two days after jihadists overran the town")."""
    if tok.dep_ not in ("advcl", "pcomp"):
        return False
    marks = {c.lower_ for c in tok.children if c.dep_ == "mark"} | {tok.head.lower_}
    return bool(marks & SEQUENCE_WORDS)


def clause_of(tok: Token) -> tuple[Token, int]:
    """The head of the clause a token belongs to, and how many steps up it is; adverbial and coordinated
    clauses belong to their governor, relative, reported and sequenced ones are clauses of their own."""
    depth = 0
    while tok.head.i != tok.i and tok.dep_ not in CLAUSE_BOUNDARIES and not sequenced(tok):
        tok = tok.head
        depth += 1
    return tok, depth


def _before(h: Hit) -> bool:
    """Whether a trigger sits in a phrase that sets the time of another ("came after a week of fighting")."""
    head, _ = clause_of(h.head)
    for anc in h.head.ancestors:
        if anc.lower_ in SEQUENCE_WORDS and anc.dep_ == "prep":
            return True
        if anc == head:
            break
    return False


def _main(hits: list[Hit]) -> Hit:
    """The trigger that leads a clause: its highest verb, else its strongest noun; one in a phrase that only
    sets the time ("after a week of fighting") leads only when no other can."""
    leading = [h for h in hits if not _before(h)] or hits
    verbs = [h for h in leading if h.head.pos_ in ("VERB", "AUX") or h.trigger.pos == "VERB"]
    if verbs:
        return min(verbs, key=lambda h: clause_of(h.head)[1])
    return max(leading, key=lambda h: h.trigger.weight)


def group(found: list[Hit]) -> list[Candidate]:
    """One candidate per clause: "struck the town, killing nine" is one happening told by two triggers."""
    clauses: dict[int, list[Hit]] = {}
    for h in found:
        clauses.setdefault(clause_of(h.head)[0].i, []).append(h)
    return [Candidate(_main(hs), hs) for hs in clauses.values()]


SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})


def unreal(token: Token) -> str | None:
    """Why the happening at ``token`` is not reported as real (negated, denied, threatened, planned, intended,
    habitual, a running total...), or None."""
    words = modality()
    tok = token
    for _ in range(6):
        for child in tok.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no") or _none(child):
                return f"negated ({child.text} {tok.text})"
            if child.dep_ in ("aux", "auxpass") and child.lower_ in words["aux"]:
                return f"modal ({child.text} {tok.text})"
            if child.dep_ == "aux" and child.tag_ == "TO" and tok is token:
                return f"intended ({child.text} {tok.text})"
            if child.dep_ == "mark" and child.lower_ in words["mark"]:
                return f"conditional ({child.text} {tok.text})"
            if child.dep_ == "advmod" and child.lower_ in words["habitual"]:
                return f"habitual ({child.text} {tok.text})"
        if _running_total(tok):
            return f"a running total ({tok.text} ... since)"
        if tok is token and (numbers.period_subject(tok) or numbers.in_period(tok)):
            return f"what a war or a campaign did over time ({tok.text})"
        if tok is token and (verb := _trend(tok)) is not None:
            return f"a trend of many happenings ({tok.text} ... {verb.text})"
        if tok is token and _ended(tok, words["ended"]):
            return f"an agreement's end, not one ({tok.head.head.text} of {tok.text})"
        if tok is token and _kind_of(tok):
            return f"a kind of happening, not one ({tok.head.head.text} {tok.head.text} {tok.text})"
        if tok.head.i == tok.i or tok.dep_ in ("relcl", "conj"):
            break
        subject = tok.dep_ in SUBJECTS  # what the governor's subject did is real: "people protested, demanding"
        tok = tok.head
        if tok.lemma_.lower() in words["governor"] and not subject:
            return f"governed by '{tok.text}'"
    return None


def _trend(noun: Token) -> Token | None:
    """The verb that makes a plural event noun a trend, not a happening: its subject's ("attacks have been on the
    rise", "raids surged") or its object's ("it has increased its attacks")."""
    if not (
        noun.tag_ in ("NNS", "NNPS") or (noun.tag_ == "NNP" and noun.i == noun.sent.start and noun.lower_.endswith("s"))
    ):
        return None  # a plural; capitalised at a sentence's start, the tagger may take it for a name
    kinds = lexicon.story()
    verb = noun.head
    if noun.dep_ == "dobj":
        lemma = (verb.lemma_.lower(),)
        lived = lemma in kinds["history_object"] and _perfect_or_present(verb)  # "has experienced bombings"
        return verb if lemma in kinds["trend_object"] or lived else None
    if noun.dep_ != "nsubj":
        return None
    said = [verb, *(o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj")]
    return next((w for w in said if (w.lemma_.lower(),) in kinds["trend"]), None)


def _ended(noun: Token, ends: frozenset[str]) -> bool:
    """ "the collapse of a ceasefire", "after the expiry of the truce": what an agreement's end tells is no
    agreement (and a violation is the violence, told apart)."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in ends


def _kind_of(noun: Token) -> bool:
    """A bare plural that a noun or an adjective governs, with no day in its sentence outside that phrase: "a
    hotspot for attacks", "prone to raids", "a history of kidnappings", "a week-long lull in clashes" name a kind
    of happening, not one."""
    governor = noun.head.head
    if noun.tag_ != "NNS" or noun.dep_ != "pobj" or governor.pos_ not in ("NOUN", "ADJ"):
        return False
    bare = not any(c.dep_ in ("det", "nummod", "poss") for c in noun.children)
    phrase = {t.i for t in governor.subtree}  # "a week-long lull in clashes" dates no clash
    return bare and not any(t.ent_type_ in ("DATE", "TIME") and t.i not in phrase for t in noun.sent)


def _perfect_or_present(verb: Token) -> bool:
    return verb.tag_ in ("VBZ", "VBP") or any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _none(arg: Token) -> bool:
    """A subject or object that is nothing: "no shots were fired", "nobody was hurt"."""
    if arg.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    return arg.lower_ in ("nobody", "none", "nothing") or any(
        g.dep_ == "det" and g.lower_ == "no" for g in arg.children
    )


TOTAL = 1000  # a perfect tense that counts this many dead, or "thousands", sums many happenings


def _running_total(verb: Token) -> bool:
    """A perfect tense that counts up: since a date ("have been killed in the city since May"), or by thousands
    ("has killed thousands of people", "have killed more than 3,000")."""
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children)
    if not perfect:
        return False
    counted = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "nsubj")]
    return any(t.lower_ == "since" for t in verb.subtree) or any(_thousands(c) for c in counted)


def _thousands(noun: Token) -> bool:
    """ "thousands of people", "hundreds", "3,000 civilians": a count only a total reaches."""
    if noun.tag_ == "NNS" and (numbers.value(noun.lemma_) or 0) >= 100:
        return True
    return any(c.dep_ == "nummod" and (numbers.value(c.text) or 0) >= TOTAL for c in noun.children)
