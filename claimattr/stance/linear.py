"""The linear stance models, on one TF-IDF + logistic-regression engine.

:class:`TfidfLogistic` holds blocks of features, each a TF-IDF vector (sublinear term frequency,
smoothed idf) normalised on its own and scaled by its block weight, and a multinomial logistic
regression over all blocks together. It is fitted with scikit-learn and applied with NumPy only,
exactly as scikit-learn's ``TfidfVectorizer`` + ``predict_proba`` would (tested).

- :class:`LinearStance` is one block: n-grams of the claim, stance-lexicon hits and the speaker;
- :class:`ContextStance` reads the claim, its sentence around it, its cue and its speaker, in the
  blocks of :data:`BLOCKS`, so that a long context cannot drown the claim.

Both follow scikit-learn's conventions (settings in ``__init__``, :meth:`fit` returns ``self``,
learned attributes end in ``_``) and save as plain data: ``config.json`` (with the ``kind``),
``vocab.json``, ``weights.npz`` read with ``allow_pickle=False``, and the stance lexicon they were
trained with (``lexicons/stance_lexicon.tsv``), so loading a model runs no code and pins its
features. The labels come from the data: a corpus about another target trains unchanged.
"""

from __future__ import annotations

import json
from itertools import chain
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from claimattr.errors import ModelError
from claimattr.hf import CONFIG, read_config
from claimattr.lexicon import Lexicons
from claimattr.stance import features as F
from claimattr.stance.columns import WordTable
from claimattr.text import normalize

_VOCAB = "vocab.json"
_WEIGHTS = "weights.npz"
_LEXICONS = "lexicons"
_CACHE_SIZE = 200_000

Probabilities = list[dict[str, float]]
#: The columns of one feature block for a batch of claims: ``(owners, columns)``, two int64
#: arrays with an entry per feature occurrence (repeats counted): the claim it belongs to (its
#: index in the batch) and its vocabulary column, in any order.
Columns = tuple[Any, Any]


def flatten(rows: Sequence[Sequence[int]]) -> Columns:
    """:data:`Columns` from one list of vocabulary columns per claim."""
    import numpy as np

    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    owners = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    return owners, np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(lengths.sum()))


