"""The ``dateline`` command: a thin face over the public API. Every analysis command writes JSONL to stdout."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text
from typer._click import Context
from typer._click.exceptions import NoArgsIsHelpError, UsageError  # typer's own click: it vendors one
from typer.core import TyperGroup

import dateline
from dateline import spacy_cli
from dateline.ingest import Skipped
from dateline.model import Article, Event, Rejected

if TYPE_CHECKING:
    from dateline.pipeline import Limits

spacy_cli.defer()


@contextmanager
def _one_line(group: Context | None = None) -> Iterator[None]:
    """Say a usage error of the command line itself (an unknown option or command, a missing argument, a bad value)
    as the commands say theirs: one line naming it and the command's help, exit status 2."""
    try:
        yield
    except NoArgsIsHelpError:
        raise
    except UsageError as e:
        where = e.ctx or group
        words = where.command_path.split()[1:] if where else []
        if e.ctx is None and group and group.invoked_subcommand:  # the parser's errors name no context
            words.append(group.invoked_subcommand)
        message = e.format_message().rstrip(".")
        usage(f"{message[:1].lower()}{message[1:]} (see {' '.join(['dateline', *words, '--help'])})")


class OneLineErrors(TyperGroup):
    """The dateline group, its usage errors said in one line."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        with _one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Context) -> Any:
        with _one_line(ctx):
            return super().invoke(ctx)


app = typer.Typer(
    cls=OneLineErrors,
    help="Conflict news in, ACLED-compatible events out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# Messages name inputs: printed as they are (never read as markup or emoji codes), one line each, never wrapped.
err = Console(stderr=True, markup=False, emoji=False, highlight=False, soft_wrap=True)
T = TypeVar("T")


def _existing(paths: list[T] | None) -> list[T] | None:
    """The paths a command is to read, when any is there: if none is, nothing could be read, a usage error naming
    them. A missing one beside others is reported as the command reads it."""
    missing = [str(p) for p in paths or [] if str(p) != "-" and not Path(p).exists()]  # type: ignore[arg-type]
    if paths and len(missing) == len(paths):
        usage(f"{missing[0]}: no such file or directory" + (f" (nor {', '.join(missing[1:])})" if missing[1:] else ""))
    return paths


Docs = Annotated[
    list[str], typer.Argument(help="Files, folders (recursive) or - for standard input.", callback=_existing)
]
Db = Annotated[Path, typer.Option("--db", help="The DuckDB file.")]
Workers = Annotated[
    int | None,
    typer.Option("--workers", "-w", min=1, help="Processes, or Ray actors with --cluster (default: one per core)."),
]
Cluster = Annotated[
    str | None,
    typer.Option(help="Run on the Ray cluster at this address: auto, or ray://HEAD:10001 (needs the ray extra)."),
]
Published = Annotated[
    str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) of documents that carry none.")
]
MaxChars = Annotated[
    int | None, typer.Option("--max-chars", min=1, help="Reject an article longer than this (default 500,000).")
]
TimeLimit = Annotated[
    float | None, typer.Option("--time-limit", min=0.01, help="Seconds one article's analysis may take (default 60).")
]


def say(message: str, style: str = "red") -> None:
    """One line on stderr after a coloured "dateline:", the message as it is, its control characters escaped."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
    err.print(Text.assemble(("dateline:", style), " ", shown))


