"""What a toponym mention does in its sentence: names where something is (a location), qualifies an organisation
or a person ("the Basra Operations Command", "a Tulsa man"), is a reference point far from what happened ("400 km
from Raipur"), or, as a demonym, names its country ("Kenyan troops"). Events take only locations; ``dateline
places`` reports all four."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from spacy.tokens import Doc
from spacy.tokens import Span as TokSpan

from dateline.data import lines
from dateline.model import Place, Span
from dateline.places.attach import far, owner
from dateline.places.gazetteer import Gazetteer
from dateline.places.recognize import nationalities

LOCATION, QUALIFIER, DEMONYM, REFERENCE = "location", "qualifier", "demonym", "reference"
NAMED = frozenset({"ORG", "PERSON"})  # entities a place name may open or qualify


def with_role(doc: Doc, p: Place) -> Place:
    """The place with its role: a qualifier when it lies inside an organisation's or a person's name, or says
    whose someone or something is or where they belong; a reference when given as far from what happened; else
    a location."""
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None or not len(span):
        return p
    if _in_name(doc, span) or owner(span.root) or _affiliated(doc, span):
        return replace(p, role=QUALIFIER)
    return replace(p, role=REFERENCE) if far(doc, span.root) else p


def _affiliated(doc: Doc, span: TokSpan) -> bool:
    """Whether a hyphened word after the name says where someone belongs: "a Norway-based group"."""
    after = doc[span.end : span.end + 2]
    return len(after) == 2 and after[0].text == "-" and after[1].lower_ in _affiliations()


@cache
def _affiliations() -> frozenset[str]:
    return frozenset(lines("places/affiliations.tsv"))


def _in_name(doc: Doc, span: TokSpan) -> bool:
    """Whether the span opens a longer organisation's or person's name, the name going on in words ("the Basra
    Operations Command"); a town the model tags PERSON whole ("Al-Qaryatain"), or with the units after it
    ("Qamishli (Qamishli, Hasakah"), is not."""
    if span[0].ent_type_ not in NAMED or span[-1].ent_type_ != span[0].ent_type_:
        return False
    start = span.start
    while start > 0 and doc[start].ent_iob_ == "I":  # back to the entity's first token
        start -= 1
    start += doc[start].lower_ == "the" and start < span.start
    inside = span.end < len(doc) and doc[span.end].ent_iob_ == "I"
    return start == span.start and inside and doc[span.end].is_alpha


def demonyms(doc: Doc, gaz: Gazetteer, taken: Sequence[Place], skip: Sequence[Span] = ()) -> list[Place]:
    """Nation adjectives and demonyms ("Kenyan", "Somalis") as mentions of their country, with no point: they say
    whose, not where."""
    out = []
    for span, cc in nationalities(doc, gaz):
        word, start, end = span.text, span.start_char, span.end_char
        country = gaz.country(cc)
        if country is None or any(p.start < end and start < p.end for p in [*taken, *skip]):
            continue
        iso3, name = gaz.countries.get(country.cc or "", (None, None))
        out.append(
            Place(
                start,
                end,
                word,
                country.geonameid,
                country.name,
                None,
                None,
                country.cc,
                None,
                "PCLI",
                1.0,
                iso3,
                name,
                role=DEMONYM,
                evidence=(f"'{word}' names {name}",),
            )
        )
    return out
