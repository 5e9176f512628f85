"""The one place that orders the stages: Article → spaCy Doc → dates, places, actors → Mentions → Events."""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from spacy.tokens import Doc

from dateline import actors, dates, events, ingest, nlp, places
from dateline.engine import local
from dateline.events.build import build
from dateline.model import Article, Event, Mention, Place, Rejected, Span
from dateline.taxonomy import event_type_of

if TYPE_CHECKING:  # the store (and duckdb) loads only for commands that store
    from dateline.store import Store

P = TypeVar("P")
BATCH = 128  # articles stored in one transaction
FLUSH_S = 5.0  # seconds of results stored in one transaction, when fewer than BATCH come in that time


@dataclass(slots=True)
class Analysis:
    article: Article
    mentions: list[Mention]
    events: list[Event]


def skipped(article: Article) -> list[Span]:
    """Regions no extractor reads: boilerplate and wire sign-offs."""
    return [
        Span(s.start, s.end, article.text[s.start : s.end])
        for s in article.sections
        if s.kind in ("boilerplate", "signoff")
    ]


def main_country(found: list[Place]) -> str | None:
    """The ISO3 code the article's places name most often."""
    counts = Counter(p.iso3 for p in found if p.iso3)
    return counts.most_common(1)[0][0] if counts else None


def find(doc: Doc, article: Article) -> events.Found:
    """What the extractors find in one parsed article."""
    found_places = [p for p in places.find_places(doc, skip=skipped(article)) if p.role == places.LOCATION]
    country = main_country(found_places)
    return events.Found(
        dates=dates.find_dates(article.text, article.published),
        places=found_places,
        actors=actors.find_actors(doc, country=country),
        claims=actors.agencies(doc, country=country),
        country=country,
    )


def readable(article: Article) -> str:
    """The text the parser reads: the dateline ("MORELIA, Mexico — ") turned into a lone full stop, offsets
    unchanged, so that the lead sentence parses as a sentence of its own."""
    prefix = article.dateline_prefix
    if prefix is None or prefix.end - prefix.start < 2:
        return article.text
    blank = " " * (prefix.end - prefix.start - 2) + ". "
    return article.text[: prefix.start] + blank + article.text[prefix.end :]


def analyse(article: Article, doc: Doc | None = None) -> Analysis:
    doc = doc if doc is not None else nlp.parse(readable(article))
    found = find(doc, article)
    ms = events.mentions(doc, article, found)
    return Analysis(article, ms, build(ms, article))


@dataclass(frozen=True, slots=True)
class Limits:
    """What one article may cost: its length in characters, and its analysis time in seconds."""

    max_chars: int = 500_000
    seconds: float = 60.0


def safe_analyse(article: Article, limits: Limits = Limits()) -> Analysis | Rejected:
    """``analyse`` within ``limits``, with a failure turned into a Rejected that names the article: one bad
    article never stops a batch."""
    source = article.source or article.id
    if len(article.text) > limits.max_chars:
        return Rejected(source, f"article too long: {len(article.text):,} characters (limit {limits.max_chars:,})")
    try:
        with local.budget(limits.seconds):
            return analyse(article)
    except local.Overtime:
        return Rejected(source, f"analysis took longer than its time limit ({limits.seconds:g} s)")
    except Exception as e:
        return Rejected(source, f"analysis failed: {type(e).__name__}: {e}")


def run(
    items: Iterable[Article | P],
    workers: int | None = None,
    cluster: str | None = None,
    limits: Limits = Limits(),
) -> Iterator[Analysis | Rejected | P]:
    """Analyse articles over all cores (or a Ray cluster at ``cluster``), each within ``limits``; other inputs
    (Rejected ones) pass through, in order. An article whose worker process dies twice, or overruns its time limit
    twice over, is rejected. Inputs are read only as the engine asks for them."""
    pending: deque[Article | P] = deque()

    def feed() -> Iterator[Article]:
        for item in items:
            pending.append(item)
            if isinstance(item, Article):
                yield item

    articles = feed()
    work = partial(safe_analyse, limits=limits)

    def lost(article: Article, why: str) -> Rejected:
        return Rejected(article.source or article.id, f"analysis failed: {why}")

    if cluster:
        from dateline.engine import ray as ray_engine

        results = iter(ray_engine.run(work, articles, workers, cluster, lost=lost, timeout=2 * limits.seconds))
    else:
        results = iter(local.run(work, articles, workers, lost=lost, timeout=2 * limits.seconds))
    for result in results:
        while not isinstance(pending[0], Article):
            yield pending.popleft()
        pending.popleft()
        yield result
    yield from pending


