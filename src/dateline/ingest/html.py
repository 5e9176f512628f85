"""HTML pages: trafilatura keeps the article and drops navigation, banners and footers; figure captions
are read apart and appended after the body as their own paragraphs."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath

import trafilatura
from lxml import html as lxml_html

from dateline.model import Article


def _captions(page: str) -> list[str]:
    tree = lxml_html.fromstring(page)
    return [" ".join(c.text_content().split()) for c in tree.iter("figcaption") if c.text_content().strip()]


def read(content: str, name: str) -> tuple[Article, list[str]]:
    """The article and its captions (the captions are also in ``Article.text``, after the body)."""
    doc = trafilatura.bare_extraction(content, with_metadata=True, include_comments=False, include_images=False)
    if doc is None or not (doc.text or "").strip():
        raise ValueError("no article text found in the page")
    captions = [c for c in _captions(content) if c not in doc.text]
    text = "\n\n".join([doc.text, *captions])
    published = date.fromisoformat(doc.date[:10]) if doc.date else None
    article = Article(
        id=PurePath(name).stem,
        text=text,
        published=published,
        published_source="meta" if published else None,
        title=doc.title or None,
        url=doc.url or None,
        publisher=doc.sitename or None,
        source=name,
    )
    return article, captions
