"""Annotating many articles on several processes, in input order, with bounded memory.

Items go to a pool of worker processes in batches. Each worker receives the pipeline once, when
it starts, and keeps it for every batch it runs: a model is never reloaded per article or per
batch. A worker holds one batch at a time and a few more are read ahead, so the input is read
only as fast as the workers consume it and memory stays flat however long the input is. Results
come back in input order.

A worker runs the task on a whole batch (the pipeline then scores the claims of all its articles
at once) and answers the batch in one message. Two guarantees hold all the same. A worker that
dies (killed, out of memory, a crash in native code) costs only the item it was on: the items of
the batch it died on are given out again one by one, so the item that kills a worker is found
and gets ``on_failure(item, reason)`` (a batch run writes an error record) or, without
``on_failure``, the error is raised in the caller. With ``time_limit``, items run one by one and
each is answered as soon as it is done, so the parent knows which item each worker is on and
since when, and a worker that spends longer than the limit on one item is killed (a
signal-based timeout would not interrupt a long regular-expression match or a NumPy call, a
killed process always stops); the rest of its batch goes to a fresh worker.

Workers are started with ``spawn``: it is safe when the parent runs threads (progress bars, Dask)
and behaves the same on Linux, macOS and Windows. A spawned worker re-runs the main script up to
its ``if __name__ == "__main__":`` guard; a script that calls ``pipe(n_process=2)`` at its top
level, outside such a guard, would start workers that start workers. claimattr reads the script
to find out, and then starts workers with ``fork`` where that is safe (Linux, one thread, torch
not loaded), which runs nothing again; elsewhere it raises at once, saying where and how to fix
it. The pipeline is sent to a worker through its pipe once the worker runs, never in the start-up
data, so a worker that dies while starting is reported at once instead of blocking the parent.
A worker exits by itself when its parent dies (a killed batch run leaves no orphans behind) and
ignores Ctrl-C, which the parent handles by stopping the pool.
"""

from __future__ import annotations

import ast
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from pathlib import Path
from types import FrameType, ModuleType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol, TypeVar

from claimattr.errors import ClaimattrError
from claimattr.pipeline import fewer_collections

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from claimattr.doc import Document
    from claimattr.pipeline import Pipeline

T = TypeVar("T")
R = TypeVar("R")
#: A function run in a worker on a batch of items: ``task(pipeline, items) -> results``, one
#: result per item, in order (a batch lets the pipeline score the claims of many articles at
#: once). It must be picklable (a module-level function, or a functools.partial of one).
Task = Callable[["Pipeline", list[Any]], list[Any]]
#: What to make of an item whose worker overran the time limit or died: ``(item, reason) -> result``.
OnFailure = Callable[[Any, str], Any]
#: Batches read ahead of the workers, per worker. A worker is given its next batch only once it
#: has answered every item of its last one, so that it is waiting to read: were a batch sent
#: while the worker writes answers, the parent could block writing to a full pipe that the worker
#: does not read while the worker blocks writing answers the parent does not read.
BATCHES_PER_WORKER = 2
#: Seconds a worker may take to start and load the pipeline before the run is given up.
START_TIMEOUT = 300.0
_READY = "ready"
#: Annotated by each worker before it says it is ready, so that what loads on first use
#: (character tables, compiled patterns) does not count against the first item's time limit.
WARM_UP = "قال الوزير إن الاجتماع عقد اليوم في بغداد."


class _Result(Protocol[R]):
    def result(self) -> R: ...


