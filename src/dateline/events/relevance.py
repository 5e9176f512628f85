"""The relevance gate: is a candidate a happening of political violence, protest or a strategic development?

A trigger word is not enough. The gate says why a candidate is no event, or None:
- its sentence is framed as sport, business, an accident, a disaster... (data/frames.csv) and no armed actor acts
  in it and no weapon is named; or framed as a drill, fiction or trade, armed actors or not;
- a territorial trigger ("lost", "captured") that neither names an armed actor nor takes a place ("lost control of
  the bus", "captured the title");
- the learned classifier finds no event in the sentence and no armed actor acts in it;
- it happened more than five years before publication (background history).
"""

from __future__ import annotations

from datetime import date
from functools import cache

from spacy.tokens import Span as SpacySpan

from dateline.data import table
from dateline.events.learned import NONE, Verdict
from dateline.model import Actor

ARMED = {1, 2, 3, 4, 8}
TERRITORIAL = {"@territory", "@retake", "@lost", "@storm"}
NO_EVENT = 0.6  # the classifier's probability of "none" above which an unarmed candidate is dropped
BACKGROUND_DAYS = 5 * 365


@cache
def frames() -> dict[tuple[str, ...], tuple[str, str]]:
    """Cue lemmas → (frame, veto)."""
    return {tuple(r["cue"].split()): (r["frame"], r["veto"]) for r in table("frames.csv")}


def _cues(sent: SpacySpan) -> list[tuple[str, str, str]]:
    """The frames whose cues occur in the sentence: (frame, veto, cue text)."""
    lemmas = [t.lemma_.lower() for t in sent]
    out = []
    for cue, (frame, veto) in frames().items():
        n = len(cue)
        if any(tuple(lemmas[i : i + n]) == cue for i in range(len(lemmas) - n + 1)):
            out.append((frame, veto, " ".join(cue)))
    return out


def armed(*actors: Actor | None) -> bool:
    return any(a is not None and a.inter in ARMED for a in actors)


def frame_veto(sent: SpacySpan, actor1: Actor | None, actor2: Actor | None) -> str | None:
    """Why the sentence's frame makes its conflict words figurative or accidental, or None."""
    cues = _cues(sent)
    always = [c for c in cues if c[1] == "always"]
    if always:
        return f"no event: a {always[0][0]} frame ('{always[0][2]}')"
    if armed(actor1, actor2) or any(c[1] == "lifts" for c in cues):
        return None
    unarmed = [c for c in cues if c[1] == "unarmed"]
    return f"no event: a {unarmed[0][0]} frame ('{unarmed[0][2]}') with no armed actor" if unarmed else None


def article_frame(lead: list[SpacySpan], actors: list[Actor]) -> tuple[str, str] | None:
    """The frame the headline and first paragraph set for the whole article ((frame, veto)): a drill or a film
    whatever they name, else a quake, a match... when they name no armed actor and no weapon (a quake story's later
    "six were killed" is the quake's)."""
    cues = [c for sent in lead for c in _cues(sent)]
    if always := [c for c in cues if c[1] == "always"]:
        return always[0][0], "always"
    present = [a for a in actors if any(s.start_char <= a.start < s.end_char for s in lead)]
    if armed(*present) or any(c[1] == "lifts" for c in cues):
        return None
    unarmed = [c for c in cues if c[1] == "unarmed"]
    return (unarmed[0][0], "unarmed") if unarmed else None


def article_veto(frame: tuple[str, str] | None, actor1: Actor | None, actor2: Actor | None) -> str | None:
    if frame is None or (frame[1] == "unarmed" and armed(actor1, actor2)):
        return None
    return f"no event: the article is framed as {frame[0]} by its headline or lead"


def territory_veto(label: str, actor1: Actor | None, actor2: Actor | None, takes_place: bool) -> str | None:
    if label in TERRITORIAL and not armed(actor1, actor2) and not takes_place:
        return "no event: a territorial word with no armed actor and no place taken"
    return None


def classifier_veto(verdict: Verdict | None, actor1: Actor | None, actor2: Actor | None) -> str | None:
    if verdict is None or armed(actor1, actor2) or verdict.p(NONE) < NO_EVENT:
        return None
    return f"no event: the classifier's 'none' at {verdict.p(NONE):.2f} and no armed actor"


def _old(day: str, precision: int, published: date) -> bool:
    days = (published - date.fromisoformat(day)).days
    return days > BACKGROUND_DAYS or (precision == 4 and days > BACKGROUND_DAYS - 365)


def background_veto(
    event: tuple[str, int] | None, sentence: list[tuple[str, int]], published: date | None
) -> str | None:
    """A happening dated, or told in a sentence whose every date lies, more than five years before publication is
    background history."""
    if published is None:
        return None
    days = [event] if event else sentence
    if days and all(_old(day, precision, published) for day, precision in days):
        return f"no event: background, {days[0][0][:4]} is more than five years before publication"
    return None
