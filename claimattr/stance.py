"""Stage 6, stance: where each claim stands on the US military presence (oppose/support/neutral).

The default model is a linear classifier over TF-IDF weighted n-grams of the normalised claim
(words, word pairs and in-word character n-grams, which catch Arabic inflections such as
الاحتلال/احتلال/للاحتلال), plus the speaker's registry id as one more feature. It is trained
with scikit-learn (:meth:`LinearStance.fit`) and saved as plain data — a JSON config, a JSON
vocabulary and a NumPy ``.npz`` of weights read with ``allow_pickle=False`` — so that loading a
model runs no code. Inference needs only NumPy and is fast enough for millions of claims.

The target (US forces in Iraq) is data, not code: a model trained on claims labelled for another
target works unchanged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Sequence

from claimattr.errors import ModelError
from claimattr.text import normalize

LABELS = ("oppose", "support", "neutral")
_WORD_RE = re.compile(r"\w+")
_CONFIG = "config.json"
_VOCAB = "vocab.json"
_WEIGHTS = "weights.npz"


CHAR_NGRAMS = (3, 5)


def word_features(word: str) -> list[str]:
    """The features of one normalised word: the word and its character 3-5-grams (with
    boundary marks), which catch inflections such as الاحتلال/احتلال/للاحتلال."""
    padded = f"<{word}>"
    feats = [f"w={word}"]
    for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
        feats += [f"c={padded[i:i + n]}" for i in range(len(padded) - n + 1)]
    return feats


def speaker_feature(speaker: str | None) -> list[str]:
    """``spk=<id>`` for a registry speaker; for an ``other:`` source, ``sw=<word>`` for each word
    of its name, which generalises across unnamed sources (فصائل …, مسؤول أمريكي, الحرس الثوري)."""
    if not speaker:
        return []
    if not speaker.startswith("other:"):
        return [f"spk={speaker}"]
    return [f"sw={w}" for w in _WORD_RE.findall(normalize(speaker[len("other:"):]))]


@lru_cache(maxsize=1)
def stance_lexicon() -> tuple[tuple[str, str], ...]:
    """(label, normalised phrase) pairs of ``data/stance_lexicon.tsv``."""
    text = resources.files("claimattr").joinpath("data/stance_lexicon.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return tuple((label.strip(), normalize(phrase.strip())) for label, phrase in rows)


def lexicon_features(normalized: str) -> list[str]:
    """``lex=<label>`` once for each lexicon phrase found in a normalised claim."""
    return [f"lex={label}" for label, phrase in stance_lexicon() if phrase in normalized]


def features(text: str, speaker: str | None = None) -> list[str]:
    """The feature strings of one claim: words, word bigrams, in-word character n-grams of
    the normalised text, stance-lexicon hits, and the speaker (:func:`speaker_feature`)."""
    normalized = normalize(text)
    words = _WORD_RE.findall(normalized)
    feats = [f for w in words for f in word_features(w)]
    feats += [f"b={a}_{b}" for a, b in zip(words, words[1:])]
    return feats + lexicon_features(normalized) + speaker_feature(speaker)


@dataclass
class LinearStance:
    """A TF-IDF + multinomial logistic-regression stance classifier.

    Follows scikit-learn's conventions: ``__init__`` stores only settings, :meth:`fit` learns
    ``vocabulary_``, ``idf_``, ``coef_``, ``intercept_`` and ``classes_`` and returns ``self``.
    """

    C: float = 2.0
    class_weight: str | None = "balanced"
    min_df: int = 1
    use_speaker: bool = True

    # -- training ---------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], labels: Sequence[str], speakers: Sequence[str | None] | None = None) -> LinearStance:
        """Learn from claim texts, their labels and (optionally) their speaker ids."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        docs = self._docs(texts, speakers)
        vectorizer = TfidfVectorizer(analyzer=lambda d: d, min_df=self.min_df, sublinear_tf=True)
        x = vectorizer.fit_transform(docs)
        clf = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000)
        clf.fit(x, list(labels))
        self.vocabulary_ = {k: int(v) for k, v in vectorizer.vocabulary_.items()}
        self.idf_ = vectorizer.idf_.astype("float32")
        self.coef_ = clf.coef_.astype("float32")
        self.intercept_ = clf.intercept_.astype("float32")
        self.classes_ = [str(c) for c in clf.classes_]
        return self

    def _docs(self, texts: Sequence[str], speakers: Sequence[str | None] | None) -> list[list[str]]:
        speakers = speakers if (speakers is not None and self.use_speaker) else [None] * len(texts)
        return [features(t, s) for t, s in zip(texts, speakers)]

    # -- inference --------------------------------------------------------------------------
    def predict_proba(self, texts: Sequence[str], speakers: Sequence[str | None] | None = None) -> list[dict[str, float]]:
        """For each claim, the probability of each label.

        All claims are scored in one vectorised pass: the sublinear TF-IDF weights of every
        claim's features are laid end to end, L2-normalised per claim and summed per claim
        with ``np.add.reduceat``, exactly as scikit-learn's TfidfVectorizer + predict_proba would.
        """
        self._check_fitted()
        import numpy as np

        if not texts:
            return []
        speakers = speakers if (speakers is not None and self.use_speaker) else [None] * len(texts)
        counts = [self._counts(t, s) for t, s in zip(texts, speakers)]
        sizes = np.array([len(c) for c in counts], dtype=np.int64)
        idx = np.fromiter((j for c in counts for j in c), dtype=np.int64, count=int(sizes.sum()))
        tf = np.fromiter((n for c in counts for n in c.values()), dtype=np.float64, count=len(idx))
        weights = (1.0 + np.log(tf)) * self.idf_[idx] if len(idx) else tf
        owner = np.repeat(np.arange(len(counts)), sizes)
        norms = np.sqrt(np.bincount(owner, weights=weights * weights, minlength=len(counts)))
        weights = weights / np.where(norms > 0, norms, 1.0)[owner]
        contrib = self.coef_[:, idx].astype(np.float64) * weights
        scores = np.zeros((self.coef_.shape[0], len(counts)))
        for row in range(self.coef_.shape[0]):
            scores[row] = np.bincount(owner, weights=contrib[row], minlength=len(counts))
        scores += self.intercept_[:, None]
        if len(self.classes_) == 2:  # binary logistic regression has one row of coefficients
            scores = np.vstack([-scores[0], scores[0]])
        probs = np.exp(scores - scores.max(axis=0))
        probs /= probs.sum(axis=0)
        return [{c: float(p) for c, p in zip(self.classes_, column)} for column in probs.T]

    def _counts(self, text: str, speaker: str | None) -> dict[int, int]:
        """Vocabulary index -> count for one claim (the same features as :func:`features`);
        each distinct word's indices are computed once and cached, since words repeat."""
        vocab = self.vocabulary_
        cache = self.__dict__.setdefault("_word_index_cache", {})
        normalized = normalize(text)
        words = _WORD_RE.findall(normalized)
        indices: list[int] = []
        for w in words:
            hit = cache.get(w)
            if hit is None:
                hit = [vocab[f] for f in word_features(w) if f in vocab]
                if len(cache) < 200_000:
                    cache[w] = hit
            indices += hit
        extra = [f"b={a}_{b}" for a, b in zip(words, words[1:])]
        extra += lexicon_features(normalized) + speaker_feature(speaker)
        indices += [vocab[f] for f in extra if f in vocab]
        counts: dict[int, int] = {}
        for j in indices:
            counts[j] = counts.get(j, 0) + 1
        return counts

    def predict(self, texts: Sequence[str], speakers: Sequence[str | None] | None = None) -> list[str]:
        """The most probable label of each claim."""
        return [max(p, key=p.get) for p in self.predict_proba(texts, speakers)]

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise ModelError("this stance model is not trained: call fit() or LinearStance.load(path)")

    # -- persistence ------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the model folder (config.json, vocab.json, weights.npz)."""
        import numpy as np

        self._check_fitted()
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        config = {"kind": "linear-stance", "labels": self.classes_, "C": self.C,
                  "class_weight": self.class_weight, "min_df": self.min_df, "use_speaker": self.use_speaker}
        (folder / _CONFIG).write_text(json.dumps(config, indent=2), encoding="utf-8")
        (folder / _VOCAB).write_text(json.dumps(self.vocabulary_, ensure_ascii=False), encoding="utf-8")
        np.savez_compressed(folder / _WEIGHTS, idf=self.idf_, coef=self.coef_, intercept=self.intercept_)
        return folder

    @classmethod
    def load(cls, path: str | Path) -> LinearStance:
        """Read a model folder written by :meth:`save` (no code runs on load)."""
        import numpy as np

        folder = Path(path)
        try:
            config = json.loads((folder / _CONFIG).read_text(encoding="utf-8"))
            vocab = json.loads((folder / _VOCAB).read_text(encoding="utf-8"))
            with np.load(folder / _WEIGHTS, allow_pickle=False) as data:
                idf, coef, intercept = data["idf"], data["coef"], data["intercept"]
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{folder} is not a linear stance model folder ({exc}); train one with "
                             "`claimattr train stance` or LinearStance().fit(...).save(path)") from exc
        if config.get("kind") != "linear-stance":
            raise ModelError(f"{folder}/config.json has kind {config.get('kind')!r}, expected 'linear-stance'")
        model = cls(C=config["C"], class_weight=config["class_weight"], min_df=config["min_df"],
                    use_speaker=config["use_speaker"])
        model.vocabulary_, model.idf_, model.coef_, model.intercept_ = vocab, idf, coef, intercept
        model.classes_ = list(config["labels"])
        return model


