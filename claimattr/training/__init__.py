"""Training and cross-validation of claimattr's learned components.

* :mod:`claimattr.training.datasets`: corpora as training data (folds by document, one dataset per
  task);
* :mod:`claimattr.training.stance`: fitting stance models (linear, context, transformer) and their
  cross-validation;
* :mod:`claimattr.training.pretrain`: a small Arabic encoder pretrained from scratch (masked
  language modelling) on unlabeled text;
* :mod:`claimattr.training.spans`: fitting the span tagger (claim content, cues, speaker mentions);
* :mod:`claimattr.training.speakers`: fitting the ranker of candidate speakers;
* :mod:`claimattr.training.crossval`: the whole pipeline, cross-validated by document;
* :mod:`claimattr.training.cards`: model cards.

The models themselves (inference) live with their components: :mod:`claimattr.stance`,
:mod:`claimattr.components.span_tagger`, :mod:`claimattr.components.speaker_ranker`.

Nothing heavy is imported here: torch, transformers, datasets and scikit-learn load inside the
functions that need them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from claimattr.components import Component
    from claimattr.doc import Document
    from claimattr.pipeline import Pipeline

COMPONENTS = ("stance", "spans", "speakers", "encoder")


def train(component: str, out: str | Path, docs: Sequence[Document] | None = None, kind: str = "context",
          base_model: str | Path | None = None, cv: int = 0, seed: int = 0, epochs: float | None = None,
          learning_rate: float | None = None,
          pools: Sequence[str | Path] | None = None, steps: int = 2000, hidden: int = 128, layers: int = 2,
          encoder_settings: dict[str, Any] | None = None, progress: bool = True, command: str | None = None) -> Path:
    """Train one component and save it to ``out`` (what ``claimattr train`` runs).

    ``stance``, ``spans`` and ``speakers`` write a pipeline folder that ``claimattr.load(out)`` and
    ``claimattr annotate --model out`` use as it is: the rule components with the trained one in
    its slot (its weights in ``out/<component>/``) and a README model card.

    ``docs`` are annotated documents (default: the training part of every corpus,
    :func:`claimattr.corpora.training_documents`, never the dev split);
    ``kind`` picks the stance family; ``base_model`` is a local checkpoint for transformer models;
    ``cv`` >= 2 adds a cross-validation by document to the model card; ``epochs`` and
    ``learning_rate`` tune the fine-tuning of transformer models; ``encoder_settings``
    (``encoder``, ``threads``, ``device``) set the encoder of ``encoder`` stance models. ``encoder`` pretrains a
    small BERT on the unlabeled ``pools`` (``steps``, ``hidden``, ``layers``). ``command`` is
    written in the model card (default: this process's command line).
    """
    from claimattr.errors import ModelError

    if component not in COMPONENTS:
        raise ModelError(f"unknown component {component!r}; use one of {', '.join(COMPONENTS)}")
    if component == "encoder":
        from claimattr.training.cards import command_line
        from claimattr.training.pretrain import POOLS, pool_texts, pretrain_encoder

        return pretrain_encoder(pool_texts(pools or POOLS, seed=seed), out, hidden=hidden, layers=layers,
                                max_steps=steps, seed=seed, progress=progress, card=command or command_line())
    from claimattr.corpora import training_documents

    docs = training_documents() if docs is None else docs
    tuning: dict[str, Any] = {k: v for k, v in (("epochs", epochs), ("learning_rate", learning_rate)) if v}
    if tuning and component == "stance" and kind != "transformer":
        raise ModelError("--epochs and --learning-rate tune transformer models; use them with --kind transformer")
    if component == "stance":
        from claimattr.training.stance import train_stance

        return train_stance(docs, out, kind, base_model, cv, seed, progress, command, **tuning,
                            **(encoder_settings or {}))
    if component == "spans":
        from claimattr.training.spans import train_spans

        if base_model is None:
            raise ModelError("the span tagger needs --base-model PATH: a local Hugging Face checkpoint "
                             "(`claimattr train encoder --out DIR` makes a small one)")
        return train_spans(docs, out, base_model, cv, seed, progress, command, **tuning)
    from claimattr.training.speakers import train_speakers

    return train_speakers(docs, out, cv, seed, command)


def pipeline_with(name: str, component: Component, before: str | None = None, replace: bool = False) -> Pipeline:
    """The default pipeline with ``component`` added as ``name`` (before the component called
    ``before``, else at the end), or put in the place of the component ``name`` (``replace``)."""
    from claimattr.pipeline import Pipeline, load

    base = load("default")
    components = list(base.components)
    names = [n for n, _ in components]
    if replace:
        components[names.index(name)] = (name, component)
    else:
        components.insert(names.index(before) if before else len(components), (name, component))
    return Pipeline(components, registry=base.registry)