class TfidfLogistic:
    """Blocks of TF-IDF features and a logistic regression over them (see the module docstring).

    ``vocabulary_`` maps ``{block: {feature: column}}``; ``idf_``, ``coef_``, ``intercept_`` and
    ``classes_`` are the learned arrays. Dense blocks (rows of vectors, such as sentence
    embeddings, each scaled by its block weight) may join the TF-IDF blocks: ``dense_`` maps
    each to its ``(first column, width)``, after every TF-IDF column.
    """

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = dict(weights)
        self.dense_: dict[str, tuple[int, int]] = {}

    def fit(self, docs: dict[str, list[list[str]]], labels: Sequence[str], C: float, class_weight: str | None,
            min_df: int, max_iter: int, dense: Mapping[str, Any] | None = None) -> TfidfLogistic:
        """Learn from the feature lists of each block (``docs[block][i]`` for claim ``i``) and
        the vectors of each dense block (``dense[block][i]``)."""
        import numpy as np
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        matrices, idf, offset = [], [], 0
        self.vocabulary_: dict[str, dict[str, int]] = {}
        for name, block in docs.items():
            vectorizer = TfidfVectorizer(analyzer=lambda d: d, min_df=min_df, sublinear_tf=True)
            try:
                matrices.append(vectorizer.fit_transform(block) * self.weights[name])
            except ValueError:  # no feature of this block occurs min_df times: the block stays empty
                self.vocabulary_[name] = {}
                continue
            self.vocabulary_[name] = {k: int(v) + offset for k, v in vectorizer.vocabulary_.items()}
            idf.append(vectorizer.idf_)
            offset += len(vectorizer.vocabulary_)
        for name, vectors in (dense or {}).items():
            matrices.append(sp.csr_matrix(np.asarray(vectors, dtype=np.float64) * self.weights[name]))
            self.dense_[name] = (offset, int(matrices[-1].shape[1]))
            offset += self.dense_[name][1]
        clf = LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter)
        clf.fit(sp.hstack(matrices).tocsr(), list(labels))
        self.idf_ = np.concatenate(idf).astype("float32") if idf else np.zeros(0, dtype="float32")
        self.coef_ = clf.coef_.astype("float32")
        self.intercept_ = clf.intercept_.astype("float32")
        self.classes_ = [str(c) for c in clf.classes_]
        return self

    def predict_proba(self, columns: Mapping[str, Columns], n: int,
                      dense: Mapping[str, Any] | None = None) -> Probabilities:
        """Probabilities of ``n`` claims from the vocabulary columns of their features in each
        block (``columns[block]``: see :data:`Columns`) and the vectors of each dense block
        (``dense[block]``, one row per claim), vectorised over all claims and blocks: the (claim,
        block, column) triples are counted with NumPy, never one Counter at a time."""
        import numpy as np

        n_cols = len(self.idf_)
        keys, weights = [], []
        for b, (name, (owners, flat)) in enumerate(columns.items()):
            weights.append(self.weights[name])
            keys.append((owners + b * n) * n_cols + flat)
        # Keys come in runs that mostly ascend (claim by claim), which a stable (merging) sort uses.
        keys = np.sort(np.concatenate(keys), kind="stable") if keys else np.zeros(0, dtype=np.int64)
        first = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if keys.size else keys
        counts = np.diff(np.append(first, keys.size))
        group, idx = np.divmod(keys[first], n_cols)
        owner = group % n
        x = (1.0 + np.log(counts)) * self.idf_[idx]
        norms = np.sqrt(np.bincount(group, weights=x * x, minlength=len(columns) * n))
        scale = np.repeat(np.array(weights, dtype=np.float64), n) / np.where(norms > 0, norms, 1.0)
        x = x * scale[group]  # each (block, claim) group: its block's weight over its norm
        contrib = self._coef64().take(idx, axis=1) * x
        scores = np.zeros((self.coef_.shape[0], n))
        for row, values in enumerate(contrib):
            scores[row] += np.bincount(owner, weights=values, minlength=n)
        for name, (start, width) in self.dense_.items():
            vectors = np.asarray(dense[name], dtype=np.float64) * self.weights[name]
            scores += self.coef_[:, start:start + width].astype("float64") @ vectors.T
        scores += self.intercept_.astype("float64")[:, None]
        if len(self.classes_) == 2:  # binary logistic regression has one row of coefficients
            scores = np.vstack([-scores[0], scores[0]])
        probs = np.exp(scores - scores.max(axis=0))
        probs /= probs.sum(axis=0)
        return [dict(zip(self.classes_, column)) for column in probs.T.tolist()]

    def _coef64(self) -> Any:
        """The coefficients in float64 (the precision they are applied in), converted once per
        fitted or loaded ``coef_``."""
        source, converted = self.__dict__.get("_coef64_cache", (None, None))
        if source is not self.coef_:
            converted = self.coef_.astype("float64")
            self.__dict__["_coef64_cache"] = (self.coef_, converted)
        return converted

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_coef64_cache"}

    def save(self, folder: Path, config: dict[str, Any]) -> None:
        import numpy as np

        folder.mkdir(parents=True, exist_ok=True)
        dense = {"dense_blocks": self.dense_} if self.dense_ else {}
        (folder / CONFIG).write_text(json.dumps({**config, "labels": self.classes_, "weights": self.weights, **dense},
                                                indent=2, ensure_ascii=False), encoding="utf-8")
        (folder / _VOCAB).write_text(json.dumps(self.vocabulary_, ensure_ascii=False), encoding="utf-8")
        np.savez_compressed(folder / _WEIGHTS, idf=self.idf_, coef=self.coef_, intercept=self.intercept_)

    @classmethod
    def load(cls, folder: Path, config: dict[str, Any], single: str | None = None) -> TfidfLogistic:
        """Read :meth:`save`'s files; ``single`` names the block of a flat vocabulary."""
        import numpy as np

        try:
            vocab = json.loads((folder / _VOCAB).read_text(encoding="utf-8"))
            with np.load(folder / _WEIGHTS, allow_pickle=False) as data:
                idf, coef, intercept = data["idf"], data["coef"], data["intercept"]
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{folder} is not a complete stance model ({exc}); train one with "
                             "`claimattr train stance`") from exc
        engine = cls(config.get("weights") or {single: 1.0})
        if single is not None and not all(isinstance(v, dict) for v in vocab.values()):
            vocab = {single: vocab}
        engine.vocabulary_, engine.idf_, engine.coef_, engine.intercept_ = vocab, idf, coef, intercept
        engine.classes_ = list(config["labels"])
        engine.dense_ = {name: (int(start), int(width))
                         for name, (start, width) in config.get("dense_blocks", {}).items()}
        return engine


