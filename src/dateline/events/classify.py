"""Resolve a candidate's triggers to one ACLED sub-event type, given who did it to whom."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from dateline.events.context import CIVILIANS, LOOTING, PROTESTERS, RIOTERS, STATE
from dateline.events.detect import Candidate
from dateline.events.lexicon import cues, has_phrase
from dateline.events.roles import TELLING, speaks
from dateline.model import Actor

EXPLOSIVES = frozenset({"bomb", "blast", "explosion", "explosive", "shell", "rocket"})
PROTEST_WORDS = frozenset(
    {"protest", "protester", "demonstrate", "demonstrator", "demonstration", "rally", "crowd", "march"}
)
AIR, INTERVENTION = "Air/drone strike", "Protest with intervention"
# Concrete types that explain *how* violence was done (or stopped) outrank a generic "attack" or "kill".
GENERIC_VIOLENCE = frozenset({"Armed clash", "Attack"})
# Among them, the earlier names the delivery when a clause names two ("drones dropped explosive devices").
SPECIFIC = (
    "Disrupted weapons use",  # "defused a roadside bomb" tells how the bomb ended
    "Suicide bomb",
    "Air/drone strike",
    "Chemical weapon",
    "Shelling/artillery/missile attack",
    "Grenade",
    "Remote explosive/landmine/IED",
    "Sexual violence",
    "Abduction/forced disappearance",
)


def _from_cues(label: str, sent: SpacySpan | list[Token]) -> str | None:
    lemmas = [t.lemma_.lower() for t in sent]
    return next((sub for cue, sub in cues().get(label, ()) if has_phrase(lemmas, cue)), None)


def resolve_label(
    label: str,
    sent: SpacySpan,
    actor1: Actor | None,
    actor2: Actor | None,
    where: str | None = None,
    took_place: bool = False,
    targets: list[Token] | None = None,
    took_people: bool = False,
) -> str:
    """A trigger's label as a sub-event type; classes are decided by sentence cues, the actors' kinds and, for
    territory, whether the state took ground in its own country (a foreign army overtakes, it does not regain)
    and whether ground was taken at all (capturing people is an arrest, or an abduction by a non-state group).
    ``targets`` are the sentence's words outside the doer's phrase: where the cues for a target are read
    ("police killed a man" names no police target)."""
    targets = list(sent) if targets is None else targets
    crowd = {a.inter for a in (actor1, actor2) if a} & {PROTESTERS, RIOTERS}
    crowd_acts = actor1 is not None and actor1.inter in (PROTESTERS, RIOTERS)
    if (crowd and label == "Armed clash") or (crowd_acts and label in ("Looting/property destruction", "@attack")):
        return "Violent demonstration"  # a crowd that fights or burns is rioting
    if not label.startswith("@"):
        return label
    if label == "@storm":  # storming a town takes it; storming a church attacks those inside
        label = "@territory" if took_place else "@attack"
    if label in ("@territory", "@retake") and took_people and not took_place:  # "captured six militants"
        return "Arrests" if actor1 is not None and actor1.inter == STATE else "Abduction/forced disappearance"
    if label in ("@territory", "@retake", "@lost"):
        if actor1 is None:
            state = label == "@retake"  # unnamed re-takers are usually the state
        else:
            state = actor1.inter == STATE and (where is None or actor1.country in (None, where))
        return "Government regains territory" if state else "Non-state actor overtakes territory"
    if label == "@explosion":
        return _from_cues(label, sent) or "Remote explosive/landmine/IED"
    if label == "@protest":  # read outside who protested: "families of those killed in the insurgency marched"
        return _from_cues(label, sent if targets is None else targets) or "Peaceful protest"
    # @attack and @kill: the means when the doer is an aircraft ("warplanes struck the town"), else the target.
    doers = {t.i for t in sent} - {t.i for t in targets}
    if _from_cues("@explosion", [t for t in sent if t.i in doers]) == AIR:
        return AIR
    state = actor1 is not None and actor1.inter == STATE
    if actor2 is not None and actor2.inter == CIVILIANS:  # "police fired tear gas at students protesting"
        protesting = state and _has_word(sent, PROTEST_WORDS)
        return (_from_cues("@protest", sent) or "Excessive force against protesters") if protesting else "Attack"
    if actor2 is not None and actor2.inter == PROTESTERS:  # water cannon or batons at them: an intervention
        stopped = _from_cues("@protest", sent)
        return stopped if stopped == INTERVENTION else "Excessive force against protesters"
    if actor2 is None and actor1 is not None and label == "@kill" and actor1.inter == CIVILIANS:
        return "Attack"
    if actor1 is not None and actor1.inter == CIVILIANS and actor2 is not None and actor2.inter == STATE:
        # a crowd against the police or soldiers: a riot ("residents stormed a police station and set it on fire")
        return "Violent demonstration" if _has_word(sent, PROTEST_WORDS) else "Mob violence"
    if _explosive(sent):
        return _from_cues("@explosion", sent) or "Remote explosive/landmine/IED"
    if actor2 is None and _has_word(sent, PROTEST_WORDS):  # "police fired tear gas at ... protesting", "shot dead"
        return _from_cues("@protest", sent) or ("Excessive force against protesters" if state else "Attack")
    if actor2 is not None:
        return "Armed clash"
    # No armed opponent: a clash only if the sentence names a military target, else violence against civilians.
    return _from_cues("@attack", targets) or "Attack"


def _has_word(sent: SpacySpan, lemmas: frozenset[str]) -> bool:
    """Whether a word of the sentence outside its dates has one of the lemmas ("3 March" is no march)."""
    return any(t.lemma_.lower() in lemmas and t.ent_type_ not in ("DATE", "TIME") for t in sent)


def _explosive(sent: SpacySpan) -> bool:
    return _has_word(sent, EXPLOSIVES)


def _took_people(tok: Token, patient: Actor | None) -> bool:
    """Whether the trigger's object is an actor, people rather than ground ("captured six militants")."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    return patient is not None and any(patient.start <= c.idx < patient.end for c in objects)


