"""Choose a gazetteer entry for each candidate: population prior, feature class and the document's context."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import takewhile

from spacy.tokens import Doc

from dateline import nlp
from dateline.model import Place
from dateline.places.gazetteer import Entry, Gazetteer, Match
from dateline.places.normalize import SUFFIXES, key
from dateline.places.recognize import Candidate, nationalities

AREAS = frozenset({"CONT", "OCN", "RGN", "VAL", "PEN", "MTS", "PLN", "LK", "SEA", "GULF", "STRT", "PPLX"})
COUNTRY_WEIGHT = 1.5  # a country named (or its adjective used) in the document
PLACE_WEIGHT = 0.5  # per other confidently resolved place in that country, up to COUNTRY_WEIGHT
ADMIN1_WEIGHT = 1.5  # the entry's province is named in the document
NEIGHBOUR_WEIGHT = 0.4  # another name the document gives is a town confidently placed in the entry's province
QUALIFIER_WEIGHT = 2.5  # "Paris, Texas": the next name is the entry's province or country
WELL_KNOWN = 100_000  # a place this populous, matched exactly, is no stranger anywhere


def _prior(m: Match, c: Candidate, towns: set[tuple[str | None, str | None]]) -> float:
    """Population, feature class and name quality; ``towns`` are the provinces of towns sharing the name, and
    (country, None) for a national capital that does."""
    e = m.entry
    s = 0.35 * math.log10(e.pop + 1) + (0.6 if m.main else 0.0) + (m.similarity - 100) / 20
    if c.admin == 0 and not e.fcode.startswith("PPL"):  # "Beni town" is no province
        return s - 3.0
    if e.fcode in {"PCLI", "CONT", "OCN"}:
        s += 0.0 if c.admin else 3.0  # "Niger state", or the last of a unit list, is no country
    elif e.fcode in ("ADM1", "ADM2"):  # "Homs" alone is the town, "Homs province" the province, "Oregon" the state
        level = int(e.fcode[-1])
        shared = (e.cc, e.admin1code) in towns or (e.cc, None) in towns
        bare = -1.0 if shared else 1.5 if level == 1 else 0.0
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


def _elsewhere(m: Match, provinces: set[tuple[str, str]]) -> bool:
    """A town or district matched only approximately (fuzzy or by an alternate name) in a province of its country
    that the document does not name (``provinces``: (country, province) named by other names), when it names other
    provinces of that country: "Nyaung Kone" in a story about Sagaing is no "Nyaung Gon" in Yangon."""
    e = m.entry
    if (m.main and m.similarity >= 100) or not (e.fcode.startswith("PPL") or e.fcode == "ADM2") or not e.admin1code:
        return False
    return any(cc == e.cc for cc, _ in provinces) and (e.cc, e.admin1code) not in provinces


@dataclass(frozen=True, slots=True)
class Geography:
    """What the document's places say of where it is: the countries it states (by name or adjective), the
    countries, provinces named and provinces of its confidently placed towns, each with the names that put it
    there (a name never vouches for itself, or "Minnesota" would pull "Minneota" into Minnesota, and London's
    own mentions London into England), and the countries it names outright."""

    stated: dict[str, set[str]] = field(default_factory=dict)
    countries: dict[str, set[str]] = field(default_factory=dict)
    admin1s: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    neighbours: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    named: set[str] = field(default_factory=set)


def _context(e: Entry, geo: Geography, qualifiers: set[str], name: str, unit: bool) -> list[tuple[float, str]]:
    """How the document's geography supports the entry, term by term with the names behind each; a town whose
    name is also its country's province ("Oregon" in a list of states) gains nothing from the other provinces."""
    terms = []
    cc = e.cc or ""
    if stated := geo.stated.get(cc, set()) - {name}:
        terms.append((COUNTRY_WEIGHT, f"country {cc} named: {_listing(stated)}"))
    elif others := geo.countries.get(cc, set()) - {name}:
        terms.append((min(PLACE_WEIGHT * len(others), COUNTRY_WEIGHT), f"other places in {cc}: {_listing(others)}"))
    if e.fcode != "ADM1" and e.cc and e.admin1code and not unit:
        province = (e.cc, e.admin1code)
        if named := geo.admin1s.get(province, set()) - {name}:
            terms.append((ADMIN1_WEIGHT, f"its province named: {_listing(named)}"))
        if near := geo.neighbours.get(province, set()) - {name}:
            terms.append((NEIGHBOUR_WEIGHT, f"towns in its province: {_listing(near)}"))
    if e.cc in qualifiers or (e.admin1 and e.admin1 in qualifiers):
        terms.append((QUALIFIER_WEIGHT, f"qualified as in {e.admin1 if e.admin1 in qualifiers else cc}"))
    return terms


