"""TIMEX3 type and value per class of expression, on the TimeML-style fixtures written here (the same file
benchmarks/dates_bench.py scores), and the mechanisms behind each class."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.dates import find_dates
from dateline.dates.resolve import Story

FIXTURES = Path(__file__).resolve().parent / "timeml.jsonl"
DOCS = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
FRI = date(2024, 9, 20)


def found(text: str, anchor: date | None = FRI) -> list[tuple[str, str, str]]:
    out = find_dates(text, anchor)
    for dv in out:
        assert text[dv.start : dv.end] == dv.text
    return [(dv.text, dv.type, dv.value) for dv in out]


def test_every_class_has_three_documents() -> None:
    classes = [d["class"] for d in DOCS]
    assert all(classes.count(c) >= 3 for c in classes)
    assert {"tense", "not-dates", "durations", "sets", "present-ref", "story-time", "quoted-speech"} <= set(classes)


@pytest.mark.parametrize("doc", DOCS, ids=[d["id"] for d in DOCS])
def test_fixture(doc: dict) -> None:
    want = [(t["text"], t["type"], t["value"]) for t in doc["timexes"]]
    assert found(doc["text"], date.fromisoformat(doc["published"])) == want


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The vote will be held in March, officials said.", "2025-03"),  # not past from "held"
        ("The vote, which was delayed, will take place in March.", "2025-03"),
        ("The vote was held in March, officials said.", "2024-03"),
        ("The vote has been postponed since March.", "2024-03"),
        ("Parliament is expected to sit again in April.", "2025-04"),
        ("The new rules take effect in October.", "2024-10"),  # no tense: the nearest October
    ],
)
def test_month_takes_the_tense_of_its_verb_group(text: str, value: str) -> None:
    [(_, kind, got)] = found(text)
    assert (kind, got) == ("DATE", value)


def test_a_weekday_after_that_is_not_the_story_time() -> None:
    assert found("Officials said that Monday's attack killed four.") == [("Monday", "DATE", "2024-09-16")]


def test_story_time_needs_a_period_told_finely_enough() -> None:
    assert found("The town fell in 2009. The next day, the army left.")[1] == ("The next day", "DATE", "XXXX-XX-XX")
    assert found("The town fell in 2009. The following year, the army left.")[1] == (
        "The following year",
        "DATE",
        "2010",
    )
    assert found("At that time, the town was calm.") == [("that time", "DATE", "PAST_REF")]
    assert found("The troops left the day after.", None) == [("the day after", "DATE", "XXXX-XX-XX")]


def test_the_previous_and_the_last_week() -> None:
    assert found("The envoy came on 3 May 2021. He had met the rebels the previous week.")[1] == (
        "the previous week",
        "DATE",
        "2021-W17",
    )
    assert found("Prices rose over the last week.") == [("the last week", "DURATION", "P1W")]
    assert found("Prices will rise over the next year.") == [("the next year", "DURATION", "P1Y")]


def test_present_speech_keeps_the_publication_day() -> None:
    assert found('"The bridge opens tomorrow," the governor says.') == [("tomorrow", "DATE", "2024-09-21")]


def test_speech_day_must_be_in_the_same_sentence() -> None:
    text = '"The bridge opens tomorrow." The governor spoke. Officials said on 2 May 2023 that it was shut.'
    assert found(text)[0] == ("tomorrow", "DATE", "2024-09-21")


def test_a_short_range_only_counts_forwards() -> None:
    assert found("It ran in 1983-82.") == [("1983", "DATE", "1983")]
    assert found("It ran in 1983-1985.") == [("1983", "DATE", "1983"), ("1985", "DATE", "1985")]


def test_story_of_values() -> None:
    assert Story.of("2016-05-12T09:30") == Story(date(2016, 5, 12), "D", "2016-05-12T09:30")
    assert Story.of("2016-05") == Story(date(2016, 5, 1), "M", "2016-05")
    assert Story.of("P3D") is None
    assert Story.of("2016-02-30") is None


WORDS = ['"', "\u201c", "\u201d", "said", "told", "that", "same", "time", "the", "day", "after", "before", "next"]
WORDS += ["following", "night", "March", "2009", "1983", "-", "84", "fiscal", "FY21", "twice", "a", "week", "each"]
WORDS += ["winter", "old", "aged", "walk", "than", "later", "09:30", "2:14:05", "GMT", "Friday", "Today", ",", "of"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), anchor=st.one_of(st.none(), st.dates()))
def test_never_raises_and_offsets_hold(text: str, anchor: date | None) -> None:
    for dv in find_dates(text, anchor):
        assert text[dv.start : dv.end] == dv.text
        assert dv.type in ("DATE", "TIME", "DURATION", "SET")
        assert dv.value
