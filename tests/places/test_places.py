from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline import nlp
from dateline.model import Place, Span
from dateline.places import attach, find_places
from dateline.places.normalize import key, skeleton


def places(text: str) -> list[Place]:
    found = find_places(nlp.parse(text))
    for p in found:
        assert text[p.start : p.end] == p.text
    return found


def by_text(text: str, name: str) -> Place:
    return next(p for p in places(text) if p.text == name)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Al-Qaryatain", "Al Qaryatayn"),
        ("Qaryatain", "al-Qaryatayn"),
        ("Deir ez-Zor", "Dayr az Zawr"),
        ("Deir al-Zour", "Deir ez-Zor"),
        ("Raqqa", "Ar Raqqah"),
        ("Ṣan‘ā’", "Sanaa"),
    ],
)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert key(a) == key(b)


def test_skeleton_merges_vowel_spellings() -> None:
    assert skeleton(key("Quraytayn")) == skeleton(key("Qaryatain"))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Pro-government troops pushed back into Al-Qaryatain late on Tuesday.", "Al-Qaryatain"),
        ("Shelling was reported in Qaryatain, a desert town south-east of Homs.", "Qaryatain"),
        ("Families fled Quraytayn after the militants arrived, Syrian state media said.", "Quraytayn"),
    ],
)
def test_qaryatain_spellings(text: str, name: str) -> None:
    p = by_text(text, name)
    assert (p.geonameid, p.admin1, p.country_code, p.iso3) == (173361, "Homs", "SY", "SYR")


def test_raqqa() -> None:
    p = by_text("Warplanes struck a bakery in Raqqa, activists said.", "Raqqa")
    assert p.geonameid == 172955 and p.feature_code.startswith("PPL")


def test_tripoli_by_context() -> None:
    libya = by_text("Rival Libyan militias traded fire near the airport in Tripoli overnight.", "Tripoli")
    lebanon = by_text("In northern Lebanon, a gunfight in Tripoli wounded four people.", "Tripoli")
    assert (libya.country_code, lebanon.country_code) == ("LY", "LB")


def test_province_is_adm1() -> None:
    p = by_text("Two soldiers died when their patrol hit a mine in Homs province.", "Homs province")
    assert (p.feature_code, p.admin1, p.country_code) == ("ADM1", "Homs", "SY")
    town = by_text("A car bomb went off in central Homs on Friday.", "Homs")
    assert town.feature_code.startswith("PPL")


def test_deir_ez_zor_transliterations() -> None:
    for text in ("Clashes spread across Deir al-Zour governorate.", "Clashes spread across Dayr az Zawr governorate."):
        (p,) = [p for p in places(text) if "Zo" in p.text or "Za" in p.text]
        assert (p.feature_code, p.country_code) == ("ADM1", "SY")


def test_news_agency_is_not_a_place() -> None:
    text = "The official Sana news agency said the convoy was ambushed near Palmyra."
    assert all("Sana" not in p.text for p in places(text))


def test_observatory_and_person_are_not_places() -> None:
    text = "Rami Abdulrahman of the Syrian Observatory for Human Rights gave the toll."
    assert [(p.text, p.role) for p in places(text)] == [("Syrian", "demonym")]


def test_skip_spans() -> None:
    text = "Photo: smoke over Aleppo. Fighting resumed in Idlib on Monday."
    skip = [Span(0, 25, text[:25])]
    assert [p.text for p in find_places(nlp.parse(text), skip=skip)] == ["Idlib"]


def test_countries_have_points() -> None:
    p = by_text("Aid convoys crossed from Turkey into Syria.", "Syria")
    assert p.feature_code == "PCLI" and abs(p.latitude - 35) < 1 and abs(p.longitude - 38) < 1


def test_attach_skips_dateline_and_direction() -> None:
    text = "DAMASCUS • Troops retook Palmyra on Thursday and pushed on towards the Iraqi border town of Albu Kamal."
    doc = nlp.parse(text)
    found = find_places(doc)
    trigger = next(t.i for t in doc if t.text == "retook")
    place, precision = attach(doc, trigger, found, Span(0, 8, "DAMASCUS"))
    assert (place.text, precision) == ("Palmyra", 1)


