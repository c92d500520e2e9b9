"""Batch annotation: readers, error records, JSONL/Parquet output, resume, summary, datasets."""

import io
import json
import os
import sys
import time
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from claimattr import Pipeline
from claimattr.batch import (
    RunSummary,
    annotate_dataset,
    annotate_files,
    annotate_item,
    annotate_items,
    annotate_records,
    skip_done,
)
from claimattr.readers import Fields, Item, check_inputs, count_items, read_items
from claimattr.writers import (
    consumed_path,
    done_ids,
    lock_path,
    output_lock,
    read_output,
    repair_tail,
    staged_path,
)
from claimattr.components import Component
from claimattr.doc import Document
from claimattr.errors import FormatError, InputError
from claimattr.stance.linear import LinearStance

ARTICLES = [
    "قال وزير الخارجية إن الحكومة ستعقد اجتماعاً مع الوفد الأمريكي الأسبوع المقبل.",
    "أكد المتحدث باسم الحكومة أن القوات الأجنبية ستغادر البلاد قبل نهاية العام.",
    "وصل الوفد إلى بغداد صباح اليوم في زيارة رسمية.",
    "وقال النائب في تصريح صحفي: \"لن نقبل ببقاء أي قوات أجنبية على أرضنا\".",
]


@pytest.fixture(scope="module")
def nlp():
    texts = ["يجب خروج قوات الاحتلال من العراق فوراً", "القوات الأمريكية تساعد في محاربة داعش",
             "عقد الاجتماع في بغداد اليوم", "الوجود الأجنبي احتلال يجب أن ينتهي",
             "التحالف يدرب القوات العراقية", "وصل الوفد صباح اليوم"]
    stance = LinearStance().fit(texts, ["oppose", "support", "neutral"] * 2)
    return Pipeline.new(stance=stance)


def _jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- readers ----------------------------------------------------------------------------------
def test_txt_and_folder_ids_are_file_stems(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "b.txt").write_text(ARTICLES[1], encoding="utf-8")
    (folder / "a.txt").write_text(ARTICLES[0] + "\r\n", encoding="utf-8")
    (folder / "notes.md").write_text("x", encoding="utf-8")
    items = list(read_items([str(folder), str(folder / "b.txt")]))
    assert [i.doc_id for i in items] == ["a", "b", "b"]
    assert items[0].text == ARTICLES[0] + "\r\n"  # read as given, never altered


def test_non_utf8_txt_gives_an_error_naming_the_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("قال الوزير".encode("cp1256"))
    (item,) = read_items([str(bad)])
    assert item.doc_id == "bad" and item.text is None
    assert str(bad) in item.error and "UTF-8" in item.error


def test_jsonl_ids_fields_and_bad_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [json.dumps({"doc_id": "d1", "text": ARTICLES[0]}, ensure_ascii=False).encode(),
             json.dumps({"id": 7, "text": ARTICLES[1]}, ensure_ascii=False).encode(),
             b"",
             b"{not json",
             json.dumps({"body": ARTICLES[2]}, ensure_ascii=False).encode(),
             json.dumps({"doc_id": "d5", "text": 5}).encode(),
             '{"doc_id": "d6", "text": "قال"}'.encode("cp1256"),
             b'{"doc_id": "d7", "text": "\\udc80 x"}']
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_items([str(path)]))
    assert [i.doc_id for i in items] == ["d1", "7", "in.jsonl:4", "in.jsonl:5", "d5", "in.jsonl:7", "in.jsonl:8"]
    assert items[0].text == ARTICLES[0] and items[1].error is None
    assert "not JSON" in items[2].error
    assert "--text-field" in items[3].error
    assert "not text" in items[4].error
    assert "in.jsonl:7" in items[5].error and "UTF-8" in items[5].error
    assert "lone surrogates" in items[6].error
    assert count_items([str(path)]) == 7


