"""Faults in the pool and in one article: a worker that dies, an item that never ends, a parent that is killed or
stopped, an article too long or too slow for its limits."""

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dateline import pipeline
from dateline.engine import local
from dateline.model import Article, Rejected

SAFETY = 120  # seconds: a limit on a hung test, never an assertion


def _kill_on(x: int) -> int:
    """Its worker dies on 3 (an exit) and on 5 (SIGKILL, as the OOM killer sends)."""
    if x == 3:
        os._exit(3)
    if x == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return x * 10


def _lost(x: int, why: str) -> str:
    return f"lost {x}: {why}"


def test_a_dead_worker_takes_only_its_own_item() -> None:
    results = list(local.run(_kill_on, range(12), workers=2, lost=_lost))
    assert results == [
        *[x * 10 for x in range(3)],
        "lost 3: its worker process died on each of 2 tries (exit status 3)",
        40,
        "lost 5: its worker process died on each of 2 tries (killed by SIGKILL)",
        *[x * 10 for x in range(6, 12)],
    ]


def test_without_lost_a_dead_worker_raises_naming_the_item() -> None:
    with pytest.raises(local.WorkerLost, match="item 3: its worker process died"):
        list(local.run(_kill_on, range(5), workers=2))


def _dies_once(marker: str) -> str:
    """Its worker dies the first time it is given the marker's item, and does the work the second time."""
    if marker.endswith("flaky") and not os.path.exists(marker):
        Path(marker).touch()
        os._exit(1)
    return os.path.basename(marker)


def test_an_item_is_tried_again_in_a_fresh_worker(tmp_path: Path) -> None:
    items = [str(tmp_path / n) for n in ("a", "b", "flaky", "c", "d")]
    assert list(local.run(_dies_once, items, workers=2)) == ["a", "b", "flaky", "c", "d"]


def _hangs_on(x: int) -> int:
    if x == 2:
        time.sleep(3600)
    return x


def test_an_item_that_holds_its_worker_past_the_timeout_is_given_up() -> None:
    results = list(local.run(_hangs_on, range(6), workers=2, lost=_lost, timeout=2))
    assert results == [0, 1, "lost 2: no result after 2 s; its worker was stopped", 3, 4, 5]


def _raises_on(x: int) -> int:
    if x == 1:
        raise ValueError("bad item")
    return x


def test_an_exception_in_fn_is_raised_as_before() -> None:
    with pytest.raises(ValueError, match="bad item"):
        list(local.run(_raises_on, range(5), workers=2))


def _article(name: str, text: str = "Rebels shelled Goma on Friday.") -> Article:
    return Article(id=name, text=text, source=f"{name}.txt")


def test_the_pipeline_rejects_an_article_whose_worker_dies(monkeypatch: pytest.MonkeyPatch) -> None:
    def analyse(article: Article) -> pipeline.Analysis:
        if article.id == "doomed":
            os.kill(os.getpid(), signal.SIGKILL)
        return pipeline.Analysis(article, [], [])

    monkeypatch.setattr(pipeline, "analyse", analyse)  # the workers are forked: they see it
    items = [_article(n) for n in ("a", "b", "doomed", "c", "d")]
    results = list(pipeline.run(items, workers=2))
    assert [type(r).__name__ for r in results] == ["Analysis", "Analysis", "Rejected", "Analysis", "Analysis"]
    assert results[2] == Rejected(
        "doomed.txt", "analysis failed: its worker process died on each of 2 tries (killed by SIGKILL)"
    )


def _forever(article: Article) -> pipeline.Analysis:
    while True:
        with contextlib.suppress(Exception):  # as some code on the way does: the time limit gets through it
            sum(range(1000))


def test_an_article_past_its_time_limit_is_rejected_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "analyse", _forever)
    result = pipeline.safe_analyse(_article("slow"), pipeline.Limits(seconds=0.2))
    assert result == Rejected("slow.txt", "analysis took longer than its time limit (0.2 s)")


def test_an_article_past_its_time_limit_is_rejected_in_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    def analyse(article: Article) -> pipeline.Analysis:
        return _forever(article) if article.id == "slow" else pipeline.Analysis(article, [], [])

    monkeypatch.setattr(pipeline, "analyse", analyse)
    items = [_article(n) for n in ("a", "slow", "b", "c")]
    results = list(pipeline.run(items, workers=2, limits=pipeline.Limits(seconds=1)))
    assert results[1] == Rejected("slow.txt", "analysis took longer than its time limit (1 s)")
    assert [type(r).__name__ for r in results] == ["Analysis", "Rejected", "Analysis", "Analysis"]


def test_an_article_past_its_length_limit_is_rejected_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "analyse", _forever)  # never reached
    result = pipeline.safe_analyse(_article("long", "x" * 1001), pipeline.Limits(max_chars=1000))
    assert result == Rejected("long.txt", "article too long: 1,001 characters (limit 1,000)")


def test_the_default_limits() -> None:
    assert pipeline.Limits() == pipeline.Limits(max_chars=500_000, seconds=60.0)


# A command run in its own process, its analysis stuck: each worker writes its pid into a folder, then waits.
_STUCK = textwrap.dedent(
    """
    import os, sys, time
    from dateline import pipeline
    from dateline.cli import app

    def analyse(article):
        open(os.path.join(sys.argv[1], str(os.getpid())), "w").close()
        time.sleep(3600)

    pipeline.analyse = analyse
    app(["extract", "--workers", "2", *sys.argv[2:]])
    """
)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _gone(pid: int) -> bool:
    """The process has ended: no longer there, or a zombie its new parent has not reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in "ZX"
    except FileNotFoundError:
        return True


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
@pytest.mark.parametrize(("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 130), (signal.SIGKILL, -9)])
def test_a_stopped_or_killed_run_leaves_no_worker(tmp_path: Path, sig: signal.Signals, status: int) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    docs = []
    for n in range(4):
        docs.append(tmp_path / f"{n}.txt")
        docs[-1].write_text(f"Rebels shelled Goma on day {n}.")
    command = [sys.executable, "-c", _STUCK, str(pids), *map(str, docs)]
    # SIGINT as Ctrl-C gives it: a process started in the background may inherit it ignored
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint)
    deadline = time.monotonic() + SAFETY
    while len(list(pids.iterdir())) < 2 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = [int(p.name) for p in pids.iterdir()]
    assert len(workers) == 2, run.communicate(timeout=SAFETY)
    run.send_signal(sig)
    _, stderr = run.communicate(timeout=SAFETY)
    assert run.returncode == status
    assert "Traceback" not in stderr
    while not all(_gone(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(p) for p in workers)


def test_a_worker_whose_parent_is_gone_ends_itself() -> None:
    # the watchdog of platforms without a parent-death signal: given a parent id that is not its parent's
    child = subprocess.run(
        [sys.executable, "-c", "from dateline.engine import local; local._watch(1 << 30)"], timeout=SAFETY
    )
    assert child.returncode == 1
