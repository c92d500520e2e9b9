"""Leave-one-corpus-out evaluation of the whole pipeline (not a test).

For each annotated corpus (its training part; the dev split is never used here), the stance model
is trained on the training parts of all the other corpora and the rule pipeline with that model
(`--kind linear` for the plain TF-IDF model, `--kind encoder` for the accurate pipeline's model)
is scored on the held-out corpus with claimattr.evaluate: the stance model never saw the corpus
it is scored on (the rules were written while reading the training parts, so claim and speaker
figures are not held out; the dev split is the honest estimate for those). The last row pools
every held-out corpus. Run from the repository root:
``python benchmarks/transfer.py [--kind context|linear|encoder] [--no-rules]``.
"""

import argparse

from claimattr.corpora import split_corpora
from claimattr.evaluate import evaluate
from claimattr.pipeline import Pipeline
from claimattr.stance import stance_examples
from claimattr.training.stance import fit_stance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-rules", action="store_true", help="the stance model alone")
    parser.add_argument("--kind", default="context", choices=("context", "linear", "encoder"), help="stance model kind")
    parser.add_argument("--encoder", help="with --kind encoder: a local checkpoint (default: multilingual-e5-small)")
    args = parser.parse_args()
    options = {"encoder": args.encoder} if args.encoder else {}
    corpora = split_corpora("train")
    rules = "" if args.no_rules else " + rules"
    print(f"stance model {args.kind}{rules}, trained on the other corpora' training parts")
    print("| held-out corpus | claim F1 | speaker acc. | stance acc. | stance macro-F1 | end-to-end F1 |")
    print("|---|---|---|---|---|---|")
    gold_all, pred_all = [], []
    for held, gold in corpora.items():
        train = [d for name, docs in corpora.items() if name != held for d in docs]
        model = fit_stance(stance_examples(train), kind=args.kind, **options)
        nlp = Pipeline.new(stance=model, stance_rules=not args.no_rules)
        pred = list(nlp.pipe([(d.doc_id, d.text) for d in gold]))
        print(row(held, evaluate(gold, pred)), flush=True)
        gold_all += gold
        pred_all += pred
    print(row("all (pooled)", evaluate(gold_all, pred_all)))


def row(name: str, report) -> str:
    """One table row of a held-out corpus's figures."""
    return (f"| {name} | {report.claims.f1:.3f} | {report.speaker_accuracy:.3f} | {report.stance_accuracy:.3f} "
            f"| {report.stance_macro_f1:.3f} | {report.end_to_end.f1:.3f} |")


if __name__ == "__main__":
    main()
