"""Actor mentions in an article: canonical names, nationalities, patrons and in-article reference."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from spacy.tokens import Doc, Span, Token

from dateline.actors.lexicon import (
    ANTECEDENT,
    Entry,
    Lexicon,
    actor_lexicon,
    fill,
    main_country,
    military,
    nations,
    template_words,
)
from dateline.model import Actor

PATRONAGE = frozenset({"backed", "supported", "sponsored", "funded", "armed", "allied", "aligned"})
SPEECH = frozenset({"say", "tell", "claim", "report", "announce", "add", "state", "deny", "accuse", "warn", "confirm"})
ARMED = frozenset({1, 2, 3, 4, 8})  # inter codes a pronoun may point back to
# kinds of actor that "the militants", "the group" may point back to
REFERENTS = frozenset({"jihadist", "rebel", "armed_group", "gang", "communal_militia"})
NAMED_GROUPS = frozenset({"jihadist", "rebel"})  # kinds of named non-state group a story may be about


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int  # token offsets
    end: int
    name: str  # "" for a reference that has no fallback name
    inter: int | None
    country: str | None
    kind: str
    patrons: tuple[str, ...] = ()
    generic: bool = False  # a template or a reference: a named actor right before it absorbs it
    refers: Literal["", "pronoun", "phrase"] = ""  # what kind of reference it is, if any
    prefers: str = ""  # the kind of antecedent a reference looks for first ("jihadist" for "the militants")


def find_actors(doc: Doc, *, country: str | None = None) -> list[Actor]:
    """Every actor mention, named canonically; country is the article's ISO3 (inferred when None)."""
    found = nations(doc)
    ends = {s.end: s for s in found}
    home = country or main_country(found)
    lex = actor_lexicon()
    drafts = [_armed(doc, m) for s in lex.spans(doc) if (m := _resolve(doc, s, lex, ends, home))]
    return [_actor(doc, m) for m in _refer(_absorb(doc, drafts))]


def _armed(doc: Doc, m: _Mention) -> _Mention:
    """A government named as the owner of troops or aircraft is its military: "Syrian government helicopters",
    "government troops"."""
    owns = m.end < len(doc) and doc[m.end].lower_ in template_words("military")
    if m.kind != "government" or m.country is None or not owns:
        return m
    return replace(m, end=m.end + 1, name=military(m.country), kind="military")


def _backer(doc: Doc, marker: int, ends: dict[int, Span]) -> Span | None:
    """The nation before a patronage word: "Russian-backed", "Iran backed"."""
    if marker < 0 or doc[marker].lower_ not in PATRONAGE:
        return None
    return ends.get(marker - 1 if marker and doc[marker - 1].text == "-" else marker)


def _resolve(doc: Doc, span: Span, lex: Lexicon, ends: dict[int, Span], home: str | None) -> _Mention | None:
    """One alias match as a mention, with the nationality or patron written just before it."""
    outer = _backer(doc, span.start - 1, ends)
    nation = None if outer else ends.get(span.start)
    cand = lex.choose(span, country=home, modified=bool(outer or nation))
    if cand is None:
        return None
    entry = cand.entry
    if entry.kind.startswith("anaphor"):
        return _reference(span, entry, home)
    inner = [b for k in range(span.start, span.end) if (b := _backer(doc, k, ends)) and b.start >= span.start]
    patrons = tuple(dict.fromkeys(military(b.label_) for b in [*inner, *filter(None, [outer])]))
    start = outer.start if outer else span.start
    if not entry.template:
        return _Mention(start, span.end, entry.name, entry.inter, entry.country, entry.kind, patrons)
    where = nation.label_ if nation else home
    if where is None:
        return None
    start = nation.start if nation else start
    return _Mention(start, span.end, fill(entry.name, where), entry.inter, where, entry.kind, patrons, True)


def _reference(span: Span, entry: Entry, home: str | None) -> _Mention | None:
    """A phrase that points back ("the militants", "they"); named by the entry's fallback until resolved."""
    pronoun = len(span) == 1 and span[0].pos_ == "PRON"
    if pronoun and not _acts(span[0]):
        return None
    name = "" if entry.name == ANTECEDENT or home is None else fill(entry.name, home)
    refers = "pronoun" if pronoun else "phrase"
    prefers = entry.kind.removeprefix("anaphor").lstrip("_")
    return _Mention(
        span.start,
        span.end,
        name,
        entry.inter,
        home,
        entry.kind,
        generic=True,
        refers=refers,
        prefers=prefers,
    )


def _acts(token: Token) -> bool:
    """A pronoun (or the owner of a noun) in subject position of a verb that is not one of speech."""
    subject = token.head if token.dep_ == "poss" else token
    verb = subject.head
    return subject.dep_ in ("nsubj", "nsubjpass") and verb.pos_ == "VERB" and verb.lemma_ not in SPEECH


def _absorb(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """A named actor takes in the generic noun right after it ("Islamic State militants"), and one named in an
    "of" or "from" phrase right after a generic noun takes that noun ("fighters of the CODECO militia")."""
    out: list[_Mention] = []
    for m in mentions:
        if out and m.generic and not out[-1].generic and out[-1].end == m.start:
            out[-1] = replace(out[-1], end=m.end)
        elif out and out[-1].generic and not m.generic and _of(doc, out[-1].end, m.start):
            out[-1] = replace(m, start=out[-1].start)
        else:
            out.append(m)
    return out


def _of(doc: Doc, end: int, start: int) -> bool:
    """Whether the tokens between two mentions are "of" or "from", with at most an article."""
    words = [t.lower_ for t in doc[end:start]]
    return bool(words) and words[0] in ("of", "from") and len(words) <= 2 and words[1:] in ([], ["the"])


def _refer(mentions: list[_Mention]) -> list[_Mention]:
    """Resolve references to the nearest earlier compatible actor, else to the one group the article names
    ("the rebels seized the town ... the Houthis were backed by"); drop those with no antecedent or name."""
    groups = {m.name: m for m in mentions if not m.generic and m.kind in NAMED_GROUPS}
    sole = next(iter(groups.values())) if len(groups) == 1 else None
    out: list[_Mention] = []
    for m in mentions:
        fits = [p for p in reversed(out) if _fits(p, m)] if m.refers else []
        antecedent = next((p for p in fits if p.kind == m.prefers), fits[0] if fits else None)
        if antecedent is None and m.refers == "phrase" and sole is not None and _fits(sole, m):
            antecedent = sole
        if antecedent:
            m = replace(antecedent, start=m.start, end=m.end)
        if m.name:
            out.append(m)
    return out


def _fits(antecedent: _Mention, reference: _Mention) -> bool:
    if reference.refers == "pronoun":
        return antecedent.inter in ARMED
    return antecedent.kind in REFERENTS


def _actor(doc: Doc, m: _Mention) -> Actor:
    span = doc[m.start : m.end]
    return Actor(span.start_char, span.end_char, span.text, m.name, m.inter or 0, m.country, m.patrons)
