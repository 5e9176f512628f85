"""The one place that orders the stages: Article → spaCy Doc → dates, places, actors → Mentions → Events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from dateline import actors, dates, dedup, events, ingest, nlp, places
from dateline.engine import local
from dateline.events.build import build
from dateline.model import Article, Event, Mention, Place, Rejected, Span
from dateline.taxonomy import event_type_of

if TYPE_CHECKING:  # the store (and duckdb) loads only for commands that store
    from dateline.store import Store


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
    items: Iterable[Article | Rejected],
    workers: int | None = None,
    cluster: str | None = None,
    limits: Limits = Limits(),
) -> Iterator[Analysis | Rejected]:
    """Analyse articles over all cores (or a Ray cluster at ``cluster``), each within ``limits``; Rejected inputs
    pass through. An article whose worker process dies twice, or overruns its time limit twice over, is rejected."""
    items = list(items)
    articles = [a for a in items if isinstance(a, Article)]
    work = partial(safe_analyse, limits=limits)

    def lost(article: Article, why: str) -> Rejected:
        return Rejected(article.source or article.id, f"analysis failed: {why}")

    if cluster:
        from dateline.engine import ray as ray_engine

        results = iter(ray_engine.run(work, articles, workers, address=cluster))
    else:
        results = iter(local.run(work, articles, workers, lost=lost, timeout=2 * limits.seconds))
    for item in items:
        yield next(results) if isinstance(item, Article) else item


def extract(
    docs: Iterable[str | Path] | Iterable[Article], workers: int | None = None, cluster: str | None = None
) -> Iterator[Event]:
    """Events from files, folders or Articles; rejected inputs are skipped (``run`` reports them)."""
    docs = list(docs)
    items = docs if all(isinstance(d, Article) for d in docs) else list(ingest.read(docs))  # type: ignore[arg-type]
    for result in run(items, workers, cluster):
        if isinstance(result, Analysis):
            yield from result.events


def ingest_into(
    store: Store, items: Iterable[Article | Rejected], workers: int | None = None, limits: Limits = Limits()
) -> Iterator[Analysis | Rejected]:
    """Analyse what the store lacks, store it (rejects too; an article whose id is stored with other content is an
    update), then cluster duplicate events across the store. Yields one result per input: an Analysis (new, updated
    or already stored) or a Rejected; ``store.tally`` counts them."""
    items = list(items)
    fresh = [i for i in items if isinstance(i, Rejected) or not store.has(i)]
    stored = {id(i) for i in items} - {id(i) for i in fresh}
    results = iter(run(fresh, workers, limits=limits))
    for item in items:
        if id(item) in stored:
            store.skip(item)  # type: ignore[arg-type]
            yield Analysis(item, [], [])  # type: ignore[arg-type]
            continue
        result = next(results)
        if isinstance(result, Rejected):
            store.reject(result)
        elif isinstance(outcome := store.add(result.article, result.mentions, result.events), Rejected):
            result = outcome  # rows the store could not take: rolled back and recorded
        yield result
    store.set_clusters(dedup.clusters(store.events()))


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
