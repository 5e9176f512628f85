"""Toponym candidates in a spaCy Doc: place entities plus gazetteer matches over proper-noun tokens."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from spacy.tokens import Doc
from spacy.tokens import Span as TokSpan

from dateline.data import lines, table
from dateline.model import Span
from dateline.places.gazetteer import Gazetteer, Match, not_towns
from dateline.places.normalize import ARTICLES, DIVISIONS, fold, key

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# entity labels a gazetteer match may override in context (the model tags "Al-Qaryatain" PERSON, "Kidal" NORP, ...)
OVERRIDABLE = frozenset({"PERSON", "ORG", "NORP", "DATE", "EVENT", "PRODUCT", "WORK_OF_ART"})
CALENDAR = frozenset(w.lower() for w in [*calendar.month_name[1:], *calendar.day_name])
SETTLEMENT_NOUNS = frozenset(
    {"city", "town", "village", "camp", "district", "township", "municipality", "neighbourhood"}
)
LOCATIVE = frozenset(
    {
        "in",
        "near",
        "at",
        "outside",
        "from",
        "to",
        "into",
        "towards",
        "toward",
        "around",
        "across",
        "inside",
        "throughout",
        "through",
        "within",
        "via",
        "of",
        "between",
        "outskirts",
        "on",
        "entered",
        "stormed",
    }
)
ADMIN_SUFFIXES = frozenset(w for w, level in DIVISIONS.items() if level)
# words after a name that make it part of an organisation's or outlet's name ("Sana news agency")
ORG_HEADS = frozenset(
    {
        "agency",
        "news",
        "tv",
        "television",
        "radio",
        "observatory",
        "university",
        "airlines",
        "airways",
        "times",
        "post",
        "daily",
        "gazette",
        "herald",
        "tribune",
        "bank",
        "institute",
        "network",
        "channel",
        "press",
        "club",
        "fc",
        "united",
        "journal",
        "magazine",
        "newspaper",
        "broadcasting",
        "corporation",
    }
)
TITLES = frozenset({"mr", "mrs", "ms", "dr", "president", "gen", "general", "sheikh", "minister", "king", "prince"})
MAX_TOKENS = 6


@dataclass(slots=True)
class Candidate:
    """A span that may name a place, with the gazetteer entries its name matches."""

    start: int  # token indices
    end: int
    text: str
    start_char: int
    end_char: int
    matches: list[Match] = field(default_factory=list)
    admin: int | None = None  # the unit level a suffix names: 1 "Homs province", 2 "Ab Band district"
    entity: bool = False  # tagged GPE/LOC/FAC by the model
    abbreviated: bool = False  # an abbreviation of the unit it was looked up as ("Ky.", "NSW")


def _trim(span: TokSpan) -> TokSpan:
    """Drop a leading determiner and a trailing possessive."""
    doc, start, end = span.doc, span.start, span.end
    while start < end and doc[start].lower_ in {"the", "a"}:
        start += 1
    while end > start and (doc[end - 1].lower_ in {"'s", "’s", "'"} or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end]


def _org_follows(doc: Doc, end: int) -> bool:
    return end < len(doc) and doc[end].lower_ in ORG_HEADS


def _titled(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_.rstrip(".") in TITLES


def _locative(doc: Doc, start: int) -> bool:
    i = start - 1
    while i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in LOCATIVE


def _settlement_follows(doc: Doc, end: int) -> bool:
    """ "Kherson city", "Jenin refugee camp": a settlement noun right after the name."""
    return end < len(doc) and doc[end].lower_ in SETTLEMENT_NOUNS


def _parenthetical(doc: Doc, start: int) -> bool:
    """A name inside a parenthesis that follows a name, as event notes give districts: "Mindat (Mindat, Chin)";
    not a wire's initials ("YANGON (AP)")."""
    sent = doc[start].sent.start
    opened = next((t for t in reversed(doc[sent:start]) if t.text in "()"), None)
    if opened is None or opened.text != "(" or doc[start - 1].text not in {"(", ","} or opened.i == sent:
        return False
    before = opened.i - 1
    if doc[before].lower_ in SETTLEMENT_NOUNS | ADMIN_SUFFIXES and before > sent:  # "Beni town (Beni, Nord-Kivu)"
        before -= 1
    named = doc[before].text[:1].isupper() and not doc[before].is_upper
    return named and not (doc[start].is_upper and len(doc[start]) <= 4)


