import csv
from importlib.resources import files

from dateline.actors.lexicon import country_names, fill, military

INTER = set(range(1, 9))
AGENCY_KINDS = {"wire", "state_media", "monitor", "ngo", "un", "militant_media", "government"}


def rows(name: str) -> list[dict[str, str]]:
    text = files("dateline").joinpath(f"data/{name}").read_text(encoding="utf-8")
    assert text.startswith("# ")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def test_actor_rows_are_well_formed() -> None:
    countries = set(country_names())
    for r in rows("actors.csv"):
        assert r["aliases"], r
        if r["kind"] == "country":
            assert not r["inter"]
        elif r["kind"] != "anaphor":
            assert int(r["inter"]) in INTER, r
        if r["country"]:
            assert r["country"] in countries, r


def test_thirty_countries_have_their_own_forces() -> None:
    armed = {r["country"] for r in rows("actors.csv") if r["kind"] == "military"}
    assert len(armed) >= 30
    assert len(country_names()) >= 35


def test_templates_fill_with_dated_names() -> None:
    assert military("SYR") == "Military Forces of Syria (2000-)"
    assert military("COD") == "Military Forces of the Democratic Republic of Congo (2019-)"
    assert fill("Civilians ({country})", "PSE") == "Civilians (Palestine)"
    assert fill("Police Forces of {country}", "KEN") == "Police Forces of Kenya (2022-)"
    assert fill("Civilians ({country})", "NPL") == "Civilians (Nepal)"


def test_agency_rows_are_well_formed() -> None:
    for r in rows("agencies.csv"):
        assert r["kind"] in AGENCY_KINDS, r
        assert r["aliases"], r
