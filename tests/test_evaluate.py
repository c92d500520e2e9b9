"""Tests of claimattr.evaluate: the metric on small hand-made documents, files and the CLI."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from claimattr.cli import main
from claimattr.corpora import read_corpus, repo_root
from claimattr.doc import Claim, Document, Span, Speaker
from claimattr.errors import FormatError
from claimattr.evaluate import (
    evaluate,
    evaluate_files,
    format_errors,
    jaccard,
    match_claims,
    speaker_correct,
    stance_confusion,
)

SEEDS = repo_root() / "corpora" / "seeds"
TEXT = (
    "قال هادي العامري إن القوات الأمريكية يجب أن تغادر العراق. "
    "وقال مسؤول دفاعي أميركي إن القوات باقية لمحاربة داعش. "
    "وأضاف زعيم التيار الصدري مقتدى الصدر أن الحكومة ستجتمع غداً."
)


def claim(
    cid: str,
    start: int,
    end: int,
    entity: str = "hadi-al-amiri",
    stance: str | None = "oppose",
    mention: tuple[int, int] | None = None,
    name: str = "",
) -> Claim:
    """A claim over ``TEXT[start:end]`` with the given speaker and stance."""
    speaker = Speaker(entity, name, Span.of(TEXT, *mention) if mention else None)
    return Claim(cid, start, end, TEXT[start:end], "indirect", speaker, stance=stance)


def at(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


def doc(*claims: Claim, doc_id: str = "d1") -> Document:
    return Document(text=TEXT, doc_id=doc_id, claims=list(claims))


AMIRI = at("القوات الأمريكية يجب أن تغادر العراق")
OFFICIAL = at("القوات باقية لمحاربة داعش")
SADR = at("الحكومة ستجتمع غداً")


def gold_doc() -> Document:
    return doc(
        claim("c1", *AMIRI, mention=at("هادي العامري")),
        claim("c2", *OFFICIAL, "other:مسؤول دفاعي أميركي", "support", at("مسؤول دفاعي أميركي")),
        claim("c3", *SADR, "other:مقتدى الصدر", "neutral", at("زعيم التيار الصدري مقتدى الصدر")),
    )


def test_perfect_match_is_one_everywhere():
    report = evaluate([gold_doc()], [gold_doc()])
    figures = report.to_dict()
    for key in ("claims", "claims_strict", "end_to_end"):
        assert figures[key]["f1"] == figures[key]["precision"] == figures[key]["recall"] == 1.0
    assert report.speaker_accuracy == report.stance_accuracy == report.stance_macro_f1 == 1.0
    assert report.matched == 3


def test_jaccard_of_intervals():
    assert jaccard((0, 10), (0, 5)) == 0.5
    assert jaccard((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert jaccard((0, 4), (4, 8)) == 0.0


@pytest.mark.parametrize(
    "pred_len, matched, strict", [(10, 1, 1), (8, 1, 1), (7, 1, 0), (5, 1, 0), (4, 0, 0)]
)
def test_jaccard_thresholds(pred_len, matched, strict):
    start = AMIRI[0]
    gold = doc(claim("c1", start, start + 10))
    pred = doc(claim("p1", start, start + pred_len))
    report = evaluate([gold], [pred])
    assert report.claims.correct == matched
    assert report.claims_strict.correct == strict
    assert report.claims.recall == matched and report.claims_strict.f1 == strict


def test_greedy_pairing_takes_the_highest_jaccard_first():
    s = AMIRI[0]
    gold = [claim("g1", s, s + 10), claim("g2", s + 2, s + 13)]
    pred = [claim("p1", s + 2, s + 12), claim("p2", s, s + 6)]
    pairs = match_claims(gold, pred)
    # g1's best is p1 (8/12), but p1~g2 (10/11) is higher and taken first; g1 then gets p2 (0.6).
    assert [(p.gold.id, p.pred.id) for p in pairs] == [("g2", "p1"), ("g1", "p2")]
    one = match_claims([claim("g1", s, s + 10)], [claim("p1", s, s + 6), claim("p2", s, s + 9)])
    assert [(p.pred.id, p.jaccard) for p in one] == [("p2", 0.9)]


def test_other_speaker_accepted_when_mentions_overlap():
    gold = claim("c2", *OFFICIAL, "other:مسؤول دفاعي أميركي", mention=at("مسؤول دفاعي أميركي"))
    overlapping = claim("p", *OFFICIAL, "other:المسؤول", mention=at("دفاعي أميركي"))
    elsewhere = claim("p", *OFFICIAL, "other:المسؤول", mention=at("هادي العامري"))
    assert speaker_correct(gold, overlapping)
    assert not speaker_correct(gold, elsewhere)


@pytest.mark.parametrize(
    "entity, name, right",
    [
        ("other:الصدر", "", True),  # predicted words inside the gold name
        ("other:السيد مقتدى الصدر", "", True),  # gold words inside the predicted id
        ("other:زعيم التيار", "السيد مُقتدى، الصدر", True),  # via speaker.name, normalised
        ("other:زعيم التيار", "التيار الصدري", False),
        ("hadi-al-amiri", "هادي العامري", False),
    ],
)
def test_other_speaker_accepted_when_name_words_contain_one_another(entity, name, right):
    gold = claim("c3", *SADR, "other:مقتدى الصدر", mention=at("زعيم التيار الصدري مقتدى الصدر"))
    pred = claim("p", *SADR, entity, name=name)
    assert speaker_correct(gold, pred) is right


def test_registry_speaker_needs_the_same_id_even_with_overlapping_mentions():
    gold = claim("c1", *AMIRI, "hadi-al-amiri", mention=at("هادي العامري"))
    assert not speaker_correct(gold, claim("p", *AMIRI, "other:هادي العامري", mention=at("هادي العامري")))


def test_stance_accuracy_and_macro_f1_on_a_known_confusion():
    words = [at(w) for w in ("هادي", "العامري", "القوات", "الأمريكية")]
    pairs = [("oppose", "oppose"), ("oppose", "neutral"), ("support", "support"), ("neutral", "neutral")]
    gold = doc(*(claim(f"g{i}", *w, stance=g) for i, (w, (g, _)) in enumerate(zip(words, pairs))))
    pred = doc(*(claim(f"p{i}", *w, stance=p) for i, (w, (_, p)) in enumerate(zip(words, pairs))))
    report = evaluate([gold], [pred])
    assert report.stance_accuracy == 0.75
    oppose = report.stance_by_label["oppose"]
    assert (oppose.precision, oppose.recall) == (1.0, 0.5)
    assert report.stance_by_label["neutral"].precision == 0.5
    assert report.stance_macro_f1 == pytest.approx((2 / 3 + 1 + 2 / 3) / 3)


def test_macro_f1_averages_only_the_labels_present():
    words = [at("هادي"), at("العامري")]
    gold = doc(claim("g0", *words[0], stance="oppose"), claim("g1", *words[1], stance="oppose"))
    pred = doc(claim("p0", *words[0], stance="oppose"), claim("p1", *words[1], stance="neutral"))
    report = evaluate([gold], [pred])
    assert report.stance_macro_f1 == pytest.approx((2 / 3 + 0.0) / 2)  # support is absent


def test_end_to_end_needs_match_speaker_and_stance():
    pred = doc(
        claim("p1", *AMIRI, mention=at("هادي العامري")),  # all right
        claim("p2", *OFFICIAL, "us-government", "support"),  # wrong speaker
        claim("p3", *SADR, "other:الصدر", "oppose"),  # wrong stance
        claim("p4", *at("قال هادي")),  # no gold claim
    )
    report = evaluate([gold_doc()], [pred])
    assert report.claims.precision == 0.75 and report.claims.recall == 1.0
    assert report.speaker_correct == 2 and report.stance_correct == 2
    assert report.end_to_end.precision == 0.25
    assert report.end_to_end.recall == pytest.approx(1 / 3)


def test_by_pattern_counts_precision_and_speakers_per_rule_pattern():
    def found_by(c: Claim, pattern: str | None) -> Claim:
        return dataclasses.replace(c, pattern=pattern)

    pred = doc(
        found_by(claim("p1", *AMIRI, mention=at("هادي العامري")), "verb-first"),  # right
        found_by(claim("p2", *OFFICIAL, "us-government", "support"), "verb-first"),  # wrong speaker
        found_by(claim("p3", *at("قال هادي")), "headline"),  # no gold claim
        found_by(claim("p4", *SADR, "other:الصدر", "neutral"), None),
    )
    rows = evaluate([gold_doc()], [pred]).by_pattern()
    assert list(rows) == ["verb-first", "headline", "none"]
    assert rows["verb-first"] == {"predicted": 2, "matched": 2, "precision": 1.0, "speaker_accuracy": 0.5}
    assert rows["headline"]["precision"] == 0.0 and rows["headline"]["speaker_accuracy"] == 0.0
    assert rows["none"]["matched"] == 1


def test_missing_and_extra_documents():
    gold = [gold_doc(), doc(claim("c1", *AMIRI), doc_id="d2")]
    pred = [gold_doc(), doc(claim("c1", *AMIRI), doc_id="elsewhere")]
    report = evaluate(gold, pred)
    assert report.missing_documents == 1 and report.ignored_documents == 1
    assert report.claims.recall == 0.75 and report.claims.precision == 1.0
    assert "1 gold documents had no prediction" in report.format_table()


def test_duplicate_doc_ids_are_an_error():
    with pytest.raises(FormatError, match="'d1' twice"):
        evaluate([gold_doc(), gold_doc()], [])


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    """A standoff gold corpus of one document with its texts/ folder."""
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "d1.txt").write_text(TEXT, "utf-8")
    return write_jsonl(tmp_path / "gold.jsonl", [gold_doc().to_dict(include_text=False)])


def test_error_records_count_as_empty_predictions(gold_file, tmp_path):
    record = {**gold_doc().to_dict(), "error": "the model failed"}
    report = evaluate_files(gold_file, write_jsonl(tmp_path / "pred.jsonl", [record]))
    assert report.error_documents == 1
    assert report.claims.predicted == 0 and report.claims.recall == 0.0


def test_standoff_predictions_take_the_gold_text(gold_file, tmp_path):
    pred = write_jsonl(tmp_path / "pred.jsonl", [gold_doc().to_dict(include_text=False)])
    assert evaluate_files(gold_file, pred).end_to_end.f1 == 1.0


def test_prediction_on_another_text_is_an_error(gold_file, tmp_path):
    record = {**gold_doc().to_dict(), "text": TEXT + " "}
    with pytest.raises(FormatError, match="different text"):
        evaluate_files(gold_file, write_jsonl(tmp_path / "pred.jsonl", [record]))


def test_prediction_span_text_is_checked(gold_file, tmp_path):
    record = gold_doc().to_dict(include_text=False)
    record["claims"][0]["text"] = "نص آخر"
    with pytest.raises(FormatError, match="d1 claim 'c1': text"):
        evaluate_files(gold_file, write_jsonl(tmp_path / "pred.jsonl", [record]))


def test_seed_gold_against_itself_is_perfect():
    gold = read_corpus(SEEDS)
    report = evaluate(gold, read_corpus(SEEDS))
    assert report.claims.gold == 74
    assert report.claims.f1 == report.claims_strict.f1 == report.end_to_end.f1 == 1.0
    assert report.speaker_accuracy == report.stance_accuracy == report.stance_macro_f1 == 1.0


def test_cli_prints_the_table_or_json(gold_file, tmp_path, capsys):
    pred = write_jsonl(tmp_path / "pred.jsonl", [gold_doc().to_dict()])
    assert main(["evaluate", str(gold_file), str(pred)]) == 0
    assert "stance macro-F1" in capsys.readouterr().out
    assert main(["evaluate", str(gold_file), str(pred), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["end_to_end"]["f1"] == 1.0


def test_cli_bad_file_exits_2_with_a_message(gold_file, tmp_path, capsys):
    bad = tmp_path / "pred.jsonl"
    bad.write_text("{oops\n", "utf-8")
    assert main(["evaluate", str(gold_file), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "pred.jsonl:1: not valid JSON" in err


def flawed_prediction() -> Document:
    """The gold document predicted with one claim missed (c3), one spurious, one wrong speaker
    and one wrong stance."""
    return doc(
        claim("p1", *AMIRI, "other:العامري", mention=at("هادي العامري")),  # registry id missed
        claim("p2", *OFFICIAL, "other:مسؤول دفاعي أميركي", "neutral", at("مسؤول دفاعي أميركي")),
        claim("p3", *at("وأضاف زعيم"), "other:x", "neutral"),
    )


def test_errors_name_missed_spurious_wrong_speaker_and_stance_per_document():
    report = evaluate([gold_doc(), doc(doc_id="d2")], [flawed_prediction()])
    first, second = report.errors
    assert [c.id for c in first.missed] == ["c3"] and [c.id for c in first.spurious] == ["p3"]
    assert [(p.gold.id, p.pred.id) for p in first.wrong_speaker] == [("c1", "p1")]
    assert [(p.gold.id, p.pred.id) for p in first.wrong_stance] == [("c2", "p2")]
    assert first.count == 4 and second.count == 0 and second.doc_id == "d2"
    record = first.to_dict()
    assert record["wrong_stance"][0]["gold"]["stance"] == "support" and record["wrong_stance"][0]["pred"]["stance"] == "neutral"
    assert record["missed"][0]["text"] == TEXT[SADR[0]:SADR[1]]
    confusion = stance_confusion(report.pairs)
    assert confusion["oppose"]["oppose"] == 1 and confusion["support"]["neutral"] == 1
    assert sum(n for row in confusion.values() for n in row.values()) == report.matched == 2
    table = format_errors(report)
    assert "1 of 2 documents have errors" in table and "d1" in table and "d2" not in table


def test_cli_errors_as_a_table_and_as_jsonl(gold_file, tmp_path, capsys):
    pred = write_jsonl(tmp_path / "pred.jsonl", [flawed_prediction().to_dict()])
    out = tmp_path / "errors.jsonl"
    assert main(["evaluate", str(gold_file), str(pred), "--errors", "--errors-out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "missed" in printed and "stance of matched claims" in printed
    (record,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert record["doc_id"] == "d1" and len(record["spurious"]) == 1
    assert main(["evaluate", str(gold_file), str(pred), "--errors", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["errors"][0]["doc_id"] == "d1" and figures["stance_confusion"]["support"]["neutral"] == 1


def test_cli_errors_of_a_split(tmp_path, capsys):
    out = tmp_path / "errors.jsonl"
    assert main(["evaluate", "--split", "all", "--corpus", str(SEEDS), "--errors", "--errors-out", str(out)]) == 0
    assert "documents have errors" in capsys.readouterr().out
    assert all(json.loads(line)["doc_id"].startswith("seed-") for line in out.read_text("utf-8").splitlines())
