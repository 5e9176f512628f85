"""Choose a gazetteer entry for each candidate: population prior, feature class and the document's context."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from dateline import nlp
from dateline.model import Place
from dateline.places.gazetteer import Entry, Gazetteer, Match
from dateline.places.normalize import SUFFIXES
from dateline.places.recognize import Candidate

AREAS = frozenset({"CONT", "OCN", "RGN", "VAL", "PEN", "MTS", "PLN", "LK", "SEA", "GULF", "STRT", "PPLX"})
COUNTRY_WEIGHT = 1.5  # a country named (or its adjective used) in the document
PLACE_WEIGHT = 0.5  # per other confidently resolved place in that country, up to COUNTRY_WEIGHT
ADMIN1_WEIGHT = 1.5  # the entry's province is named in the document
QUALIFIER_WEIGHT = 2.5  # "Paris, Texas": the next name is the entry's province or country
WELL_KNOWN = 100_000  # a place this populous, matched exactly, is no stranger anywhere


def _prior(m: Match, c: Candidate, towns: set[tuple[str | None, str | None]]) -> float:
    """Population, feature class and name quality; ``towns`` are the provinces of towns sharing the name."""
    e = m.entry
    s = 0.35 * math.log10(e.pop + 1) + (0.6 if m.main else 0.0) + (m.similarity - 100) / 20
    if e.fcode in {"PCLI", "CONT", "OCN"}:
        s += 3.0
    elif e.fcode in ("ADM1", "ADM2"):  # "Homs" alone is the town, "Homs province" the province
        level = int(e.fcode[-1])
        bare = -1.0 if (e.cc, e.admin1code) in towns else 0.5 if level == 1 else 0.0
        s += 3.0 if c.admin == level else 1.0 if c.admin else bare
    elif e.fcode in AREAS:
        s += 1.5
    else:
        s += -3.0 if c.admin else 0.7 * (e.fcode == "PPLC")
    return s


def _foreign(m: Match, countries: set[str]) -> bool:
    """A place in a country the document never names, unless matched exactly by its main name and populous
    enough to be known abroad: "Liboi" in a Kenyan story is no Latvian port, "Boni" in a Malian one not Bonn."""
    e = m.entry
    if not countries or e.cc in countries or e.fcode in {"PCLI", "CONT", "OCN"}:
        return False
    return m.similarity < 100 or not m.main or e.pop < WELL_KNOWN


def _context(e: Entry, countries: Counter[str], admin1s: set[tuple[str, str]], qualifiers: set[str]) -> float:
    s = min(countries[e.cc], COUNTRY_WEIGHT) if e.cc else 0.0
    if e.fcode != "ADM1" and (e.cc, e.admin1code) in admin1s:
        s += ADMIN1_WEIGHT
    if e.cc in qualifiers or (e.admin1 and e.admin1 in qualifiers):
        s += QUALIFIER_WEIGHT
    return s


def _ranked(
    c: Candidate, context: tuple[Counter[str], set[tuple[str, str]], set[str]] | None, named: set[str] = frozenset()
) -> list[tuple[float, Entry]]:
    """Entries by score; ``named`` are the countries the document names, outside which only known places count."""
    towns = {(m.entry.cc, m.entry.admin1code) for m in c.matches if m.entry.fcode.startswith("PPL")}
    best: dict[int, float] = {}
    entries: dict[int, Entry] = {}
    for m in c.matches:
        if _foreign(m, named):
            continue
        s = _prior(m, c, towns) + (_context(m.entry, *context) if context else 0.0)
        if s > best.get(m.entry.id, -math.inf):
            best[m.entry.id], entries[m.entry.id] = s, m.entry
    return sorted(((s, entries[i]) for i, s in best.items()), key=lambda x: -x[0])


def _confidence(ranked: list[tuple[float, Entry]]) -> float:
    top = ranked[0][0]
    return 1 / sum(math.exp(s - top) for s, _ in ranked)


def _doc_context(
    doc: Doc, gaz: Gazetteer, cands: Sequence[Candidate]
) -> tuple[Counter[str], set[tuple[str, str]], list[tuple[set[str], bool]], set[str]]:
    """Country weights, provinces named, each candidate's qualifiers, and the countries named outright (by name,
    adjective, capital or province: its lesser towns do not name a country, or "Kulan" would vouch for
    Kazakhstan)."""
    countries: Counter[str] = Counter()
    for tok in doc:
        word = tok.text
        cc = (
            (gaz.demonym(word) or (gaz.demonym(word[:-1]) if word.endswith("s") else None))
            if word[:1].isupper()
            else None
        )
        if cc:
            countries[cc] = COUNTRY_WEIGHT
    named = set(countries)
    admin1s: set[tuple[str, str]] = set()
    for c in cands:
        ranked = _ranked(c, None)
        if not ranked:
            continue
        e = ranked[0][1]
        if e.fcode == "PCLI":
            countries[e.cc] = COUNTRY_WEIGHT
            named.add(e.cc)
        elif e.fcode == "ADM1" and e.admin1code and e.cc:
            admin1s.add((e.cc, e.admin1code))
            named.add(e.cc)
        elif e.fcode == "PPLC" and e.cc:  # "DAMASCUS •" speaks of Syria
            named.add(e.cc)
            countries[e.cc] += PLACE_WEIGHT
        elif e.cc and _confidence(ranked) >= 0.4:
            countries[e.cc] += PLACE_WEIGHT
    return countries, admin1s, _qualifiers(doc, cands), named


def _qualifying(between: str) -> str | None:
    """How the words between two names make the second the first's province or country: "Paris, Texas" and
    "Mindat (Chin)" may ("," or "(": a list reads the same), "the Hisar region of Hakkari" and "the Saiburi
    district in Pattani" do ("in")."""
    words = [w for w in re.findall(r"[\w,(]+", between.lower()) if w not in SUFFIXES]
    if words in ([","], ["("]):
        return "may"
    return "in" if words in (["of"], ["in"]) else None


