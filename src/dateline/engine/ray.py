"""A Ray cluster, for corpora that outgrow one machine (``pip install 'dateline[ray]'``).

A pool of actors, one CPU each, each warmed once (spaCy, the gazetteer, the encoder) and fed a stream: at most
``DEPTH`` items given to an actor at a time. As in the local engine, results come in input order, an exception
``fn`` raises is raised here, an item whose actor dies is tried once more in a fresh actor and then given to
``lost``, and an item that holds its actor past ``timeout`` seconds is given up and its actor replaced.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from dateline.engine import local

if TYPE_CHECKING:
    from ray import ObjectRef
    from ray.actor import ActorHandle

T = TypeVar("T")
R = TypeVar("R")

DEPTH = 2  # items given to an actor at once: the next one is there when the current one ends


class ClusterError(RuntimeError):
    """Ray is not installed, or the cluster cannot be joined."""


def _ray() -> ModuleType:
    try:
        import ray
    except ImportError:
        raise ClusterError("the Ray engine needs the optional dependency: pip install 'dateline[ray]'") from None
    return ray


def connect(address: str = "auto") -> None:
    """Join the Ray cluster at ``address`` unless this process already has: "auto" the one this node belongs to,
    "ray://HEAD:10001" a remote one through Ray Client, "local" a new one on this machine."""
    ray = _ray()
    if ray.is_initialized():
        return
    try:
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    except (ConnectionError, ValueError, RuntimeError) as e:
        lines = str(e).strip().splitlines() or [type(e).__name__]
        raise ClusterError(f"cannot join the Ray cluster at {address}: {lines[0]}") from None


def cpus() -> int:
    """The CPUs of the cluster this process has joined."""
    return max(1, int(_ray().cluster_resources().get("CPU", 1)))


def _warm() -> None:
    """What every article needs, loaded once per actor; a node without the gazetteer index builds it under its
    lock, once, while its other actors wait."""
    from dateline.events import encoder
    from dateline.places import gazetteer

    local._warm()
    gazetteer.load()
    encoder.encoder()


class _Actor:
    """One worker of the pool: ``fn`` with the models loaded."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        _warm()
        self.fn = fn

    def where(self) -> str:
        return f"pid {os.getpid()} on {_ray().util.get_node_ip_address()}"

    def call(self, item: Any) -> tuple[bool, Any]:
        try:
            return True, self.fn(item)
        except Exception as e:
            return False, e


@dataclass(eq=False)
class _Slot:
    actor: ActorHandle
    warming: ObjectRef | None  # its ``where``, until the actor is warm and so given items
    where: str = ""
    jobs: deque[tuple[int, ObjectRef]] = field(default_factory=deque)  # in the order the actor runs them
    since: float = 0.0  # when the first of its jobs began (monotonic)


@dataclass
class _Feed(Generic[T]):
    """The items to give: those given back first (a stack, the next last), then the input, read as asked."""

    stream: Iterator[tuple[int, T]]
    held: dict[int, T] = field(default_factory=dict)  # the items read and not yet done
    back: list[int] = field(default_factory=list)
    tries: Counter[int] = field(default_factory=Counter)
    suspect: set[int] = field(default_factory=set)  # the jobs of an actor that died: each is tried again alone
    more: bool = True  # the input may hold more

    def __bool__(self) -> bool:
        return bool(self.back) or self.more

    def take(self) -> int | None:
        if self.back:
            return self.back.pop()
        for i, item in self.stream:
            self.held[i] = item
            return i
        self.more = False
        return None


