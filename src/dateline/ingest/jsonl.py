"""JSONL documents: one ``{"id", "text", "published"?, "title"?, "url"?}`` object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from dateline.model import Article, Rejected

_KINDS = {bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "an object"}


def _kind(value: object) -> str:
    """What a JSON value is, in JSON's words."""
    return "null" if value is None else _KINDS.get(type(value), type(value).__name__)


def _unicode(value: str, key: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(f'"{key}" is not valid Unicode (a lone surrogate at character {e.start})') from None
    return value


def _published(value: object) -> date:
    if not isinstance(value, str):
        raise ValueError(f"published must be a YYYY-MM-DD date string, got {_kind(value)}: {value!r}")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"published must be a YYYY-MM-DD date, got {value!r}") from None


def _id(value: object, source: str) -> str:
    if value is None or value == "":
        return source
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f'"id" must be a string or a whole number, got {_kind(value)}')
    return _unicode(str(value), "id")


def parse_line(line: str, source: str) -> Article:
    """One JSON line as an Article; raises ValueError naming what is wrong."""
    try:
        doc = json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"not valid JSON ({e.msg} at column {e.colno})") from None
    except ValueError as e:  # a number of more than 4,300 digits
        raise ValueError(f"not readable JSON ({e})") from None
    except RecursionError:
        raise ValueError("not readable JSON (nested too deeply)") from None
    if not isinstance(doc, dict):
        raise ValueError("a document must be a JSON object")
    text = doc.get("text")
    if text is not None and not isinstance(text, str):
        raise ValueError(f'"text" must be a string, got {_kind(text)}')
    if not text or not text.strip():
        raise ValueError('missing or empty "text"')
    published = doc.get("published")
    title, url = doc.get("title"), doc.get("url")
    return Article(
        id=_id(doc.get("id"), source),
        text=_unicode(text, "text"),
        published=_published(published) if published not in (None, "") else None,
        published_source="document" if published not in (None, "") else None,
        title=_unicode(title, "title") if isinstance(title, str) else None,
        url=_unicode(url, "url") if isinstance(url, str) else None,
        source=source,
    )


def read(content: str, name: str) -> Iterator[Article | Rejected]:
    # Lines end at "\n" alone: str.splitlines would also break at U+2028 and the like, which JSON strings may hold.
    for n, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        source = f"{name}:{n}"
        try:
            yield parse_line(line, source)
        except ValueError as e:
            yield Rejected(source, str(e))