def _units_follow(doc: Doc, end: int) -> bool:
    """A parenthesis of names right after the name, as event notes list the units a place lies in: "Kaura (Kaura,
    Kaduna)", "Kherson city (Kherson, Kherson)"; not a wire's initials ("(AP)")."""
    if end + 1 >= len(doc) or doc[end].text != "(":
        return False
    first = doc[end + 1]
    return first.text[:1].isupper() and not (first.is_upper and len(first) <= 4)


def _with_suffix(doc: Doc, span: TokSpan) -> tuple[TokSpan, int | None]:
    """Extend a span over an admin suffix word ("Homs" + "province"); the unit level it names, after the suffix
    too ("the region of Tillaberi", "the province of Homs")."""
    if span.end < len(doc) and doc[span.end].lower_ in ADMIN_SUFFIXES:
        return doc[span.start : span.end + 1], DIVISIONS[doc[span.end].lower_]
    before = doc[span.start - 2].lower_ if span.start >= 2 and doc[span.start - 1].lower_ == "of" else ""
    inside = [t.lower_ for t in span if t.lower_ in ADMIN_SUFFIXES]
    named = before if before in ADMIN_SUFFIXES else inside[-1] if inside else None
    return span, DIVISIONS[named] if named else None


ABBREVIATED = {abbr: name for abbr, name, _ in table("places/abbreviations.tsv")}
POSTAL = {code: name for _, name, code in table("places/abbreviations.tsv")}
DISTINCT = frozenset(a for a in ABBREVIATED if not a.endswith(".") or a.count(".") > 1)  # "NSW", "N.Y."


def _expanded(doc: Doc, span: TokSpan, admin: int | None) -> tuple[str, int | None]:
    """The name an abbreviated state or province stands for, as a first-level unit ("Ky.", or "Ky" before a full
    stop: Kentucky); a postal code only right after "Town," ("Tulsa, OK"); any other span's own text and level."""
    text = span.text
    stop = span.end < len(doc) and doc[span.end].text == "."
    name = ABBREVIATED.get(text) or (ABBREVIATED.get(f"{text}.") if stop else None)
    if name is None and len(span) == 1 and _after_town(doc, span.start):
        name = POSTAL.get(text)
    return (name, 1) if name else (text, admin)


def _after_town(doc: Doc, i: int) -> bool:
    return i >= 2 and doc[i - 1].text == "," and doc[i - 2].text[:1].isupper()


def _lookup(gaz: Gazetteer, text: str, fuzzy: bool) -> list[Match]:
    k = key(text, suffixes=True)
    if not k:
        return []
    found = gaz.lookup(key(text)) or gaz.lookup(k)
    if not found and fuzzy and len(k) >= 5:
        found = gaz.fuzzy(k)
    return found


@cache
def _particles() -> frozenset[str]:
    return frozenset(lines("places/particles.tsv"))


def _name_like(tok_text: str) -> bool:
    """A word that may stand in a place name: capitalised, an article, a hyphen or apostrophe, or a joining
    particle ("da" in "Mocímboa da Praia")."""
    low = tok_text.lower()
    return tok_text[:1].isupper() or tok_text in {"-", "'", "’"} or low in ARTICLES or tok_text in _particles()


def _scan(doc: Doc, gaz: Gazetteer, i: int) -> Candidate | None:
    """The longest gazetteer name starting at token i: a capitalised word, or a lower-case Arabic article joined
    to one ("al-Shadadi", "el-Fasher")."""
    if not (doc[i].text[:1].isupper() or _article_joined(doc, i)) or not doc[i].is_alpha:
        return None
    sent_end = doc[i].sent.end
    for n in range(min(MAX_TOKENS, sent_end - i), 0, -1):
        span = doc[i : i + n]
        last = span[-1].lower_
        if not all(_name_like(t.text) for t in span) or not _wordlike(span[-1].text) or last in ARTICLES | _particles():
            continue
        if any(t.whitespace_ and t.text in {"-", "'", "’"} for t in span):
            continue
        span, admin = _with_suffix(doc, span)
        if all(t.lower_ in ADMIN_SUFFIXES for t in span):  # a unit word alone names no place ("Islamic State")
            continue
        name, admin = _expanded(doc, span, admin)
        matches = _lookup(gaz, name, fuzzy=_locative(doc, i))
        if matches:
            short = name != span.text
            return Candidate(
                span.start, span.end, span.text, span.start_char, span.end_char, matches, admin, False, short
            )
    return None


def _wordlike(text: str) -> bool:
    """Letters, perhaps with an inner apostrophe ("N'Gourma", "Ta’izz")."""
    return text.replace("'", "").replace("’", "").isalpha()


