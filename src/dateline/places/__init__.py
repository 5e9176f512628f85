"""Geoparsing: find the toponyms in a Doc, resolve them to GeoNames, attach events to places."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from dateline.model import Place, Span
from dateline.places import gazetteer
from dateline.places.attach import attach
from dateline.places.recognize import candidates
from dateline.places.resolve import resolve

__all__ = ["attach", "find_places"]


def find_places(doc: Doc, *, skip: Sequence[Span] = ()) -> list[Place]:
    """Every toponym mention in ``doc`` (offsets into ``doc.text``), resolved against the gazetteer."""
    gaz = gazetteer.load()
    return resolve(doc, gaz, candidates(doc, gaz, skip))
