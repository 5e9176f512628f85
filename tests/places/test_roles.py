"""What a toponym mention does: a location, a qualifier of an organisation's or a person's name, or a demonym
naming its country. Every sentence here is written for its test."""

from __future__ import annotations

import pytest
from tests.events.helpers import events

from dateline import nlp
from dateline.model import Place
from dateline.places import find_places


def mention(text: str, name: str) -> Place:
    found = find_places(nlp.parse(text))
    place = next(p for p in found if p.text == name)
    assert text[place.start : place.end] == name
    return place


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Basra Operations Command said the roads were reopened.", "Basra"),
        ("The Minnesota Department of Health reported three new cases.", "Minnesota"),
        ("Members of the Mosul Youth Council met the governor.", "Mosul"),
        ("A Tulsa man was charged on Friday.", "Tulsa"),
        ("A Kabul woman told reporters she had waited for hours.", "Kabul"),
    ],
)
def test_a_name_that_opens_an_organisation_or_qualifies_a_person_is_a_qualifier(text: str, name: str) -> None:
    place = mention(text, name)
    assert place.role == "qualifier" and place.latitude is not None


@pytest.mark.parametrize(
    ("text", "word", "cc"),
    [
        ("Kenyan troops crossed the border at dawn.", "Kenyan", "KE"),
        ("Somali police closed the road.", "Somali", "SO"),
        ("Two Nigerians were among the passengers.", "Nigerians", "NG"),
    ],
)
def test_a_demonym_is_a_mention_of_its_country_without_a_point(text: str, word: str, cc: str) -> None:
    place = mention(text, word)
    assert (place.role, place.country_code, place.feature_code, place.latitude) == ("demonym", cc, "PCLI", None)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gunmen attacked a market in Maiduguri on Friday.", "Maiduguri"),
        ("Troops entered Mosul at dawn.", "Mosul"),
        ("Protesters marched through Tulsa on Saturday.", "Tulsa"),
    ],
)
def test_a_place_where_something_happens_is_a_location(text: str, name: str) -> None:
    assert mention(text, name).role == "location"


@pytest.mark.parametrize(
    "text",
    [
        "The Basra Operations Command said gunmen killed two shepherds near the border on Monday.",
        "The Kirkuk Provincial Council said militants attacked a police patrol on Sunday.",
        "A spokesman for the Mosul Youth Council said a bomb wounded four students on Tuesday.",
    ],
)
def test_an_event_never_sits_at_a_qualifier(text: str) -> None:
    found = events(text)
    assert found and all(e["location"] not in ("Basrah", "Basra", "Kirkuk", "Mosul") for e in found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Flights resumed at Tulsa International Airport on Monday.", "Tulsa"),
        ("Flights were halted at Kabul International Airport.", "Kabul"),
        ("Protesters gathered at the Nairobi National Park gate.", "Nairobi"),
    ],
)
def test_a_town_that_opens_a_facility_name_is_where_the_facility_is(text: str, name: str) -> None:
    place = mention(text, name)
    assert place.role == "location" and place.latitude is not None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A Norway-based rights group said the man was shot in Mahabad.", "Norway"),
        ("The London-based monitor reported shelling in Idlib.", "London"),
        ("An Iran-backed militia fired rockets at the base in Erbil.", "Iran"),
    ],
)
def test_a_place_joined_to_based_or_backed_says_where_someone_belongs(text: str, name: str) -> None:
    assert mention(text, name).role == "qualifier"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The blast hit a patrol over 400 km from Raipur on Sunday.", "Raipur"),
        ("Gunmen attacked the village, about 50 kilometres from Djibo, on Monday.", "Djibo"),
        ("Soldiers clashed with rebels 200 miles north of Goma on Friday.", "Goma"),
    ],
)
def test_a_place_given_far_from_what_happened_is_a_reference(text: str, name: str) -> None:
    assert mention(text, name).role == "reference"


def test_a_town_the_happening_is_placed_off_stays_a_location() -> None:
    assert mention("Gunmen killed five farmers 20 km southeast of Maiduguri on Monday.", "Maiduguri").role == "location"


# Demonyms of more than one word name their country like one-word ones do.
@pytest.mark.parametrize(
    ("text", "word", "cc"),
    [
        ("Sri Lankan troops shelled rebel positions near Mullaitivu on Monday.", "Sri Lankan", "LK"),
        ("South Sudanese soldiers fought rebels near Yei on Sunday.", "South Sudanese", "SS"),
        ("Sierra Leonean police arrested 30 protesters in Makeni.", "Sierra Leonean", "SL"),
        ("Two Costa Ricans were among the dead.", "Costa Ricans", "CR"),
    ],
)
def test_a_demonym_of_several_words_names_its_country(text: str, word: str, cc: str) -> None:
    place = mention(text, word)
    assert (place.role, place.country_code, place.latitude) == ("demonym", cc, None)