def _article_joined(doc: Doc, i: int) -> bool:
    return (
        doc[i].lower_ in ARTICLES - {"the"}
        and i + 2 < len(doc)
        and doc[i + 1].text == "-"
        and not doc[i].whitespace_
        and doc[i + 2].text[:1].isupper()
    )


def _accept_scanned(doc: Doc, c: Candidate, countries: set[str]) -> bool:
    """Whether a gazetteer match outside the model's place entities names a place here.

    A span the model took for a person, organisation or date counts when it follows a locative word, or is
    a verb's object naming a town in a country the document's places are in ("troops retook Al-Qaryatain").
    """
    if c.abbreviated:
        # "Springfield, IL", "London, Ont.", "NSW", whatever the model took the abbreviation for; one that could be
        # a word or another abbreviation ("Ind.", "Miss.") only after a town
        return _after_town(doc, c.start) or c.text in DISTINCT
    labels = {doc[i].ent_type_ for i in range(c.start, c.end)} - {""}
    if labels - OVERRIDABLE or any(t.lower_ in CALENDAR or t.like_num for t in doc[c.start : c.end]):
        return False
    locative = _locative(doc, c.start) or _settlement_follows(doc, c.end) or _parenthetical(doc, c.start)
    towns = [m for m in c.matches if m.entry.fcode != "ADM2" or c.admin]  # a bare district name is no town
    close = [m for m in towns if m.similarity >= 90]
    same = any(m.entry.cc in countries and m.entry.pop >= 1000 for m in close)
    known = same and doc[c.start : c.end].root.dep_ in {"dobj", "pobj", "conj", "appos"}
    if labels:
        whole = doc[c.start].ent_iob_ == "B" and (c.end == len(doc) or doc[c.end].ent_iob_ != "I")
        framed = _settlement_follows(doc, c.end) or _parenthetical(doc, c.start) or _units_follow(doc, c.end)
        named_unit = bool(c.admin) and c.end - c.start > 1 and doc[c.start].ent_iob_ == "B"
        framed = framed or named_unit  # a name and its unit word: "Bassa LGA", "Kogi state"
        return bool(close) and ((whole and (locative or known)) or framed)
    if not all(t.pos_ == "PROPN" or t.is_punct or t.lower_ in ARTICLES | ADMIN_SUFFIXES for t in doc[c.start : c.end]):
        return False
    if locative or c.admin or known:
        return True
    return any(m.main and (m.entry.fcode in {"PCLI", "ADM1"} or m.entry.pop >= 100_000) for m in towns)


