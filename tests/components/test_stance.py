"""The stance component: a model's probabilities adjusted by the named rules, on Document fixtures."""

import pytest

from claimattr.components.stance import Stance
from claimattr.doc import Claim, Document, Speaker
from claimattr.errors import ModelError
from claimattr.stance.linear import LinearStance

TEXTS = ["نرفض الوجود الأجنبي", "ندعم التدريب", "افتتاح مدرسة"]


@pytest.fixture(scope="module")
def model():
    return LinearStance().fit(TEXTS * 2, ["oppose", "support", "neutral"] * 2)


def doc_with(*claims: str, speaker: str = "other:مسؤول") -> Document:
    text = " . ".join(claims)
    out, pos = [], 0
    for i, claim in enumerate(claims, 1):
        start = text.index(claim, pos)
        out.append(Claim(f"c{i}", start, start + len(claim), claim, "indirect", Speaker(speaker)))
        pos = start + len(claim)
    return Document(text=text, claims=out)


def test_every_claim_gets_a_label_and_probabilities(model):
    doc = Stance(model=model)(doc_with("افتتاح مدرسة جديدة", "نرفض الوجود الأجنبي"))
    for claim in doc.claims:
        assert claim.stance in ("oppose", "support", "neutral")
        assert abs(sum(claim.stance_scores.values()) - 1) < 1e-6


def test_a_rule_lifts_its_label_and_is_named_on_the_claim(model):
    doc = Stance(model=model)(doc_with("نطالب بإنهاء الاحتلال الأمريكي لبلادنا فوراً"))
    [claim] = doc.claims
    assert claim.stance == "oppose" and "occupation" in claim.stance_rules
    plain = Stance(model=model, rules=False)(doc_with("نطالب بإنهاء الاحتلال الأمريكي لبلادنا فوراً"))
    assert plain.claims[0].stance_rules == ()


def test_pipe_batches_documents_with_the_same_result(model):
    docs = [doc_with("نرفض الوجود الأجنبي"), doc_with("افتتاح مدرسة", "ندعم التدريب"), Document(text="")]
    one_by_one = [Stance(model=model)(doc_with(*[c.text for c in d.claims])) for d in docs]
    batched = list(Stance(model=model, batch_size=2).pipe(docs))
    assert [[c.stance_scores for c in d.claims] for d in batched] == \
        [[c.stance_scores for c in d.claims] for d in one_by_one]


def test_no_model_is_a_clear_error():
    with pytest.raises(ModelError, match="no model"):
        Stance()(doc_with("نص"))
