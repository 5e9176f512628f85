"""A read-only REST API over a store file, and the offline map + timeline page at ``/``.

Each request opens the store read-only, reads through its public methods and closes it again, so ``dateline ingest``
can add to the same file between requests; nothing here writes, nor creates a table. Lists come in pages of
``limit`` items with a ``next`` cursor, to pass as ``cursor`` for the page after until it is null. Every error is
JSON, as /openapi.json declares it. A request must name an allowed host (against DNS rebinding). /docs and /redoc
are served from the fastapi-offline package: no CDN.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, BeforeValidator, Field

import dateline
from dateline.export import geojson as feature_collection
from dateline.model import ControlInterval, Event
from dateline.store import UNDATED, Change, EventKey, Store, StoreError

STATIC = Path(__file__).parent / "static"
LIMIT, MAX_LIMIT = 1_000, 10_000
LOCAL = ("localhost", "127.0.0.1", "::1")
LOCKED = "database is locked by another process"
WAIT = 1.0  # seconds a request waits for an ingest's batch to release the store before it is a 503

Country = Annotated[str | None, Query(description="Country name or ISO3.")]
EventType = Annotated[str | None, Query(alias="type", description="Event type or sub-event type.")]
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _matching(pattern: re.Pattern[str], what: str) -> BeforeValidator:
    """Take strings of the pattern only: pydantic alone would read a number as seconds since 1970, too."""

    def check(value: object) -> object:
        if isinstance(value, str) and not pattern.fullmatch(value):
            raise ValueError(f"not {what}")
        return value

    return BeforeValidator(check)


Day = Annotated[date | None, _matching(DAY, "a date (YYYY-MM-DD)"), Query(description="YYYY-MM-DD")]
Moment = Annotated[
    datetime | None,
    _matching(MOMENT, "an RFC 3339 time (2024-05-01T12:00:00Z)"),
    Query(description="From this time on (RFC 3339, with its offset: 2024-05-01T12:00:00Z)."),
]
Distinct = Annotated[bool, Query(description="One event per dedup cluster.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Place = Annotated[
    str | None,
    Query(
        description="List from after this place: the `next` of the page before, `DATE,EVENT_ID` of its last event"
        f" (`{UNDATED}` for no date). Any string is a place in the order.",
    ),
]
Index = Annotated[int | None, Query(ge=0, le=2**63 - 1, description="The `next` of the page before.")]
Next = Field(description="The cursor of the next page; null on the last.")


@dataclass
class Listing:
    """The filters and the page of every list of events."""

    country: Country = None
    type_: EventType = None
    since: Day = None
    until: Day = None
    distinct: Distinct = False
    limit: Limit = LIMIT
    cursor: Place = None


Listed = Annotated[Listing, Depends()]


class Error(BaseModel):
    detail: str


class EventPage(BaseModel):
    events: list[Event]
    next: str | None = Next


class MapColumns(BaseModel):
    """The map's fields of each event, one list per field, all in the order of ``event_id``."""

    event_id: list[str]
    event_date: list[str | None]
    time_precision: list[int | None]
    event_type: list[str | None]
    sub_event_type: list[str | None]
    actor1: list[str | None]
    actor2: list[str | None]
    country: list[str | None]
    location: list[str | None]
    geonameid: list[int | None]
    latitude: list[float | None]
    longitude: list[float | None]
    fatalities: list[int | None]


class MapPage(BaseModel):
    columns: MapColumns
    next: str | None = Next


class Quote(BaseModel):
    """An evidence span inside its sentence: ``before`` + ``text`` + ``after``."""

    field: str
    start: int
    end: int
    text: str
    before: str
    after: str


class Source(BaseModel):
    event_id: str
    article_id: str
    url: str | None
    title: str | None
    quotes: list[Quote]


class Point(BaseModel):
    type: Literal["Point"]
    coordinates: tuple[float, float]


class Feature(BaseModel):
    type: Literal["Feature"]
    geometry: Point
    properties: dict[str, Any]


