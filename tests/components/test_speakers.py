"""The speakers component: each candidate's source resolved and linked, on Document fixtures."""

from claimattr.components.speakers import Speakers
from claimattr.doc import Candidate, Document, Segment
from tests.helpers import component, doc_before


def resolved(text):
    return component("speakers")(doc_before(text, "speakers"))


def speakers(text):
    return [(c.speaker.entity, c.speaker.mention.text if c.speaker.mention else None) for c in resolved(text).claims]


def test_registry_person_with_title():
    out = speakers("وقال رئيس تحالف الفتح هادي العامري إن الحوار هو الحل الوحيد.")
    assert out[0][0] == "hadi-al-amiri"


def test_implied_subject_resolves_to_previous_speaker():
    text = "وقال العامري إن الحوار هو الحل. وتابع أن الحكومة مطالبة بالإسراع في تنفيذ الاتفاق."
    out = speakers(text)
    assert [e for e, _ in out] == ["hadi-al-amiri", "hadi-al-amiri"]
    assert out[1][1] is None


def test_feminine_cue_prefers_feminine_source():
    text = ("وقالت الوزارة إن الاجتماع انتهى. وقال المتحدث الحكومي إن الموعد تحدد. "
            "وأضافت أن اللجنة ستجتمع الأسبوع المقبل.")
    out = speakers(text)
    assert out[2][0] == out[0][0]


def test_anonymous_source_gets_other_id():
    out = speakers("وقال مسؤول أمني عراقي إن الدوريات زادت في المنطقة.")
    assert out[0][0].startswith("other:") and "مسؤول" in out[0][0]


def test_one_id_per_source_in_an_article():
    text = "وقال الباحث سامر النعيمي إن الأزمة ستطول. وأكد النعيمي أن الحل سياسي."
    out = speakers(text)
    assert out[0][0] == out[1][0] and out[0][0].startswith("other:")


def test_statement_issuer():
    out = speakers("وأصدرت كتائب حزب الله بياناً قالت فيه إن عملياتها ستستمر.")
    assert out[0][0] == "kataib-hezbollah"


def test_speaker_name_is_readable():
    claim = resolved("وقال السوداني إن الحكومة ماضية في الإصلاح.").claims[0]
    assert claim.speaker.entity == "mohammed-shia-al-sudani" and claim.speaker.name


def test_claims_keep_their_pattern_and_are_numbered():
    doc = resolved("وقال الوزير إن الاتفاق قريب، مضيفاً أن التوقيع الأسبوع المقبل.")
    assert [(c.id, c.pattern) for c in doc.claims] == [("c1", "verb-first"), ("c2", "continuation")]


def test_a_candidate_without_any_source_gets_the_documented_unknown_speaker():
    text = "الاتفاق قريب جداً"
    doc = Document(text=text, candidates=[Candidate(0, len(text), 0, len(text), "indirect", None, None, "orphan", 0.5)])
    speakers_ = Speakers(unknown_confidence=0.2)
    [claim] = speakers_(doc).claims
    assert claim.speaker.entity == speakers_.settings["unknown_speaker"] and claim.confidence == 0.1


def test_a_mention_candidate_is_linked_through_the_registry():
    text = "هادي العامري: الحوار هو الحل"
    doc = Document(text=text, candidates=[Candidate(14, len(text), 14, len(text), "direct", None,
                                                    Segment(0, 12, 0, 12), "headline", 0.7)])
    [claim] = Speakers()(doc).claims
    assert claim.speaker.entity == "hadi-al-amiri" and claim.speaker.mention.text == "هادي العامري"
