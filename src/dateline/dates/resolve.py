"""Normalisation: a grammar hit and the anchor (publication) date → TIMEX3 type and value."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateline.dates.grammar import Hit, Tokens

Result = tuple[str, str] | None  # (TIMEX3 type, value)
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
UNDERSPECIFIED = {
    "D": "XXXX-XX-XX",
    "W": "XXXX-WXX",
    "M": "XXXX-XX",
    "Q": "XXXX-QX",
    "Y": "XXXX",
    "WE": "XXXX-WXX-WE",
}


# Prepositions that make "the next year" a stretch of time ("over the next year"), not a period named
DURATION_PREPS = {"over", "for", "during", "within", "in", "throughout", "through", "across"}
STORY_RULES = {"story_next", "story_after", "story_that"}
PRECISION = {"D": 0, "M": 1, "Y": 2}  # how finely a story time is known, finest first


@dataclass(frozen=True, slots=True)
class Story:
    """The period the text told last, which "the next day", "that year" and "at that time" count from."""

    day: date  # its first day
    unit: str  # D, M or Y: how finely it is known
    value: str  # its TIMEX3 value
    told: bool = True  # False: no period told yet, the publication day stands in

    @staticmethod
    def of(value: str) -> Story | None:
        """The story time a DATE or TIME value sets; None for a value that names no period."""
        m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:T.*)?", value)
        if m is None:
            return None
        y, mo, d = m.groups()
        try:
            return Story(date(int(y), int(mo or 1), int(d or 1)), "D" if d else "M" if mo else "Y", value)
        except ValueError:
            return None

    def knows(self, unit: str) -> bool:
        """Whether the story time is known finely enough to count in `unit` from it."""
        need = "D" if unit in ("D", "W", "WE", "H", "MI") else "M" if unit in ("M", "Q") else "Y"
        return PRECISION[self.unit] <= PRECISION[need]


class Span:
    """The tokens of one hit, looked up by class."""

    def __init__(self, t: Tokens, a: int, b: int) -> None:
        self.t, self.a, self.b = t, a, b

    def at(self, *classes: str) -> int | None:
        return next((k for k in range(self.a, self.b) if self.t.cls[k] in classes), None)

    def val(self, *classes: str) -> str | None:
        k = self.at(*classes)
        return None if k is None else self.t.vals[k]

    def num(self, *classes: str) -> int | None:
        k = self.at(*classes)
        return None if k is None else int(re.sub(r"\D", "", self.t.low[k]))

    def offset(self) -> int | None:
        """-1 / 0 / 1 for last / this / next."""
        k = self.at("LAST", "THIS", "NEXT", "PAST")
        return None if k is None else {"LAST": -1, "PAST": -1, "THIS": 0, "NEXT": 1}[self.t.cls[k]]

    def amount(self) -> float | str | None:
        """The quantity before a unit: 3, 2.5, "X" (several), or None when there is none."""
        n, half, seen = 0.0, False, False
        for k in range(self.a, self.b):
            c, v = self.t.cls[k], self.t.vals[k]
            if c == "VAGUE":
                return "X" if v == "X" else float(v)
            if c == "NUMW":
                n, seen = n + float(v), True
            elif c == "NUMX":
                n, seen = n * float(v) if n else float(v), True
            elif c in ("DAYNUM", "NUM"):
                n, seen = float(self.t.low[k].replace(",", "")), True
            elif c == "HALF":
                half = True
            elif c == "A" and not seen and not half:
                n, seen = 1.0, True
        if half:
            return n + 0.5 if seen else 0.5
        return n if seen else None


def _fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def duration(n: float | str, unit: str) -> str:
    mult, code = re.fullmatch(r"(\d*)(\D+)", unit).groups()  # type: ignore[union-attr]
    if mult and n != "X":
        n = float(n) * int(mult)
    if code == "DE" and n == 1:  # one decade: P10Y, as TimeBank writes it; counted decades keep DE ("P5DE")
        code, n = "Y", 10.0
    amount = n if isinstance(n, str) else _fmt(n)
    return f"PT{amount}{code[0]}" if code in ("H", "MI") else f"P{amount}{code}"


def day(d: date) -> str:
    return d.isoformat()


def week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def month(y: int, m: int, k: int = 0) -> str:
    i = y * 12 + m - 1 + k
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def weekend(anchor: date, future: bool) -> str:
    if future:
        return week(anchor if anchor.isoweekday() < 6 else anchor + timedelta(7)) + "-WE"
    return week(anchor if anchor.isoweekday() >= 6 else anchor - timedelta(7)) + "-WE"


def shift(anchor: date, unit: str, k: int) -> str | None:
    """The calendar unit containing the anchor, moved by k units: last week, next month, two years ago."""
    if unit == "D":
        return day(anchor + timedelta(k))
    if unit == "W":
        return week(anchor + timedelta(7 * k))
    if unit == "M":
        return month(anchor.year, anchor.month, k)
    if unit == "Q":
        q = anchor.year * 4 + (anchor.month - 1) // 3 + k
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "Y":
        return f"{anchor.year + k:04d}"
    if unit == "DE":  # TimeBank writes a decade as 199X (TIMEX3's guidelines allow 199)
        return f"{anchor.year // 10 + k}X"
    if unit == "CE":
        return str(anchor.year // 100 + k)
    return None


def _pick(candidates: list[date], anchor: date, tense: int, slack: int = 0) -> date:
    """The candidate the tense points to: the latest not after the anchor, or the earliest not before it;
    with no tense cue, the nearest to the anchor ("takes effect on 1 July"), a near past preferred by ``slack``."""
    if tense > 0:
        return min((c for c in candidates if c >= anchor), default=candidates[-1])
    if tense < 0:
        return max((c for c in candidates if c <= anchor), default=candidates[0])
    return min(candidates, key=lambda c: abs((c - anchor).days) - (slack if c <= anchor else 0))


def _dates(anchor: date, m: int, d: int) -> list[date]:
    out = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        with contextlib.suppress(ValueError):
            out.append(date(y, m, d))
    return out


def _weekday(anchor: date, wd: int, rel: int | None, tense: Callable[[], int]) -> date:
    back = (anchor.isoweekday() - wd) % 7
    if rel == -1:
        return anchor - timedelta(back or 7)
    fwd = (wd - anchor.isoweekday()) % 7
    if rel == 1:
        return anchor + timedelta(fwd or 7)
    return anchor + timedelta(fwd) if tense() > 0 else anchor - timedelta(back)


def _season(anchor: date, code: str, rel: int | None, tense: Callable[[], int]) -> str:
    now, sm = anchor.year * 12 + anchor.month - 1, SEASON_MONTH[code] - 1
    starts = [y * 12 + sm for y in range(anchor.year - 2, anchor.year + 2)]
    if rel == -1:
        s = max(s for s in starts if s + 3 <= now)
    elif rel == 1:
        s = min(s for s in starts if s > now)
    elif rel == 0:
        s = min(starts, key=lambda s: max(s - now, now - s - 2, 0))
    elif tense() > 0:
        s = min(s for s in starts if s + 3 > now)
    else:
        s = max(s for s in starts if s <= now)
    return f"{s // 12:04d}-{code}"


def _period(anchor: date, n: int, per_year: int, tense: Callable[[], int]) -> int:
    """The year of the n-th quarter (per_year 4) or half (2) the tense points to."""
    current = (anchor.month - 1) * per_year // 12 + 1
    if tense() > 0:
        return anchor.year if n >= current else anchor.year + 1
    return anchor.year if n <= current else anchor.year - 1


def resolve(hit: Hit, t: Tokens, anchor: date | None, story: Story | None = None) -> Result:
    """The TIMEX3 type and value of a hit; the story's own time rules count from `story`, else from the anchor."""
    s = Span(t, hit.head, hit.end)
    tense = lambda: t.tense(hit.start, hit.end)  # noqa: E731
    if hit.rule in STORY_RULES:
        if story is None:
            if anchor is None:
                return _unanchored_story(s)
            story = Story(anchor, "D", day(anchor), told=False)
        return STORY[hit.rule](s, story, tense)
    return RULES[hit.rule](s, anchor, tense)


