"""Multi-process annotation: same results as one process, in order, bounded reading, one
pipeline per worker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimattr import Pipeline
from claimattr.errors import ClaimattrError, InputError
from claimattr.parallel import batched, ordered, parallel_map

TEXTS = [
    "قال رئيس الوزراء إن الحكومة ماضية في تنفيذ برنامجها.",
    "وأكدت الوزارة أن الانتخابات ستجري في موعدها المحدد.",
    "عقد البرلمان جلسته الاعتيادية برئاسة رئيسه.",
    "وقال القيادي في الحركة: \"لن نتراجع عن مطالبنا\".",
    "",
    "No Arabic here at all.",
]


def count_calls(pipeline, items):
    """A task that tells which process ran each item and how many items that process's
    pipeline had seen."""
    out = []
    for _ in items:
        pipeline.calls = getattr(pipeline, "calls", 0) + 1
        out.append((os.getpid(), pipeline.calls))
    return out


def echo(pipeline, items):
    """A task whose answers are as big as their items."""
    return items


def test_batched():
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []
    with pytest.raises(ValueError):
        list(batched([1], 0))


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def test_ordered_keeps_order_and_reads_no_further_than_the_window():
    read = []

    def batches():
        for i in range(10):
            read.append(i)
            yield [i]

    results = ordered(lambda batch: _Done([x * 10 for x in batch]), batches(), window=3)
    assert next(results) == 0
    assert read == [0, 1, 2]  # the first result needed only the first window of batches
    assert list(results) == [x * 10 for x in range(1, 10)]


def test_pipe_with_two_processes_equals_one_process():
    nlp = Pipeline.new()
    items = [(f"d{i}", t) for i, t in enumerate(TEXTS * 3)]
    one = [d.to_dict() for d in nlp.pipe(items)]
    two = [d.to_dict() for d in nlp.pipe(items, batch_size=2, n_process=2)]
    assert two == one
    assert [d["doc_id"] for d in two] == [doc_id for doc_id, _ in items]
    assert any(d["claims"] for d in two)


def test_batches_and_answers_bigger_than_a_pipe_do_not_deadlock():
    # Items and answers of 40 kB, batches of 8: both directions overflow the pipes' buffers. The
    # parent must not send a batch while the worker writes answers it does not read.
    import threading

    items = [f"{i:04d}" + "ق" * 20_000 for i in range(48)]
    out = []
    runner = threading.Thread(target=lambda: out.extend(parallel_map(Pipeline.new(), items, n_process=2,
                                                                      batch_size=8, task=echo)), daemon=True)
    runner.start()
    runner.join(timeout=120)
    assert not runner.is_alive(), "parallel_map deadlocked"
    assert out == items


def test_each_worker_keeps_one_pipeline():
    seen = list(parallel_map(Pipeline.new(), range(40), n_process=2, batch_size=3, task=count_calls))
    by_worker = {}
    for pid, calls in seen:
        by_worker.setdefault(pid, []).append(calls)
    assert 1 <= len(by_worker) <= 2 and os.getpid() not in by_worker
    for calls in by_worker.values():  # the count goes on across batches: never sent again
        assert calls == list(range(1, len(calls) + 1))


def test_a_failing_article_raises_in_the_caller():
    with pytest.raises(InputError, match="expected the article as str"):
        list(Pipeline.new().pipe([("ok", TEXTS[0]), ("bad", 42)], n_process=2, batch_size=1))


# -- scripts, notebooks and the start method ------------------------------------------------------
ROOT = Path(__file__).resolve().parent.parent
SCRIPT_PIPE = (
    "import claimattr\n"
    "nlp = claimattr.Pipeline.new()\n"
    "texts = ['قال الوزير إن الحكومة ماضية في برنامجها.'] * 6\n"
    "docs = list(nlp.pipe(texts, n_process=2, batch_size=2))\n"
    "print(len(docs), sum(len(d.claims) for d in docs))\n"
)


def run_script(tmp_path, source: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``source`` as a plain script file (the way `python script.py` runs it), with this
    checkout's claimattr first on the path."""
    script = tmp_path / "script.py"
    script.write_text(source, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=timeout,
                          cwd=tmp_path, env=env)


LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")


@LINUX
def test_pipe_with_processes_at_a_scripts_top_level_runs_and_ends(tmp_path):
    done = run_script(tmp_path, SCRIPT_PIPE)  # spawned workers re-ran this script and hung for ever
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["6", "6"]


def test_an_unguarded_script_where_fork_is_unsafe_fails_at_once_with_the_fix(tmp_path):
    source = ("import threading, time\n"
              "threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n" + SCRIPT_PIPE)
    done = run_script(tmp_path, source, timeout=60)
    assert done.returncode == 1
    assert "script.py, line 6" in done.stderr and 'if __name__ == "__main__":' in done.stderr


@LINUX
def test_the_start_method_follows_the_main_guard(tmp_path):
    source = ("from claimattr.parallel import start_method, unguarded_main_call\n"
              "print(start_method(), unguarded_main_call()[1])\n"
              "def main():\n"
              "    print(start_method(), unguarded_main_call())\n"
              "if 1 and __name__ == '__main__':\n"
              "    main()\n")
    done = run_script(tmp_path, source, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["fork 2", "spawn None"]


# -- failures of single items -----------------------------------------------------------------------
def slow_or_dying(pipeline, items):
    """A task that sleeps on ``"slow"``, kills its own process on ``"die"``, raises on
    ``"raise"`` and doubles numbers."""
    if "slow" in items:
        time.sleep(60)
    if "die" in items:
        os._exit(3)
    if "raise" in items:
        raise ValueError("this item raises")
    return [item * 2 for item in items]


def as_failure(item, reason):
    return f"failed {item}: {reason}"


def test_an_item_over_the_time_limit_is_stopped_and_the_rest_goes_on():
    items = [1, 2, "slow", 3, 4, 5]
    started = time.monotonic()
    out = list(parallel_map(Pipeline.new(), items, n_process=1, batch_size=3, task=slow_or_dying,
                            time_limit=1.0, on_failure=as_failure))
    assert time.monotonic() - started < 50
    assert out[:2] == [2, 4] and out[3:] == [6, 8, 10]
    assert out[2].startswith("failed slow: stopped after the time limit of 1 s")


def test_a_dying_worker_costs_only_its_item_or_raises_without_on_failure():
    items = [1, "die", 2, 3, "die", 4]
    out = list(parallel_map(Pipeline.new(), items, n_process=2, batch_size=2, task=slow_or_dying,
                            on_failure=as_failure))
    assert [o for o in out if isinstance(o, int)] == [2, 4, 6, 8]
    assert [o.split(":")[0] for o in out if isinstance(o, str)] == ["failed die"] * 2
    assert "exit code 3" in out[1]
    with pytest.raises(ClaimattrError, match="worker process died"):
        list(parallel_map(Pipeline.new(), items, n_process=2, batch_size=2, task=slow_or_dying))


def test_an_item_that_raises_in_a_batch_raises_in_its_turn():
    out = parallel_map(Pipeline.new(), [1, 2, "raise", 3], n_process=1, batch_size=4, task=slow_or_dying)
    assert [next(out), next(out)] == [2, 4]  # the batch raised: its items were run again one by one
    with pytest.raises(ValueError, match="this item raises"):
        next(out)


def first_only(pipeline, items):
    """A broken task: one result for a whole batch."""
    return items[:1]


def test_a_task_that_loses_results_raises_instead_of_hanging():
    with pytest.raises(ClaimattrError, match="1 results for 3 items"):
        list(parallel_map(Pipeline.new(), [1, 2, 3], n_process=1, batch_size=3, task=first_only))
