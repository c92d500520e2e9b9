"""The reporting_cues component: the cue lexicon with its inflections, on Document fixtures."""

import pytest

from claimattr.components.cues import NOUN, PARTICIPLE, POSTPOSED, PRESENT, VERB, ReportingCues
from claimattr.lexicon import Lexicons
from tests.helpers import component, doc_before


def cues(text):
    doc = component("cues")(doc_before(text, "cues"))
    return doc, [(c.form, c.lemma, c.cls) for c in doc.cues]


@pytest.mark.parametrize("form,lemma,cls", [
    ("قال", "قال", VERB), ("وقالت", "قال", VERB), ("فقالوا", "قال", VERB), ("قالتا", "قال", VERB),
    ("يقولون", "قال", PRESENT), ("تقول", "قال", PRESENT),
    ("مضيفاً", "اضاف", PARTICIPLE), ("مؤكدةً", "اكد", PARTICIPLE), ("لافتين", "لفت", PARTICIPLE),
    ("إعلان", "اعلن", NOUN), ("التأكيد", "اكد", NOUN), ("ووصفها", "وصف", VERB),
    ("بحسب", "بحسب", POSTPOSED), ("وفقاً", "وفقا", POSTPOSED), ("نقلاً", "نقلا", POSTPOSED),
])
def test_inflected_forms(form, lemma, cls):
    _, found = cues(f"كلام {form} كلام")
    assert found and found[0][1] == lemma and found[0][2] == cls


def test_gender_and_number_features():
    fem = cues("وأضافت")[0].cues[0]
    plural = cues("وقالوا")[0].cues[0]
    assert fem.feminine and not fem.plural and fem.conj
    assert plural.plural and not plural.feminine


def test_no_cue_inside_other_words():
    assert cues("المقالات والقائلون")[1] == []


def test_cue_offsets_point_into_the_original_text():
    text = "وقالَ\u200f الوزيرُ: نعم"
    doc, _ = cues(text)
    cue = doc.cues[0]
    assert text[cue.start:cue.end] == "وقالَ"  # diacritic kept, the invisible mark after it trimmed
    assert doc.norm.text[cue.norm_start:cue.norm_end] == "وقال"


def test_the_lexicon_is_data(tmp_path):
    """A cue added to a lexicon folder is found; a component reads only its own lexicons."""
    shipped = Lexicons()
    folder = tmp_path / "lexicons"
    shipped.copy(ReportingCues.lexicon_files, folder)
    with open(folder / "cues.tsv", "a", encoding="utf-8") as f:
        f.write("غرد\tغرد\tيغرد\tمغرد\t\t\n")
    mine = ReportingCues(lexicons=Lexicons(folder))
    doc = mine(doc_before("وغرد الوزير بأن الاجتماع انتهى", "cues"))
    assert [c.lemma for c in doc.cues] == ["غرد"]
    assert component("cues")(doc_before("وغرد الوزير", "cues")).cues == []


def test_reporting_verbs_that_need_a_complementiser():
    # عزا / أظهر / قدّر report only before أن (أظهرت الدراسة أن …), not as plain verbs.
    from tests.components.test_claims import claims

    assert claims("وأظهرت الدراسة أن البطالة ارتفعت.")[0][3] == "البطالة ارتفعت"
    assert claims("ويقدر المحللون أن الأسعار ستنخفض.")[0][2] == "المحللون"
    assert claims("أظهرت الصور دخاناً كثيفاً فوق المصفاة.") == []