def annotate_pairs(pipeline: Pipeline, items: list[tuple[str, str] | tuple[str, str, dict[str, Any]]]) -> list[Document]:
    """The default task: annotate ``(doc_id, text)`` pairs, or ``(doc_id, text, meta)``, together."""
    return pipeline.run([pipeline.make_doc(text, doc_id, meta[0] if meta else None) for doc_id, text, *meta in items])


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

    ``submit`` returns a future (Dask's, or anything with ``result()``). The next batch is read
    from ``batches`` only when an earlier one has been collected.
    """
    pending: deque[_Result[list[R]]] = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def parallel_map(pipeline: Pipeline, items: Iterable[Any], n_process: int = 2, batch_size: int = 64,
                 task: Task = annotate_pairs, time_limit: float | None = None,
                 on_failure: OnFailure | None = None) -> Iterator[Any]:
    """The result of every item, computed by ``task`` on ``n_process`` worker processes,
    ``batch_size`` items at a time, and yielded in input order.

    The pipeline must be picklable (a :class:`~claimattr.pipeline.Pipeline` is). An exception
    raised by ``task`` is raised here, in the caller, in the turn of the item that raised it.
    ``time_limit`` (seconds) bounds the time a worker may spend on one item (items then go
    through ``task`` one at a time). An item whose worker overruns it or dies gives
    ``on_failure(item, reason)``; without ``on_failure`` that raises
    :class:`~claimattr.errors.ClaimattrError`.
    """
    if n_process < 1:
        raise ValueError(f"n_process must be at least 1, got {n_process}")
    if time_limit is not None and time_limit <= 0:
        raise ValueError(f"time_limit must be a positive number of seconds, got {time_limit}")
    pool = _Pool(pipeline, task, n_process, time_limit, on_failure)
    try:
        yield from pool.map(items, batch_size)
    finally:
        pool.close()


# -- the start method ---------------------------------------------------------------------------
def start_method() -> str:
    """``spawn``, or ``fork`` when the main script starts workers outside its
    ``if __name__ == "__main__":`` guard and forking is safe; raises ClaimattrError when it is not."""
    unguarded = unguarded_main_call()
    if unguarded is None:
        return "spawn"
    if fork_is_safe():
        return "fork"
    path, line = unguarded
    raise ClaimattrError(
        f"{path}, line {line}, starts worker processes (n_process > 1) outside `if __name__ == "
        '"__main__":`, and each worker would run that script again. Put the code that runs under '
        'that guard (`if __name__ == "__main__": main()`), or use n_process=1.')


def fork_is_safe() -> bool:
    """Whether forking this process is safe: on Linux (macOS system libraries are not fork-safe),
    with no other thread running (a fork copies locks that other threads may hold) and torch
    not loaded (its OpenMP thread pool does not survive a fork)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1 and "torch" not in sys.modules


def unguarded_main_call() -> tuple[str, int] | None:
    """``(script, line)`` when the running main script is at a top-level statement outside an
    ``if __name__ == "__main__":`` block, in a script that spawned workers would run again;
    ``None`` otherwise (guarded scripts, ``python -c``, the REPL, Jupyter, unreadable sources)."""
    main = sys.modules.get("__main__")
    path = _rerun_path(main)
    frame = _top_level_frame(main)
    if path is None or frame is None:
        return None
    try:
        tree = ast.parse(Path(path).read_bytes(), filename=path)
    except (OSError, SyntaxError, ValueError):
        return None
    line = frame.f_lineno
    guarded = any(isinstance(node, ast.If) and _is_main_test(node.test)
                  and node.lineno <= line <= (node.end_lineno or node.lineno) for node in tree.body)
    return None if guarded else (path, line)


def _rerun_path(main: ModuleType | None) -> str | None:
    """The source file a spawned worker runs again as its main module (as ``multiprocessing.spawn``
    decides it), or ``None`` when it runs none."""
    if main is None:
        return None
    name = getattr(getattr(main, "__spec__", None), "name", None)
    if name is not None:
        return None if name == "__main__" or name.endswith(".__main__") else main.__spec__.origin
    path = getattr(main, "__file__", None)
    return None if path is None or Path(path).stem == "ipython" else path


def _top_level_frame(main: ModuleType | None) -> FrameType | None:
    """The frame running the main module's top-level code, when it is on the current stack."""
    frame = sys._getframe()
    while frame is not None:
        if main is not None and frame.f_globals is vars(main) and frame.f_code.co_name == "<module>":
            return frame
        frame = frame.f_back
    return None


def _is_main_test(test: ast.expr) -> bool:
    """Whether an ``if`` test is ``__name__ == "__main__"`` (either way round, or one term of an ``and``)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_is_main_test(value) for value in test.values)
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        return {ast.unparse(test.left), ast.unparse(test.comparators[0])} == {"__name__", "'__main__'"}
    return False


# -- the worker process ---------------------------------------------------------------------------
def _worker_main(conn: Connection, parent_pid: int) -> None:
    """A worker: receive the pipeline, the task and whether to run items one by one, warm the
    pipeline up, say it is ready, then answer every batch until told to stop (``None``) with a
    list of ``(seq, ok, result or exception)``: one list for the whole batch, or one list per
    item when items run one by one (the parent then knows which item the worker is on)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    try:
        pipeline, task, one_by_one = pickle.loads(conn.recv_bytes())
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send(f"{type(exc).__name__}: {exc}")
        return
    with suppress(Exception):  # only a warm-up: an article that fails the same way gets its own answer
        pipeline(WARM_UP)
    conn.send(_READY)
    while (batch := conn.recv()) is not None:
        for part in ([[pair] for pair in batch] if one_by_one else [batch]):
            _send(conn, _answers(pipeline, task, part))


Answer = tuple[int, bool, Any]


def _answers(pipeline: Pipeline, task: Task, batch: list[tuple[int, Any]]) -> list[Answer]:
    """``(seq, ok, result or exception)`` of each ``(seq, item)``: the task runs on the whole
    batch, and again on each item alone when it raises, so that an exception is its item's."""
    try:
        results = task(pipeline, [item for _, item in batch])
    except Exception as exc:  # noqa: BLE001 - raised again in the parent
        if len(batch) == 1:
            return [(batch[0][0], False, exc)]
        return [answer for pair in batch for answer in _answers(pipeline, task, [pair])]
    if len(results) != len(batch):  # every item must be answered, or the parent would wait for ever
        error = ClaimattrError(f"the task returned {len(results)} results for {len(batch)} items; a task "
                               "returns one result per item, in order")
        return [(seq, False, error) for seq, _ in batch]
    return [(seq, True, result) for (seq, _), result in zip(batch, results)]


def _send(conn: Connection, answers: list[Answer]) -> None:
    """Send answers; one that can't be pickled is replaced by an error saying so."""
    try:
        conn.send(answers)
    except (pickle.PicklingError, TypeError, AttributeError):
        conn.send([_picklable(answer) for answer in answers])


def _picklable(answer: Answer) -> Answer:
    try:
        pickle.dumps(answer)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        return answer[0], False, ClaimattrError(f"a worker's result could not be sent back ({exc})")
    return answer


def _exit_with_parent(parent_pid: int) -> None:
    """End this worker once its parent is gone (killed runs must not leave busy orphans)."""
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)


