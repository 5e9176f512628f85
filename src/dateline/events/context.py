"""What the events stage works from: the other extractors' findings for one article, and shared codes."""

from __future__ import annotations

from dataclasses import dataclass, field

from dateline.dates import event_date
from dateline.model import Actor, Claim, DateValue, Mention, Place
from dateline.spans import by_start

# Words by which a clause points back at a town already named ("the town", "it", "there").
SETTLEMENT_WORDS = {"town", "city", "village", "it", "which", "there", "hamlet", "settlement", "district", "area"}
ANAPHORIC_STARTS = {"that", "this", "these", "those", "it", "they", "he", "she"}
TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}
CHANGE_OF_HANDS = TERRITORY | {"Non-violent transfer of territory"}  # ground taken, regained or handed over
PROTESTERS, RIOTERS, STATE, REBELS, CIVILIANS = 6, 5, 1, 2, 7  # ACLED inter codes
CROWDS = ("Protesters ({country})", "Rioters ({country})")
POLICE = "Police Forces of {country}"
UNIDENTIFIED = "Unidentified Armed Group ({country})"
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
LOOTING = "Looting/property destruction"
GENERIC = frozenset({"@kill", "@attack"})  # trigger classes that name violence but not its means


@dataclass(frozen=True, slots=True)
class Told:
    """What a sentence reads of the happenings told before it in the body: the first and the last with a date
    that resolves (the story's lead event, the one a "day earlier" counts from), and the last placed at a town."""

    lead: Mention | None = None
    dated: Mention | None = None
    town: Mention | None = None

    def then(self, m: Mention) -> Told:
        """What is read after ``m`` is told too."""
        if m.section != "body":
            return self
        dated = m.date is not None and event_date(m.date) is not None
        town = m.place is not None and (m.place.feature_code or "").startswith("PPL")
        return Told(self.lead or (m if dated else None), m if dated else self.dated, m if town else self.town)


@dataclass(slots=True)
class Found:
    """What the other extractors found in one article."""

    dates: list[DateValue] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    country: str | None = None  # ISO3 of the country the article is mostly about

    def __post_init__(self) -> None:  # kept in text order: per-sentence steps slice them (dateline.spans)
        self.dates, self.places = by_start(self.dates), by_start(self.places)
        self.actors, self.claims = by_start(self.actors), by_start(self.claims)
