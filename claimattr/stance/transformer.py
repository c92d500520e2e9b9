"""A fine-tuned Hugging Face sequence classifier with the stance interface.

It reads ``claim [SEP] speaker : cue | context`` (:func:`pair_inputs`). Load a folder with
:meth:`TransformerStance.load` (``config.json`` of kind ``transformer-stance``, safetensors
weights, tokenizer; local files only, no remote code); torch and transformers are imported when
a model is loaded. Fitting is :func:`claimattr.training.stance.fit_transformer_stance`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from claimattr.evaluate import name_words


def pair_inputs(texts: Sequence[str], speakers: Sequence[str | None] | None,
                contexts: Sequence[str | None] | None, cues: Sequence[str | None] | None) -> tuple[list[str], list[str]]:
    """The two segments a transformer reads: the claim, and ``speaker name : cue | context``."""
    n = len(texts)
    speakers, contexts, cues = speakers or [None] * n, contexts or [None] * n, cues or [None] * n
    second = [f"{' '.join(sorted(name_words(s or '')))} : {q or ''} | {x or ''}".strip()
              for s, x, q in zip(speakers, contexts, cues)]
    return list(texts), second


class TransformerStance:
    """A sequence classifier over (claim, context) pairs with the stance interface."""

    kind = "transformer-stance"

    def __init__(self, model: Any, tokenizer: Any, max_length: int = 128, batch_size: int = 32) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.batch_size = batch_size
        self.classes_ = [model.config.id2label[i] for i in range(model.config.num_labels)]

    @classmethod
    def load(cls, path: str | Path) -> TransformerStance:
        """Read a model folder (local files only)."""
        from claimattr.hf import load_model

        model, tokenizer = load_model(path, cls.kind, "AutoModelForSequenceClassification")
        return cls(model, tokenizer, max_length=int(getattr(model.config, "max_tokens", 128)))

    def encode(self, texts: Sequence[str], speakers=None, contexts=None, cues=None) -> Any:
        """Token ids of the claims as tensors (see :func:`pair_inputs`)."""
        first, second = pair_inputs(texts, speakers, contexts, cues)
        return self.tokenizer(first, second, truncation=True, max_length=self.max_length, padding=True,
                              return_tensors="pt")

    def predict_proba(self, texts: Sequence[str], speakers: Sequence[str | None] | None = None,
                      contexts: Sequence[str | None] | None = None,
                      cues: Sequence[str | None] | None = None) -> list[dict[str, float]]:
        """For each claim, the probability of each label (batches of ``batch_size``)."""
        import torch

        out: list[dict[str, float]] = []
        device = next(self.model.parameters()).device
        for lo in range(0, len(texts), self.batch_size):
            part = slice(lo, lo + self.batch_size)
            batch = self.encode(texts[part], *(None if v is None else v[part] for v in (speakers, contexts, cues)))
            with torch.no_grad():
                logits = self.model(**{k: v.to(device) for k, v in batch.items()}).logits
            out += [dict(zip(self.classes_, row)) for row in torch.softmax(logits.float(), dim=-1).tolist()]
        return out

    def predict(self, texts: Sequence[str], speakers=None, contexts=None, cues=None) -> list[str]:
        """The most probable label of each claim."""
        return [max(p, key=p.get) for p in self.predict_proba(texts, speakers, contexts, cues)]

    def save(self, path: str | Path) -> Path:
        """Write the folder: config.json (kind ``transformer-stance``), safetensors, tokenizer."""
        from claimattr.hf import save_model

        return save_model(self.model, self.tokenizer, path, self.kind, max_tokens=self.max_length)
