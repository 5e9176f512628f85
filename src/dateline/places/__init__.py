"""Geoparsing: find the toponyms in a Doc, resolve them to GeoNames, attach events to places."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from dateline.model import Place, Span
from dateline.places import gazetteer
from dateline.places.attach import attach
from dateline.places.recognize import candidates
from dateline.places.resolve import resolve
from dateline.places.roles import LOCATION, demonyms, with_role

__all__ = ["LOCATION", "attach", "find_places"]


def find_places(doc: Doc, *, skip: Sequence[Span] = ()) -> list[Place]:
    """Every toponym mention in ``doc`` (offsets into ``doc.text``), resolved against the gazetteer, each with its
    role (``places.roles``): locations, qualifiers of names, and demonyms as mentions of their country."""
    gaz = gazetteer.load()
    found = [with_role(doc, p) for p in resolve(doc, gaz, candidates(doc, gaz, skip))]
    return sorted([*found, *demonyms(doc, gaz, found, skip)], key=lambda p: p.start)