def _entities(doc: Doc, gaz: Gazetteer, taken: list[bool]) -> list[Candidate]:
    """The model's place entities (split at commas, trimmed, extended over an admin suffix)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        for part in _split(ent):
            span, admin = _with_suffix(doc, _trim(part))
            if not span.text or _org_follows(doc, span.end) or _titled(doc, span.start):
                continue
            name, admin = _expanded(doc, span, admin)
            matches = _lookup(gaz, name, fuzzy=True)
            if ent.label_ == "FAC" and not matches:
                continue
            out.append(Candidate(span.start, span.end, span.text, span.start_char, span.end_char, matches, admin, True))
            taken[span.start : span.end] = [True] * len(span)
    return out


def _scanned(doc: Doc, gaz: Gazetteer, taken: list[bool]) -> list[Candidate]:
    """Gazetteer names over the tokens outside the place entities, longest first, not judged in context."""
    out, i = [], 0
    while i < len(doc):
        c = None if taken[i] else _scan(doc, gaz, i)
        if c and not any(taken[c.start : c.end]) and not _org_follows(doc, c.end) and not _titled(doc, c.start):
            out.append(c)
            i = c.end
        else:
            i += 1
    return out


@cache
def _not_openers() -> frozenset[str]:
    return frozenset(lines("places/not_openers.tsv"))


OPENER_POP = 100_000  # a city this populous, named at the head of an organisation's name, is that city


def _openers(doc: Doc, gaz: Gazetteer, taken: list[bool]) -> list[Candidate]:
    """Place names that open an organisation's name ("the Basra Operations Command", "Minnesota Department of
    Health"): the longest leading name matched exactly, a country, a province or a sizeable town; never inside
    the name of an actor or an outlet the lexicons know."""
    out = []
    actors, _ = not_towns()
    for ent in doc.ents:
        start = ent.start + (ent[0].lower_ == "the")
        if (
            ent.label_ not in ("ORG", "FAC")
            or any(taken[ent.start : ent.end])
            or fold(doc[start : ent.end].text) in actors
            or any(m.main for m in gaz.lookup(key(doc[start : ent.end].text)))
        ):
            continue  # "Boko Haram" is a group, not a place called Boko; "Bujumbura Mairie" is the whole place
        for end in range(min(start + MAX_TOKENS, ent.end - 1), start, -1):
            span = doc[start:end]
            if not all(t.pos_ == "PROPN" and t.is_alpha for t in span):
                continue
            if gaz.demonym(span.text) or span[0].lower_ in _not_openers():  # "the Canadian Red Cross" names a
                break  # country as a demonym; "the Southern Transitional Council" no place
            matches = [
                m
                for m in gaz.lookup(key(span.text))
                if m.main
                and (m.entry.fcode in ("PCLI", "ADM1") or (m.entry.fcode != "ADM2" and m.entry.pop >= OPENER_POP))
            ]
            if matches:
                out.append(Candidate(span.start, span.end, span.text, span.start_char, span.end_char, matches))
                taken[span.start : span.end] = [True] * len(span)
                break
    return out


def candidates(doc: Doc, gaz: Gazetteer, skip: Sequence[Span] = ()) -> list[Candidate]:
    """Place-name candidates in document order, without overlaps, outside the ``skip`` spans."""
    taken = [False] * len(doc)
    found = _entities(doc, gaz, taken)
    found += _openers(doc, gaz, taken)
    scanned = _scanned(doc, gaz, taken)
    scanned = [c for c in scanned if not gaz.demonym(c.text)]  # "Kenyan custody" names no place
    countries = _countries(doc, gaz, [*found, *(c for c in scanned if _accept_scanned(doc, c, set()))])
    found += [c for c in scanned if _accept_scanned(doc, c, countries)]
    actors, _ = not_towns()  # "Tatmadaw" is the army, whatever town a fuzzy match finds
    kept = [
        c
        for c in found
        if not any(s.start < c.end_char and c.start_char < s.end for s in skip) and fold(c.text) not in actors
    ]
    return sorted((_as_settlement(doc, _as_owner(doc, c)) for c in kept), key=lambda c: c.start)


def _as_settlement(doc: Doc, c: Candidate) -> Candidate:
    """The candidate read as a settlement (unit level 0) when a settlement noun follows it: "Beni town"."""
    return replace(c, admin=0) if c.admin is None and _settlement_follows(doc, c.end) else c


POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def _as_owner(doc: Doc, c: Candidate) -> Candidate:
    """The candidate read as a province when it owns a district ("Sagaing's Tabayin township", "Ghazni's Ab Band
    district"): a unit holds districts, a town does not."""
    after = doc[c.end : c.end + MAX_TOKENS]
    if c.admin is not None or not len(after) or after[0].text not in POSSESSIVE:
        return c
    for t in after[1:]:
        if DIVISIONS.get(t.lower_, 0) >= 2:
            return replace(c, admin=1)
        if not t.text[:1].isupper():
            break
    return c


DEMONYM_WORDS = 3  # the longest demonym: "Papua New Guinean"


def nationalities(doc: Doc, gaz: Gazetteer) -> list[tuple[TokSpan, str]]:
    """The demonyms and nation adjectives in the document, of one or more words ("Kenyan", "Somalis", "Sri
    Lankan"), each with the country code it names; found once per document."""
    if "nationalities" in doc.user_data:
        return doc.user_data["nationalities"]
    out, i = [], 0
    while i < len(doc):
        found = None
        if doc[i].text[:1].isupper():
            for n in range(min(DEMONYM_WORDS, len(doc) - i), 0, -1):
                span = doc[i : i + n]
                word = span.text
                if cc := gaz.demonym(word) or (gaz.demonym(word[:-1]) if word.endswith("s") else None):
                    found = (span, cc)
                    break
        if found:
            out.append(found)
            i = found[0].end
        else:
            i += 1
    doc.user_data["nationalities"] = out
    return out


def _countries(doc: Doc, gaz: Gazetteer, cands: list[Candidate]) -> set[str]:
    """Countries the document's place entities and demonyms point to."""
    out = {cc for _, cc in nationalities(doc, gaz)}
    for c in cands:
        best = max(c.matches, key=lambda m: (m.entry.fcode == "PCLI", m.main, m.entry.pop), default=None)
        if best and best.entry.cc:
            out.add(best.entry.cc)
    return out


def _split(ent: TokSpan) -> list[TokSpan]:
    """An entity split at commas and parentheses ("Pandi, Bulacan", "Azaz (Azaz, Aleppo")."""
    parts, start = [], ent.start
    for t in ent:
        if t.text in (",", "(", ")"):
            parts.append(ent.doc[start : t.i])
            start = t.i + 1
    parts.append(ent.doc[start : ent.end])
    return [p for p in parts if len(p)]
