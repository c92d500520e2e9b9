"""Stage 6: the linear stance model (trains, predicts, saves, reloads without pickle)."""

import json

import pytest

from claimattr.errors import ModelError
from claimattr.stance import LinearStance, features

TEXTS = ["يجب إخراج القوات الأمريكية المحتلة فوراً", "الاحتلال الأمريكي سبب الدمار",
         "ندين الهجوم على السفارة الأمريكية ونطالب باعتقال الجناة", "القوات الأمريكية تقدم المشورة والتدريب",
         "ارتفعت أسعار النفط اليوم", "افتتح الوزير مدرسة جديدة"]
LABELS = ["oppose", "oppose", "support", "support", "neutral", "neutral"]


@pytest.fixture(scope="module")
def model():
    return LinearStance(C=10).fit(TEXTS * 3, LABELS * 3)


def test_features_include_words_pairs_chars_and_registry_speaker():
    feats = features("القوات الأمريكية", "hadi-al-amiri")
    assert "w=القوات" in feats and "b=القوات_الامريكيه" in feats and "c=<ال" in feats
    assert "spk=hadi-al-amiri" in feats
    assert not any(f.startswith("spk=") for f in features("نص", "other:مسؤول"))
    assert "sw=مسؤول" in features("نص", "other:مسؤول أمريكي")


def test_lexicon_features_mark_stance_phrases():
    assert "lex=oppose" in features("إنهاء الاحتلال الأمريكي")
    assert "lex=support" in features("من حقنا الدفاع عن النفس")
    assert not any(f.startswith("lex=") for f in features("افتتاح مدرسة جديدة"))


def test_fits_and_predicts_training_labels(model):
    assert model.predict(TEXTS) == LABELS
    probs = model.predict_proba(["الاحتلال يجب أن يرحل"])[0]
    assert set(probs) == {"oppose", "support", "neutral"} and abs(sum(probs.values()) - 1) < 1e-6


def test_save_and_reload_predict_the_same(model, tmp_path):
    model.save(tmp_path / "m")
    again = LinearStance.load(tmp_path / "m")
    for a, b in zip(again.predict_proba(TEXTS), model.predict_proba(TEXTS)):
        assert a == pytest.approx(b)
    assert json.loads((tmp_path / "m" / "config.json").read_text())["kind"] == "linear-stance"


def test_unfitted_and_missing_models_raise_clear_errors(tmp_path):
    with pytest.raises(ModelError, match="not trained"):
        LinearStance().predict(["نص"])
    with pytest.raises(ModelError, match="not a linear stance model"):
        LinearStance.load(tmp_path)


def test_inference_matches_scikit_learn(model):
    """The NumPy inference reproduces TfidfVectorizer + LogisticRegression.predict_proba."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = TEXTS + ["نص لا يشبه شيئاً", ""]
    vec = TfidfVectorizer(analyzer=lambda d: d, vocabulary=model.vocabulary_, sublinear_tf=True)
    vec.fit([list(model.vocabulary_)])
    vec.idf_ = model.idf_
    clf = LogisticRegression()
    clf.classes_, clf.coef_, clf.intercept_ = np.array(model.classes_), model.coef_, model.intercept_
    expected = clf.predict_proba(vec.transform([features(t) for t in texts]))
    ours = [[p[c] for c in model.classes_] for p in model.predict_proba(texts)]
    assert np.allclose(ours, expected, atol=1e-5)


def test_rules_fire_on_named_patterns_with_a_us_reference():
    from claimattr.stance import StanceRules

    rules = StanceRules.default()
    assert "occupation" in rules.votes("نطالب بإنهاء الاحتلال الأمريكي لبلادنا").get("oppose", [])
    assert "self-defence" in rules.votes("نحتفظ بحق الدفاع عن النفس", "us-centcom").get("support", [])
    assert "condemn-attack" in rules.votes("ندين الهجوم الذي استهدف السفارة الأمريكية").get("support", [])
    assert rules.votes("ندين الهجوم على المدرسة") == {}  # no US or coalition reference


def test_combine_lifts_a_rule_label_and_keeps_the_model_otherwise():
    from claimattr.stance import RULE_FLOOR, combine

    probs = {"oppose": 0.1, "support": 0.2, "neutral": 0.7}
    lifted = combine(probs, {"oppose": ["occupation"]})
    assert lifted["oppose"] == RULE_FLOOR and abs(sum(lifted.values()) - 1) < 1e-9
    assert lifted["neutral"] > lifted["support"]
    assert combine(probs, {}) == probs
    assert combine(probs, {"oppose": ["a"], "support": ["b"]}) == probs
