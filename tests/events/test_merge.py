"""Story assembly: one event per happening told over several sentences, placed at the most specific place the
story gives for it and dated by its most precise day; tolls over a war, a period or a country are no event's
deaths. Every text here is written for its test."""

from dataclasses import replace

import pytest
from tests.events.helpers import events, types

from dateline.events import merge
from dateline.model import Actor, DateValue, Mention, Place, Span

COUNTRY = Place(0, 7, "Somalia", 51537, "Somalia", 6.0, 48.0, "SO", None, "PCLI", 1.0)
PROVINCE = Place(0, 6, "Gedo", 58802, "Gedo", 3.5, 42.0, "SO", "Gedo", "ADM1", 1.0)
TOWN = Place(0, 5, "Luuq", 55671, "Luuq", 3.8, 42.5, "SO", "Gedo", "PPL", 1.0)
OTHER_TOWN = Place(0, 6, "Baidoa", 64013, "Baidoa", 3.1, 43.6, "SO", "Bay", "PPLA", 1.0)
ABROAD = Place(0, 7, "Mandera", 187896, "Mandera", 3.9, 41.9, "KE", "Mandera", "PPL", 1.0)


def mention(
    sub: str = "Armed clash",
    place: Place | None = None,
    precision: int | None = None,
    day: str | None = None,
    actor1: str | None = None,
    fatalities: int | None = None,
    another: bool = False,
    start: int = 0,
) -> Mention:
    return Mention(
        article_id="a",
        sentence=Span(start, start + 10, "x" * 10),
        trigger=Span(start, start + 1, "x"),
        event_type="",
        sub_event_type=sub,
        place=place,
        geo_precision=precision,
        date=DateValue(start, start + 1, "x", "DATE", day) if day else None,
        actor1=Actor(start + 2, start + 5, "xxx", actor1, 2) if actor1 else None,  # named apart from the trigger
        fatalities=fatalities,
        another=another,
    )


@pytest.mark.parametrize(
    ("outer", "inner", "inside"),
    [(COUNTRY, TOWN, True), (PROVINCE, TOWN, True), (PROVINCE, OTHER_TOWN, False), (COUNTRY, ABROAD, False)],
)
def test_contains_follows_country_and_province(outer: Place, inner: Place, inside: bool) -> None:
    assert merge.contains(outer, inner) is inside
    assert not merge.contains(inner, outer)


def test_the_lead_and_its_follow_up_are_one_happening_at_the_town() -> None:
    lead = mention(place=PROVINCE, precision=3, day="2023-05-13", fatalities=5)
    town = mention(place=TOWN, precision=1, day="2023-05", actor1="Al Shabaab", fatalities=6, start=20)
    [group] = merge.happenings([lead, town])
    assert merge.place(group) == (TOWN, 1, False)
    assert merge.dated(group) is lead  # the day beats the month
    assert merge.fatalities(group) == 5  # the most conservative toll


@pytest.mark.parametrize(
    "other",
    [
        mention(place=OTHER_TOWN, precision=1, start=20),  # another town
        mention(place=TOWN, precision=1, day="2023-05-10", start=20),  # another day
        mention(sub="Attack", place=TOWN, precision=1, start=20),  # another kind
        mention(place=TOWN, precision=1, actor1="ISIS", start=20),  # another perpetrator
        mention(place=TOWN, precision=1, another=True, start=20),  # told as another ("in a separate attack")
    ],
)
def test_what_disagrees_stays_apart(other: Mention) -> None:
    lead = mention(place=TOWN, precision=1, day="2023-05-13", actor1="Al Shabaab")
    assert len(merge.happenings([lead, other])) == 2


def test_a_headline_joins_but_never_starts_a_happening() -> None:
    title = mention(place=COUNTRY, precision=3)
    title.section = "title"
    assert merge.happenings([title]) == []
    body = mention(place=TOWN, precision=1, start=20)
    assert merge.happenings([title, body]) == [[body, title]]


def test_a_hint_places_a_happening_no_mention_places_at_a_town() -> None:
    lead = mention(place=COUNTRY, precision=3)
    lead.place_hint = TOWN
    assert merge.place([lead]) == (TOWN, 1, True)
    lead.place_hint = ABROAD  # a town outside the place told is no hint
    assert merge.place([lead]) == (COUNTRY, 3, False)


