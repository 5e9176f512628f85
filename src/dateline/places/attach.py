"""The place an event trigger's clause names, with ACLED geo_precision."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from itertools import pairwise

from spacy.tokens import Doc, Token

from dateline import nlp
from dateline.data import lines, table
from dateline.model import Place, Span
from dateline.places.normalize import DIVISIONS
from dateline.spans import starting_in


def _relations(kind: str) -> dict[str, str]:
    return {w: v for w, k, v in table("places/relations.tsv") if k == kind}


DIRECTIONAL = frozenset(_relations("directional"))
EXTENT_VERBS = frozenset(_relations("extent"))
NEAR = frozenset(_relations("near"))
BEARINGS = {w: float(v) for w, v in _relations("direction").items()}
UNITS_KM = {w: float(v) for w, v in _relations("unit").items()}
DIRECTIONS = frozenset(BEARINGS) | frozenset(UNITS_KM)  # "10 km north of X", "within 5 km of X"
CITY_CODES = frozenset({"PPL", "PPLA", "PPLA2", "PPLA3", "PPLC", "PPLX", "PPLL"})
DISTRICT_CODES = frozenset({"ADM2", "ADM3", "PPLX"})
SPECIFICITY = {"PCLI": 3, "ADM1": 2, "ADM2": 1}


@cache
def _owners() -> frozenset[str]:
    return frozenset(lines("places/owners.tsv"))


def owner(tok: Token) -> bool:
    """Whether the place only says whose someone or something is ("Kirkuk police", "US drone strike", "South
    Sudan's president Salva Kiir"), not where it happened."""
    if tok.dep_ not in ("compound", "poss", "amod", "nmod"):
        return False
    head = tok.head
    return head.lemma_.lower() in _owners() or head.ent_type_ in ("PERSON", "ORG", "NORP")


@cache
def _origins() -> frozenset[str]:
    return frozenset(lines("places/origins.tsv"))


def _origin(tok: Token) -> bool:
    """Whether the place says where people come from ("natives of Zamboanga City", "hailing from Cebu")."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in ("of", "from"):
        return False
    return prep.head.lemma_.lower() in _origins() or any(c.lower_ == "originally" for c in prep.head.children)


def _speaks_for(tok: Token, trigger: Token) -> bool:
    """Whether the place stands for its government as the subject of another verb ("Nairobi denied any role",
    "Kabul accused Islamabad"); the subject of the trigger itself ("Mosul fell") is where it happened."""
    return tok.dep_ == "nsubj" and tok.head != trigger and tok.head.pos_ in ("VERB", "AUX")


def _root(doc: Doc, p: Place) -> Token | None:
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


CLAUSE_DEPS = frozenset({"conj", "ccomp", "advcl", "relcl", "parataxis", "acl"})


def _in_clause(tok: Token, trigger: Token) -> bool:
    """Whether the place hangs off the trigger without crossing into another clause ("and ... near X")."""
    for anc in [tok, *tok.ancestors]:
        if anc == trigger:
            return True
        if anc.dep_ in CLAUSE_DEPS and anc.pos_ in {"VERB", "AUX"}:
            return False
    return False


def _background(tok: Token, trigger: Token) -> bool:
    """Whether the place sits in a directional or extent phrase ("stretches to the Turkish frontier"); a town
    that locates the goal ("marched towards the palace in Kabul") is still where it happened."""
    if tok.head.lower_ in {"in", "of"} and tok.head.head.pos_ in {"NOUN", "PROPN"}:
        return False
    for anc in tok.ancestors:
        if anc == trigger:
            return False
        low = anc.lower_
        if low in DIRECTIONAL or (low in {"to", "from"} and anc.head.lemma_ in EXTENT_VERBS):
            return True
    return False


FAR_KM = 25  # a place given as further than this from the event ("400 km from the capital") is no location


OFFSET_KM = 100  # "20 km southeast of Maiduguri": a point that far or nearer is placed off the town it names


def _distance(doc: Doc, tok: Token) -> tuple[float, str | None] | None:
    """The distance (km) at which the place is given as a reference, and the compass word if one says which way:
    "over 400 km from the state capital Raipur" (400, None), "about 50 kilometres (30 miles) south of Djibo"
    (50, "south")."""
    span = doc.char_span(tok.idx, tok.idx + len(tok), alignment_mode="expand")
    start = span.start if span is not None else tok.i
    window = list(doc[max(tok.sent.start, start - 12) : start])
    for i, t in enumerate(window[:-1]):
        unit = UNITS_KM.get(window[i + 1].lower_)
        rest = [w.lower_ for w in window[i + 2 :]]
        if unit and t.like_num and {"of", "from"} & set(rest) and t.text.replace(",", "").isdigit():
            way = next((w for w, nxt in pairwise(rest) if w in BEARINGS and nxt in ("of", "from")), None)
            return int(t.text.replace(",", "")) * unit, way
    return None


def far(doc: Doc, tok: Token) -> bool:
    """Whether the place is a reference point too far from the happening to place it, or at a distance in no
    given direction (a direction within OFFSET_KM places it off the town: ``offset``)."""
    d = _distance(doc, tok)
    return d is not None and d[0] >= FAR_KM and (d[1] is None or d[0] > OFFSET_KM)


def offset(doc: Doc, place: Place, tok: Token) -> Place | None:
    """The point the text places the happening at off a town ("a village 20 km southeast of Maiduguri"): the
    town's coordinates moved that far that way, with no GeoNames id of its own."""
    d = _distance(doc, tok)
    if d is None or d[1] is None or d[0] > OFFSET_KM or place.latitude is None or place.longitude is None:
        return None
    km, way = d
    lat, lon = _moved(place.latitude, place.longitude, km, BEARINGS[way])
    return replace(place, geonameid=None, name=f"{km:g} km {way} of {place.name}", latitude=lat, longitude=lon)


def _moved(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` away from (lat, lon) along ``bearing`` (degrees from north), on a sphere."""
    d, b = km / 6371.0, math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 5), round(math.degrees(l2), 5)


def _near(doc: Doc, tok: Token) -> bool:
    """Whether the place is given relative to another ("near X", "the outskirts of X", "10 km north of X")."""
    span = doc.char_span(tok.idx, tok.idx + len(tok), alignment_mode="expand")
    start = span.start if span is not None else tok.i
    window = [t.lower_ for t in doc[max(tok.sent.start, start - 4) : start]]
    if any(w in NEAR for w in window):
        return True
    return len(window) >= 2 and window[-1] in {"of", "from"} and window[-2] in DIRECTIONS


def precision(doc: Doc, place: Place, tok: Token) -> int:
    """ACLED geo_precision: 1 the town, 2 near a town or a district, 3 a province, region or country."""
    code = place.feature_code or ""
    if code in CITY_CODES:  # a town that stands for the district the text names ("Bankass district") is near it
        return 2 if _near(doc, tok) or _as_district(place.text) else 1
    return 2 if code in DISTRICT_CODES else 3


def _as_district(text: str) -> bool:
    words = text.lower().split()
    return len(words) > 1 and DIVISIONS.get(words[-1]) == 2


def _unfit(doc: Doc, tok: Token, trigger: Token) -> bool:
    """Whether the place, though in the sentence, is not where the trigger's happening was."""
    return _background(tok, trigger) or owner(tok) or _speaks_for(tok, trigger) or _origin(tok) or far(doc, tok)


def attach(
    doc: Doc, trigger_i: int, places: Sequence[Place], dateline: Span | None = None, clause_only: bool = False
) -> tuple[Place, int] | None:
    """The place in the trigger's sentence, preferring its dependency subtree and the most specific name;
    with ``clause_only``, a place in the trigger's own clause or none (``places`` sorted by start)."""
    trigger = doc[trigger_i]
    sent = trigger.sent
    options = []
    text = nlp.text(doc)
    for p in starting_in(places, sent.start_char, sent.end_char):
        if p.latitude is None:
            continue
        if dateline is not None and p.start < dateline.end and dateline.start < p.end:
            continue
        tok = _root(doc, p)
        if tok is None or _unfit(doc, tok, trigger):
            continue
        inside = _in_clause(tok, trigger)
        if clause_only and not inside:
            continue
        specific = SPECIFICITY.get(p.feature_code or "", 0) if inside else 0
        unit = _listed(text, p, sent.start_char)
        options.append(((not inside, unit, specific, abs(tok.i - trigger_i)), p, tok))
    if not options:
        return None
    (_, unit, _, _), place, tok = min(options, key=lambda o: o[0])
    moved = offset(doc, place, tok)
    if moved is not None:
        return moved, 2
    return place, max(precision(doc, place, tok), 2 if unit else 1)


def _listed(text: str, p: Place, since: int) -> bool:
    """Whether the place is inside a parenthesis right after a name, as event notes list the units a place lies in
    ("Boni (Hombori, Douentza, Mopti)", "Kharkiv (north-east Ukraine)"): it stands for the place before it only
    when that one is unknown."""
    opened = text.rfind("(", since, p.start)
    if opened < 0 or ")" in text[opened : p.start]:
        return False
    before = text[since:opened].split()
    return bool(before) and before[-1][:1].isupper()