class Pool(Generic[T, R]):
    """``size`` actors running ``fn``, warm from one ``map`` to the next, on the cluster this process has joined
    (``connect``)."""

    def __init__(self, fn: Callable[[T], R], size: int) -> None:
        self.ray = _ray()
        self.remote = self.ray.remote(num_cpus=1, max_restarts=0)(_Actor)
        errors = self.ray.exceptions
        self.died = (errors.RayActorError, errors.OutOfMemoryError, errors.NodeDiedError)  # ray.get on a lost actor
        self.fn = fn
        self.size = size
        self.slots: list[_Slot] = []
        self.stillborn = 0  # actors that died warming up: past local.TRIES per place, places are not refilled
        self.ended = ""  # why the last of those died
        for _ in range(size):
            self._start()

    def __enter__(self) -> Pool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for s in self.slots:
            self.ray.kill(s.actor)
        self.slots.clear()

    def ready(self) -> None:
        """Wait until every actor is warm."""
        while warming := [s for s in self.slots if s.warming is not None]:
            self._warmed(warming[0])

    def map(
        self, items: Iterable[T], lost: Callable[[T, str], R] | None = None, timeout: float | None = None
    ) -> Iterator[R]:
        """``map(fn, items)`` in input order; an item whose actor dies on each try, or that holds its actor past
        ``timeout`` seconds, is given to ``lost`` with the reason (``local.WorkerLost`` is raised without one).
        The items are read as actors are free to take them."""
        feed = _Feed(enumerate(items))
        done: dict[int, R] = {}
        following = 0
        try:
            for i, ok, value in self._results(feed, timeout):
                item = feed.held.pop(i)
                if ok is False:
                    raise value
                if ok is None:
                    if lost is None:
                        raise local.WorkerLost(f"item {i}: {value}")
                    value = lost(item, value)
                done[i] = value
                while following in done:
                    yield done.pop(following)
                    following += 1
        finally:  # a map left before its end: actors still at its items are replaced, not given the next map's
            for s in [s for s in self.slots if s.jobs]:
                self._retire(s)

    def _start(self) -> None:
        actor = self.remote.remote(self.fn)
        self.slots.append(_Slot(actor, actor.where.remote()))

    def _retire(self, s: _Slot) -> None:
        """Put a fresh actor in the place of one that died or is stopped."""
        self.ray.kill(s.actor)
        self.slots.remove(s)
        if self.stillborn < local.TRIES * self.size:
            self._start()

    def _warmed(self, s: _Slot) -> None:
        try:
            s.where = self.ray.get(s.warming)
        except self.died as e:
            self.stillborn += 1
            self.ended = (str(e).strip().splitlines() or [type(e).__name__])[-1]
            self._retire(s)
        else:
            s.warming, s.since = None, time.monotonic()

    def _give(self, s: _Slot, feed: _Feed[T]) -> None:
        """One more job for the actor, unless it is warming, full, or at a suspect: a suspect runs alone, so that
        an item that kills its actor takes no other down with it."""
        at_suspect = any(j in feed.suspect for j, _ in s.jobs)
        suspect_next = bool(s.jobs and feed.back) and feed.back[-1] in feed.suspect
        free = s.warming is None and len(s.jobs) < DEPTH and not (at_suspect or suspect_next)
        if free and (i := feed.take()) is not None:
            feed.tries[i] += 1
            if not s.jobs:
                s.since = time.monotonic()
            s.jobs.append((i, s.actor.call.remote(feed.held[i])))

    def _lose(self, s: _Slot, feed: _Feed[T], why: str | None) -> Iterator[tuple[int, None, str]]:
        """The jobs of an actor that died (``why`` None) or held its first job too long (``why`` says so): the
        first is tried again or given up, the rest go back to be given again."""
        self._retire(s)
        (i, _), *queued = s.jobs
        feed.suspect.update(j for j, _ in s.jobs)
        for j, _ in reversed(queued):
            feed.tries[j] -= 1
            feed.back.append(j)
        if why is not None:
            yield i, None, why
        elif feed.tries[i] < local.TRIES:
            feed.back.append(i)
        else:
            yield i, None, f"its Ray worker process died on each of {local.TRIES} tries (last {s.where})"

    def _results(self, feed: _Feed[T], timeout: float | None) -> Iterator[tuple[int, bool | None, Any]]:
        """(index, True, result), (index, False, exception) or (index, None, why it was given up), as they come."""
        while feed or any(s.jobs for s in self.slots):
            if not self.slots:  # none is left to take the rest: every new one died before it was warm
                while (i := feed.take()) is not None:
                    yield i, None, f"Ray worker processes die as they start ({self.ended})"
                return
            for _ in range(DEPTH):  # one item to each actor in turn
                for s in self.slots:
                    self._give(s, feed)
            heads = {
                s.warming if s.warming is not None else s.jobs[0][1]: s
                for s in self.slots
                if s.warming is not None or s.jobs
            }
            if not heads:  # the input has just ended
                continue
            busy = [s.since for s in self.slots if s.jobs]
            limit = None if timeout is None or not busy else max(0.0, min(busy) + timeout - time.monotonic())
            ready, _ = self.ray.wait(list(heads), num_returns=1, timeout=limit)
            for ref in ready:
                s = heads[ref]
                if ref == s.warming:
                    self._warmed(s)
                    continue
                try:
                    ok, value = self.ray.get(ref)
                except self.died:
                    yield from self._lose(s, feed, None)
                    continue
                i, _ = s.jobs.popleft()
                s.since = time.monotonic()
                feed.suspect.discard(i)
                yield i, ok, value
            if timeout is not None:
                for s in [s for s in self.slots if s.jobs and time.monotonic() - s.since >= timeout]:
                    why = f"no result after {timeout:g} s; its Ray worker was stopped"
                    yield from self._lose(s, feed, why)


def run(
    fn: Callable[[T], R],
    items: Iterable[T],
    workers: int | None = None,
    address: str = "auto",
    lost: Callable[[T, str], R] | None = None,
    timeout: float | None = None,
) -> Iterator[R]:
    """``map(fn, items)`` in input order on ``workers`` actors (default: one per CPU of the cluster) at
    ``address``, or fewer for fewer items; ``lost`` and ``timeout`` as in ``local.run``."""
    connect(address)
    stream = iter(items)
    first = list(islice(stream, workers or cpus()))
    if not first:
        return
    with Pool(fn, len(first)) as pool:
        yield from pool.map(chain(first, stream), lost, timeout)
