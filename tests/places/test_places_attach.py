import pytest
from tests.events.helpers import events

from dateline import nlp
from dateline.places import attach, find_places


def test_a_town_that_locates_the_goal_of_a_march_is_kept() -> None:
    doc = nlp.parse("Police fired tear gas at hundreds who marched towards the presidential palace in Kabul on Monday.")
    tok = next(t for t in doc if t.text == "fired")
    place, _ = attach(doc, tok.i, find_places(doc))
    assert place.name == "Kabul"


def placed(text: str, trigger: str) -> tuple | None:
    """Where the trigger word's happening is placed in a one-sentence text."""
    doc = nlp.parse(text)
    tok = next(t for t in doc if t.text == trigger)
    return attach(doc, tok.i, find_places(doc))


# Places in the sentence that are not where the happening was, by class; three or more sentences each.
NOT_THERE = {
    "owner": [  # the place only says whose someone or something is
        ("A US drone strike killed six militants on Tuesday.", "killed"),
        ("Kirkuk police said gunmen attacked a checkpoint on Monday.", "attacked"),
        ("Kenya's military said it killed 20 fighters on Friday.", "killed"),
        ("The Mosul Youth Council condemned the bombing of the market.", "bombing"),
    ],
    "metonym": [  # the subject of another verb stands for its government
        ("Nairobi denied any role in the air strike on the camp.", "strike"),
        ("Kabul accused its neighbour of shelling border villages.", "shelling"),
        ("Moscow said the missile attack had hit military targets.", "attack"),
    ],
    "origin": [  # where people come from
        ("The victims, all natives of Zamboanga City, were kidnapped on Sunday.", "kidnapped"),
        ("Two workers hailing from Cebu were abducted on Monday.", "abducted"),
        ("A citizen of Kenya was killed in the attack on Friday.", "killed"),
    ],
    "distance": [  # a reference given far away, in no direction or beyond OFFSET_KM
        ("The blast hit a patrol over 400 km from the state capital Raipur on Sunday.", "hit"),
        ("Gunmen attacked the village, about 50 kilometres (30 miles) from Djibo, on Monday.", "attacked"),
        ("Soldiers clashed with rebels 200 miles north of Goma on Friday.", "clashed"),
    ],
}


@pytest.mark.parametrize(
    ("text", "trigger"), [case for cases in NOT_THERE.values() for case in cases], ids=lambda v: v[:30]
)
def test_a_place_that_is_not_where_it_happened_places_nothing(text: str, trigger: str) -> None:
    assert placed(text, trigger) is None


@pytest.mark.parametrize(
    ("text", "trigger", "town", "precision"),
    [
        ("Kirkuk police said gunmen attacked a checkpoint in Tikrit on Monday.", "attacked", "Tikrit", 1),
        ("Mosul fell to the militants on Tuesday.", "fell", "Mosul", 1),  # the trigger's own subject
        ("Gunmen attacked a bus 10 km east of Mandera on Monday.", "attacked", "Mandera", 2),  # close by: near
    ],
)
def test_the_place_where_it_happened(text: str, trigger: str, town: str, precision: int) -> None:
    place, found = placed(text, trigger)
    assert (place.text, found) == (town, precision)


# Where someone was taken, sent or flown to is not where it happened.
DESTINATIONS = [
    ("Gunmen shot three traders in Dori on Monday, and the wounded were taken to Ouagadougou.", "Dori"),
    ("A bomb exploded at a market in Baidoa, and the injured were flown to Mogadishu for treatment.", "Baidoa"),
    ("Soldiers were ambushed near Kidal; five wounded men were transferred to Gao.", "Kidal"),
]


@pytest.mark.parametrize(("text", "town"), DESTINATIONS)
def test_a_destination_is_not_where_it_happened(text: str, town: str) -> None:
    doc = nlp.parse(text)
    destination = next(p for p in find_places(doc) if p.text != town)
    verb = next(t for t in doc if t.lemma_ in ("take", "fly", "transfer"))
    assert attach(doc, verb.i, [destination]) is None


OFF_A_TOWN = [
    ("Militants attacked an army post about 30 kilometres north of Gao on Sunday, killing four soldiers.", "Gao", 0),
    ("Gunmen killed five farmers in a hamlet 20 km (12 miles) southeast of Maiduguri on Monday.", "Maiduguri", 135),
    ("A roadside bomb killed two policemen 15 miles west of Kirkuk on Friday.", "Kirkuk", 270),
]


@pytest.mark.parametrize(("text", "town", "bearing"), OFF_A_TOWN)
def test_a_happening_given_at_a_distance_and_direction_from_a_town_is_placed_there(
    text: str, town: str, bearing: int
) -> None:
    [event] = events(text)
    assert event["location"].endswith(f"of {town}") and event["geo_precision"] == 2
    ref = next(p for p in find_places(nlp.parse(text)) if p.text == town)
    north, east = event["latitude"] - ref.latitude, event["longitude"] - ref.longitude
    assert {0: north > 0.1, 135: north < -0.05 and east > 0.05, 270: east < -0.1}[bearing]


def test_a_town_far_away_in_no_given_direction_places_nothing() -> None:
    [event] = events("Militants attacked an army post 400 km from Gao on Sunday, killing four soldiers.")
    assert event["location"] != "Gao"


# A parenthesis of names after a place lists the units it lies in, as event notes write them: the place before
# it is where it happened; a unit stands for it, at district precision or coarser, only when it is unknown.
@pytest.mark.parametrize(
    ("text", "trigger", "town", "precision"),
    [
        ("On 3 March 2021, gunmen killed four farmers in Kauru (Kauru, Kaduna).", "killed", "Kauru", 1),
        ("On 5 April 2021, a grenade was thrown at a bar in Bujumbura (Mukaza, Bujumbura Mairie).", "thrown",
         "Bujumbura", 1),
        ("On 2 June 2022, militants attacked Gao (Gao, Gao) and killed two soldiers.", "attacked", "Gao", 1),
        ("On 8 May 2020, rebels attacked Zzyxqa (Douentza, Mopti) at dawn.", "attacked", "Douentza", 2),
    ],
)  # fmt: skip
def test_a_place_before_its_units_is_where_it_happened(text: str, trigger: str, town: str, precision: int) -> None:
    place, found = placed(text, trigger)
    assert (place.text, found) == (town, precision)
