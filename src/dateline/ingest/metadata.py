"""Article metadata read off the text itself: sections, publication date, dateline, wire and publisher.

The text is never rewritten: every finding is a span or a section over ``Article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from dateutil import parser as dateparser

from dateline.data import table
from dateline.model import Article, Section, SectionKind, Span

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    r"|\d{1,2}/\d{1,2}/\d{4})"
)
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_OUTLET = r"(?P<pub>(?:[Tt]he\s+)?[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*)*)"

# Phrases that state when the piece was published, strongest first.
_PUBLISHED = [
    re.compile(rf"appear(?:s|ed) in the (?:print|online) edition of {_OUTLET},? on {_WEEKDAY}(?P<date>{_DATE})", re.I),
    re.compile(rf"appear(?:s|ed) in the (?P<date>{_DATE}),? (?:print|online) edition of {_OUTLET}", re.I),
    re.compile(rf"appear(?:s|ed) in print on {_WEEKDAY}(?P<date>{_DATE})[^.\n]*? of {_OUTLET}", re.I),
    re.compile(rf"(?:first )?published (?:in|by) {_OUTLET} on {_WEEKDAY}(?P<date>{_DATE})", re.I),
    re.compile(rf"\bPrinted in {_OUTLET},? (?:on )?{_WEEKDAY}(?P<date>{_DATE})", re.I),
    re.compile(rf"\b(?:Published|Posted|First published)(?: on)?:?\s+{_WEEKDAY}(?P<date>{_DATE})", re.I),
    re.compile(rf"\b(?:Updated|Last updated)(?: on)?:?\s+{_WEEKDAY}(?P<date>{_DATE})", re.I),
]
# A line of its own near the top that is only a date, perhaps after a byline: "By staff writers | Feb. 22, 2023".
_DATE_LINE = re.compile(rf"(?:By [^|\n]{{1,60}}\|\s*)?{_WEEKDAY}(?P<date>{_DATE})\s*", re.I)

# "DAMASCUS •", "BEIRUT (Reuters) -", "KYIV, March 3 (AP) —", "MAIDUGURI, Nigeria —"
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+)*)"
    r"(?:,\s+(?P<region>[A-Z][a-z]+(?: (?:of |the )?[A-Z][a-z]+)*))?"
    r"(?:,\s+(?P<day>" + _MONTH + r"\s+\d{1,2}))?"
    r"(?:\s*\((?P<wire>[A-Za-z. -]{2,30})\))?"
    r"\s*(?:•|·|--|-|—|–|:)\s+"
)

# Dates in a URL's path: "/2016/03/07/", "/2010/world/06/25/", "/2019/jun/02/", "2008apr19", "ct-2012-07-09-",
# and eight-digit runs in a slug ("-20120415-", "_07032016"): year-month-day first, then day-month-year.
_URL_YMD = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/_-](?:[a-z]+/)?(?P<m>\d\d)[/_-](?P<d>\d\d)(?!\d)")
_URL_MONTH = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)[/_-]?(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[/_-]?(?P<d>\d{1,2})(?!\d)",
    re.I,
)
_URL_RUN = re.compile(r"(?<!\d)(\d{8})(?!\d)")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# "Dushanbe. 3 June. Asia-Plus/": a place, a day and month, and the agency before a slash
_DATELINE_DAY = re.compile(
    r"(?P<place>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)*)\.\s+(?P<day>\d{1,2}\s+" + _MONTH + r")\.?\s+"
    r"(?P<wire>[A-Z][\w.-]*(?: [A-Z][\w.-]*)*)\s*/\s*"
)

_BREAK = re.compile(r"\n[\s]*")

# "By Jane Doe, Reuters", "By Staff Writer | AFP"
_BYLINE = re.compile(r"By [^\n|,]{2,60}[,|]\s*(?P<wire>[A-Za-z][A-Za-z.\- ]{1,40}?)\s*")
_CAPTION_CREDIT = re.compile(r"\b(?:PHOTO|PHOTOS|IMAGE|PICTURE|FILE PHOTO)\s*:\s*[A-Z][\w .,/&'-]*$", re.I)
_BOILERPLATE = re.compile(
    r"\b(?:subscribe|newsletter|sign up|telegram|whatsapp|follow us|download our app|"
    r"all rights reserved|copyright|©|click here|read more|print edition)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    kind: str
    aliases: tuple[str, ...]


@cache
def wires() -> tuple[Agency, ...]:
    """News agencies that syndicate copy (data/agencies.csv, kind ``wire``)."""
    return tuple(
        Agency(r["name"], r["kind"], tuple(a.strip() for a in r["aliases"].split("|") if a.strip()))
        for r in table("agencies.csv")
        if r["kind"] == "wire"
    )


def wire_named(name: str) -> str | None:
    """The canonical wire for a sign-off or byline token: "AFP", "AGENCE FRANCE-PRESSE", "Reuters"."""
    key = name.strip().strip(".").casefold()
    for agency in wires():
        if key == agency.name.casefold() or key in (a.casefold() for a in agency.aliases):
            return agency.name
    return None


def paragraphs(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, stripped of surrounding white space."""
    for m in re.finditer(r"[^\n]+", text[start:end]):
        line = m.group()
        lead = len(line) - len(line.lstrip())
        stripped = line.strip()
        if stripped:
            a = start + m.start() + lead
            yield a, a + len(stripped)


def breaks(text: str, start: int, end: int) -> int:
    """How many paragraph breaks lie between two offsets: a paragraph is a non-blank line (``paragraphs``), so a
    break is a run of line breaks, blank lines and all."""
    return len(_BREAK.findall(text, start, max(start, end)))


