"""Temporal expressions: recognise (grammar), normalise to TIMEX3 (resolve), pick an event's date (attach)."""

from __future__ import annotations

from datetime import date

from dateline.dates.attach import attach
from dateline.dates.grammar import scan
from dateline.dates.precision import event_date
from dateline.dates.resolve import resolve
from dateline.model import DateValue

__all__ = ["attach", "event_date", "find_dates"]


def find_dates(text: str, anchor: date | None) -> list[DateValue]:
    """Every temporal expression in `text`, normalised against `anchor` (the publication date)."""
    t, hits = scan(text)
    out = []
    for hit in hits:
        try:
            res = resolve(hit, t, anchor)
        except (ValueError, OverflowError):  # an anchor at the edge of the calendar
            continue
        if res:
            start, end = t.starts[hit.start], t.ends[hit.end - 1]
            out.append(DateValue(start, end, text[start:end], res[0], res[1]))
    return out
