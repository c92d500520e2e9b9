"""Build the shipped default pipeline, ``claimattr/pipelines/default`` (``python models/build_default.py``).

The rule components with the shipped lexicons and entity registry, and stance by the ``context``
model trained on the training part of every annotated corpus (never the frozen dev split of
``corpora/splits.json``; second annotations left out), with a 5-fold cross-validation by document
in its card. Run it from the repository root with the shared data in ``../shared`` (or
``CLAIMATTR_SHARED``); it takes about a minute. ``--keep-stance`` only rebuilds the rule components
from the current lexicons (the step to take after editing ``claimattr/data/lexicons``).
"""

from __future__ import annotations

import argparse
import sys

from claimattr.components.stance import Stance
from claimattr.corpora import corpus_stats, split_corpora, training_documents
from claimattr.pipeline import Pipeline, read_pipeline_config, shipped_pipelines
from claimattr.stance import stance_examples
from claimattr.training.cards import card_metadata, data_summary, front_matter
from claimattr.training.stance import cross_validate_stance, fit_stance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep-stance", action="store_true", help="keep the shipped stance model and its card; "
                        "only rebuild the rule components from the current lexicons (seconds, for rule work)")
    args = parser.parse_args()
    folder = shipped_pipelines() / "default"
    if args.keep_stance:
        entry = next(e for e in read_pipeline_config(folder)["components"] if e["name"] == "stance")
        stance = Stance.from_disk(folder / "stance", **entry["settings"])
        card = (folder / "README.md").read_text(encoding="utf-8")
        nlp = Pipeline.new()
        nlp.components.append(("stance", Stance(model=stance.model, **stance.settings)))
        nlp.to_disk(folder, card=card)
        return
    corpora = split_corpora("train")
    docs = training_documents("train", corpora)
    report = cross_validate_stance(docs, "context", 5)
    nlp = Pipeline.new()
    nlp.components.append(("stance", Stance(model=fit_stance(stance_examples(docs), "context"))))
    rows = "\n".join(f"| {name} | {s['articles']} | {s['claims']} | {s['by_stance'].get('oppose', 0)} | "
                     f"{s['by_stance'].get('support', 0)} | {s['by_stance'].get('neutral', 0)} |"
                     for name, s in ((name, corpus_stats(d)) for name, d in corpora.items()))
    cv = report.format_table()
    card = CARD.format(front=front_matter(card_metadata(docs, cv)), rows=rows, summary=data_summary(docs), cv=cv,
                       command="python " + " ".join(sys.argv))
    nlp.to_disk(folder, card=card)


CARD = """{front}

# claimattr default pipeline

text -> quotations -> sentences -> reporting_cues -> claim_patterns -> speakers -> stance: the rule
components (their lexicons copied into each component's `lexicons/` folder), the shipped entity
registry, and stance by the `context` model (a linear model over the claim's words and character
n-grams, the sentence around it, its cue, its speaker and stance-lexicon hits) adjusted by the
named stance rules. Loading runs no code: JSON, TSV and NumPy .npz files read with
allow_pickle=False.

## Training data

The training part of the annotated corpora (never the dev split): {summary}.

| corpus | articles | claims | oppose | support | neutral |
|---|---|---|---|---|---|
{rows}

## Stance, 5-fold cross-validation by document (gold claims)

```
{cv}
```

## Limits

Figures on the dev split and the corpora are in the project README ("Measured figures"). Stance
leans neutral on text far from the training corpora; the named rules carry ANNOTATION.md's
definitions there. Claims and speakers come from rules written for Arabic news reporting.

Made by: `{command}` (from the repository root, with the shared data present).
"""

if __name__ == "__main__":
    main()
