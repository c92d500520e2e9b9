"""Tests of claimattr.training.datasets: folds by document, stance/span/speaker examples."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.training_fixtures import corpus, make_doc, SENTENCES

from claimattr.components.span_tagger import SPAN_LABELS, spans_from_labels, words
from claimattr.corpora import unique_documents
from claimattr.errors import FormatError
from claimattr.stance import claim_context, stance_examples
from claimattr.training.datasets import (
    document_folds,
    span_examples,
    span_layers,
    speaker_pairs,
    task_records,
    to_dataset_dict,
    train_test_documents,
    word_labels,
)


def test_folds_partition_documents_and_spread_rare_labels():
    docs = corpus(10)
    folds = document_folds(docs, k=5, seed=3)
    assert sorted(i for fold in folds for i in fold) == list(range(10))
    assert all(fold for fold in folds)
    supports = [sum(c.stance == "support" for i in fold for c in docs[i].claims) for fold in folds]
    assert max(supports) - min(supports) <= 2


def test_folds_are_deterministic_and_checked():
    docs = corpus(6)
    assert document_folds(docs, 3, seed=1) == document_folds(docs, 3, seed=1)
    with pytest.raises(FormatError):
        document_folds(docs, k=7)
    with pytest.raises(FormatError):
        document_folds(docs, k=1)


def test_train_test_split_never_splits_a_document():
    docs = corpus(10)
    train, test = train_test_documents(docs, 0.2)
    assert {d.doc_id for d in train}.isdisjoint(d.doc_id for d in test)
    assert len(train) + len(test) == 10 and test


def test_unique_documents_keeps_first_annotation():
    a, b = make_doc("x", SENTENCES[:1]), make_doc("x", SENTENCES[1:2])
    assert unique_documents([a, b]) == [a]


def test_context_holds_cue_and_source_but_not_the_claim():
    text = "خبر أول انتهى. وقال العامري إن القوات يجب أن تغادر، وذلك بعد الهجوم. خبر آخر."
    start = text.index("القوات")
    end = text.index("، وذلك")
    context = claim_context(text, start, end)
    assert "وقال العامري إن" in context and "وذلك بعد الهجوم" in context
    assert "تغادر" not in context and "خبر أول" not in context and "خبر آخر" not in context


def test_stance_examples_carry_speaker_cue_and_label():
    doc = make_doc("d", SENTENCES[:2])
    examples = stance_examples([doc])
    assert [e.label for e in examples] == ["oppose", "support"]
    assert examples[0].speaker == "hadi-al-amiri" and examples[0].cue == "قال"
    assert "هادي العامري" in examples[0].context


def test_word_labels_mark_claim_cue_and_speaker():
    doc = make_doc("d", SENTENCES[:1])
    example = span_examples([doc])[0]
    labelled = dict(zip(example.words, example.labels))
    assert labelled["قال"] == "B-CUE"
    assert labelled["هادي"] == "B-SPEAKER" and labelled["العامري"] == "I-SPEAKER"
    assert labelled["القوات"] == "B-CLAIM" and labelled["فورا"] == "I-CLAIM"
    assert labelled["إن"] == "O"
    assert set(example.labels) <= set(SPAN_LABELS)


def test_labels_round_trip_to_spans():
    doc = make_doc("d", SENTENCES[:2])
    tokens = words(doc.text)
    spans = spans_from_labels(tokens, word_labels(tokens, span_layers(doc)))
    claims = [(s, e) for tag, s, e in spans if tag == "CLAIM"]
    assert claims == [(c.start, c.end) for c in doc.claims]


def test_long_documents_are_cut_into_stretches_that_restart_spans():
    doc = make_doc("d", SENTENCES * 3)
    examples = span_examples([doc], max_words=20)
    assert len(examples) > 1
    assert all(len(e.words) <= 20 for e in examples)
    assert all(not e.labels[0].startswith("I-") for e in examples)
    assert sum(len(e.words) for e in examples) == len(words(doc.text))


def test_speaker_pairs_label_own_mention_and_antecedent():
    doc = make_doc("d", SENTENCES[:2])
    pairs = speaker_pairs([doc])
    assert len(pairs) == 4  # 2 claims x 2 mentions
    right = {(p.claim_id, p.mention) for p in pairs if p.label}
    assert right == {("c1", "هادي العامري"), ("c2", "المتحدث باسم التحالف")}


def test_dataset_dict_splits_by_document():
    pytest.importorskip("datasets")
    docs = corpus(10)
    data = to_dataset_dict("stance", docs, test_fraction=0.2)
    assert set(data) == {"train", "test"}
    assert set(data["train"]["doc_id"]).isdisjoint(data["test"]["doc_id"])
    assert data["train"].num_rows + data["test"].num_rows == 30
    assert set(to_dataset_dict("spans", docs, 0)["train"].column_names) >= {"words", "labels"}


def test_stance_labels_are_a_class_label():
    datasets = pytest.importorskip("datasets")
    docs = corpus(4)
    docs[0].claims[0] = replace(docs[0].claims[0], stance=None)  # an unlabelled claim
    train = to_dataset_dict("stance", docs, test_fraction=0)["train"]
    feature = train.features["label"]
    assert isinstance(feature, datasets.ClassLabel) and feature.names == ["oppose", "support", "neutral"]
    gold = [c.stance for d in docs for c in d.claims]
    assert train["label"][0] is None
    assert [feature.int2str(i) for i in train["label"][1:]] == gold[1:]


def test_unknown_task_is_refused():
    with pytest.raises(FormatError):
        task_records("sentiment", corpus(2))