def _qualifiers(doc: Doc, cands: Sequence[Candidate]) -> list[tuple[set[str], bool]]:
    """For each candidate, the countries and provinces the next candidate says it may lie in ("Paris, Texas"),
    and whether it says it does ("the Hisar region of Hakkari")."""
    out: list[tuple[set[str], bool]] = []
    for c, nxt in zip(cands, [*cands[1:], None][: len(cands)], strict=True):
        how = _qualifying(nlp.text(doc)[c.end_char : nxt.start_char]) if nxt else None
        if nxt is None or how is None:
            out.append((set(), False))
            continue
        broad = [m for m in nxt.matches if m.entry.fcode in ("PCLI", "ADM1")]
        out.append(({m.entry.cc if m.entry.fcode == "PCLI" else m.entry.name for m in broad} - {None}, how == "in"))
    return out


def _outside(e: Entry, qualifiers: set[str]) -> bool:
    """Whether a place said to lie in a province or country lies elsewhere: then the name is not that entry."""
    inside = e.cc in qualifiers or e.admin1 in qualifiers
    return bool(qualifiers) and e.fcode not in ("PCLI", "ADM1") and not inside


def _place(c: Candidate, e: Entry | None, confidence: float, gaz: Gazetteer) -> Place:
    iso3, country = gaz.countries.get(e.cc, (None, None)) if e and e.cc else (None, None)
    return Place(
        start=c.start_char,
        end=c.end_char,
        text=c.text,
        geonameid=e.geonameid if e else None,
        name=e.name if e else c.text,
        latitude=e.lat if e else None,
        longitude=e.lon if e else None,
        country_code=e.cc if e else None,
        admin1=(e.name if e.fcode == "ADM1" else e.admin1) if e else None,
        admin2=e.admin2 if e else None,
        feature_code=e.fcode if e else None,
        confidence=round(confidence, 3),
        iso3=iso3,
        country=country,
    )


def resolve(doc: Doc, gaz: Gazetteer, cands: Sequence[Candidate]) -> list[Place]:
    """One Place per candidate; a candidate no entry matches keeps its span with no coordinates."""
    countries, admin1s, qualifiers, named = _doc_context(doc, gaz, cands)
    out = []
    for c, (quals, said) in zip(cands, qualifiers, strict=True):
        ranked = _ranked(c, (countries, admin1s, quals), named)
        if ranked and not (said and _outside(ranked[0][1], quals)):
            out.append(_place(c, ranked[0][1], _confidence(ranked), gaz))
        else:
            out.append(_place(c, None, 0.2, gaz))
    return out