def _listing(names: set[str]) -> str:
    return ", ".join(sorted(names)[:3]) + (" ..." if len(names) > 3 else "")


def _ranked(
    c: Candidate, geo: Geography | None = None, qualifiers: set[str] = frozenset()
) -> list[tuple[float, Entry, tuple[str, ...]]]:
    """Entries by score, each with the context that supports it; outside the countries the document names, only
    known places count."""
    towns = {(m.entry.cc, m.entry.admin1code) for m in c.matches if m.entry.fcode.startswith("PPL")}
    towns |= {(m.entry.cc, None) for m in c.matches if m.entry.fcode == "PPLC"}  # "Washington" is the capital
    name = key(c.text)
    units = {m.entry.cc for m in c.matches if m.entry.fcode == "ADM1" and m.main and m.similarity == 100}
    provinces = {p for p, names in geo.admin1s.items() if names - {name}} if geo is not None else set()
    best: dict[int, tuple[float, Entry, tuple[str, ...]]] = {}
    for m in c.matches:
        if geo is not None and (_foreign(m, geo.named) or _elsewhere(m, provinces)):
            continue
        terms = _context(m.entry, geo, qualifiers, name, m.entry.cc in units) if geo is not None else []
        s = _prior(m, c, towns) + sum(w for w, _ in terms)
        if s > best.get(m.entry.id, (-math.inf,))[0]:
            best[m.entry.id] = (s, m.entry, (_matched(m), *(why for _, why in terms)))
    return sorted(best.values(), key=lambda x: -x[0])


def _matched(m: Match) -> str:
    e = m.entry
    how = "its name" if m.main else "an alternate name"
    close = "" if m.similarity >= 100 else f" at similarity {m.similarity:.0f}"
    return f"{how}{close}: {e.fcode} of population {e.pop:,}"


def _confidence(ranked: list[tuple[float, Entry, tuple[str, ...]]]) -> float:
    top = ranked[0][0]
    return 1 / sum(math.exp(s - top) for s, _, _ in ranked)


def _known_namesake(c: Candidate, e: Entry) -> bool:
    """Whether a place of the same name elsewhere is populous enough to be meant: London, Ontario for London."""
    return any(m.entry.cc != e.cc and m.main and m.entry.pop >= WELL_KNOWN for m in c.matches)


