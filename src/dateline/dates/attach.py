"""Attachment: which DATE/TIME expression of a sentence governs an event trigger, by the dependency tree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dateline.model import DateValue
from dateline.spans import starting_in

if TYPE_CHECKING:  # spaCy only for the types: find_dates must import without it
    from spacy.tokens import Doc, Token

CLAUSE_DEPS = {"relcl", "acl", "ccomp", "advcl", "parataxis", "csubj"}


def _root(doc: Doc, dv: DateValue, sent_start: int, sent_end: int) -> Token | None:
    """The syntactic head of the date's tokens: the one whose head lies outside them."""
    toks = [t for t in doc[sent_start:sent_end] if t.idx < dv.end and t.idx + len(t) > dv.start]
    inside = {t.i for t in toks}
    return next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[0] if toks else None)


def _clause_head(t: Token) -> bool:
    return t.pos_ in ("VERB", "AUX") or t.dep_ in CLAUSE_DEPS


def _path(a: Token, b: Token) -> tuple[list[Token], list[Token]]:
    """The tokens from a and from b up to, not including, their lowest common ancestor."""
    up_a, up_b = [a, *a.ancestors], [b, *b.ancestors]
    depth = {t.i: k for k, t in enumerate(up_a)}
    for k, t in enumerate(up_b):
        if t.i in depth:
            return up_a[: depth[t.i]], up_b[:k]
    return up_a, up_b


def _cost(trigger: Token, head: Token) -> tuple[int, int, int]:
    """(clauses crossed, path length, distance); a date in the trigger's own clause crosses none.

    Leaving the trigger's clause upwards counts, as does every verb passed on the way down to the date.
    """
    from_date, from_trigger = _path(head, trigger)
    crossed = sum(map(_clause_head, from_date[1:])) + sum(map(_clause_head, from_trigger))
    return crossed, len(from_date) + len(from_trigger), abs(head.i - trigger.i)


def attach(doc: Doc, trigger_i: int, dates: Sequence[DateValue]) -> DateValue | None:
    """The DATE/TIME expression that governs the clause of the trigger token, from its own sentence only
    (``dates`` sorted by start)."""
    trigger = doc[trigger_i]
    sent = trigger.sent
    best: tuple[tuple[int, int, int], DateValue] | None = None
    for dv in starting_in(dates, sent.start_char, sent.end_char):
        if dv.type not in ("DATE", "TIME"):
            continue
        head = _root(doc, dv, sent.start, sent.end)
        if head is None:
            continue
        cost = _cost(trigger, head)
        if best is None or cost < best[0]:
            best = (cost, dv)
    return best[1] if best else None
