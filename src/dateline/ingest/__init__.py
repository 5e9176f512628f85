"""Read documents in any supported format into Articles; what cannot be read becomes a Rejected with its reason.

``read(["corpus/", "feed.xml", "-"])`` yields Articles and Rejecteds in input order; one broken input never
stops the rest. A folder is walked for the extensions in ``FORMATS``; every other file in it is a ``Skipped``.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from dateline.ingest import jsonl, metadata, text
from dateline.model import Article, Rejected

FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".txt": "text",
    ".text": "text",
}


@dataclass(frozen=True, slots=True)
class Skipped(Rejected):
    """A file or folder a folder walk passed over on purpose, and why: named, never read, not an error."""


def _sniff(content: str) -> str:
    head = content.lstrip()[:200].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith(("<rss", "<?xml", "<feed")):
        return "feed"
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


def parse(
    content: str, name: str, fmt: str | None = None, published: date | None = None
) -> Iterator[Article | Rejected]:
    """Articles from one document's content; ``fmt`` is jsonl, html, feed or text (sniffed when None);
    ``published`` dates the documents that carry no date of their own."""
    fmt = fmt or _sniff(content)
    # The HTML and feed readers bring trafilatura and feedparser: imported only when such a document comes.
    if fmt == "jsonl":
        items: Iterable[Article | Rejected] = jsonl.read(content, name)
    elif fmt == "feed":
        from dateline.ingest import feeds

        items = feeds.read(content, name)
    else:
        try:
            if fmt == "html":
                from dateline.ingest import html

                article, captions = html.read(content, name)
                yield metadata.annotate(article, captions, published)
            else:
                yield metadata.annotate(text.read(content, name), published=published)
        except ValueError as e:
            yield Rejected(name, str(e))
        return
    for item in items:
        yield metadata.annotate(item, published=published) if isinstance(item, Article) else item


def _walk(folder: Path) -> Iterator[tuple[str, str | None] | Rejected]:
    """The documents under a folder, depth first in name order, each folder read once (a link back to one already
    walked is skipped, so a symbolic link loop ends); what is not read is a Rejected or a Skipped naming it."""
    seen: dict[tuple[int, int], str] = {}
    top = folder.stat()
    seen[top.st_dev, top.st_ino] = str(folder)
    stack: list[Iterator[os.DirEntry[str]]] = []

    def enter(path: str) -> Rejected | None:
        try:
            with os.scandir(path) as entries:
                stack.append(iter(sorted(entries, key=lambda e: e.name)))
        except OSError as e:
            return Rejected(path, f"folder not readable: {e.strerror or e}")
        return None

    if failed := enter(str(folder)):
        yield failed
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            st = os.stat(entry.path)  # through a symbolic link
        except OSError as e:
            yield Rejected(entry.path, "broken symbolic link" if entry.is_symlink() else e.strerror or str(e))
            continue
        suffix = Path(entry.name).suffix.lower()
        if stat.S_ISDIR(st.st_mode):
            if entry.name.startswith("."):
                yield Skipped(entry.path, "hidden folder, not read")
            elif (st.st_dev, st.st_ino) in seen:
                yield Skipped(entry.path, f"the same folder as {seen[st.st_dev, st.st_ino]}, already read")
            else:
                seen[st.st_dev, st.st_ino] = entry.path
                if failed := enter(entry.path):
                    yield failed
        elif not stat.S_ISREG(st.st_mode):
            yield Skipped(entry.path, "not a regular file")
        elif suffix in FORMATS:
            yield entry.path, FORMATS[suffix]
        else:
            yield Skipped(entry.path, f"not a document type ({suffix or 'no extension'})")


NOT_UTF8 = "file name is not valid UTF-8"


def _shown(name: str) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 escaped as ``\\udcff``."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def files(paths: Iterable[str | Path]) -> Iterator[tuple[str, str | None, str | None] | Rejected]:
    """(path, format, id) for each input, or why it is not read: folders are walked recursively for the extensions
    in ``FORMATS``, and a text or HTML file found there is known by its path inside the folder ("2024/kano", so
    that files of one name in two folders are two articles); a file named on its own is read whatever its
    extension (its format sniffed when unknown) and known by its name."""
    for p in map(str, paths):
        path = Path(p)
        walked = p != "-" and path.is_dir()
        for item in _walk(path) if walked else [(p, FORMATS.get(path.suffix.lower()))]:
            name = item.source if isinstance(item, Rejected) else item[0]
            if (shown := _shown(name)) != name:
                yield type(item)(shown, item.reason) if isinstance(item, Rejected) else Rejected(shown, NOT_UTF8)
            elif isinstance(item, Rejected):
                yield item
            else:
                ident = Path(name).relative_to(path).with_suffix("").as_posix() if walked else None
                yield name, item[1], ident if item[1] in ("text", "html") else None


def read(paths: Iterable[str | Path], published: date | None = None) -> Iterator[Article | Rejected]:
    """Every article in the given files, folders, or ``-`` (standard input), and a Rejected (or Skipped) for each
    input not read; ``published`` dates those that carry no date of their own (no field, metadata, statement or
    dated URL)."""
    for item in files(paths):
        if isinstance(item, Rejected):
            yield item
            continue
        name, fmt, ident = item
        try:
            content = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            yield Rejected(name, "no such file or directory")
            continue
        except UnicodeDecodeError:
            yield Rejected(name, "not UTF-8 text")
            continue
        except OSError as e:
            yield Rejected(name, e.strerror or str(e))
            continue
        for found in parse(content, name, fmt, published):
            yield replace(found, id=ident) if ident and isinstance(found, Article) else found


def describe(article: Article) -> dict[str, object]:
    """The ``dateline read`` record of an article."""
    return {
        "id": article.id,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "published_source": article.published_source,
        "dateline": article.dateline,
        "wire": article.wire,
        "publisher": article.publisher,
        "body": article.body,
        "captions": article.captions,
        "url": article.url,
    }


__all__ = ["FORMATS", "Skipped", "describe", "parse", "read"]
