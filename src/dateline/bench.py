"""``dateline bench``: each stage's throughput, and one process against all cores, measured in one run."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dateline import dates, nlp, pipeline
from dateline.engine import local
from dateline.model import Article


@dataclass(frozen=True, slots=True)
class Timing:
    stage: str
    docs: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.docs / self.seconds if self.seconds else float("inf")


def _time(stage: str, docs: int, work: Callable[[], object]) -> Timing:
    start = time.perf_counter()
    work()
    return Timing(stage, docs, time.perf_counter() - start)


def run(articles: Sequence[Article], workers: int | None = None) -> list[Timing]:
    """Time dates, parsing, the whole pipeline on one process and on ``workers`` processes."""
    texts = [a.text for a in articles]
    n = len(articles)
    nlp.load()
    pipeline.analyse(articles[0])  # warm every lazy load (gazetteer, lexicons) before timing
    return [
        _time("dates (find_dates)", n, lambda: [dates.find_dates(a.text, a.published) for a in articles]),
        _time("spaCy parse", n, lambda: list(nlp.parse_many(texts))),
        _time("extract, 1 process", n, lambda: [pipeline.analyse(a) for a in articles]),
        _time(
            f"extract, {workers or local.default_workers()} processes",
            n,
            lambda: list(local.run(pipeline.safe_analyse, articles, workers)),
        ),
    ]


_BARE = "import spacy, sys; spacy.load(sys.argv[1])(sys.argv[2])"
_EXTRACT = "from dateline.cli import app; app()"


def cold_start(article: Article, tries: int = 3) -> list[Timing]:
    """Seconds from a fresh interpreter to the first result, best of ``tries``: bare spaCy loading its model and
    parsing the article, against a one-document ``dateline extract`` of it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "one.jsonl")
        published = article.published.isoformat() if article.published else None
        path.write_text(json.dumps({"id": article.id, "text": article.text, "published": published}))
        commands = {
            "cold start, bare spaCy": [sys.executable, "-c", _BARE, nlp.MODEL, article.text],
            "cold start, extract": [sys.executable, "-c", _EXTRACT, "extract", str(path)],
        }
        return [_best(stage, command, tries) for stage, command in commands.items()]


def _best(stage: str, command: list[str], tries: int) -> Timing:
    runs = [_time(stage, 1, lambda: subprocess.run(command, capture_output=True, check=True)) for _ in range(tries)]
    return min(runs, key=lambda t: t.seconds)


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
