"""A read-only REST API over a store file, and the offline map + timeline page at ``/``.

Each request opens the store, reads through its public methods and closes it again, so ``dateline ingest`` can
add to the same file between requests. Nothing here writes.
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

import dateline
from dateline.export import geojson as feature_collection
from dateline.model import Event

STATIC = Path(__file__).parent / "static"

Country = Annotated[str | None, Query(description="Country name or ISO3.")]
EventType = Annotated[str | None, Query(alias="type", description="Event type or sub-event type.")]
Day = Annotated[str | None, Query(description="YYYY-MM-DD")]
Distinct = Annotated[bool, Query(description="One event per dedup cluster.")]


def _day(name: str, value: str | None) -> str | None:
    """The date as YYYY-MM-DD, or a 422 naming the parameter."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def create_app(db: str | Path) -> FastAPI:
    """The API and page over the store file ``db``, which must exist."""
    path = Path(db)
    if not path.is_file():
        raise FileNotFoundError(f"no store at {path}: run `dateline ingest DOCS --db {path}` first")
    lock = threading.Lock()  # one open store at a time: requests run on a thread pool

    def events(**filters: Any) -> list[Event]:
        with lock, dateline.Store(path) as store:
            return store.events(**filters)

    def filtered(
        country: str | None, type_: str | None, since: str | None, until: str | None, distinct: bool
    ) -> list[Event]:
        return events(country=country, event_type=type_, since=_day("since", since), until=_day("until", until),
                      distinct=distinct)  # fmt: skip

    app = FastAPI(title="dateline", version=dateline.__version__, description="Conflict events read from the news.")

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        with lock, dateline.Store(path) as store:
            return {"status": "ok", "db": str(path), "articles": store.count("articles"),
                    "events": store.count("events")}  # fmt: skip

    @app.get("/api/events")
    def list_events(
        country: Country = None,
        type_: EventType = None,
        since: Day = None,
        until: Day = None,
        distinct: Distinct = False,
    ) -> list[dict[str, Any]]:
        """Stored events with their evidence, oldest first."""
        return [e.to_dict() for e in filtered(country, type_, since, until, distinct)]

    @app.get("/api/events.geojson")
    def geojson(
        country: Country = None,
        type_: EventType = None,
        since: Day = None,
        until: Day = None,
        distinct: Distinct = False,
    ) -> dict[str, Any]:
        """The located events as a GeoJSON FeatureCollection of points (as ``dateline export OUT.geojson``)."""
        return feature_collection(filtered(country, type_, since, until, distinct))

    @app.get("/api/events/{event_id:path}")
    def one_event(event_id: str) -> dict[str, Any]:
        """One event by id (``<article id>#<n>``; encode ``#`` as ``%23``)."""
        found = [e for e in events() if e.event_id == event_id]
        if not found:
            raise HTTPException(404, f"no event {event_id!r}")
        return found[0].to_dict()

    @app.get("/api/control")
    def control(
        place: Annotated[str, Query(description="A place name or GeoNames id.")],
        on: Annotated[str | None, Query(description="Who held it on this date (YYYY-MM-DD)?")] = None,
    ) -> Any:
        """Control intervals for a place, or ``{place, on, controller}`` when ``on`` is given."""
        day = _day("on", on)
        rows = events()
        if day:
            return {"place": place, "on": day, "controller": dateline.held_by(rows, place, day)}
        return [asdict(iv) for iv in dateline.timeline(rows, place)]

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