# Three stories told over several sentences: one event each, at the town the follow-up names.
STORIES = [
    (
        "Gunmen killed four soldiers in Somalia's Gedo region on Tuesday, officials said.\n\n"
        "The soldiers were attacked in the centre of Luuq town, a police officer said.",
        "Luuq",
    ),
    (
        "Militants attacked a police station in northern Mali on Sunday, killing three officers.\n\n"
        "The station stands in the centre of the town of Gao, the governor told reporters.",
        "Gao",
    ),
    (
        "Two bombs exploded in Pakistan's Balochistan province on Friday, killing six people.\n\n"
        "Police said the blasts hit a crowded market in Quetta, the provincial capital.",
        "Quetta",
    ),
]


@pytest.mark.parametrize(("text", "town"), STORIES)
def test_a_story_told_over_sentences_is_one_event_at_the_town(text: str, town: str) -> None:
    found = events(text)
    assert [e["location"] for e in found] == [town]


SEPARATE = [
    "Militants attacked an army post in Gao on Monday. In a separate attack, militants attacked a police post "
    "in Gao on Monday.",
    "Soldiers clashed with rebels in Beni on Tuesday. Elsewhere, soldiers clashed with rebels in Beni on Tuesday "
    "evening.",
    "Gunmen attacked a checkpoint in Kirkuk on Sunday. Earlier in the day, gunmen attacked a patrol in Kirkuk.",
    "Militants attacked an army post in Gao on Monday. Moreover, militants attacked a police post in Gao on Monday.",
    "Rebels shelled Beni on Tuesday. In addition, rebels shelled a camp outside Beni on Tuesday.",
]


# "Carried out" with a deed told before ("the attack", "it") claims it; with new deeds ("four attacks", "an air
# attack that killed ...") it tells them.
NEW_DEEDS = [
    "Rebels attacked a police post in Arauca on Tuesday. On Wednesday, a rebel sniper killed a soldier in Saravena "
    "and the group also carried out four attacks on pipelines.",
    "Troops clashed with militants in Gao on Monday. On Friday, the army carried out an air strike on a market in "
    "Kidal that killed nine traders.",
    "Gunmen stormed a bank in Beni on Sunday. On Monday, the militia carried out a raid on a clinic in Butembo, "
    "killing two nurses.",
]


@pytest.mark.parametrize("text", NEW_DEEDS)
def test_carrying_out_new_deeds_tells_them(text: str) -> None:
    assert len(events(text)) >= 2


CLAIMS = [
    "A bomb exploded at a market in Baidoa on Monday, killing five people. Al Shabaab said its fighters had carried "
    "out the attack.",
    "Gunmen killed three guards in Gao on Friday. The attack was carried out by JNIM, the group said.",
]


@pytest.mark.parametrize("text", CLAIMS)
def test_carrying_out_the_deed_told_claims_it(text: str) -> None:
    assert len(events(text)) == 1


@pytest.mark.parametrize("text", SEPARATE)
def test_another_happening_stays_apart(text: str) -> None:
    assert len(events(text)) == 2


# The day someone spoke dates a happening only when the story gives no other day for it.
SPOKEN = [
    ("Gunmen killed four farmers in Zamfara on Saturday, police said on Sunday.", "2023-05-13"),
    ("Rebels shelled the town of Beni on Friday, the governor told reporters on Saturday.", "2023-05-12"),
    ("Soldiers clashed with militants near Gao on Thursday, the army said on Friday.", "2023-05-11"),
]


@pytest.mark.parametrize(("text", "day"), SPOKEN)
def test_the_day_of_speaking_does_not_date_the_happening(text: str, day: str) -> None:
    assert [e["event_date"] for e in events(text)] == [day]


def test_the_day_of_speaking_dates_a_happening_given_no_other_day() -> None:
    [event] = events("Five soldiers were killed by a roadside bomb in Pattani, police said on Friday.")
    assert event["event_date"] == "2023-05-12"


# A noun that points back ("the capture of X", "the attack") adds its place to the happening told before.
FOLLOW_UPS = [
    "Rebels captured a town in Syria's northeast on Friday.\n\nThe capture of al-Shadadi came after a week of "
    "fighting.",
    "Militants seized a border town in Mali on Tuesday.\n\nThe seizure of Menaka was confirmed by the army.",
    "Gunmen attacked an army post in Niger on Monday.\n\nThe attack on the post in Bankilare lasted an hour.",
]


@pytest.mark.parametrize("text", FOLLOW_UPS)
def test_a_follow_up_places_the_happening_it_points_to(text: str) -> None:
    found = events(text)
    assert len(found) == 1
    assert found[0]["geo_precision"] == 1


