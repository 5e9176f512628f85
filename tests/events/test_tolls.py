"""Death counts: an event's toll apart from a war's, a period's, a country's or several happenings' (kept as
cumulative quantities). Every text here is written for its test."""

import pytest
from tests.events.helpers import events


def cumulative_kept(found: list[dict]) -> bool:
    """No event takes the big toll, and it is kept as a cumulative quantity."""
    big = [q for e in found for q in e["quantities"] if q["value"] >= 100 and q["scope"] == "cumulative"]
    return bool(found) and bool(big) and all((e["fatalities"] or 0) < 100 for e in found)


def small_tolls(found: list[dict]) -> bool:
    return bool(found) and all((e["fatalities"] or 0) < 10 for e in found)


def summed(found: list[dict]) -> bool:
    sums = [q for e in found for q in e["quantities"] if q["scope"] == "cumulative"]
    return bool(found) and bool(sums) and all(e["fatalities"] == 0 for e in found)


# class of phrasing → (what must hold, sentences written for it)
TOLLS = {
    "a war's or a period's toll beside the event": (
        cumulative_kept,
        [
            "Rebels ambushed an army convoy near Kidal on Monday, killing two soldiers. The insurgency has killed "
            "more than 3,000 people since it began.",
            "Gunmen shot dead a village chief in Tillaberi on Friday. At least 400 civilians have been killed "
            "across the country so far this year.",
            "An air strike hit a market in Idlib on Sunday, killing nine people. The war, which has claimed more "
            "than 350,000 lives, is in its thirteenth year.",
        ],
    ),
    "a toll told right after a war's toll goes on telling it": (
        small_tolls,
        [
            "Gunmen shot dead two guards in Maiduguri on Sunday. The insurgency has killed 35,000 people since "
            "2009. Researchers put the death toll at 100,000.",
            "A bomb killed three soldiers in Kunar on Monday. The war has killed 150,000 people since 2001. Other "
            "estimates put the number of dead at 240,000.",
            "Militants attacked a bus near Mandera on Friday, killing five passengers. The conflict has killed "
            "4,000 people since 2011. Aid groups say the toll is closer to 6,000 dead.",
        ],
    ),
    "a sum over several happenings": (
        summed,
        [
            "Nine people have been killed in two attacks in northern Burkina Faso, officials said on Monday.",
            "Twelve soldiers died in separate attacks in Borno on Sunday.",
            "At least 20 people were killed in a series of raids on villages near Djugu on Friday.",
        ],
    ),
}


@pytest.mark.parametrize(
    ("check", "text"), [(check, t) for check, texts in TOLLS.values() for t in texts], ids=lambda v: str(v)[:24]
)
def test_a_toll_that_is_no_events(check, text: str) -> None:
    assert check(events(text))


# What a war, an insurgency or a campaign did over time is a toll, not a happening of this story.
@pytest.mark.parametrize(
    "text",
    [
        "The insurgency has killed more than 40,000 people since 2009, the United Nations says.",
        "The civil war, which has killed 300,000 people, entered its tenth year on Monday.",
        "A rebellion that killed thousands of villagers in the 1990s still haunts the valley.",
    ],
)
def test_a_wars_toll_is_no_event(text: str) -> None:
    assert events(text) == []


# One person named without a number is one death; a number told for the same happening replaces it (it is a
# floor, not a conflicting report for ACLED's most-conservative rule).
@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Unidentified gunmen killed a village chief in Tillaberi on Saturday.", "a village chief"),
        ("Police shot dead a protester in Omdurman on Monday, witnesses said.", "a protester"),
        ("A soldier was killed when militants attacked a checkpoint near Gao on Friday.", "A soldier"),
        ("A mob stoned a man to death in Kano on Friday after accusing him of theft.", "a man"),
        (
            "Gunmen shot and killed journalist Omar Farah outside his home in Beledweyne on Sunday.",
            "journalist Omar Farah",
        ),
    ],
)
def test_one_person_named_is_one_death(text: str, who: str) -> None:
    found = events(text)
    assert [e["fatalities"] for e in found] == [1], found
    [span] = [ev for ev in found[0]["evidence"] if ev["field"] == "fatalities"]
    assert (span["start"], span["end"]) == (text.index(who), text.index(who) + len(who))


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed 12 villagers in Kauru on Sunday. Among the dead was a village chief, killed as he fled.",
        "Militants attacked an army post near Gao on Friday, killing seven soldiers. A soldier was killed as he "
        "tried to reach the armoury.",
        "An air strike killed nine people in Maarat on Monday. Rescuers said the strike killed a nurse.",
    ],
)
def test_a_told_number_outranks_people_named_one_by_one(text: str) -> None:
    assert max(e["fatalities"] for e in events(text)) >= 7


@pytest.mark.parametrize(
    "text",
    [
        "Militants attacked a police station in Arauca on Tuesday. No one was killed, police said.",
        "A court in Lagos sentenced three men to death on Monday for a 2019 robbery.",
        "Gunmen fired on a bus near Yei on Sunday; no one died.",
    ],
)
def test_no_one_and_a_sentence_to_death_are_no_deaths(text: str) -> None:
    assert all(e["fatalities"] == 0 for e in events(text))


# The counts of one list of the dead are summed: ACLED's fatalities count every side.
@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Militants attacked an army base near Hobyo on Monday. 8 soldiers and 12 militants were killed.", 20),
        ("A roadside bomb killed 4 soldiers and 2 civilians near Kidal on Friday.", 6),
        ("Gunmen killed three farmers and a herder near Bokkos on Sunday.", 4),
        ("A mob lynched a man accused of theft in Mbale on Tuesday.", 1),
        (
            "A suicide bomber detonated his vest at a checkpoint in Mogadishu on Sunday, killing four soldiers and "
            "himself.",
            5,
        ),
    ],
)
def test_the_dead_of_one_list_are_summed(text: str, dead: int) -> None:
    assert [e["fatalities"] for e in events(text)] == [dead]


# A perfect tense that counts by thousands sums a campaign's happenings: no event. A fresh toll in the perfect
# ("have been killed in an attack") stays one.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The militia has killed thousands of people and displaced a million in a decade of fighting in Ituri.", 0),
        ("The group has killed more than 3,000 civilians in the region, the United Nations says.", 0),
        ("Jihadists have killed hundreds of soldiers across the Sahel.", 0),
        ("At least 40 people have been killed in an attack on a market in Gao, officials said on Monday.", 1),
        ("Gunmen have killed 12 villagers in Zamfara, police said on Sunday.", 1),
    ],
)
def test_a_perfect_count_by_thousands_is_a_total(text: str, expected: int) -> None:
    assert len(events(text)) == expected


# Dead told as more in the same happening ("also killed", "others", "other people") are added to its toll, not
# compared with it; "more than" is a qualifier, and "were shot dead" counts like "shot dead".
@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Militants attacked a police station in Rask on Sunday, killing 5 officers. 3 attackers were also killed.", 8),
        ("A bomb hit a bus near Kandahar on Monday, killing four passengers. Two others died in hospital.", 6),
        ("Gunmen killed three farmers near Bokkos on Friday. Four other people were killed as they fled.", 7),
        ("More than 20 people were killed in an air strike on a market in Maarat on Monday.", 20),
        ("Two men were shot dead by gunmen in Port-au-Prince on Tuesday.", 2),
    ],
)
def test_dead_told_as_more_are_added(text: str, dead: int) -> None:
    assert [e["fatalities"] for e in events(text)] == [dead]
