"""The ACLED CSV: ACLED's 31 columns first, with ACLED's codes, names and conventions."""

import csv
import re
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from tests.test_store import ACLED

import dateline
from dateline.export import COLUMNS, NO_COUNTRY, OUR_COLUMNS, ascii_name, countries, disorder_type, to_csv
from dateline.model import Event, Evidence
from dateline.taxonomy import taxonomy

REGIONS = {
    "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "South Asia",
    "Southeast Asia", "East Asia", "Middle East", "Caucasus and Central Asia", "Europe", "North America",
    "Central America", "South America", "Caribbean", "Oceania", "Antarctica",
}  # fmt: skip
STAMP = 1_700_000_000

DRC = Event(
    event_id="kivu-report#2", article_id="kivu-report", event_date="2024-03-07", time_precision=1,
    event_type="Battles", sub_event_type="Armed clash", actor1="M23: March 23 Movement", inter1=2,
    actor2="Military Forces of the Democratic Republic of Congo (2019-)", inter2=1, interaction=12, iso3="COD",
    country="Democratic Republic of the Congo", admin1="Nord-Kivu", admin2="Rutshuru", location="Kiwanja",
    latitude=-1.1607, longitude=29.4516, geo_precision=2, source="Radio Okapi", source_scale="National",
    fatalities=9, evidence=[Evidence("kivu-report", "location", 40, 47, "Kiwanja"),
                            Evidence("kivu-report", "fatalities", 60, 74, "nine were killed")],
)  # fmt: skip
SYRIA = Event(
    event_id="idlib-brief#1", article_id="idlib-brief", event_date="2019-08-21", time_precision=7,
    event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
    actor1="Military Forces of Russia (2000-)", inter1=8, actor2="Civilians (Syria)", inter2=7,
    civilian_targeting="Civilian targeting", iso3="SYR", country="Syria", admin1="Idlib",
    admin2="Ma‘arrat al-Nu‘mān", location="Kafr Nubl’ al-Ḩāmī", latitude=35.6139, longitude=36.5614,
    geo_precision=1, fatalities=0,
)  # fmt: skip
IVORY = Event(event_id="abidjan#1", article_id="abidjan", event_date="2021-02-11", time_precision=None,
              event_type="Protests", sub_event_type="Excessive force against protesters", actor1="Protesters",
              inter1=6, country="Côte d'Ivoire", location="Abidjan")  # fmt: skip


def _csv(path: Path, events: list[Event]) -> list[dict[str, str]]:
    dateline.export(events, path)
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_csv_leads_with_acleds_31_columns_then_ours(tmp_path: Path) -> None:
    dateline.export([DRC], tmp_path / "e.csv")
    header = (tmp_path / "e.csv").read_text().splitlines()[0].split(",")
    assert len(ACLED) == 31 and header[:31] == ACLED
    assert header[31:] == OUR_COLUMNS and "cluster_id" in header and "evidence" in header


def test_a_drc_event_in_acleds_codes_and_names(tmp_path: Path) -> None:
    [r] = _csv(tmp_path / "e.csv", [DRC])
    assert re.fullmatch(r"COD\d{8}", r["event_id_cnty"])
    assert (r["iso"], r["region"], r["country"]) == ("180", "Middle Africa", "Democratic Republic of Congo")
    assert (r["year"], r["time_precision"], r["disorder_type"]) == ("2024", "1", "Political violence")
    assert (r["interaction"], r["civilian_targeting"], r["fatalities"], r["tags"]) == ("12", "", "9", "")
    assert (r["admin1"], r["location"], r["event_id"], r["article_id"]) == (
        "Nord-Kivu",
        "Kiwanja",
        DRC.event_id,
        "kivu-report",
    )
    assert r["evidence"] == "location: Kiwanja; fatalities: nine were killed"


def test_a_syrian_place_with_diacritics_in_ascii_and_acleds_spelling(tmp_path: Path) -> None:
    [r] = _csv(tmp_path / "e.csv", [SYRIA])
    assert (r["country"], r["iso"], r["region"]) == ("Syria", "760", "Middle East")
    assert (r["admin1"], r["admin2"], r["location"]) == ("Idleb", "Ma'arrat al-Nu'man", "Kafr Nubl' al-Hami")
    assert (r["civilian_targeting"], r["interaction"]) == ("Civilian targeting", "78")  # computed from inter1/2
    assert (r["fatalities"], r["time_precision"]) == ("0", "3")  # no toll → 0; precision clamped to 1-3


def test_a_country_known_only_by_name(tmp_path: Path) -> None:
    [r] = _csv(tmp_path / "e.csv", [IVORY])
    assert (r["country"], r["iso"], r["region"]) == ("Ivory Coast", "384", "Western Africa")
    assert r["event_id_cnty"].startswith(NO_COUNTRY) and r["time_precision"] == "3"
    assert r["disorder_type"] == "Political violence; Demonstrations" and r["interaction"] == "60"