class _LinearModel:
    """What the two linear stance models share: settings, the engine, the stance lexicon,
    per-word feature caches, and persistence."""

    kind = ""
    #: What a model builds for itself while predicting (feature indexes, caches of columns): left
    #: out when it is pickled, so that a worker process receives the model as it was loaded.
    _CACHES = ("_columns", "_values", "_prefix_indexes", "_table")

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in self._CACHES}

    def _check_fitted(self) -> None:
        if not hasattr(self, "engine_"):
            raise ModelError(f"this stance model is not trained: call fit() or {type(self).__name__}.load(path)")

    @property
    def classes_(self) -> list[str]:
        self._check_fitted()
        return self.engine_.classes_

    def _phrases(self) -> F.Phrases:
        if not hasattr(self, "phrases_"):
            self.lexicons_ = Lexicons()
            self.phrases_ = F.stance_phrases(self.lexicons_)
        return self.phrases_

    def _word_columns(self, block: str, words: Sequence[str], features: Callable[[str], Sequence[str]]) -> list[int]:
        """The columns of the features of ``words`` in ``block``, each word's computed once and
        cached (words repeat across claims; the cache is bounded)."""
        caches = self.__dict__.setdefault("_columns", {})
        cache = caches.setdefault(block, {})
        vocab = self.engine_.vocabulary_[block]
        out: list[int] = []
        for word in words:
            hit = cache.get(word)
            if hit is None:
                hit = [j for j in map(vocab.get, features(word)) if j is not None]
                if len(cache) >= _CACHE_SIZE:
                    cache.clear()
                cache[word] = hit
            out += hit
        return out

    def predict(self, *inputs: Any, **named: Any) -> list[str]:
        """The most probable label of each claim."""
        return [max(p, key=p.get) for p in self.predict_proba(*inputs, **named)]

    def save(self, path: str | Path) -> Path:
        """Write the model folder: config.json, vocab.json, weights.npz and the stance lexicon."""
        self._check_fitted()
        folder = Path(path)
        self.engine_.save(folder, {"kind": self.kind, **self.settings()})
        self.lexicons_.copy(("stance_lexicon.tsv",), folder / _LEXICONS)
        return folder

    @classmethod
    def load(cls, path: str | Path) -> Any:
        """Read a folder written by :meth:`save` (no code runs on load)."""
        folder = Path(path)
        config = read_config(folder, cls.kind)
        model = cls(**{k: config[k] for k in cls.__dataclass_fields__ if k in config})  # type: ignore[attr-defined]
        model.engine_ = TfidfLogistic.load(folder, config, single="claim" if cls.kind == "linear-stance" else None)
        lexicons = folder / _LEXICONS
        model.lexicons_ = Lexicons(lexicons) if lexicons.is_dir() else Lexicons()
        model.phrases_ = F.stance_phrases(model.lexicons_)
        return model

    def settings(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "weights"}  # type: ignore[attr-defined]


