"""All cores of this machine: a pool of worker processes, each loading the models once and given one item at a time.

A worker that dies (killed by the OOM killer, say) takes only its own item with it: the item is tried once more in
a fresh worker, then given up by name, and the rest of the batch goes on. Workers die with their parent; Ctrl-C
and SIGTERM stop them at once.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from threadpoolctl import threadpool_limits

from dateline import nlp

T = TypeVar("T")
R = TypeVar("R")

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
TRIES = 2  # a dead worker's item is tried once more, in a fresh worker
FEW = 4  # fewer items than this are analysed in this process: starting workers would cost more
_END = object()


class Overtime(BaseException):
    """Raised in the code a ``budget`` bounds when its time is up; a BaseException, so that no ``except Exception``
    on the way swallows it."""


class WorkerLost(RuntimeError):
    """An item whose worker died on every try, when ``run`` was given no ``lost`` to stand in for its result."""


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Raise ``Overtime`` in the block after ``seconds`` (a real-time timer, and again every second after, should
    something catch it); only in the main thread, where signals arrive: elsewhere the block runs unbounded."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def overtime(signum: int, frame: object) -> None:
        raise Overtime

    previous = signal.signal(signal.SIGALRM, overtime)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous or signal.SIG_DFL)


def _warm() -> None:
    """Load the parser, and keep the worker's numpy to one thread: the workers already fill the cores."""
    threadpool_limits(1)
    nlp.load()


def default_workers() -> int:
    return os.cpu_count() or 1


