"""The named stance rules and how they adjust a model's probabilities."""

from claimattr.lexicon import Lexicons
from claimattr.stance.rules import StanceRules, combine

RULES = StanceRules.of(Lexicons())


def test_rules_fire_on_named_patterns_with_a_us_reference():
    assert "occupation" in RULES.votes("نطالب بإنهاء الاحتلال الأمريكي لبلادنا").get("oppose", [])
    assert "self-defence" in RULES.votes("نحتفظ بحق الدفاع عن النفس", "us-centcom").get("support", [])
    assert "condemn-attack" in RULES.votes("ندين الهجوم الذي استهدف السفارة الأمريكية").get("support", [])
    assert RULES.votes("ندين الهجوم على المدرسة") == {}  # no US or coalition reference


def test_an_american_other_speaker_counts_as_a_us_reference():
    assert RULES.votes("نحتفظ بحق الدفاع عن النفس", "other:الجيش الأمريكي").get("support")
    assert RULES.votes("نحتفظ بحق الدفاع عن النفس", "other:الجيش العراقي") == {}


def test_combine_lifts_a_rule_label_and_keeps_the_model_otherwise():
    probs = {"oppose": 0.1, "support": 0.2, "neutral": 0.7}
    lifted, fired = combine(probs, {"oppose": ["occupation"]}, 0.6)
    assert lifted["oppose"] == 0.6 and abs(sum(lifted.values()) - 1) < 1e-9 and fired == ("occupation",)
    assert lifted["neutral"] > lifted["support"]
    assert combine(probs, {}, 0.6) == (probs, ())
    assert combine(probs, {"oppose": ["a"], "support": ["b"]}, 0.6) == (probs, ())
