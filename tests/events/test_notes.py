"""Event notes in ACLED's style, written here (``notes.jsonl``: 71 notes over some forty countries, every
sub-event family), each one event: its type, day and toll exactly, and its town where the gazetteer has it."""

import json
from pathlib import Path

import pytest
from tests.events.helpers import events

NOTES = [json.loads(line) for line in (Path(__file__).parent / "notes.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("note", NOTES, ids=lambda n: n["text"][:40])
def test_a_note_is_one_event_with_its_type_day_toll_and_town(note: dict) -> None:
    [e] = events(note["text"], published=None)
    assert (e["sub_event_type"], e["event_date"], e["fatalities"]) == (
        note["sub_event_type"],
        note["event_date"],
        note["fatalities"],
    )
    if note["location"]:
        assert e["location"] == note["location"]
