"""The quotations component: quotations in every Arabic style, on Document fixtures."""

from tests.helpers import component, doc_before


def found(text):
    return component("quotations")(doc_before(text, "quotations")).quotes


def quotes(text):
    return [text[q.start:q.end] for q in found(text)]


def test_all_styles():
    text = 'قال «نحن هنا» ثم “نحن باقون” و”كلام معكوس“ و„كلام سفلي“ و"كلام مستقيم" و\'كلام مفرد\' و″كلام″'
    assert quotes(text) == ["نحن هنا", "نحن باقون", "كلام معكوس", "كلام سفلي", "كلام مستقيم", "كلام مفرد", "كلام"]


def test_unclosed_quote_closes_at_paragraph_end():
    text = "قال الوزير «لن نتراجع عن القرار\nوفي سياق آخر"
    [quote] = found(text)
    assert not quote.closed and text[quote.start:quote.end] == "لن نتراجع عن القرار"


def test_stray_closing_mark_is_ignored():
    assert quotes("هذا نص» بلا افتتاح") == []


def test_nested_quote_belongs_to_outer():
    assert quotes("قال «إن ما يسمى “الحماية” كذبة»") == ["إن ما يسمى “الحماية” كذبة"]


def test_unclosed_mark_before_a_real_quote_is_dropped():
    text = "“تنفيذ هجمات جديدة يزعم مسلحون “موالون للخارج” أنها رد"
    assert quotes(text)[0] == "موالون للخارج"


def test_apostrophe_inside_latin_word_is_not_a_quote():
    assert quotes("قال it's fine اليوم") == []


def test_offsets_are_original_and_normalised():
    text = "قالَ: «نحنُ هنا»"
    [q] = found(text)
    assert text[q.open] == "«" and text[q.close - 1] == "»" and text[q.start:q.end] == "نحنُ هنا"
    doc = doc_before(text, "quotations")
    assert doc.norm.text[q.norm_start:q.norm_end] == "نحن هنا"
