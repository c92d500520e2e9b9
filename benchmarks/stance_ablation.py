"""Which inputs the encoder stance model needs (a measurement, not a test).

Scores variants of the stance model on the gold claims of the training part of every corpus (the
dev split is never used): 5-fold cross-validation by document, and leave-one-corpus-out (each
corpus predicted by a model trained on the others, all held-out predictions pooled). Macro-F1 of
the model alone (no stance rules, which the pipeline adds). The variants:

* ``context``: the context model (the default pipeline's kind), no encoder;
* ``e5 only``: the embeddings of the claim and its context, no other feature;
* ``+ claim``: the context model plus the claim's embedding;
* ``shipped``: the context model plus the claim's (weight 2) and the context's (weight 1) embeddings;
* ``equal``: the same with both embeddings at weight 1.

Every claim is embedded once (the models of one process share a remembering encoder). Usage:
``python benchmarks/stance_ablation.py [--seed 0] [--encoder PATH]``.
"""

from __future__ import annotations

import argparse

from claimattr.corpora import split_corpora
from claimattr.stance import predict_examples, stance_examples
from claimattr.stance.encoder import ENCODER_WEIGHTS
from claimattr.stance.linear import BLOCK_WEIGHTS
from claimattr.training.stance import StanceCV, cross_validate_stance, decisions, fit_stance

VARIANTS = {
    "context": ("context", {}),
    "e5 only": ("encoder", {"weights": {"claim_embedding": 2.0, "context_embedding": 1.0}}),
    "+ claim": ("encoder", {"weights": {**BLOCK_WEIGHTS, "claim_embedding": 2.0}}),
    "shipped": ("encoder", {"weights": dict(ENCODER_WEIGHTS)}),
    "equal": ("encoder", {"weights": {**BLOCK_WEIGHTS, "claim_embedding": 1.0, "context_embedding": 1.0}}),
}


def leave_one_corpus_out(corpora: dict, kind: str, **options) -> StanceCV:
    """Each corpus's gold claims predicted by a model trained on all the other corpora."""
    gold, pred, folds, confidence = [], [], [], []
    for f, (held, docs) in enumerate(corpora.items()):
        train = stance_examples(d for name, other in corpora.items() if name != held for d in other)
        test = [e for e in stance_examples(docs) if e.label]
        labels, confidences = decisions(predict_examples(fit_stance(train, kind, **options), test))
        gold += [e.label for e in test]
        pred += labels
        confidence += confidences
        folds += [f] * len(test)
    return StanceCV(kind, len(corpora), 0, gold, pred, folds, confidence)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="seed of the 5 folds")
    parser.add_argument("--encoder", help="a local checkpoint (default: multilingual-e5-small)")
    args = parser.parse_args()
    corpora = split_corpora("train")
    docs = [d for docs in corpora.values() for d in docs]
    print(f"{sum(len(stance_examples(docs)) for docs in corpora.values())} gold claims of {len(docs)} training "
          f"documents in {len(corpora)} corpora; macro-F1 of the model alone")
    print("| variant | 5-fold CV (seed %d) | leave one corpus out | CV calibration error |" % args.seed)
    print("|---|---|---|---|")
    for name, (kind, options) in VARIANTS.items():
        if kind == "encoder" and args.encoder:
            options = {**options, "encoder": args.encoder}
        cv = cross_validate_stance(docs, kind, 5, args.seed, **options)
        loco = leave_one_corpus_out(corpora, kind, **options)
        print(f"| {name} | {cv.macro_f1:.3f} | {loco.macro_f1:.3f} | {cv.calibration_error:.3f} |", flush=True)


if __name__ == "__main__":
    main()