def _calendar_day(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    m, d, y = int(s.val("MON", "MONA") or 0), s.num("DAYNUM", "ORD") or 0, s.num("YEAR", "OLDYEAR")
    if y is not None:
        try:
            return "DATE", day(date(y, m, d))
        except ValueError:
            return None
    if anchor is None:
        return ("DATE", f"XXXX-{m:02d}-{d:02d}") if d <= 31 else None
    candidates = _dates(anchor, m, d)
    return ("DATE", day(_pick(candidates, anchor, tense(), slack=14))) if candidates else None


def _month_year(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    return "DATE", month(s.num("YEAR", "OLDYEAR") or 0, int(s.val("MON", "MONA") or 0))


def _iso(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    try:
        return "DATE", date.fromisoformat(s.t.low[s.a]).isoformat()
    except ValueError:
        return None


def _month(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    m, rel = int(s.val("MON") or 0), s.offset()
    if s.at("UNIT") is not None:  # April last year
        if s.val("UNIT") != "Y":
            return None
        return "DATE", f"{anchor.year + (rel or 0)}-{m:02d}" if anchor else f"XXXX-{m:02d}"
    if anchor is None:
        return "DATE", f"XXXX-{m:02d}"
    t, same = (tense(), m == anchor.month) if rel in (None, 0) else (rel, False)
    if t == 0:  # no tense cue: the nearest such month, a near past preferred ("takes effect in June")
        now = anchor.year * 12 + anchor.month - 1
        months = [y * 12 + m - 1 for y in range(anchor.year - 1, anchor.year + 2)]
        near = min(months, key=lambda i: abs(i - now) - 2 * (i < now))
        return "DATE", f"{near // 12:04d}-{near % 12 + 1:02d}"
    if t > 0:
        y = anchor.year if m > anchor.month or same else anchor.year + 1
    else:
        y = anchor.year if m < anchor.month or same else anchor.year - 1
    return "DATE", f"{y:04d}-{m:02d}"


def _quarter(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    n, half = int(s.val("ORDW") or 0) or (s.num("ORD") or 0), s.at("HALF") is not None
    per_year = 2 if half else 4
    if not 1 <= n <= per_year:
        return None
    y = s.num("YEAR") or (int(s.val("FY") or 0) or None)
    if y is None and anchor is not None:
        rel = s.offset()
        y = anchor.year + rel if rel is not None else _period(anchor, n, per_year, tense)
    fiscal = "FY" if s.at("FISCAL", "FY") is not None else ""  # "the third quarter of fiscal 2021": FY2021-Q3
    return "DATE", f"{fiscal}{'XXXX' if y is None else f'{y:04d}'}-{'H' if half else 'Q'}{n}"


def _fiscal(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    """ "fiscal 2021", "FY21"; "this fiscal year" counts from the calendar year of the anchor."""
    y = s.num("YEAR") or (int(s.val("FY") or 0) or None)
    if y is None:
        y = None if anchor is None else anchor.year + (s.offset() or 0)
    return "DATE", f"FY{'XXXX' if y is None else f'{y:04d}'}"


def _century(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    n = int(s.val("ORDW") or 0) or (s.num("ORD") or 0)
    return ("DATE", f"{n - 1:02d}") if s.val("UNIT") == "CE" and n > 1 else None


def _decade(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    digits = re.sub(r"\D", "", s.t.low[s.at("DECADE") or 0])
    if len(digits) == 2:
        digits = ("19" if digits >= "30" else "20") + digits
    return "DATE", digits[:3] + "X"


def _season_value(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    code, y = s.val("SEASON") or "SP", s.num("YEAR")
    if y is not None:
        return "DATE", f"{y:04d}-{code}"
    if anchor is None:
        return "DATE", f"XXXX-{code}"
    return "DATE", _season(anchor, code, s.offset(), tense)


def _wday(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    wd, pod = int(s.val("WDAY") or 1), s.val("POD")
    value = day(_weekday(anchor, wd, s.offset(), tense)) if anchor else f"XXXX-WXX-{wd}"
    return ("TIME", f"{value}T{pod}") if pod else ("DATE", value)


def _relpod(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    k = s.at("RELDAY", "LAST")
    back = 0 if k is None else -1 if s.t.cls[k] == "LAST" else int(s.t.vals[k])
    value = day(anchor + timedelta(back)) if anchor else "XXXX-XX-XX"
    return "TIME", f"{value}T{s.val('POD', 'TONIGHT')}"


def _relday(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    k = int(s.val("RELDAY") or 0)
    if k == 0 and _generic(s, tense):
        return "DATE", "PRESENT_REF"
    return "DATE", day(anchor + timedelta(k)) if anchor else "XXXX-XX-XX"


def _generic(s: Span, tense: Callable[[], int]) -> bool:
    """ "today" meaning the present age: "the Africa of today", or opening a sentence told in no tense
    ("Today, most farmers rent their land"), not the publication day ("Today, rebels attacked")."""
    t, k = s.t, s.a
    if k and t.low[k - 1] == "of":
        return True
    opens = k == 0 or t.low[k - 1] in '.!?"“'
    return opens and k + 1 < len(t.low) and t.cls[k + 1] == "COMMA" and tense() == 0


def _rel_unit(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    unit, rel = s.val("UNIT", "QUARTER", "WEEKEND") or "", s.offset() or 0
    if unit == "D" and s.at("THE") is None:
        return None  # "next day", "this day": relative to the story, not the anchor
    if anchor is None:
        return ("DATE", UNDERSPECIFIED[unit]) if unit in UNDERSPECIFIED else None
    if unit == "WE":
        return "DATE", week(anchor + timedelta(7 * rel)) + "-WE"
    value = shift(anchor, unit, rel)
    return ("DATE", value) if value else None


def _weekend(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    return "DATE", weekend(anchor, tense() > 0) if anchor else UNDERSPECIFIED["WE"]


def _ago(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    unit, n = s.val("UNIT", "UNITS") or "", s.amount()
    if n is None:
        n = "X" if s.at("UNITS") is not None else 1.0
    if unit == "Y" and isinstance(n, float) and n != int(n):
        unit, n = "M", n * 12
    if n == "X" or isinstance(n, str) or n != int(n):
        return "DATE", "PAST_REF"
    if unit in ("H", "MI"):
        unit, n = "D", 0
    if anchor is None:
        return ("DATE", UNDERSPECIFIED[unit]) if unit in UNDERSPECIFIED else None
    value = shift(anchor, unit, -int(n))
    if unit == "DE" and value:
        value = str(anchor.year - 10 * int(n))[:3] + "X"
    return ("DATE", value) if value else None


def _ref(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    return "DATE", s.val("REF", "RECENT", "FUTURE") or "PAST_REF"


def _recent(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    """ "in recent months": a vague stretch (PXM, TimeBank's reading); "the recent past": PAST_REF."""
    unit = s.val("UNITS")
    return ("DURATION", duration("X", unit)) if unit else ("DATE", "PAST_REF")


def _clock(s: Span) -> str | None:
    """ "HH:MM" of the hit's clock time ("7:45 a.m.", "19:30", "5 p.m.", "14:05:33 GMT"); None when invalid."""
    k = s.at("CLOCK", "CLOCKS", "DAYNUM")
    if k is None:
        return None
    h, _, mi = s.t.low[k].partition(":")
    hour, ampm = int(h), s.val("AMPM")
    if ampm and not 1 <= hour <= 12:
        return None
    hour = hour % 12 + (12 if ampm == "pm" else 0) if ampm else hour
    return f"{hour:02d}:{mi[:2] or '00'}"


def _time(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    """A clock time, its zone kept in the span, not the value (TimeBank seldom writes offsets)."""
    clock = _clock(s)
    return ("TIME", f"{day(anchor) if anchor else 'XXXX-XX-XX'}T{clock}") if clock else None


def _clock_day(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    """ "09:30 GMT Friday", "Friday 10 a.m.", "9 p.m. yesterday": one TIME on that day."""
    clock, wd = _clock(s), s.val("WDAY")
    if clock is None:
        return None
    if anchor is None:
        return "TIME", f"{f'XXXX-WXX-{wd}' if wd else 'XXXX-XX-XX'}T{clock}"
    when = _weekday(anchor, int(wd), None, tense) if wd else anchor + timedelta(int(s.val("RELDAY") or 0))
    return "TIME", f"{day(when)}T{clock}"


def _year_short(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    """The second year of a range written short: "84" in "1983-84", "00" in "1999-00"."""
    first, tail = int(s.t.low[s.a - 2]), s.t.low[s.a]
    if len(tail) != 2:
        return None
    y = first // 100 * 100 + int(tail)
    y += 100 if y <= first else 0
    return ("DATE", str(y)) if 0 < y - first <= 10 else None


def _year(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    return "DATE", s.t.low[s.a]


def _past_dur(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    unit, n = s.val("UNIT", "UNITS", "QUARTER") or "", s.amount()
    k = s.at("LAST", "PAST", "NEXT") or s.a
    if n is None:
        if s.at("UNITS") is not None:
            return ("DATE", "FUTURE_REF") if s.t.vals[k] == "coming" else ("DURATION", duration("X", unit))
        if unit == "D" or s.t.low[k] in ("previous", "preceding", "following"):
            return None  # "the next day", "the previous week": relative to the story
        n = 1.0
    return "DURATION", duration(n, unit)


def _set(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    wd = s.val("WDAY", "WDAYS")
    if wd:
        return "SET", f"XXXX-WXX-{wd}"
    if s.at("FREQ") is not None:
        return "SET", s.val("FREQ") or ""
    if s.at("WEEKEND") is not None:
        return "SET", UNDERSPECIFIED["WE"]
    if s.at("SEASON") is not None:  # "each winter"
        return "SET", f"XXXX-{s.val('SEASON')}"
    if s.at("POD") is not None:  # "every evening"
        return "SET", f"XXXX-XX-XXT{s.val('POD')}"
    unit = s.val("UNIT", "UNITS", "QUARTER") or ""
    if s.at("TIMES") is not None:  # "twice a week", "three times a year": the period; the count is its freq
        return "SET", duration(1.0, unit)
    return "SET", duration(s.amount() or 1.0, unit)


def _dur(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    n, unit = s.amount(), s.val("UNIT", "UNITS") or ""
    return ("DURATION", duration(n, unit)) if n is not None else None


def _range_dur(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    """ "between six and nine months", "two to three years": TIMEX3 has no range of durations, so the amount is
    left vague (PXM), as TimeBank writes an amount it cannot give."""
    return "DURATION", duration("X", s.val("UNIT", "UNITS") or "")


def _vague(s: Span, anchor: date | None, tense: Callable[[], int]) -> Result:
    return "DURATION", duration("X", s.val("UNITS") or "")


def _story_count(story: Story, unit: str, k: int) -> str | None:
    """The period of `unit` k units from the story time; underspecified when it is not known that finely."""
    if not story.knows(unit):
        return UNDERSPECIFIED.get(unit)
    if unit == "WE":
        return week(story.day + timedelta(7 * k)) + "-WE"
    return shift(story.day, unit, k)


def _story_next(s: Span, story: Story, tense: Callable[[], int]) -> Result:
    """ "the next day", "the following year", "the previous week" after the story's time; "the last week" and
    "over the next year" are stretches of time (DURATION)."""
    k = s.at("NEXT", "LAST") or s.a
    if s.t.low[k] in ("last", "coming") or (s.a and s.t.low[s.a - 1] in DURATION_PREPS):
        return _past_dur(s, None, tense)
    value = _story_count(story, s.val("UNIT", "WEEKEND") or "", 1 if s.t.cls[k] == "NEXT" else -1)
    return ("DATE", value) if value else None


def _story_after(s: Span, story: Story, tense: Callable[[], int]) -> Result:
    """ "the day after", "the week before", "the night before" the story's time."""
    k, pod = int(s.val("AFTER") or 1), s.val("POD")
    value = _story_count(story, "D" if pod else s.val("UNIT", "WEEKEND") or "", k)
    if value is None:
        return None
    return ("TIME", f"{value}T{pod}") if pod else ("DATE", value)


def _story_that(s: Span, story: Story, tense: Callable[[], int]) -> Result:
    """ "that day", "the same week", "that night", "at that time", "that March morning in 2009"."""
    pod = s.val("POD")
    if s.at("TIMEW") is not None:
        return "DATE", story.value if story.told else "PAST_REF"
    if s.at("MON", "SEASON", "WDAY") is not None:
        return _story_named(s, story, pod, tense)
    value = _story_count(story, "D" if pod else s.val("UNIT", "WEEKEND") or "", 0)
    if value is None:
        return None
    return ("TIME", f"{value}T{pod}") if pod else ("DATE", value)


def _story_named(s: Span, story: Story, pod: str | None, tense: Callable[[], int]) -> Result:
    """A month, weekday or season of the story's time, or of the year told with it."""
    y = s.num("YEAR")
    year = story.day.year if y is None else y
    if s.val("SEASON"):
        return "DATE", f"{year:04d}-{s.val('SEASON')}"
    wd = s.val("WDAY")
    if wd:
        base = day(_weekday(story.day, int(wd), None, tense)) if story.knows("D") else f"XXXX-WXX-{wd}"
    else:
        m = int(s.val("MON") or 0)
        if story.knows("D") and (story.day.year, story.day.month) == (year, m):
            base = day(story.day)
        else:
            base = f"{year:04d}-{m:02d}" + ("-XX" if pod else "")
    return ("TIME", f"{base}T{pod}") if pod else ("DATE", base)


def _unanchored_story(s: Span) -> Result:
    """The story's time with no anchor and nothing told yet: left unknown."""
    if s.at("TIMEW") is not None:
        return "DATE", "PAST_REF"
    if s.at("POD") is not None:
        return "TIME", f"XXXX-XX-XXT{s.val('POD')}"
    unit = s.val("UNIT", "WEEKEND") or ""
    return ("DATE", UNDERSPECIFIED[unit]) if unit in UNDERSPECIFIED else None


STORY: dict[str, Callable[[Span, Story, Callable[[], int]], Result]] = {
    "story_next": _story_next,
    "story_after": _story_after,
    "story_that": _story_that,
}
RULES: dict[str, Callable[[Span, date | None, Callable[[], int]], Result]] = {
    "year_short": _year_short,
    "clock_day": _clock_day,
    "compare": _dur,
    "range_dur": _range_dur,
    "mdy": _calendar_day,
    "dmy": _calendar_day,
    "my": _month_year,
    "iso": _iso,
    "month_rel": _month,
    "quarter": _quarter,
    "fiscal": _fiscal,
    "century": _century,
    "decade": _decade,
    "season": _season_value,
    "wday": _wday,
    "relpod": _relpod,
    "relday": _relday,
    "rel_unit": _rel_unit,
    "weekend": _weekend,
    "the_unit": _rel_unit,
    "unit_end": _rel_unit,
    "ago": _ago,
    "recent": _recent,
    "future": _ref,
    "past": _ref,
    "ref": _ref,
    "time": _time,
    "year": _year,
    "month": _month,
    "past_dur": _past_dur,
    "set": _set,
    "dur": _dur,
    "vague": _vague,
}
