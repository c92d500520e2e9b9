"""The encoder stance model: the context model's blocks plus frozen sentence embeddings, on the
tiny synthetic encoder (the real e5 is never needed here)."""

import json

import numpy as np
import pytest

from claimattr.errors import ModelError
from claimattr.pipeline import Pipeline
from claimattr.stance import load_stance_model, predict_examples, stance_examples
from claimattr.stance.encoder import EncoderStance
from claimattr.stance.linear import TfidfLogistic, flatten

TEXTS = ["يجب إخراج القوات الأمريكية المحتلة فوراً", "الاحتلال الأمريكي سبب الدمار",
         "ندين الهجوم على السفارة الأمريكية ونطالب باعتقال الجناة", "القوات الأمريكية تقدم المشورة والتدريب",
         "ارتفعت أسعار النفط اليوم", "افتتح الوزير مدرسة جديدة"]
LABELS = ["oppose", "oppose", "support", "support", "neutral", "neutral"]
CONTEXTS = ["وقال … أمس", "وأضاف … في بيان", "وأكد … للصحفيين", "وذكر … اليوم", "…", "وأعلن …"]
ARTICLE = ("قال زعيم الفصائل إن على القوات الأمريكية المحتلة أن تغادر العراق فوراً. "
           "وأكدت السفارة الأمريكية أن التحالف يقدم المشورة والتدريب للقوات العراقية.")


@pytest.fixture(scope="module")
def model(tiny_encoder):
    return EncoderStance(encoder=str(tiny_encoder["folder"]), min_df=1, C=10).fit(
        TEXTS * 2, LABELS * 2, ["other:مسؤول"] * 12, CONTEXTS * 2, ["وقال"] * 12)


def test_the_embeddings_join_the_context_blocks_in_one_classifier(model):
    dense = model.engine_.dense_
    assert set(dense) == {"claim_embedding", "context_embedding"}
    assert [width for _, width in dense.values()] == [32, 32]
    assert model.engine_.coef_.shape[1] == len(model.engine_.idf_) + 64


def test_dense_blocks_score_as_scikit_learn_does():
    """The NumPy inference of a dense block equals LogisticRegression.predict_proba on the
    same weighted vectors."""
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((30, 8))
    labels = ["a", "b", "c"] * 10
    engine = TfidfLogistic({"w": 1.0, "v": 2.0}).fit({"w": [["x"], ["y"], ["x", "y"]] * 10}, labels, 1.0, None, 1,
                                                      500, dense={"v": vectors})
    clf = LogisticRegression()
    clf.classes_ = np.array(engine.classes_)
    clf.coef_, clf.intercept_ = engine.coef_.astype(float), engine.intercept_.astype(float)
    words = engine.vocabulary_["w"]
    sparse = np.zeros((30, len(words)))
    for i, feats in enumerate([["x"], ["y"], ["x", "y"]] * 10):
        for f in feats:
            sparse[i, words[f]] = engine.idf_[words[f]]
    sparse /= np.linalg.norm(sparse, axis=1, keepdims=True)
    expected = clf.predict_proba(np.hstack([sparse, vectors * 2.0]))
    columns = {"w": flatten([[words[f] for f in feats] for feats in [["x"], ["y"], ["x", "y"]] * 10])}
    ours = [[p[c] for c in engine.classes_] for p in engine.predict_proba(columns, 30, {"v": vectors})]
    assert np.allclose(ours, expected, atol=1e-5)


def test_save_and_load_give_the_same_probabilities_and_name_the_encoder(model, tmp_path):
    model.save(tmp_path)
    config = json.loads((tmp_path / "config.json").read_text())
    assert config["kind"] == "encoder-stance" and config["encoder"] == model.encoder
    assert config["dense_blocks"] == {"claim_embedding": list(model.engine_.dense_["claim_embedding"]),
                                      "context_embedding": list(model.engine_.dense_["context_embedding"])}
    with np.load(tmp_path / "weights.npz", allow_pickle=False) as weights:
        assert set(weights.files) == {"idf", "coef", "intercept"}
    loaded = load_stance_model(tmp_path)
    assert isinstance(loaded, EncoderStance) and loaded.embedder_ is None  # loaded on first use
    args = (TEXTS, ["other:مسؤول"] * 6, CONTEXTS, ["وقال"] * 6)
    for ours, theirs in zip(loaded.predict_proba(*args), model.predict_proba(*args)):
        assert ours == pytest.approx(theirs, abs=1e-6)


def test_the_stance_component_batches_claims_across_documents(model):
    nlp = Pipeline.new(stance=model)
    docs = list(nlp.pipe([ARTICLE, "نص قصير بلا ادعاءات", ARTICLE]))
    alone = nlp(ARTICLE)
    assert alone.claims, "the article should have claims for this test to mean anything"
    for doc in (docs[0], docs[2]):
        assert [(c.stance, round(max(c.stance_scores.values()), 6)) for c in doc.claims] == \
               [(c.stance, round(max(c.stance_scores.values()), 6)) for c in alone.claims]
    probs = predict_examples(model, stance_examples([alone]))
    assert all(abs(sum(p.values()) - 1) < 1e-6 for p in probs)


def test_an_encoder_of_another_width_is_refused_with_the_fix(model, tiny_encoder):
    other = EncoderStance(encoder=str(tiny_encoder["folder"]))
    other.engine_ = TfidfLogistic(model.weights)
    other.engine_.__dict__.update({k: v for k, v in model.engine_.__dict__.items() if k != "dense_"})
    other.engine_.dense_ = {"claim_embedding": (0, 16), "context_embedding": (16, 16)}
    with pytest.raises(ModelError, match="--kind encoder --encoder PATH"):
        other.predict_proba(TEXTS[:1], None, CONTEXTS[:1], None)


def test_configure_switches_the_encoder_and_loads_it_now(tiny_encoder):
    copy = EncoderStance(encoder="/nowhere")
    with pytest.raises(ModelError, match="not a local Hugging Face checkpoint"):
        copy.configure()
    import torch

    threads = torch.get_num_threads()  # the setting is process-wide: keep the current one
    copy.configure(encoder=str(tiny_encoder["folder"]), threads=threads)
    assert copy.embedder_ is not None and copy.threads == threads


def test_embeddings_alone_make_a_model_too(tiny_encoder):
    alone = EncoderStance(encoder=str(tiny_encoder["folder"]), weights={"claim_embedding": 1.0}, C=10)
    alone.fit(TEXTS * 2, LABELS * 2, None, CONTEXTS * 2, None)
    assert alone.engine_.vocabulary_ == {} and alone.engine_.dense_ == {"claim_embedding": (0, 32)}
    probs = alone.predict_proba(TEXTS, None, CONTEXTS, None)
    assert [max(p, key=p.get) for p in probs] == alone.predict(TEXTS, None, CONTEXTS, None)
