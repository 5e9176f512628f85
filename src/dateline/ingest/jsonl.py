"""JSONL documents: one ``{"id", "text", "published"?, "title"?, "url"?}`` object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from dateline.model import Article, Rejected


def _published(value: object) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"published must be a YYYY-MM-DD date, got {value!r}") from None


def parse_line(line: str, source: str) -> Article:
    """One JSON line as an Article; raises ValueError naming what is wrong."""
    try:
        doc = json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"not valid JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(doc, dict):
        raise ValueError("a document must be a JSON object")
    text = doc.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('missing or empty "text"')
    published = doc.get("published")
    return Article(
        id=str(doc.get("id") or source),
        text=text,
        published=_published(published) if published else None,
        published_source="document" if published else None,
        title=doc.get("title") if isinstance(doc.get("title"), str) else None,
        url=doc.get("url") if isinstance(doc.get("url"), str) else None,
        source=source,
    )


def read(content: str, name: str) -> Iterator[Article | Rejected]:
    for n, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        source = f"{name}:{n}"
        try:
            yield parse_line(line, source)
        except ValueError as e:
            yield Rejected(source, str(e))
