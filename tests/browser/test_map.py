"""The map page in a real browser: Playwright driving Debian's chromium over the API served on 127.0.0.1.

The page loads the stored events, the filters change the markers and the table rows, a row or a marker shows the
event's evidence inside its sentence and the article link, a place shows its control timeline; no request leaves
127.0.0.1. Screenshots are written to the test's temporary folder (its path is printed).
"""

import contextlib
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn

from dateline.api.app import create_app
from dateline.model import Article, Event, Evidence, Mention, Span
from dateline.store import Store

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make test installs it)")
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (make test installs Debian's)")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip

MOSUL = "MOSUL, Iraq - An air strike hit a market in Mosul on Monday, killing four people. IS seized Tal Afar."
GAO = "GAO, Mali - Jihadists clashed with soldiers near Gao on Saturday. Rebels took Gao in 2012."
ADEN = "ADEN - Hundreds protested in Aden on Sunday against power cuts."


def _span(text: str, part: str, field: str, article: str) -> Evidence:
    start = text.index(part, 10)
    return Evidence(article, field, start, start + len(part), part)


def _events() -> dict[str, tuple[Article, list[Mention], list[Event]]]:
    """Three articles, six events: two in Iraq (one a control change), three in Mali (one dated to its year only,
    one without coordinates), one in Yemen."""
    iraq = dict(country="Iraq", iso3="IRQ", event_type="Explosions/Remote violence")
    mali = dict(country="Mali", iso3="MLI", event_type="Battles", actor1="JNIM", actor2="Military Forces of Mali")
    strike = Event(
        "mosul-1#1", "mosul-1", event_date="2024-05-06", time_precision=1, sub_event_type="Air/drone strike",
        location="Mosul", latitude=36.34, longitude=43.13, fatalities=4, **iraq,
        evidence=[_span(MOSUL, "Mosul", "location", "mosul-1"), _span(MOSUL, "four", "fatalities", "mosul-1")],
    )  # fmt: skip
    seized = Event(
        "mosul-1#2", "mosul-1", event_date="2024-05-01", time_precision=2, event_type="Strategic developments",
        sub_event_type="Non-state actor overtakes territory", actor1="Islamic State", country="Iraq", iso3="IRQ",
        location="Tal Afar", geonameid=7_000_001, latitude=36.37, longitude=42.45,
        control_change={"place": "Tal Afar", "from": "Military Forces of Iraq", "to": "Islamic State"},
        evidence=[_span(MOSUL, "Tal Afar", "location", "mosul-1")],
    )  # fmt: skip
    clash = Event(
        "gao-1#1", "gao-1", event_date="2024-05-04", time_precision=1, sub_event_type="Armed clash",
        location="Gao", latitude=16.27, longitude=-0.04, evidence=[_span(GAO, "Gao", "location", "gao-1")], **mali,
    )  # fmt: skip
    taken = Event(
        "gao-1#2", "gao-1", event_date="2012-01-01", time_precision=4, sub_event_type="Armed clash",
        location="Gao", latitude=16.27, longitude=-0.04, evidence=[_span(GAO, "2012", "event_date", "gao-1")], **mali,
    )  # fmt: skip
    nowhere = Event(
        "gao-1#3", "gao-1", event_date="2024-05-04", time_precision=1, sub_event_type="Armed clash",
        evidence=[_span(GAO, "soldiers", "actor2", "gao-1")], **mali,
    )  # fmt: skip
    protest = Event(
        "aden-1#1", "aden-1", event_date="2024-05-05", time_precision=1, event_type="Protests",
        sub_event_type="Peaceful protest", actor1="Protesters (Yemen)", country="Yemen", iso3="YEM", location="Aden",
        latitude=12.78, longitude=45.04, evidence=[_span(ADEN, "Aden", "location", "aden-1")],
    )  # fmt: skip
    sentence = Span(14, 81, MOSUL[14:81])
    mention = Mention(
        "mosul-1", sentence, Span(20, 26, "strike"), "Explosions/Remote violence", "Air/drone strike",
        event_id="mosul-1#1",
    )  # fmt: skip
    return {
        "mosul-1": (Article("mosul-1", MOSUL, url="https://example.org/mosul-1", title="Strike hits Mosul"), [mention],
                    [strike, seized]),
        "gao-1": (Article("gao-1", GAO, url="https://example.org/gao-1"), [], [clash, taken, nowhere]),
        "aden-1": (Article("aden-1", ADEN), [], [protest]),
    }  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API over a store of the events above, served by uvicorn on 127.0.0.1 (a free port) in a thread."""
    db = tmp_path_factory.mktemp("browser") / "map.duckdb"
    with Store(db) as store:
        for article, mentions, events in _events().values():
            store.add(article, mentions, events)
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.02)
    port = running.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium with a fresh profile, offline apart from 127.0.0.1."""
    with playwright.sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=ARGS, viewport={"width": 1400, "height": 900}
        )
        yield context
        context.close()


@pytest.fixture
def page(browser: object, server: str, tmp_path: Path) -> Iterator[object]:
    """The map page, loaded; afterwards, every request it made went to 127.0.0.1 and a screenshot is kept."""
    hosts: list[str] = []
    page = browser.new_page()  # type: ignore[attr-defined]
    page.on("request", lambda r: hosts.append(urlsplit(r.url).hostname or r.url))
    page.goto(server)
    page.wait_for_function("document.getElementById('status').textContent.includes('on the map')")
    yield page
    page.screenshot(path=tmp_path / "page.png")
    print(f"screenshots: {tmp_path}")
    page.close()
    assert hosts and set(hosts) == {"127.0.0.1"}, hosts


def texts(page: object, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "(nodes) => nodes.map((n) => n.textContent)")  # type: ignore[attr-defined]