def test_event_id_cnty_is_stable_across_exports(tmp_path: Path) -> None:
    first = _csv(tmp_path / "a.csv", [DRC, SYRIA])
    again = _csv(tmp_path / "b.csv", [SYRIA, DRC])
    ids = {r["event_id"]: r["event_id_cnty"] for r in first}
    assert ids == {r["event_id"]: r["event_id_cnty"] for r in again} and len(set(ids.values())) == 2


def test_the_timestamp_is_the_export_time_unless_given(tmp_path: Path) -> None:
    to_csv([DRC], tmp_path / "a.csv", timestamp=STAMP)
    assert next(csv.DictReader((tmp_path / "a.csv").open()))["timestamp"] == str(STAMP)
    [r] = _csv(tmp_path / "b.csv", [DRC])
    assert abs(int(r["timestamp"]) - time.time()) < 60


def test_the_csv_reads_back_with_acleds_types(tmp_path: Path) -> None:
    dateline.export([DRC, SYRIA, IVORY], tmp_path / "e.csv")
    table = pacsv.read_csv(tmp_path / "e.csv")
    types = {n: table.schema.field(n).type for n in table.column_names}
    for name in ("iso", "year", "time_precision", "inter1", "geo_precision", "fatalities", "timestamp"):
        assert pa.types.is_integer(types[name]), name
    assert pa.types.is_floating(types["latitude"]) and pa.types.is_floating(types["longitude"])
    assert table.column("fatalities").null_count == 0 and table.column("fatalities").to_pylist() == [9, 0, 0]


INTEGER_COLUMNS = ("iso", "year", "time_precision", "inter1", "geo_precision", "fatalities", "timestamp")


def test_the_csv_reads_back_typed_in_pandas(tmp_path: Path) -> None:
    import pandas as pd

    dateline.export([DRC, SYRIA, IVORY], tmp_path / "e.csv")
    frame = pd.read_csv(tmp_path / "e.csv", parse_dates=["event_date"], dtype_backend="numpy_nullable")
    assert list(frame.columns[:31]) == COLUMNS[:31]
    assert all(pd.api.types.is_integer_dtype(frame[c]) for c in INTEGER_COLUMNS)
    assert pd.api.types.is_float_dtype(frame["latitude"]) and pd.api.types.is_datetime64_any_dtype(frame["event_date"])
    assert frame["fatalities"].tolist() == [9, 0, 0]


def test_the_csv_reads_back_typed_in_polars(tmp_path: Path) -> None:
    import polars as pl

    dateline.export([DRC, SYRIA, IVORY], tmp_path / "e.csv")
    frame = pl.read_csv(tmp_path / "e.csv", try_parse_dates=True)
    assert frame.columns[:31] == COLUMNS[:31]
    assert all(frame.schema[c].is_integer() for c in INTEGER_COLUMNS)
    assert frame.schema["latitude"].is_float() and frame.schema["event_date"] == pl.Date
    assert frame["fatalities"].to_list() == [9, 0, 0]


def test_parquet_carries_the_same_columns_typed(tmp_path: Path) -> None:
    dateline.export([DRC, SYRIA], tmp_path / "e.parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.column_names == COLUMNS
    rows: list[dict[str, Any]] = table.to_pylist()
    assert [(r["iso"], r["fatalities"], r["location"]) for r in rows] == [
        (180, 9, "Kiwanja"),
        (760, 0, "Kafr Nubl' al-Hami"),
    ]


def test_every_sub_event_type_has_a_disorder_type() -> None:
    kinds = {"Political violence", "Demonstrations", "Strategic developments", "Political violence; Demonstrations"}
    assert all(disorder_type(s.sub_event_type) in kinds for s in taxonomy())
    assert disorder_type("Peaceful protest") == "Demonstrations"
    assert disorder_type("Mob violence") == "Political violence; Demonstrations"
    assert disorder_type("Agreement") == "Strategic developments"


def test_the_country_table_uses_acleds_regions_and_names() -> None:
    table = countries()
    assert {c.region for c in table.values()} == REGIONS
    assert (table["COG"].name, table["COG"].iso, table["PSE"].name, table["MMR"].name) == (
        "Republic of Congo", 178, "Palestine", "Myanmar")  # fmt: skip
    assert table["Ivory Coast"].iso3 == "CIV" and table["XKX"].iso == 0


@pytest.mark.parametrize(
    ("name", "ascii"),
    [("Ḩalab", "Halab"), ("Đakovica", "Dakovica"), ("Şanlıurfa", "Sanliurfa"), ("Tōkyō", "Tokyo"), (None, None)],
)
def test_ascii_names(name: str | None, ascii: str | None) -> None:
    assert ascii_name(name) == ascii
