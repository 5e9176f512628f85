"""Read documents in any supported format into Articles; what cannot be read becomes a Rejected with its reason.

``read(["corpus/", "feed.xml", "-"])`` yields Articles and Rejecteds in input order; one broken input never
stops the rest.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
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


def files(paths: Iterable[str | Path]) -> Iterator[tuple[str, str | None]]:
    """(path, format) for each input; folders are walked recursively and keep only known extensions."""
    for p in map(str, paths):
        path = Path(p)
        if p != "-" and path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in FORMATS:
                    yield str(f), FORMATS[f.suffix.lower()]
        else:
            yield p, FORMATS.get(path.suffix.lower())


def read(paths: Iterable[str | Path], published: date | None = None) -> Iterator[Article | Rejected]:
    """Every article in the given files, folders, or ``-`` (standard input); ``published`` dates those that
    carry no date of their own (no field, metadata, statement or dated URL)."""
    for name, fmt in files(paths):
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
        yield from parse(content, name, fmt, published)


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


__all__ = ["describe", "parse", "read"]
