"""claimattr.text: normalisation with an offset map, tokens, paragraphs, sentences, input checks."""

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimattr.errors import InputError
from claimattr.text import (
    DIACRITICS,
    HTML_ELEMENTS,
    NormalizedText,
    check_text,
    has_arabic,
    is_hard_wrapped,
    looks_like_html,
    normalize,
    paragraphs,
    sentences,
    strip_html,
    tokens,
)


def test_normalize_folds_letter_variants_and_drops_marks():
    assert normalize("أإآ ى ة") == "ااا ي ه"
    assert normalize("قالَ الـوزيرُ") == "قال الوزير"
    assert normalize("ی ک") == "ي ك"
    assert normalize("a\u200fb") == "ab"


def test_offset_map_returns_original_spans():
    original = "وقالَ الـمتحدثُ\u200f: إنّ القواتِ باقيةٌ"
    norm = NormalizedText.of(original)
    for word in ("المتحدث", "ان", "القوات", "باقيه"):
        i = norm.text.find(word)
        s, e = norm.to_original(i, i + len(word))
        assert normalize(original[s:e]) == word
    s, e = norm.to_original(0, len(norm.text))
    assert (s, e) == (0, len(original))


def test_decomposed_hamza_maps_back():
    original = "ا\u0654كد الوزير"
    norm = NormalizedText.of(original)
    assert norm.text == "اكد الوزير"
    assert norm.to_original(0, 3) == (0, 4)


def test_tokens_carry_original_and_normalised_offsets():
    text = "قالَ الوزيرُ على: «نرفضُ الوجودَ الأجنبي»."
    norm = NormalizedText.of(text)
    toks = tokens(norm)
    assert [text[t.start:t.end] for t in toks][:5] == ["قالَ", "الوزيرُ", "على", ":", "«"]
    assert [t.form for t in toks][:3] == ["قال", "الوزير", "على"]  # على keeps ى; diacritics gone
    assert all(norm.text[t.norm_start:t.norm_end] == t.form.replace("ي", "ى") or
               norm.text[t.norm_start:t.norm_end] == t.form for t in toks)


def test_from_original_inverts_the_offset_map():
    original = "قالَ الـوزيرُ"
    norm = NormalizedText.of(original)
    for i, ch in enumerate(norm.text):
        assert norm.from_original(norm.start_to_original(i)) == i


def test_sentences_do_not_split_inside_quotes():
    text = 'قال النائب "هذا قرار خاطئ. ولن نقبله" ثم غادر. وفي اليوم التالي عاد.'
    spans = sentences(text, [(12, 38)])
    assert len(spans) == 2
    assert text[spans[0][0]:spans[0][1]].endswith("غادر.")


def test_double_dot_joins_headline_parts():
    assert len(sentences("الوزير: لا قواعد.. الهجمات مستمرة")) == 1


def test_hard_wrapped_text_joins_lines():
    text = ("طالب نواب في البرلمان الحكومة باتخاذ موقف\nواضح من القصف الذي تعرضت له\nالمواقع امس\n\n"
            "وقال مصدر مطلع ان الاجتماع\nناقش الرد على القصف\n\nواضاف ان الحكومة\nستعلن موقفها")
    assert is_hard_wrapped(text)
    assert len(paragraphs(text, wrapped=True)) == 3
    assert not is_hard_wrapped("سطر اول.\nسطر ثان.\nسطر ثالث.")


def test_has_arabic():
    assert has_arabic("hello مرحبا")
    assert not has_arabic("only English 123")


def test_check_text_rejects_html_oversize_and_bytes():
    with pytest.raises(InputError, match="HTML"):
        check_text("<html><body><p>قال</p></body></html>", 1000)
    with pytest.raises(InputError, match="limit"):
        check_text("ا" * 11, 10)
    with pytest.raises(InputError, match="decode"):
        check_text(b"abc", 10)


def test_strip_html_keeps_text():
    html = "<html><script>var x=1;</script><p>قال الوزير</p><p>إن &amp; الحكومة</p></html>"
    out = strip_html(html)
    assert "var x" not in out and "قال الوزير" in out and "إن & الحكومة" in out


ARTICLE = "قال المتحدث باسم الحكومة إن الاجتماع عقد اليوم في بغداد."


@pytest.mark.parametrize("markup", [
    "<h1>عنوان</h1>", "<li>بند", "<strong>", '<img src="x.jpg" alt=صورة>', "<!-- تعليق -->", "<!DOCTYPE html>",
    "<TABLE border=1>", "<br />", "</article>", "<meta charset='utf-8'>", '<a href="https://x.iq/a?b=1" class=y>',
    "<section\n  id=\"main\">", "<figure>", "<blockquote>", "<em>", "<?xml version='1.0'?>"])
def test_markup_beyond_a_few_tags_is_html(markup):
    assert looks_like_html(ARTICLE + markup + ARTICLE)  # h1, li, strong, img, comments... passed as text


@pytest.mark.parametrize("text", ["العدد < 5 والنسبة > 3", "<<الحرب>>", "قال <الوزير> إن", "a<b", "x <- y",
                                  "أحبك <3", "<p", "< p>", "<pp>", "<div=1>", "3<4>2"])
def test_a_stray_angle_bracket_is_text(text):
    assert not looks_like_html(ARTICLE + text)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(HTML_ELEMENTS)), st.sampled_from(["", "/"]), st.sampled_from(["", ' class="x"', " id=a", " hidden", " /"]),
       st.integers(0, len(ARTICLE)))
def test_any_tag_of_an_html_element_inside_an_article_is_found(name, closing, attributes, at):
    tag = f"<{closing}{name}{'' if closing else attributes}>"
    assert looks_like_html(ARTICLE[:at] + tag + ARTICLE[at:])


def test_the_diacritics_are_camel_tools_set():
    from camel_tools.utils.charsets import AR_DIAC_CHARSET

    assert DIACRITICS == AR_DIAC_CHARSET


def test_annotating_does_not_import_camel_tools_charsets():
    code = ("import sys, claimattr; claimattr.load()('قال الوزير إن الاجتماع عقد اليوم.'); "
            "print('camel_tools.utils.charsets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("قال .!?؟\n\t\"'»)] ")), max_size=60))
def test_sentence_ends_are_those_the_patterns_find_everywhere(text):
    from claimattr.text import _SENT_END_RE, _SENT_END_WRAPPED_RE, _sentence_ends

    for pattern in (_SENT_END_RE, _SENT_END_WRAPPED_RE):
        assert [m.span() for m in _sentence_ends(text, pattern)] == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("علىيالدحتمو فى#_.،\n") + ["على", "وعلى", "فحتى", "مستشفى", " "]), max_size=30))
def test_token_forms_fold_maksura_except_in_the_prepositions(pieces):
    from claimattr.text import TOKEN_RE, token_form

    norm = NormalizedText.of("".join(pieces))
    assert tokens(norm).forms == [token_form(t) for t in TOKEN_RE.findall(norm.text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("اإأٱآءؤئبىيةه ٰ") + ["\u0654", "\u0655", "ی", "ک"]), max_size=30))
def test_fold_folds_alef_as_camel_tools_does(text):
    from camel_tools.utils.normalize import normalize_alef_ar

    from claimattr.text import fold

    assert fold(text, maksura=False) == normalize_alef_ar(fold(text, maksura=False)) == fold(normalize_alef_ar(text), False)