# One actor is never both sides of an event.
SAME_SIDES = [
    "Police arrested two police officers accused of extortion in Tijuana on Monday.",
    "Soldiers fought soldiers of a mutinous unit at the barracks in Bamako on Tuesday.",
    "Al Shabaab fighters attacked a checkpoint in Mogadishu on Friday; Al Shabaab claimed the attack.",
]


@pytest.mark.parametrize("text", SAME_SIDES)
def test_actor1_and_actor2_are_never_the_same(text: str) -> None:
    found = events(text)
    assert found and all(e["actor1"] != e["actor2"] for e in found)


# Force against protesters that names no force is the police's.
UNNAMED_FORCE = [
    "Protesters were shot dead at a rally in Mahabad on Friday, rights groups said.",
    "Live ammunition was fired at demonstrators in Khartoum on Thursday, killing two.",
    "Two protesters were killed when shots were fired at a march in Lima on Saturday.",
]


@pytest.mark.parametrize("text", UNNAMED_FORCE)
def test_unnamed_force_against_protesters_is_the_polices(text: str) -> None:
    force = [e for e in events(text) if e["sub_event_type"] == "Excessive force against protesters"]
    assert force and all(e["actor1"].startswith("Police Forces of") for e in force)
    assert all(e["actor2"].startswith("Protesters") for e in force)


# Who reveals, discloses or alleges a happening is its source, not its doer.
SPEAKERS = [
    "The Nigerien army revealed that ten soldiers were killed in an ambush near Bankilare on Monday.",
    "Kenyan police disclosed that four officers died when a bomb hit their truck near Mandera on Sunday.",
    "The Malian army alleged that six soldiers were killed in an attack near Boni on Friday.",
]


@pytest.mark.parametrize("text", SPEAKERS)
def test_the_speaker_is_not_the_doer(text: str) -> None:
    found = events(text)
    assert found and all(not (e["actor1"] or "").startswith(("Military Forces", "Police Forces")) for e in found)


# Condemning or rejecting an attack says it happened.
CONDEMNED = [
    "We reject last night's attack by gunmen on the police station in Saravena, the mayor's office said.",
    "The governor condemned Sunday's attack on a police post in Zamfara that killed three officers.",
    "Officials rejected the bombing of the market in Baidoa on Friday as a cowardly act.",
]


@pytest.mark.parametrize("text", CONDEMNED)
def test_a_condemned_attack_is_an_event(text: str) -> None:
    assert events(text)


# A perpetrator taken from context is never the target's own state (its mayor, governor or army).
OWN_SIDE = [
    "The mayor's office said gunmen fired at the police headquarters in Saravena overnight.",
    "The governor told reporters that the army post in Kidal was attacked at dawn.",
    "The government said its soldiers were ambushed near Gao on Monday.",
]


@pytest.mark.parametrize("text", OWN_SIDE)
def test_the_targets_own_state_is_not_the_perpetrator(text: str) -> None:
    [e] = events(text)
    assert e["actor2"].startswith(("Police Forces", "Military Forces"))
    assert e["actor1"].startswith("Unidentified Armed Group")


# A count belongs to the clause it is told in, and a shift seen from the clause "after" governs runs backwards.
BEFORE_AND_AFTER = [
    "Five police officers were killed on Thursday near Garissa, a day after nine soldiers died in blasts near Mandera.",
    "Gunmen killed three farmers on Sunday near Kaduna, two days after bandits killed seven traders near Zaria.",
    "Rebels shot dead four guards on Friday in Bunia, a day after militias killed six villagers in Butembo.",
]


@pytest.mark.parametrize("text", BEFORE_AND_AFTER)
def test_counts_and_days_belong_to_their_clause(text: str) -> None:
    found = events(text)
    assert len(found) == 2
    first, second = sorted(found, key=lambda e: e["event_date"], reverse=True)
    assert first["fatalities"] < second["fatalities"]  # the lead's toll is the smaller one in each text
    assert first["event_date"] > second["event_date"]  # what came "after" was told first


DISTRICT_STORIES = [
    (
        "A roadside bomb killed four soldiers in southern Thailand on Friday, the army said.\n\n"
        "The patrol was hit in the Sai Buri district of Pattani, a police officer said.",
        "Amphoe Sai Buri",
    ),
    (
        "Taliban fighters attacked a police post in Afghanistan's Ghazni province on Sunday, killing two officers.\n\n"
        "The post lies in the Ab Band district, the governor's spokesman said.",
        "Ab Band District",
    ),
    (
        "Militants stormed an army base in Kandahar province on Monday, killing five soldiers.\n\n"
        "The base is in Spin Boldak district near the border, officials said.",
        "Spīn Bōldak",
    ),
]


