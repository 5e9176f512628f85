"""The relevance gate: conflict words in accidents, disasters, sport, business, drills, fiction and history code
no event; the same words with an armed actor or a weapon still do. Every sentence here is written for its test."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.events.helpers import events, types

# A headline line, a blank line, then the body: the frame is set by the headline and the first paragraph.
DISASTERS = [
    "Quake hits north\n\nA strong earthquake struck the mountains on Monday, killing at least 40 people in "
    "Badakhshan province, officials said.",
    "Floods in the delta\n\nFlash floods swept through villages in Sindh overnight, killing 14 people and "
    "destroying hundreds of homes.",
    "Factory blast\n\nA boiler exploded at a textile factory in Surat on Thursday, killing seven workers and "
    "injuring 30.",
    "Bus plunges into gorge\n\nNineteen pilgrims were killed on Sunday when their bus overturned on a mountain "
    "road in Gilgit after the driver lost control.",
]
FIGURATIVE = [
    "Fiji crush Wales\n\nFiji beat Wales 32-10 in Cardiff on Saturday, storming to victory in the rugby "
    "championship with four tries.",
    "Cup final\n\nThe striker shot his team into the cup final on Wednesday, and the visitors were crushed 3-0 "
    "in Baghdad.",
    "Price war\n\nThe two supermarket chains clashed over prices again on Tuesday as the company attacked its "
    "rival's profit margins in Nairobi.",
    "Vote count\n\nThe ruling party lost control of the city council in Lahore on Thursday, the election "
    "commission said.",
]
SIMULATED = [
    "War games\n\nThousands of troops simulated an amphibious assault on a beach near Darwin on Tuesday as part "
    "of a joint military exercise.",
    "Review: the siege\n\nThe new film recreates the battle for Mosul, in which soldiers storm the old city and "
    "grenades injure three men.",
    "Live-fire drill\n\nArtillery units fired rockets at mock targets in the Negev on Monday during a drill, the "
    "army said.",
]
HISTORY = [
    "The atomic bombing of Hiroshima on August 6, 1945 killed an estimated 140,000 people.",
    "Rebels seized the town of Kisangani in 1997, the museum's guide recalled on Friday.",
    "Soldiers massacred 300 villagers in the valley in March 1982, survivors told the commission on Friday.",
]
ARMED = [
    # the same frames, with an armed actor or a weapon: events all the same
    "Gunmen opened fire on fans leaving a football match in Kaduna on Sunday, killing five people.",
    "A roadside bomb killed three soldiers in Kunar province on Monday as floods cut the main road.",
    "Al Shabaab fighters attacked a bus carrying passengers near Mandera on Tuesday, killing eight people.",
]


@pytest.mark.parametrize("text", DISASTERS + FIGURATIVE + SIMULATED)
def test_frames_with_no_armed_violence_code_nothing(text: str) -> None:
    assert types(text) == []


@pytest.mark.parametrize("text", HISTORY)
def test_history_more_than_five_years_old_is_background(text: str) -> None:
    assert types(text, published=date(2024, 8, 6)) == []


@pytest.mark.parametrize("text", ARMED)
def test_armed_violence_in_the_same_frames_is_coded(text: str) -> None:
    found = events(text)
    assert found and found[0]["event_type"] in ("Violence against civilians", "Battles", "Explosions/Remote violence")


@pytest.mark.parametrize(
    "text",
    [
        "The driver lost control of the truck near Kandahar on Friday.",
        "Her side captured the title in Lagos on Saturday after a tense final.",
        "The opposition lost its majority in Kenya's senate on Tuesday.",
    ],
)
def test_territorial_words_with_no_armed_actor_and_no_place_taken(text: str) -> None:
    assert not any("territory" in t for t in types(text))


def test_the_gate_says_why_in_reasons() -> None:
    [armed] = events("Boko Haram fighters attacked the village of Kautikari in Borno state on Friday.")
    assert "relevant: armed actor 'Boko Haram fighters' named" in armed["reasons"]
    [unarmed] = events("Nine villagers were killed in Kautikari in Borno state on Friday, residents said.")
    assert any(r.startswith("classifier: Attack at ") for r in unarmed["reasons"])


# The article's frame is read from its first paragraph of prose: a rating, a date line or a byline is no lead.
SHORT_FIRST_LINES = [
    "Siege\n\n★★★☆☆\nThe new film follows a platoon through the battle for a desert town, where soldiers storm a "
    "compound and a grenade injures three men.",
    "Front lines\n\nMay 2, 2024\nThe director's war drama, a film shot in Jordan, shows troops shelling a village "
    "and rebels seizing the town.",
    "Review\n\nBy a staff writer\nIn this novel about the civil war, militias attack a convoy and gunmen kill "
    "four soldiers near the river.",
]


@pytest.mark.parametrize("text", SHORT_FIRST_LINES)
def test_the_frame_is_read_from_the_first_paragraph_of_prose(text: str) -> None:
    assert types(text) == []


@given(st.text(alphabet="ab \n\t", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_breaks_count_runs_of_line_breaks(text: str, start: int, end: int) -> None:
    """A paragraph break is a stretch of white space with a line break in it, however many blank lines."""
    import re

    from dateline.ingest.metadata import breaks

    expected = sum("\n" in w for w in re.findall(r"\s+", text[start:end]))
    assert breaks(text, start, end) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Militant attacks have been on the rise in the north since the spring.",
        "The group has recently increased its raids on army positions.",
        "Kidnappings surged across the state last year, officials said.",
        # a plural lived through, in the perfect or the present: a history
        "As the only country that has experienced atomic bombings in war, it campaigns against nuclear arms.",
        "The town has seen repeated raids by jihadists since the army left, residents say.",
        "Villages near the border have suffered air strikes for years, elders told reporters.",
    ],
)
def test_a_trend_of_many_happenings_is_no_event(text: str) -> None:
    assert types(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Militants mounted attacks on two police posts in Kirkuk on Monday.",
        "A fighter jet dropped three bombs on a village near Mindat on Tuesday.",
        "Clashes continued in Beni on Wednesday, residents said.",
        "Residents endured air strikes overnight in Idlib on Tuesday, rescuers said.",
    ],
)
def test_plural_happenings_told_as_done_are_events(text: str) -> None:
    assert types(text) != []


# A vehicle out of its driver's control that hits people is a road accident, not an attack: "lost control",
# "skidded", "ran over".
ROAD_ACCIDENTS = [
    "Police said the driver lost control of the truck, which hit a wall and killed two pedestrians.",
    "A speeding car skidded off the road and struck a group of pupils in Thika, killing three.",
    "A lorry ran over four traders at a roadside market in Kisumu on Tuesday, killing two of them.",
]


@pytest.mark.parametrize("text", ROAD_ACCIDENTS)
def test_a_vehicle_out_of_control_is_no_attack(text: str) -> None:
    assert types(text) == []


# Those killed "in the war", "in the conflict" with no day of their own are the war's toll: no happening. A day on
# the verb makes it one.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The delegations observed a minute of silence for people killed in the three-year conflict.", []),
        ("A memorial in the capital lists the names of soldiers who died in the war.", []),
        ("Families of those killed in the insurgency marched in Maiduguri on Friday.", ["Peaceful protest"]),
        ("Two soldiers were killed on Monday in the conflict when rebels attacked their post near Kasindi.",
         ["Armed clash"]),
    ],
)  # fmt: skip
def test_the_dead_of_a_war_with_no_day_are_its_toll(text: str, expected: list[str]) -> None:
    assert types(text) == expected


# A bare plural that a noun or an adjective governs, in a sentence with no day, names a kind of happening.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bourzanga lies about 50 km south of Djibo, a hotspot for attacks.", []),
        ("The border district is prone to raids by cattle rustlers, officials say.", []),
        ("The region has a long history of kidnappings for ransom.", []),
        ("There has been a week-long lull in clashes around the port.", []),
        ("A series of raids on villages near Djugu killed 20 people on Friday.", ["Attack"]),
    ],
)
def test_a_kind_of_happening_is_no_event(text: str, expected: list[str]) -> None:
    assert types(text) == expected


# An agreement's collapse, expiry or violation tells no agreement.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The region has been rocked by violence following the collapse of a ceasefire between the state and the "
         "rebels in July.", []),
        ("Talks stalled after the expiry of a 30-day truce between the army and the militia.", []),
        ("The rebels accused the army of a violation of the truce near Beni on Sunday.", []),
        ("The two sides signed a ceasefire in Doha on Monday.", ["Agreement"]),
    ],
)  # fmt: skip
def test_an_agreements_end_is_no_agreement(text: str, expected: list[str]) -> None:
    assert types(text) == expected
