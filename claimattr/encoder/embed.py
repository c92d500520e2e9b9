"""Sentence embeddings from a local encoder checkpoint: e5's recipe, in batches.

:class:`Embedder` reads a Hugging Face checkpoint folder (local files only, never code from the
folder), prefixes every text (e5 wants ``query: `` for texts that are classified), runs the
encoder in batches of texts of similar length (so little padding is computed), mean-pools the
last hidden states over the attention mask and L2-normalises. It runs on the GPU when one is
present (``device="auto"``) and on ``threads`` CPU threads otherwise (0 keeps torch's default).
With ``remember`` it keeps every vector it computed and embeds each distinct text once (for
training, where cross-validation fits many models on the same claims). torch and transformers
are imported here, only when an Embedder is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from claimattr.errors import ModelError

#: e5 embeds a text to classify as a query.
QUERY_PREFIX = "query: "


class Embedder:
    """L2-normalised mean-pooled embeddings of texts (see the module docstring)."""

    def __init__(self, folder: str | Path, prefix: str = QUERY_PREFIX, max_length: int = 256,
                 batch_size: int = 32, threads: int = 0, device: str = "auto", remember: bool = False) -> None:
        import torch

        self.folder = Path(folder)
        self.prefix = prefix
        self.batch_size = batch_size
        if threads > 0:
            torch.set_num_threads(threads)  # process-wide: torch has one intra-op pool
        self.device = torch.device(pick_device(device))
        try:
            self.tokenizer, self.model = load_checkpoint(self.folder)
        except (OSError, ValueError) as exc:
            raise ModelError(f"{self.folder} could not be loaded as a local encoder checkpoint ({exc}); pass the "
                             "folder of a model saved with save_pretrained, or run `claimattr encoder build`") from exc
        self.model.eval().to(self.device)
        self.max_length = min(max_length, int(getattr(self.model.config, "max_position_embeddings", max_length)))
        self.dim = int(self.model.config.hidden_size)
        self.memory: dict[str, np.ndarray] | None = {} if remember else None

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, float32, unit length."""
        if self.memory is None:
            return self._compute(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self.memory]
        self.memory.update(zip(missing, self._compute(missing)))
        return np.stack([self.memory[t] for t in texts]) if texts else np.zeros((0, self.dim), dtype=np.float32)

    def _compute(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of ``texts``, computed in batches of texts of similar length."""
        import torch

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for lo in range(0, len(order), self.batch_size):
            rows = order[lo:lo + self.batch_size]
            batch = self.tokenizer([self.prefix + texts[i] for i in rows], padding=True, truncation=True,
                                   max_length=self.max_length, return_tensors="pt").to(self.device)
            with torch.inference_mode():
                hidden = self.model(**batch).last_hidden_state
            out[rows] = mean_pool(hidden, batch["attention_mask"]).float().cpu().numpy()
        return out


def load_checkpoint(folder: Path):
    """The tokenizer and base model of a local checkpoint: local files only, no code from the
    folder, no pooler (the embedding is a mean over tokens), no progress bar."""
    import transformers
    from transformers.utils import logging as hf_logging

    options = {"local_files_only": True, "trust_remote_code": False}
    shown = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(folder, **options)
        try:
            model = transformers.AutoModel.from_pretrained(folder, add_pooling_layer=False, **options)
        except TypeError:  # an architecture without a pooler takes no such argument
            model = transformers.AutoModel.from_pretrained(folder, **options)
    finally:
        if shown:
            hf_logging.enable_progress_bar()
    return tokenizer, model


def mean_pool(hidden, mask):
    """The mean of the hidden states over the tokens the mask keeps, L2-normalised (torch)."""
    import torch

    weights = mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)
    return torch.nn.functional.normalize(pooled, dim=-1)


def pick_device(device: str) -> str:
    """``auto`` is ``cuda`` when torch sees a GPU, else ``cpu``; other names pass unchanged."""
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"
