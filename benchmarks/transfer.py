"""Leave-one-corpus-out evaluation of the whole pipeline (not a test).

For each annotated corpus, the stance model is trained on all the other corpora and the default
pipeline (rules + that model; `--kind linear` for the plain TF-IDF model) is scored on the held-out corpus with claimattr.evaluate. This is
the closest we have to the held-out evaluation set: the stance model never saw the corpus it is
scored on (the rules were written while reading all of them, so claim and speaker figures are
not held out). Run from the repository root: ``python benchmarks/transfer.py [--no-rules]``.
"""

import argparse

from claimattr.corpora import training_corpora
from claimattr.evaluate import evaluate
from claimattr.pipeline import Pipeline
from claimattr.training.datasets import SECOND_ANNOTATIONS, stance_examples
from claimattr.training.stance import fit_stance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-rules", action="store_true", help="the stance model alone")
    parser.add_argument("--kind", default="context", choices=("context", "linear"), help="stance model kind")
    args = parser.parse_args()
    corpora = {k: v for k, v in training_corpora().items() if k not in SECOND_ANNOTATIONS}
    print("| held-out corpus | claim F1 | speaker acc. | stance acc. | stance macro-F1 | end-to-end F1 |")
    print("|---|---|---|---|---|---|")
    for held, gold in corpora.items():
        train = [d for name, docs in corpora.items() if name != held for d in docs]
        model = fit_stance(stance_examples(train), kind=args.kind)
        nlp = Pipeline(stance=model, stance_rules=not args.no_rules)
        report = evaluate(gold, [nlp(d.text, doc_id=d.doc_id) for d in gold])
        print(f"| {held} | {report.claims.f1:.3f} | {report.speaker_accuracy:.3f} | {report.stance_accuracy:.3f} "
              f"| {report.stance_macro_f1:.3f} | {report.end_to_end.f1:.3f} |")


if __name__ == "__main__":
    main()