def _geography(doc: Doc, gaz: Gazetteer, cands: Sequence[Candidate]) -> Geography:
    """The document's geography, each distinct name counted once: the countries named outright (by name,
    adjective, capital or province: its lesser towns do not name a country, or "Kulan" would vouch for
    Kazakhstan), and the countries and provinces its other places lie in."""
    geo = Geography()
    for span, cc in nationalities(doc, gaz):
        geo.stated.setdefault(cc, set()).add(key(span.text))
    geo.named.update(geo.stated)
    for c in cands:
        ranked = _ranked(c)
        if not ranked:
            continue
        name, e = key(c.text), ranked[0][1]
        if e.fcode == "PCLI":
            geo.stated.setdefault(e.cc, set()).add(name)
            geo.named.add(e.cc)
        elif e.fcode == "ADM1" and e.admin1code and e.cc:
            geo.admin1s.setdefault((e.cc, e.admin1code), set()).add(name)
            geo.named.add(e.cc)
        elif e.fcode == "PPLC" and e.cc and not _known_namesake(c, e):  # "DAMASCUS •" speaks of Syria
            geo.named.add(e.cc)
            geo.countries.setdefault(e.cc, set()).add(name)
        elif e.cc and _confidence(ranked) >= 0.4:
            geo.countries.setdefault(e.cc, set()).add(name)
            if e.admin1code:
                geo.neighbours.setdefault((e.cc, e.admin1code), set()).add(name)
    return geo


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
    and whether it says it does ("the Hisar region of Hakkari"); a parenthesis listing several units, as event
    notes give them, says so of all of them ("Boni (Hombori, Douentza, Mopti)")."""
    text = nlp.text(doc)
    out: list[tuple[set[str], bool]] = []
    for i, c in enumerate(cands):
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        how = _qualifying(text[c.end_char : nxt.start_char]) if nxt else None
        if nxt is None or how is None:
            out.append((set(), False))
            continue
        listed = [cands[j] for j in _listed(text, cands, i)] or [nxt]
        broad = [m for n in listed for m in n.matches if m.entry.fcode in ("PCLI", "ADM1")]
        names = {m.entry.cc if m.entry.fcode == "PCLI" else m.entry.name for m in broad} - {None}
        out.append((names, how == "in" or len(listed) > 1))
    return out


def _listed(text: str, cands: Sequence[Candidate], i: int) -> list[int]:
    """The indices of the candidates inside a parenthesis that opens right after candidate ``i`` ("Boni (Hombori,
    Douentza, Mopti)"); none when no parenthesis opens there."""
    if i + 1 >= len(cands):
        return []
    between = text[cands[i].end_char : cands[i + 1].start_char]
    close = text.find(")", cands[i + 1].start_char)
    if not between.lstrip().startswith("(") or ")" in between or close < 0:
        return []
    return list(takewhile(lambda j: cands[j].start_char < close, range(i + 1, len(cands))))


def _as_units(doc: Doc, cands: Sequence[Candidate]) -> list[Candidate]:
    """The candidates, those in a parenthesis listing the units a place lies in read as units: the last as a
    province, the others as districts ("Kaura (Kaura, Kaduna)": the district of Kaura in Kaduna state)."""
    text = nlp.text(doc)
    out = list(cands)
    for i in range(len(cands)):
        listed = _listed(text, cands, i)
        if len(listed) < 2:
            continue
        for j in listed:
            out[j] = replace(cands[j], admin=cands[j].admin or (1 if j == listed[-1] else 2))
    return out


def _rivals(ranked: list[tuple[float, Entry, tuple[str, ...]]]) -> tuple[str, ...]:
    if len(ranked) < 2:
        return ()
    _, e, _ = ranked[1]
    return (f"over {len(ranked) - 1} other entries, the next {e.name} ({e.fcode}, {e.cc})",)


def _outside(e: Entry, qualifiers: set[str]) -> bool:
    """Whether a place said to lie in a province or country lies elsewhere: then the name is not that entry."""
    inside = e.cc in qualifiers or e.admin1 in qualifiers
    return bool(qualifiers) and e.fcode not in ("PCLI", "ADM1") and not inside


def _place(c: Candidate, e: Entry | None, confidence: float, gaz: Gazetteer, evidence: tuple[str, ...] = ()) -> Place:
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
        evidence=evidence,
    )


def resolve(doc: Doc, gaz: Gazetteer, cands: Sequence[Candidate]) -> list[Place]:
    """One Place per candidate; a candidate no entry matches keeps its span with no coordinates."""
    cands = _as_units(doc, cands)
    geo = _geography(doc, gaz, cands)
    out = []
    for c, (quals, said) in zip(cands, _qualifiers(doc, cands), strict=True):
        ranked = _ranked(c, geo, quals)
        if ranked and not (said and _outside(ranked[0][1], quals)):
            _, e, why = ranked[0]
            out.append(_place(c, e, _confidence(ranked), gaz, why + _rivals(ranked)))
        elif ranked:
            out.append(_place(c, None, 0.2, gaz, (f"every entry lies outside {', '.join(sorted(quals))}",)))
        else:
            out.append(_place(c, None, 0.2, gaz, ("no gazetteer entry",)))
    return out
