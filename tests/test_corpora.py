"""Tests of claimattr.corpora: reading inline and standoff corpora, validation, statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimattr import corpora
from claimattr.corpora import (
    corpus_stats,
    read_corpus,
    repo_root,
    shared_dir,
    training_corpora,
    validate,
    validate_corpus,
)
from claimattr.errors import FormatError

TEXT = "قال هادي العامري إن القوات الأمريكية يجب أن تغادر العراق."
SEEDS = repo_root() / "corpora" / "seeds"


def span(text: str, piece: str) -> dict:
    """The ANNOTATION span of the first occurrence of ``piece`` in ``text``."""
    start = text.index(piece)
    return {"start": start, "end": start + len(piece), "text": piece}


def record(doc_id: str = "d1", article: str = TEXT, **claim_changes) -> dict:
    """A one-claim ANNOTATION record (without ``text``) over ``article``."""
    content = span(article, "القوات الأمريكية يجب أن تغادر العراق")
    claim = {
        "id": "c1",
        "start": content["start"],
        "end": content["end"],
        "kind": "indirect",
        "cue": span(article, "قال"),
        "speaker": {"entity": "hadi-al-amiri", "mention": span(article, "هادي العامري")},
        "stance": "oppose",
    }
    claim.update(claim_changes)
    return {"doc_id": doc_id, "claims": [claim]}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_read_inline_text(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{**record(), "text": TEXT}])
    [doc] = read_corpus(path)
    assert doc.doc_id == "d1" and doc.text == TEXT
    assert doc.claims[0].text == "القوات الأمريكية يجب أن تغادر العراق"
    assert doc.claims[0].speaker.mention.text == "هادي العامري"
    assert validate(doc) == []


def test_read_standoff_from_texts_beside_and_from_a_folder_argument(tmp_path):
    write_jsonl(tmp_path / "gold.jsonl", [record()])
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "d1.txt").write_text(TEXT, "utf-8")
    [doc] = read_corpus(tmp_path)  # a folder holding gold.jsonl
    assert doc.text == TEXT
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "d1.txt").write_text(TEXT + "\n", "utf-8")
    [doc] = read_corpus(tmp_path / "gold.jsonl", texts=other)
    assert doc.text == TEXT + "\n"


def test_text_files_are_read_unaltered(tmp_path):
    raw = "\ufeffسطر أول\r\n" + TEXT
    write_jsonl(tmp_path / "gold.jsonl", [record(article=raw)])
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "d1.txt").write_bytes(raw.encode("utf-8"))
    [doc] = read_corpus(tmp_path)
    assert doc.text == raw
    assert validate(doc) == []


def test_missing_text_file_names_the_path_and_the_fix(tmp_path):
    write_jsonl(tmp_path / "gold.jsonl", [record()])
    with pytest.raises(FormatError) as err:
        read_corpus(tmp_path)
    message = str(err.value)
    assert str(tmp_path / "texts" / "d1.txt") in message
    assert "texts=" in message and "'d1'" in message


def test_bad_json_gives_the_line_number(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({**record(), "text": TEXT}) + "\n{not json\n", "utf-8")
    with pytest.raises(FormatError, match=r"c\.jsonl:2: not valid JSON"):
        read_corpus(path)


def test_missing_corpus_says_what_to_give(tmp_path):
    with pytest.raises(FormatError, match="gold.jsonl"):
        read_corpus(tmp_path / "nothing")


def make_pool(shared: Path, records: list[dict]) -> None:
    (shared / "corpora").mkdir(parents=True)
    write_jsonl(shared / "corpora" / "p_pool.jsonl", records)


def test_standoff_text_from_a_pool(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    make_pool(shared, [{"id": "x0", "text": "نص آخر"}, {"id": "x1", "text": TEXT}])
    monkeypatch.setenv("CLAIMATTR_SHARED", str(shared))
    annot = tmp_path / "annot"
    annot.mkdir()
    source = {"source": "corpora/p_pool.jsonl"}
    write_jsonl(annot / "gold.jsonl", [{**record("x1"), **source}, {"doc_id": "x0", **source}])
    docs = read_corpus(annot)
    assert [d.text for d in docs] == [TEXT, "نص آخر"]
    assert validate_corpus(docs) == []


def test_pool_without_the_doc_id_is_an_error(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    make_pool(shared, [{"id": "x0", "text": TEXT}])
    monkeypatch.setenv("CLAIMATTR_SHARED", str(shared))
    path = write_jsonl(tmp_path / "a.jsonl", [{**record("x9"), "source": "corpora/p_pool.jsonl"}])
    with pytest.raises(FormatError, match="'x9'"):
        read_corpus(path)


def test_missing_pool_says_to_set_the_shared_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMATTR_SHARED", str(tmp_path / "none"))
    path = write_jsonl(tmp_path / "a.jsonl", [{**record(), "source": "corpora/p_pool.jsonl"}])
    with pytest.raises(FormatError, match="CLAIMATTR_SHARED"):
        read_corpus(path)


def read_one(tmp_path: Path, rec: dict):
    [doc] = read_corpus(write_jsonl(tmp_path / "c.jsonl", [{**rec, "text": TEXT}]))
    return doc


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"end": len(TEXT) + 5}, "not a non-empty range"),
        ({"cue": {"start": 0, "end": 3, "text": "وقال"}}, "cue: text[0:3]"),
        ({"speaker": {"entity": "x", "mention": {"start": 4, "end": 8, "text": "خطأ"}}},
         "speaker mention: text[4:8]"),
        ({"speaker": {"entity": "", "mention": None}}, "no entity id"),
        ({"kind": "quote"}, "kind 'quote' is not one of"),
        ({"stance": "against"}, "stance 'against' is not one of"),
        ({"text": "نص لا يطابق"}, "the record says 'نص لا يطابق'"),
    ],
)
def test_validation_names_document_and_claim(tmp_path, change, expected):
    problems = validate(read_one(tmp_path, record(**change)))
    assert len(problems) == 1
    assert problems[0].startswith("d1 claim 'c1'")
    assert expected in problems[0]


def test_labels_are_not_required_of_predictions(tmp_path):
    doc = read_one(tmp_path, record(stance=None, kind="?"))
    assert validate(doc, labels=False) == []
    assert len(validate(doc)) == 2


def test_duplicate_claim_and_doc_ids(tmp_path):
    rec = record()
    rec["claims"] *= 2
    doc = read_one(tmp_path, rec)
    assert any("'c1': the claim id is used twice" in p for p in validate(doc))
    assert any("doc_id 'd1' appears 2 times" in p for p in validate_corpus([doc, doc]))


def test_corpus_stats(tmp_path):
    doc = read_one(tmp_path, record())
    stats = corpus_stats([doc, doc])
    assert stats["articles"] == 2 and stats["claims"] == 2
    assert stats["words"] == 2 * 10
    assert stats["by_kind"] == {"indirect": 2}
    assert stats["by_stance"] == {"oppose": 2}
    assert stats["by_speaker"] == {"hadi-al-amiri": 2}


def test_shared_dir_lookup_order(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMATTR_SHARED", str(tmp_path / "from_env"))
    assert shared_dir() == tmp_path / "from_env"
    monkeypatch.delenv("CLAIMATTR_SHARED")
    (tmp_path / "shared").mkdir()
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert shared_dir().resolve() == (tmp_path / "shared").resolve()
    (tmp_path / "work" / "deeper").mkdir()
    monkeypatch.chdir(tmp_path / "work" / "deeper")  # no ../shared here
    assert shared_dir() == repo_root().parent / "shared"


def test_training_corpora_skips_missing_ones(tmp_path, monkeypatch):
    train = tmp_path / "corpora" / "train"
    (train / "texts").mkdir(parents=True)
    write_jsonl(train / "gold.jsonl", [record()])
    (train / "texts" / "d1.txt").write_text(TEXT, "utf-8")
    monkeypatch.setenv("CLAIMATTR_SHARED", str(tmp_path))
    found = training_corpora()
    assert list(found)[:2] == ["seeds", "train"]
    assert "ontopic" not in found and "news2026" not in found
    assert found["train"][0].text == TEXT


def test_seed_corpus():
    docs = read_corpus(SEEDS)
    assert len(docs) == 5
    assert sum(len(d.claims) for d in docs) == 74
    assert validate_corpus(docs) == []


SHARED_CORPORA = shared_dir() / "corpora"


@pytest.mark.skipif(not SHARED_CORPORA.is_dir(), reason="the shared data folder is not here")
@pytest.mark.parametrize("name", corpora.SHARED_CORPORA)
def test_shared_corpora_read_and_validate(name):
    docs = read_corpus(SHARED_CORPORA / name)
    assert docs and validate_corpus(docs) == []