def status(page: object) -> str:
    return page.inner_text("#status")  # type: ignore[attr-defined]


DRAWN = (
    "document.querySelectorAll('.leaflet-marker-pane .dot').length + [...document.querySelectorAll("
    "'.marker-cluster span')].reduce((n, s) => n + Number(s.textContent), 0)"
)


def markers(page: object, expected: int) -> int:
    """The events the map draws, single markers and the events each cluster stands for, once they are ``expected``
    (the map may be moving to its new bounds) or after 5 s."""
    with contextlib.suppress(playwright.TimeoutError):
        page.wait_for_function(f"({DRAWN}) === {expected}", timeout=5_000)  # type: ignore[attr-defined]
    return page.evaluate(DRAWN)  # type: ignore[attr-defined]


def rows(page: object) -> list[list[str]]:
    """The table's rows, as their cells: date, type, actors, location, deaths."""
    return page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('#rows-list .row')].map((r) => [...r.children].map((c) => c.textContent))"
    )


def test_the_page_loads_every_event_and_says_what_is_drawn(page: object) -> None:
    assert status(page) == "5 on the map, 1 without coordinates (6 of 6 events)"
    assert markers(page, 5) == 5 and len(rows(page)) == 6
    assert [r[0] for r in rows(page)][:2] == ["2012", "2024-05-01"]  # a year-only date shows its year only
    assert "1 event dated to a year only" in page.inner_text("#timeline-note")  # type: ignore[attr-defined]
    ticks = texts(page, "#timeline text")
    assert len(ticks) == 8 and all(t.startswith("2024-05-") for t in ticks[:7])  # 2012 does not stretch the axis


def test_filters_change_the_markers_and_the_rows(page: object, tmp_path: Path) -> None:
    page.select_option("#country", "Mali")  # type: ignore[attr-defined]
    assert status(page) == "2 on the map, 1 without coordinates (3 of 6 events)"
    assert markers(page, 2) == 2 and len(rows(page)) == 3
    page.screenshot(path=tmp_path / "mali.png")  # type: ignore[attr-defined]
    page.select_option("#country", "")  # type: ignore[attr-defined]
    page.select_option("#type", "Explosions/Remote violence")  # type: ignore[attr-defined]
    assert markers(page, 1) == 1 and len(rows(page)) == 1
    page.click("#reset")  # type: ignore[attr-defined]
    page.fill("#actor", "islamic")  # type: ignore[attr-defined]
    page.dispatch_event("#actor", "change")  # type: ignore[attr-defined]
    assert markers(page, 1) == 1 and [r[1] for r in rows(page)] == ["Non-state actor overtakes territory"]
    page.fill("#actor", "")  # type: ignore[attr-defined]
    page.select_option("#sub", "Armed clash")  # type: ignore[attr-defined]
    assert status(page) == "2 on the map, 1 without coordinates (3 of 6 events)"
    page.click("#reset")  # type: ignore[attr-defined]
    page.fill("#from", "2024-05-05")  # type: ignore[attr-defined]
    assert markers(page, 2) == 2 and len(rows(page)) == 2


def test_a_row_shows_its_marker_with_the_evidence_in_its_sentence_and_the_article_link(
    page: object, tmp_path: Path
) -> None:
    page.locator("#rows-list .row", has_text="Air/drone strike").click()  # type: ignore[attr-defined]
    popup = page.locator(".leaflet-popup-content")  # type: ignore[attr-defined]
    popup.locator("a.article").wait_for()
    assert popup.locator("a.article").get_attribute("href") == "https://example.org/mosul-1"
    quotes = popup.locator("ul.evidence li").all_inner_texts()
    assert "location: “An air strike hit a market in Mosul on Monday, killing four people.”" in quotes
    assert popup.locator("mark").all_inner_texts() == ["Mosul", "four"]
    assert page.locator(".row.selected").inner_text().startswith("2024-05-06")  # type: ignore[attr-defined]
    page.screenshot(path=tmp_path / "popup.png")  # type: ignore[attr-defined]


def test_a_marker_selects_its_row_and_shows_the_control_of_its_place(page: object) -> None:
    page.select_option("#country", "Yemen")  # type: ignore[attr-defined]
    page.locator(".leaflet-marker-pane .dot").click()  # type: ignore[attr-defined]
    page.locator(".leaflet-popup-content mark").wait_for()  # type: ignore[attr-defined]
    assert "Peaceful protest" in page.inner_text(".row.selected")  # type: ignore[attr-defined]
    assert "no URL stored" in page.inner_text(".leaflet-popup-content")  # type: ignore[attr-defined]
    # the control timeline is fetched after the click: wait for it rather than read it at once
    page.wait_for_function("document.querySelector('#control h2').textContent === 'No recorded control of Aden'")  # type: ignore[attr-defined]
    page.select_option("#country", "Iraq")  # type: ignore[attr-defined]
    page.locator("#rows-list .row", has_text="overtakes").click()  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('#control h2').textContent === 'Control of Tal Afar'")  # type: ignore[attr-defined]
    titles = texts(page, "#control rect.interval title")
    assert titles == ["Military Forces of Iraq: … to 2024-05-01", "Islamic State: 2024-05-01 to …"]


def test_an_event_without_coordinates_shows_in_the_panel(page: object) -> None:
    page.locator("#rows-list .row.unlocated").click()  # type: ignore[attr-defined]
    page.locator("#detail mark").wait_for()  # type: ignore[attr-defined]
    assert page.locator("#detail mark").inner_text() == "soldiers"  # type: ignore[attr-defined]
    assert page.locator("#detail a.article").get_attribute("href") == "https://example.org/gao-1"  # type: ignore[attr-defined]
