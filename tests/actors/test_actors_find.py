import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.actors import dated, find_actors
from dateline.model import Actor
from dateline.nlp import parse
from dateline.taxonomy import interaction


def found(text: str, country: str | None = None) -> list[Actor]:
    doc = parse(text)
    actors = find_actors(doc, country=country)
    for a in actors:
        assert doc.text[a.start : a.end] == a.text
    return actors


def names(text: str, country: str | None = None) -> dict[str, str]:
    return {a.text: a.name for a in found(text, country)}


@pytest.mark.parametrize(
    "alias", ["ISIS", "IS", "ISIL", "Daesh", "Islamic State in Iraq and Syria", "the Islamic State group"]
)
def test_islamic_state_aliases(alias: str) -> None:
    actors = found(f"Fighters loyal to {alias} ambushed a convoy near Palmyra on Monday.", "SYR")
    groups = [(a.text, a.name, a.inter) for a in actors if a.inter == 2]
    assert (alias, "Islamic State (Syria)", 2) in groups  # "Fighters" loyal to it point to it too
    assert {name for _, name, _ in groups} == {"Islamic State (Syria)"}


def test_islamic_state_follows_the_article_country() -> None:
    assert names("ISIS claimed the bombing in Kirkuk.", "IRQ")["ISIS"] == "Islamic State (Iraq)"


def test_named_groups() -> None:
    got = names("SDF and HTS units traded fire while Hezbollah and the Houthis issued threats.", "SYR")
    assert got["SDF"] == "QSD: Syrian Democratic Forces"
    assert got["HTS"] == "HTS: Hayat Tahrir al-Sham"
    assert got["Hezbollah"] == "Hezbollah"
    assert got["the Houthis"] == "Houthis (Ansar Allah)"


def test_hyphen_and_space_spellings() -> None:
    got = names("Al Shabaab and al-Shabaab are the same group.", "SOM")
    assert set(got.values()) == {"Al Shabaab"}


def test_government_forces_in_country() -> None:
    got = names("Government forces shelled the district while security forces closed the roads.", "SYR")
    assert got == {
        "Government forces": "Military Forces of Syria (2000-)",
        "security forces": "Military Forces of Syria (2000-)",
    }
    assert (
        names("The army said soldiers had cleared the road.", "KEN")["soldiers"] == "Military Forces of Kenya (2022-)"
    )


def test_police_in_country() -> None:
    assert names("Police fired tear gas in Nairobi.", "KEN") == {"Police": "Police Forces of Kenya (2022-)"}


def test_nationality_picks_the_state() -> None:
    got = names("Nigerian soldiers and Russian warplanes joined Israeli air strikes in the report.", "SYR")
    assert got == {
        "Nigerian soldiers": "Military Forces of Nigeria (2023-)",
        "Russian warplanes": "Military Forces of Russia (2000-)",
        "Israeli air strikes": "Military Forces of Israel (2022-)",
    }


def test_bound_alias_needs_a_nationality() -> None:
    assert names("Forces moved north after warplanes flew over.", "SYR") == {}


def test_patrons() -> None:
    actors = {
        a.text: a
        for a in found("Russian-backed government forces pushed east as US-backed forces held the dam.", "SYR")
    }
    regime = actors["Russian-backed government forces"]
    assert regime.name == "Military Forces of Syria (2000-)"
    assert regime.patrons == ("Military Forces of Russia (2000-)",)
    sdf = actors["US-backed forces"]
    assert sdf.name == "QSD: Syrian Democratic Forces"
    assert sdf.patrons == ("Military Forces of the United States (2025-)",)


def test_turkish_and_iranian_patrons() -> None:
    actors = {a.text: a for a in found("Turkish-backed fighters and an Iran-backed militia fought near Afrin.", "SYR")}
    assert actors["Turkish-backed fighters"].name == "Syrian National Army"
    assert actors["Turkish-backed fighters"].patrons == ("Military Forces of Turkey (2002-)",)
    militia = actors["Iran-backed militia"]
    assert militia.name == "Pro-Government Militia (Syria)"
    assert militia.patrons == ("Military Forces of Iran (1989-)",)


def test_templates() -> None:
    got = {
        a.text: (a.name, a.inter)
        for a in found("Gunmen opened fire on villagers; protesters and rioters gathered.", "NGA")
    }
    assert got == {
        "Gunmen": ("Unidentified Armed Group (Nigeria)", 3),
        "villagers": ("Civilians (Nigeria)", 7),
        "protesters": ("Protesters (Nigeria)", 6),
        "rioters": ("Rioters (Nigeria)", 5),
    }


@pytest.mark.parametrize("word", ["residents", "civilians", "Christians", "worshippers", "farmers"])
def test_civilians(word: str) -> None:
    assert names(f"The attack left {word} without shelter.", "MLI") == {word: "Civilians (Mali)"}


