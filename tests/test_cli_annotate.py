"""`claimattr annotate`: inputs, error records, exit status, formats, processes, kill and resume."""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from claimattr import Pipeline
from claimattr.cli import main

SENTENCES = [
    "قال وزير الدفاع إن القوات ستبقى في مواقعها حتى إشعار آخر.",
    "وأضاف أن الحكومة لن تسمح بأي اعتداء على المنشآت العامة.",
    "وصلت قافلة المساعدات إلى المدينة مساء أمس.",
    "وأكدت اللجنة في بيان أن التحقيق سيكشف الحقائق كاملة.",
    "وقال النائب: \"نرفض هذا القرار جملة وتفصيلاً\".",
]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return str(Pipeline.new().to_disk(tmp_path_factory.mktemp("model") / "tiny"))


def _run(*argv):
    return main(["annotate", *argv, "--no-progress"])


def _records(path):
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def _write_jsonl(path, n, sentences_per_article=1):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(sentences_per_article))
            f.write(json.dumps({"id": f"n{i:05d}", "text": text}, ensure_ascii=False) + "\n")
    return path


def test_folder_with_a_bad_file_goes_on_and_exits_1(model, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SENTENCES[0], encoding="utf-8")
    (folder / "b.txt").write_bytes(SENTENCES[1].encode("cp1256"))
    (folder / "c.txt").write_text("", encoding="utf-8")
    (folder / "d.txt").write_text(SENTENCES[3], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _run(str(folder), "-o", str(out), "--model", model) == 1
    records = _records(out)
    assert [r["doc_id"] for r in records] == ["a", "b", "c", "d"]
    assert records[0]["claims"][0]["speaker"]["name"] and "confidence" in records[0]["claims"][0]
    assert "b.txt" in records[1]["error"] and "UTF-8" in records[1]["error"]
    assert records[2] == {"doc_id": "c", "claims": []}
    assert records[3]["claims"]
    assert "4 articles" in capsys.readouterr().err


def test_clean_run_exits_0_and_writes_stdout(model, tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(SENTENCES[0], encoding="utf-8")
    assert _run(str(path), "--model", model) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["doc_id"] == "a" and record["claims"]


def test_stdin(model, monkeypatch, capsys):
    data = "".join(json.dumps({"doc_id": f"s{i}", "text": s}, ensure_ascii=False) + "\n" for i, s in enumerate(SENTENCES))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    assert _run("-", "--model", model) == 0
    assert [json.loads(line)["doc_id"] for line in capsys.readouterr().out.splitlines()] == [f"s{i}" for i in range(5)]


def test_html_needs_strip_html(model, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(f"<html><body><p>{SENTENCES[0]}</p></body></html>", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _run(str(path), "-o", str(out), "--model", model) == 1
    assert "--strip-html" in _records(out)[0]["error"]
    out.unlink()
    assert _run(str(path), "-o", str(out), "--model", model, "--strip-html") == 0
    assert _records(out)[0]["claims"]


def test_missing_model_and_bad_paths_exit_2(model, tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(SENTENCES[0], encoding="utf-8")
    assert _run(str(path), "--model", str(tmp_path / "nowhere")) == 2
    assert "model" in capsys.readouterr().err
    assert _run(str(tmp_path / "missing.jsonl"), "--model", model) == 2
    assert "no such file" in capsys.readouterr().err
    out = tmp_path / "out.jsonl"
    out.write_text('{"doc_id": "x", "claims": []}\n', encoding="utf-8")
    assert _run(str(path), "-o", str(out), "--model", model) == 2
    assert "--resume" in capsys.readouterr().err


def test_csv_fields_parquet_out_and_two_processes(model, tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "in.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:  # quotes inside fields doubled, as CSV wants
        csv.writer(f).writerows([("key", "body"), *((f"k{i}", SENTENCES[i % 5]) for i in range(12))])
    one, two = tmp_path / "one.jsonl", tmp_path / "two.parquet"
    common = ["--text-field", "body", "--id-field", "key", "--model", model]
    assert _run(str(path), "-o", str(one), *common) == 0
    assert _run(str(path), "-o", str(two), "-j", "2", "--batch-size", "3", *common) == 0
    expected = _records(one)
    rows = pq.read_table(two).to_pylist()
    assert [r["doc_id"] for r in rows] == [f"k{i}" for i in range(12)] == [r["doc_id"] for r in expected]
    assert [[(c["start"], c["end"], c["speaker"]["entity"]) for c in r["claims"]] for r in rows] == \
        [[(c["start"], c["end"], c["speaker"]["entity"]) for c in r["claims"]] for r in expected]


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_killed_run_resumes_with_every_id_once(model, tmp_path):
    source = _write_jsonl(tmp_path / "in.jsonl", 300, sentences_per_article=12)
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "claimattr.cli", "annotate", str(source), "-o", str(out), "--model", model,
           "-j", "2", "--batch-size", "4", "--no-progress"]
    proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 20):
        time.sleep(0.02)
    proc.kill()  # the main process only: its workers must notice and leave by themselves
    proc.wait()
    done_before = out.read_bytes().count(b"\n")
    deadline = time.monotonic() + 10
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = _group_alive(proc.pid)
    if orphans:
        os.killpg(proc.pid, signal.SIGKILL)
    assert not orphans, "worker processes outlived the killed run"
    assert 20 <= done_before < 300, "the run was not killed mid-way"

    resumed = subprocess.run([*cmd, "--resume"], capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert "skipped" in resumed.stderr
    ids = [r["doc_id"] for r in _records(out)]
    assert ids == [f"n{i:05d}" for i in range(300)]  # every input id exactly once, in order


def test_a_second_run_writing_the_same_output_is_refused(model, tmp_path, capsys):
    source = _write_jsonl(tmp_path / "in.jsonl", 200, sentences_per_article=12)
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "claimattr", "annotate", str(source), "-o", str(out), "--model", model, "--no-progress"]
    first = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out.exists() and out.stat().st_size):
        time.sleep(0.02)
    assert first.poll() is None, "the first run ended before the second one started"
    # was: both wrote every record (JSONL) or one converted a journal the other still wrote (Parquet)
    assert _run(str(source), "-o", str(out), "--model", model, "--resume") == 2
    err = capsys.readouterr().err
    assert f"being written by another claimattr annotate run (process {first.pid})" in err
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert [r["doc_id"] for r in _records(out)] == [f"n{i:05d}" for i in range(200)]
    assert not (tmp_path / "out.jsonl.lock").exists()


def test_summarize_and_table_read_parquet_output_and_refuse_bad_files(model, tmp_path, capsys):
    source = _write_jsonl(tmp_path / "in.jsonl", 6)
    out = tmp_path / "out.parquet"
    assert _run(str(source), "-o", str(out), "--model", model) == 0
    capsys.readouterr()
    assert main(["summarize", str(out)]) == 0  # was: UnicodeDecodeError
    table = capsys.readouterr().out
    assert "claims" in table and "oppose" in table
    csv_out = tmp_path / "claims.csv"
    assert main(["table", str(out), "-o", str(csv_out)]) == 0
    import pandas as pd

    rows = pd.read_csv(csv_out)
    assert len(rows) == sum(len(r["claims"]) for r in _records_of_parquet(out))
    assert list(rows.columns[:4]) == ["doc_id", "claim_id", "start", "end"] and "stance_rules" in rows.columns
    for bad, content in (("empty.parquet", b""), ("cut.parquet", out.read_bytes()[:200])):
        (tmp_path / bad).write_bytes(content)
        for argv in (["summarize", str(tmp_path / bad)], ["table", str(tmp_path / bad)],
                     ["annotate", str(tmp_path / bad), "--model", model, "--no-progress"]):
            assert main(argv) == 2
            err = capsys.readouterr().err
            assert "not a readable Parquet file" in err and "Traceback" not in err


def _records_of_parquet(path):
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def test_html_page_kept_fields_and_max_chars(model, tmp_path, capsys):
    rows = [{"id": "a", "text": SENTENCES[0], "title": "عنوان", "date": "2026-07-01", "outlet": "x"},
            {"id": "b", "text": SENTENCES[4] * 20, "date": "2026-07-02", "outlet": "y"}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out, page = tmp_path / "out.jsonl", tmp_path / "out.html"
    assert _run(str(source), "-o", str(out), "--model", model, "--keep-fields", "title,date,outlet",
                "--max-chars", "500", "--html", str(page)) == 1  # was: no such options
    first, second = _records(out)
    assert (first["title"], first["date"], first["outlet"]) == ("عنوان", "2026-07-01", "x") and first["claims"]
    assert second["date"] == "2026-07-02" and "over the limit of 500" in second["error"]
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'data-doc="a"' in html and "عنوان" in html
    assert 'class="ca-index"' in html and "text" not in first  # the page had the text, the record not
    out.unlink()
    assert _run(str(source), "-o", str(out), "--model", model, "--max-chars", "5000", "--keep-fields", "date,outlet") == 0
    pytest.importorskip("matplotlib")
    from claimattr import Document, plots

    docs = [Document.from_dict(r, text="") for r in _records(out)]  # plots by date and outlet read meta
    assert plots.stance_over_time(docs, freq="D").get_lines()
    assert plots.speakers_by_outlet(docs) is not None


def test_time_limit_and_max_chars_must_be_positive(model, tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(SENTENCES[0], encoding="utf-8")
    for flag, value in (("--time-limit", "0"), ("--max-chars", "0")):
        assert _run(str(path), "--model", model, flag, value) == 2
        assert "must be" in capsys.readouterr().err
    assert _run(str(path), "--model", model, "--time-limit", "30") == 0
    assert json.loads(capsys.readouterr().out)["claims"]


def test_a_time_limit_with_a_small_max_chars_still_annotates(model, tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(SENTENCES[2], encoding="utf-8")  # workers' warm-up sentence is longer than the limit
    assert _run(str(path), "--model", model, "--time-limit", "30", "--max-chars", str(len(SENTENCES[2]))) == 0
    assert json.loads(capsys.readouterr().out)["doc_id"] == "a"
