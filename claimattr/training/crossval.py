"""k-fold cross-validation of the whole pipeline by document (``claimattr evaluate --cv K``).

On each fold a stance model is trained on the claims of the other folds' documents; the rule
components find the held-out documents' claims and speakers (optionally re-ranked by a
:class:`~claimattr.components.speaker_ranker.SpeakerRanker` trained on the other folds), and the
stance component labels them with the fold's model and the named rules, as the pipeline does.
All held-out predictions are scored together with :func:`claimattr.evaluate.evaluate`, so the
figures are those of ``claimattr evaluate`` on articles no component saw in training. The stance
model is also scored on the gold claims of the same folds
(:class:`~claimattr.training.stance.StanceCV`), which separates stance errors from claim and
speaker errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from claimattr.components.speaker_ranker import SpeakerRanker
from claimattr.components.stance import Stance
from claimattr.doc import Document
from claimattr.evaluate import Report, evaluate
from claimattr.stance import predict_examples, stance_examples
from claimattr.training.datasets import document_folds
from claimattr.training.speakers import rule_predictions
from claimattr.training.stance import StanceCV, decisions, fit_stance, progress_bar


@dataclass
class CrossValidation:
    """The pipeline's figures over all held-out documents, and the stance model's on gold claims."""

    k: int
    seed: int
    pipeline: Report
    stance: StanceCV

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.k, "seed": self.seed, "pipeline": self.pipeline.to_dict(), "stance_on_gold_claims":
                self.stance.to_dict()}

    def format_table(self) -> str:
        return "\n".join([f"{self.k}-fold cross-validation by document (seed {self.seed})", "",
                          "pipeline (rules + stance model trained on the other folds):",
                          self.pipeline.format_table(), "", self.stance.format_table()])


def cross_validate(docs: Sequence[Document], k: int = 5, seed: int = 0, stance_kind: str = "context",
                   base_model: str | Path | None = None, speakers: bool = False, progress: bool = False,
                   **stance_options: Any) -> CrossValidation:
    """Cross-validate the pipeline on ``docs`` (see the module docstring)."""
    predicted = rule_predictions(docs)
    labelled: list[Document] = list(predicted)
    gold, pred, fold_of, confidence = [], [], [], []
    for f, held_out in enumerate(progress_bar(document_folds(docs, k, seed), progress, "folds")):
        held = set(held_out)
        train = [i for i in range(len(docs)) if i not in held]
        model = fit_stance(stance_examples(docs[i] for i in train), stance_kind, base_model=base_model,
                           **stance_options)
        ranker = SpeakerRanker().fit([docs[i] for i in train], [predicted[i] for i in train]) if speakers else None
        stance = Stance(model=model)
        for i in held_out:
            labelled[i] = stance(ranker.rerank(predicted[i]) if ranker else predicted[i])
        test = [e for e in stance_examples(docs[i] for i in held_out) if e.label]
        gold += [e.label for e in test]
        labels, confidences = decisions(predict_examples(model, test))
        pred += labels
        confidence += confidences
        fold_of += [f] * len(test)
    return CrossValidation(k, seed, evaluate(docs, labelled),
                           StanceCV(stance_kind, k, seed, gold, pred, fold_of, confidence))