@dataclass
class LinearStance(_LinearModel):
    """A TF-IDF + logistic-regression stance classifier over n-grams of the claim, its
    stance-lexicon hits and its speaker (``predict_proba(texts, speakers)``)."""

    C: float = 2.0
    class_weight: str | None = "balanced"
    min_df: int = 1
    use_speaker: bool = True
    kind = "linear-stance"

    def fit(self, texts: Sequence[str], labels: Sequence[str], speakers: Sequence[str | None] | None = None) -> LinearStance:
        """Learn from claim texts, their labels and (optionally) their speaker ids."""
        phrases = self._phrases()
        speakers = self._speakers(texts, speakers)
        docs = {"claim": [F.linear_features(t, s, phrases) for t, s in zip(texts, speakers)]}
        self.engine_ = TfidfLogistic({"claim": 1.0}).fit(docs, labels, self.C, self.class_weight, self.min_df, 2000)
        return self

    def _speakers(self, texts: Sequence[str], speakers: Sequence[str | None] | None) -> Sequence[str | None]:
        return speakers if (speakers is not None and self.use_speaker) else [None] * len(texts)

    def predict_proba(self, texts: Sequence[str], speakers: Sequence[str | None] | None = None) -> Probabilities:
        """For each claim, the probability of each label."""
        self._check_fitted()
        if not texts:
            return []
        phrases, vocab = self._phrases(), self.engine_.vocabulary_["claim"]
        rows = []
        for text, speaker in zip(texts, self._speakers(texts, speakers)):
            normalized = normalize(text)
            words = F.WORD_RE.findall(normalized)
            cols = self._word_columns("claim", words, F.linear_word_features)
            extra = [f"b={a}_{b}" for a, b in zip(words, words[1:])]
            extra += F.lexicon_features(normalized, phrases) + F.linear_speaker_features(speaker)
            rows.append(cols + [j for j in map(vocab.get, extra) if j is not None])
        return self.engine_.predict_proba({"claim": flatten(rows)}, len(texts))


#: The feature blocks of :class:`ContextStance`: name -> (the input it reads, its features).
BLOCKS: dict[str, tuple[str, Callable[..., list[str]]]] = {
    "claim": ("text", F.word_features),
    "claim_chars": ("text", F.char_features),
    "context": ("context", lambda context: F.word_features(context, "x")),
    "cue": ("cue", F.cue_features),
    "speaker": ("speaker", F.speaker_features),
    "speaker_name": ("speaker", F.speaker_name_features),
    "lexicon": ("text", None),
    "context_lexicon": ("context", None),
}
#: Default weight of each block (measured in document-level cross-validation, see the README).
BLOCK_WEIGHTS = {"claim": 1.0, "claim_chars": 1.0, "context": 0.7, "cue": 0.5, "speaker": 1.0, "speaker_name": 1.0,
                 "lexicon": 0.5, "context_lexicon": 0.5}


