"""RSS and Atom feeds: each entry an article with its link and date.

The feed is handed to feedparser as a stream of bytes: given a string (or bytes) it would fetch one that reads as
a URL and open one that names a file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date

import feedparser
from lxml import html as lxml_html

from dateline.model import Article, Rejected

_UTF8 = "application/xml; charset=utf-8"


def _plain(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    return lxml_html.fromstring(f"<div>{fragment}</div>").text_content().strip()


def read(content: str, name: str) -> Iterator[Article | Rejected]:
    # The text was read as UTF-8: an encoding the document declares otherwise no longer applies.
    feed = feedparser.parse(io.BytesIO(content.encode("utf-8")), response_headers={"content-type": _UTF8})
    if not feed.entries:
        if feed.bozo:
            why = f"not a feed: not readable as RSS or Atom ({feed.bozo_exception})"
        else:
            why = "a feed without entries" if feed.get("version") else "not a feed: no RSS or Atom in it"
        yield Rejected(name, why)
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
