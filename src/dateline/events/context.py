"""What the events stage works from: the other extractors' findings for one article, and shared codes."""

from __future__ import annotations

from dataclasses import dataclass, field

from dateline.model import Actor, Claim, DateValue, Place

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
GENERIC = frozenset({"@kill", "@attack"})  # trigger classes that name violence but not its means


@dataclass(slots=True)
class Found:
    """What the other extractors found in one article."""

    dates: list[DateValue] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    country: str | None = None  # ISO3 of the country the article is mostly about
