"""Build models/default: the rule-based stages, the shipped entity registry and a LinearStance
model trained on every annotated corpus (`python models/build_default.py`).

The second, independent annotation in corpora/annot_double repeats texts of annot_news and
annot_telegram (it exists to measure agreement), so it is left out of training.
"""

from pathlib import Path

from claimattr.corpora import corpus_stats, training_corpora
from claimattr.entities import EntityRegistry
from claimattr.pipeline import Pipeline
from claimattr.stance import LinearStance

HERE = Path(__file__).resolve().parent
EXCLUDED = {"annot_double"}


def main() -> None:
    corpora = {name: docs for name, docs in training_corpora().items() if name not in EXCLUDED}
    claims = [c for docs in corpora.values() for d in docs for c in d.claims if c.stance]
    stance = LinearStance().fit([c.text for c in claims], [c.stance for c in claims],
                                [c.speaker.entity for c in claims])
    stats = {name: corpus_stats(docs) for name, docs in corpora.items()}
    rows = "\n".join(f"| {name} | {s['articles']} | {s['claims']} | {s['by_stance'].get('oppose', 0)} | "
                     f"{s['by_stance'].get('support', 0)} | {s['by_stance'].get('neutral', 0)} |"
                     for name, s in stats.items())
    card = CARD.format(rows=rows, total=len(claims))
    Pipeline(registry=EntityRegistry.default(), stance=stance).to_disk(HERE / "default", card=card)


CARD = """# claimattr default pipeline

Rule-based claim segmentation and speaker attribution (claimattr/claims.py, speakers.py), the
shipped entity registry (claimattr/data/entities.jsonl) and a linear stance model (stance/:
TF-IDF of words, word pairs, in-word character 3-5-grams and stance-lexicon hits, plus the
speaker's registry id or the words of an `other:` name; multinomial logistic regression, C=2,
balanced class weights). Loading runs no code: JSON and a NumPy .npz read with
allow_pickle=False.

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
