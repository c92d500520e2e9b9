"""Stage 2: quotations in every Arabic style."""

from claimattr.quotes import find_quotes
from claimattr.text import paragraphs


def quotes(text):
    return [text[q.start:q.end] for q in find_quotes(text, paragraphs(text))]


def test_all_styles():
    text = 'قال «نحن هنا» ثم “نحن باقون” و”كلام معكوس“ و„كلام سفلي“ و"كلام مستقيم" و\'كلام مفرد\' و″كلام″'
    assert quotes(text) == ["نحن هنا", "نحن باقون", "كلام معكوس", "كلام سفلي", "كلام مستقيم", "كلام مفرد", "كلام"]


def test_unclosed_quote_closes_at_paragraph_end():
    text = "قال الوزير «لن نتراجع عن القرار\nوفي سياق آخر"
    found = find_quotes(text, paragraphs(text))
    assert len(found) == 1 and not found[0].closed
    assert text[found[0].start:found[0].end] == "لن نتراجع عن القرار"


def test_stray_closing_mark_is_ignored():
    assert quotes("هذا نص» بلا افتتاح") == []


def test_nested_quote_belongs_to_outer():
    assert quotes("قال «إن ما يسمى “الحماية” كذبة»") == ["إن ما يسمى “الحماية” كذبة"]


def test_unclosed_mark_before_a_real_quote_is_dropped():
    text = "“تنفيذ هجمات جديدة يزعم مسلحون “موالون للخارج” أنها رد"
    assert quotes(text)[0] == "موالون للخارج"


def test_apostrophe_inside_latin_word_is_not_a_quote():
    assert quotes("قال it's fine اليوم") == []
