"""The dataclasses at the seams between stages: Article → Mention → Event.

This module imports nothing from the package; every stage imports it.
Offsets are Python ``str`` offsets into ``Article.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

SectionKind = Literal["title", "body", "caption", "boilerplate", "signoff"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A region of the article text and what it is."""

    start: int
    end: int
    kind: SectionKind


@dataclass(slots=True)
class Article:
    """One news document as ingest understood it."""

    id: str
    text: str
    published: date | None = None
    published_source: str | None = None  # "document", "meta", "feed", "text" (inferred from the text)
    published_span: Span | None = None
    title: str | None = None
    url: str | None = None
    dateline: str | None = None  # the place name as written ("Damascus")
    dateline_span: Span | None = None
    dateline_prefix: Span | None = None  # the whole dateline, "BEIRUT (Reuters) - ": no part of any sentence
    wire: str | None = None  # the agency that wrote it (Agence France-Presse)
    publisher: str | None = None  # the outlet that printed it (The Straits Times)
    sections: list[Section] = field(default_factory=list)
    source: str | None = None  # the file (and line) it came from

    def section_text(self, kind: SectionKind) -> list[str]:
        return [self.text[s.start : s.end] for s in self.sections if s.kind == kind]

    @property
    def body(self) -> str:
        return "\n\n".join(self.section_text("body"))

    @property
    def captions(self) -> list[str]:
        return self.section_text("caption")

    def kind_at(self, offset: int) -> SectionKind:
        """The section kind at a text offset; text outside every section counts as body."""
        for s in self.sections:
            if s.start <= offset < s.end:
                return s.kind
        return "body"


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be read, and why."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class DateValue:
    """A temporal expression, normalised to TIMEX3 against the article's anchor date."""

    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str  # TIMEX3: 2017-10-21, 2017-10, 2016, 2017-W42, 2015-11-13TNI, P3W, PRESENT_REF, ...


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym mention resolved to a gazetteer entry (GeoNames where it has one)."""

    start: int
    end: int
    text: str
    geonameid: int | None
    name: str
    latitude: float | None
    longitude: float | None
    country_code: str | None  # ISO 3166 alpha-2
    admin1: str | None
    feature_code: str | None  # GeoNames feature code: PPL, PPLA, ADM1, PCLI, RGN, ...
    confidence: float
    iso3: str | None = None
    country: str | None = None
    admin2: str | None = None
    role: str = "location"  # or "qualifier" ("the Basra Operations Command"), "reference" ("400 km from X"), "demonym"
    evidence: tuple[str, ...] = ()  # why this entry: how the name matched, the document's places that support it


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor mention with its canonical ACLED-style name."""

    start: int
    end: int
    text: str
    name: str  # canonical: "Military Forces of Syria (2000-)"
    inter: int  # ACLED inter code, 1 state forces ... 8 external forces
    country: str | None = None  # ISO3 of the actor's home
    patrons: tuple[str, ...] = ()  # canonical names of backers ("Russian-backed" → Military Forces of Russia)


@dataclass(frozen=True, slots=True)
class Claim:
    """A source the text cites for what it reports: an agency, a monitor, officials ("the state news agency SANA")."""

    start: int
    end: int
    text: str
    source: str  # canonical: "SANA", "Syrian Observatory for Human Rights"
    kind: str  # wire, state_media, monitor, ngo, un, ...


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count that is not the event's death toll: the wounded, the displaced, fighters, a war's toll."""

    value: int
    of: str  # what is counted, in a few words ("soldiers wounded")
    start: int
    end: int
    qualifier: str | None = None  # "at least", "more than"
    source: str | None = None  # who gives it
    scope: str | None = None  # "cumulative": a war's, a period's or a country's toll


@dataclass(frozen=True, slots=True)
class Evidence:
    article_id: str
    field: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Mention:
    """One sentence's report that something happened: the events stage's output."""

    article_id: str
    sentence: Span
    trigger: Span
    event_type: str
    sub_event_type: str
    section: SectionKind = "body"
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_1: list[str] = field(default_factory=list)
    assoc_actor_2: list[str] = field(default_factory=list)
    date: DateValue | None = None
    place: Place | None = None
    geo_precision: int | None = None
    place_hint: Place | None = None  # a town a later sentence names inside ``place``: where it is, if no mention says
    fatalities: int | None = None
    singly: bool = False  # its toll only counts people named one by one ("killed a village chief"): a floor
    adds: bool = False  # its toll is more dead than those told before ("3 attackers were also killed")
    quantities: list[Quantity] = field(default_factory=list)
    claim_sources: list[str] = field(default_factory=list)
    status: str | None = None
    control_change: dict[str, str | None] | None = None
    civilian_targeting: bool = False
    another: bool = False  # its sentence tells it apart from what was told before ("in a separate attack")
    follows: bool = False  # it points back at a happening told before ("the attack", "3 were killed"): joins one
    guessed: bool = False  # actor1 was taken from context, not from the clause or a claim of responsibility
    generic: bool = False  # its triggers name violence but not its means ("attacked", "targeting", "killed")
    spoken: bool = False  # its date is the day someone spoke of it, given no other
    confidence: float = 0.5
    reasons: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    event_id: str | None = None  # set when the mention is built into an event


@dataclass(frozen=True, slots=True)
class Figure:
    """One report's death toll for a happening: the value, who printed it and the article it came from."""

    value: int
    source: str | None
    article_id: str


@dataclass(frozen=True, slots=True)
class FatalityRange:
    """The tolls a happening's reports give when they differ: the lowest, the latest report's, the highest."""

    low: Figure
    best: Figure
    high: Figure


@dataclass(slots=True)
class Event:
    """An ACLED-style event row built from one or more mentions. Field names are the `extract` contract."""

    event_id: str
    article_id: str
    cluster_id: str | None = None  # the first event of its dedup cluster, set when stored (null from extract)
    event_date: str | None = None
    time_precision: int | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None
    iso3: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str | None = None
    source_scale: str | None = None
    claim_sources: list[str] = field(default_factory=list)
    wire: str | None = None
    publisher: str | None = None
    notes: str | None = None
    fatalities: int = 0  # explicit death counts only; 0 when the text counts none (ACLED has no null)
    quantities: list[Quantity] = field(default_factory=list)
    status: str | None = None
    control_change: dict[str, str | None] | None = None
    confidence: float | None = None
    evidence: list[Evidence] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # the cues that fired, behind the confidence
    fatalities_range: FatalityRange | None = None  # read from the store: its cluster's tolls, when reports differ

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ControlInterval:
    """Who held a place from one date to another (None: open-ended)."""

    place: str
    geonameid: int | None
    controller: str
    start: str | None
    end: str | None
    event_ids: tuple[str, ...] = ()