class FeaturePage(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[Feature]
    next: str | None = Next


class IntervalPage(BaseModel):
    intervals: list[ControlInterval]
    next: int | None = Next


class Holder(BaseModel):
    place: str
    on: date
    controller: str | None


class ChangePage(BaseModel):
    changes: list[Change]
    next: int | None = Next


class Health(BaseModel):
    status: Literal["ok"]
    db: str = Field(description="The store's file name.")
    articles: int
    events: int


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Error, "description": "The Host header names a host this server does not answer for."},
    404: {"model": Error, "description": "Not found."},
    500: {"model": Error, "description": "Internal error."},
    503: {"model": Error, "description": "The store cannot be read now (an ingest holds its lock) or at all."},
}


# Where a sentence ends: the space after its stop, or a line break.
BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”)\]]))\s+|\n")
WINDOW = 300  # characters of context either side at most, where no sentence end is nearer


def quote(text: str, start: int, end: int, sentences: Iterable[tuple[int, int]] = ()) -> tuple[str, str]:
    """The text before and after ``text[start:end]`` in its sentence: the shortest of ``sentences`` (start, end)
    that holds it, else the text up to the nearest sentence end on either side, at most WINDOW characters."""
    holding = [(a, b) for a, b in sentences if a <= start and end <= b <= len(text)]
    if holding:
        a, b = min(holding, key=lambda x: x[1] - x[0])
    else:
        low = max(0, start - WINDOW)
        a = max((m.end() for m in BREAK.finditer(text, low, start)), default=low)
        after = BREAK.search(text, end, min(len(text), end + WINDOW))
        b = after.start() if after else min(len(text), end + WINDOW)
    return text[a:start].lstrip(), text[end:b].rstrip()


def _source(s: Store, event: Event) -> Source:
    """The event's article (URL, title) and its evidence in context; a span whose text is not at its offsets in the
    stored text comes without context."""
    articles = s.articles(list({event.article_id, *(v.article_id for v in event.evidence)}))
    sentences = s.sentences(event.event_id)
    quotes = []
    for v in event.evidence:
        text = articles.get(v.article_id, (None, None, ""))[2]
        if text[v.start : v.end] == v.text:
            before, after = quote(text, v.start, v.end, sentences if v.article_id == event.article_id else ())
        else:
            before = after = ""
        quotes.append(Quote(field=v.field, start=v.start, end=v.end, text=v.text, before=before, after=after))
    url, title, _ = articles.get(event.article_id, (None, None, ""))
    return Source(event_id=event.event_id, article_id=event.article_id, url=url, title=title, quotes=quotes)


def _stored(s: Store, event_id: str) -> Event:
    if (found := s.event(event_id)) is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return found


def _host(header: str) -> str:
    """The host a Host header names, without its port: ``[::1]:8000`` → ``::1``."""
    if header.startswith("["):
        return header[1:].partition("]")[0].lower()
    return header.partition(":")[0].lower()


