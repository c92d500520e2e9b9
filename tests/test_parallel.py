"""Multi-process annotation: same results as one process, in order, bounded reading, one
pipeline per worker."""

import os

import pytest

from claimattr import Pipeline
from claimattr.errors import InputError
from claimattr.parallel import batched, ordered, parallel_map

TEXTS = [
    "قال رئيس الوزراء إن الحكومة ماضية في تنفيذ برنامجها.",
    "وأكدت الوزارة أن الانتخابات ستجري في موعدها المحدد.",
    "عقد البرلمان جلسته الاعتيادية برئاسة رئيسه.",
    "وقال القيادي في الحركة: \"لن نتراجع عن مطالبنا\".",
    "",
    "No Arabic here at all.",
]


def count_calls(pipeline, item):
    """A task that tells which process ran it and how many items that process's pipeline saw."""
    pipeline.calls = getattr(pipeline, "calls", 0) + 1
    return os.getpid(), pipeline.calls


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
