"""The pipeline end to end: offsets, bad input, many articles, saving and loading."""

import pytest

import claimattr
from claimattr import Document, InputError, ModelError, Pipeline
from claimattr.stance import LinearStance

ARTICLE = ('قال وزير الدفاع إن القوات المسلحة جاهزة لأي طارئ.\n'
           'وأضاف: "لن نسمح بأي اعتداء على حدودنا".\n'
           'وذكرت مصادر محلية أن الهدوء عاد إلى المدينة.')


@pytest.fixture(scope="module")
def nlp():
    stance = LinearStance().fit(["نرفض الوجود الأجنبي", "ندعم التدريب", "افتتاح مدرسة"] * 2,
                                ["oppose", "support", "neutral"] * 2)
    return Pipeline(stance=stance)


def test_every_span_is_exact_in_the_original_text(nlp):
    text = "وقالَ الـوزيرُ\u200f إنّ المفاوضات مستمرة، مضيفاً أن \"الاتفاق قريب جداً\"."
    doc = nlp(text)
    assert doc.claims
    for c in doc.claims:
        assert text[c.start:c.end] == c.text
        if c.cue:
            assert text[c.cue.start:c.cue.end] == c.cue.text
        if c.speaker.mention:
            m = c.speaker.mention
            assert text[m.start:m.end] == m.text


def test_claims_have_stance_and_confidence(nlp):
    doc = nlp(ARTICLE)
    assert len(doc.claims) == 3
    for c in doc.claims:
        assert c.stance in claimattr.STANCES and 0 <= c.confidence <= 1
        assert set(c.stance_scores) == set(claimattr.STANCES)


@pytest.mark.parametrize("text", ["", "   \n\t", "Only English text, no Arabic at all.", "12345 !!!"])
def test_empty_and_non_arabic_text_give_no_claims(nlp, text):
    doc = nlp(text)
    assert isinstance(doc, Document) and doc.claims == []


def test_html_is_rejected_or_stripped(nlp):
    html = "<html><body><p>قال الوزير إن الاجتماع ناجح.</p></body></html>"
    with pytest.raises(InputError, match="strip_html"):
        nlp(html)
    stripping = Pipeline(stance=nlp.stance, strip_html=True)
    assert stripping(html).claims


def test_oversized_text_is_rejected():
    with pytest.raises(InputError, match="max_chars"):
        Pipeline(max_chars=100)("قال " * 100)


def test_long_article_is_annotated(nlp):
    doc = nlp((ARTICLE + "\n") * 2000)
    assert len(doc.claims) == 3 * 2000


def test_pipe_keeps_order_and_ids(nlp):
    docs = list(nlp.pipe([("a", ARTICLE), ("b", ""), ("c", ARTICLE)]))
    assert [d.doc_id for d in docs] == ["a", "b", "c"]
    assert [len(d.claims) for d in docs] == [3, 0, 3]


def test_to_dict_round_trip(nlp):
    doc = nlp(ARTICLE, doc_id="x")
    again = Document.from_dict(doc.to_dict())
    assert [c.to_dict() for c in again.claims] == [c.to_dict() for c in doc.claims]
    assert all("name" in c["speaker"] and "confidence" in c for c in doc.to_dict()["claims"])


def test_save_and_load_pipeline(nlp, tmp_path):
    nlp.to_disk(tmp_path / "model", card="# test model")
    again = claimattr.load(tmp_path / "model")
    assert [c.to_dict() for c in again(ARTICLE).claims] == [c.to_dict() for c in nlp(ARTICLE).claims]
    assert (tmp_path / "model" / "README.md").read_text() == "# test model"


def test_load_unknown_model_says_what_exists():
    with pytest.raises(ModelError, match="shipped models"):
        claimattr.load("no-such-model")


def test_summarize_counts_speakers_by_stance(nlp):
    table = claimattr.summarize([nlp(ARTICLE), nlp(ARTICLE)])
    assert list(table.columns) == ["name", "claims", "articles", "oppose", "support", "neutral"]
    assert table["claims"].sum() == 6 and table["articles"].max() == 2


def test_user_registry_links_new_sources(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text('{"id": "other:سامر النعيمي", "name": "Samer al-Nuaimi", "name_ar": "سامر النعيمي", '
                    '"kind": "person", "aliases": ["رئيس مركز الدراسات"], "family": ["النعيمي"]}\n', encoding="utf-8")
    registry = claimattr.EntityRegistry.default()
    registry.extend(path)
    nlp = claimattr.load(registry=registry)
    claim = nlp("وقال رئيس مركز الدراسات إن الأزمة ستطول.").claims[0]
    assert claim.speaker.entity == "other:سامر النعيمي" and claim.speaker.name == "Samer al-Nuaimi"
