import pytest

from dateline.taxonomy import SubEventType, event_type_of, event_types, lookup, taxonomy


def test_counts() -> None:
    assert len(taxonomy()) == 25
    assert event_types() == (
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    )


def test_every_row_has_cameo_and_plover() -> None:
    for s in taxonomy():
        assert len(s.cameo) == 2 and s.cameo.isdigit() and 1 <= int(s.cameo) <= 20
        assert s.plover.isupper()
        assert s.definition.endswith(".")


def test_lookup_is_case_insensitive() -> None:
    s = lookup("government REGAINS territory")
    assert isinstance(s, SubEventType)
    assert s.sub_event_type == "Government regains territory"
    assert event_type_of("air/drone strike") == "Explosions/Remote violence"
    assert lookup("Armed clash").plover == "FIGHT"


def test_unknown_sub_event_type() -> None:
    with pytest.raises(KeyError):
        lookup("Picnic")


def test_frozen() -> None:
    with pytest.raises(AttributeError):
        taxonomy()[0].cameo = "01"  # type: ignore[misc]
