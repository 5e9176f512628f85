"""Where the publication date comes from when the document has no field for it: the URL, the dateline, or the
day the user gives; every URL and dateline here is written for its test."""

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.ingest import parse
from dateline.ingest.metadata import published_in_url


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://news.example.org/2016/03/07/rebels-take-town/", date(2016, 3, 7)),
        ("http://example.com/2010/WORLD/06/25/clashes.in.the.north/index.html", date(2010, 6, 25)),
        ("https://example.co.uk/world/2019/jun/02/strike-kills-nine", date(2019, 6, 2)),
        ("https://example.net/2008apr19/airstrike_kills_four.html", date(2008, 4, 19)),
        ("https://example.com/news/ct-xpm-2012-07-09-rebels-withdraw-story.html", date(2012, 7, 9)),
        ("https://example.com/Africa/News/bomber-kills-four-20120415", date(2012, 4, 15)),
        ("https://example.com/english/clashes_07032016", date(2016, 3, 7)),
    ],
)
def test_a_url_path_dates_the_document(url: str, day: date) -> None:
    assert published_in_url(url) == day


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/article/rebels-seize-town-14189702.php",  # an article number, not a date
        "https://example.com/spip.php?article70152&date=20120415",  # the query is not read
        "https://example.com/2019/news/index.html",  # a year alone
        "https://20120415.example.com/story",  # nor the host
    ],
)
def test_numbers_that_are_no_date_do_not_date_it(url: str) -> None:
    assert published_in_url(url) is None


@given(st.text())
def test_any_url_gives_a_date_or_none(url: str) -> None:
    day = published_in_url(url)
    assert day is None or 1990 <= day.year <= date.today().year + 1


def _one(line: dict, published: date | None = None):
    [article] = list(parse(json.dumps(line), "docs.jsonl", "jsonl", published))
    return article


def test_the_document_field_beats_the_url_and_the_url_beats_the_given_day() -> None:
    url = "https://example.org/2016/03/07/story"
    assert _one({"id": "a", "text": "Gunmen attacked a bus.", "url": url, "published": "2016-03-09"}).published == (
        date(2016, 3, 9)
    )
    from_url = _one({"id": "a", "text": "Gunmen attacked a bus.", "url": url}, date(2020, 1, 1))
    assert (from_url.published, from_url.published_source) == (date(2016, 3, 7), "url")
    given_day = _one({"id": "a", "text": "Gunmen attacked a bus."}, date(2020, 1, 1))
    assert (given_day.published, given_day.published_source) == (date(2020, 1, 1), "given")


@pytest.mark.parametrize(
    ("text", "place", "wire"),
    [
        ("NIAMEY: Gunmen killed five soldiers on Monday.", "Niamey", None),
        ("Dushanbe. 3 June. Interfax/ Border guards clashed with smugglers.", "Dushanbe", "Interfax"),
        ("KABUL, Afghanistan (AP) — A bomb exploded near a school.", "Kabul", "Associated Press"),
        ("AFP - Gunmen killed five people in Kidal on Monday.", None, "Agence France-Presse"),
        ("REUTERS - Troops retook the town on Sunday.", None, "Reuters"),
    ],
)
def test_datelines_in_the_forms_wire_copy_uses(text: str, place: str | None, wire: str | None) -> None:
    [article] = list(parse(text, "a.txt", "text"))
    assert (article.dateline, article.wire) == (place, wire)
    assert article.dateline_prefix is not None  # never read as part of the first sentence
