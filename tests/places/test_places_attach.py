import pytest

from dateline import nlp
from dateline.places import attach, find_places


def test_a_town_that_locates_the_goal_of_a_march_is_kept() -> None:
    doc = nlp.parse("Police fired tear gas at hundreds who marched towards the presidential palace in Kabul on Monday.")
    tok = next(t for t in doc if t.text == "fired")
    place, _ = attach(doc, tok.i, find_places(doc))
    assert place.name == "Kabul"


# A place that only says whose someone or something is: "Kirkuk police", "US drone strike", "Kenya's military".
OWNERS = [
    ("A US drone strike killed six militants on Tuesday.", "killed"),
    ("Kirkuk police said gunmen attacked a checkpoint on Monday.", "attacked"),
    ("Kenya's military said it killed 20 fighters on Friday.", "killed"),
    ("The Mosul Youth Council condemned the bombing of the market.", "bombing"),
]


@pytest.mark.parametrize(("text", "trigger"), OWNERS)
def test_a_place_naming_an_owner_is_not_where_it_happened(text: str, trigger: str) -> None:
    doc = nlp.parse(text)
    tok = next(t for t in doc if t.text == trigger)
    assert attach(doc, tok.i, find_places(doc)) is None


def test_the_town_beside_an_owner_place_is_where_it_happened() -> None:
    doc = nlp.parse("Kirkuk police said gunmen attacked a checkpoint in Tikrit on Monday.")
    tok = next(t for t in doc if t.text == "attacked")
    place, _ = attach(doc, tok.i, find_places(doc))
    assert place.text == "Tikrit"


# Where someone was taken, sent or flown to is not where it happened.
DESTINATIONS = [
    ("Gunmen shot three traders in Dori on Monday, and the wounded were taken to Ouagadougou.", "Dori"),
    ("A bomb exploded at a market in Baidoa, and the injured were flown to Mogadishu for treatment.", "Baidoa"),
    ("Soldiers were ambushed near Kidal; five wounded men were transferred to Gao.", "Kidal"),
]


@pytest.mark.parametrize(("text", "town"), DESTINATIONS)
def test_a_destination_is_not_where_it_happened(text: str, town: str) -> None:
    doc = nlp.parse(text)
    found = find_places(doc)
    destination = next(p for p in found if p.text != town)
    verb = next(t for t in doc if t.lemma_ in ("take", "fly", "transfer"))
    assert attach(doc, verb.i, [destination]) is None


# A place that acts as the subject of another verb stands for its government ("Nairobi denied any role").
METONYMS = [
    ("Nairobi denied any role in the air strike on the camp.", "strike"),
    ("Kabul accused its neighbour of shelling border villages.", "shelling"),
    ("Moscow said the missile attack had hit military targets.", "attack"),
]


@pytest.mark.parametrize(("text", "trigger"), METONYMS)
def test_a_place_speaking_for_its_government_is_not_where_it_happened(text: str, trigger: str) -> None:
    doc = nlp.parse(text)
    tok = next(t for t in doc if t.text == trigger)
    assert attach(doc, tok.i, find_places(doc)) is None


def test_the_subject_of_the_trigger_is_where_it_happened() -> None:
    doc = nlp.parse("Mosul fell to the militants on Tuesday.")
    tok = next(t for t in doc if t.text == "fell")
    place, _ = attach(doc, tok.i, find_places(doc))
    assert place.text == "Mosul"


# Where people come from is not where it happened to them.
ORIGINS = [
    ("The victims, all natives of Zamboanga City, were kidnapped on Sunday.", "kidnapped"),
    ("Two workers hailing from Cebu were abducted on Monday.", "abducted"),
    ("A citizen of Kenya was killed in the attack on Friday.", "killed"),
]


@pytest.mark.parametrize(("text", "trigger"), ORIGINS)
def test_a_place_of_origin_is_not_where_it_happened(text: str, trigger: str) -> None:
    doc = nlp.parse(text)
    tok = next(t for t in doc if t.text == trigger)
    assert attach(doc, tok.i, find_places(doc)) is None


# A place given as a reference at a distance is not where it happened.
FAR = [
    "The blast hit a patrol over 400 km from the state capital Raipur on Sunday.",
    "Gunmen attacked the village, about 50 kilometres (30 miles) south of Djibo, on Monday.",
    "Soldiers clashed with rebels 40 miles north of Goma on Friday.",
]


@pytest.mark.parametrize("text", FAR)
def test_a_place_at_a_distance_is_a_reference_not_the_location(text: str) -> None:
    doc = nlp.parse(text)
    tok = next(t for t in doc if t.lemma_ in ("hit", "attack", "clash"))
    assert attach(doc, tok.i, find_places(doc)) is None


def test_a_place_close_by_still_places_it_near() -> None:
    doc = nlp.parse("Gunmen attacked a bus 10 km east of Mandera on Monday.")
    tok = next(t for t in doc if t.text == "attacked")
    place, precision = attach(doc, tok.i, find_places(doc))
    assert place.text == "Mandera" and precision == 2
