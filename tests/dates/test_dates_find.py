"""find_dates: span, type and TIMEX3 value on sentences written here."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.dates import find_dates

SUN = date(2019, 3, 10)  # a Sunday
WED = date(2021, 6, 16)  # a Wednesday


def found(text: str, anchor: date | None) -> list[tuple[str, str, str]]:
    out = find_dates(text, anchor)
    for dv in out:
        assert text[dv.start : dv.end] == dv.text
    return [(dv.text, dv.type, dv.value) for dv in out]


CASES = [
    # absolute dates in news formats
    ("Talks opened on Nov 3 in the capital.", SUN, [("Nov 3", "DATE", "2018-11-03")]),
    ("The truce began on 2 March 2019.", SUN, [("2 March 2019", "DATE", "2019-03-02")]),
    ("Fighting resumed on Feb. 27, 2019, officials said.", SUN, [("Feb. 27, 2019", "DATE", "2019-02-27")]),
    ("The vote is set for 2019-04-14.", SUN, [("2019-04-14", "DATE", "2019-04-14")]),
    ("The camp was built in September 2014.", SUN, [("September 2014", "DATE", "2014-09")]),
    ("The dam was finished in 1987.", SUN, [("1987", "DATE", "1987")]),
    ("The region was calm in the 1970s.", SUN, [("the 1970s", "DATE", "197X")]),
    ("Unrest spread in the late 1990s.", SUN, [("the late 1990s", "DATE", "199X")]),
    ("It was the 3rd of March when the shelling stopped.", SUN, [("the 3rd of March", "DATE", "2019-03-03")]),
    ("Aid arrived on March 4th.", SUN, [("March 4th", "DATE", "2019-03-04")]),
    ("The army withdrew on Friday, March 8.", SUN, [("Friday, March 8", "DATE", "2019-03-08")]),
    ("The pact expired on Dec. 31.", SUN, [("Dec. 31", "DATE", "2018-12-31")]),
    ("Most fighters left in mid-2017.", SUN, [("mid-2017", "DATE", "2017")]),
    ("The road reopened in mid-February.", SUN, [("mid-February", "DATE", "2019-02")]),
    ("Villagers returned in May after the rains.", SUN, [("May", "DATE", "2018-05")]),
    ("Theresa May met envoys.", SUN, []),
    # relative days, weeks, months and years
    ("The convoy was hit yesterday near the border.", SUN, [("yesterday", "DATE", "2019-03-09")]),
    ("Schools reopened today.", SUN, [("today", "DATE", "2019-03-10")]),
    ("The envoy arrives tomorrow.", SUN, [("tomorrow", "DATE", "2019-03-11")]),
    ("Shells fell on the market three days ago.", SUN, [("three days ago", "DATE", "2019-03-07")]),
    ("The fort changed hands a week ago.", SUN, [("a week ago", "DATE", "2019-W09")]),
    ("The militia was formed two years ago.", SUN, [("two years ago", "DATE", "2017")]),
    ("Prices had doubled a year earlier.", SUN, [("a year earlier", "DATE", "2018")]),
    ("Dozens were arrested last week.", SUN, [("last week", "DATE", "2019-W09")]),
    ("Observers will visit next week.", SUN, [("next week", "DATE", "2019-W11")]),
    ("The curfew was lifted earlier this month.", SUN, [("earlier this month", "DATE", "2019-03")]),
    ("The offensive stalled late last year.", SUN, [("late last year", "DATE", "2018")]),
    ("Mediators hope for a deal by the end of the year.", SUN, [("the end of the year", "DATE", "2019")]),
    ("The fund will be wound up by year-end.", SUN, [("year-end", "DATE", "2019")]),
    ("Elections are planned for next year.", SUN, [("next year", "DATE", "2020")]),
    ("The bridge collapsed in June last year.", SUN, [("June last year", "DATE", "2018-06")]),
    ("Raids increased in recent years.", SUN, [("recent years", "DURATION", "PXY")]),
    ("The ministry recently admitted the losses.", SUN, [("recently", "DATE", "PAST_REF")]),
    ("The town is now under army control.", SUN, [("now", "DATE", "PRESENT_REF")]),
    ("About 40 families currently live there.", SUN, [("currently", "DATE", "PRESENT_REF")]),
    ("Output fell in the fourth quarter.", SUN, [("the fourth quarter", "DATE", "2018-Q4")]),
    ("Revenue rose in the first quarter.", SUN, [("the first quarter", "DATE", "2019-Q1")]),
    ("The plan covers the second half of 2020.", SUN, [("the second half of 2020", "DATE", "2020-H2")]),
    ("Spending fell in fiscal 2018.", SUN, [("fiscal 2018", "DATE", "FY2018")]),
    ("The river flooded last spring.", WED, [("last spring", "DATE", "2021-SP")]),
    ("Harvests failed in the summer of 2016.", WED, [("the summer of 2016", "DATE", "2016-SU")]),
    ("Troops will pull out this autumn.", WED, [("this autumn", "DATE", "2021-FA")]),
    ("Protests spread over the weekend.", WED, [("the weekend", "DATE", "2021-W23-WE")]),
    # parts of the day
    ("Sirens sounded this morning.", SUN, [("this morning", "TIME", "2019-03-10TMO")]),
    ("Gunfire was heard last night.", SUN, [("last night", "TIME", "2019-03-09TNI")]),
    ("A curfew starts tonight.", SUN, [("tonight", "TIME", "2019-03-10TNI")]),
    ("The strike came on Thursday evening.", SUN, [("Thursday evening", "TIME", "2019-03-07TEV")]),
    ("The clash began yesterday afternoon.", SUN, [("yesterday afternoon", "TIME", "2019-03-09TAF")]),
    ("The blast hit at 7:45 a.m. near the mosque.", SUN, [("7:45 a.m.", "TIME", "2019-03-10T07:45")]),
    # durations
    ("It ended a two-month blockade.", SUN, [("two-month", "DURATION", "P2M")]),
    ("The hostages were held for 40 days.", SUN, [("40 days", "DURATION", "P40D")]),
    ("The siege has lasted for months.", SUN, [("months", "DURATION", "PXM")]),
    ("Tensions have simmered for decades.", SUN, [("decades", "DURATION", "PXDE")]),
    ("Shelling intensified over the past three days.", SUN, [("the past three days", "DURATION", "P3D")]),
    ("Rains have fallen over the past week.", SUN, [("the past week", "DURATION", "P1W")]),
    ("The ban lasted a year and a half.", SUN, [("a year and a half", "DURATION", "P1.5Y")]),
    ("Nearly 48 hours of calm followed.", SUN, [("48 hours", "DURATION", "PT48H")]),
    ("The talks took several weeks.", SUN, [("several weeks", "DURATION", "PXW")]),
    ("It was a twelve-year war.", SUN, [("twelve-year", "DURATION", "P12Y")]),
    ("He ruled for more than three decades.", SUN, [("more than three decades", "DURATION", "P3DE")]),
    ("Fighters were released 30 days later.", SUN, [("30 days", "DURATION", "P30D")]),
    # ranges and sets
    ("The camp was open between 2012 and 2014.", SUN, [("2012", "DATE", "2012"), ("2014", "DATE", "2014")]),
    ("Vigils are held every Friday.", SUN, [("every Friday", "SET", "XXXX-WXX-5")]),
    ("The council meets weekly.", SUN, [("weekly", "SET", "P1W")]),
    ("Markets close on Sundays.", SUN, [("Sundays", "SET", "XXXX-WXX-7")]),
    ("Patrols pass every two days.", SUN, [("every two days", "SET", "P2D")]),
    ("The budget is reviewed annually.", SUN, [("annually", "SET", "P1Y")]),
    # no anchor: relative expressions stay underspecified
    ("Rebels took the base on March 3.", None, [("March 3", "DATE", "XXXX-03-03")]),
    ("Rebels took the base on Tuesday.", None, [("Tuesday", "DATE", "XXXX-WXX-2")]),
    ("Rebels took the base yesterday.", None, [("yesterday", "DATE", "XXXX-XX-XX")]),
    ("Rebels took the base last month.", None, [("last month", "DATE", "XXXX-XX")]),
    ("Rebels took the base in 2014.", None, [("2014", "DATE", "2014")]),
    # things that are not dates
    ("The march on the capital drew 2,000 people.", SUN, []),
    ("Prices may fall after the fall of the city.", SUN, []),
    ("He paid $1999 for 1500 rounds, a 2015% rise.", SUN, []),
]


@pytest.mark.parametrize(("text", "anchor", "expected"), CASES)
def test_find_dates(text: str, anchor: date | None, expected: list[tuple[str, str, str]]) -> None:
    assert found(text, anchor) == expected


WEEKDAYS = [
    # past narrative: the latest such day, the anchor itself included
    ("Rebels shelled the port on Thursday.", "2019-03-07"),
    ("Rebels shelled the port on Sunday.", "2019-03-10"),
    ("The port was shelled last Sunday.", "2019-03-03"),
    ("Rebels shelled the port on Monday, residents said.", "2019-03-04"),
    # future: the next such day
    ("The ministers will meet on Thursday.", "2019-03-14"),
    ("Inspectors are due to arrive on Tuesday.", "2019-03-12"),
    ("The ministers meet next Sunday.", "2019-03-17"),
    ("The ministers said they would meet on Wednesday.", "2019-03-13"),
]


@pytest.mark.parametrize(("text", "value"), WEEKDAYS)
def test_weekday_tense(text: str, value: str) -> None:
    (dv,) = find_dates(text, SUN)
    assert (dv.type, dv.value) == ("DATE", value)


def test_month_day_tense() -> None:
    assert found("The envoy will return on Jan. 4.", date(2018, 12, 20)) == [("Jan. 4", "DATE", "2019-01-04")]
    assert found("The envoy returned on Dec. 18.", date(2019, 1, 2)) == [("Dec. 18", "DATE", "2018-12-18")]
    assert found("Parliament will sit again in April.", date(2019, 9, 1)) == [("April", "DATE", "2020-04")]


def test_modifiers_belong_to_the_span() -> None:
    text = "The group attacked late last month and again on Oct 1."
    spans = [dv.text for dv in find_dates(text, date(2017, 10, 22))]
    assert spans == ["late last month", "Oct 1"]


WORDS = ["May", "Oct", "last", "the", "past", "a", "ago", "2017", "31", "1st", "12:30", "1990s", "Friday"]
WORDS += ["week", "weeks", "half", "and", "of", "-", ".", ",", "'", "every", "third", "quarter", "1500", "pm"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=80), st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4))).map(" ".join)
    ),
    anchor=st.one_of(st.none(), st.dates()),
)
def test_never_raises_and_offsets_hold(text: str, anchor: date | None) -> None:
    for dv in find_dates(text, anchor):
        assert 0 <= dv.start < dv.end <= len(text)
        assert text[dv.start : dv.end] == dv.text
        assert dv.type in ("DATE", "TIME", "DURATION", "SET")
        assert dv.value


def test_clock_time_takes_the_day_beside_it() -> None:
    from datetime import date

    from dateline.dates import find_dates

    found = {d.text: d.value for d in find_dates("At 3 p.m. on Wednesday, crowds gathered.", date(1998, 2, 10))}
    assert found["3 p.m."] == "1998-02-04T15:00" and found["Wednesday"] == "1998-02-04"


def test_a_day_with_no_tense_cue_is_the_nearest_one() -> None:
    from datetime import date

    from dateline.dates import find_dates

    [found] = find_dates("The new law takes effect on 1 July.", date(2013, 3, 22))
    assert found.value == "2013-07-01"
    [found] = find_dates("The firm reported its results for the year ended Dec. 31.", date(2013, 3, 22))
    assert found.value == "2012-12-31"
