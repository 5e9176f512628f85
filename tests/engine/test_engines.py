"""The engines give the same results as a plain loop, in input order."""

from tests.conftest import FIXTURES

import dateline
from dateline import pipeline
from dateline.engine import local
from dateline.model import Article


def _articles() -> list[Article]:
    items = dateline.read([FIXTURES / "aden.txt", FIXTURES / "mogadishu.html", FIXTURES / "feed.xml"])
    return [a for a in items if isinstance(a, Article)]


def _summary(results: list) -> list[tuple[str, list[str]]]:
    return [(r.article.id, [e.sub_event_type for e in r.events]) for r in results]


def test_process_pool_matches_one_process() -> None:
    articles = _articles()
    assert len(articles) >= 4
    alone = list(local.run(pipeline.analyse, articles, workers=1))
    pooled = list(local.run(pipeline.analyse, articles, workers=2))
    assert _summary(pooled) == _summary(alone)


def test_run_keeps_rejects_in_place() -> None:
    items = list(dateline.read([FIXTURES / "docs.jsonl"]))
    results = list(dateline.run(items, workers=2))
    assert [type(r).__name__ for r in results] == ["Analysis" if isinstance(i, Article) else "Rejected" for i in items]