def test_custom_fields(tmp_path):
    path = _jsonl(tmp_path / "in.jsonl", [{"key": "k1", "body": ARTICLES[0], "doc_id": "ignored"}])
    (item,) = read_items([str(path)], Fields(text="body", id="key"))
    assert item == Item("k1", ARTICLES[0])


def test_stdin_is_jsonl(monkeypatch):
    data = json.dumps({"doc_id": "s1", "text": ARTICLES[2]}, ensure_ascii=False).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert list(read_items(["-"])) == [Item("s1", ARTICLES[2])]
    assert count_items(["-"]) is None


def test_csv_with_long_fields_and_a_bad_row(tmp_path):
    long_text = ARTICLES[2] * 5000  # > 131,072 characters, the csv module's default limit
    path = tmp_path / "in.csv"
    rows = ["id,text\r\n", f'c1,"{ARTICLES[0]}"\r\n', f'c2,"{long_text}"\r\n']
    path.write_bytes("".join(rows).encode("utf-8") + b'c3,"' + "قال".encode("cp1256") + b'"\r\n'
                     + 'c4,"سطر أول\nسطر ثان"\r\n'.encode("utf-8"))
    items = list(read_items([str(path)]))
    assert [i.doc_id for i in items] == ["c1", "c2", "in.csv:row 3", "c4"]
    assert items[1].text == long_text
    assert "UTF-8" in items[2].error
    assert items[3].text == "سطر أول\nسطر ثان"
    assert count_items([str(path)]) == 4


def test_parquet_input(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"doc_id": ["p1", "p2"], "text": [ARTICLES[0], None], "x": [1, 2]}), path)
    items = list(read_items([str(path)]))
    assert items[0] == Item("p1", ARTICLES[0])
    assert items[1].doc_id == "p2" and "no 'text' field" in items[1].error
    assert count_items([str(path)]) == 2


