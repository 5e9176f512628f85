"""attach: the date that governs an event trigger's clause, by the dependency parse."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.dates import attach, find_dates
from dateline.nlp import parse

ANCHOR = date(2018, 5, 13)


def attached(text: str, trigger: str) -> str | None:
    doc = parse(text)
    dates = find_dates(text, ANCHOR)
    i = next(t.i for t in doc if t.text == trigger)
    dv = attach(doc, i, dates)
    return None if dv is None else dv.text


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Rebels stormed the airport yesterday, ending a four-week standoff.", "stormed", "yesterday"),
        (
            "It was the second setback this month, which last Thursday saw insurgents overrun the base.",
            "overrun",
            "last Thursday",
        ),
        (
            "The army had captured the village on May 2, which it had lost in March last year.",
            "captured",
            "May 2",
        ),
        (
            "The army had captured the village on May 2, which it had lost in March last year.",
            "lost",
            "March last year",
        ),
        ("On Friday, gunmen ambushed a convoy near the river.", "ambushed", "Friday"),
        ("Police said the bombing on Tuesday killed four people.", "killed", "Tuesday"),
        ("Troops shelled the district. Residents fled on Monday.", "shelled", None),
        ("Troops shelled the district for three weeks.", "shelled", None),
    ],
)
def test_attach(text: str, trigger: str, expected: str | None) -> None:
    assert attached(text, trigger) == expected


def test_never_from_another_sentence() -> None:
    text = "Militants seized the checkpoint. The town had fallen on April 30."
    assert attached(text, "seized") is None
    assert attached(text, "fallen") == "April 30"
