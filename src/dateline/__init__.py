"""dateline: conflict news in, ACLED-compatible events out.

The public API mirrors the ``dateline`` command verb for verb::

    import dateline
    articles = list(dateline.read(["examples/corpus"]))
    events = list(dateline.extract(articles))
    with dateline.Store("dateline.duckdb") as store:
        list(dateline.ingest_into(store, articles))

Names are imported on first use, so that a command pays only for the stages it runs.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from dateline.export import export as export  # bound now: the function, not the module of its name

__version__ = "0.1.0"

_EXPORTS = {
    "as_dict": ("dataclasses", "asdict"),
    "held_by": ("dateline.control", "held_by"),
    "timeline": ("dateline.control", "timeline"),
    "find_dates": ("dateline.dates", "find_dates"),
    "describe": ("dateline.ingest", "describe"),
    "read": ("dateline.ingest", "read"),
    "Actor": ("dateline.model", "Actor"),
    "Article": ("dateline.model", "Article"),
    "DateValue": ("dateline.model", "DateValue"),
    "Event": ("dateline.model", "Event"),
    "Mention": ("dateline.model", "Mention"),
    "Place": ("dateline.model", "Place"),
    "Rejected": ("dateline.model", "Rejected"),
    "Span": ("dateline.model", "Span"),
    "Analysis": ("dateline.pipeline", "Analysis"),
    "analyse": ("dateline.pipeline", "analyse"),
    "classify": ("dateline.pipeline", "classify"),
    "extract": ("dateline.pipeline", "extract"),
    "ingest_into": ("dateline.pipeline", "ingest_into"),
    "places_in": ("dateline.pipeline", "places_in"),
    "run": ("dateline.pipeline", "run"),
    "Store": ("dateline.store", "Store"),
}

__all__ = sorted([*_EXPORTS, "export"])


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        try:  # a stage module: dateline.ingest, dateline.dates, ...
            return import_module(f"dateline.{name}")
        except ModuleNotFoundError:
            raise AttributeError(f"module 'dateline' has no attribute {name!r}") from None
    module, attr = _EXPORTS[name]
    value = getattr(import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return [*globals(), *__all__]
