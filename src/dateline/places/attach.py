"""The place an event trigger's clause names, with ACLED geo_precision."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from dateline.data import lines
from dateline.model import Place, Span

# prepositions that point away from where something happened ("towards the Iraqi border")
DIRECTIONAL = frozenset({"towards", "toward"})
# verbs whose "to"/"from" phrases describe extent or travel, not the event's location ("the wounded were taken to")
EXTENT_VERBS = frozenset(
    {
        "stretch",
        "extend",
        "run",
        "lead",
        "reach",
        "border",
        "head",
        "flee",
        "span",
        "link",
        "transfer",
        "take",
        "evacuate",
        "rush",
        "move",
        "send",
        "carry",
        "fly",
        "airlift",
        "transport",
        "bring",
        "transit",
    }
)
NEAR = frozenset({"near", "outside", "outskirts", "around", "nearby", "vicinity", "edge", "edges", "periphery"})
DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
    }
)
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
UNITS_KM = {"km": 1.0, "kilometres": 1.0, "kilometers": 1.0, "kms": 1.0, "miles": 1.609, "mi": 1.609}


def _far(doc: Doc, tok: Token) -> bool:
    """Whether the place is a reference point given at a distance: "over 400 km from the state capital Raipur",
    "about 50 kilometres (30 miles) south of Djibo"."""
    span = doc.char_span(tok.idx, tok.idx + len(tok), alignment_mode="expand")
    start = span.start if span is not None else tok.i
    window = list(doc[max(tok.sent.start, start - 12) : start])
    for i, t in enumerate(window[:-1]):
        unit = UNITS_KM.get(window[i + 1].lower_)
        rest = {w.lower_ for w in window[i + 2 :]}
        if unit and t.like_num and rest & {"of", "from"} and t.text.replace(",", "").isdigit():
            return int(t.text.replace(",", "")) * unit >= FAR_KM
    return False


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
    if code in CITY_CODES:
        return 2 if _near(doc, tok) else 1
    return 2 if code in DISTRICT_CODES else 3


def _unfit(doc: Doc, tok: Token, trigger: Token) -> bool:
    """Whether the place, though in the sentence, is not where the trigger's happening was."""
    return _background(tok, trigger) or owner(tok) or _speaks_for(tok, trigger) or _origin(tok) or _far(doc, tok)


def attach(
    doc: Doc, trigger_i: int, places: list[Place], dateline: Span | None = None, clause_only: bool = False
) -> tuple[Place, int] | None:
    """The place in the trigger's sentence, preferring its dependency subtree and the most specific name;
    with ``clause_only``, a place in the trigger's own clause or none."""
    trigger = doc[trigger_i]
    sent = trigger.sent
    options = []
    for p in places:
        if not (sent.start_char <= p.start < sent.end_char) or p.latitude is None:
            continue
        if dateline is not None and p.start < dateline.end and dateline.start < p.end:
            continue
        tok = _root(doc, p)
        if tok is None or _unfit(doc, tok, trigger):
            continue
        inside = _in_clause(tok, trigger)
        if clause_only and not inside:
            continue
        rank = (not inside, SPECIFICITY.get(p.feature_code or "", 0) if inside else 0, abs(tok.i - trigger_i))
        options.append((rank, p, tok))
    if not options:
        return None
    _, place, tok = min(options, key=lambda o: o[0])
    return place, precision(doc, place, tok)
