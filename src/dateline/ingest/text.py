"""Plain text: one article per file, its first line the headline when a blank line follows."""

from __future__ import annotations

from pathlib import PurePath

from dateline.model import Article


def read(content: str, name: str) -> Article:
    if not content.strip():
        raise ValueError("empty document")
    return Article(id=PurePath(name).stem if name != "-" else "stdin", text=content, source=name)
