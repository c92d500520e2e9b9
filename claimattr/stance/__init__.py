"""Stance toward the US military presence in Iraq (and the region): oppose, support, neutral.

- :mod:`~claimattr.stance.inputs`: what a model reads of a claim (its text, sentence, cue, speaker);
- :mod:`~claimattr.stance.linear`: the linear models (``linear``, ``context``) on one
  TF-IDF + logistic-regression engine, NumPy at inference;
- :mod:`~claimattr.stance.encoder`: the context model plus frozen encoder embeddings of the claim
  and its context (``encoder``, the accurate pipeline's);
- :mod:`~claimattr.stance.transformer`: a fine-tuned sequence classifier (``transformer``);
- :mod:`~claimattr.stance.rules`: the named stance rules that carry ANNOTATION.md's definitions.

:func:`load_stance_model` reads any model folder by the ``kind`` in its ``config.json`` and
:func:`predict_examples` gives each model the inputs it reads. Fitting and cross-validation are
in :mod:`claimattr.training.stance`; the pipeline component is :mod:`claimattr.components.stance`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from claimattr.errors import ModelError
from claimattr.stance.inputs import StanceExample, claim_context, stance_example, stance_examples

LABELS = ("oppose", "support", "neutral")
#: ``kind`` of a model folder's config.json -> ``module:Class`` that loads it.
LOADERS = {"linear-stance": "claimattr.stance.linear:LinearStance",
           "context-stance": "claimattr.stance.linear:ContextStance",
           "transformer-stance": "claimattr.stance.transformer:TransformerStance",
           "encoder-stance": "claimattr.stance.encoder:EncoderStance"}


def load_stance_model(path: str | Path) -> Any:
    """Load any stance model folder, by the ``kind`` in its ``config.json``."""
    from importlib import import_module

    from claimattr.hf import CONFIG, read_config

    folder = Path(path)
    kind = read_config(folder).get("kind")
    if kind not in LOADERS:
        raise ModelError(f"{folder}/{CONFIG} has kind {kind!r}; a stance model is one of {', '.join(LOADERS)}")
    module, _, name = LOADERS[kind].partition(":")
    return getattr(import_module(module), name).load(folder)


def predict_examples(model: Any, examples: Sequence[StanceExample]) -> list[dict[str, float]]:
    """Stance probabilities of examples, giving the model the inputs it reads."""
    from claimattr.stance.linear import LinearStance

    texts, speakers = [e.text for e in examples], [e.speaker for e in examples]
    if isinstance(model, LinearStance):
        return model.predict_proba(texts, speakers)
    return model.predict_proba(texts, speakers, [e.context for e in examples], [e.cue for e in examples])


__all__ = ["LABELS", "StanceExample", "claim_context", "load_stance_model", "predict_examples", "stance_example",
           "stance_examples"]
