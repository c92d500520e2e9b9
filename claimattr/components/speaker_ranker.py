"""A learned ranker of candidate speakers (the ``speaker_ranker`` component), which can follow the
speakers component and re-rank its choices.

For each claim the rules found, the candidates are its own mention and the source mentions the
rules found in the same article within reach of the claim (:data:`REACH_BEFORE` characters before it,
:data:`REACH_AFTER` after), plus the speaker of the previous claim (an implied subject). A logistic
regression scores each (claim, candidate) pair from a few features (:func:`pair_features`: which
side of the claim and how far, same sentence or paragraph, the previous claim's speaker, the
rules' own choice, agreement of a feminine cue with a feminine head noun, …) and the best
candidate becomes the claim's speaker.

It is trained on the rules' output for annotated articles: a candidate is right when it would make
the claim's speaker correct by :func:`claimattr.evaluate.speaker_correct`. The model is saved as
``config.json`` (feature names, labels) plus ``weights.npz``; loading runs no code.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from claimattr.components.base import Component
from claimattr.doc import Document, Speaker
from claimattr.errors import ModelError
from claimattr.evaluate import match_claims, speaker_correct
from claimattr.hf import CONFIG, read_config

REACH_BEFORE = 600
REACH_AFTER = 200
_WEIGHTS = "weights.npz"
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_FEMININE_CUE = re.compile(r"^(?:و|ف)?(?:ت\w+|\w+ت)$|ةً?$|ه$")
FEATURES = ("bias", "rule_choice", "before", "after", "log_distance", "same_sentence", "same_paragraph",
            "previous_speaker", "implied", "registry", "claim_has_cue", "claim_direct", "gender_agrees",
            "claims_between", "mention_words", "entity_claims", "function_word_start", "short_mention")
#: Words that start a phrase but never a source's name (a mention starting with one is a mistake).
_FUNCTION_WORDS = frozenset("من بل في ان إن أن الى إلى على علي قد كما حيث هذا هذه ذلك تلك وقد لكن ثم او أو".split())




@dataclass(frozen=True)
class Candidate:
    """A possible source of a claim: a speaker (with or without a mention) and where it is."""

    speaker: Speaker
    start: int
    end: int
    implied: bool = False


def candidates(doc: Document, index: int) -> list[Candidate]:
    """The candidate sources of claim ``index`` of a predicted document (see the module docstring)."""
    claim = doc.claims[index]
    own = claim.speaker.mention
    out = [Candidate(claim.speaker, own.start, own.end)] if own else []
    seen = {(own.start, own.end)} if own else set()
    for other in doc.claims:
        mention = other.speaker.mention
        if mention is None or (mention.start, mention.end) in seen:
            continue
        if claim.start - REACH_BEFORE <= mention.start and mention.end <= claim.end + REACH_AFTER:
            seen.add((mention.start, mention.end))
            out.append(Candidate(other.speaker, mention.start, mention.end))
    if index > 0:
        previous = doc.claims[index - 1]
        out.append(Candidate(Speaker(previous.speaker.entity, previous.speaker.name), previous.start,
                             previous.end, implied=True))
    return out


def pair_features(doc: Document, index: int, cand: Candidate) -> list[float]:
    """The features (:data:`FEATURES`) of claim ``index`` of ``doc`` and one candidate."""
    claim = doc.claims[index]
    text = doc.text
    before = cand.end <= claim.start
    gap = text[cand.end:claim.start] if before else text[claim.end:cand.start]
    distance = max(0, claim.start - cand.end if before else cand.start - claim.end)
    rule = claim.speaker
    rule_choice = (rule.mention is not None and (rule.mention.start, rule.mention.end) == (cand.start, cand.end)) \
        or (rule.mention is None and cand.implied and rule.entity == cand.speaker.entity)
    previous = doc.claims[index - 1].speaker.entity if index > 0 else None
    cue = claim.cue.text if claim.cue else ""
    words = cand.speaker.mention.text.split() if cand.speaker.mention else []
    head = words[0] if words else ""
    between = sum(1 for c in doc.claims if min(cand.end, claim.start) <= c.start < max(cand.start, claim.end)
                  and c is not claim)
    return [
        1.0, float(rule_choice), float(before), float(not before), math.log1p(distance),
        float(not _SENTENCE_END.search(gap)), float("\n" not in gap), float(cand.speaker.entity == previous),
        float(cand.implied), float(not cand.speaker.entity.startswith("other:")), float(bool(cue)),
        float(claim.kind == "direct"),
        float(bool(cue) and bool(_FEMININE_CUE.search(cue)) == head.endswith(("ة", "ه"))),
        math.log1p(between), math.log1p(len(words)),
        math.log1p(sum(c.speaker.entity == cand.speaker.entity for c in doc.claims)),
        float(bool(words) and words[0] in _FUNCTION_WORDS), float(len(words) == 1 and len(words[0]) <= 3),
    ]


@dataclass
class SpeakerRanker:
    """Logistic regression over (claim, candidate) pairs; :meth:`rerank` applies it to documents."""

    C: float = 1.0

    def fit(self, gold_docs: Sequence[Document], predicted: Sequence[Document]) -> SpeakerRanker:
        """Learn from the rules' output ``predicted`` for the annotated ``gold_docs``."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        x, y = [], []
        for gold, pred in zip(gold_docs, predicted):
            for pair in match_claims(gold.claims, pred.claims):
                index = pred.claims.index(pair.pred)
                for cand in candidates(pred, index):
                    x.append(pair_features(pred, index, cand))
                    y.append(int(speaker_correct(pair.gold, replace(pair.pred, speaker=cand.speaker))))
        if len(set(y)) < 2:
            raise ModelError("the speaker ranker needs right and wrong candidates; give a larger corpus")
        clf = LogisticRegression(C=self.C, max_iter=2000, fit_intercept=False).fit(np.array(x), np.array(y))
        self.coef_ = clf.coef_[0].astype("float64")
        return self

    def score(self, doc: Document, index: int, cand: Candidate) -> float:
        """How likely the candidate is the claim's source (a logistic score)."""
        import numpy as np

        if not hasattr(self, "coef_"):
            raise ModelError("this speaker ranker is not trained: call fit() or SpeakerRanker.load(path)")
        z = float(np.dot(self.coef_, pair_features(doc, index, cand)))
        return 1.0 / (1.0 + math.exp(-z))

    def rerank(self, doc: Document) -> Document:
        """The document with each claim's speaker replaced by its best-scored candidate."""
        claims = []
        for index, claim in enumerate(doc.claims):
            scored = [(self.score(doc, index, c), c) for c in candidates(doc, index)]
            best = max(scored, key=lambda item: item[0], default=None)
            claims.append(replace(claim, speaker=best[1].speaker) if best else claim)
        return Document(text=doc.text, doc_id=doc.doc_id, claims=claims, meta=dict(doc.meta))

    def save(self, path: str | Path) -> Path:
        """Write ``config.json`` and ``weights.npz``."""
        import numpy as np

        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        config = {"kind": "speaker-ranker", "C": self.C, "features": list(FEATURES),
                  "reach_before": REACH_BEFORE, "reach_after": REACH_AFTER}
        (folder / CONFIG).write_text(json.dumps(config, indent=2), encoding="utf-8")
        np.savez_compressed(folder / _WEIGHTS, coef=self.coef_)
        return folder

    @classmethod
    def load(cls, path: str | Path) -> SpeakerRanker:
        """Read a folder written by :meth:`save` (no code runs on load)."""
        import numpy as np

        folder = Path(path)
        config = read_config(folder, "speaker-ranker")
        if list(config.get("features", [])) != list(FEATURES):
            raise ModelError(f"{folder} was trained with other features; retrain it with `claimattr train speakers`")
        with np.load(folder / _WEIGHTS, allow_pickle=False) as data:
            coef = data["coef"]
        model = cls(C=config["C"])
        model.coef_ = coef
        return model


class SpeakerRankerComponent(Component):
    """Re-ranks each claim's speaker among its candidates with a trained :class:`SpeakerRanker`
    (``claimattr train speakers``); it follows the ``speakers`` component."""

    factory = "speaker_ranker"
    requires = ("claims",)
    assigns = ("claims.speaker",)

    def __init__(self, ranker: SpeakerRanker | None = None, **options) -> None:
        self.ranker = ranker
        super().__init__(**options)

    def __call__(self, doc: Document) -> Document:
        if self.ranker is None:
            raise ModelError("this speaker_ranker component has no trained ranker; load a pipeline folder")
        doc.claims = self.ranker.rerank(doc).claims
        return doc

    def save_data(self, folder: Path) -> None:
        self.ranker.save(folder)

    def load_data(self, folder: Path) -> None:
        self.ranker = SpeakerRanker.load(folder)