def _watch(parent: int) -> None:
    """End this process once its parent is gone (it is then adopted, and its parent id changes)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _die_with(parent: int) -> None:
    """Have this worker die with its parent: a parent-death signal on Linux, a watchdog thread elsewhere."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _serve(conn: Connection, fn: Callable[[Any], Any], parent: int) -> None:
    """A worker: once warm it says so (None), then (index, item) in, (index, True, result) or (index, False,
    exception) out, until it is killed or its parent closes the pipe."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    _warm()
    conn.send(None)
    while True:
        try:
            i, item = conn.recv()
        except EOFError:
            return
        try:
            conn.send((i, True, fn(item)))
        except Exception as e:
            conn.send((i, False, e))


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False  # warm, and so given items
    job: int | None = None  # the index of the item it holds
    since: float = 0.0  # when it was given that item (monotonic)


def _ended(process: BaseProcess, kill: bool) -> str:
    """Wait for a worker process to end (killing it first if asked) and say how it ended."""
    if kill:
        process.kill()
    process.join(10)
    if process.is_alive():  # it closed its end of the pipe and lives on: no worker of ours does that
        process.kill()
        process.join()
    code = process.exitcode
    return f"killed by {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit status {code}"


@dataclass
class _Pool(Generic[T, R]):
    """The workers of one ``run`` and what each holds."""

    fn: Callable[[T], R]
    source: Iterator[T]  # read only as workers free up: a run of millions holds a handful at a time
    size: int
    timeout: float | None
    workers: list[_Worker] = field(default_factory=list)
    taken: dict[int, T] = field(default_factory=dict)  # items read and not yet done, by input position
    read: int = 0
    drained: bool = False
    tries: dict[int, int] = field(default_factory=dict)
    todo: list[int] = field(default_factory=list)  # items to try again, a stack: the next last
    stillborn: int = 0  # workers that died before they were warm: past TRIES per place, places are not refilled
    ended: str = ""  # how the last worker to die ended

    def start(self) -> None:
        ours, theirs = multiprocessing.Pipe()
        process = multiprocessing.get_context().Process(target=_serve, args=(theirs, self.fn, os.getpid()), daemon=True)
        # Ctrl-C and SIGTERM wait until the worker ignores them: until then they would end it with a traceback.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        theirs.close()
        self.workers.append(_Worker(process, ours))

    def stop(self) -> None:
        for w in self.workers:
            w.process.kill()
        for w in self.workers:
            w.process.join()
            w.conn.close()
        self.workers.clear()

    def _retire(self, w: _Worker, kill: bool = False) -> str:
        """Put a fresh worker in the place of one that died (or is to be killed); how the old one ended."""
        self.ended = _ended(w.process, kill)
        w.conn.close()
        self.workers.remove(w)
        self.stillborn += not w.ready
        if self.stillborn < TRIES * self.size:
            self.start()
        return self.ended

    def _lose(self, w: _Worker, overdue: bool) -> Iterator[tuple[int, None, str]]:
        """The item of a worker that died, or that held it too long: tried again, or given up with the reason."""
        i = w.job
        assert i is not None
        how = self._retire(w, kill=overdue)
        if overdue:
            yield i, None, f"no result after {self.timeout:g} s; its worker was stopped"
        elif self.tries[i] < TRIES:
            self.todo.append(i)
        else:
            yield i, None, f"its worker process died on each of {TRIES} tries ({how})"

    def _next(self) -> int | None:
        """The position of the next item to give: one to try again, else the next one read."""
        if self.todo:
            return self.todo.pop()
        item = next(self.source, _END) if not self.drained else _END
        if item is _END:
            self.drained = True
            return None
        self.taken[self.read] = item
        self.read += 1
        return self.read - 1

    def done(self, i: int) -> T:
        """The item at ``i``, whose result is out: the pool forgets it."""
        self.tries.pop(i, None)
        return self.taken.pop(i)

    def _give(self, w: _Worker, i: int) -> Iterator[tuple[int, None, str]]:
        w.job, w.since = i, time.monotonic()
        self.tries[i] = self.tries.get(i, 0) + 1
        try:
            w.conn.send((i, self.taken[i]))
        except OSError:  # the worker is gone
            yield from self._lose(w, overdue=False)

    def results(self) -> Iterator[tuple[int, bool | None, Any]]:
        """(index, True, result), (index, False, exception) or (index, None, why it was given up), as they come."""
        for _ in range(self.size):
            self.start()
        while not self.drained or self.todo or any(w.job is not None for w in self.workers):
            if not self.workers:  # none is left to take the rest: every new one died before it was warm
                while (i := self._next()) is not None:
                    yield i, None, f"worker processes die as they start ({self.ended})"
                return
            for w in list(self.workers):
                if w.ready and w.job is None and (i := self._next()) is not None:
                    yield from self._give(w, i)
            watched = [w for w in self.workers if not w.ready or w.job is not None]
            busy = [w.since for w in watched if w.job is not None]
            limit = None if self.timeout is None or not busy else max(0.0, min(busy) + self.timeout - time.monotonic())
            ready = wait([w.conn for w in watched] + [w.process.sentinel for w in watched], limit)
            for w in watched:
                if w.conn in ready:
                    try:
                        message = w.conn.recv()
                    except (EOFError, OSError):
                        pass  # it died: below
                    else:
                        w.ready, w.job = True, None
                        if (i := self._next()) is not None:  # its next item now: it works on while the result is used
                            yield from self._give(w, i)
                        if message is not None:
                            yield message
                        continue
                if w.job is None:
                    if not w.process.is_alive():  # it died warming up
                        self._retire(w)
                elif w.conn in ready or w.process.sentinel in ready:
                    yield from self._lose(w, overdue=False)
                elif self.timeout is not None and time.monotonic() - w.since >= self.timeout:
                    yield from self._lose(w, overdue=True)


def run(
    fn: Callable[[T], R],
    items: Iterable[T],
    workers: int | None = None,
    lost: Callable[[T, str], R] | None = None,
    timeout: float | None = None,
) -> Iterator[R]:
    """``map(fn, items)`` in input order; ``workers`` 1 (or a handful of items) stays in this process.

    In a pool, an item whose worker dies on each try, or that holds its worker past ``timeout`` seconds, is given
    to ``lost`` with the reason, for the result that stands in for it (``WorkerLost`` is raised without one).
    """
    source = iter(items)
    wanted = workers or default_workers()
    head = list(islice(source, max(FEW, wanted)))
    workers = min(wanted, len(head))
    if workers <= 1 or len(head) < FEW:
        yield from map(fn, chain(head, source))
        return
    pool = _Pool(fn, chain(head, source), workers, timeout)
    on_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler) if on_main else None
    try:
        done: dict[int, R] = {}
        following = 0
        for i, ok, value in pool.results():
            if ok is False:
                raise value
            item = pool.done(i)
            if ok is None:
                if lost is None:
                    raise WorkerLost(f"item {i}: {value}")
                value = lost(item, value)
            done[i] = value
            while following in done:
                yield done.pop(following)
                following += 1
    finally:
        pool.stop()
        if on_main:
            signal.signal(signal.SIGTERM, previous or signal.SIG_DFL)
