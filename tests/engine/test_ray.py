"""The Ray engine on a local Ray of 2 CPUs, started once for the module: the local engine's results and faults."""

import os
import re
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import FIXTURES
from typer.testing import CliRunner

import dateline
from dateline import bench
from dateline.cli import app
from dateline.engine import local
from dateline.model import Rejected
from dateline.pipeline import Analysis, Limits

ray = pytest.importorskip("ray")
from dateline.engine import ray as ray_engine  # noqa: E402  (after the skip: it is what is tested)


@pytest.fixture(scope="module", autouse=True)
def cluster() -> Iterator[None]:
    ray.init("local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _fault(x: str) -> str:
    """Its actor exits on "exit", is killed on "kill" (as by the OOM killer), hangs on "hang", raises on "raise"."""
    if x == "exit":
        os._exit(3)
    if x == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if x == "hang":
        time.sleep(600)
    if x == "raise":
        raise ValueError("bad item")
    return x.upper()


def _lost(x: str, why: str) -> str:
    return f"lost {x}: {why}"


def _outcome(result: Analysis | Rejected) -> tuple[str, ...]:
    if isinstance(result, Rejected):
        return ("rejected", str(result.source), result.reason)
    return (result.article.id, *(f"{e.sub_event_type} {e.fatalities}" for e in result.events))


def test_the_pipeline_on_ray_gives_the_local_results_in_input_order() -> None:
    items = list(dateline.read([FIXTURES]))
    limits = Limits(max_chars=800)  # the two copies of aden.txt are rejected as too long, in their places
    on_ray = [_outcome(r) for r in dateline.run(items, workers=2, cluster="auto", limits=limits)]
    assert on_ray == [_outcome(r) for r in dateline.run(items, workers=1, limits=limits)]
    assert sum("article too long" in o[-1] for o in on_ray) == 2
    assert sum(o[0] != "rejected" for o in on_ray) >= 6


def test_a_dead_or_hung_actor_takes_only_its_own_item() -> None:
    results = list(ray_engine.run(_fault, ["a", "kill", "b"], workers=2, lost=_lost))
    dead = r"lost kill: its Ray worker process died on each of 2 tries \(last pid \d+ on [\d.]+\)"
    assert all(re.fullmatch(p, r) for p, r in zip(["A", dead, "B"], results, strict=True)), results
    # apart: on a loaded machine Ray may take longer than a short time limit to notice a death
    results = list(ray_engine.run(_fault, ["hang", "c"], workers=1, lost=_lost, timeout=2))
    assert results == ["lost hang: no result after 2 s; its Ray worker was stopped", "C"]


def test_a_pool_stays_warm_reads_its_input_as_it_goes_and_raises_what_an_item_raises() -> None:
    with ray_engine.Pool(_fault, 1) as pool:
        pool.ready()
        actor = pool.slots[0].actor
        assert list(pool.map(["a", "b"])) == ["A", "B"]
        assert list(pool.map("xyz")) == ["X", "Y", "Z"]
        assert [s.actor for s in pool.slots] == [actor]
        read: list[str] = []

        def letters() -> Iterator[str]:
            for x in "abcdefgh":
                read.append(x)
                yield x

        results = pool.map(letters())  # read as the actor takes it
        assert next(results) == "A" and len(read) <= ray_engine.DEPTH + 1
        assert [*results, len(read)] == [*"BCDEFGH", 8]
        with pytest.raises(ValueError, match="bad item"):
            list(pool.map(["c", "raise", "d"]))


def _unloadable() -> None:
    raise ImportError("no such module here")


class _Unloadable:
    """A function that cannot be loaded in an actor, as on a node whose environment lacks a package."""

    def __call__(self, x: str) -> str:
        return x

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return _unloadable, ()


def test_actors_that_die_as_they_start_give_up_the_items_naming_why() -> None:
    why = r"item 0: Ray worker processes die as they start \(ImportError: no such module here\)"
    with pytest.raises(local.WorkerLost, match=why):
        list(ray_engine.run(_Unloadable(), ["a", "b"], workers=1))


def test_bench_times_one_actor_against_two_on_the_ray_joined() -> None:
    articles = [a for a in dateline.read([FIXTURES / "aden.txt", FIXTURES / "mogadishu.html"]) if a.text]
    speedup = bench.ray_speedup(articles)
    assert isinstance(speedup, float) and speedup > 0
    assert ray.is_initialized()  # the module's Ray, joined and left running


def test_without_ray_installed_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ray_engine.ClusterError, match=r"pip install 'dateline\[ray\]'"):
        ray_engine.connect("auto")


def test_ingest_on_ray_stores_what_ingest_on_one_machine_stores(tmp_path: Path) -> None:
    counts = []
    for db, options in (("ray.duckdb", ["--cluster", "auto", "--workers", "2"]), ("local.duckdb", ["--workers", "1"])):
        result = CliRunner().invoke(app, ["ingest", str(FIXTURES), "--db", str(tmp_path / db), *options])
        assert result.exit_code == 1, result.output  # docs.jsonl holds rejected lines
        with dateline.Store(tmp_path / db, read_only=True) as store:
            counts.append((store.count("articles"), store.count("events"), result.stderr.replace(db, "DB")))
    assert counts[0] == counts[1] and counts[0][1] > 0


def test_cluster_without_ray_is_a_usage_error_naming_the_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setitem(sys.modules, "ray", None)
    result = CliRunner().invoke(app, ["extract", "--cluster", "auto", str(FIXTURES / "aden.txt")])
    assert result.exit_code == 2
    assert "dateline: --cluster: the Ray engine needs the optional dependency" in result.stderr