def extract(
    docs: Iterable[str | Path] | Iterable[Article], workers: int | None = None, cluster: str | None = None
) -> Iterator[Event]:
    """Events from files, folders or Articles; rejected inputs are skipped (``run`` reports them)."""
    docs = list(docs)
    items = docs if all(isinstance(d, Article) for d in docs) else list(ingest.read(docs))  # type: ignore[arg-type]
    for result in run(items, workers, cluster):
        if isinstance(result, Analysis):
            yield from result.events


@dataclass(frozen=True, slots=True)
class _Known:
    """An input whose content the store has already: passed by the analysis untouched."""

    article: Article


def _checked(store: Store, items: Iterable[Article | Rejected], size: int) -> Iterator[Article | Rejected | _Known]:
    """The inputs, those the store has already marked, checked ``size`` at a time (the store released after)."""
    stream = iter(items)
    while chunk := list(islice(stream, size)):
        articles = [i for i in chunk if isinstance(i, Article)]
        known = {id(a) for a, s in zip(articles, store.states(articles), strict=True) if s == "unchanged"}
        store.release()
        yield from (_Known(i) if id(i) in known else i for i in chunk)  # type: ignore[arg-type]


def _commit(store: Store, results: list[Analysis | Rejected | _Known]) -> list[Analysis | Rejected]:
    """Store a batch of results in one transaction (its events deduplicated), record its rejects, release the store;
    one result per input, a Rejected for an article whose rows the store could not take."""
    analyses = [r for r in results if isinstance(r, Analysis)]
    outcomes = iter(store.write([(a.article, a.mentions, a.events) for a in analyses]))
    out: list[Analysis | Rejected] = []
    for r in results:
        if isinstance(r, _Known):
            store.skip(r.article)
            out.append(Analysis(r.article, [], []))
        elif isinstance(r, Rejected):
            out.append(store.reject(r))
        else:
            outcome = next(outcomes)
            out.append(outcome if isinstance(outcome, Rejected) else r)
    store.release()
    return out


def ingest_into(
    store: Store,
    items: Iterable[Article | Rejected],
    workers: int | None = None,
    limits: Limits = Limits(),
    cluster: str | None = None,
    batch: int | None = None,
) -> Iterator[Analysis | Rejected]:
    """Analyse what the store lacks and store it (rejects too; an article whose id is stored with other content is an
    update), ``batch`` articles (BATCH when None; or FLUSH_S seconds of them) to a transaction that also clusters
    their duplicate events into the store's. Inputs are read as they come and the store is released between
    batches, so that memory stays flat and readers get in. Yields one result per input once its batch is committed:
    an Analysis (new, updated or already stored) or a Rejected; ``store.tally`` counts them. A StoreError (a full
    disk, say) ends it, the batches before kept."""
    size = batch or BATCH
    pending: list[Analysis | Rejected | _Known] = []
    since = time.monotonic()
    for result in run(_checked(store, items, size), workers, cluster, limits):
        pending.append(result)
        if len(pending) >= size or time.monotonic() - since >= FLUSH_S:
            yield from _commit(store, pending)
            pending, since = [], time.monotonic()
    yield from _commit(store, pending)


def places_in(article: Article) -> list[Place]:
    """Every toponym mention in the article (the dateline included), resolved."""
    return places.find_places(nlp.parse(article.text), skip=skipped(article))


def classify(article: Article) -> dict[str, object]:
    """The dominant event of a short snippet: the most confident mention, else the classifier's best class."""
    analysis = analyse(article)
    if analysis.mentions:
        best = max(analysis.mentions, key=lambda m: m.confidence)
        sub, confidence = best.sub_event_type, best.confidence
    else:
        sub, confidence = events.fallback_type(nlp.parse(article.text))
    return {"event_type": event_type_of(sub), "sub_event_type": sub, "confidence": round(confidence, 3)}
