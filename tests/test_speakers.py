"""Stage 5: speakers resolved and linked to entities."""

import pytest

from claimattr import Pipeline


@pytest.fixture(scope="module")
def nlp():
    return Pipeline()


def speakers(nlp, text):
    return [(c.speaker.entity, c.speaker.mention.text if c.speaker.mention else None) for c in nlp(text).claims]


def test_registry_person_with_title(nlp):
    out = speakers(nlp, "وقال رئيس تحالف الفتح هادي العامري إن الحوار هو الحل الوحيد.")
    assert out[0][0] == "hadi-al-amiri"


def test_implied_subject_resolves_to_previous_speaker(nlp):
    text = "وقال العامري إن الحوار هو الحل. وتابع أن الحكومة مطالبة بالإسراع في تنفيذ الاتفاق."
    out = speakers(nlp, text)
    assert [e for e, _ in out] == ["hadi-al-amiri", "hadi-al-amiri"]
    assert out[1][1] is None


def test_feminine_cue_prefers_feminine_source(nlp):
    text = ("وقالت الوزارة إن الاجتماع انتهى. وقال المتحدث الحكومي إن الموعد تحدد. "
            "وأضافت أن اللجنة ستجتمع الأسبوع المقبل.")
    out = speakers(nlp, text)
    assert out[2][0] == out[0][0]


def test_anonymous_source_gets_other_id(nlp):
    out = speakers(nlp, "وقال مسؤول أمني عراقي إن الدوريات زادت في المنطقة.")
    assert out[0][0].startswith("other:") and "مسؤول" in out[0][0]


def test_one_id_per_source_in_an_article(nlp):
    text = "وقال الباحث سامر النعيمي إن الأزمة ستطول. وأكد النعيمي أن الحل سياسي."
    out = speakers(nlp, text)
    assert out[0][0] == out[1][0] and out[0][0].startswith("other:")


def test_statement_issuer(nlp):
    out = speakers(nlp, "وأصدرت كتائب حزب الله بياناً قالت فيه إن عملياتها ستستمر.")
    assert out[0][0] == "kataib-hezbollah"


def test_speaker_name_is_readable(nlp):
    claim = nlp("وقال السوداني إن الحكومة ماضية في الإصلاح.").claims[0]
    assert claim.speaker.entity == "mohammed-shia-al-sudani" and claim.speaker.name