def test_named_actor_absorbs_its_noun() -> None:
    assert names("Boko Haram militants raided a market.", "NGA") == {
        "Boko Haram militants": "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"
    }


def test_anaphora_to_previous_sentence() -> None:
    text = "Syrian troops entered the town after Islamic State withdrew. The militants had seized it in May."
    got = [(a.text, a.name) for a in found(text, "SYR")]
    assert got == [
        ("Syrian troops", "Military Forces of Syria (2000-)"),
        ("Islamic State", "Islamic State (Syria)"),
        ("The militants", "Islamic State (Syria)"),
    ]


def test_anaphora_skips_state_forces() -> None:
    text = "Al Shabaab attacked a base; government troops fought back. The insurgents later retreated."
    assert names(text, "SOM")["The insurgents"] == "Al Shabaab"


def test_militants_prefer_a_jihadist_group() -> None:
    text = "ISIS lost Mosul. Then US-backed forces took Raqqa. The militants had held both cities for years."
    assert names(text, "SYR")["The militants"] == "Islamic State (Syria)"
    assert names("ISIS fled as the SDF arrived. The fighters raised a flag.", "SYR")["The fighters"] == (
        "QSD: Syrian Democratic Forces"
    )


def test_militants_are_not_the_allied_militia() -> None:
    text = "Al Shabaab shelled the base. Troops backed by allied clan militias pushed the militants out."
    got = names(text, "SOM")
    assert got["allied clan militias"] == "Pro-Government Militia (Somalia)"
    assert got["the militants"] == "Al Shabaab"


def test_pronoun_subject_of_an_event_verb() -> None:
    text = "The SDF advanced on the city. They captured the stadium, and they said the fight was over."
    got = [(a.text, a.start) for a in found(text, "SYR") if a.name == "QSD: Syrian Democratic Forces"]
    assert [t for t, _ in got] == ["SDF", "They"]


def test_reference_without_antecedent_falls_back() -> None:
    assert names("Militants burned a school.", "BFA") == {"Militants": "Unidentified Armed Group (Burkina Faso)"}
    assert names("The group denied it.", "BFA") == {}


def test_country_is_inferred() -> None:
    actors = found("Police in Kenya arrested three Kenyan students after the march.")
    assert {a.name for a in actors} == {"Police Forces of Kenya (2022-)", "Civilians (Kenya)"}
    assert {a.country for a in actors} == {"KEN"}


def test_no_country_no_templates() -> None:
    assert found("Soldiers and civilians waited.") == []


def test_interaction() -> None:
    assert interaction(1, 2) == 12
    assert interaction(2, 1) == 12
    assert interaction(3, 7) == 37
    assert interaction(6) == 60
    assert interaction(5, None) == 50


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200), st.sampled_from([None, "SYR", "NGA", "XXX"]))
def test_never_raises(text: str, country: str | None) -> None:
    doc = parse(text)
    for a in find_actors(doc, country=country):
        assert doc.text[a.start : a.end] == a.text


# A nationality before a means of state violence names that state's military.
@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        ("Russian shelling hit the city of Sumy on Monday.", "Russian shelling", "Military Forces of Russia"),
        ("Israeli strikes destroyed three houses in Khan Younis.", "Israeli strikes", "Military Forces of Israel"),
        (
            "Turkish bombardment of villages near Qamishli continued.",
            "Turkish bombardment",
            "Military Forces of Turkey",
        ),
    ],
)
def test_a_nationality_before_a_weapon_names_its_military(text: str, mention: str, name: str) -> None:
    assert names(text)[mention].startswith(name)


# A nationality before a non-state group does not make it the state's, or pro-government.
@pytest.mark.parametrize(
    "text",
    [
        "Libyan militias attacked the port of Zuwara on Monday.",
        "An Ethiopian rebel group said it captured the town of Bati.",
        "Yemeni rebel fighters shelled the outskirts of Taiz.",
    ],
)
def test_a_nationality_before_a_non_state_group_is_not_the_state(text: str) -> None:
    found_actors = found(text)
    assert found_actors and all(a.inter not in (1,) and not a.name.startswith("Pro-Government") for a in found_actors)


# "The rebels", "the militants" with no earlier antecedent point to the one group the story names.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The rebels seized the town on Monday. The Houthis later said they held it.", "Houthis (Ansar Allah)"),
        ("The militants attacked a checkpoint. They are led by an affiliate of Al Shabaab.", "Al Shabaab"),
        ("Insurgents stormed the camp at dawn. The Taliban claimed the raid.", "Taliban"),
    ],
)
def test_a_reference_with_no_antecedent_takes_the_storys_one_group(text: str, name: str) -> None:
    assert found(text)[0].name == name


