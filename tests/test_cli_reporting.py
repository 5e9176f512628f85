"""What the command says on stderr, and its exit status: names and values printed as they are, one line each; every
input not read is named; a run that stores nothing ends cleanly."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from dateline.cli import app

runner = CliRunner()
GOOD = {"id": "kidal", "text": "Gunmen killed five villagers near Kidal on Monday, officials said."}


def _clean(result: Result) -> bool:
    """The command ended through its exit status, not an exception."""
    return result.exception is None or isinstance(result.exception, SystemExit)


def _events(stdout: str) -> list[dict]:
    return [json.loads(x) for x in stdout.splitlines() if x.startswith("{")]


def test_markup_in_names_and_values_prints_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "[").mkdir()
    (tmp_path / "[" / "x].txt").write_text("")  # the path holds "[/x]"
    (tmp_path / "[bold]note.txt").write_text(" ")
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "[/x]", "text": 5}) + "\n" + json.dumps(GOOD) + "\n")
    result = runner.invoke(app, ["extract", "--workers", "1", str(tmp_path)])
    assert result.exit_code == 1 and _clean(result)
    assert f"dateline: {tmp_path}/[/x].txt: empty document" in result.stderr
    assert f"dateline: {tmp_path}/[bold]note.txt: empty document" in result.stderr
    assert f'dateline: {docs}:1: "text" must be a string, got a number' in result.stderr
    assert [e["article_id"] for e in _events(result.stdout)] == ["kidal"]


def test_a_long_path_stays_on_one_line(tmp_path: Path) -> None:
    missing = tmp_path / ("a" * 150) / ("b" * 150 + ".txt")
    result = runner.invoke(app, ["read", str(missing)])
    assert result.exit_code == 2  # nothing could be read: a usage error
    assert result.stderr == f"dateline: {missing}: no such file or directory\n"


def test_control_characters_are_escaped(tmp_path: Path) -> None:
    name = tmp_path / "a\x1b[31mb.txt"
    name.write_text("")
    result = runner.invoke(app, ["read", str(name)])
    assert "\x1b" not in result.stderr and f"{tmp_path}/a\\x1b[31mb.txt: empty document" in result.stderr


def test_skipped_files_are_named_and_counted_without_failing(tmp_path: Path) -> None:
    (tmp_path / "brief.txt").write_text(GOOD["text"])
    (tmp_path / "gold.json").write_text("{}")
    (tmp_path / "image.bin").write_bytes(b"\x89PNG")
    result = runner.invoke(app, ["read", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"dateline: skipped {tmp_path}/gold.json: not a document type (.json)",
        f"dateline: skipped {tmp_path}/image.bin: not a document type (.bin)",
        "dateline: 0 rejected, 2 skipped",
    ]
    assert [d["id"] for d in _events(result.stdout)] == ["brief"]


def test_extract_rejects_an_article_past_max_chars(tmp_path: Path) -> None:
    doc = tmp_path / "long.txt"
    doc.write_text(GOOD["text"] * 10)
    result = runner.invoke(app, ["extract", "--workers", "1", "--max-chars", "100", str(doc)])
    assert result.exit_code == 1
    assert f"dateline: {doc}: article too long: {len(GOOD['text']) * 10:,} characters (limit 100)" in result.stderr
    assert runner.invoke(app, ["extract", "--max-chars", "0", str(doc)]).exit_code == 2


@pytest.mark.parametrize(
    ("name", "content", "status", "said"),
    [
        ("empty.txt", "", 1, "empty.txt: empty document"),
        ("emoji.txt", "🔥🔥🔥\n", 0, "1 articles, 0 events"),
        ("missing.txt", None, 2, "missing.txt: no such file or directory"),
    ],
)
def test_an_ingest_that_stores_no_event_ends_cleanly(
    tmp_path: Path, name: str, content: str | None, status: int, said: str
) -> None:
    doc = tmp_path / name
    if content is not None:
        doc.write_text(content)
    result = runner.invoke(app, ["ingest", str(doc), "--db", str(tmp_path / "t.duckdb")])
    assert result.exit_code == status and _clean(result), result.output
    assert said in result.stderr


def test_many_files_skipped_in_one_folder_for_one_reason_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    for n in range(5):
        (tmp_path / "gold" / f"{n}.json").write_text("{}")
    (tmp_path / "a.bin").write_bytes(b"\0")
    (tmp_path / "b.bin").write_bytes(b"\0")
    (tmp_path / "doc.txt").write_text(GOOD["text"])
    result = runner.invoke(app, ["extract", "--workers", "1", str(tmp_path)])
    assert result.exit_code == 0 and _clean(result)
    lines = [x for x in result.stderr.splitlines() if "skipped" in x]
    grouped = f"dateline: skipped 5 files in {tmp_path}/gold: not a document type (.json), "
    assert sum(x.startswith(grouped) for x in lines) == 1
    assert sum("a.bin" in x or "b.bin" in x for x in lines) == 2
    assert lines[-1] == "dateline: 0 rejected, 7 skipped"
