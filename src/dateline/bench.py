"""``dateline bench``: each stage's throughput, and one process against all cores, measured in one run."""

from __future__ import annotations

import json
import logging
import os
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


def _jsonl(articles: Sequence[Article], path: Path) -> Path:
    """The articles as a JSONL file that ``dateline extract`` reads."""
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            published = a.published.isoformat() if a.published else None
            f.write(json.dumps({"id": a.id, "text": a.text, "published": published}) + "\n")
    return path


def cold_start(article: Article, tries: int = 3) -> list[Timing]:
    """Seconds from a fresh interpreter to the first result, best of ``tries``: bare spaCy loading its model and
    parsing the article, against a one-document ``dateline extract`` of it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = _jsonl([article], Path(tmp, "one.jsonl"))
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


# A ``dateline`` command that then writes the peak RSS, in kB, of its largest process (itself or a worker) to the
# file argv[1]. Its own is read from VmHWM: ru_maxrss would carry over this process's, from before the exec.
_PEAK = """import resource, sys
from dateline.cli import app
try:
    app(sys.argv[2:])
finally:
    own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    open(sys.argv[1], "w").write(str(max(own, workers)))
"""


def worker_memory_mb(articles: Sequence[Article], workers: int | None = None) -> float:
    """The peak RSS of the largest process of a ``dateline extract`` of the articles in a fresh interpreter: a
    worker's, each loading the models itself as in any run (in this process they would share its pages). Linux."""
    with tempfile.TemporaryDirectory() as tmp:
        path, peak = _jsonl(articles, Path(tmp, "docs.jsonl")), Path(tmp, "peak")
        command = [sys.executable, "-c", _PEAK, str(peak), "extract", str(path)]
        done = subprocess.run([*command, *(["--workers", str(workers)] if workers else [])], capture_output=True)
        if done.returncode not in (0, 1):  # 1: an article was rejected
            raise subprocess.CalledProcessError(done.returncode, command, done.stdout, done.stderr)
        return int(peak.read_text()) / 1024


def ray_speedup(articles: Sequence[Article]) -> float | None:
    """The pipeline's time on 1 Ray actor over its time on 2, each pool warm before it is timed (None without
    Ray); on the Ray this process has joined, else on a local one of this machine's cores."""
    try:
        import ray
    except ImportError:
        return None
    from dateline.engine import ray as ray_engine

    started = not ray.is_initialized()
    if started:
        ray.init(
            "local",
            num_cpus=os.cpu_count(),
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.WARNING,
        )
    try:
        seconds = []
        for size in (1, 2):
            with ray_engine.Pool(pipeline.safe_analyse, size) as pool:
                pool.ready()
                list(pool.map(articles[:size]))  # each actor's first article loads the rest (lexicons, matchers)
                seconds.append(_time(f"extract, {size} Ray actors", len(articles), lambda: list(pool.map(articles))))
    finally:
        if started:
            ray.shutdown()
    return seconds[0].seconds / seconds[1].seconds


STORED = ("control_query_ms", "filter_query_ms", "ingest_one_into_1m_s")


def report(articles: Sequence[Article], workers: int | None = None, events: int = 1_000_000) -> dict[str, object]:
    """The figures ``dateline bench --json`` prints, measured side by side in one run; a figure this installation
    cannot measure is None."""
    load = os.getloadavg()[0]
    timings = {t.stage: t for t in run(articles, workers)}
    single, spacy = timings["extract, 1 process"], timings["spaCy parse"]
    pooled = timings[f"extract, {workers or local.default_workers()} processes"]
    figures = stored(events)
    return {
        "articles": len(articles),
        "workers": workers or local.default_workers(),
        "load_average": round(load, 2),
        "ratio_vs_spacy": round(single.seconds / spacy.seconds, 3),
        "articles_per_s": round(pooled.per_second, 2),
        "cold_start_s": round(next(t for t in cold_start(articles[0]) if t.stage == "cold start, extract").seconds, 3),
        "rss_mb": round(worker_memory_mb(articles, workers), 1),
        **{k: round(figures[k], 3) for k in STORED},
        "ray_speedup": None if (speedup := ray_speedup(articles)) is None else round(speedup, 3),
    }


