"""Temporal expressions: recognise (grammar), normalise to TIMEX3 (resolve), pick an event's date (attach)."""

from __future__ import annotations

import re
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
    return _clock_on_day(text, out)


_JOIN = re.compile(r"\s*(?:,|on|,\s*on|of)?\s*", re.I)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _clock_on_day(text: str, found: list[DateValue]) -> list[DateValue]:
    """A clock time next to a day ("3 p.m. on Wednesday", "Friday, 10:30") happens on that day."""
    out = list(found)
    for i, dv in enumerate(out):
        if dv.type != "TIME" or "T" not in dv.value:
            continue
        for other in (out[i - 1] if i else None, out[i + 1] if i + 1 < len(out) else None):
            if other is None or other.type != "DATE" or not _DAY.fullmatch(other.value):
                continue
            gap = text[dv.end : other.start] if other.start >= dv.end else text[other.end : dv.start]
            if _JOIN.fullmatch(gap):
                out[i] = DateValue(dv.start, dv.end, dv.text, dv.type, other.value + dv.value[dv.value.index("T") :])
                break
    return out
