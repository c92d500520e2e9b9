"""Annotating many articles on several processes, in input order, with bounded memory.

Items go to a pool of worker processes in batches. Each worker receives the pipeline once, when
it starts (pickled through the pool's initializer), and keeps it for every batch it runs: a
model is never reloaded per article or per batch. At most a few batches per worker are in flight,
so the input is read only as fast as the workers consume it and memory stays flat however long
the input is. Results come back in input order.

Workers are started with ``spawn``: it is safe when the parent runs threads (progress bars, Dask)
and behaves the same on Linux, macOS and Windows. A worker exits by itself when its parent dies
(a killed batch run leaves no orphans behind) and ignores Ctrl-C, which the parent handles by
stopping the pool.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol, TypeVar

from claimattr.errors import ClaimattrError

if TYPE_CHECKING:
    from claimattr.doc import Document
    from claimattr.pipeline import Pipeline

T = TypeVar("T")
R = TypeVar("R")
#: A function run on each item in a worker: ``task(pipeline, item) -> result``. It must be
#: picklable (a module-level function, or a functools.partial of one).
Task = Callable[["Pipeline", Any], Any]
#: Batches in flight per worker: enough to keep every worker busy while results are collected.
BATCHES_PER_WORKER = 2

_PIPELINE: Pipeline | None = None  # the pipeline of this worker process, set once at start


class _Result(Protocol[R]):
    def result(self) -> R: ...


def annotate_pair(pipeline: Pipeline, item: tuple[str, str]) -> Document:
    """The default task: annotate one ``(doc_id, text)`` pair."""
    doc_id, text = item
    return pipeline(text, doc_id=doc_id)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one shorter), read lazily."""
    if size < 1:
        raise ValueError(f"batch_size must be at least 1, got {size}")
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ordered(submit: Callable[[list[T]], _Result[list[R]]], batches: Iterable[list[T]],
            window: int) -> Iterator[R]:
    """Submit batches, keeping at most ``window`` in flight, and yield their results in order.

    ``submit`` returns a future (``concurrent.futures`` or Dask): anything with ``result()``.
    The next batch is read from ``batches`` only when an earlier one has been collected.
    """
    pending: deque[_Result[list[R]]] = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def run_batch(pipeline: Pipeline, items: list[Any], task: Task) -> list[Any]:
    """Apply ``task`` to each item of one batch with the given pipeline."""
    return [task(pipeline, item) for item in items]


def _init_worker(pipeline: Pipeline, parent_pid: int) -> None:
    global _PIPELINE
    _PIPELINE = pipeline
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()


def _exit_with_parent(parent_pid: int) -> None:
    """End this worker once its parent is gone (killed runs must not leave busy orphans)."""
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)


def _worker_batch(items: list[Any], task: Task) -> list[Any]:
    assert _PIPELINE is not None, "worker started without its pipeline"
    return run_batch(_PIPELINE, items, task)


def parallel_map(pipeline: Pipeline, items: Iterable[Any], n_process: int = 2, batch_size: int = 64,
                 task: Task = annotate_pair) -> Iterator[Any]:
    """``task(pipeline, item)`` for every item, computed on ``n_process`` worker processes and
    yielded in input order.

    The pipeline must be picklable (a :class:`~claimattr.pipeline.Pipeline` is). An exception
    raised by ``task`` is raised here, in the caller; a worker that dies (killed, out of memory)
    raises :class:`~claimattr.errors.ClaimattrError`.
    """
    if n_process < 1:
        raise ValueError(f"n_process must be at least 1, got {n_process}")
    pool = ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(pipeline, os.getpid()))
    try:
        yield from ordered(lambda batch: pool.submit(_worker_batch, batch, task),
                           batched(items, batch_size), window=BATCHES_PER_WORKER * n_process)
    except BrokenProcessPool as exc:
        raise ClaimattrError(
            "a worker process died (killed, or out of memory) in the middle of a batch; run again "
            "with fewer processes or a smaller batch_size (a batch run keeps its output: use --resume)"
        ) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
