"""Tests of claimattr.annotation: working files of text fragments -> standoff gold, and checks."""

from __future__ import annotations

import json

import pytest

from claimattr import annotation
from claimattr.annotation import check_document, on_word_boundaries, resolve_record
from claimattr.cli import main
from claimattr.corpora import read_corpus
from claimattr.doc import Claim, Document, Span, Speaker
from claimattr.errors import FormatError

# Written for these tests: a verb-first claim, a subject-first one, and a post-posed one, with
# the word قال also standing inside استقال and a repeated phrase.
TEXT = ("استقال الوزير أمس. وقال هادي العامري إن القوات الأمريكية يجب أن تغادر. "
        "والقوات الأمريكية باقية في القواعد، بحسب مسؤول أمريكي. "
        "وقال العامري إن القوات الأمريكية يجب أن تغادر.")


def claim(span: str, **fields) -> dict:
    base = {"span": span, "kind": "indirect", "cue": "وقال", "mention": "هادي العامري",
            "entity": "hadi-al-amiri", "stance": "oppose"}
    return {**base, **fields}


def spans(record: dict) -> list[str]:
    return [TEXT[c["start"]:c["end"]] for c in record["claims"]]


def test_fragments_resolve_to_offsets_in_text_order():
    work = {"doc_id": "d1", "claims": [
        claim("القوات الأمريكية يجب أن تغادر"),
        claim("القوات الأمريكية باقية في القواعد", cue="بحسب", cue_after=True, mention="مسؤول أمريكي",
              entity="other:مسؤول أمريكي", stance="support"),
        claim("القوات الأمريكية يجب أن تغادر", mention="العامري"),
    ]}
    gold = resolve_record(work, TEXT)
    first, second, third = gold["claims"]
    # The second span is found after the first claim, beside the proclitic و of والقوات.
    assert spans(gold) == ["القوات الأمريكية يجب أن تغادر", "القوات الأمريكية باقية في القواعد",
                           "القوات الأمريكية يجب أن تغادر"]
    assert third["start"] > second["start"] > first["start"]
    # The cue is the nearest whole-word وقال before each span, never the قال of استقال.
    assert first["cue"]["start"] == TEXT.index("وقال")
    assert third["cue"]["start"] == TEXT.rindex("وقال")
    assert second["cue"] == {"start": TEXT.index("بحسب"), "end": TEXT.index("بحسب") + 4, "text": "بحسب"}
    assert third["speaker"]["mention"]["start"] == TEXT.rindex("العامري")
    assert [c["id"] for c in gold["claims"]] == ["c1", "c2", "c3"]


def test_anchored_span_and_explicit_occurrence():
    work = {"doc_id": "d1", "claims": [claim("القوات ||| تغادر", occ=3, mention="العامري")]}
    [c] = resolve_record(work, TEXT)["claims"]
    assert TEXT[c["start"]:c["end"]] == "القوات الأمريكية يجب أن تغادر"
    assert c["start"] == TEXT.rindex("القوات الأمريكية يجب")


@pytest.mark.parametrize("change, message", [
    ({"span": "القوات الروسية"}, "not found"),
    ({"cue": "تغاد"}, "not in the article as whole words"),
    ({"stance": "against"}, "stance"),
    ({"kind": "quote"}, "kind"),
    ({"entity": "Hadi Amiri"}, "entity"),
    ({"occ": 9}, "occurrence"),
])
def test_bad_working_claims_are_reported(change, message):
    with pytest.raises(FormatError, match=message):
        resolve_record({"doc_id": "d1", "claims": [{**claim("القوات الأمريكية يجب أن تغادر"), **change}]}, TEXT)


def test_span_listed_out_of_order_says_how_to_fix():
    work = {"doc_id": "d1", "claims": [claim("إن القوات الأمريكية يجب", occ=2, mention="العامري"),
                                        claim("هادي العامري إن")]}
    with pytest.raises(FormatError, match="text order or give 'occ'"):
        resolve_record(work, TEXT)


def test_word_boundaries_allow_proclitics_only():
    text = "وواشنطن تطالب وفقاً لتقرير استقال"
    assert on_word_boundaries(text, 1, 7)                      # واشنطن after the و of وواشنطن
    assert on_word_boundaries(text, 14, 20)                    # the cue وفقاً ل ends on a clitic
    assert not on_word_boundaries(text, text.index("قال"), len(text))  # قال inside استقال
    assert not on_word_boundaries(text, 1, 7, clitics=False)


def test_check_document_finds_split_words_and_bad_ids():
    text = "قال المسؤول الأمريكي إن القوات باقية"
    start = text.index("القوات")
    bad = Claim("c1", start + 1, len(text), text[start + 1:], "indirect",
                Speaker("other: ", mention=Span.of(text, 4, 11)), Span.of(text, 0, 3), "neutral")
    problems = check_document(Document(text, "d1", [bad]))
    assert any("the span" in p and "splits a word" in p for p in problems)
    assert any("entity" in p for p in problems)
    good = Claim("c1", start, len(text), text[start:], "indirect",
                 Speaker("other:المسؤول الأمريكي", mention=Span.of(text, 4, 20)), Span.of(text, 0, 3), "neutral")
    assert check_document(Document(text, "d1", [good])) == []


def test_cli_resolve_writes_gold_that_reads_back(tmp_path, capsys):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "d1.txt").write_text(TEXT, encoding="utf-8")
    work = tmp_path / "work.jsonl"
    records = [{"doc_id": "d1", "claims": [claim("القوات الأمريكية يجب أن تغادر")]},
               {"doc_id": "d1", "claims": [claim("لا يوجد هذا النص")]}]
    work.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    assert main(["corpora", "resolve", str(work), "-o", str(gold)]) == 1  # the second record fails
    assert "work.jsonl:2" in capsys.readouterr().out
    [doc] = read_corpus(gold, texts=texts)
    assert doc.claims[0].text == "القوات الأمريكية يجب أن تغادر"
    assert doc.claims[0].speaker.mention.text == "هادي العامري"


def test_check_and_stats_on_a_corpus_folder(tmp_path, capsys):
    folder = tmp_path / "mine"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "d1.txt").write_text(TEXT, encoding="utf-8")
    gold = resolve_record({"doc_id": "d1", "claims": [claim("القوات الأمريكية يجب أن تغادر")]}, TEXT)
    (folder / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["corpora", "check", str(folder)]) == 0
    assert "mine: 1 documents, 1 claims: ok" in capsys.readouterr().out
    rows = json.loads(annotation.stats([folder], as_json=True))
    assert rows[0]["claims"] == 1 and rows[0]["oppose"] == 1 and rows[-1]["corpus"] == "total"


def test_check_skips_corpora_whose_texts_are_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMATTR_SHARED", str(tmp_path / "nowhere"))
    report = annotation.check()
    assert any("train: skipped" in line and "CLAIMATTR_SHARED" in line for line in report.lines)
    assert any(line.startswith("seeds:") and line.endswith("ok") for line in report.lines)


def test_with_stance_is_replace_of_the_stance_fields():
    from dataclasses import replace

    from claimattr.doc import Claim, Span, Speaker

    claim = Claim("c2", 3, 9, "نص قصير", "mixed", Speaker("x", "س", Span(0, 2, "س")), Span(1, 2, "ق"),
                  confidence=0.7, pattern="verb-first")
    scores = {"oppose": 0.1, "support": 0.2, "neutral": 0.7}
    assert claim.with_stance("neutral", scores, ("r",)) == replace(claim, stance="neutral", stance_scores=scores,
                                                                     stance_rules=("r",))
