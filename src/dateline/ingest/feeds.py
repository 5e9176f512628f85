"""RSS and Atom feeds: each entry an article with its link and date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import feedparser
from lxml import html as lxml_html

from dateline.model import Article, Rejected


def _plain(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    return lxml_html.fromstring(f"<div>{fragment}</div>").text_content().strip()


def read(content: str, name: str) -> Iterator[Article | Rejected]:
    feed = feedparser.parse(content)
    if feed.bozo and not feed.entries:
        yield Rejected(name, f"not a readable RSS/Atom feed ({feed.bozo_exception})")
        return
    publisher = re.split(r"\s+[—|–-]\s+", feed.feed.get("title", ""))[0] or None  # "Name — tagline"
    for n, entry in enumerate(feed.entries, 1):
        source = f"{name}#{n}"
        body = _plain(entry.get("content", [{}])[0].get("value") or entry.get("summary") or "")
        title = _plain(entry.get("title", "")) or None
        if not body:
            yield Rejected(source, "feed entry has no text")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*stamp[:3]) if stamp else None
        yield Article(
            id=entry.get("id") or entry.get("link") or source,
            text=f"{title}\n\n{body}" if title else body,
            published=published,
            published_source="feed" if published else None,
            title=title,
            url=entry.get("link"),
            publisher=publisher,
            source=source,
        )
