"""HTML rendering: text preserved and escaped, every claim highlighted, nesting, colours, pages."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimattr.doc import Claim, Document, Span, Speaker
from claimattr.errors import FormatError, InputError
from claimattr.render import GOLDEN_ANGLE, Palette, save_html, to_html

VOID = {"meta", "br", "img", "link", "input", "hr"}
TEXT = ('قال وزير الخارجية فؤاد حسين إن "القوات الأجنبية ستغادر البلاد قريبا"، '
        "وأضاف المتحدث باسم الحكومة أن الحوار مستمر مع الجانب الأمريكي.")


def span(text: str, part: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``part`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part), part)


def claim(text: str, cid: str, content: str, entity: str, mention: str | None = None,
          cue: str | None = None, stance: str | None = "neutral", confidence: float = 0.5) -> Claim:
    body = span(text, content)
    return Claim(id=cid, start=body.start, end=body.end, text=body.text, kind="indirect",
                 speaker=Speaker(entity, name=entity.split(":")[-1],
                                 mention=span(text, mention) if mention else None),
                 cue=span(text, cue) if cue else None, stance=stance,
                 stance_scores={stance: 0.8} if stance else {}, confidence=confidence)


def sample_doc() -> Document:
    return Document(TEXT, doc_id="d1", claims=[
        claim(TEXT, "c1", "القوات الأجنبية ستغادر البلاد قريبا", "fuad-hussein", "وزير الخارجية فؤاد حسين",
              "قال", "oppose", 0.91),
        claim(TEXT, "c2", "الحوار مستمر مع الجانب الأمريكي", "other:المتحدث باسم الحكومة",
              "المتحدث باسم الحكومة", "وأضاف", "neutral", 0.42),
    ])


class Tree(HTMLParser):
    """Checks that tags nest properly and collects the visible article text (badges left out),
    the text of each claim's fragments and the attributes of each claim fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.claims: dict[str, list[str]] = {}
        self.fragments: list[dict] = []
        self.badges: list[str] = []
        self.names: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "mark":
            self.fragments.append(attrs)
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def in_class(self, name: str) -> list[dict]:
        return [a for _, a in self.stack if name in (a.get("class") or "").split()]

    def handle_data(self, data):
        if self.in_class("ca-badge"):
            self.badges.append(data)
            return
        if self.in_class("ca-who"):
            self.names.append(data)
            return
        if not self.in_class("ca-text"):
            return
        self.text.append(data)
        for attrs in self.in_class("ca-claim"):
            self.claims.setdefault(attrs["data-claim"], []).append(data)


def parse(markup: str) -> Tree:
    tree = Tree()
    tree.feed(markup)
    tree.close()
    assert not tree.stack, f"unclosed tags: {tree.stack}"
    return tree


def assert_faithful(doc: Document) -> Tree:
    """The rendered text is the article exactly and each claim's fragments spell its text."""
    tree = parse(to_html(doc))
    assert "".join(tree.text) == doc.text
    assert {k: "".join(v) for k, v in tree.claims.items()} == {
        str(i): doc.text[c.start:c.end] for i, c in enumerate(doc.claims)}
    return tree


def test_every_claim_is_highlighted_in_its_speakers_colour_with_badge_and_hover():
    doc = sample_doc()
    tree = assert_faithful(doc)
    first = [f for f in tree.fragments if f["data-claim"] == "0"][0]
    assert Palette().colors("fuad-hussein")[0] in first["style"]  # the first speaker of the page
    assert first["data-stance"] == "oppose" and first["data-confidence"] == "0.91"
    assert "confidence: 0.91" in first["title"] and "oppose (p=0.80)" in first["title"]
    assert tree.badges[:2] == ["oppose", "neutral"]  # one per claim, then the legend's
    assert tree.names == ["fuad-hussein", "المتحدث باسم الحكومة"]  # each claim shows who said it
    assert "pattern: unknown, stance rules: none" in first["title"]
    markup = to_html(doc)
    assert 'class="ca-cue"' in markup and 'class="ca-speaker"' in markup
    assert markup.count('class="ca-speaker"') == 2


def test_text_is_rtl_and_self_contained():
    markup = to_html(sample_doc())
    assert 'dir="rtl"' in markup and "direction: rtl" in markup
    for external in ("http://", "https://", "<script", "@import", "url(", "<link"):
        assert external not in markup


def test_untrusted_text_and_labels_are_escaped():
    text = 'قال المصدر إن "<script>alert(1)</script> & <img src=x onerror=alert(2)>" صحيح.'
    content = '<script>alert(1)</script> & <img src=x onerror=alert(2)>'
    doc = Document(text, doc_id='"><script>alert(3)</script>', meta={"title": "<b>عنوان</b>"},
                   claims=[claim(text, '"c1', content, '"><img src=x onerror=alert(4)>',
                                 "المصدر", "قال")])
    markup = to_html(doc, page=True, title="</title><script>alert(5)</script>")
    tree = parse(markup)
    assert tree.scripts == 0 and "<img" not in markup and "<b>" not in markup
    assert "".join(tree.text) == text


def test_nested_and_crossing_spans_stay_well_formed():
    text = "قال الوزير إن الحكومة ترى أن القوات باقية وإن الحوار مستمر بين البلدين اليوم."
    outer = claim(text, "c1", "الحكومة ترى أن القوات باقية وإن الحوار مستمر", "minister", "الوزير", "قال")
    inner = claim(text, "c2", "القوات باقية", "government", "الحكومة", "ترى")
    crossing = claim(text, "c3", "الحوار مستمر بين البلدين", "other:الوزير", "الوزير", "قال")
    doc = Document(text, doc_id="nested", claims=[outer, inner, crossing])
    tree = assert_faithful(doc)
    assert len([f for f in tree.fragments if f["data-claim"] == "2"]) == 2  # split where c1 ends
    assert to_html(doc).count('class="ca-speaker"') == 2  # الوزير is shared by c1 and c3


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12), st.sampled_from(["a", "b", "c"]),
                          st.booleans()), max_size=8))