def test_check_inputs_fails_before_any_work(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        check_inputs([str(tmp_path / "missing.jsonl")])
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(InputError, match="unknown input kind"):
        check_inputs([str(tmp_path / "a.docx")])
    (tmp_path / "a.csv").write_text("id,body\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="--text-field"):
        check_inputs([str(tmp_path / "a.csv")])
    check_inputs([str(tmp_path / "a.csv")], Fields(text="body"))


# -- one article ------------------------------------------------------------------------------
def test_annotate_item_records(nlp):
    record = annotate_item(nlp, ("d1", ARTICLES[0]))
    assert record["doc_id"] == "d1" and "text" not in record
    claim = record["claims"][0]
    assert claim["speaker"]["name"] and 0 <= claim["confidence"] <= 1 and claim["stance"] in ("oppose", "support", "neutral")
    assert ARTICLES[0][claim["start"]:claim["end"]] == claim["text"]
    assert annotate_item(nlp, ("d1", ARTICLES[0]), with_text=True)["text"] == ARTICLES[0]


@pytest.mark.parametrize("text", ["", "   \n\t ", "The minister said the troops will leave.", "١٢٣ ... !!"])
def test_empty_or_non_arabic_text_has_no_claims(nlp, text):
    assert annotate_item(nlp, ("d", text)) == {"doc_id": "d", "claims": []}


def test_html_is_an_error_unless_stripped(nlp):
    html = f"<html><body><p>{ARTICLES[0]}</p><script>var x = 1;</script></body></html>"
    record = annotate_item(nlp, ("h", html))
    assert record["doc_id"] == "h" and "HTML" in record["error"] and "--strip-html" in record["error"]
    stripped = annotate_item(Pipeline.new(strip_html=True), ("h", html))
    assert stripped["claims"] and "error" not in stripped


def test_any_exception_becomes_an_error_record():
    class Broken(Pipeline):
        def __call__(self, text, doc_id="", meta=None):
            raise RuntimeError("boom")

    record = annotate_item(Broken([]), Item("x", "نص"))
    assert record["doc_id"] == "x" and "RuntimeError: boom" in record["error"]
    assert annotate_item(Broken([]), Item("y", error="unreadable")) == {"doc_id": "y", "error": "unreadable"}


def test_annotate_records_keeps_order_and_count(nlp):
    items = [Item(f"d{i}", t) for i, t in enumerate(ARTICLES)] + [Item("bad", error="x")]
    records = list(annotate_records(nlp, items))
    assert [r["doc_id"] for r in records] == [i.doc_id for i in items]
    assert records[-1] == {"doc_id": "bad", "error": "x"}


class FailsOn(Component):
    """A component that raises on articles containing معطوب (a bug met on one article)."""

    factory = "test-fails"

    def __call__(self, doc: Document) -> Document:
        if "معطوب" in doc.text:
            raise RuntimeError("broken article")
        return doc


def test_a_batch_gives_each_article_the_record_it_gets_alone(nlp):
    html = f"<html><body><p>{ARTICLES[0]}</p></body></html>"
    items = [Item("a", ARTICLES[0]), Item("html", html), Item("bad", error="unreadable"), Item("empty", ""),
             Item("b", ARTICLES[3])]
    assert annotate_items(nlp, items) == [annotate_item(nlp, item) for item in items]
    broken = Pipeline([*nlp.components, ("fails", FailsOn())])
    items = [Item("a", ARTICLES[0]), Item("x", "نص معطوب"), Item("b", ARTICLES[1])]
    records = annotate_items(broken, items, with_text=True)
    assert [r["doc_id"] for r in records] == ["a", "x", "b"]
    assert "RuntimeError: broken article" in records[1]["error"]
    assert records[0] == annotate_item(nlp, items[0], with_text=True) and records[2]["claims"]


def test_a_one_megabyte_article_is_annotated():
    sentences = ["وصل الوفد العراقي إلى العاصمة صباح اليوم في زيارة تستمر يومين."] * 9
    sentences.append("وقال رئيس الوفد إن الزيارة تفتح صفحة جديدة في العلاقات.")
    text = " ".join(sentences * (1_000_000 // sum(len(s) + 1 for s in sentences) + 1))
    assert len(text) >= 1_000_000
    record = annotate_item(Pipeline.new(), ("big", text))
    assert len(record["claims"]) > 1000
    assert all(text[c["start"]:c["end"]] == c["text"] for c in record["claims"])


# -- output and resume ------------------------------------------------------------------------
@pytest.fixture
def articles_file(tmp_path):
    records = [{"doc_id": f"a{i}", "text": ARTICLES[i % len(ARTICLES)]} for i in range(12)]
    records.insert(5, {"doc_id": "html", "text": "<p>نص</p>"})
    return _jsonl(tmp_path / "in.jsonl", records)


def test_annotate_files_writes_one_record_per_article(nlp, articles_file, tmp_path):
    out = tmp_path / "out.jsonl"
    summary = annotate_files(nlp, [str(articles_file)], str(out))
    records = _lines(out)
    assert [r["doc_id"] for r in records] == [r["doc_id"] for r in _lines(articles_file)]
    assert summary.articles == 13 and summary.errors == 1 and summary.skipped == 0
    assert summary.claims == sum(len(r.get("claims", [])) for r in records) > 0
    assert "13 articles" in str(summary) and "1 errors" in str(summary)
    with pytest.raises(InputError, match="--resume"):
        annotate_files(nlp, [str(articles_file)], str(out))


def test_resume_repairs_a_cut_line_and_finishes_the_run(nlp, articles_file, tmp_path):
    full = tmp_path / "full.jsonl"
    annotate_files(nlp, [str(articles_file)], str(full))
    expected = full.read_bytes()
    lines = expected.splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:4]) + lines[4][:30])  # killed in the middle of line 5
    summary = annotate_files(nlp, [str(articles_file)], str(out), resume=True)
    assert out.read_bytes() == expected
    assert summary.skipped == 4 and summary.articles == 9 and summary.repaired
    assert annotate_files(nlp, [str(articles_file)], str(out), resume=True).articles == 0


def test_repair_tail(tmp_path):
    path = tmp_path / "x.jsonl"
    for content, repaired, kept in [(b'{"a": 1}\n{"b"', True, b'{"a": 1}\n'), (b'{"a": 1}\n', False, b'{"a": 1}\n'),
                                    (b'{"a"', True, b""), (b"", False, b"")]:
        path.write_bytes(content)
        assert repair_tail(path) is repaired
        assert path.read_bytes() == kept


def test_done_ids_rejects_a_corrupt_line(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text('{"doc_id": "a", "claims": []}\n{"doc_id": "a", "error": "x"}\n', encoding="utf-8")
    assert done_ids(path) == {"a": 2}
    path.write_text('{"doc_id": "a", "claims": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(FormatError, match="out.jsonl:2"):
        done_ids(path)


def test_skip_done_counts_repeated_ids():
    from collections import Counter

    items = [Item("a", "x"), Item("b", "x"), Item("a", "y"), Item("c", "z")]
    summary = RunSummary()
    left = list(skip_done(items, Counter({"a": 1, "b": 1}), summary))
    assert left == [Item("a", "y"), Item("c", "z")] and summary.skipped == 2


def test_stdout_output(nlp, articles_file, capsys):
    annotate_files(nlp, [str(articles_file)])
    assert len(capsys.readouterr().out.splitlines()) == 13
    with pytest.raises(InputError, match="-o"):
        annotate_files(nlp, [str(articles_file)], resume=True)


def test_parquet_output_matches_jsonl_and_resumes(nlp, articles_file, tmp_path):
    import pyarrow.parquet as pq

    jsonl = tmp_path / "out.jsonl"
    annotate_files(nlp, [str(articles_file)], str(jsonl))
    expected = _lines(jsonl)
    out = tmp_path / "out.parquet"
    journal = tmp_path / "out.parquet.partial.jsonl"
    journal.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in expected[:3]), encoding="utf-8")
    summary = annotate_files(nlp, [str(articles_file)], str(out), resume=True)
    assert summary.skipped == 3 and not journal.exists()
    rows = pq.read_table(out).to_pylist()
    assert [r["doc_id"] for r in rows] == [r["doc_id"] for r in expected]
    for row, record in zip(rows, expected):
        assert row["error"] == record.get("error")
        if "claims" in record:
            assert [(c["start"], c["end"], c["text"], c["speaker"]["entity"], c["stance"]) for c in row["claims"]] == \
                [(c["start"], c["end"], c["text"], c["speaker"]["entity"], c["stance"]) for c in record["claims"]]
            assert all(c["stance_scores"]["oppose"] is not None for c in row["claims"])
    # a later run with more input appends to the finished file
    more = _jsonl(tmp_path / "more.jsonl", [{"doc_id": "extra", "text": ARTICLES[0]}])
    annotate_files(nlp, [str(articles_file), str(more)], str(out), resume=True)
    assert [r["doc_id"] for r in pq.read_table(out, columns=["doc_id"]).to_pylist()][-2:] == [expected[-1]["doc_id"], "extra"]


# -- datasets ---------------------------------------------------------------------------------
def test_annotate_dataset(nlp):
    datasets = pytest.importorskip("datasets")
    dataset = datasets.Dataset.from_dict({"id": ["x", "y", "z"], "text": [ARTICLES[0], "", "<div>نص</div>"]})
    result = annotate_dataset(dataset, nlp, batch_size=2)
    assert result.column_names == ["id", "text", "claims", "error"]
    assert result["id"] == ["x", "y", "z"]
    first = result[0]["claims"][0]
    assert ARTICLES[0][first["start"]:first["end"]] == first["text"] and first["stance"]
    assert result[1]["claims"] == [] and result[1]["error"] is None
    assert result[2]["claims"] is None and "HTML" in result[2]["error"]
    with pytest.raises(InputError, match="text_field"):
        annotate_dataset(dataset, nlp, text_field="body")


def test_annotate_dataset_with_processes(nlp):
    datasets = pytest.importorskip("datasets")
    dataset = datasets.Dataset.from_dict({"text": ARTICLES * 2})
    one = annotate_dataset(dataset, nlp, batch_size=2)
    two = annotate_dataset(dataset, nlp, batch_size=2, num_proc=2)
    assert one["claims"] == two["claims"]


# -- records that must never be lost silently -------------------------------------------------
def test_an_unterminated_csv_quote_is_reported_with_the_lines_it_swallowed(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f'id,text\nc1,"{ARTICLES[0]}\nc2,"{ARTICLES[1]}"\nc3,"{ARTICLES[2]}"\n', encoding="utf-8")
    items = list(read_items([str(path)]))  # was: one record c1 holding rows c1 and c2, no error
    assert [i.doc_id for i in items] == ["in.csv:row 1", "c3"]
    assert "lines 2-3" in items[0].error and "quote" in items[0].error
    assert items[1].text == ARTICLES[2]
    path.write_text(f'id,text\nc1,{ARTICLES[0]}\nc2,"{ARTICLES[1]}\nc3,{ARTICLES[2]}\n', encoding="utf-8")
    items = list(read_items([str(path)]))  # the quote runs to the end of the file
    assert items[0] == Item("c1", ARTICLES[0])
    assert "lines 3-4" in items[1].error and count_items([str(path)]) == 2


def test_jsonl_with_bare_carriage_returns_is_reported(tmp_path):
    path = tmp_path / "in.jsonl"
    records = [json.dumps({"doc_id": f"r{i}", "text": ARTICLES[i]}, ensure_ascii=False) for i in range(3)]
    path.write_bytes(("\r".join(records) + "\r").encode("utf-8"))
    (item,) = read_items([str(path)])
    assert item.doc_id == "in.jsonl:1" and "bare \\r" in item.error and "tr '\\r' '\\n'" in item.error
    path.write_bytes(("\r\n".join(records) + "\r\n").encode("utf-8"))  # Windows line endings are fine
    assert [i.doc_id for i in read_items([str(path)])] == ["r0", "r1", "r2"]


def test_an_unreadable_parquet_input_is_a_format_error_naming_it(tmp_path):
    empty, cut = tmp_path / "empty.parquet", tmp_path / "cut.parquet"
    empty.write_bytes(b"")
    cut.write_bytes(b"PAR1" + b"\0" * 100)
    for path in (empty, cut):
        with pytest.raises(FormatError, match=f"{path.name} is not a readable Parquet file"):
            check_inputs([str(path)])
        with pytest.raises(FormatError, match="not a readable Parquet"):
            list(read_items([str(path)]))


# -- fields kept from the input ---------------------------------------------------------------
def test_kept_fields_go_into_the_records_and_the_documents(nlp, tmp_path):
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": [ARTICLES[0], None], "outlet": ["a", "b"],
                             "date": [datetime.date(2026, 7, 1), datetime.date(2026, 7, 2)]}), path)
    fields = Fields(id="id", keep=("date", "outlet", "url"))
    check_inputs([str(path)], Fields(keep=("date", "outlet")))
    with pytest.raises(InputError, match="'url' to keep"):
        check_inputs([str(path)], fields)
    first, second = [annotate_item(nlp, item) for item in read_items([str(path)], fields)]
    assert list(first) == ["doc_id", "date", "outlet", "url", "claims"]
    assert (first["date"], first["outlet"], first["url"]) == ("2026-07-01", "a", None)
    assert second["date"] == "2026-07-02" and "error" in second
    assert Document.from_dict(first, text=ARTICLES[0]).meta == {"date": "2026-07-01", "outlet": "a", "url": None}
    with pytest.raises(InputError, match="can't keep claims"):
        Fields(keep=("title", "claims"))