@pytest.mark.parametrize(("text", "district"), DISTRICT_STORIES)
def test_a_district_named_later_places_a_happening_told_at_a_province(text: str, district: str) -> None:
    found = events(text)
    assert [(e["location"], e["geo_precision"]) for e in found] == [(district, 2)]


def test_a_district_contains_its_towns() -> None:
    district = Place(0, 6, "Ab Band", 7052950, "Ab Band District", 33.0, 68.0, "AF", "Ghazni", "ADM2", 1.0)
    district = replace(district, admin2="Ab Band District")
    town = Place(0, 4, "Sang", 1, "Sang", 33.0, 68.1, "AF", "Ghazni", "PPL", 1.0, admin2="Ab Band District")
    elsewhere = Place(0, 4, "Khel", 2, "Khel", 33.2, 68.3, "AF", "Ghazni", "PPL", 1.0, admin2="Jaghori District")
    assert merge.contains(district, town)
    assert not merge.contains(district, elsewhere)


GENERIC_FOLLOW_UPS = [
    (
        "Shelling by the rebels killed at least nine people in Kadugli, local medics said on Wednesday.\n\n"
        "A rights group accused the rebels of deliberately targeting homes in Kadugli on Tuesday night.",
        "2023-05-09",
    ),
    (
        "An air strike killed six people in the market of Hajjah, residents said on Thursday.\n\n"
        "Witnesses said the jets attacked the market in Hajjah on Wednesday morning.",
        "2023-05-10",
    ),
    (
        "A roadside bomb killed three soldiers near Gao, the army said on Friday.\n\n"
        "Militants attacked the patrol near Gao on Thursday, the army added.",
        "2023-05-11",
    ),
]


@pytest.mark.parametrize(("text", "day"), GENERIC_FOLLOW_UPS)
def test_a_follow_up_that_names_no_means_joins_the_happening_and_gives_its_day(text: str, day: str) -> None:
    """ "targeting", "attacked": violence without its means is the happening told with its means, and the day
    it happened beats the day someone spoke of it."""
    [event] = events(text)
    assert event["event_date"] == day


def test_an_abduction_stays_apart_from_a_killing_told_near_it() -> None:
    text = (
        "Gunmen abducted four aid workers in Kidal on Monday, officials said.\n\n"
        "Gunmen killed two soldiers in Kidal on Monday."
    )
    assert sorted(e["sub_event_type"] for e in events(text)) == ["Abduction/forced disappearance", "Armed clash"]


# The event's actors come from the mentions that tell its own event type: the troops that repelled a raid on
# villagers did not raid them.
REPELLED = [
    "Gunmen killed five villagers in a raid on Konduga on Wednesday before being repelled by government troops, "
    "military sources said.",
    "Militants shot dead four traders at a market in Dori on Friday. Troops later repelled the attackers.",
    "Bandits killed three farmers in an attack on a village near Gusau on Sunday before soldiers drove them back.",
]


@pytest.mark.parametrize("text", REPELLED)
def test_who_repelled_an_attack_on_civilians_is_not_its_perpetrator(text: str) -> None:
    attack = next(e for e in events(text) if e["sub_event_type"] == "Attack")
    assert not attack["actor1"].startswith("Military Forces")


# An event whose own sentences name no place is placed where the story's lead happened, at precision 2 at best,
# and says so in its reasons.
UNPLACED = [
    "Gunmen attacked a police post in Konduga on Monday, killing three officers. On Tuesday, gunmen abducted five "
    "women as they fetched water.",
    "Soldiers clashed with militants in Butembo on Sunday. A day later, a bomb exploded under a truck, killing two.",
    "Police fired tear gas at protesters in Kisumu on Friday. On Saturday, a mob lynched a man accused of theft.",
]


@pytest.mark.parametrize("text", UNPLACED)
def test_an_unplaced_event_takes_the_place_of_the_storys_lead(text: str) -> None:
    lead, later = events(text)
    assert later["location"] == lead["location"] and later["geo_precision"] >= 2
    assert any("where the story's lead happened" in r for r in later["reasons"])


# Looting or burning by those who did the violence told before ("the attackers also looted") is part of it.
PLUNDER = [
    "Gunmen killed six villagers in Pissila on Saturday. The attackers also looted shops and stole motorbikes.",
    "Militants stormed a village near Tillaberi on Monday, killing nine people. The assailants burned granaries.",
    "Bandits shot dead four farmers in Gusau on Friday. The gunmen also ransacked a clinic.",
]


