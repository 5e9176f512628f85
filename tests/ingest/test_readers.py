import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import FIXTURES

import dateline
from dateline import ingest
from dateline.model import Article, Rejected


def one(name: str) -> Article:
    items = list(ingest.read([FIXTURES / name]))
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def test_plain_text_metadata() -> None:
    a = one("aden.txt")
    assert a.title == "Separatists push government troops out of Aden port district"
    assert a.published == date(2022, 5, 14) and a.published_source == "text"
    assert a.text[a.published_span.start : a.published_span.end].startswith("appeared in the print edition")
    assert a.dateline == "Aden" and a.text[a.dateline_span.start : a.dateline_span.end] == "ADEN"
    assert a.wire == "Reuters" and a.publisher == "The Gulf Ledger"


def test_captions_apart_from_body() -> None:
    a = one("aden.txt")
    assert len(a.captions) == 2 and all("keeps watch" in c for c in a.captions)
    assert "keeps watch" not in a.body
    assert "Telegram" not in a.body and "print edition" not in a.body and "REUTERS" not in a.body
    assert a.body.startswith("ADEN • Southern separatist fighters")


def test_html_drops_boilerplate_and_keeps_captions() -> None:
    a = one("mogadishu.html")
    assert a.title == "Car bomb kills seven in Mogadishu"
    assert a.published == date(2021, 8, 9) and a.published_source == "meta"
    assert a.publisher == "Horn Daily" and a.wire == "Associated Press" and a.dateline == "Mogadishu"
    assert a.captions == ["Smoke rises above a street in Mogadishu after the blast. PHOTO: ASSOCIATED PRESS"]
    for junk in ("cookies", "Most read", "Copyright", "Sport"):
        assert junk not in a.body


def test_feed_entries_are_articles() -> None:
    items = list(ingest.read([FIXTURES / "feed.xml"]))
    assert [a.url for a in items] == [
        "https://example.org/briefs/kherson-depot",
        "https://example.org/briefs/goma-curfew",
    ]
    assert items[0].published == date(2023, 3, 14) and items[0].published_source == "feed"
    assert items[0].title == "Drone strike hits fuel depot in Kherson"
    assert "<p>" not in items[0].text and "No casualties were reported." in items[0].body


def test_jsonl_keeps_good_lines_and_names_bad_ones() -> None:
    items = list(ingest.read([FIXTURES / "docs.jsonl"]))
    good = [i for i in items if isinstance(i, Article)]
    bad = {i.source: i.reason for i in items if isinstance(i, Rejected)}
    assert [a.id for a in good] == ["kano-1", "maiduguri-2"]
    assert good[0].published == date(2023, 2, 8) and good[0].published_source == "document"
    assert good[0].url == "https://example.org/kano-1" and good[0].title == "Police disperse protest in Kano"
    assert "published must be a YYYY-MM-DD date" in bad[f"{FIXTURES / 'docs.jsonl'}:2"]
    assert "not valid JSON" in bad[f"{FIXTURES / 'docs.jsonl'}:3"]
    assert 'missing or empty "text"' in bad[f"{FIXTURES / 'docs.jsonl'}:4"]


def test_jsonl_text_is_never_rewritten() -> None:
    a = one_jsonl = next(i for i in ingest.read([FIXTURES / "docs.jsonl"]) if isinstance(i, Article))
    assert one_jsonl.text.startswith("KANO, Nigeria - Police fired tear gas")
    assert a.dateline == "Kano"


def test_folder_walk_survives_a_broken_file() -> None:
    items = list(ingest.read([FIXTURES]))
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert any(r.source.endswith("latin1.txt") and r.reason == "not UTF-8 text" for r in rejected)
    assert sum(isinstance(i, Article) for i in items) == 8


def test_missing_file_is_rejected(tmp_path) -> None:
    [r] = list(ingest.read([tmp_path / "nope.txt"]))
    assert isinstance(r, Rejected) and r.reason == "no such file or directory"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "s1", "text": "Rebels shelled Goma on Friday."}\n'))
    [a] = list(ingest.read(["-"]))
    assert a.id == "s1" and a.published is None


@given(st.text(max_size=400))
def test_any_text_reads_or_is_rejected(text: str) -> None:
    for item in ingest.parse(text, "fuzz.txt", "text"):
        if isinstance(item, Article):
            for s in item.sections:
                assert 0 <= s.start <= s.end <= len(item.text)
            if item.dateline_span:
                span = item.dateline_span
                assert item.text[span.start : span.end] == span.text
        else:
            assert item.reason


def test_wire_from_byline() -> None:
    text = "Clashes near Tal Afar\n\nBy Sara Haddad, Reuters\n\nIraqi troops clashed with gunmen on Monday.\n"
    [a] = list(ingest.parse(text, "byline.txt", "text"))
    assert a.wire == "Reuters" and a.title == "Clashes near Tal Afar"


def test_atom_entries_are_articles() -> None:
    [a] = list(ingest.read([FIXTURES / "atom.xml"]))
    assert a.url == "https://example.org/sahel/djibo-herders" and a.publisher == "Sahel Monitor"
    assert a.published == date(2023, 6, 2) and a.published_source == "feed"
    assert a.body == "Gunmen killed four herders near Djibo on Thursday, local officials said."


def test_files_of_one_name_in_two_folders_are_two_articles(tmp_path: Path) -> None:
    for folder, text in (("north", "Gunmen killed two herders near Gao on Monday."), ("south", "Troops clashed.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text)
    (tmp_path / "report.html").write_text("<html><body><p>Police fired tear gas in Kano.</p></body></html>")
    ids = [a.id for a in dateline.read([tmp_path]) if isinstance(a, Article)]
    assert sorted(ids) == ["north/report", "report", "south/report"]
    assert [a.id for a in dateline.read([tmp_path / "north" / "report.txt"])] == ["report"]  # named on its own