@dataclass
class ContextStance(_LinearModel):
    """A TF-IDF + logistic-regression stance classifier over the claim, its context, its cue and
    its speaker (:data:`BLOCKS`), ``predict_proba(texts, speakers, contexts, cues)``."""

    C: float = 4.0
    class_weight: str | None = "balanced"
    min_df: int = 2
    weights: dict[str, float] = field(default_factory=lambda: dict(BLOCK_WEIGHTS))
    kind = "context-stance"

    def _features(self, block: str, value: str | None) -> list[str]:
        _, fn = BLOCKS[block]
        if fn is None:  # the stance-lexicon blocks
            return F.lexicon_features(normalize(value or ""), self._phrases())
        return fn(value)

    @staticmethod
    def _inputs(texts, speakers, contexts, cues) -> dict[str, Sequence[str | None]]:
        n = len(texts)
        return {"text": texts, "speaker": speakers or [None] * n, "context": contexts or [None] * n,
                "cue": cues or [None] * n}

    def _dense(self, inputs: dict[str, Sequence[str | None]]) -> dict[str, Any]:
        """The dense blocks of the claims (none here; a subclass adds sentence embeddings)."""
        return {}

    def fit(self, texts: Sequence[str], labels: Sequence[str], speakers: Sequence[str | None] | None = None,
            contexts: Sequence[str | None] | None = None, cues: Sequence[str | None] | None = None) -> ContextStance:
        """Learn from claims, their labels and (optionally) speakers, contexts and cues."""
        inputs = self._inputs(texts, speakers, contexts, cues)
        docs = {name: [self._features(name, x) for x in inputs[BLOCKS[name][0]]]
                for name in self.weights if name in BLOCKS}
        self.engine_ = TfidfLogistic(self.weights).fit(docs, labels, self.C, self.class_weight, self.min_df, 3000,
                                                       dense=self._dense(inputs))
        return self

    def predict_proba(self, texts: Sequence[str], speakers: Sequence[str | None] | None = None,
                      contexts: Sequence[str | None] | None = None,
                      cues: Sequence[str | None] | None = None) -> Probabilities:
        """For each claim, the probability of each label. Each distinct input is normalised
        once; the word blocks' columns are computed for all claims together from word ids
        (:mod:`claimattr.stance.columns`), and the columns of each short input (cue, speaker)
        are looked up once and cached, since they repeat across claims."""
        self._check_fitted()
        if not texts:
            return []
        inputs = self._inputs(texts, speakers, contexts, cues)
        normalized = {v: normalize(v or "") for v in {*inputs["text"], *inputs["context"]}}
        words = {v: F.WORD_RE.findall(n) for v, n in normalized.items()}
        table = self._word_table()
        claim_words, context_words = table.batch([words[v] for v in inputs["text"]],
                                                 [words[v] for v in inputs["context"]])
        columns = {}
        for name in (name for name in self.weights if name in BLOCKS):
            values = inputs[BLOCKS[name][0]]
            if name in ("claim", "context"):
                columns[name] = table.word_columns(name, claim_words if name == "claim" else context_words)
            elif name == "claim_chars":
                columns[name] = table.gram_columns(claim_words)
            elif name in ("lexicon", "context_lexicon"):
                vocab = self.engine_.vocabulary_[name]
                columns[name] = flatten([[j for j in map(vocab.get, F.lexicon_features(normalized[v], self._phrases()))
                                          if j is not None] for v in values])
            else:  # cue and speaker blocks: short inputs that repeat
                columns[name] = flatten([self._value_columns(name, v) for v in values])
        return self.engine_.predict_proba(columns, len(texts), self._dense(inputs))

    def _word_table(self) -> WordTable:
        """The word table of the claim, context and claim_chars blocks (built on first use)."""
        if "_table" not in self.__dict__:
            vocab = self.engine_.vocabulary_
            blocks = [b for b in ("claim", "context") if b in vocab]
            marks = {"claim": "w", "context": "x"}
            self._table = WordTable({b: self._prefix_index(b, f"{marks[b]}=") for b in blocks},
                                    {b: self._pairs(b, f"{marks[b]}b=") for b in blocks},
                                    self._prefix_index("claim_chars", "c=") if "claim_chars" in vocab else {},
                                    _context_grams, _CACHE_SIZE)
        return self._table

    def _pairs(self, block: str, marker: str) -> dict[tuple[str, str], int]:
        """``(first word, second word) -> column`` of a block's word-pair features (``marker`` +
        ``a_b``). A word may hold ``_`` itself, so a feature is indexed under every split at an
        ``_``: a pair finds its column exactly when ``a_b`` is in the vocabulary."""
        pairs: dict[tuple[str, str], int] = {}
        for pair, j in self._prefix_index(block, marker).items():
            for k, ch in enumerate(pair):
                if ch == "_":
                    pairs[(pair[:k], pair[k + 1:])] = j
        return pairs

    def _prefix_index(self, block: str, marker: str) -> dict[str, int]:
        """``feature without marker -> column`` of a block's features that start with ``marker``."""
        index = self.__dict__.setdefault("_prefix_indexes", {})
        if (block, marker) not in index:
            index[(block, marker)] = {f[len(marker):]: j for f, j in self.engine_.vocabulary_[block].items()
                                      if f.startswith(marker)}
        return index[(block, marker)]

    def _value_columns(self, block: str, value: str | None) -> list[int]:
        """The columns of a short input's features (a cue, a speaker), cached per value."""
        cache = self.__dict__.setdefault("_values", {})
        hit = cache.get((block, value))
        if hit is None:
            vocab = self.engine_.vocabulary_[block]
            hit = [j for j in map(vocab.get, self._features(block, value)) if j is not None]
            if len(cache) < _CACHE_SIZE:
                cache[(block, value)] = hit
        return hit


def _context_grams(word: str) -> list[str]:
    """The bare character 2-5-grams of a word padded with spaces, as
    :func:`~claimattr.stance.features.char_ngrams` gives them (without the ``c=``)."""
    padded = f" {word} "
    low, high = F.CONTEXT_CHARS
    return [padded[k:k + n] for n in range(low, high + 1) for k in range(max(1, len(padded) - n + 1))]
