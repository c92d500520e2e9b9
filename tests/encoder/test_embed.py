"""Embedding with a local checkpoint, and where encoders are found and built."""

import logging
import pickle

import numpy as np
import pytest

import claimattr
from claimattr import encoder
from claimattr.encoder.embed import Embedder
from claimattr.errors import ModelError
from tests.encoder_fixtures import SENTENCES


@pytest.fixture(scope="module")
def embedder(tiny_encoder):
    return Embedder(tiny_encoder["folder"], batch_size=2)


def test_vectors_are_unit_length_and_in_input_order(embedder):
    vectors = embedder.embed(list(SENTENCES))
    assert vectors.shape == (len(SENTENCES), 32) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    one_by_one = np.stack([embedder.embed([s])[0] for s in SENTENCES])
    np.testing.assert_allclose(vectors, one_by_one, atol=1e-5)  # padding in a batch changes nothing


def test_a_remembering_embedder_computes_each_text_once(tiny_encoder, monkeypatch):
    remembering = Embedder(tiny_encoder["folder"], remember=True)
    computed = []
    original = remembering._compute
    monkeypatch.setattr(remembering, "_compute", lambda texts: computed.append(list(texts)) or original(texts))
    first = remembering.embed(["the cat", "the dog", "the cat"])
    again = remembering.embed(["the dog", "a mat"])
    assert computed == [["the cat", "the dog"], ["a mat"]]
    np.testing.assert_array_equal(first[1], again[0])


def test_home_follows_claimattr_home_then_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMATTR_HOME", str(tmp_path / "h"))
    assert encoder.e5_folder() == tmp_path / "h" / "encoders" / encoder.E5_NAME
    monkeypatch.delenv("CLAIMATTR_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert encoder.home() == tmp_path / "xdg" / "claimattr"


def test_a_folder_that_is_no_checkpoint_is_refused_with_the_fix(tmp_path):
    with pytest.raises(ModelError, match="save_pretrained"):
        encoder.resolve(str(tmp_path))


def test_e5_is_built_on_first_use_with_a_message(monkeypatch, tmp_path, caplog):
    from claimattr.encoder import build

    monkeypatch.setenv("CLAIMATTR_HOME", str(tmp_path))
    built = []

    def fake_build(out):
        built.append(out)
        out.mkdir(parents=True)
        for name in (build.MANIFEST, build.WEIGHTS):
            (out / name).write_text("{}")
        return out

    monkeypatch.setattr(build, "build_e5", fake_build)
    with caplog.at_level(logging.WARNING, logger="claimattr.encoder"):
        assert encoder.resolve(None) == encoder.e5_folder()
        assert encoder.resolve(encoder.E5_NAME) == encoder.e5_folder()
    assert built == [encoder.e5_folder()]
    assert "building the encoder" in caplog.text and "claimattr encoder build" in caplog.text


def test_configure_refuses_encoder_settings_for_a_pipeline_without_an_encoder():
    with pytest.raises(ModelError, match="accurate"):
        encoder.configure(claimattr.load("default"), threads=2)
    nlp = claimattr.load("default")
    assert encoder.configure(nlp) is nlp


def test_pickled_encoder_models_leave_the_encoder_behind(tiny_encoder):
    from claimattr.stance.encoder import EncoderStance

    model = EncoderStance(encoder=str(tiny_encoder["folder"]))
    assert model.embedder is not None
    restored = pickle.loads(pickle.dumps(model))
    assert restored.embedder_ is None and restored.encoder == model.encoder
