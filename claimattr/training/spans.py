"""Fitting and cross-validating the span tagger
(:class:`~claimattr.components.span_tagger.SpanTagger`) against the rules.

:func:`cross_validate_spans` scores the rules, the learned tagger and their combination on the same
folds by document with :func:`claimattr.evaluate.evaluate`, each as a pipeline: the rule pipeline,
and the same with the ``span_tagger`` component in ``learned`` mode (in place of the claim
patterns) or in ``combined`` mode (after them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from claimattr.components.span_tagger import SPAN_LABELS, SpanTagger, SpanTaggerComponent
from claimattr.doc import Document
from claimattr.evaluate import Report, evaluate
from claimattr.training.datasets import document_folds, span_examples

MODES = ("rules", "learned", "combined")


def mode_pipeline(mode: str, tagger: SpanTagger | None = None) -> Any:
    """The pipeline of one mode: the rules, or the span tagger ``learned`` alone or ``combined``."""
    from claimattr.pipeline import Pipeline

    rules = Pipeline.new()
    if mode == "rules":
        return rules
    components = [(n, c) for n, c in rules.components if mode == "combined" or n != "claims"]
    at = [n for n, _ in components].index("speakers")
    components.insert(at, ("span_tagger", SpanTaggerComponent(tagger=tagger, mode=mode)))
    return Pipeline(components, registry=rules.registry)


def predict_documents(docs: Sequence[Document], mode: str, tagger: SpanTagger | None = None) -> list[Document]:
    """Claims of each document's text by ``mode`` (one of :data:`MODES`)."""
    nlp = mode_pipeline(mode, tagger)
    return [nlp(doc.text, doc_id=doc.doc_id) for doc in docs]


def fit_span_tagger(docs: Sequence[Document], base_model: str | Path, epochs: float = 4.0,
                    learning_rate: float = 2e-4, batch_size: int = 8, max_words: int = 100,
                    max_length: int = 256, seed: int = 0, progress: bool = True) -> SpanTagger:
    """Fine-tune a token classifier on the span examples of ``docs`` with ``Trainer``.

    ``max_length`` (word pieces) is capped by the checkpoint's position embeddings, and a stretch
    of text holds at most half as many words, so that stretches are rarely truncated.
    """
    import datasets
    from transformers import AutoModelForTokenClassification, AutoTokenizer, DataCollatorForTokenClassification, Trainer

    from claimattr.hf import checkpoint_folder
    from claimattr.training.hf import offline_training_args

    base = checkpoint_folder(base_model)
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForTokenClassification.from_pretrained(
        base, local_files_only=True, num_labels=len(SPAN_LABELS), id2label=dict(enumerate(SPAN_LABELS)),
        label2id={l: i for i, l in enumerate(SPAN_LABELS)})
    max_length = min(max_length, model.config.max_position_embeddings)
    tagger = SpanTagger(model, tokenizer, min(max_words, max_length // 2), max_length)
    examples = span_examples(docs, max_words)
    enc = tagger.encode([e.words for e in examples], [e.labels for e in examples])
    train = datasets.Dataset.from_dict({k: enc[k] for k in ("input_ids", "attention_mask", "labels")})
    args = offline_training_args(progress=progress, num_train_epochs=epochs, learning_rate=learning_rate,
                                 per_device_train_batch_size=batch_size, seed=seed)
    Trainer(model=model, args=args, train_dataset=train, processing_class=tokenizer,
            data_collator=DataCollatorForTokenClassification(tokenizer)).train()
    model.eval()
    return tagger


def cross_validate_spans(docs: Sequence[Document], base_model: str | Path, k: int = 5, seed: int = 0,
                         progress: bool = False, **options: Any) -> dict[str, Report]:
    """Score the rules, the learned tagger and their combination on the same ``k`` folds by
    document: one :class:`~claimattr.evaluate.Report` per mode over all held-out documents."""
    preds: dict[str, list[Document]] = {mode: [] for mode in MODES}
    for held_out in document_folds(docs, k, seed):
        held = set(held_out)
        tagger = fit_span_tagger([d for i, d in enumerate(docs) if i not in held], base_model,
                                 seed=seed, progress=progress, **options)
        test = [docs[i] for i in held_out]
        for mode in MODES:
            preds[mode] += predict_documents(test, mode, tagger)
    return {mode: evaluate(docs, predicted) for mode, predicted in preds.items()}


def train_spans(docs: Sequence[Document], out: str | Path, base_model: str | Path, cv: int = 0, seed: int = 0,
                progress: bool = True, command: str | None = None, **options: Any) -> Path:
    """Train a span tagger on all of ``docs`` and save the default pipeline with it (``combined``
    mode) as a pipeline folder, with a model card; with ``cv`` >= 2 the card compares rules,
    tagger and combination in a ``cv``-fold cross-validation by document."""
    from claimattr.training.cards import comparison_table, write_card

    from claimattr.training import pipeline_with

    reports = cross_validate_spans(docs, base_model, cv, seed, **options) if cv else None
    tagger = fit_span_tagger(docs, base_model, seed=seed, progress=progress, **options)
    folder = pipeline_with("span_tagger", SpanTaggerComponent(tagger=tagger), before="speakers").to_disk(out)
    return write_card(folder, "claimattr span tagger (claim content, cue, speaker mention)",
                      "A token classifier over words (BIO labels CLAIM, CUE, SPEAKER). `learned` makes claims "
                      "from its spans alone; `combined` adds its claims that overlap no rule claim.",
                      docs, comparison_table(reports) if reports else None, command)