def parse_date(s: str) -> date | None:
    try:
        return dateparser.parse(s.replace(".", ""), fuzzy=False, dayfirst="/" in s).date()
    except (ValueError, OverflowError):
        return None


def _is_title(text: str, a: int, b: int, known: str | None) -> bool:
    line = text[a:b]
    if known:
        return line.strip().casefold() == known.strip().casefold()
    followed_by_blank = text[b : b + 2] == "\n\n" and bool(text[b:].strip())  # a lone paragraph is body text
    return followed_by_blank and len(line) < 200 and not line.endswith((".", '"', "”")) and "•" not in line


def _classify(text: str, spans: list[tuple[int, int]], captions: Sequence[str]) -> list[SectionKind]:
    caption_texts = {c.strip() for c in captions}
    kinds: list[SectionKind] = []
    for a, b in spans:
        line = text[a:b]
        if line in caption_texts or _CAPTION_CREDIT.search(line):
            kinds.append("caption")
            caption_texts.add(_CAPTION_CREDIT.sub("", line).strip())
        elif wire_named(line) and len(line) < 40:
            kinds.append("signoff")
        elif _BOILERPLATE.search(line) and (len(line) < 160 or "print edition" in line.lower()):
            kinds.append("boilerplate")
        else:
            kinds.append("body")
    # A paragraph repeated before its credited copy is the same caption (scrapes print it twice).
    for i, (a, b) in enumerate(spans):
        if kinds[i] == "body" and text[a:b].strip() in caption_texts:
            kinds[i] = "caption"
    return kinds


def sections(text: str, title: str | None = None, captions: Sequence[str] = ()) -> list[Section]:
    spans = list(paragraphs(text))
    if not spans:
        return []
    out: list[Section] = []
    if _is_title(text, *spans[0], title):
        out.append(Section(*spans[0], "title"))
        spans = spans[1:]
    out += [Section(a, b, k) for (a, b), k in zip(spans, _classify(text, spans, captions), strict=True)]
    return out


def _outlet(name: str) -> str:
    name = name.strip()
    return name[4:] if name.startswith("the ") else name  # "of the Post" → "Post"; "in The Post" keeps it


def published_in_text(text: str, sections: Sequence[Section] = ()) -> tuple[date, Span, str | None] | None:
    """The publication date the text states, its span, and the publisher the statement names; else a line near
    the top that is only a date."""
    for pattern in _PUBLISHED:
        m = pattern.search(text)
        if m and (d := parse_date(m.group("date"))):
            pub = m.groupdict().get("pub")
            return d, Span(m.start(), m.end(), m.group()), _outlet(pub) if pub else None
    for s in sections[:3]:
        m = _DATE_LINE.fullmatch(text, s.start, s.end)
        if m and (d := parse_date(m.group("date"))):
            return d, Span(m.start("date"), m.end("date"), m.group("date")), None
    return None


def _day(y: int, m: int, d: int) -> date | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return day if 1990 <= y <= date.today().year + 1 else None


def published_in_url(url: str) -> date | None:
    """The publication day a URL's path carries, if any (the host and the query are not read)."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.lower()).split("?")[0]
    if m := _URL_YMD.search(path):
        return _day(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _URL_MONTH.search(path):
        return _day(int(m["y"]), _MONTHS.index(m["m"][:3]) + 1, int(m["d"]))
    for run in _URL_RUN.findall(path):  # 20120415, else 07032016
        if day := _day(int(run[:4]), int(run[4:6]), int(run[6:])) or _day(int(run[4:]), int(run[2:4]), int(run[:2])):
            return day
    return None


def dateline(text: str, body: Sequence[Section]) -> tuple[Span | None, Span, str | None] | None:
    """The dateline place at the start of the first body paragraph (None when the dateline names only an agency:
    "AFP - "), the whole dateline, and the wire it names."""
    for s in body[:2]:
        m = _DATELINE.match(text, s.start, s.end) or _DATELINE_DAY.match(text, s.start, s.end)
        if m and len(m.group("place")) >= 3:
            place = m.group("place")
            whole = Span(m.start(), m.end(), m.group())
            if wire_named(place):
                return None, whole, place
            return Span(s.start, s.start + len(place), place), whole, m.group("wire")
    return None


def annotate(article: Article, captions: Sequence[str] = (), published: date | None = None) -> Article:
    """Fill sections, title, dateline, wire, publisher and (if missing) the publication date: from the text's
    own statement, else the URL, else ``published`` (the day the user gives for documents that carry none)."""
    text = article.text
    article.sections = sections(text, article.title, captions)
    if article.title is None:
        article.title = next((text[s.start : s.end] for s in article.sections if s.kind == "title"), None)
    found = published_in_text(text, article.sections)
    if found:
        day, span, pub = found
        if article.published is None:
            article.published, article.published_source, article.published_span = day, "text", span
        article.publisher = article.publisher or pub
    if article.published is None and article.url and (day := published_in_url(article.url)):
        article.published, article.published_source = day, "url"
    if article.published is None and published is not None:
        article.published, article.published_source = published, "given"
    body = [s for s in article.sections if s.kind == "body"]
    if dl := dateline(text, body):
        span, article.dateline_prefix, wire = dl
        if span is not None:
            article.dateline, article.dateline_span = span.text.title(), span
        article.wire = article.wire or (wire_named(wire) if wire else None)
    for s in article.sections:
        if s.kind == "signoff" and not article.wire:
            article.wire = wire_named(text[s.start : s.end])
    for s in article.sections[:4]:
        if not article.wire and (m := _BYLINE.fullmatch(text, s.start, s.end)):
            article.wire = wire_named(m.group("wire"))
    return article