@pytest.mark.parametrize("text", PLUNDER)
def test_plunder_by_the_attackers_is_part_of_the_attack(text: str) -> None:
    assert types(text) == ["Attack"]


# When the day a sentence gives for its happening is the day someone told or claimed it, an earlier day the
# sentence also gives is the happening's, however the parser hangs the two.
TOLD_BEFORE = [
    ("The group on Friday claimed responsibility for an attack on soldiers in Kirkuk late on Wednesday, killing "
     "four of them.", "2023-05-10"),
    ("The Taliban claimed responsibility on Friday for a bombing in Kunduz on Wednesday that killed six.",
     "2023-05-10"),
    ("Militants on Saturday claimed an ambush on a convoy near Gao on Thursday that killed three soldiers.",
     "2023-05-11"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "day"), TOLD_BEFORE)
def test_the_day_a_claim_was_made_does_not_date_the_deed(text: str, day: str) -> None:
    assert [e["event_date"] for e in events(text)] == [day]


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers defused a bomb outside a police station in Jamundi on Thursday, the army said, blaming "
        "dissidents who rejected the 2016 peace deal.",
        "Gunmen killed two guards in Gao on Thursday, police said, in a region hit by a 2012 rebellion.",
        "Troops repelled an attack on Djibo on Thursday, the army said, months after a blockade began in May.",
    ],
)
def test_a_year_or_a_month_elsewhere_in_the_sentence_is_not_the_day_before_the_telling(text: str) -> None:
    assert "2023-05-11" in [e["event_date"] for e in events(text)]


# A day counted from the happening told before never lands after the publication day for a past tense: the
# "after" there counts from a happening the story does not date ("a day after a rally").
AFTER_PUBLICATION = [
    "Gunmen killed three people in Gao on Sunday. Police detained protesters in Bamako a day after a rally.",
    "Soldiers clashed with rebels near Beni on Sunday. Rebels shelled Butembo a day after talks collapsed.",
    "A bomb exploded in Kabul on Sunday. Police arrested two men in Herat the day after a raid.",
]


@pytest.mark.parametrize("text", AFTER_PUBLICATION)
def test_no_past_happening_is_dated_after_publication(text: str) -> None:
    assert all((e["event_date"] or "") <= "2023-05-14" for e in events(text))


# One demonstration told as a march and as stones thrown, or as a rally and the tear gas fired at it, is one
# event of the gravest type its mentions tell.
DEMONSTRATIONS = [
    ("Thousands marched in Bogota on Monday against police violence. Riot police fired tear gas at protesters who "
     "threw stones near the main square.", "Violent demonstration"),
    ("Hundreds of students rallied in Dhaka on Tuesday. Police fired tear gas to disperse the students protesting "
     "outside the university.", "Protest with intervention"),
    ("Teachers marched peacefully in Harare on Wednesday. Some protesters later burned tyres and threw stones at "
     "police in Harare.", "Violent demonstration"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind"), DEMONSTRATIONS)
def test_one_demonstration_is_one_event_of_its_gravest_type(text: str, kind: str) -> None:
    assert types(text) == [kind]


# "A day after" counts from a happening dated to the day: never from one told only by its month.
def test_a_day_shift_never_counts_from_a_month() -> None:
    text = (
        "Four hostages escaped from their captors in Sulu on Friday, officials said. They had been kidnapped in "
        "Patikul in March. The escape came a day after soldiers clashed with militants near Jolo."
    )
    clash = next(e for e in events(text) if e["sub_event_type"] == "Armed clash")
    assert clash["event_date"] == "2023-05-11"


# The day a period began ("since the protests began in early October") is no day a following sentence inherits.
PERIOD_STARTS = [
    "Security forces shot dead four protesters in Baghdad on Sunday. More than 300 people have been killed since "
    "the protests began in early March. Protesters also burned tyres and blocked roads in Basra.",
    "Gunmen killed six farmers near Jos on Sunday. Hundreds have died since the violence flared in January. "
    "Youths also torched two houses in Bokkos.",
    "Police fired tear gas at marchers in Nairobi on Sunday. Dozens have been arrested since the rallies began "
    "in late February. Protesters also blocked a highway in Kisumu.",
]


@pytest.mark.parametrize("text", PERIOD_STARTS)
def test_a_period_start_is_not_inherited(text: str) -> None:
    assert all(e["event_date"] >= "2023-05-01" for e in events(text) if e["event_date"])