def test_a_reference_stays_unidentified_when_the_story_names_two_groups() -> None:
    actors = found("The militants attacked a checkpoint. Both Al Shabaab and the Islamic State operate there.", "SOM")
    assert actors[0].name == "Unidentified Armed Group (Somalia)"


# A group named in an "of" or "from" phrase after a generic noun: the generic noun is that group.
@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        ("Fighters of the CODECO militia attacked a camp near Bunia.", "Fighters of the CODECO militia", "CODECO"),
        ("Militants from Al Shabaab attacked the base at dawn.", "Militants from Al Shabaab", "Al Shabaab"),
        ("Gunmen from Boko Haram raided the village on Sunday.", "Gunmen from Boko Haram", "Boko Haram"),
    ],
)
def test_a_generic_noun_of_a_named_group_is_the_group(text: str, mention: str, name: str) -> None:
    assert names(text, "COD")[mention].startswith(name)


# Typographic apostrophes match as typewriter ones do.
@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        ("South Sudan\u2019s president signed the deal.", "South Sudan\u2019s president", "Government of South Sudan"),
        (
            "Nigeria\u2019s military said it killed 12 fighters.",
            "Nigeria\u2019s military",
            "Military Forces of Nigeria",
        ),
        ("Kenya\u2019s police arrested two suspects.", "Kenya\u2019s police", "Police Forces of Kenya"),
    ],
)
def test_a_typographic_apostrophe_matches(text: str, mention: str, name: str) -> None:
    assert names(text)[mention].startswith(name)


# A state actor's era follows the event's day (data/eras.csv), not one fixed suffix per country.
@pytest.mark.parametrize(
    ("name", "day", "expected"),
    [
        ("Military Forces of Syria (2000-)", "2016-02-19", "Military Forces of Syria (2000-2024)"),
        ("Military Forces of Syria (2000-)", "2025-01-05", "Military Forces of Syria (2024-)"),
        ("Police Forces of Nigeria (2023-)", "2015-09-02", "Police Forces of Nigeria (2015-2023)"),
        ("Military Forces of the Philippines (2022-)", "2017-08-10", "Military Forces of the Philippines (2016-2022)"),
        ("Government of Kenya (2022-)", "2017-05-26", "Government of Kenya (2013-2022)"),
    ],
)
def test_a_state_actors_era_follows_the_event_date(name: str, day: str, expected: str) -> None:
    assert dated(name, day) == expected


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("Al Shabaab", "2011-05-01"),
        ("Military Forces of Syria (2000-)", None),
        ("Military Forces of Atlantis (1999-)", "2020-01-01"),
    ],
)
def test_names_without_a_known_era_are_kept(name: str, day: str | None) -> None:
    assert dated(name, day) == name


def test_an_event_names_the_state_of_its_day() -> None:
    from datetime import date

    from tests.events.helpers import events

    [e] = events(
        "Syrian government forces shelled the town of Douma on Monday, killing five people.", date(2016, 3, 15)
    )
    assert e["actor1"] == "Military Forces of Syria (2000-2024)"


@pytest.mark.parametrize(
    "text",
    [
        "A U.S.-backed alliance of Kurdish and Arab fighters drove the jihadists out of Manbij.",
        "The Syria Democratic Forces said they had cut the road to Raqqa.",
        "Fighters of the Kurdish-led alliance shelled positions near Deir ez-Zor on Sunday.",
    ],
)
def test_the_us_backed_alliance_in_syria_is_the_sdf(text: str) -> None:
    assert "QSD: Syrian Democratic Forces" in names(text, "SYR").values()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "AMISOM troops repelled an attack on their base near Baidoa.",
            "AMISOM: African Union Mission in Somalia (2007-2022)",
        ),
        (
            "ATMIS soldiers handed the base to the Somali army.",
            "ATMIS: African Union Transition Mission in Somalia (2022-2024)",
        ),
        (
            "AUSSOM forces escorted the convoy to Beledweyne.",
            "AUSSOM: African Union Support and Stabilization Mission in Somalia (2025-)",
        ),
    ],
)
def test_each_african_union_mission_in_somalia_keeps_its_own_name(text: str, name: str) -> None:
    assert name in names(text, "SOM").values()


# Every populous state is named by its demonyms, not only those actors.csv lists.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Armenian forces shelled positions near the border on Monday.", "Military Forces of Armenia"),
        ("Ivorian soldiers clashed with gunmen near the northern border.", "Military Forces of Ivory Coast"),
        ("Guatemalan police arrested 40 suspected gang members.", "Police Forces of Guatemala"),
    ],
)
def test_a_state_missing_from_the_lexicon_is_named_by_its_demonym(text: str, name: str) -> None:
    assert any(a.name.startswith(name) for a in find_actors(parse(text)))
