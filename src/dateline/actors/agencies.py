"""Claim sources: news agencies, state media, monitors, NGOs and UN bodies an article cites."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as Match

from dateline.actors.lexicon import agency_lexicon, fill, main_country, nations
from dateline.model import Claim

NEAR = 2  # tokens: "state news agency SANA" and "SANA, the state news agency" name one source, not two


def agencies(doc: Doc, *, country: str | None = None) -> list[Claim]:
    """Every source the text cites, named canonically; an unnamed "state media" is State media (Country)."""
    found = nations(doc)
    ends = {s.end: s for s in found}
    home = country or main_country(found)
    lex = agency_lexicon()
    matches = lex.spans(doc)
    named = [m for m in matches if not any(c.entry.template for c in lex.candidates[m.label_])]
    out: list[Claim] = []
    for m in matches:
        nation = ends.get(m.start)
        cand = lex.choose(m, country=home, modified=nation is not None)
        if cand is None:
            continue
        entry = cand.entry
        if not entry.template:
            out.append(_claim(m, entry.name, entry.kind))
            continue
        where = nation.label_ if nation else home
        if where is None or _near(m, named):
            continue
        span = m.doc[nation.start : m.end] if nation else m
        out.append(_claim(span, fill(entry.name, where), entry.kind))
    return out


def _near(m: Match, named: list[Match]) -> bool:
    near = (n for n in named if 0 <= n.start - m.end <= NEAR or 0 <= m.start - n.end <= NEAR)
    return any(n.sent == m.sent for n in near)


def _claim(m: Match, name: str, kind: str) -> Claim:
    return Claim(m.start_char, m.end_char, m.text, name, kind)