def test_kept_fields_are_text_columns_of_a_parquet_output(nlp, tmp_path):
    source = _jsonl(tmp_path / "in.jsonl", [{"doc_id": "a", "text": ARTICLES[0], "date": "2026-07-01", "views": 3},
                                            {"doc_id": "b", "text": ARTICLES[1], "views": {"x": 1}}])
    out = tmp_path / "out.parquet"
    annotate_files(nlp, [str(source)], str(out), keep_fields=["date", "views"])
    rows = list(read_output(out))
    assert [(r["doc_id"], r.get("date"), r["views"]) for r in rows] == [("a", "2026-07-01", "3"), ("b", None, '{"x": 1}')]
    assert rows[0]["claims"] == [c for c in annotate_item(nlp, ("a", ARTICLES[0]))["claims"]]


# -- a per-article time budget ----------------------------------------------------------------
class SlowOn(Component):
    """A component that takes a minute on articles containing بطيء (a runaway article)."""

    factory = "test-slow"

    def __call__(self, doc: Document) -> Document:
        if "بطيء" in doc.text:
            time.sleep(60)
        return doc


def test_a_runaway_article_gets_an_error_record_and_the_run_goes_on(tmp_path):
    nlp = Pipeline([*Pipeline.new().components, ("slow", SlowOn())])
    source = _jsonl(tmp_path / "in.jsonl", [{"doc_id": "a", "text": ARTICLES[0]}, {"doc_id": "slow", "text": "نص بطيء"},
                                            {"doc_id": "b", "text": ARTICLES[1]}])
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    summary = annotate_files(nlp, [str(source)], str(out), time_limit=3)
    assert time.monotonic() - started < 45
    records = _lines(out)
    assert [r["doc_id"] for r in records] == ["a", "slow", "b"] and summary.errors == 1, records
    assert "time limit of 3 s" in records[1]["error"]
    assert records[0]["claims"] and records[2]["claims"]


