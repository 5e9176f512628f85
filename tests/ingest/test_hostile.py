"""Hostile and unlucky inputs to the readers: feeds that name a URL or a path, markup nested past the parser's
default, JSON values of the wrong kind, and folders with loops, links, pipes and files of no known type."""

import json
import os
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from dateline import ingest
from dateline.ingest import Skipped
from dateline.model import Article, Rejected

FEED = (FIXTURES / "feed.xml").read_bytes()


@pytest.fixture
def feed_server() -> Iterator[tuple[str, list[str]]]:
    """A local server that answers every GET with a valid feed, and the paths it was asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(FEED)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()
    thread.join(10)


def _summary(items: list) -> list[tuple[str, str]]:
    return [(type(i).__name__, i.reason if isinstance(i, Rejected) else i.id) for i in items]


@pytest.mark.parametrize("suffix", [".xml", ".rss", ".atom"])
def test_a_feed_holding_a_url_is_never_fetched(tmp_path: Path, feed_server, suffix: str) -> None:
    base, asked = feed_server
    doc = tmp_path / f"address{suffix}"
    doc.write_text(f"{base}/feed{suffix}\n")
    [item] = list(ingest.read([doc]))
    assert isinstance(item, Rejected) and item.source == str(doc)
    assert item.reason.startswith("not a feed")
    assert asked == []
    with urllib.request.urlopen(f"{base}/check") as answer:  # the server would have answered
        assert answer.read() == FEED
    assert asked == ["/check"]


def test_a_feed_holding_a_path_is_never_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(FEED)  # a good feed: opened, it would give articles
    for content in (str(secret), secret.as_uri(), "/etc/passwd"):
        doc = tmp_path / "pointer.rss"
        doc.write_text(content)
        [item] = list(ingest.read([doc]))
        assert isinstance(item, Rejected) and item.reason.startswith("not a feed"), item


def test_a_feed_without_entries_is_named(tmp_path: Path) -> None:
    doc = tmp_path / "empty.rss"
    doc.write_text('<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert _summary(list(ingest.read([doc]))) == [("Rejected", "a feed without entries")]


def test_a_feed_in_utf8_that_declares_another_encoding(tmp_path: Path) -> None:
    doc = tmp_path / "latin.xml"
    doc.write_text(
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item><title>Café bombed</title>'
        "<description>A bomb hit a café in Gao on Monday.</description></item></channel></rss>",
        encoding="utf-8",
    )
    [a] = list(ingest.read([doc]))
    assert a.title == "Café bombed"


def _nested(depth: int) -> str:
    para = "<p>Gunmen killed five villagers near Kidal on Monday, local officials said on Tuesday.</p>"
    return f"<html><body>{'<div>' * depth}{para}{'</div>' * depth}</body></html>"


@pytest.mark.parametrize("depth", [254, 300, 1500])
def test_html_nested_past_255_levels_keeps_its_text(depth: int) -> None:
    [a] = list(ingest.parse(_nested(depth), "deep.html", "html"))
    assert isinstance(a, Article) and "Gunmen killed five villagers" in a.text


def test_html_nested_past_the_parser_says_so() -> None:
    [r] = list(ingest.parse(_nested(5000), "deeper.html", "html"))
    assert isinstance(r, Rejected) and "nests its elements 2,048 levels deep or more" in r.reason


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        ({"id": "a", "text": 5}, '"text" must be a string, got a number'),
        ({"id": "a", "text": ["Gunmen killed five."]}, '"text" must be a string, got an array'),
        ({"id": "a", "text": {"body": "x"}}, '"text" must be a string, got an object'),
        ({"id": "a", "text": "x", "published": 20210301}, "published must be a YYYY-MM-DD date string, got a number"),
        ({"id": "a", "text": "x", "published": True}, "published must be a YYYY-MM-DD date string, got a boolean"),
        ({"id": ["a"], "text": "x"}, '"id" must be a string or a whole number, got an array'),
        ({"id": "a", "text": "lone \ud800 surrogate"}, '"text" is not valid Unicode'),
    ],
)
def test_jsonl_values_of_the_wrong_kind(tmp_path: Path, doc: dict, reason: str) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps(doc) + "\n")
    [r] = list(ingest.read([path]))
    assert isinstance(r, Rejected) and r.source == f"{path}:1" and r.reason.startswith(reason), r


def test_jsonl_nested_too_deeply(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "\n" + json.dumps({"id": "ok", "text": "Rebels shelled Goma."}) + "\n")
    assert _summary(list(ingest.read([path]))) == [
        ("Rejected", "not readable JSON (nested too deeply)"),
        ("Article", "ok"),
    ]


def test_jsonl_line_separators_inside_strings_do_not_end_lines(tmp_path: Path) -> None:
    path = tmp_path / "seps.jsonl"
    text = "Rebels shelled Goma\u2028on Friday.\x1cThe army said so\u0085today."
    path.write_text(json.dumps({"id": "s", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    [a] = list(ingest.read([path]))
    assert isinstance(a, Article) and a.text == text


def test_jsonl_number_id_and_iso_timestamp(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps({"id": 12, "text": "Rebels shelled Goma.", "published": "2021-03-01T10:00:00Z"}))
    [a] = list(ingest.read([path]))
    assert a.id == "12" and a.published.isoformat() == "2021-03-01"


def _corpus(tmp_path: Path) -> Path:
    top = tmp_path / "corpus"
    (top / "sub").mkdir(parents=True)
    (top / "a.txt").write_text("Rebels shelled Goma on Friday.")
    (top / "sub" / "b.txt").write_text("Gunmen killed five in Kidal.")
    (top / "notes.json").write_text("{}")
    (top / "blob.bin").write_bytes(b"\x00\x01")
    (top / "README").write_text("no extension")
    (top / ".git").mkdir()
    (top / ".git" / "HEAD.txt").write_text("ref: refs/heads/main")
    return top


def test_folder_walk_names_every_file_it_does_not_read(tmp_path: Path) -> None:
    top = _corpus(tmp_path)
    items = list(ingest.read([top]))
    assert [a.source for a in items if type(a) is Article] == [str(top / "a.txt"), str(top / "sub" / "b.txt")]
    assert {s.source: s.reason for s in items if isinstance(s, Skipped)} == {
        str(top / ".git"): "hidden folder, not read",
        str(top / "README"): "not a document type (no extension)",
        str(top / "blob.bin"): "not a document type (.bin)",
        str(top / "notes.json"): "not a document type (.json)",
    }


def test_a_file_named_on_its_own_is_read_whatever_its_extension(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    path.write_text("Rebels shelled Goma on Friday.")
    [a] = list(ingest.read([path]))
    assert isinstance(a, Article) and a.id == "brief"


def test_symbolic_link_loops_end_and_are_named(tmp_path: Path) -> None:
    top = _corpus(tmp_path)
    (top / "sub" / "up").symlink_to(top)
    (top / "zz").symlink_to(top / "sub")
    (top / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    items = list(ingest.read([top]))
    assert sum(type(a) is Article for a in items) == 2  # each file once
    named = {i.source: (type(i).__name__, i.reason) for i in items if isinstance(i, Rejected)}
    assert named[str(top / "sub" / "up")] == ("Skipped", f"the same folder as {top}, already read")
    assert named[str(top / "zz")] == ("Skipped", f"the same folder as {top / 'sub'}, already read")
    assert named[str(top / "dangling.txt")] == ("Rejected", "broken symbolic link")


def test_a_linked_folder_outside_is_walked(tmp_path: Path) -> None:
    top = _corpus(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "c.txt").write_text("Troops retook Marte.")
    (top / "linked").symlink_to(outside)
    assert str(top / "linked" / "c.txt") in [a.source for a in ingest.read([top]) if type(a) is Article]


def test_an_unreadable_folder_is_rejected_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    top = _corpus(tmp_path)
    locked = str(top / "sub")
    scandir = os.scandir

    def denying(path: str) -> object:  # chmod 000 does not stop root
        if path == locked:
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denying)
    items = list(ingest.read([top]))
    assert ("Rejected", "folder not readable: Permission denied") in [
        (type(i).__name__, i.reason) for i in items if isinstance(i, Rejected) and i.source == locked
    ]
    assert [a.source for a in items if type(a) is Article] == [str(top / "a.txt")]


def test_a_pipe_in_a_folder_is_skipped_not_read(tmp_path: Path) -> None:
    top = _corpus(tmp_path)
    os.mkfifo(top / "feed.xml")  # reading it would wait forever
    items = list(ingest.read([top]))
    assert ("Skipped", "not a regular file") in [
        (type(i).__name__, i.reason) for i in items if i.source.endswith("feed.xml")
    ]


def test_a_file_name_that_is_not_utf8_is_rejected(tmp_path: Path) -> None:
    top = _corpus(tmp_path)
    with open(os.path.join(os.fsencode(top), b"kidal\xff.txt"), "w") as f:
        f.write("Gunmen killed five in Kidal.")
    [bad] = [i for i in ingest.read([top]) if "kidal" in (i.source or "")]
    assert isinstance(bad, Rejected) and bad.reason == "file name is not valid UTF-8"
    assert bad.source == str(top / "kidal\\udcff.txt")
    bad.source.encode("utf-8")  # printable and storable