# -- the pool -------------------------------------------------------------------------------------
@dataclass
class _Worker:
    """A worker process, its end of the pipe and the ``(seq, item)`` pairs it holds, oldest first
    (the first is the one it is working on, since ``since``)."""

    process: BaseProcess
    conn: Connection
    ready: bool = False
    pending: deque[tuple[int, Any]] = field(default_factory=deque)
    since: float = 0.0


@dataclass(frozen=True)
class _Raised:
    """An exception raised by the task, to be raised in the caller in its turn."""

    error: BaseException


class _Pool:
    """Worker processes fed batches, answered item by item (see the module docstring)."""

    def __init__(self, pipeline: Pipeline, task: Task, n_process: int, time_limit: float | None,
                 on_failure: OnFailure | None) -> None:
        self.context = multiprocessing.get_context(start_method())
        self.one_by_one = time_limit is not None
        self.payload = pickle.dumps((pipeline, task, self.one_by_one))
        self.time_limit = time_limit
        self.on_failure = on_failure
        self.workers = [self._start() for _ in range(n_process)]
        for worker in self.workers:  # after every start: workers load claimattr side by side
            self._send_pipeline(worker)
        self.waiting: deque[tuple[int, Any]] = deque()  # items read, and items of dead workers to give out again
        self.alone: set[int] = set()  # items of a batch a worker died on: each goes again alone
        self.done: dict[int, Any] = {}

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(theirs, os.getpid()), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours, since=time.monotonic())

    def _send_pipeline(self, worker: _Worker) -> None:
        """Send the pipeline and task to a started worker; a worker that died starting is reported."""
        try:
            worker.conn.send_bytes(self.payload)
        except OSError:
            self._replace(worker, "")

    def map(self, items: Iterable[Any], batch_size: int) -> Iterator[Any]:
        """The results of ``items``, in order."""
        batches = batched(enumerate(items), batch_size)
        limit = BATCHES_PER_WORKER * len(self.workers) * batch_size
        read = given = 0
        exhausted = False
        while True:
            while given in self.done:
                result = self.done.pop(given)
                given += 1
                if isinstance(result, _Raised):
                    raise result.error
                yield result
            while not exhausted and read - given < limit:
                batch = next(batches, None)
                exhausted = batch is None
                if batch:
                    self.waiting.extend(batch)
                    read += len(batch)
            if exhausted and given == read:
                return
            self._hand_out(batch_size)
            self._collect()

    def _hand_out(self, batch_size: int) -> None:
        """Give waiting items to the idle workers, a batch each (see :data:`BATCHES_PER_WORKER`)."""
        while self.waiting:
            ready = [w for w in self.workers if w.ready and not w.pending]
            if not ready:
                return
            worker = ready[0]
            batch = self._next_batch(batch_size)
            if not worker.pending:
                worker.since = time.monotonic()
            worker.pending.extend(batch)
            try:
                worker.conn.send(batch)
            except OSError:  # the worker has died: _collect finds out and gives its items out again
                return

    def _next_batch(self, batch_size: int) -> list[tuple[int, Any]]:
        """Up to ``batch_size`` waiting items; an item set apart (see :meth:`_replace`) goes alone."""
        batch = [self.waiting.popleft()]
        if batch[0][0] in self.alone:
            return batch
        while self.waiting and len(batch) < batch_size and self.waiting[0][0] not in self.alone:
            batch.append(self.waiting.popleft())
        return batch

    def _collect(self) -> None:
        """Wait for answers (or a worker's death, or an overrun) and take them in. Answers are
        read with fewer garbage collections (:func:`~claimattr.pipeline.fewer_collections`): an
        answer is a Document of hundreds of objects that all outlive the call, and collections
        at Python's default rate, which scan what the caller holds as well, cost the parent more
        than the unpickling, time that two workers on two cores then lack."""
        with fewer_collections():
            self._receive()
        self._check_times()

    def _receive(self) -> None:
        """Take in every message waiting (or wait for one)."""
        for conn in wait([w.conn for w in self.workers], timeout=self._seconds_to_deadline()):
            worker = next(w for w in self.workers if w.conn is conn)
            try:
                message = conn.recv()
            except (EOFError, OSError):
                self._replace(worker, f"the worker process died (exit code {self._exit_code(worker)}) while "
                              "annotating this article: out of memory, killed, or a crash")
                continue
            self._take(worker, message)

    def _check_times(self) -> None:
        """Replace a worker that overran the time limit; give up when one can't start."""
        now = time.monotonic()
        for worker in list(self.workers):
            if self.time_limit and worker.pending and now - worker.since > self.time_limit:
                self._replace(worker, f"stopped after the time limit of {self.time_limit:g} s per article "
                              "(--time-limit); annotate it alone, or raise the limit")
            elif not worker.ready and now - worker.since > START_TIMEOUT:
                raise ClaimattrError(f"a worker process did not start within {START_TIMEOUT:g} s; "
                                     "run with fewer processes")

    def _seconds_to_deadline(self) -> float | None:
        """How long to wait before a worker may have overrun its item's time limit."""
        busy = [w.since for w in self.workers if w.pending]
        if not (self.time_limit and busy):
            return None if all(w.ready for w in self.workers) else 1.0
        return max(0.0, min(busy) + self.time_limit - time.monotonic()) + 0.01

    def _take(self, worker: _Worker, message: Any) -> None:
        """Record a worker's message: ready, a start-up failure, or the answers for its oldest items."""
        if message == _READY:
            worker.ready = True
            return
        if isinstance(message, str):
            raise ClaimattrError(
                f"a worker process could not load the pipeline ({message}); a component defined "
                "in a script or notebook can't be sent to worker processes: define it in an importable "
                "module, or use n_process=1")
        for seq, ok, result in message:
            worker.pending.popleft()
            self.done[seq] = result if ok else _Raised(result)
        worker.since = time.monotonic()

    def _replace(self, worker: _Worker, reason: str) -> None:
        """Kill ``worker``, settle the item it was on with ``reason``, give its other items out
        again and start a fresh worker in its place. A worker that died on a whole batch was on
        an item nobody knows: each item of the batch is given out again alone."""
        if not worker.ready:
            code = self._exit_code(worker)
            raise ClaimattrError(
                f"a worker process exited while starting (exit code {code}); if a script starts the "
                'workers, put its code under `if __name__ == "__main__":`, or use n_process=1')
        self._stop(worker)
        if len(worker.pending) > 1 and not self.one_by_one:
            self.alone.update(seq for seq, _ in worker.pending)
            self.waiting.extendleft(reversed(worker.pending))
        elif worker.pending:
            seq, item = worker.pending.popleft()
            if self.on_failure is None:
                raise ClaimattrError(f"{reason} (a batch run keeps its output: use --resume)")
            self.done[seq] = self.on_failure(item, reason)
            self.waiting.extendleft(reversed(worker.pending))
        fresh = self._start()
        self.workers[self.workers.index(worker)] = fresh
        self._send_pipeline(fresh)

    @staticmethod
    def _exit_code(worker: _Worker) -> int | None:
        worker.process.join(timeout=5)
        return worker.process.exitcode

    @staticmethod
    def _stop(worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()

    def close(self) -> None:
        """Stop every worker (they hold nothing that needs saving)."""
        for worker in self.workers:
            self._stop(worker)
