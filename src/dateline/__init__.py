"""dateline: conflict news in, ACLED-compatible events out.

The public API mirrors the ``dateline`` command verb for verb::

    import dateline
    articles = list(dateline.read(["examples/corpus"]))
    events = list(dateline.extract(articles))
    with dateline.Store("dateline.duckdb") as store:
        list(dateline.ingest_into(store, articles))
"""

from dataclasses import asdict as as_dict

from dateline.control import held_by, timeline
from dateline.dates import find_dates
from dateline.export import export
from dateline.ingest import describe, read
from dateline.model import Actor, Article, DateValue, Event, Mention, Place, Rejected, Span
from dateline.pipeline import Analysis, analyse, classify, extract, ingest_into, places_in, run
from dateline.store import Store

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Analysis",
    "Article",
    "DateValue",
    "Event",
    "Mention",
    "Place",
    "Rejected",
    "Span",
    "Store",
    "analyse",
    "as_dict",
    "classify",
    "describe",
    "export",
    "extract",
    "find_dates",
    "held_by",
    "ingest_into",
    "places_in",
    "read",
    "run",
    "timeline",
]
