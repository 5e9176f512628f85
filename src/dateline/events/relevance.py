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
from dateline.dates import event_date
from dateline.events.learned import NONE, Verdict
from dateline.events.lexicon import has_phrase
from dateline.events.roles import ARMED
from dateline.model import Actor, DateValue

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
    return [(frame, veto, " ".join(cue)) for cue, (frame, veto) in frames().items() if has_phrase(lemmas, cue)]


def armed(*actors: Actor | None) -> bool:
    return any(a is not None and a.inter in ARMED for a in actors)


def _frame(cues: list[tuple[str, str, str]], actors: list[Actor | None]) -> tuple[str, str, str] | None:
    """The frame the cues set, as (frame, veto, cue): a drill, fiction or trade whatever the actors; else a
    disaster, a match... when no armed actor acts and no weapon is named."""
    if always := [c for c in cues if c[1] == "always"]:
        return always[0]
    if armed(*actors) or any(c[1] == "lifts" for c in cues):
        return None
    return next((c for c in cues if c[1] == "unarmed"), None)


def frame_veto(sent: SpacySpan, actor1: Actor | None, actor2: Actor | None) -> str | None:
    """Why the sentence's frame makes its conflict words figurative or accidental, or None."""
    if (found := _frame(_cues(sent), [actor1, actor2])) is None:
        return None
    frame, veto, cue = found
    return f"no event: a {frame} frame ('{cue}')" + ("" if veto == "always" else " with no armed actor")


def article_frame(lead: list[SpacySpan], actors: list[Actor]) -> tuple[str, str] | None:
    """The frame the headline and first paragraph set for the whole article, as (frame, veto), judged by the
    actors they name (a quake story's later "six were killed" is the quake's)."""
    present: list[Actor | None] = [a for a in actors if any(s.start_char <= a.start < s.end_char for s in lead)]
    found = _frame([c for sent in lead for c in _cues(sent)], present)
    return (found[0], found[1]) if found else None


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


def background_veto(event: DateValue | None, told: list[DateValue], published: date | None) -> str | None:
    """A happening dated, or told in a sentence whose every day lies, more than five years before publication is
    background history. A clock time ("at 8:15 a.m.") takes its day from the anchor: only days tell how old."""
    if published is None:
        return None
    own = event_date(event) if event is not None and event.type == "DATE" else None
    days = [own] if own else [d for dv in told if dv.type == "DATE" and (d := event_date(dv))]
    if days and all(_old(day, precision, published) for day, precision in days):
        return f"no event: background, {days[0][0][:4]} is more than five years before publication"
    return None
