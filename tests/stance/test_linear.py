"""The linear stance models on one TF-IDF engine: features, training, saving, and inference equal
to scikit-learn's."""

import json

import pytest

from claimattr.errors import ModelError
from claimattr.lexicon import Lexicons
from claimattr.stance import features as F
from claimattr.stance import load_stance_model
from claimattr.stance.linear import ContextStance, LinearStance

TEXTS = ["يجب إخراج القوات الأمريكية المحتلة فوراً", "الاحتلال الأمريكي سبب الدمار",
         "ندين الهجوم على السفارة الأمريكية ونطالب باعتقال الجناة", "القوات الأمريكية تقدم المشورة والتدريب",
         "ارتفعت أسعار النفط اليوم", "افتتح الوزير مدرسة جديدة"]
LABELS = ["oppose", "oppose", "support", "support", "neutral", "neutral"]
PHRASES = F.stance_phrases(Lexicons())


@pytest.fixture(scope="module")
def model():
    return LinearStance(C=10).fit(TEXTS * 3, LABELS * 3)


@pytest.fixture(scope="module")
def context_model():
    return ContextStance(C=10, min_df=1).fit(TEXTS * 3, LABELS * 3, ["other:مسؤول"] * 18,
                                             ["قبل … بعد"] * 18, ["وقال"] * 18)


def test_linear_features_include_words_pairs_chars_and_registry_speaker():
    feats = F.linear_features("القوات الأمريكية", "hadi-al-amiri", PHRASES)
    assert "w=القوات" in feats and "b=القوات_الامريكيه" in feats and "c=<ال" in feats
    assert "spk=hadi-al-amiri" in feats
    assert not any(f.startswith("spk=") for f in F.linear_features("نص", "other:مسؤول", PHRASES))
    assert "sw=مسؤول" in F.linear_features("نص", "other:مسؤول أمريكي", PHRASES)


def test_lexicon_features_mark_stance_phrases():
    assert "lex=oppose" in F.linear_features("إنهاء الاحتلال الأمريكي", None, PHRASES)
    assert "lex=support" in F.linear_features("من حقنا الدفاع عن النفس", None, PHRASES)
    assert not any(f.startswith("lex=") for f in F.linear_features("افتتاح مدرسة جديدة", None, PHRASES))


def test_fits_and_predicts_training_labels(model, context_model):
    assert model.predict(TEXTS) == LABELS
    assert context_model.predict(TEXTS) == LABELS
    probs = model.predict_proba(["الاحتلال يجب أن يرحل"])[0]
    assert set(probs) == {"oppose", "support", "neutral"} and abs(sum(probs.values()) - 1) < 1e-6


@pytest.mark.parametrize("which", ["model", "context_model"])
def test_save_and_reload_predict_the_same(which, request, tmp_path):
    fitted = request.getfixturevalue(which)
    fitted.save(tmp_path / "m")
    again = load_stance_model(tmp_path / "m")
    assert type(again) is type(fitted)
    args = (TEXTS,) if which == "model" else (TEXTS, None, None, None)
    for a, b in zip(again.predict_proba(*args), fitted.predict_proba(*args)):
        assert a == pytest.approx(b)
    assert json.loads((tmp_path / "m" / "config.json").read_text())["kind"] == fitted.kind
    assert (tmp_path / "m" / "lexicons" / "stance_lexicon.tsv").is_file()  # the features are pinned


def test_unfitted_and_missing_models_raise_clear_errors(tmp_path):
    with pytest.raises(ModelError, match="not trained"):
        LinearStance().predict(["نص"])
    with pytest.raises(ModelError, match="no readable config.json"):
        LinearStance.load(tmp_path)


def test_inference_matches_scikit_learn(model):
    """The NumPy inference reproduces TfidfVectorizer + LogisticRegression.predict_proba."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = TEXTS + ["نص لا يشبه شيئاً", ""]
    vocab = model.engine_.vocabulary_["claim"]
    vec = TfidfVectorizer(analyzer=lambda d: d, vocabulary=vocab, sublinear_tf=True)
    vec.fit([list(vocab)])
    vec.idf_ = model.engine_.idf_
    clf = LogisticRegression()
    clf.classes_ = np.array(model.classes_)
    clf.coef_, clf.intercept_ = model.engine_.coef_, model.engine_.intercept_
    expected = clf.predict_proba(vec.transform([F.linear_features(t, None, PHRASES) for t in texts]))
    ours = [[p[c] for c in model.classes_] for p in model.predict_proba(texts)]
    assert np.allclose(ours, expected, atol=1e-5)
