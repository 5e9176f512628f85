"""Temporal expressions: recognise (grammar), normalise to TIMEX3 (resolve), pick an event's date (attach)."""

from __future__ import annotations

import bisect
import re
from datetime import date

from dateline.dates.attach import attach
from dateline.dates.grammar import Hit, Tokens, scan
from dateline.dates.lexicon import speech
from dateline.dates.precision import event_date
from dateline.dates.resolve import Story, resolve
from dateline.model import DateValue

__all__ = ["attach", "event_date", "find_dates"]


def find_dates(text: str, anchor: date | None) -> list[DateValue]:
    """Every temporal expression in `text`, normalised against `anchor` (the publication date).

    Words quoted from past speech count from the day they were spoken; "the next day", "that year" count from
    the period the text told last (the story's time)."""
    t, hits = scan(text)
    spoken = _speech_days(t, hits, anchor)
    out: list[DateValue] = []
    story: Story | None = None
    for k, hit in enumerate(hits):
        res = _resolved(hit, t, spoken.get(k, anchor), story)
        if res:
            start, end = t.starts[hit.start], t.ends[hit.end - 1]
            out.append(DateValue(start, end, text[start:end], res[0], res[1]))
            if res[0] in ("DATE", "TIME"):
                story = Story.of(res[1]) or story
    return _clock_on_day(text, out)


def _resolved(hit: Hit, t: Tokens, anchor: date | None, story: Story | None = None) -> tuple[str, str] | None:
    try:
        return resolve(hit, t, anchor, story)
    except (ValueError, OverflowError):  # an anchor at the edge of the calendar
        return None


QUOTE = re.compile(r'"[^"\n]+"|“[^”\n]+”')
_DAY_VALUE = re.compile(r"(\d{4}-\d\d-\d\d)(?:T.*)?")


def _speech_days(t: Tokens, hits: list[Hit], anchor: date | None) -> dict[int, date]:
    """Hit index → the day its quoted words were spoken, for quotes told beside a verb of past speech and a
    day in the same sentence ('"We will finish by Friday," he said on March 3'; 'On Monday she said: "..."')."""
    out: dict[int, date] = {}
    for q in QUOTE.finditer(t.text):
        inside = [k for k, h in enumerate(hits) if q.start() <= t.starts[h.start] and t.ends[h.end - 1] <= q.end()]
        when = _spoken_on(t, hits, q.start(), q.end(), anchor) if inside else None
        if when is not None:
            out.update(dict.fromkeys(inside, when))
    return out


def _spoken_on(t: Tokens, hits: list[Hit], start: int, end: int, anchor: date | None) -> date | None:
    said = speech()
    for h in hits:
        a, b = t.starts[h.start], t.ends[h.end - 1]
        if end <= a:
            between = range(_token_at(t, end), h.start)
        elif b <= start:
            between = range(h.end, _token_at(t, start))
        else:
            continue
        words = [t.low[k] for k in between]
        if len(words) > 8 or any(w in ".!?" for w in words) or not said.intersection(words):
            continue
        res = _resolved(h, t, anchor)
        m = _DAY_VALUE.fullmatch(res[1]) if res else None
        if m:
            return date.fromisoformat(m.group(1))
    return None


def _token_at(t: Tokens, char: int) -> int:
    """The index of the first token starting at or after `char`."""
    return bisect.bisect_left(t.starts, char)


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