# -- locking and crash safety -----------------------------------------------------------------
def test_a_second_writer_of_an_output_is_refused(tmp_path):
    out = tmp_path / "out.jsonl"
    with output_lock(str(out)):
        with pytest.raises(InputError, match=f"being written by another claimattr annotate run \\(process {os.getpid()}\\)"):
            with output_lock(str(out)):
                pass
        assert lock_path(out).exists()
    assert not lock_path(out).exists()
    with output_lock(str(out)):  # free again once the first run ended
        pass


@pytest.mark.parametrize("fail_after", ["journal", "parquet"])
def test_a_parquet_run_killed_while_committing_resumes_without_writing_rows_twice(nlp, articles_file, tmp_path,
                                                                                monkeypatch, fail_after):
    out = tmp_path / "out.parquet"
    real_replace = os.replace

    def replace_then_die(src, dst):
        real_replace(src, dst)
        if Path(dst) == (consumed_path(out) if fail_after == "journal" else out):
            raise KeyboardInterrupt("killed between two steps of the commit")

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        annotate_files(nlp, [str(articles_file)], str(out))
    monkeypatch.setattr(os, "replace", real_replace)
    assert consumed_path(out).exists()  # the journal's rows are in the staged or the final file
    summary = annotate_files(nlp, [str(articles_file)], str(out), resume=True)
    assert summary.articles == 0 and summary.skipped == 13  # was: every row written a second time
    ids = [r["doc_id"] for r in read_output(out)]
    assert ids == [r["doc_id"] for r in _lines(articles_file)]
    assert not consumed_path(out).exists() and not staged_path(out).exists()


def test_read_output_reads_jsonl_and_parquet_alike(nlp, articles_file, tmp_path):
    jsonl, parquet = tmp_path / "out.jsonl", tmp_path / "out.parquet"
    annotate_files(nlp, [str(articles_file)], str(jsonl))
    annotate_files(nlp, [str(articles_file)], str(parquet))
    assert list(read_output(parquet)) == _lines(jsonl)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "a", "claims": []}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(FormatError, match="bad.jsonl:2"):
        list(read_output(bad))
