"""Annotation on a local Dask cluster of two workers equals the single-process output."""

import os

import pytest

pytest.importorskip("distributed")

from claimattr import Pipeline
from claimattr.batch import annotate_files, annotate_records
from claimattr.readers import Item
from claimattr.distributed import close, connect, scatter_pipeline

TEXTS = [
    "قال المتحدث باسم الحكومة إن المفاوضات ستستأنف الأسبوع المقبل.",
    "وأوضح أن الجانبين اتفقا على جدول زمني واضح.",
    "شهدت العاصمة أمطاراً غزيرة أمس.",
    "وقالت النائبة: \"القانون سيقر في الجلسة القادمة\".",
    "<p>نص</p>",
    "",
]


@pytest.fixture(scope="module")
def client():
    client = connect("local", n_workers=2)
    yield client
    close(client)


def test_cluster_output_equals_single_process_output(client, tmp_path):
    nlp = Pipeline.new()
    items = [Item(f"d{i}", t) for i, t in enumerate(TEXTS * 4)] + [Item("unreadable", error="not UTF-8")]
    local = list(annotate_records(nlp, items))
    remote = list(annotate_records(nlp, items, batch_size=3, client=client))
    assert remote == local
    assert any("error" in r for r in remote) and any(r.get("claims") for r in remote)


def test_annotate_files_on_the_cluster(client, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(f'{{"id": "x{i}", "text": "{t}"}}\n' for i, t in enumerate(TEXTS[:3])), encoding="utf-8")
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    annotate_files(Pipeline.new(), [str(source)], str(local))
    summary = annotate_files(Pipeline.new(), [str(source)], str(remote), client=client, batch_size=1)
    assert remote.read_bytes() == local.read_bytes() and summary.articles == 3


def _calls(pipeline):
    pipeline.calls = getattr(pipeline, "calls", 0) + 1
    return os.getpid(), pipeline.calls


def test_each_worker_deserialises_the_pipeline_once(client):
    shared = scatter_pipeline(client, Pipeline.new())
    seen = client.gather([client.submit(_calls, shared, pure=False) for _ in range(20)])
    by_worker = {}
    for pid, calls in seen:
        by_worker.setdefault(pid, []).append(calls)
    assert len(by_worker) <= 2
    for calls in by_worker.values():  # one object per worker, kept across tasks
        assert sorted(calls) == list(range(1, len(calls) + 1))
