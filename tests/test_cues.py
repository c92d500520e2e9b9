"""Stage 3: the reporting-cue lexicon with its inflections."""

import pytest

from claimattr.cues import NOUN, PARTICIPLE, POSTPOSED, PRESENT, VERB, find_cues
from claimattr.text import normalize


def cues(text):
    return [(c.form, c.lemma, c.cls) for c in find_cues(normalize(text))]


@pytest.mark.parametrize("form,lemma,cls", [
    ("قال", "قال", VERB), ("وقالت", "قال", VERB), ("فقالوا", "قال", VERB), ("قالتا", "قال", VERB),
    ("يقولون", "قال", PRESENT), ("تقول", "قال", PRESENT),
    ("مضيفاً", "اضاف", PARTICIPLE), ("مؤكدةً", "اكد", PARTICIPLE), ("لافتين", "لفت", PARTICIPLE),
    ("إعلان", "اعلن", NOUN), ("التأكيد", "اكد", NOUN), ("ووصفها", "وصف", VERB),
    ("بحسب", "بحسب", POSTPOSED), ("وفقاً", "وفقا", POSTPOSED), ("نقلاً", "نقلا", POSTPOSED),
])
def test_inflected_forms(form, lemma, cls):
    found = cues(f"كلام {form} كلام")
    assert found and found[0][1] == lemma and found[0][2] == cls


def test_gender_and_number_features():
    fem = find_cues(normalize("وأضافت"))[0]
    plural = find_cues(normalize("وقالوا"))[0]
    assert fem.feminine and not fem.plural and fem.conj
    assert plural.plural and not plural.feminine


def test_no_cue_inside_other_words():
    assert cues("المقالات والقائلون") == []
