"""Property-based tests over random and mutated Arabic text: the pipeline never raises (HTML
aside, which it rejects on purpose), every offset is in range, every span's text is the text
at its offsets, and the result renders as HTML that encodes as UTF-8.

CI runs a few hundred cases per property. The long run (outside CI) sets the number of cases:
``CLAIMATTR_FUZZ_EXAMPLES=30000 pytest -p no:cacheprovider tests/test_fuzz.py -k mutated``.
"""

import json
import os

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from claimattr import KINDS, Document, Pipeline
from claimattr.errors import InputError
from claimattr.stance.linear import LinearStance
from claimattr.render import to_html
from claimattr.text import HTML_ELEMENTS, looks_like_html

EXAMPLES = int(os.environ.get("CLAIMATTR_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SEEDS = [
    "قال وزير الخارجية إن بلاده ترفض أي تدخل في شؤونها الداخلية، مضيفاً أن الحوار هو السبيل الوحيد.",
    "وأكد المتحدث باسم التحالف الدولي في بيان «أن قواتنا موجودة بطلب من الحكومة» وتابع: \"سنواصل المهمة\".",
    "الخزعلي: على القوات الأجنبية أن تغادر.\nوأضاف أن \"الصبر له حدود\"، بحسب ما نقلت وكالة الأنباء.",
    "نفى مصدر أمني عراقي، في حديث لـ“الشرق”، وقوع أي هجوم على القاعدة، لافتاً إلى أن الأوضاع مستقرة.",
    "١- إن الأحداث الأخيرة تؤكد ما قلناه مراراً.\n٢- ندعو الجميع إلى التهدئة.\nالمكتب الإعلامي ١٢/٣/٢٠٢٦",
    "وشدّدَ رئيسُ الـوزراء على أنَّ „القرار سيادي“ ووصف الهجوم بأنه 'اعتداء سافر' على العراق.",
]
WORDS = ("قال", "وقال", "أكد", "وأضاف", "مضيفاً", "لافتةً", "إن", "أن", "بأن", "بحسب", "وفقاً", "الوزير",
         "رئيس", "الحكومة", "القوات", "الأمريكية", "العراق", "الكاظمي", "العامري", "حركة", "النجباء",
         "المتحدث", "باسم", "مسؤول", "أميركي", "التحالف", "بيان", "على", "في", "من", "الاحتلال")
MARKS = "«»“”„\"″'‘’"
PUNCT = ".,،؛;:!?؟-–—…()[]/#*•|"
SPACES = [" ", " ", " ", "\n", "\n\n", "\t", "\r\n", "\u00a0"]
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640\u0654\u0655\u0670"
CONTROL = "".join(map(chr, range(0, 32))) + "\x7f\x85\u2028\u2029"
LETTERS = "".join(map(chr, range(0x0621, 0x064B))) + "یکٱ٠١٢٣٤٥٦٧٨٩"

atoms = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(SPACES),
    st.sampled_from(list(MARKS)),
    st.sampled_from(list(PUNCT)),
    st.sampled_from(list(INVISIBLE)),
    st.sampled_from(list(DIACRITICS)),
    st.sampled_from(list(CONTROL)),
    st.text(alphabet=LETTERS + DIACRITICS, min_size=1, max_size=12),
    st.text(alphabet="abcXYZ019 éß中<>&", min_size=1, max_size=8),           # other scripts
    st.text(alphabet=LETTERS, min_size=200, max_size=3000),                   # very long tokens
    st.sampled_from(["<p>", "</div>", "<br/>", "&amp;", "< p", "a<b", "<!-- x -->", "<<", "> 3 <"]),  # markup, near misses
    st.builds("<{}{}>".format, st.sampled_from(["", "/"]), st.sampled_from(sorted(HTML_ELEMENTS))),  # any element
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),                # lone surrogates (a str allows them)
    st.characters(),                                                          # anything at all
)
random_text = st.lists(atoms, max_size=80).map("".join)


@st.composite
def mutated_text(draw):
    """A seed article with a few random edits: atoms inserted, slices deleted or repeated,
    quote marks swapped."""
    text = draw(st.sampled_from(SEEDS + ["\n".join(SEEDS)]))
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 40)))
        edit = draw(st.sampled_from(["insert", "delete", "repeat", "swap"]))
        if edit == "insert":
            text = text[:i] + draw(atoms) + text[i:]
        elif edit == "delete":
            text = text[:i] + text[j:]
        elif edit == "repeat":
            text = text[:j] + text[i:j] * draw(st.integers(1, 5)) + text[j:]
        else:
            text = text.translate({ord(m): draw(st.sampled_from(MARKS)) for m in MARKS})
    return text


@pytest.fixture(scope="module")
def nlp():
    texts = ["على القوات الأجنبية مغادرة العراق", "التحالف يساعد في محاربة داعش", "الاجتماع عقد اليوم"]
    return Pipeline.new(stance=LinearStance().fit(texts * 2, ["oppose", "support", "neutral"] * 2))


def check_document(nlp, text):
    """Annotate ``text`` and check every invariant of the result."""
    try:
        doc = nlp(text, doc_id="fuzz")
    except InputError:
        assert looks_like_html(text), "InputError for text that is not HTML"
        event("rejected as HTML")
        return
    event("with claims" if doc.claims else "without claims")
    assert doc.text == text
    for claim in doc.claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.text
        assert claim.kind in KINDS and 0.0 <= claim.confidence <= 1.0
        for span in (claim.cue, claim.speaker.mention):
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
                assert text[span.start:span.end] == span.text
    record = json.loads(json.dumps(doc.to_dict()))
    assert Document.from_dict(record).to_dict() == record
    to_html(doc, page=True).encode("utf-8")


@FUZZ
@given(text=random_text)
def test_random_text(nlp, text):
    check_document(nlp, text)


@FUZZ
@given(text=mutated_text())
# found by the long run: a lone fatha after "١-" became a word with an empty normal form
@example(text="  ١-َ قالإن الأحداث الأخيرة تؤكد ما قلناه مراراً.\n٢- ندعو الجميع إلى التهدئة.\nالمكتب الإعلامي ١٢/٣/٢٠٢٦")
def test_mutated_articles(nlp, text):
    check_document(nlp, text)
