"""`dateline control` by any spelling or GeoNames id, and one-line usage errors (exit 2) from the CLI."""

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dateline
from dateline.cli import app
from dateline.model import Article

runner = CliRunner()
TEXT = (
    "BEIRUT (AFP) - Syrian government forces recaptured the town of Al-Qaryatain from the Islamic State group on "
    "Wednesday, a monitor said. Islamic State fighters had seized Qaryatain on October 1. In Raqqa, the Syrian "
    "Democratic Forces captured the city from Islamic State on October 17."
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("control") / "t.duckdb"
    article = Article(id="syria-1", text=TEXT, published=date(2017, 10, 25), title="Syrian army retakes Al-Qaryatain")
    with dateline.Store(path) as store:
        list(dateline.ingest_into(store, [article], workers=1))
    return str(path)


def holder(db: str, place: str, on: str) -> dict:
    result = runner.invoke(app, ["control", place, "--db", db, "--on", on, "--json"])
    assert result.exit_code == 0, result.stderr
    [line] = result.stdout.splitlines()
    return json.loads(line)


@pytest.mark.parametrize("place", ["Al-Qaryatain", "Qaryatayn", "Al Qaryatayn", "173361"])
def test_any_spelling_or_id_resolves_to_one_place(db: str, place: str) -> None:
    held = holder(db, place, "2017-10-10")
    assert held["controller"] == "Islamic State (Syria)" and held["geonameid"] == 173361
    assert holder(db, place, "2017-10-26")["controller"].startswith("Military Forces of Syria")


def test_raqqa_by_name_and_id(db: str) -> None:
    for place in ("Raqqa", "172955"):
        assert holder(db, place, "2017-09-01")["controller"] == "Islamic State (Syria)"
        assert holder(db, place, "2017-10-20")["controller"] == "QSD: Syrian Democratic Forces"
    intervals = [json.loads(x) for x in runner.invoke(app, ["control", "Raqqa", "--db", db]).stdout.splitlines()]
    assert [iv["controller"] for iv in intervals] == ["Islamic State (Syria)", "QSD: Syrian Democratic Forces"]
    assert {iv["geonameid"] for iv in intervals} == {172955}


def usage_error(db: str, args: list[str], *named: str) -> str:
    """The one line a user error prints on stderr, after checking exit 2, no traceback and the inputs named."""
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)
    [line] = result.stderr.splitlines()
    assert "Traceback" not in line and all(n in line for n in named), line
    return line


def test_unknown_ambiguous_and_unrecorded_places(db: str) -> None:
    usage_error(db, ["control", "Atlantis Nowhere"], "Atlantis Nowhere", "unknown place")
    line = usage_error(db, ["control", "Asadabad"], "Asadabad", "IR (142872)", "AF (1148311)")
    assert "GeoNames id" in line
    usage_error(db, ["control", "Kidal"], "Kidal", "no recorded control", "ML")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["events", "--since", "yesterday"], ["--since", "yesterday", "YYYY-MM-DD"]),
        (["events", "--until", "2024-13-45"], ["--until", "2024-13-45"]),
        (["control", "Raqqa", "--on", "nonsense"], ["--on", "nonsense"]),
        (["events", "--country", "Narnia"], ["--country", "Narnia", "Syria (SYR)"]),
        (["events", "--type", "Picnic"], ["--type", "Picnic", "Battles", "Strategic developments"]),
        (["export", "out.csv", "--since", "2017-02-30"], ["--since", "2017-02-30"]),
    ],
)
def test_user_errors_are_one_line_and_exit_2(db: str, args: list[str], named: list[str]) -> None:
    usage_error(db, args, *named)


def test_export_and_events_take_the_same_filters(db: str, tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    args = ["--country", "SYR", "--type", "Government regains territory", "--since", "2017-10-02"]
    assert runner.invoke(app, ["export", str(out), "--db", db, *args]).exit_code == 0
    [exported] = [json.loads(x) for x in out.read_text().splitlines()]
    [listed] = [json.loads(x) for x in runner.invoke(app, ["events", "--db", db, "--json", *args]).stdout.splitlines()]
    assert exported["event_id"] == listed["event_id"] and exported["location"] == "Al Qaryatayn"


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"dateline {dateline.__version__}"