def create_app(db: str | Path, allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The API and page over the store file ``db``, which must exist. Requests must name one of ``allowed_hosts``
    (``*``: any) or localhost in their Host header."""
    path = Path(db)
    try:
        with Store(path, read_only=True, wait=WAIT):
            pass
    except StoreError as e:
        if e.reason != LOCKED:  # an ingest at work: its lock goes when it ends
            raise
    allowed = {*LOCAL, *(h.strip("[]").lower() for h in allowed_hosts)}
    lock = threading.Lock()  # one open store at a time: requests run on a thread pool

    def store() -> Store:
        return Store(path, read_only=True, wait=WAIT)

    def events(q: Listing, located: bool = False) -> tuple[list[Event], str | None]:
        """A page of events and the cursor of the next."""
        after: EventKey | None = None
        if q.cursor is not None:
            day, _, event_id = q.cursor.partition(",")
            after = (day, event_id)
        with lock, store() as s:
            found = s.events(
                country=q.country, event_type=q.type_, since=q.since and q.since.isoformat(),
                until=q.until and q.until.isoformat(), distinct=q.distinct, located=located, after=after,
                limit=q.limit + 1,
            )  # fmt: skip
        if len(found) <= q.limit:
            return found, None
        last = found[q.limit - 1]
        return found[: q.limit], f"{last.event_date or UNDATED},{last.event_id}"

    app = FastAPIOffline(
        title="dateline", version=dateline.__version__, description="Conflict events read from the news.",
        responses=ERRORS,
    )  # fmt: skip

    @app.middleware("http")
    async def check_host(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        host = _host(request.headers.get("host", ""))
        if "*" in allowed or host in allowed:
            return await call_next(request)
        detail = f"host not allowed: {host[:100]!r} (dateline serve --allow-host NAME answers for NAME)"
        return JSONResponse({"detail": detail}, status_code=400)

    @app.exception_handler(StoreError)
    async def unreadable(request: Request, e: StoreError) -> JSONResponse:
        retry = {"Retry-After": "1"} if e.reason == LOCKED else {}  # an ingest's batch holds the file briefly
        return JSONResponse({"detail": e.message(Path(e.path).name)}, status_code=503, headers=retry)

    @app.exception_handler(Exception)
    async def internal(request: Request, e: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"internal error: {type(e).__name__}"}, status_code=500)

    @app.get("/api/health")
    def health() -> Health:
        with lock, store() as s:
            return Health(status="ok", db=path.name, articles=s.count("articles"), events=s.count("events"))

    @app.get("/api/events")
    def list_events(q: Listed) -> EventPage:
        """Stored events with their evidence, oldest first (undated last), a page at a time."""
        page, after = events(q)
        return EventPage(events=page, next=after)

    @app.get("/api/events.geojson")
    def geojson(q: Listed) -> FeaturePage:
        """The located events as a GeoJSON FeatureCollection of points (as ``dateline export OUT.geojson``), a page
        at a time: ``next`` is a foreign member of the collection."""
        page, after = events(q, located=True)
        return FeaturePage(**feature_collection(page), next=after)

    @app.get("/api/map", response_model=MapPage)
    def map_columns(q: Listed) -> Response:
        """Events in the compact form the map page loads: the fields it shows, a list per field (no evidence), in the
        order and pages of /api/events."""
        page, after = events(q)
        columns = {name: [getattr(e, name) for e in page] for name in MapColumns.model_fields}
        body = MapPage(columns=MapColumns(**columns), next=after).model_dump_json()
        return Response(body, media_type="application/json")  # validated above: not again, for 10,000 events

    @app.get("/api/evidence/{event_id:path}")
    def evidence(event_id: str) -> Source:
        """An event's article URL and title, and each evidence span inside its sentence."""
        with lock, store() as s:
            return _source(s, _stored(s, event_id))

    @app.get("/api/events/{event_id:path}")
    def one_event(event_id: str) -> Event:
        """One event by id (``<article id>#<n>``; encode ``#`` as ``%23``)."""
        with lock, store() as s:
            return _stored(s, event_id)

    @app.get("/api/control")
    def control(
        place: Annotated[str, Query(description="A place name or GeoNames id.")],
        on: Annotated[
            date | None, _matching(DAY, "a date (YYYY-MM-DD)"), Query(description="Who held it on this date?")
        ] = None,
        limit: Limit = LIMIT,
        cursor: Index = None,
    ) -> IntervalPage | Holder:
        """Control intervals for a place, a page at a time (the cursor counts intervals), or ``{place, on,
        controller}`` when ``on`` is given."""
        with lock, store() as s:
            changes = s.control_events()
        if on:
            return Holder(place=place, on=on, controller=dateline.held_by(changes, place, on.isoformat()))
        intervals = dateline.timeline(changes, place)
        first = cursor or 0
        end = first + limit
        return IntervalPage(intervals=intervals[first:end], next=end if len(intervals) > end else None)

    @app.get("/api/changes")
    def changes(
        since: Moment = None,
        limit: Limit = LIMIT,
        cursor: Index = None,
    ) -> ChangePage:
        """Events new, updated (``fields`` names what changed) or retracted (an updated article no longer has them),
        oldest first, a page at a time (the cursor is the last change's ``seq``): what ``dateline changes`` lists."""
        with lock, store() as s:
            found = s.changes(since=since, after=cursor, limit=limit + 1)
        more = len(found) > limit
        return ChangePage(changes=found[:limit], next=found[limit - 1].seq if more else None)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
