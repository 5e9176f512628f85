"""HTML pages: trafilatura keeps the article and drops navigation, banners and footers; figure captions
are read apart and appended after the body as their own paragraphs."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from dateline.model import Article

# libxml2 reads 255 levels of nesting, or 2,048 when told the tree may be huge; what lies deeper is lost.
_PARSER = lxml_html.HTMLParser(
    encoding="utf-8", huge_tree=True, collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
)
MAX_DEPTH = 2048


def _tree(page: str) -> lxml_html.HtmlElement:
    try:
        return lxml_html.fromstring(page.encode("utf-8"), parser=_PARSER)
    except etree.ParserError:
        raise ValueError("no article text found in the page (nothing to parse)") from None


def _depth(tree: lxml_html.HtmlElement) -> int:
    """How many levels the page's elements nest."""
    depth = {tree: 1}
    for e in tree.iterdescendants():
        depth[e] = depth[e.getparent()] + 1
    return max(depth.values())


def _captions(tree: lxml_html.HtmlElement) -> list[str]:
    return [" ".join(c.text_content().split()) for c in tree.iter("figcaption") if c.text_content().strip()]


def read(content: str, name: str) -> tuple[Article, list[str]]:
    """The article and its captions (the captions are also in ``Article.text``, after the body)."""
    tree = _tree(content)
    doc = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False, include_images=False)
    if doc is None or not (doc.text or "").strip():
        if _depth(tree) >= MAX_DEPTH:
            raise ValueError(f"no article text found: the page nests its elements {MAX_DEPTH:,} levels deep or more")
        raise ValueError("no article text found in the page")
    captions = [c for c in _captions(tree) if c not in doc.text]
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
