"""End to end over short articles written for these tests: what happened, who, where, when, how many."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.events.helpers import assert_spans

import dateline
from dateline.model import Article
from dateline.taxonomy import lookup


def events(text: str, published: date | None = date(2023, 5, 14)) -> list[dict]:
    article = _article(text, published)
    return [e.to_dict() for e in dateline.analyse(article).events]


def _article(text: str, published: date | None) -> Article:
    [a] = list(dateline.ingest.parse(text, "test.txt", "text"))
    a.published = published
    return a


def one(text: str, **kw) -> dict:
    found = events(text, **kw)
    assert len(found) == 1, [(e["sub_event_type"], e["location"]) for e in found]
    return found[0]


def test_retaken_town_dated_by_yesterday_not_publication() -> None:
    e = one("Iraqi troops retook the town of Tal Afar from Islamic State fighters yesterday, the army said.")
    assert e["sub_event_type"] == "Government regains territory" and e["event_type"] == "Battles"
    assert e["event_date"] == "2023-05-13" and e["time_precision"] == 1 and e["status"] == "current"
    assert e["location"] == "Tall ‘Afar" or e["geonameid"] == 99131 or e["country"] == "Iraq"
    assert e["actor1"].startswith("Military Forces of Iraq")
    assert e["control_change"]["to"] == e["actor1"]


def test_non_state_seizure() -> None:
    e = one("Al Shabaab fighters seized the town of Bulo Burte on Tuesday after government troops withdrew.")
    assert e["sub_event_type"] == "Non-state actor overtakes territory"
    assert e["event_date"] == "2023-05-09" and e["actor1"] == "Al Shabaab"


def test_dateline_city_is_not_the_event_place() -> None:
    e = one("KABUL • Gunmen abducted 12 aid workers in Ghazni province on Saturday, officials said.")
    assert e["sub_event_type"] == "Abduction/forced disappearance"
    assert e["location"] != "Kabul" and e["admin1"] == "Ghazni"
    assert e["fatalities"] == 0  # ACLED has no null: no count is 0
    assert {"value": 12}.items() <= e["quantities"][0].items()


def test_fatalities_only_from_death_counts() -> None:
    e = one(
        "Boko Haram militants attacked the village of Kautikari in Borno state on Friday, killing nine "
        "villagers and wounding 20 others, residents said. About 300 families fled."
    )
    assert e["sub_event_type"] == "Attack" and e["civilian_targeting"] == "Civilian targeting"
    assert e["fatalities"] == 9
    assert e["actor2"] == "Civilians (Nigeria)"


@pytest.mark.parametrize(
    "text",
    [
        "The army denied shelling the village of Kafr Nabl on Monday.",
        "Rebels vowed to attack the city of Goma next week.",
        "Police will hold talks with protest leaders on Thursday.",
        "A soldier stood guard at a checkpoint in Mosul on Friday.",
        "No shots were fired during the night, residents of Marib said.",
    ],
)
def test_no_event_where_nothing_happened(text: str) -> None:
    assert events(text) == []


def test_protest_with_intervention() -> None:
    e = one("Police fired tear gas to disperse hundreds of traders protesting in Kano on Monday.")
    assert e["event_type"] == "Protests" and e["sub_event_type"] == "Protest with intervention"


def test_caption_joins_the_body_event_instead_of_adding_one() -> None:
    text = (
        "Rebels take Bunagana\n\n"
        "M23 fighters patrol a street in Bunagana. PHOTO: REUTERS\n\n"
        "GOMA • M23 rebels captured the border town of Bunagana on Monday after heavy fighting, the army said.\n"
    )
    e = one(text)
    assert e["sub_event_type"] == "Non-state actor overtakes territory" and e["location"] != "Goma"


def test_every_evidence_span_points_into_the_text() -> None:
    text = "Syrian government warplanes struck the town of Saraqib on Sunday, killing five civilians, a monitor said."
    for e in events(text):
        assert lookup(e["sub_event_type"]).event_type == e["event_type"]
        assert e["notes"] and 0 < e["confidence"] <= 1
        assert_spans(text, e["evidence"])
        where = {ev["field"]: (ev["start"], ev["end"]) for ev in e["evidence"]}
        for field, word in (("location", "Saraqib"), ("event_date", "Sunday"), ("fatalities", "five")):
            assert where[field] == (text.index(word), text.index(word) + len(word))  # found independently


def test_the_span_check_fails_on_a_span_outside_the_text() -> None:
    with pytest.raises(AssertionError):
        assert_spans("Gunmen attacked a bus.", [{"start": -1, "end": -1, "text": ""}])
    with pytest.raises(AssertionError):
        assert_spans("Gunmen attacked a bus.", [{"start": 0, "end": 6, "text": "Rebels"}])


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300), st.dates())
def test_any_text_gives_events_with_valid_spans(text: str, published: date) -> None:
    for item in dateline.ingest.parse(text, "fuzz.txt", "text"):
        if isinstance(item, Article):
            item.published = published
            for e in dateline.analyse(item).events:
                assert e.event_type and e.sub_event_type
                assert_spans(item.text, e.evidence)


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Gunmen took 12 passengers hostage on the Abuja-Kaduna highway on Tuesday.", "Abduction/forced disappearance"),
        ("Soldiers defused a roadside bomb on the road to Beledweyne on Monday.", "Disrupted weapons use"),
        ("A man threw a grenade at a police patrol in Bujumbura on Friday, wounding two officers.", "Grenade"),
        ("Residents lynched two suspected kidnappers in Enugu on Sunday.", "Mob violence"),
        ("Rioters torched the house of a local lawmaker in Beed on Monday.", "Violent demonstration"),
        ("A Turkish drone strike hit a car near Qamishli on Monday, killing two fighters.", "Air/drone strike"),
        (
            "Security forces opened fire on protesters in Zahedan on Friday, killing four.",
            "Excessive force against protesters",
        ),
        ("The government and the rebels signed a ceasefire agreement in Addis Ababa on Monday.", "Agreement"),
    ],
)
def test_snippets_are_classified(text: str, sub_event_type: str) -> None:
    [a] = list(dateline.ingest.parse(text, "snippet.txt", "text"))
    assert dateline.classify(a)["sub_event_type"] == sub_event_type


@pytest.mark.parametrize(
    "text",
    [
        "No fighting was reported in Marib on Sunday.",
        "The militants often seize travellers on the road to Afgooye.",
        "The Houthis have been pushing since February to seize Marib.",
        "At least 226 people have been killed in El Fasher since fighting intensified in May.",
        "The president fired his defence minister on Monday.",
    ],
)
def test_habits_totals_intentions_and_dismissals_are_no_events(text: str) -> None:
    assert events(text) == []


def test_lead_sentence_is_read_without_its_dateline() -> None:
    text = (
        "Cartel drones hit Aguililla\n\n"
        "MORELIA, Mexico — Drones operated by the Jalisco New Generation Cartel dropped explosive devices on houses "
        "in Aguililla on Sunday, killing two people, prosecutors said.\n"
    )
    e = one(text)
    assert e["sub_event_type"] == "Air/drone strike" and e["actor1"].startswith("CJNG")
    assert e["location"] == "Aguililla" and e["fatalities"] == 2
    assert_spans(text, e["evidence"])
