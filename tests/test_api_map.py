"""What the map page reads: the compact columns of /api/map, and /api/evidence (the article link, each evidence span
inside its sentence)."""

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from dateline.api.app import WINDOW, MapColumns, create_app, quote
from dateline.model import Article, Event, Evidence, Mention, Span
from dateline.store import Store

TEXT = "MOSUL, Iraq - An air strike hit a market in Mosul on Monday. Four people died.\nIS seized Tal Afar."
SENTENCE = Span(14, 60, TEXT[14:60])


def _span(part: str, field: str, article: str = "m") -> Evidence:
    start = TEXT.index(part, 10)
    return Evidence(article, field, start, start + len(part), part)


def _events() -> list[Event]:
    base = Event(
        "m#1", "m", event_date="2024-05-06", time_precision=1, event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike", country="Iraq", iso3="IRQ", location="Mosul", latitude=36.34,
        longitude=43.13, fatalities=4, evidence=[_span("Mosul", "location"), _span("Four", "fatalities")],
    )  # fmt: skip
    return [
        base,
        replace(base, event_id="m#2", event_date="2023-01-01", time_precision=4, location="Tal Afar", latitude=None,
                longitude=None, evidence=[_span("Tal Afar", "location"), Evidence("m", "actor1", 0, 3, "IS")]),
        replace(base, event_id="m#3", event_date=None, evidence=[]),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("map") / "t.duckdb"
    mention = Mention("m", SENTENCE, Span(21, 27, "strike"), "Explosions/Remote violence", "Air/drone strike",
                      event_id="m#1")  # fmt: skip
    with Store(db) as store:
        store.add(Article("m", TEXT, url="https://example.org/m", title="Strike hits Mosul"), [mention], _events())
    return TestClient(create_app(db), base_url="http://localhost")


def test_map_columns_are_the_events_fields_in_the_events_order(client: TestClient) -> None:
    body = client.get("/api/map").json()
    columns, events = body["columns"], client.get("/api/events").json()["events"]
    assert body["next"] is None and list(columns) == list(MapColumns.model_fields)
    for name, values in columns.items():
        assert values == [e[name] for e in events], name
    assert columns["event_id"] == ["m#2", "m#1", "m#3"] and columns["latitude"] == [None, 36.34, 36.34]
    assert "evidence" not in columns


def test_map_pages_and_filters_as_the_events_do(client: TestClient) -> None:
    first = client.get("/api/map", params={"limit": 2}).json()
    assert first["columns"]["event_id"] == ["m#2", "m#1"] and first["next"] == "2024-05-06,m#1"
    rest = client.get("/api/map", params={"limit": 2, "cursor": first["next"]}).json()
    assert rest["columns"]["event_id"] == ["m#3"] and rest["next"] is None
    assert client.get("/api/map", params={"since": "2024-01-01"}).json()["columns"]["event_id"] == ["m#1"]
    assert client.get("/api/map", params={"country": "Mali"}).json()["columns"]["event_id"] == []
    assert client.get("/api/map", params={"limit": 0}).status_code == 422


def test_evidence_in_its_stored_sentence_with_the_article_link(client: TestClient) -> None:
    body = client.get("/api/evidence/m%231").json()
    assert (body["url"], body["title"], body["article_id"]) == ("https://example.org/m", "Strike hits Mosul", "m")
    location, deaths = body["quotes"]
    # the mention's sentence: the dateline before it is no part of it, nor the next sentence
    assert (location["before"], location["text"], location["after"]) == ("An air strike hit a market in ", "Mosul",
                                                                          " on Monday.")  # fmt: skip
    assert (deaths["before"], deaths["after"]) == ("", " people died.")  # no stored sentence: up to the line break
    assert {location["start"], location["end"]} == {TEXT.index("Mosul", 10), TEXT.index("Mosul", 10) + 5}


def test_a_span_not_at_its_offsets_comes_without_context(client: TestClient) -> None:
    tal_afar, moved = client.get("/api/evidence/m%232").json()["quotes"]
    assert (tal_afar["before"], tal_afar["after"]) == ("IS seized ", ".")
    assert (moved["text"], moved["before"], moved["after"]) == ("IS", "", "")  # TEXT[0:3] is "MOS"
    assert client.get("/api/evidence/m%233").json()["quotes"] == []
    missing = client.get("/api/evidence/none%231")
    assert missing.status_code == 404 and missing.json() == {"detail": "no event 'none#1'"}


def test_the_page_loads_the_compact_form(client: TestClient) -> None:
    script = client.get("/static/app.js").text
    assert "/api/map?limit=10000" in script and "/api/evidence/" in script and "markerClusterGroup" in script


@given(
    text=st.text(st.sampled_from("ab .!?\n\"'”)"), max_size=800),
    a=st.integers(0, 800),
    n=st.integers(0, 20),
)
def test_a_quote_is_the_text_around_the_span_within_its_window(text: str, a: int, n: int) -> None:
    start = min(a, len(text))
    end = min(start + n, len(text))
    before, after = quote(text, start, end)
    assert text[start - len(before) : start] == before and text[end : end + len(after)] == after
    assert len(before) <= WINDOW and len(after) <= WINDOW
    assert "\n" not in before + after  # a line break ends a sentence


@given(text=st.text(max_size=200), data=st.data())
def test_a_quote_keeps_to_the_stored_sentence_that_holds_the_span(text: str, data: st.DataObject) -> None:
    s0 = data.draw(st.integers(0, len(text)))
    s1 = data.draw(st.integers(s0, len(text)))
    start = data.draw(st.integers(s0, s1))
    end = data.draw(st.integers(start, s1))
    before, after = quote(text, start, end, [(s0, s1)])
    assert before == text[s0:start].lstrip() and after == text[end:s1].rstrip()