def test_attach_prefers_town_and_marks_near() -> None:
    doc = nlp.parse("Militants ambushed an army convoy near Kirkuk, in northern Iraq, on Sunday.")
    trigger = next(t.i for t in doc if t.text == "ambushed")
    place, precision = attach(doc, trigger, find_places(doc))
    assert (place.text, precision) == ("Kirkuk", 2)


def test_attach_never_uses_background_or_other_sentences() -> None:
    doc = nlp.parse("The front line stretches to the Turkish frontier at Kilis. Fighters shelled the town overnight.")
    trigger = next(t.i for t in doc if t.text == "shelled")
    assert attach(doc, trigger, find_places(doc)) is None


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    key(text)
    skeleton(key(text))
    for p in find_places(nlp.parse(text)):
        assert text[p.start : p.end] == p.text


def test_event_note_places_in_parentheses_and_before_settlement_nouns() -> None:
    from dateline import nlp
    from dateline.places import find_places

    doc = nlp.parse("Soldiers shelled Kherson city (Kherson, Kherson) on Monday, killing 2 Palestinians in Jenin.")
    names = {(p.text, p.country_code) for p in find_places(doc)}
    assert ("Kherson", "UA") in names and ("Jenin", "PS") in names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a small or inexactly matched place abroad is no reading of a name in a story about another country
        ("Al Shabaab fighters attacked a police post at Kulan in Kenya's Garissa county on Friday.", "Kulan"),
        ("Gunmen killed two farmers near Liboi in northern Kenya on Sunday.", "Liboi"),
        ("Jihadists ambushed soldiers near Boni in Mali on Monday.", "Boni"),
    ],
)
def test_no_stranger_from_a_country_the_story_never_names(text: str, name: str) -> None:
    place = by_text(text, name)
    assert place.country_code in (None, "KE", "ML")


def test_a_well_known_place_abroad_is_still_found() -> None:
    assert by_text("Officials in Nigeria said the minister flew to London on Monday.", "London").country_code == "GB"


# A town the tagger takes for a nationality is still a town where the gazetteer and the context say so; a
# nationality itself is never a place.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Fighting broke out in Kidal on Monday.", "Kidal"),
        ("Syrian troops entered Aleppo on Sunday.", "Aleppo"),
        ("The capture of the town by the rebels came after a week of fighting in Kidal.", "Kidal"),
    ],
)
def test_a_town_tagged_as_a_nationality_is_a_town(text: str, name: str) -> None:
    assert name in [p.text for p in places(text)]


@pytest.mark.parametrize(
    "text", ["He was held in Kenyan custody.", "The Syrian army advanced.", "Malian soldiers patrolled."]
)
def test_a_nationality_is_no_location(text: str) -> None:
    assert [p.role for p in places(text)] == ["demonym"]


# "The region of X", "the province of X": the division, not a town of that name.
@pytest.mark.parametrize(
    "text",
    [
        "Ten soldiers were killed in an ambush in the region of Tillaberi.",
        "Fighting spread to the province of Homs on Monday.",
        "Militants attacked villages in the governorate of Idlib.",
    ],
)
def test_the_division_of_a_name_is_the_division(text: str) -> None:
    [place] = places(text)
    assert place.feature_code == "ADM1"


def test_the_town_of_a_name_is_the_town() -> None:
    [place] = places("Troops entered the town of Homs on Tuesday.")
    assert place.feature_code.startswith("PPL")


# A place said to lie in a province ("the Hisar region of Hakkari") is never a namesake elsewhere.
def test_a_namesake_outside_the_province_named_is_not_taken() -> None:
    hisar = by_text("Nine militants were killed in the Hisar region of Hakkari, sources said.", "Hisar region")
    assert hisar.latitude is None  # GeoNames' Hisar towns lie in other provinces


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Gunmen attacked the Saiburi district of Pattani on Friday.", "Saiburi district", "Pattani"),
        ("Clashes broke out in Paris, Texas on Monday.", "Paris", "Texas"),
        ("Troops entered the town of Dibis in Kirkuk province.", "Dibis", "Kirkuk"),
    ],
)
def test_a_place_in_the_province_named_is_taken(text: str, name: str, admin1: str) -> None:
    assert by_text(text, name).admin1 == admin1


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Gunmen attacked a checkpoint in the Ab Band district of Ghazni province on Monday.", "Ab Band", "Ghazni"),
        ("Clashes were reported overnight in Spin Boldak district, residents said.", "Spin Boldak", "Kandahar"),
        ("Police said the ambush took place in Sai Buri district.", "Sai Buri", "Pattani"),
    ],
)
def test_a_name_with_a_district_suffix_is_the_district(text: str, name: str, admin1: str) -> None:
    p = next(p for p in places(text) if p.text.startswith(name))
    assert (p.feature_code, p.admin1) == ("ADM2", admin1)
    assert p.geonameid is not None and p.latitude is not None


