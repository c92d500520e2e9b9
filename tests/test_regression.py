"""End-to-end regression on the seed gold (corpora/seeds) with the shipped default model.

The floors sit a little under the figures measured when they were set (see README.md); the
stance model was trained on these seeds among other corpora, so the stance floors guard against
regressions, not generalisation.
"""

import pytest

import claimattr
from claimattr.corpora import read_corpus, repo_root
from claimattr.evaluate import evaluate


@pytest.fixture(scope="module")
def report():
    gold = read_corpus(repo_root() / "corpora" / "seeds")
    nlp = claimattr.load()
    return evaluate(gold, list(nlp.pipe([(d.doc_id, d.text) for d in gold])))


def test_claim_f1(report):
    assert report.claims.f1 >= 0.93


def test_speaker_accuracy(report):
    assert report.speaker_accuracy >= 0.85


def test_stance_macro_f1(report):
    assert report.stance_macro_f1 >= 0.85


def test_end_to_end_f1(report):
    assert report.end_to_end.f1 >= 0.78
