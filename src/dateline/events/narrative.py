"""Dates told relative to the story, not to the publication day: "a day earlier", "two days later",
"the next day" count from the happening told before."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.events.numbers import value
from dateline.model import DateValue

_UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
_SHIFT = re.compile(
    r"\b(?:(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?P<unit>days?|weeks?)\s+"
    r"(?P<dir>earlier|later|before|after)|the\s+(?P<rel>next|following|previous|preceding)\s+day"
    r"|the\s+day\s+(?P<rel2>before|after))\b",
    re.I,
)


def shifted(text: str, start: int, end: int, reference: date) -> DateValue | None:
    """The first story-relative phrase in ``text[start:end]``, resolved against ``reference``."""
    m = _SHIFT.search(text, start, end)
    if m is None:
        return None
    if m["n"]:
        n = 1 if m["n"].lower() in ("a", "an") else value(m["n"]) or 0
        days = n * _UNIT_DAYS[m["unit"].lower()]
        sign = -1 if m["dir"].lower() in ("earlier", "before") else 1
    else:
        days = 1
        sign = -1 if (m["rel"] or m["rel2"]).lower() in ("previous", "preceding", "before") else 1
    day = reference + timedelta(days=sign * days)
    return DateValue(m.start(), m.end(), m.group(), "DATE", day.isoformat())


def mirrored(shift: DateValue, reference: date) -> DateValue:
    """The shift seen from the happening it was counted to: a day after the reference becomes a day before."""
    day = reference - (date.fromisoformat(shift.value) - reference)
    return DateValue(shift.start, shift.end, shift.text, shift.type, day.isoformat())