@pytest.mark.parametrize(
    ("text", "name", "admin2"),
    [
        ("Troops entered Tikrit on Sunday.", "Tikrit", "Tikrit District"),
        ("A bomb exploded in a market in Spin Boldak on Friday.", "Spin Boldak", "Spīn Bōldak"),
        ("Gunmen shot dead a teacher in Sai Buri, police said.", "Sai Buri", "Amphoe Sai Buri"),
    ],
)
def test_a_bare_name_shared_by_a_district_and_its_seat_is_the_town(text: str, name: str, admin2: str) -> None:
    p = by_text(text, name)
    assert p.feature_code is not None and p.feature_code.startswith("PPL")
    assert p.admin2 == admin2


@pytest.mark.parametrize(
    ("text", "town", "admin1", "cc"),
    [
        ("A teacher from Paris, Ky., was honoured on Monday.", "Paris", "Kentucky", "US"),
        ("Flooding closed roads around London, Ont. on Friday.", "London", "Ontario", "CA"),
        ("The mayor of Springfield, IL said the plant would close.", "Springfield", "Illinois", "US"),
        ("Police in Vancouver, B.C., arrested two men.", "Vancouver", "British Columbia", "CA"),
    ],
)
def test_a_town_followed_by_an_abbreviated_state_lies_in_it(text: str, town: str, admin1: str, cc: str) -> None:
    found = places(text)
    p = next(p for p in found if p.text == town)
    assert (p.admin1, p.country_code) == (admin1, cc)
    state = found[found.index(p) + 1]
    assert (state.feature_code, state.name) == ("ADM1", admin1)


@pytest.mark.parametrize("text", ["OK, the minister said, the talks can go on.", "IN the end, IL Divo sang."])
def test_a_postal_code_outside_town_comma_is_no_state(text: str) -> None:
    assert all(p.feature_code != "ADM1" or p.country_code != "US" for p in places(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The outbreak reached Minnesota last week.", "Minnesota"),
        ("Health officials in Idaho reported two cases.", "Idaho"),
        ("Wildfires burned across Oregon on Sunday.", "Oregon"),
    ],
)
def test_a_province_does_not_pull_its_own_name_to_a_lesser_namesake_inside_it(text: str, name: str) -> None:
    assert by_text(text, name).feature_code == "ADM1"


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("Officials in Washington said the talks had failed.", "Washington", "PPLC"),
        ("Wildfires spread across Washington state on Friday.", "Washington state", "ADM1"),
        ("Fighting continued in Kabul province overnight.", "Kabul province", "ADM1"),
    ],
)
def test_a_capital_beats_a_same_named_province_unless_the_text_says_province(text: str, name: str, code: str) -> None:
    assert by_text(text, name).feature_code == code


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        (
            "Fire crews from Sarnia and Kitchener were sent to London. London firefighters said London had never "
            "seen such a blaze.",
            "London",
            "Ontario",
        ),
        (
            "Police in Perth said the driver came from Fremantle. Perth hospitals were full.",
            "Perth",
            "Western Australia",
        ),
        (
            "Crews drove from Chicago to Springfield, and Springfield schools closed while Springfield waited.",
            "Springfield",
            "Illinois",
        ),
    ],
)
def test_repeated_mentions_of_a_name_do_not_outvote_the_other_places_of_the_story(
    text: str, name: str, admin1: str
) -> None:
    assert {p.admin1 for p in places(text) if p.text == name} == {admin1}


@pytest.mark.parametrize(
    ("text", "name", "cc"),
    [
        ("On 3 March 2022, militants attacked a post in Boni (Hombori, Douentza, Mopti).", "Boni", "ML"),
        ("On 9 May 2021, gunmen raided Bama (Bama, Borno) at night.", "Bama", "NG"),
        ("On 12 June 2020, an IED hit a truck near Kalasa (Dhuusamarreeb, Galgaduud).", "Kalasa", "SO"),
    ],
)
def test_a_name_before_a_list_of_its_units_is_never_a_namesake_outside_them(text: str, name: str, cc: str) -> None:
    found = places(text)
    first = next(p for p in found if p.text == name)
    assert first.country_code in (cc, None)
    assert found[-1].feature_code == "ADM1" and found[-1].country_code == cc


