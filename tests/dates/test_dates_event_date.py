"""event_date: TIMEX3 values → ACLED event date and time_precision."""

from __future__ import annotations

import pytest

from dateline.dates import event_date
from dateline.model import DateValue


@pytest.mark.parametrize(
    ("type_", "value", "expected"),
    [
        ("DATE", "2019-03-09", ("2019-03-09", 1)),
        ("TIME", "2019-03-07TEV", ("2019-03-07", 1)),
        ("TIME", "2019-03-10T07:45", ("2019-03-10", 1)),
        ("DATE", "2019-W09", ("2019-02-25", 2)),
        ("DATE", "2021-W23-WE", ("2021-06-12", 2)),
        ("DATE", "2019-03-01/2019-03-04", ("2019-03-01", 2)),
        ("DATE", "2018-06", ("2018-06-01", 3)),
        ("DATE", "2018-Q4", ("2018-10-01", 3)),
        ("DATE", "2020-H2", ("2020-07-01", 3)),
        ("DATE", "2021-SP", ("2021-03-01", 3)),
        ("DATE", "2017", ("2017-01-01", 4)),
        ("DATE", "FY2018", ("2018-01-01", 4)),
        ("DATE", "FY2021-Q3", ("2021-07-01", 3)),
        ("DATE", "199X", None),
        ("DATE", "XXXX-03-03", None),
        ("DATE", "PAST_REF", None),
        ("DATE", "197", None),
        ("DURATION", "P3W", None),
        ("SET", "XXXX-WXX-5", None),
    ],
)
def test_event_date(type_: str, value: str, expected: tuple[str, int] | None) -> None:
    assert event_date(DateValue(0, 1, "x", type_, value)) == expected  # type: ignore[arg-type]
