"""User errors on the command line are one line naming the input and the reason, exit status 2, no traceback;
the events table reads at 80 columns and prints whole when piped; eval speaks JSON too."""

import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from dateline.cli import app, event_table
from dateline.model import Article, Event
from dateline.store import Store

runner = CliRunner()
GOLD = Path(__file__).parent.parent / "examples" / "corpus" / "gold" / "colombia_eln_ceasefire.txt.json"
LONG_ACTOR = "Military Forces of Afghanistan (2021-) Islamic Emirate of Afghanistan"


def one_line(result: Result, *named: str) -> str:
    """The one line a usage error prints, after checking exit 2, nothing on stdout and no traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("dateline: ") and all(n in line for n in named), line
    return line


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["events", "--foo"], ["no such option: --foo", "(see dateline events --help)"]),
        (["extract", "--workers", "1", "--bogus", "x.txt"], ["--bogus", "(see dateline extract --help)"]),
        (["--foo"], ["no such option: --foo", "(see dateline --help)"]),
        (["evnets"], ["no such command 'evnets'", "(see dateline --help)"]),
        (["extract"], ["missing argument", "(see dateline extract --help)"]),
        (["events", "--since"], ["'--since' requires an argument", "(see dateline events --help)"]),
        (["extract", "--max-chars", "0", "x.txt"], ["--max-chars", "(see dateline extract --help)"]),
        (["changes", "--since", "noon"], ["'noon' is not an ISO 8601 time", "(see dateline changes --help)"]),
    ],
)
def test_a_bad_command_line_is_one_line(args: list[str], named: list[str]) -> None:
    one_line(runner.invoke(app, args), *named)


@pytest.mark.parametrize("command", ["read", "dates", "places", "classify", "extract", "ingest", "eval"])
def test_nothing_to_read_is_one_line_naming_the_input(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "doc.txt"
    db = tmp_path / "t.duckdb"
    extra = ["--db", str(db)] if command == "ingest" else []
    one_line(runner.invoke(app, [command, str(missing), *extra]), f"{missing}: no such file or directory")
    line = one_line(runner.invoke(app, [command, str(missing), str(tmp_path / "gone"), *extra]), str(missing))
    assert line.endswith(f"(nor {tmp_path / 'gone'})")
    assert not db.exists()  # an ingest of nothing makes no store


def test_a_missing_file_beside_a_readable_one_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    doc = tmp_path / "brief.txt"
    doc.write_text("Gunmen killed five villagers near Kidal on Monday.")
    result = runner.invoke(app, ["read", str(tmp_path / "gone.txt"), str(doc)])
    assert result.exit_code == 1 and [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["brief"]
    assert f"dateline: {tmp_path / 'gone.txt'}: no such file or directory" in result.stderr


def test_a_gold_file_that_is_not_json_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    one_line(runner.invoke(app, ["eval", str(bad)]), f"{bad}: not a gold file")
    lost = tmp_path / "lost.json"
    lost.write_text(json.dumps({"article": "missing.txt", "events": []}))
    one_line(runner.invoke(app, ["eval", str(lost)]), str(lost), "no document")


def _events() -> list[Event]:
    return [
        Event("afghanistan_kabul_herat_protests#1", "afghanistan_kabul_herat_protests", event_date="2024-05-06",
              sub_event_type="Peaceful protest", actor1="Protesters (Afghanistan)", actor2=LONG_ACTOR,
              location="Herat", country="Afghanistan", fatalities=12),
        Event("aden#2", "aden", event_date="2022-05-14", sub_event_type="Non-state actor overtakes territory",
              actor1="Southern Transitional Council [STC]", location="Al Mualla", country="Yemen"),
    ]  # fmt: skip


def test_the_events_table_reads_at_80_columns() -> None:
    console = Console(width=80, record=True)
    console.print(event_table(_events()))
    text = console.export_text()
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "2024-05-06" in text and "2022-05-14" in text and "aden#2" in text  # dates and short ids whole
    assert text.splitlines()[2].split()[:2] == ["id", "date"]
    assert "[STC]" in text and "…" not in text  # printed as it is, nothing cut short


def test_the_events_table_prints_whole_when_piped(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    with Store(db) as store:
        store.add(Article("a", "text"), [], _events())
    result = runner.invoke(app, ["events", "--db", str(db)], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if "afghanistan_kabul_herat_protests#1" in line]
    assert len(rows) == 1 and LONG_ACTOR in rows[0] and len(rows[0]) > 80


def test_eval_json() -> None:
    result = runner.invoke(app, ["eval", str(GOLD), "--json"])
    assert result.exit_code in (0, 1), result.output
    [report] = [json.loads(x) for x in result.stdout.splitlines()]
    assert set(report) == {"fields", "must", "should", "traps"} and report["must"]["total"] >= 1
    assert set(report["fields"]["event_type"]) == {"precision", "recall"}
    assert all(0 <= v <= 1 for scores in report["fields"].values() for v in scores.values())
