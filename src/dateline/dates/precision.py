"""ACLED event dates: a TIMEX3 DATE/TIME value → (first day, time_precision)."""

from __future__ import annotations

import re
from datetime import date

from dateline.dates.resolve import SEASON_MONTH
from dateline.model import DateValue

# time_precision: 1 a day, 2 a week or a few days, 3 a month (or a quarter, half or season), 4 a year
PATTERNS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"(\d{4}-\d\d-\d\d)(?:T.*)?"), 1),
    (re.compile(r"(\d{4}-\d\d-\d\d)/\d{4}-\d\d-\d\d"), 2),
    (re.compile(r"(\d{4})-W(\d\d)(-WE)?"), 2),
    (re.compile(r"(\d{4})-(\d\d)"), 3),
    (re.compile(r"(?:FY)?(\d{4})-([QH])([1-4])"), 3),
    (re.compile(r"(\d{4})-(SP|SU|FA|WI)"), 3),
    (re.compile(r"(?:FY)?(\d{4})"), 4),
]


def event_date(dv: DateValue) -> tuple[str, int] | None:
    """The ACLED event date and time_precision of a DATE or TIME value; None when it names no period."""
    if dv.type not in ("DATE", "TIME"):
        return None
    for pattern, precision in PATTERNS:
        m = pattern.fullmatch(dv.value)
        if m:
            return _first_day(m.groups(), precision), precision
    return None


def _first_day(g: tuple[str, ...], precision: int) -> str:
    if precision == 1 or len(g) == 1:
        return g[0] if len(g[0]) == 10 else f"{g[0]}-01-01"
    y = int(g[0])
    if g[1] in ("Q", "H"):
        return date(y, (int(g[2]) - 1) * (3 if g[1] == "Q" else 6) + 1, 1).isoformat()
    if g[1] in SEASON_MONTH:
        return date(y, SEASON_MONTH[g[1]], 1).isoformat()
    if len(g) == 3:  # ISO week: its Monday, or its Saturday for the weekend
        return date.fromisocalendar(y, int(g[1]), 6 if g[2] else 1).isoformat()
    return f"{y:04d}-{g[1]}-01"