def test_the_units_listed_after_a_place_are_read_as_units() -> None:
    found = places("On 21 August 2020, hundreds marched in Khartoum (Khartoum, Khartoum) against the council.")
    assert [p.feature_code for p in found] == ["PPLC", "ADM1", "ADM1"]


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Bushfires forced evacuations across northern NSW on Monday.", "NSW", "New South Wales"),
        ("Floods cut roads in Qld after the storm.", "Qld", "Queensland"),
        ("Officials in Hobart, Tas., closed the port.", "Tas", "Tasmania"),
    ],
)
def test_an_australian_state_abbreviation_names_the_state(text: str, name: str, admin1: str) -> None:
    p = next(p for p in places(text) if p.text.startswith(name))
    assert (p.feature_code, p.name) == ("ADM1", admin1)


# A name that is its country's province is the province in a list of provinces, not a town of that name in
# another province named beside it.
PROVINCE_LISTS = {
    "Flu cases rose in Ohio, Oregon and Texas.": "Oregon",
    "The outbreak spread from Illinois to Indiana, Delaware and Ohio.": "Delaware",
    "Hospitals in Wisconsin, Michigan and Vermont were full.": "Vermont",
}


@pytest.mark.parametrize(("text", "name"), PROVINCE_LISTS.items())
def test_a_province_among_provinces(text: str, name: str) -> None:
    place = by_text(text, name)
    assert (place.feature_code, place.admin1) == ("ADM1", name)


def test_a_country_name_does_not_vouch_for_itself() -> None:
    from dateline.places.gazetteer import load
    from dateline.places.resolve import Geography, _context

    georgia = next(m.entry for m in load().lookup("georgia") if m.entry.fcode == "PCLI")
    alone = Geography(stated={"GE": {"georgia"}})
    assert _context(georgia, alone, set(), "georgia", unit=False) == []
    [(weight, why)] = _context(georgia, Geography(stated={"GE": {"georgia", "georgian"}}), set(), "georgia", unit=False)
    assert weight > 0 and why == "country GE named: georgian"


def test_each_place_says_why_it_was_chosen() -> None:
    text = "Floods hit Paris, Texas, and the town of Lufkin in Angelina County on Monday."
    paris = by_text(text, "Paris")
    assert paris.country_code == "US"
    assert paris.evidence[0].startswith("its name: PPL")
    assert "qualified as in Texas" in paris.evidence
    assert any(e.startswith("over ") and "(PPLC, FR)" in e for e in paris.evidence)


def test_a_name_no_entry_matches_says_so() -> None:
    place = by_text("Fighting reached the village of Qwxzvilleton on Monday.", "Qwxzvilleton")
    assert (place.geonameid, place.evidence) == (None, ("no gazetteer entry",))


# A name matched only approximately is no town in a province the story never names when it names others of
# that country ("Dambowa" in a story about Yobe is not Damboa in Borno); the same name in a story about Borno is.
ELSEWHERE = [
    "Fighting spread across Yobe state this week. On Monday gunmen attacked the village of Dambowa.",
    "Violence has flared in Adamawa state. Troops shelled the village of Mongunu on Sunday, residents said.",
    "Clashes were reported in Gombe state. Rebels entered the village of Mongunu at dawn.",
]


@pytest.mark.parametrize("text", ELSEWHERE)
def test_an_approximate_name_stays_out_of_provinces_the_story_never_names(text: str) -> None:
    village = next(p for p in places(text) if p.text in ("Dambowa", "Mongunu"))
    assert village.admin1 != "Borno"


def test_an_approximate_name_inside_the_province_told_is_kept() -> None:
    text = "Fighting spread across Borno state this week. On Monday gunmen attacked the village of Dambowa."
    assert by_text(text, "Dambowa").name == "Damboa"