def _synthetic_store(path: str, events: int) -> None:
    """A store of ``events`` made-up events, written in bulk by SQL: two per article, three reports per happening
    (one cluster, the first report its id), over ten years, 2,000 places in ten countries and every sub-event type;
    one happening in fifty changes who holds its place."""
    from dateline.store import Store
    from dateline.taxonomy import taxonomy

    types = [(t.event_type, t.sub_event_type) for t in taxonomy()]
    with Store(path) as store:
        db = store.db
        db.execute("CREATE TEMP TABLE kinds (k INTEGER, event_type VARCHAR, sub_event_type VARCHAR)")
        db.executemany("INSERT INTO kinds VALUES (?, ?, ?)", [(i, *t) for i, t in enumerate(types)])
        countries = ["SYR", "IRQ", "YEM", "SOM", "NGA", "MLI", "COD", "AFG", "UKR", "SDN"]
        db.execute("CREATE TEMP TABLE lands AS SELECT c, iso3 FROM (SELECT unnest(?::VARCHAR[]) AS iso3,"
                   " generate_subscripts(?::VARCHAR[], 1) - 1 AS c)", [countries, countries])  # fmt: skip
        day = "DATE '2015-01-01' + CAST(({0} * 3650) // ? AS INTEGER)"
        db.execute(
            f"INSERT INTO articles SELECT 'syn-' || a, 1, sha256('syn-' || a), NULL, {day.format('2 * a')} + 1,"
            " 'document', NULL, NULL, NULL, NULL, NULL, 'Synthetic report ' || a, now()::TIMESTAMP"
            " FROM range(CAST(? AS BIGINT) // 2 + 1) t(a)",
            [events, events],
        )
        db.execute(
            f"""INSERT INTO events (event_id, article_hash, cluster_id, article_id, event_date, time_precision,
                event_type, sub_event_type, actor1, iso3, country, location, geonameid, latitude, longitude,
                geo_precision, claim_sources, fatalities, quantities, control_change, reasons, evidence, source)
            SELECT 'syn-' || (i // 2) || '#' || (i % 2), sha256('syn-' || (i // 2)),
                'syn-' || ((i - i % 3) // 2) || '#' || ((i - i % 3) % 2), 'syn-' || (i // 2),
                {day.format("(i - i % 3)")}, 1, k.event_type,
                CASE WHEN h % 50 = 0 THEN 'Non-state actor overtakes territory' ELSE k.sub_event_type END,
                'Actor ' || (h % 40), l.iso3, l.iso3, 'Place ' || p, 1000000 + p, 10 + (p % 200) * 0.3,
                20 + (p // 200) * 0.3, 1, [], CAST(h % 7 + i % 3 AS INTEGER), '[]',
                CASE WHEN h % 50 = 0 THEN '{{"place": "Place ' || p || '", "from": "Actor ' || (h % 40) || '",'
                    || ' "to": "Actor ' || ((h + 1) % 40) || '"}}' END,
                '[]', [struct_pack(article_id := 'syn-' || (i // 2), field := 'location', "start" := 0,
                    "end" := 5, text := 'Place')], 'The Synthetic Times'
            FROM (SELECT i, i // 3 AS h, hash(i // 3) % 2000 AS p FROM range(?) t(i)) s
            JOIN kinds k ON k.k = s.h % {len(types)} JOIN lands l ON l.c = s.p % 10""",
            [events, events],
        )
        db.execute("CHECKPOINT")


REAL = Path(__file__).resolve().parents[2] / "examples" / "corpus" / "syria_idlib_airstrike.txt"


def stored(events: int = 1_000_000, path: str | None = None) -> dict[str, float]:
    """The store at scale: a synthetic store of ``events`` events (at ``path``, else a temporary file), then the
    median of five runs of ``dateline control`` for one place and of an ``events`` query by country, type and a
    year of dates (as the CLI asks them), and the seconds to ingest one real article into it, its dedup included
    (its analysis done before: that costs the same at any size)."""
    from dateline import control, ingest
    from dateline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        file = path or str(Path(tmp, "bench.duckdb"))
        _synthetic_store(file, events)
        with Store(file, read_only=True) as store:
            place = store.db.execute("SELECT geonameid FROM events WHERE control_change IS NOT NULL LIMIT 1")
            geonameid = str(place.fetchone()[0])

            def listed() -> object:
                store.db.execute("SELECT DISTINCT country, iso3 FROM events WHERE country IS NOT NULL").fetchall()
                return store.events(country="SYR", event_type="Battles", since="2019-01-01", until="2019-12-31")

            timings = {
                "control_query_ms": _median(lambda: control.find_stored(store, geonameid)) * 1000,
                "filter_query_ms": _median(listed) * 1000,
            }
        [article] = [a for a in ingest.read([REAL]) if isinstance(a, Article)]
        analysis = pipeline.analyse(article)
        start = time.perf_counter()
        with Store(file) as store:
            store.states([article])
            store.write([(analysis.article, analysis.mentions, analysis.events)])
        timings["ingest_one_into_1m_s"] = time.perf_counter() - start
    return timings


def _median(work: Callable[[], object], runs: int = 5) -> float:
    work()  # warm: the gazetteer, DuckDB's caches
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return sorted(seconds)[runs // 2]
