import json

from tests.conftest import FIXTURES
from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()

EXTRACT_FIELDS = [
    "event_id",
    "article_id",
    "cluster_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso3",
    "country",
    "admin1",
    "admin2",
    "location",
    "geonameid",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "claim_sources",
    "wire",
    "publisher",
    "notes",
    "fatalities",
    "quantities",
    "status",
    "control_change",
    "confidence",
    "evidence",
    "reasons",
    "fatalities_range",
]


def lines(output: str) -> list[dict]:
    return [json.loads(x) for x in output.splitlines() if x.startswith("{")]


def test_read_fields() -> None:
    result = runner.invoke(app, ["read", str(FIXTURES / "aden.txt")])
    assert result.exit_code == 0
    [doc] = lines(result.stdout)
    assert list(doc) == [
        "id", "title", "published", "published_source", "dateline", "wire", "publisher", "body", "captions", "url"
    ]  # fmt: skip
    assert doc["published"] == "2022-05-14" and doc["dateline"] == "Aden"


def test_extract_contract_and_exit_status_with_rejects() -> None:
    result = runner.invoke(app, ["extract", "--workers", "1", str(FIXTURES / "docs.jsonl")])
    assert result.exit_code == 1  # some lines were rejected, the rest still processed
    events = lines(result.stdout)
    assert events and all(list(e) == EXTRACT_FIELDS and e["cluster_id"] is None for e in events)
    assert "docs.jsonl:3: not valid JSON" in result.stderr


def test_dates_command() -> None:
    result = runner.invoke(app, ["dates", str(FIXTURES / "aden.txt")])
    [doc] = lines(result.stdout)
    assert {"text": "Wednesday", "value": "2022-05-11"}.items() <= doc["dates"][0].items() or any(
        d["text"] == "Wednesday" for d in doc["dates"]
    )
    assert all(set(d) == {"start", "end", "text", "type", "value"} for d in doc["dates"])


def test_usage_error_is_2() -> None:
    assert runner.invoke(app, ["extract"]).exit_code == 2


def test_ingest_events_export_control(tmp_path) -> None:
    db = str(tmp_path / "t.duckdb")
    assert runner.invoke(app, ["ingest", str(FIXTURES / "aden.txt"), "--db", db]).exit_code == 0
    table = runner.invoke(app, ["events", "--db", db])
    assert table.exit_code == 0 and "events" in table.stdout
    as_json = lines(runner.invoke(app, ["events", "--db", db, "--json"]).stdout)
    assert as_json and as_json[0]["evidence"] and all(e["cluster_id"] for e in as_json)
    out = tmp_path / "e.csv"
    assert runner.invoke(app, ["export", str(out), "--db", db]).exit_code == 0 and out.exists()
    assert runner.invoke(app, ["export", str(tmp_path / "e.xls"), "--db", db]).exit_code == 2
    held = lines(runner.invoke(app, ["control", "Mualla", "--db", db, "--on", "2022-05-13"]).stdout)
    assert held[0]["place"] == "Mualla"


def test_bad_anchor_is_a_usage_error() -> None:
    result = runner.invoke(app, ["dates", "--anchor", "someday", str(FIXTURES / "aden.txt")])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_classify_and_places_commands() -> None:
    [doc] = lines(runner.invoke(app, ["classify", str(FIXTURES / "mogadishu.html")]).stdout)
    assert doc["event_type"] == "Explosions/Remote violence" and 0 < doc["confidence"] <= 1
    [doc] = lines(runner.invoke(app, ["places", str(FIXTURES / "mogadishu.html")]).stdout)
    assert any(p["name"] == "Mogadishu" and p["country_code"] == "SO" for p in doc["places"])


def test_extract_takes_a_publication_date_for_documents_that_carry_none(tmp_path) -> None:
    doc = tmp_path / "note.jsonl"
    doc.write_text(json.dumps({"id": "n", "text": "Gunmen killed five villagers in Kidal on Monday."}) + "\n")
    undated = lines(runner.invoke(app, ["extract", "--workers", "1", str(doc)]).stdout)
    assert undated and undated[0]["event_date"] is None
    assert any(r.startswith("undated:") for r in undated[0]["reasons"])
    dated = lines(runner.invoke(app, ["extract", "--workers", "1", "--published", "2023-05-14", str(doc)]).stdout)
    assert dated[0]["event_date"] == "2023-05-08"
    assert runner.invoke(app, ["extract", "--published", "May 14", str(doc)]).exit_code == 2
