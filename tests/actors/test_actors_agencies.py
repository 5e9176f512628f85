from dateline.actors import agencies
from dateline.nlp import parse


def sources(text: str, country: str | None = None) -> list[tuple[str, str, str]]:
    doc = parse(text)
    found = agencies(doc, country=country)
    for c in found:
        assert doc.text[c.start : c.end] == c.text
    return [(c.text, c.source, c.kind) for c in found]


def test_sana_is_an_agency() -> None:
    assert sources("Troops entered the village, the state Sana news agency reported.") == [
        ("state Sana news agency", "SANA", "state_media")
    ]


def test_state_news_agency_beside_its_name_is_one_source() -> None:
    assert sources("SANA, the state news agency, said the road reopened.", "SYR") == [("SANA", "SANA", "state_media")]


def test_monitor_and_wire() -> None:
    got = sources("The Observatory told AFP that 14 fighters died, Reuters also reported.", "SYR")
    assert got == [
        ("The Observatory", "Syrian Observatory for Human Rights", "monitor"),
        ("AFP", "Agence France-Presse", "wire"),
        ("Reuters", "Reuters", "wire"),
    ]


def test_unnamed_state_media() -> None:
    assert sources("State media said the rebels surrendered.", "IRN") == [
        ("State media", "State media (Iran)", "state_media")
    ]
    assert sources("Russian state television showed the convoy.", "UKR") == [
        ("Russian state television", "State media (Russia)", "state_media")
    ]


def test_militant_media_and_un() -> None:
    got = sources("The jihadists claimed it through Amaq, while OCHA counted 3,000 displaced.", "SYR")
    assert [(name, kind) for _, name, kind in got] == [("Amaq", "militant_media"), ("OCHA", "un")]


def test_plain_words_are_not_agencies() -> None:
    assert sources("She flew to Sana on an amnesty, the who and the ap said.") == []
