"""What the claim patterns share: token windows and word counts over the token layer."""

from hypothesis import given, settings
from hypothesis import strategies as st

from claimattr import Pipeline
from claimattr.components.claims.state import DocState

TEXT = ("قال المتحدث باسم الوزارة، في بيان: \"إن القوات_الخاصة أنهت مهمتها\" - #عاجل... "
        "وأضاف أن 3 مواقع (على الأقل) سُلّمت إلى الجيش؛ بينما قالوا: لا تعليق!")
NLP = Pipeline.new()


def _state() -> DocState:
    doc = NLP(TEXT)
    claims = NLP.get("claims")
    return DocState(doc, claims.words, claims.settings, claims.gazetteer.name_end)


STATE = _state()


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(STATE.text)), st.integers(0, len(STATE.text)))
def test_word_count_counts_the_tokens_of_a_span_with_a_letter_or_digit(a, b):
    start, end = min(a, b), max(a, b)
    expected = sum(any(ch.isalnum() for ch in form) for _, _, form in STATE.tokens(start, end))
    assert STATE.word_count(start, end) == expected


def test_token_windows_are_cut_at_the_edges():
    start = STATE.text.index("المتحدث") + 2
    first = STATE.tokens(start, start + 12)[0]
    assert first == (start, start + 5, "متحدث")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(STATE.text)), st.integers(0, len(STATE.text)))
def test_last_word_is_the_last_token_of_a_span_that_starts_with_a_letter_or_digit(a, b):
    start, end = min(a, b), max(a, b) + 1
    words = [t for t in STATE.tokens(start, end) if t[2][0].isalnum()]
    assert STATE.last_word(start, end) == (words[-1] if words else None)
