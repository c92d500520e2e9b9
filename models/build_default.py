"""Build models/default: the rule-based stages, the shipped entity registry and the `context`
stance model trained on every annotated corpus (`python models/build_default.py`, ~30 s).

The second, independent annotation in corpora/annot_double repeats texts of annot_news and
annot_telegram (it exists to measure agreement), so it is left out of training.
"""

import sys
from pathlib import Path

from claimattr.corpora import corpus_stats, training_corpora
from claimattr.pipeline import Pipeline
from claimattr.training.datasets import SECOND_ANNOTATIONS, training_documents
from claimattr.training.stance import load_stance_model, train_stance

HERE = Path(__file__).resolve().parent


def main() -> None:
    corpora = {name: docs for name, docs in training_corpora().items() if name not in SECOND_ANNOTATIONS}
    docs = training_documents(corpora)
    folder = HERE / "default"
    stance_dir = train_stance(docs, folder / "stance", kind="context", cv=5, progress=False,
                              command="python " + " ".join(sys.argv))
    stats = {name: corpus_stats(d) for name, d in corpora.items()}
    rows = "\n".join(f"| {name} | {s['articles']} | {s['claims']} | {s['by_stance'].get('oppose', 0)} | "
                     f"{s['by_stance'].get('support', 0)} | {s['by_stance'].get('neutral', 0)} |"
                     for name, s in stats.items())
    card = CARD.format(rows=rows, total=sum(len(d.claims) for d in docs))
    Pipeline(stance=load_stance_model(stance_dir)).to_disk(folder, card=card)


CARD = """# claimattr default pipeline

Rule-based claim segmentation and speaker attribution (claimattr/claims.py, speakers.py), the
shipped entity registry (claimattr/data/entities.jsonl), and stance by the `context` model
(stance/: a linear model over the claim's words and character n-grams, the sentence around it,
its cue, its speaker and stance-lexicon hits; its own card in stance/README.md gives its
5-fold cross-validation) adjusted by the named stance rules of claimattr/data/stance_rules.tsv
("stance_rules": true in pipeline.json). Loading runs no code: JSON and NumPy .npz files read
with allow_pickle=False.

Made by: `python models/build_default.py` (from the repository root, with ../shared present).

## Training data ({total} claims with a stance)

| corpus | articles | claims | oppose | support | neutral |
|---|---|---|---|---|---|
{rows}

## Figures

See README.md ("Measured figures") for the commands and the current numbers; the seed figures
are on data the stance model was trained on, so the cross-validated and held-out figures are the
honest ones.
"""

if __name__ == "__main__":
    main()