def test_any_overlap_of_spans_renders_faithfully(spans):
    text = "أكد المسؤول أن <الاتفاق> & \"الانسحاب\" سيتمان في موعدهما المحدد هذا العام"
    claims = []
    for i, (start, length, entity, with_cue) in enumerate(spans):
        end = min(start + length, len(text))
        cue = Span.of(text, max(0, start - 3), max(1, start)) if with_cue else None
        claims.append(Claim(f"c{i}", start, end, text[start:end], "indirect", Speaker(entity),
                            cue=cue, stance="support"))
    assert_faithful(Document(text, doc_id="h", claims=claims))


def test_colours_are_deterministic_per_entity():
    palette = Palette()
    assert palette.colors("hadi-al-amiri") == palette.colors("hadi-al-amiri")
    assert palette.colors("hadi-al-amiri") != palette.colors("john-kirby")
    assert to_html(sample_doc()) == to_html(sample_doc())


def test_several_documents_and_empty_ones():
    empty = Document("نص بلا ادعاءات.", doc_id="empty")
    tree = parse(to_html([sample_doc(), empty]))
    assert "".join(tree.text) == TEXT + empty.text
    assert to_html((d for d in [empty])).count('class="ca-doc ') == 1


def test_page_has_doctype_rtl_and_a_policy_forbidding_scripts(tmp_path):
    path = save_html([sample_doc()], tmp_path / "out.html", title="تجربة")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ar" dir="rtl">' in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<title>تجربة</title>" in page


def test_repr_html_renders_the_document():
    doc = sample_doc()
    assert doc._repr_html_() == to_html(doc)


def test_bad_input_raises_with_a_fix():
    doc = sample_doc()
    doc.claims.append(Claim("c9", 5, 999, "", "direct", Speaker("x")))
    with pytest.raises(FormatError, match="c9.*validate"):
        to_html(doc)
    with pytest.raises(InputError, match="nlp\\(text\\)"):
        to_html("نص")
    with pytest.raises(InputError, match="Documents"):
        to_html([sample_doc(), {"text": "نص"}])


def _hue(color: str) -> float:
    return float(re.match(r"hsl\(([\d.]+)", color).group(1))


def test_distinct_speakers_of_a_page_get_distinct_colours_far_apart():
    palette = Palette()
    entities = [f"other:متحدث {i}" for i in range(60)] + ["hadi-al-amiri", "john-kirby", "us-centcom"]
    colors = [palette.colors(e)[0] for e in entities]
    assert len(set(colors)) == len(colors)
    hues = sorted(_hue(c) for c in colors[:8])
    gaps = [b - a for a, b in zip(hues, hues[1:])] + [hues[0] + 360 - hues[-1]]
    assert min(gaps) >= GOLDEN_ANGLE / 5  # a hash of the id put 8 speakers a few degrees apart


def test_claim_hover_shows_its_pattern_and_stance_rules():
    doc = sample_doc()
    doc.claims[0] = replace(doc.claims[0], pattern="verb-first", stance_rules=("occupation", "expel-forces"))
    first = [f for f in parse(to_html(doc)).fragments if f["data-claim"] == "0"][0]
    assert "pattern: verb-first, stance rules: occupation, expel-forces" in first["title"]


def test_lone_surrogates_render_as_replacement_characters():
    text = "قال الوزير إن \ud800 القوات ستغادر \udcff قريبا"
    doc = Document(text, doc_id="s\udc80", meta={"title": "\ud83d"}, claims=[
        claim(text, "c1", "القوات ستغادر", "other:الوزير\udfff", "الوزير", "قال")])
    for markup in (to_html(doc), to_html(doc, page=True)):
        markup.encode("utf-8")  # raised UnicodeEncodeError: a notebook could not display it
        assert "\ufffd" in markup
    assert "".join(parse(to_html(doc)).text) == text.replace("\ud800", "\ufffd").replace("\udcff", "\ufffd")


def test_page_index_filters_by_speaker_and_lists_documents(tmp_path):
    other = Document("وقال هادي العامري إن على القوات الأجنبية أن ترحل.", doc_id="d2", meta={"title": "عنوان"})
    other.claims.append(claim(other.text, "c1", "على القوات الأجنبية أن ترحل", "hadi-al-amiri", "هادي العامري",
                              "وقال", "oppose"))
    page = save_html([sample_doc(), other, Document("نص.", doc_id="d3")], tmp_path / "p.html").read_text("utf-8")
    parse(page.split("<body>", 1)[1].rsplit("</body>", 1)[0])  # well formed
    index = page[page.index('<div class="ca-index">'):]
    assert "3 documents, 3 claims, 3 speakers" in index
    # one claim each: ties go by entity id (fuad-hussein, hadi-al-amiri, other:...)
    assert re.findall(r'<label class="ca-key" for="(ca-[^"]+)"', index) == ["ca-all", "ca-f0", "ca-f2", "ca-f1"]
    assert re.findall(r'href="#(ca-doc-\d)"', index) == ["ca-doc-0", "ca-doc-1", "ca-doc-2"]
    assert 'id="ca-doc-1"' in page and "عنوان" in index
    # the filter of speaker k hides every document and index line without a claim of k
    assert ".claimattr:has(#ca-f2:checked) .ca-item:not(.ca-s2)" in page
    assert re.search(r'class="ca-doc ca-item ca-s2" id="ca-doc-1"', page)
    assert '<li class="ca-item ca-s0 ca-s1">' in index
    assert "<script" not in page