# Names that a lower-case particle joins ("da", "de", "del"), that carry an inner apostrophe, or that the model
# takes whole for an organisation are still one place.
@pytest.mark.parametrize(
    ("text", "name", "cc"),
    [
        ("Soldiers repelled an insurgent attack on Mocimboa da Praia on Saturday.", "Mocimboa da Praia", "MZ"),
        ("Police raided a favela in Rio de Janeiro on Tuesday.", "Rio de Janeiro", "BR"),
        ("Smugglers were arrested near Ciudad del Este on Monday.", "Ciudad del Este", "PY"),
        ("Gunmen killed a teacher in Fada N'Gourma on Saturday.", "Fada N'Gourma", "BF"),
        ("A grenade exploded in Mukaza (Bujumbura Mairie) on Friday.", "Bujumbura Mairie", "BI"),
    ],
)
def test_a_joined_or_apostrophed_name_is_one_place(text: str, name: str, cc: str) -> None:
    place = by_text(text, name)
    assert place.country_code == cc and place.latitude is not None


# A name that owns a district ("X's Y district") is the province, not a town of that name.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The army bombed a school in Sagaing's Tabayin township on Friday.", "Sagaing"),
        ("Insurgents stormed a police post in Ghazni's Andar district overnight.", "Ghazni"),
        ("Gunmen raided a village in Zamfara's Maru district on Monday.", "Zamfara"),
    ],
)
def test_a_name_that_owns_a_district_is_a_province(text: str, name: str) -> None:
    assert by_text(text, name).feature_code == "ADM1"


# A settlement noun after a name makes it a town ("Beni town"), and a unit word or a place at the end of a unit
# list makes it a province, never a country of that name ("Niger state", "(Rafi, Niger)").
@pytest.mark.parametrize(
    ("text", "name", "code", "cc"),
    [
        ("Gunmen killed a driver in Beni town (Beni, Nord-Kivu) on Monday.", "Beni", "PPL", "CD"),
        ("Rebels shelled Kherson city on Sunday.", "Kherson", "PPL", "UA"),
        ("Bandits kidnapped 40 students in Kagara (Rafi, Niger) on Wednesday.", "Niger", "ADM1", "NG"),
        ("Bandits attacked a village in Niger state on Tuesday.", "Niger state", "ADM1", "NG"),
    ],
)
def test_a_settlement_or_unit_word_sets_the_level(text: str, name: str, code: str, cc: str) -> None:
    place = by_text(text, name)
    assert (place.feature_code, place.country_code) == (code, cc)


def test_a_unit_list_inside_a_facility_entity_is_split_at_its_parentheses() -> None:
    text = "On 13 November 2019, a device planted on a motorcycle exploded in Azaz (Azaz, Aleppo), killing 5."
    found = places(text)
    assert [(p.text, p.country_code) for p in found if p.latitude is not None][:2] == [("Azaz", "SY"), ("Azaz", "SY")]


# A name with its unit word is a place whatever entity the model tags it as ("Bassa LGA", "Kogi state"); a unit
# word alone ("Islamic State") and an actor's name ("Tatmadaw") are none.
@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("Gunmen killed 12 villagers in Ngar village, Bassa LGA, Plateau state.", "Bassa LGA", "ADM2"),
        ("Residents lynched two suspected kidnappers in Ayangba, Dekina LGA, Kogi state.", "Kogi state", "ADM1"),
        ("Herders attacked farmers in Guma LGA, Benue state, on Monday.", "Benue state", "ADM1"),
    ],
)
def test_a_name_with_its_unit_word_is_a_place(text: str, name: str, code: str) -> None:
    assert by_text(text, name).feature_code == code


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Islamic State fighters attacked a checkpoint near Kirkuk.", "State"),
        ("Clashes between the Tatmadaw and the Arakan Army were reported in Paletwa.", "Tatmadaw"),
        ("The State Department said the talks would resume.", "State"),
    ],
)
def test_a_unit_word_alone_or_an_actor_is_no_place(text: str, word: str) -> None:
    assert all(p.text != word for p in places(text))


# "Congo" alone is the Democratic Republic of the Congo, as most of the news writes it.
@pytest.mark.parametrize(
    "text",
    [
        "Soldiers raped at least 12 women during a raid on a village in eastern Congo last week.",
        "Rebels attacked a village in Congo's Ituri province on Monday.",
        "Health officials reported new Ebola cases in Congo on Friday.",
    ],
)
def test_congo_alone_is_the_democratic_republic(text: str) -> None:
    assert by_text(text, "Congo").country_code == "CD"
