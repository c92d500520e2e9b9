"""Training and cross-validation of the speaker ranker
(:class:`~claimattr.components.speaker_ranker.SpeakerRanker`) against the rules' choice."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from claimattr.components.speaker_ranker import SpeakerRanker
from claimattr.doc import Document
from claimattr.evaluate import Report, evaluate
from claimattr.training.datasets import document_folds


def rule_predictions(docs: Sequence[Document], nlp: Any = None) -> list[Document]:
    """The rule pipeline's claims for each document's text."""
    from claimattr.pipeline import Pipeline

    nlp = nlp or Pipeline.new()
    return [nlp(doc.text, doc_id=doc.doc_id) for doc in docs]


def cross_validate_speakers(docs: Sequence[Document], k: int = 5, seed: int = 0, **options: Any) -> dict[str, Report]:
    """Score the rules' speakers and the ranker's on the same ``k`` folds by document (the claims
    are the rules' in both, so only the speaker figures differ)."""
    predicted = rule_predictions(docs)
    reranked: list[Document] = [Document(text="")] * len(docs)
    for held_out in document_folds(docs, k, seed):
        held = set(held_out)
        train = [i for i in range(len(docs)) if i not in held]
        ranker = SpeakerRanker(**options).fit([docs[i] for i in train], [predicted[i] for i in train])
        for i in held_out:
            reranked[i] = ranker.rerank(predicted[i])
    return {"rules": evaluate(docs, predicted), "ranker": evaluate(docs, reranked)}


def train_speakers(docs: Sequence[Document], out: str | Path, cv: int = 0, seed: int = 0,
                   command: str | None = None, **options: Any) -> Path:
    """Train a speaker ranker on the rules' output for ``docs`` and save the default pipeline with it
    as a pipeline folder, with a model card; with ``cv`` >= 2 the card compares it with the rules
    in a cross-validation by document."""
    from claimattr.training.cards import comparison_table, write_card

    from claimattr.components.speaker_ranker import SpeakerRankerComponent
    from claimattr.training import pipeline_with

    reports = cross_validate_speakers(docs, cv, seed, **options) if cv else None
    ranker = SpeakerRanker(**options).fit(docs, rule_predictions(docs))
    folder = pipeline_with("speaker_ranker", SpeakerRankerComponent(ranker=ranker), before="stance").to_disk(out)
    return write_card(folder, "claimattr speaker ranker",
                      "Re-ranks the candidate sources of each claim the rules found (its own mention, the "
                      "mentions within reach, the previous claim's speaker) with a logistic regression.",
                      docs, comparison_table(reports) if reports else None, command)
