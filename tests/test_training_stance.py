"""Tests of claimattr.training.stance (linear models) and claimattr.training.crossval."""

from __future__ import annotations

import json

import pytest
from tests.training_fixtures import corpus, make_doc, SENTENCES

import claimattr
from claimattr.components.stance import Stance
from claimattr.errors import ModelError
from claimattr.stance import load_stance_model, predict_examples, stance_examples
from claimattr.stance.features import speaker_name_features
from claimattr.stance.linear import ContextStance, LinearStance
from claimattr.training.stance import cross_validate_stance, fit_stance, train_stance


def test_speaker_name_words_are_shared_between_ids():
    assert "sw=الامريكي" in speaker_name_features("other:الجيش الأمريكي")
    assert "sw=الامريكي" in speaker_name_features("other:وزير الدفاع الأمريكي")
    assert speaker_name_features(None) == []


def test_context_model_learns_and_reloads_the_same(tmp_path):
    examples = stance_examples(corpus(6))
    model = fit_stance(examples, "context", min_df=1)
    probs = predict_examples(model, examples)
    assert all(abs(sum(p.values()) - 1) < 1e-6 for p in probs)
    right = sum(max(p, key=p.get) == e.label for p, e in zip(probs, examples))
    assert right / len(examples) > 0.9
    folder = model.save(tmp_path / "m")
    assert json.loads((folder / "config.json").read_text())["kind"] == "context-stance"
    again = load_stance_model(folder)
    assert isinstance(again, ContextStance)
    for a, b in zip(probs, predict_examples(again, examples)):
        assert a == pytest.approx(b, abs=1e-5)


def test_context_changes_the_prediction():
    """The same words framed by a different cue in the context move the probabilities."""
    model = fit_stance(stance_examples(corpus(6)), "context", min_df=1)
    a = model.predict_proba(["القواعد"], ["other:س"], ["قال هادي العامري إن"], ["قال"])[0]
    b = model.predict_proba(["القواعد"], ["other:س"], ["وأعلن جون كيربي إن"], ["وأعلن"])[0]
    assert a != b


def test_loader_dispatches_on_kind(tmp_path):
    examples = stance_examples(corpus(4))
    linear = fit_stance(examples, "linear", min_df=1)
    assert isinstance(load_stance_model(linear.save(tmp_path / "lin")), LinearStance)
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "config.json").write_text('{"kind": "mystery"}')
    with pytest.raises(ModelError, match="mystery"):
        load_stance_model(tmp_path / "odd")
    with pytest.raises(ModelError):
        load_stance_model(tmp_path / "missing")


def test_stance_needs_two_labels_and_a_known_kind():
    one_label = stance_examples([make_doc("d", [SENTENCES[0]])])
    with pytest.raises(ModelError):
        fit_stance(one_label, "context")
    with pytest.raises(ModelError):
        fit_stance(stance_examples(corpus(3)), "forest")
    with pytest.raises(ModelError, match="base-model"):
        fit_stance(stance_examples(corpus(3)), "transformer")


def test_target_is_data_not_code():
    """Labels of another target train and predict without code changes."""
    docs = corpus(6)
    relabel = {"oppose": "against", "support": "favour", "neutral": "none"}
    for doc in docs:
        doc.claims = [c.__class__(**{**c.__dict__, "stance": relabel[c.stance]}) for c in doc.claims]
    model = fit_stance(stance_examples(docs), "context", min_df=1)
    assert set(model.classes_) == {"against", "favour", "none"}


def test_cross_validation_predicts_every_claim_once():
    docs = corpus(10)
    report = cross_validate_stance(docs, "context", k=5, min_df=1)
    assert len(report.gold) == len(report.pred) == 30
    assert sorted(set(report.folds)) == list(range(5))
    assert 0 <= report.macro_f1 <= 1 and "macro-F1" in report.format_table()


def test_train_stance_writes_a_pipeline_folder_with_a_card_with_figures(tmp_path):
    folder = train_stance(corpus(10), tmp_path / "s", cv=2, progress=False, command="claimattr train stance", min_df=1)
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert "2-fold cross-validation" in card and "claimattr train stance" in card and "10 documents" in card
    assert not list(folder.rglob("*.pkl"))
    assert (folder / "pipeline.json").is_file()
    assert json.loads((folder / "stance" / "config.json").read_text())["kind"] == "context-stance"
    assert isinstance(load_stance_model(folder / "stance"), ContextStance)
    nlp = claimattr.load(folder)
    assert isinstance(nlp.get("stance").model, ContextStance)


def test_model_cards_carry_hugging_face_metadata(tmp_path):
    hub = pytest.importorskip("huggingface_hub")
    docs = corpus(10)
    docs[0].meta["source"] = "corpora/telegram_pool.jsonl"
    folder = train_stance(docs, tmp_path / "s", cv=2, progress=False, command="claimattr train stance", min_df=1)
    card = hub.ModelCard.load(folder / "README.md")  # the Hub's own parser, offline
    data = card.data.to_dict()
    assert data["language"] == ["ar"] and data["license"] == "apache-2.0" and data["library_name"] == "claimattr"
    assert "stance-detection" in data["tags"] and data["metrics"] == ["f1", "accuracy"]
    assert data["datasets"] == ["claimattr-corpora", "telegram_pool"]
    assert "## Limitations" in card.text and "## Training data" in card.text
    plain = train_stance(docs, tmp_path / "p", progress=False, command="claimattr train stance", min_df=1)
    assert "metrics" not in hub.ModelCard.load(plain / "README.md").data.to_dict()  # no figures, no metrics