#: Registry ids whose claims refer to US or coalition forces by who is speaking.
US_SPEAKERS = frozenset("us-centcom us-government us-state-department us-led-coalition coalition-spokesperson "
                        "john-kirby lloyd-austin matthew-miller".split())
#: The probability a rule gives its label at least (the model keeps the rest of its ranking).
RULE_FLOOR = 0.6


@dataclass(frozen=True)
class StanceRules:
    """Named linguistic patterns of oppose and support (``data/stance_rules.tsv``), following
    ANNOTATION.md's definitions: calls to expel the forces, "occupation", US strikes called
    aggression or a violation of sovereignty, threats against US bases (oppose); self-defence,
    condemning attacks on the embassy or bases, arresting the attackers, advising and training,
    calling the attackers terrorist militias (support).

    A rule counts only when the claim refers to US or coalition forces: in its own words, or
    through its speaker (a US body, or an ``other:`` source named as American). The linear
    model learns the vocabulary of its training corpora; the rules carry the definitions to
    texts whose vocabulary it has not seen.
    """

    us: re.Pattern[str]
    rules: tuple[tuple[str, str, re.Pattern[str]], ...]

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> StanceRules:
        text = resources.files("claimattr").joinpath("data/stance_rules.tsv").read_text(encoding="utf-8")
        rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
        us = next(re.compile(p) for label, _, p in rows if label == "us")
        return cls(us, tuple((label, name, re.compile(p)) for label, name, p in rows if label != "us"))

    def votes(self, text: str, speaker: str | None = None) -> dict[str, list[str]]:
        """The rules that fire on a claim, by label: ``{"oppose": ["occupation"], ...}``."""
        normalized = normalize(text)
        refers = bool(self.us.search(normalized)) or _us_speaker(speaker, self.us)
        out: dict[str, list[str]] = {}
        if not refers:
            return out
        for label, name, pattern in self.rules:
            if pattern.search(normalized):
                out.setdefault(label, []).append(name)
        return out


def _us_speaker(speaker: str | None, us: re.Pattern[str]) -> bool:
    if not speaker:
        return False
    if speaker.startswith("other:"):
        return bool(us.search(normalize(speaker)))
    return speaker in US_SPEAKERS


def combine(probs: dict[str, float], votes: dict[str, list[str]]) -> dict[str, float]:
    """Model probabilities adjusted by the rules: when the rules that fire agree on one label
    (or one label has more rules), that label gets at least RULE_FLOOR and the other labels
    share the rest in the model's proportions; otherwise the model stands."""
    if not votes:
        return probs
    ranked = sorted(votes, key=lambda label: len(votes[label]), reverse=True)
    if len(ranked) > 1 and len(votes[ranked[0]]) == len(votes[ranked[1]]):
        return probs
    label = ranked[0]
    if label not in probs or probs[label] >= RULE_FLOOR:
        return probs
    rest = sum(p for k, p in probs.items() if k != label) or 1.0
    scale = (1.0 - RULE_FLOOR) / rest
    return {k: (RULE_FLOOR if k == label else p * scale) for k, p in probs.items()}
