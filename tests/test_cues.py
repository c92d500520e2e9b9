"""The reporting-cue component: lexicon forms found among the tokens, with original offsets."""

import pytest

from claimattr import Pipeline


@pytest.fixture(scope="module")
def layers():
    nlp = Pipeline.new()
    components = [c for name, c in nlp.components if name in ("text", "quotations", "sentences", "cues")]

    def run(text):
        doc = nlp.make_doc(text)
        for component in components:
            doc = component(doc)
        return doc

    return run


def test_inflected_forms_with_their_agreement(layers):
    doc = layers("قالت الوزيرة إن الجلسة انتهت، مؤكدين أن الحوار مستمر، ويقولون إن الأمر حسم.")
    found = [(c.form, c.lemma, c.cls, c.feminine, c.plural, c.conj) for c in doc.cues]
    assert ("قالت", "قال", "verb", True, False, False) in found
    assert ("مؤكدين", "اكد", "participle", False, True, False) in found
    assert ("ويقولون", "قال", "present", False, True, True) in found


def test_offsets_point_into_the_original_text(layers):
    text = "وَقَالَ المُتَحَدِّثُ إِنَّ القرار نهائي."
    (cue,) = layers(text).cues
    assert text[cue.start:cue.end] == "وَقَالَ" and cue.form == "وقال"


def test_a_hashtag_cue_is_found_without_its_mark(layers):
    text = "#عاجل #قال الناطق إن الوضع مستقر."
    (cue,) = layers(text).cues
    assert text[cue.start:cue.end] == "قال"


def test_postposed_cues_and_no_cue_in_prepositions(layers):
    doc = layers("ستعقد الجلسة غدا بحسب مصدر مطلع، وعلى الجميع الحضور حتى المساء.")
    assert [(c.form, c.cls) for c in doc.cues] == [("بحسب", "postposed")]