def _version(shown: bool) -> None:
    if shown:
        from importlib.metadata import version

        sys.stdout.write(f"dateline {version('dateline')}\n")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Conflict news in, ACLED-compatible events out."""


MANY_SKIPPED = 4  # skipped files of one folder and reason said in one line from this many


class Run:
    """Names each rejected and skipped input on stderr, counts them, and gives the exit status: 1 when an input
    was rejected (a file skipped in a folder does not fail the run)."""

    def __init__(self) -> None:
        self.rejected = 0
        self.skipped = 0

    def ok(self, item: object) -> bool:
        if isinstance(item, Skipped):
            self.skipped += 1
            say(f"skipped {item.source}: {item.reason}", "yellow")
            return False
        if isinstance(item, Rejected):
            self.rejected += 1
            say(f"{item.source}: {item.reason}")
            return False
        return True

    def read(self, docs: list[str], published: date | None = None) -> list[Article | Rejected]:
        """What ``dateline.read`` finds in ``docs``, the skipped files named now and left out: one by one, or as
        one line for many in one folder for one reason ("skipped 28 files in corpus/gold: not a document type
        (.json), corpus/gold/a.json ...")."""
        return list(self.stream(docs, published))

    def stream(self, docs: list[str], published: date | None = None) -> Iterator[Article | Rejected]:
        """``read`` as the documents are read, the skipped files named once the stream ends."""
        groups: dict[tuple[str, str], list[Skipped]] = {}
        for i in dateline.read(docs, published):
            if isinstance(i, Skipped):
                groups.setdefault((str(Path(i.source).parent), i.reason), []).append(i)
            else:
                yield i
        for (folder, reason), skipped in groups.items():
            if len(skipped) < MANY_SKIPPED:
                for i in skipped:
                    self.ok(i)
                continue
            self.skipped += len(skipped)
            say(f"skipped {len(skipped)} files in {folder}: {reason}, {skipped[0].source} ...", "yellow")

    def exit(self) -> None:
        if self.rejected or self.skipped:
            say(f"{self.rejected} rejected, {self.skipped} skipped", "red" if self.rejected else "yellow")
        raise typer.Exit(1 if self.rejected else 0)


def progress(items: Iterable[T], total: int, label: str, unit: str | None = None) -> Iterator[T]:
    """Items, with a progress bar on a terminal for multi-document runs; with ``unit``, its rate and an ETA."""
    if total < 2 or not sys.stderr.isatty():
        yield from items
        return
    columns = [TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    if unit:
        columns += [TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total, rate="")
        start = time.monotonic()
        for n, item in enumerate(items, 1):
            yield item
            bar.update(task, advance=1, rate=f"{n / max(time.monotonic() - start, 1e-9):,.1f} {unit}/s")


def emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def _articles(docs: list[str], run: Run) -> list[Article]:
    return [a for a in run.read(docs) if run.ok(a)]  # type: ignore[misc]


@app.command()
def read(docs: Docs) -> None:
    """Read documents: one JSON line per article with its metadata, body and captions."""
    run = Run()
    for item in run.read(docs):
        if run.ok(item):
            emit(dateline.describe(item))  # type: ignore[arg-type]
    run.exit()


def per_document(docs: list[str], label: str, describe: Callable[[Article], dict[str, Any]]) -> None:
    """One JSON line per document; a document whose analysis fails is reported and the rest go on."""
    run = Run()
    articles = _articles(docs, run)
    for a in progress(articles, len(articles), label):
        try:
            record = describe(a)
        except Exception as e:  # reported per document, never stops the batch
            run.ok(Rejected(a.source or a.id, f"{label} failed: {type(e).__name__}: {e}"))
            continue
        emit({"id": a.id, **record})
    run.exit()


@app.command()
def dates(
    docs: Docs,
    anchor: Annotated[str | None, typer.Option(help="Resolve against this date (YYYY-MM-DD).")] = None,
) -> None:
    """Temporal expressions, resolved against the publication date: {"id", "dates": [...]}."""
    fixed = _day("--anchor", anchor)
    per_document(
        docs,
        "dates",
        lambda a: {"dates": [dateline.as_dict(d) for d in dateline.find_dates(a.text, fixed or a.published)]},
    )


@app.command()
def places(docs: Docs) -> None:
    """Toponyms resolved to GeoNames: {"id", "places": [...]}."""
    per_document(docs, "places", lambda a: {"places": [dateline.as_dict(p) for p in dateline.places_in(a)]})


@app.command()
def classify(docs: Docs) -> None:
    """The dominant event of each short snippet: {"id", "event_type", "sub_event_type", "confidence"}."""
    per_document(docs, "classify", dateline.classify)


@app.command()
def extract(
    docs: Docs,
    workers: Workers = None,
    cluster: Cluster = None,
    published: Published = None,
    max_chars: MaxChars = None,
    time_limit: TimeLimit = None,
) -> None:
    """The whole pipeline, nothing stored: one JSON line per event."""
    run = Run()
    items = run.read(docs, _day("--published", published))
    limits = _limits(max_chars, time_limit)
    _join(cluster)
    for result in progress(dateline.run(items, workers, cluster, limits), len(items), "extract"):
        if run.ok(result):
            for e in result.events:  # type: ignore[union-attr]
                emit(e.to_dict())
    run.exit()


def _limits(max_chars: int | None, time_limit: float | None) -> Limits:
    from dateline.pipeline import Limits  # imported here: the pipeline loads spaCy

    given = {"max_chars": max_chars, "seconds": time_limit}
    return Limits(**{k: v for k, v in given.items() if v is not None})


def _join(cluster: str | None) -> None:
    """Join the Ray cluster before any work: one that cannot be joined is a usage error naming it."""
    if cluster:
        from dateline.engine import ray as ray_engine  # imported here: only --cluster needs Ray

        try:
            ray_engine.connect(cluster)
        except ray_engine.ClusterError as e:
            usage(f"--cluster: {e}")


@app.command()
def ingest(
    docs: Docs,
    db: Db = Path("dateline.duckdb"),
    workers: Workers = None,
    cluster: Cluster = None,
    published: Published = None,
    max_chars: MaxChars = None,
    time_limit: TimeLimit = None,
) -> None:
    """Analyse documents into the store; the same article twice is stored once, the same id with new content is an
    update (the old version kept), rejected inputs are recorded."""
    from dateline.store import StoreError

    run = Run()
    day = _day("--published", published)
    with _store(db) as store:
        items = run.stream(docs, day)
        limits = _limits(max_chars, time_limit)
        _join(cluster)
        try:
            results = dateline.ingest_into(store, items, workers, limits, cluster)
            for result in progress(results, _count(docs), "ingest", "articles"):
                run.ok(result)
            summary = f"{store.tally}; {store.count('articles')} articles, {store.count('events')} events in {db}"
        except StoreError as e:  # a full disk, a broken file: what was committed before stays
            _failed(f"{e}; committed before it: {store.tally}")
        err.print(summary, markup=False, highlight=False, soft_wrap=True)
    run.exit()


def _count(docs: list[str]) -> int:
    """About how many articles ``docs`` hold, for the progress bar: a JSONL file's lines, one per other file."""
    from dateline.ingest import files

    total = 0
    for item in files(docs):
        if isinstance(item, tuple) and item[1] == "jsonl" and item[0] != "-":
            with Path(item[0]).open("rb") as f:
                total += sum(1 for line in f if line.strip())
        elif isinstance(item, tuple):
            total += 1
    return total


Country = Annotated[str | None, typer.Option(help="Country name or ISO3.")]
Type = Annotated[str | None, typer.Option("--type", help="Event type or sub-event type.")]
Since = Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")]


def usage(message: str) -> NoReturn:
    """End the command on a user error: one line on stderr, exit status 2."""
    say(message)
    raise typer.Exit(2)


def _day(option: str, value: str | None) -> date | None:
    """``value`` as a date, or a usage error naming ``option``."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        usage(f"{option}: {value!r} is not a date (YYYY-MM-DD)")


def _date(option: str, value: str | None) -> str | None:
    """``value`` as YYYY-MM-DD, or a usage error naming ``option``."""
    day = _day(option, value)
    return day.isoformat() if day else None


def _filtered(
    store: dateline.Store, country: str | None, type_: str | None, since: str | None, until: str | None
) -> list[Event]:
    """Stored events by country, event type and dates (see ``_filters``)."""
    return store.events(**_filters(store, country, type_, since, until))


def _filters(
    store: dateline.Store, country: str | None, type_: str | None, since: str | None, until: str | None
) -> dict[str, str | None]:
    """``Store.events``' filters by country, event type and dates, each checked: an unknown country or type, or a
    bad date, is a usage error that says what there is."""
    from dateline.taxonomy import event_types, lookup

    start, end = _date("--since", since), _date("--until", until)
    if country:
        known = store.db.execute("SELECT DISTINCT country, iso3 FROM events WHERE country IS NOT NULL").fetchall()
        if not any(country.casefold() in (name.casefold(), (iso3 or "").casefold()) for name, iso3 in known):
            stored = ", ".join(sorted(f"{name} ({iso3})" if iso3 else name for name, iso3 in known)) or "none"
            usage(f"--country: no stored events in {country!r}; stored countries: {stored}")
    if type_ and type_.casefold() not in {t.casefold() for t in event_types()}:
        try:
            lookup(type_)
        except KeyError:
            usage(f"--type: {type_!r} is no ACLED event or sub-event type; event types: {', '.join(event_types())}")
    return {"country": country, "event_type": type_, "since": start, "until": end}


@app.command("events")
def list_events(
    db: Db = Path("dateline.duckdb"),
    country: Country = None,
    type_: Type = None,
    since: Since = None,
    until: Until = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
    distinct: Annotated[bool, typer.Option("--distinct", help="One event per dedup cluster: its best report.")] = False,
    cluster: Annotated[
        str | None, typer.Option("--cluster", help="The reports of this dedup cluster (its id).")
    ] = None,
) -> None:
    """Stored events, filtered: every report (each with its cluster_id), one per cluster, or one cluster's."""
    with _store(db, read_only=True) as store:
        events = store.events(**_filters(store, country, type_, since, until), distinct=distinct, cluster=cluster)
    if cluster is not None and not events:
        usage(f"--cluster: no stored cluster {cluster!r}")
    if as_json:
        for e in events:
            emit(e.to_dict())
        return
    Console(width=None if sys.stdout.isatty() else PIPED).print(event_table(events))


PIPED = 100_000  # the width of a table printed to a pipe or file: as wide as its rows


def event_table(events: list[Event]) -> Table:
    """One row per event, readable at 80 columns: ids and dates whole, the other cells wrapped, none cut short."""
    table = Table(title=f"{len(events)} events", box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False)
    table.add_column("id", overflow="fold")
    table.add_column("date", no_wrap=True, min_width=10)
    for name in ("type", "actors", "location"):
        table.add_column(name, overflow="fold", ratio=1)
    table.add_column("deaths", justify="right", no_wrap=True)
    table.add_column("status", overflow="fold")
    for e in events:
        actors = " vs ".join(a for a in (e.actor1, e.actor2) if a)
        place = ", ".join(x for x in (e.location, e.country) if x)
        cells = (e.event_id, e.event_date, e.sub_event_type, actors, place, str(e.fatalities), e.status)
        table.add_row(*(Text(c or "") for c in cells))  # as they are: never read as markup
    return table


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Output file (its format follows its extension), or folder.")],
    db: Db = Path("dateline.duckdb"),
    fmt: Annotated[str | None, typer.Option("--format", help="csv, geojson, parquet or jsonl.")] = None,
    country: Country = None,
    type_: Type = None,
    since: Since = None,
    until: Until = None,
    all_reports: Annotated[
        bool, typer.Option("--all-reports", help="Every report, not one row per dedup cluster.")
    ] = False,
    partition: Annotated[
        str | None, typer.Option("--partition", help="year or country: OUT is a folder of CSV or Parquet files.")
    ] = None,
) -> None:
    """Export stored events as ACLED CSV, GeoJSON, Parquet or JSONL, filtered as ``events`` filters them: one row
    per dedup cluster (its best-supported report) unless --all-reports."""
    from dateline.export import from_store

    with _store(db, read_only=True) as store:
        filters = _filters(store, country, type_, since, until)
        try:
            count = from_store(store, out, fmt, all_reports=all_reports, partition=partition, **filters)
        except ValueError as e:
            usage(str(e))
    err.print(f"{count} events → {out}", markup=False, highlight=False, soft_wrap=True)


@app.command()
def control(
    place: Annotated[str, typer.Argument(help="A place: any spelling or alternate name, or a GeoNames id.")],
    db: Db = Path("dateline.duckdb"),
    on: Annotated[str | None, typer.Option(help="Who held it on this date (YYYY-MM-DD)?")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines (the default output).")] = False,
) -> None:
    """Who held a place, and when: one JSON line per control interval (or the holder on a date). A place that the
    gazetteer does not know, that names several places, or that has no recorded control is exit status 2."""
    from dateline.control import PlaceError, find_stored, holder

    day = _date("--on", on)
    with _store(db, read_only=True) as store:
        try:
            found, intervals = find_stored(store, place)
        except PlaceError as e:
            usage(str(e))
    if day:
        emit({"place": place, "name": found.name, "geonameid": found.geonameid, "on": day,
              "controller": holder(intervals, day)})  # fmt: skip
        return
    for iv in intervals:
        emit(dateline.as_dict(iv))


@app.command("eval")
def evaluate(
    gold: Annotated[
        list[Path], typer.Argument(help="Gold files in the seed's format, or folders.", callback=_existing)
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help='One JSON object: {"fields": {FIELD: {"precision", "recall"}}, ...}.')
    ] = False,
) -> None:
    """Run extract on gold-coded articles and print per-field precision/recall and the must/should/trap table
    (exit status 1 when a must is missed or a trap hit)."""
    from dateline import evaluate as ev  # imported here: only eval needs rich tables of scores

    try:
        report = ev.evaluate(ev.gold_files(gold))
    except ValueError as e:  # a gold file that cannot be read, or whose article is not there
        usage(str(e))
    if as_json:
        (mf, mt), (sf, st) = report.found("must"), report.found("should")
        fields = {f: dict(zip(("precision", "recall"), report.precision_recall(f), strict=True)) for f in ev.FIELDS}
        emit({"fields": fields, "must": {"found": mf, "total": mt}, "should": {"found": sf, "total": st},
              "traps": report.traps})  # fmt: skip
    else:
        Console().print(ev.table(report))
    raise typer.Exit(0 if report.must_found == report.must_total and not report.traps else 1)


@app.command()
def bench(
    docs: Annotated[list[str] | None, typer.Argument(help="Documents to time (default: examples/corpus).")] = None,
    workers: Workers = None,
    repeat: Annotated[int, typer.Option(min=1, help="Repeat the documents this many times.")] = 4,
    as_json: Annotated[bool, typer.Option("--json", help="Print the headline figures as one JSON object.")] = False,
    stored: Annotated[int, typer.Option(min=1, help="With --json: events in the store queried.")] = 1_000_000,
) -> None:
    """Throughput of each stage, one process against all cores, side by side in one run."""
    from dateline import bench as b  # imported here: timing code is no part of the other commands

    run = Run()
    articles = _articles(docs or ["examples/corpus"], run) * repeat
    if not articles:
        raise typer.BadParameter("no documents to time")
    if as_json:
        emit(b.report(articles, workers, stored))
        return
    timings = b.cold_start(articles[0]) + b.run(articles, workers)
    table = Table("stage", "docs", "seconds", "docs/s", "× 1 process", title="dateline bench")
    single = next(t for t in timings if t.stage == "extract, 1 process")
    for t in timings:
        ratio = f"{t.per_second / single.per_second:.2f}" if t.stage.startswith("extract") else ""
        table.add_row(t.stage, str(t.docs), f"{t.seconds:.2f}", f"{t.per_second:,.1f}", ratio)
    Console().print(table)
    err.print(f"peak memory of this process: {b.peak_memory_mb():.0f} MB")


@app.command()
def serve(
    db: Db = Path("dateline.duckdb"),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Also answer requests naming this host (repeatable; * for any)."),
    ] = None,
) -> None:
    """Serve the REST API (/api/...) and the offline map + timeline page (/) over the store, read-only. Requests
    must name localhost, the --host address or an --allow-host name in their Host header (else 400)."""
    import uvicorn  # imported here: only serve runs a web server

    from dateline.api.app import create_app
    from dateline.store import StoreError

    try:
        api = create_app(db, [host, *(allow_host or [])])
    except StoreError as e:
        _failed(e)
    err.print(f"open http://{host}:{port}", markup=False, highlight=False, soft_wrap=True)
    uvicorn.run(api, host=host, port=port)