def test_stance_component_sets_stance_from_context():
    docs = corpus(6)
    model = fit_stance(stance_examples(docs), "context", min_df=1)
    texts = [c.text for c in docs[0].claims]
    expected = predict_examples(model, stance_examples([docs[0]]))
    labelled = Stance(model=model, rules=False)(docs[0])
    assert all(c.stance in model.classes_ and c.stance_scores for c in labelled.claims)
    assert [c.text for c in labelled.claims] == texts
    for claim, probs in zip(labelled.claims, expected):  # the model alone, reading context and cue
        assert claim.stance_scores == pytest.approx(probs) and claim.stance == max(probs, key=probs.get)


def test_context_stance_scores_a_batch_like_single_claims():
    """The vectorised scoring gives each claim the same probabilities alone or in a batch."""
    texts = ["نرفض الاحتلال الأمريكي", "ندين الهجوم على السفارة", "افتتاح مدرسة جديدة", "نطالب بخروج القوات"]
    labels = ["oppose", "support", "neutral", "oppose"]
    model = ContextStance().fit(texts * 3, labels * 3, ["other:فصيل"] * 12, ["سياق"] * 12, ["قال"] * 12)
    batch = model.predict_proba(texts, ["other:فصيل"] * 4, ["سياق"] * 4, ["قال"] * 4)
    for i, text in enumerate(texts):
        alone = model.predict_proba([text], ["other:فصيل"], ["سياق"], ["قال"])[0]
        assert alone == pytest.approx(batch[i])


def test_calibration_error_is_the_gap_between_confidence_and_accuracy():
    from claimattr.training.stance import StanceCV

    gold = ["oppose", "oppose", "neutral", "neutral"]
    honest = StanceCV("context", 2, 0, gold, ["oppose", "neutral", "neutral", "oppose"], [0, 0, 1, 1], [0.5] * 4)
    assert honest.calibration_error == pytest.approx(0.0)  # right half the time at 0.5
    overconfident = StanceCV("context", 2, 0, gold, honest.pred, honest.folds, [0.95] * 4)
    assert overconfident.calibration_error == pytest.approx(0.45)
    assert "calibration error 0.450" in overconfident.format_table()


def _columns_from_feature_strings(model, examples):
    """The context model's columns built the way training builds them: every feature string of
    every block, looked up in the vocabulary."""
    from claimattr.stance.linear import BLOCKS, flatten

    inputs = model._inputs([e.text for e in examples], [e.speaker for e in examples],
                           [e.context for e in examples], [e.cue for e in examples])
    columns = {}
    for name in (name for name in model.weights if name in BLOCKS):
        vocab = model.engine_.vocabulary_[name]
        columns[name] = flatten([[vocab[f] for f in model._features(name, x) if f in vocab]
                                 for x in inputs[BLOCKS[name][0]]])
    return columns


def test_context_stance_columns_are_those_of_the_feature_strings():
    """The word table's columns (word ids, sorted pair search, stored character n-grams) give
    exactly the probabilities of the training features, also after the table forgot its words."""
    examples = stance_examples(corpus(6))
    unseen = [e.__class__(e.doc_id, e.claim_id, e.text + " كلمة_جديدة وأخرى", e.context + " غريب", e.speaker,
                          e.cue, e.label) for e in examples]
    model = fit_stance(examples, "context", min_df=1)
    for batch in (examples, unseen, examples[:1]):
        reference = model.engine_.predict_proba(_columns_from_feature_strings(model, batch), len(batch))
        assert predict_examples(model, batch) == reference
    table = model._word_table()
    table.limit = 2  # the words met outside the vocabulary are forgotten before each batch
    for batch in (unseen, examples, unseen):
        assert predict_examples(model, batch) == model.engine_.predict_proba(
            _columns_from_feature_strings(model, batch), len(batch))
        assert ("غريب" in table.ids) == (batch is unseen)


def test_a_pickled_context_model_leaves_its_caches_behind_and_predicts_the_same():
    import pickle

    examples = stance_examples(corpus(6))
    model = fit_stance(examples, "context", min_df=1)
    probs = predict_examples(model, examples)  # builds the word table and the caches
    copy = pickle.loads(pickle.dumps(model))
    assert "_table" in model.__dict__ and not set(model._CACHES) & set(copy.__dict__)
    assert predict_examples(copy, examples) == probs


def test_lexicon_features_find_every_phrase_also_inside_words_and_overlapping():
    from claimattr.stance.features import lexicon_features

    phrases = (("oppose", "احتلال"), ("oppose", "الاحتلال الامريكي"), ("support", "الدفاع"),
               ("support", "الدفاع عن النفس"), ("oppose", "احتلال"))
    text = "نرفض والاحتلال الامريكي ونؤيد حق الدفاع عن النفس"
    assert lexicon_features(text, phrases) == ["lex=oppose", "lex=oppose", "lex=support", "lex=support", "lex=oppose"]
    assert lexicon_features("لا شيء هنا", phrases) == []
    assert lexicon_features("نص", ()) == []
    assert lexicon_features("نص", (("oppose", ""), ("support", "نص"))) == ["lex=oppose", "lex=support"]


@pytest.mark.parametrize("pattern", ["امريك|واشنطن|الولايات المتحده", "امريك|قوات (ال)?تحالف", "كلمه"])
def test_mentions_of_a_word_list_agree_with_its_regular_expression(pattern):
    import re

    from claimattr.stance.rules import Mentions

    mentions = Mentions(pattern)
    assert (mentions.automaton is None) == ("(" in pattern)
    for text in ["الجيش الامريكي", "زار واشنطن", "قوات التحالف", "قوات تحالف", "لا شيء", "الكلمه", ""]:
        assert mentions.search(text) == bool(re.search(pattern, text))