def _targets(tok: Token, sent: SpacySpan) -> list[Token]:
    """The sentence's tokens that may name a target: outside the subject phrase of the trigger's verb (and of a
    passive's agent), and outside who tells of it ("police said", "according to the army")."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    doers = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
    tellers = [c for t in sent if t is not verb and speaks(t) for c in t.children if c.dep_ in TELLING]
    outside = {t.i for d in (*doers, *tellers) for t in d.subtree}
    return [t for t in sent if t.i not in outside]


def resolve(
    cand: Candidate,
    sent: SpacySpan,
    actor1: Actor | None,
    actor2: Actor | None,
    where: str | None = None,
    took_place: bool = False,
) -> tuple[str, float, list[str]]:
    """The candidate's sub-event type, the weight of its strongest trigger, and the cues that fired.
    The main trigger decides ("seized the town after clashes" is a seizure) unless another names a specific
    means of violence ("killed in an air strike")."""
    scored = []
    targets = _targets(cand.token, sent)
    people = _took_people(cand.token, actor2)
    main = resolve_label(cand.main.trigger.label, sent, actor1, actor2, where, took_place, targets, people)
    violent = main in SPECIFIC or main in GENERIC_VIOLENCE
    for h in cand.hits:
        sub = resolve_label(h.trigger.label, sent, actor1, actor2, where, took_place, targets, people)
        # In a violent clause a named means outranks all else; elsewhere ("arrested men accused of planting
        # bombs") the main trigger decides.
        rank = len(SPECIFIC) - SPECIFIC.index(sub) if violent and sub in SPECIFIC else 0
        lead = h is cand.main
        scored.append((rank, round(h.trigger.weight + (0.3 if lead else 0.0), 6), lead, h.trigger.weight, sub, h))
    _, _, _, _, sub, hit = max(scored, key=lambda s: s[:3])  # on a tie, the main trigger
    if sub == LOOTING and (harm := next((s for s in scored if s[4] in GENERIC_VIOLENCE), None)):
        _, _, _, _, sub, hit = harm  # "burned houses and killed six villagers": the violence against people
    if sub == "Arrests" and any(h.trigger.label == "@protest" for h in cand.hits):
        sub = "Protest with intervention"  # arrests at a protest are how it was stopped, not an event apart
    if sub == "Arrests" and (clash := next((s for s in scored if s[4] == "Armed clash"), None)):
        _, _, _, _, sub, hit = clash  # "captured following four hours of clashes": the battle, its captives in it
    weight = max(s[3] for s in scored)  # how surely something happened: the strongest trigger in the clause
    words = " ".join(t.text for t in hit.tokens)
    reasons = [f"trigger '{words}' → {sub}"]
    if hit.trigger.label.startswith("@"):
        reasons.append(f"class {hit.trigger.label} resolved by context")
    return sub, weight, reasons