def _failed(e: Exception | str) -> NoReturn:
    """End the command on a store that cannot be opened or written: its message on stderr, exit status 1 (2 for a
    store that is not there: a reading command never makes one)."""
    from dateline.store import MISSING, StoreError

    err.print(f"dateline: {e}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(2 if isinstance(e, StoreError) and e.reason == MISSING else 1)


def _store(db: Path, read_only: bool = False) -> dateline.Store:
    """The store at ``db``; one that cannot be opened (locked by another process, not DuckDB) ends the command."""
    from dateline.store import StoreError

    try:
        return dateline.Store(db, read_only=read_only)
    except StoreError as e:
        _failed(e)


@app.command()
def changes(
    db: Db = Path("dateline.duckdb"),
    since: Annotated[str | None, typer.Option(help="From this time on (ISO 8601; UTC unless it names a zone).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """What updates did to the stored events, oldest first: new events, updated ones (with the fields that changed)
    and retracted ones (an updated article no longer has them)."""
    from rich.markup import escape

    try:
        start = datetime.fromisoformat(since) if since else None
    except ValueError:
        raise typer.BadParameter(f"{since!r} is not an ISO 8601 time (2024-05-01T12:00:00Z)") from None
    with _store(db, read_only=True) as store:
        found = store.changes(since=start)
    if as_json:
        for c in found:
            emit(dateline.as_dict(c))
        return
    table = Table("changed at (UTC)", "change", "event", "article version", "fields", title=f"{len(found)} changes")
    for c in found:
        table.add_row(c.changed_at, c.kind, escape(c.event_id), str(c.version), ", ".join(c.fields))
    Console().print(table)


if __name__ == "__main__":
    app()
