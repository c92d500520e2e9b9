"""Stance models, their training, and their cross-validation by document.

Three families, each returning one ``{label: probability}`` per claim from ``predict_proba``:

* ``linear``: :class:`claimattr.stance.LinearStance`, n-grams of the claim and its speaker
  (``predict_proba(texts, speakers)``);
* ``context``: :class:`ContextStance`, the same kind of linear model over blocks of features
  (:data:`BLOCKS`), each normalised on its own: the claim's words and character n-grams, its
  sentence around it (:func:`~claimattr.training.datasets.claim_context`), its cue, its speaker
  (the registry id, and the words of the name, so that ``other:الجيش الامريكي`` and
  ``other:وزير الدفاع الامريكي`` share ``الامريكي``) and the hits of the stance lexicon of
  :mod:`claimattr.stance` in the claim and in its context
  (``predict_proba(texts, speakers, contexts=None, cues=None)``);
* ``transformer``: :class:`TransformerStance`, a sequence classifier fine-tuned with ``Trainer``
  from a local Hugging Face checkpoint (``base_model``), reading ``claim [SEP] speaker cue context``
  (same signature as ``context``).

:func:`predict_examples` gives each model what it reads. Every model folder has a
``config.json`` whose ``kind`` names its family; :func:`load_stance_model` reads any of them.
Nothing here runs code on load: weights are NumPy ``.npz`` read without pickle, or safetensors.
The labels come from the data, so a corpus about another target trains without code changes
(the lexicon's hits are then just features whose weights the model learns).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from claimattr.doc import Document
from claimattr.errors import ModelError
from claimattr.evaluate import name_words
from claimattr.stance import LinearStance, lexicon_features
from claimattr.text import normalize
from claimattr.training.cards import write_card
from claimattr.training.datasets import StanceExample, document_folds, stance_example, stance_examples
from claimattr.training.hf import CONFIG, read_config

KINDS = ("linear", "context", "transformer")
_VOCAB = "vocab.json"
_WEIGHTS = "weights.npz"
_WORD_RE = re.compile(r"\w+")
OTHER = "other:"

Probabilities = list[dict[str, float]]


# -- the context model ------------------------------------------------------------------------
def speaker_features(speaker: str | None) -> list[str]:
    """``spk=<id>`` for a registry id, ``spk=<other>`` for a source outside the registry."""
    if not speaker:
        return ["spk=<none>"]
    return ["spk=<other>" if speaker.startswith(OTHER) else f"spk={speaker}"]


def speaker_name_features(speaker: str | None) -> list[str]:
    """``sw=<word>`` for each normalised word of the speaker's id or name (``other:الجيش الأمريكي``
    and ``other:وزير الدفاع الأمريكي`` share ``sw=الامريكي``)."""
    return [f"sw={w}" for w in sorted(name_words(speaker or ""))]


def word_features(text: str | None, prefix: str = "w") -> list[str]:
    """Words and word pairs of the normalised text, marked with ``prefix``."""
    words = _WORD_RE.findall(normalize(text or ""))
    return [f"{prefix}={w}" for w in words] + [f"{prefix}b={a}_{b}" for a, b in zip(words, words[1:])]


CHAR_SIZES = (2, 5)


def char_features(text: str | None, sizes: tuple[int, int] = CHAR_SIZES) -> list[str]:
    """Character n-grams of each normalised word padded with spaces (prefixes, suffixes and
    stems: الاحتلال/احتلال/للاحتلال share most of theirs)."""
    feats: list[str] = []
    for word in _WORD_RE.findall(normalize(text or "")):
        feats += _word_char_features(word, sizes)
    return feats


@lru_cache(maxsize=200_000)
def _word_char_features(word: str, sizes: tuple[int, int]) -> tuple[str, ...]:
    """The character n-grams of one word (cached: words repeat across claims)."""
    padded = f" {word} "
    return tuple(f"c={padded[i:i + n]}" for n in range(sizes[0], sizes[1] + 1)
                 for i in range(max(1, len(padded) - n + 1)))


def cue_features(cue: str | None) -> list[str]:
    """The normalised words of the cue, or ``q=<none>`` for a claim without one."""
    words = _WORD_RE.findall(normalize(cue or ""))
    return [f"q={w}" for w in words] or ["q=<none>"]


#: The feature blocks of :class:`ContextStance`: name -> feature function of one input.
BLOCKS: dict[str, Callable[[str | None], list[str]]] = {
    "claim": word_features,
    "claim_chars": char_features,
    "context": lambda context: word_features(context, "x"),
    "cue": cue_features,
    "speaker": speaker_features,
    "speaker_name": speaker_name_features,
    "lexicon": lambda text: lexicon_features(normalize(text or "")),
    "context_lexicon": lambda context: lexicon_features(normalize(context or "")),
}
#: Default weight of each block (measured in document-level cross-validation, see the README).
BLOCK_WEIGHTS = {"claim": 1.0, "claim_chars": 1.0, "context": 0.7, "cue": 0.5, "speaker": 1.0, "speaker_name": 1.0,
                 "lexicon": 0.5, "context_lexicon": 0.5}


@dataclass
class ContextStance:
    """A TF-IDF + logistic-regression stance classifier over the claim, its context, its cue and
    its speaker (see :data:`BLOCKS`).

    Each block is a TF-IDF vector normalised on its own and scaled by its weight, so a long
    context cannot drown the claim. scikit-learn conventions: settings in ``__init__``,
    :meth:`fit` learns ``vocabulary_`` (``{block: {feature: column}}``), ``idf_``, ``coef_``,
    ``intercept_`` and ``classes_`` and returns ``self``.
    """

    C: float = 4.0
    class_weight: str | None = "balanced"
    min_df: int = 2
    weights: dict[str, float] = field(default_factory=lambda: dict(BLOCK_WEIGHTS))

    def fit(self, texts: Sequence[str], labels: Sequence[str], speakers: Sequence[str | None] | None = None,
            contexts: Sequence[str | None] | None = None, cues: Sequence[str | None] | None = None) -> ContextStance:
        """Learn from claims, their labels and (optionally) speakers, contexts and cues."""
        import numpy as np
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        inputs = self._inputs(texts, speakers, contexts, cues)
        matrices, self.vocabulary_, idf, offset = [], {}, [], 0
        for name, docs in inputs.items():
            vectorizer = TfidfVectorizer(analyzer=lambda d: d, min_df=self.min_df, sublinear_tf=True)
            try:
                matrices.append(vectorizer.fit_transform(docs) * self.weights[name])
            except ValueError:  # no feature of this block occurs min_df times: the block stays empty
                self.vocabulary_[name] = {}
                continue
            self.vocabulary_[name] = {k: int(v) + offset for k, v in vectorizer.vocabulary_.items()}
            idf.append(vectorizer.idf_)
            offset += len(vectorizer.vocabulary_)
        clf = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)
        clf.fit(sp.hstack(matrices).tocsr(), list(labels))
        self.idf_ = np.concatenate(idf).astype("float32")
        self.coef_ = clf.coef_.astype("float32")
        self.intercept_ = clf.intercept_.astype("float32")
        self.classes_ = [str(c) for c in clf.classes_]
        return self

    def _raw(self, texts: Sequence[str], speakers, contexts, cues) -> dict[str, Sequence[str | None]]:
        """The input each block reads, for each claim."""
        n = len(texts)
        speakers, contexts = speakers or [None] * n, contexts or [None] * n
        raw = {"claim": texts, "claim_chars": texts, "context": contexts, "cue": cues or [None] * n,
               "speaker": speakers, "speaker_name": speakers, "lexicon": texts, "context_lexicon": contexts}
        return {name: raw[name] for name in self.weights}

    def _inputs(self, texts: Sequence[str], speakers, contexts, cues) -> dict[str, list[list[str]]]:
        """The feature lists of each block for each claim."""
        return {name: [BLOCKS[name](x) for x in values]
                for name, values in self._raw(texts, speakers, contexts, cues).items()}

    def _columns(self, name: str, value: str | None) -> list[int]:
        """The weight columns of one block's features for one input. Character n-grams are
        looked up once per distinct word and cached, since words repeat across claims."""
        vocab = self.vocabulary_[name]
        if name != "claim_chars":
            return [j for j in map(vocab.get, BLOCKS[name](value)) if j is not None]
        cache = self.__dict__.setdefault("_char_columns", {})
        out: list[int] = []
        for word in _WORD_RE.findall(normalize(value or "")):
            hit = cache.get(word)
            if hit is None:
                hit = [j for j in map(vocab.get, _word_char_features(word, CHAR_SIZES)) if j is not None]
                if len(cache) < 200_000:
                    cache[word] = hit
            out += hit
        return out

    def predict_proba(self, texts: Sequence[str], speakers: Sequence[str | None] | None = None,
                      contexts: Sequence[str | None] | None = None,
                      cues: Sequence[str | None] | None = None) -> Probabilities:
        """For each claim, the probability of each label.

        Vectorised over all claims and blocks: each (claim, block) TF-IDF vector is L2-normalised
        and weighted by its block weight, then every feature's contribution is summed per claim.
        """
        import numpy as np

        self._check_fitted()
        if not texts:
            return []
        owners, groups, indices, counts, block_weights = [], [], [], [], []
        group = 0
        for name, values in self._raw(texts, speakers, contexts, cues).items():
            for i, value in enumerate(values):
                found = Counter(self._columns(name, value))
                owners += [i] * len(found)
                groups += [group] * len(found)
                indices += found.keys()
                counts += found.values()
                block_weights.append(self.weights[name])
                group += 1
        owner, grp = np.array(owners, dtype=np.int64), np.array(groups, dtype=np.int64)
        idx = np.array(indices, dtype=np.int64)
        x = (1.0 + np.log(np.array(counts, dtype=np.float64))) * self.idf_[idx] if len(idx) else np.zeros(0)
        norms = np.sqrt(np.bincount(grp, weights=x * x, minlength=group))
        x = x * (np.array(block_weights) / np.where(norms > 0, norms, 1.0))[grp]
        contrib = self.coef_[:, idx] * x
        scores = np.vstack([np.bincount(owner, weights=row, minlength=len(texts)) for row in contrib])
        scores += self.intercept_.astype("float64")[:, None]
        if len(self.classes_) == 2:
            scores = np.vstack([-scores[0], scores[0]])
        probs = np.exp(scores - scores.max(axis=0))
        probs /= probs.sum(axis=0)
        return [{c: float(p) for c, p in zip(self.classes_, column)} for column in probs.T]

    def predict(self, texts: Sequence[str], speakers: Sequence[str | None] | None = None,
                contexts: Sequence[str | None] | None = None, cues: Sequence[str | None] | None = None) -> list[str]:
        """The most probable label of each claim."""
        return [max(p, key=p.get) for p in self.predict_proba(texts, speakers, contexts, cues)]

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise ModelError("this stance model is not trained: call fit() or ContextStance.load(path)")

    def save(self, path: str | Path) -> Path:
        """Write the model folder: config.json, vocab.json and weights.npz."""
        import numpy as np

        self._check_fitted()
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        config = {"kind": "context-stance", "labels": self.classes_, "C": self.C,
                  "class_weight": self.class_weight, "min_df": self.min_df, "weights": self.weights}
        (folder / CONFIG).write_text(json.dumps(config, indent=2), encoding="utf-8")
        (folder / _VOCAB).write_text(json.dumps(self.vocabulary_, ensure_ascii=False), encoding="utf-8")
        np.savez_compressed(folder / _WEIGHTS, idf=self.idf_, coef=self.coef_, intercept=self.intercept_)
        return folder

    @classmethod
    def load(cls, path: str | Path) -> ContextStance:
        """Read a folder written by :meth:`save` (no code runs on load)."""
        import numpy as np

        folder = Path(path)
        config = read_config(folder, "context-stance")
        try:
            vocab = json.loads((folder / _VOCAB).read_text(encoding="utf-8"))
            with np.load(folder / _WEIGHTS, allow_pickle=False) as data:
                idf, coef, intercept = data["idf"], data["coef"], data["intercept"]
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{folder} is not a complete context stance model ({exc}); train one with "
                             "`claimattr train stance --kind context`") from exc
        model = cls(C=config["C"], class_weight=config["class_weight"], min_df=config["min_df"],
                    weights=dict(config["weights"]))
        model.vocabulary_, model.idf_, model.coef_, model.intercept_ = vocab, idf, coef, intercept
        model.classes_ = list(config["labels"])
        return model


# -- the transformer model --------------------------------------------------------------------
def pair_inputs(texts: Sequence[str], speakers: Sequence[str | None] | None,
                contexts: Sequence[str | None] | None, cues: Sequence[str | None] | None) -> tuple[list[str], list[str]]:
    """The two segments a transformer reads: the claim, and ``speaker name : cue … context``."""
    n = len(texts)
    speakers, contexts, cues = speakers or [None] * n, contexts or [None] * n, cues or [None] * n
    second = [
        f"{' '.join(sorted(name_words(s or '')))} : {q or ''} | {x or ''}".strip()
        for s, x, q in zip(speakers, contexts, cues)
    ]
    return list(texts), second


class TransformerStance:
    """A fine-tuned Hugging Face sequence classifier with the stance interface.

    Load a folder with :meth:`load` (``config.json`` of kind ``transformer-stance``, safetensors
    weights, tokenizer). torch and transformers are imported when a model is loaded or trained.
    """

    kind = "transformer-stance"

    def __init__(self, model: Any, tokenizer: Any, max_length: int = 128, batch_size: int = 32) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.batch_size = batch_size
        self.classes_ = [model.config.id2label[i] for i in range(model.config.num_labels)]

    @classmethod
    def load(cls, path: str | Path) -> TransformerStance:
        """Read a model folder (local files only)."""
        from claimattr.training.hf import load_model

        model, tokenizer = load_model(path, cls.kind, "AutoModelForSequenceClassification")
        return cls(model, tokenizer, max_length=int(getattr(model.config, "max_tokens", 128)))

    def encode(self, texts: Sequence[str], speakers=None, contexts=None, cues=None) -> Any:
        """Token ids of the claims as tensors (see :func:`pair_inputs`)."""
        first, second = pair_inputs(texts, speakers, contexts, cues)
        return self.tokenizer(first, second, truncation=True, max_length=self.max_length, padding=True,
                              return_tensors="pt")

    def predict_proba(self, texts: Sequence[str], speakers: Sequence[str | None] | None = None,
                      contexts: Sequence[str | None] | None = None,
                      cues: Sequence[str | None] | None = None) -> Probabilities:
        """For each claim, the probability of each label."""
        import torch

        out: Probabilities = []
        n = len(texts)
        device = next(self.model.parameters()).device
        for lo in range(0, n, self.batch_size):
            part = slice(lo, lo + self.batch_size)
            batch = self.encode(texts[part], _part(speakers, part), _part(contexts, part), _part(cues, part))
            with torch.no_grad():
                logits = self.model(**{k: v.to(device) for k, v in batch.items()}).logits
            for row in torch.softmax(logits.float(), dim=-1).tolist():
                out.append(dict(zip(self.classes_, row)))
        return out

    def predict(self, texts: Sequence[str], speakers=None, contexts=None, cues=None) -> list[str]:
        """The most probable label of each claim."""
        return [max(p, key=p.get) for p in self.predict_proba(texts, speakers, contexts, cues)]

    def save(self, path: str | Path) -> Path:
        """Write the folder: config.json (kind ``transformer-stance``), safetensors, tokenizer."""
        from claimattr.training.hf import save_model

        return save_model(self.model, self.tokenizer, path, self.kind, max_tokens=self.max_length)


def _part(values: Sequence | None, part: slice) -> Sequence | None:
    return None if values is None else values[part]


def fit_transformer_stance(examples: Sequence[StanceExample], base_model: str | Path, epochs: float = 4.0,
                           learning_rate: float = 5e-5, batch_size: int = 16, max_length: int = 128,
                           seed: int = 0, progress: bool = True) -> TransformerStance:
    """Fine-tune a sequence classifier from the local checkpoint ``base_model`` with ``Trainer``.

    The loss weighs each label by the inverse of its frequency (rare ``support`` claims count as
    much as common neutral ones). Runs on the GPU when torch sees one.
    """
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer

    from claimattr.training.hf import checkpoint_folder, offline_training_args

    base = checkpoint_folder(base_model)
    labels = sorted({e.label for e in examples if e.label})
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, local_files_only=True, num_labels=len(labels),
        id2label=dict(enumerate(labels)), label2id={l: i for i, l in enumerate(labels)})
    stance = TransformerStance(model, tokenizer, max_length=min(max_length, model.config.max_position_embeddings))
    train = _encoded_dataset(stance, examples, labels)
    counts = Counter(e.label for e in examples)
    weight = torch.tensor([len(examples) / (len(labels) * counts[l]) for l in labels], dtype=torch.float)

    def weighted_loss(outputs, targets, num_items_in_batch=None):
        return torch.nn.functional.cross_entropy(outputs.logits, targets, weight=weight.to(outputs.logits.device))

    args = offline_training_args(num_train_epochs=epochs, learning_rate=learning_rate,
                                 per_device_train_batch_size=batch_size, seed=seed, progress=progress)
    Trainer(model=model, args=args, train_dataset=train, processing_class=tokenizer,
            compute_loss_func=weighted_loss).train()
    model.eval()
    return stance


def _encoded_dataset(stance: TransformerStance, examples: Sequence[StanceExample], labels: list[str]):
    """A ``datasets.Dataset`` of token ids and label ids."""
    import datasets

    first, second = pair_inputs([e.text for e in examples], [e.speaker for e in examples],
                                [e.context for e in examples], [e.cue for e in examples])
    enc = stance.tokenizer(first, second, truncation=True, max_length=stance.max_length)
    enc["labels"] = [labels.index(e.label) for e in examples]
    return datasets.Dataset.from_dict(dict(enc))


# -- one entry point per family ---------------------------------------------------------------
def fit_stance(examples: Sequence[StanceExample], kind: str = "context", base_model: str | Path | None = None,
               progress: bool = False, **options: Any) -> Any:
    """Train a stance model of ``kind`` (see :data:`KINDS`) on labelled examples."""
    examples = [e for e in examples if e.label]
    if len({e.label for e in examples}) < 2:
        raise ModelError("stance training needs claims of at least two stance labels; check the corpus")
    texts, labels = [e.text for e in examples], [e.label for e in examples]
    speakers = [e.speaker for e in examples]
    if kind == "linear":
        return LinearStance(**options).fit(texts, labels, speakers)
    if kind == "context":
        return ContextStance(**options).fit(texts, labels, speakers, [e.context for e in examples],
                                            [e.cue for e in examples])
    if kind == "transformer":
        if base_model is None:
            raise ModelError("a transformer stance model needs --base-model PATH: a local Hugging Face "
                             "checkpoint folder (or one made by `claimattr train encoder`)")
        return fit_transformer_stance(examples, base_model, progress=progress, **options)
    raise ModelError(f"unknown stance model kind {kind!r}; use one of {', '.join(KINDS)}")


def predict_examples(model: Any, examples: Sequence[StanceExample]) -> Probabilities:
    """Stance probabilities of examples, giving the model the inputs it reads."""
    texts, speakers = [e.text for e in examples], [e.speaker for e in examples]
    if isinstance(model, LinearStance):
        return model.predict_proba(texts, speakers)
    return model.predict_proba(texts, speakers, [e.context for e in examples], [e.cue for e in examples])


def label_document(model: Any, doc: Document) -> Document:
    """``doc`` with each claim's ``stance`` and ``stance_scores`` set by ``model``, which reads the
    claim's context and cue as well (the way a pipeline should call a stance model)."""
    from dataclasses import replace

    probs = predict_examples(model, [stance_example(doc, c) for c in doc.claims]) if doc.claims else []
    claims = [replace(c, stance=max(p, key=p.get), stance_scores=p) for c, p in zip(doc.claims, probs)]
    return Document(text=doc.text, doc_id=doc.doc_id, claims=claims, meta=dict(doc.meta))


def load_stance_model(path: str | Path) -> Any:
    """Load any stance model folder, by the ``kind`` in its ``config.json``: ``linear-stance``,
    ``context-stance`` or ``transformer-stance``."""
    folder = Path(path)
    loaders = {"linear-stance": LinearStance.load, "context-stance": ContextStance.load,
               "transformer-stance": TransformerStance.load}
    kind = read_config(folder).get("kind")
    if kind not in loaders:
        raise ModelError(f"{folder}/{CONFIG} has kind {kind!r}; a stance model is one of {', '.join(loaders)}")
    return loaders[kind](folder)


# -- cross-validation -------------------------------------------------------------------------
@dataclass
class StanceCV:
    """Cross-validated stance predictions: gold and predicted labels of every claim, per fold."""

    kind: str
    k: int
    seed: int
    gold: list[str]
    pred: list[str]
    folds: list[int]

    @property
    def labels(self) -> list[str]:
        return sorted(set(self.gold) | set(self.pred))

    def f1_by_label(self) -> dict[str, float]:
        """F1 of each label over all folds' predictions together."""
        out = {}
        for label in self.labels:
            tp = sum(g == p == label for g, p in zip(self.gold, self.pred))
            n_pred, n_gold = self.pred.count(label), self.gold.count(label)
            out[label] = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
        return out

    @property
    def macro_f1(self) -> float:
        scores = self.f1_by_label()
        return sum(scores.values()) / len(scores) if scores else 0.0

    @property
    def accuracy(self) -> float:
        return sum(g == p for g, p in zip(self.gold, self.pred)) / len(self.gold) if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "k": self.k, "seed": self.seed, "claims": len(self.gold),
                "accuracy": self.accuracy, "macro_f1": self.macro_f1, "f1_by_label": self.f1_by_label()}

    def format_table(self) -> str:
        rows = [f"stance {self.kind}: {self.k}-fold cross-validation by document (seed {self.seed}), "
                f"{len(self.gold)} claims",
                f"  macro-F1 {self.macro_f1:.3f}   accuracy {self.accuracy:.3f}"]
        rows += [f"  F1 {label:8} {f1:.3f}  (gold {self.gold.count(label)}, predicted {self.pred.count(label)})"
                 for label, f1 in self.f1_by_label().items()]
        return "\n".join(rows)


def cross_validate_stance(docs: Sequence[Document], kind: str = "context", k: int = 5, seed: int = 0,
                          base_model: str | Path | None = None, progress: bool = False,
                          **options: Any) -> StanceCV:
    """Train on k-1 folds of documents and predict the claims of the held-out fold, k times."""
    gold, pred, fold_of = [], [], []
    for f, held_out in enumerate(progress_bar(document_folds(docs, k, seed), progress, "stance folds")):
        held = set(held_out)
        train = stance_examples(d for i, d in enumerate(docs) if i not in held)
        test = [e for e in stance_examples(docs[i] for i in held_out) if e.label]
        model = fit_stance(train, kind, base_model=base_model, progress=False, **options)
        gold += [e.label for e in test]
        pred += [max(p, key=p.get) for p in predict_examples(model, test)]
        fold_of += [f] * len(test)
    return StanceCV(kind, k, seed, gold, pred, fold_of)


def progress_bar(items: Sequence, show: bool, desc: str) -> Iterable:
    """``items`` with a tqdm progress bar on stderr when ``show``."""
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, file=sys.stderr)


# -- training into a model folder -------------------------------------------------------------
def train_stance(docs: Sequence[Document], out: str | Path, kind: str = "context",
                 base_model: str | Path | None = None, cv: int = 0, seed: int = 0, progress: bool = True,
                 command: str | None = None, **options: Any) -> Path:
    """Train a stance model on every claim of ``docs`` and save it with a model card.

    With ``cv`` >= 2 the card also reports a ``cv``-fold cross-validation by document.
    """
    report = cross_validate_stance(docs, kind, cv, seed, base_model, progress, **options) if cv else None
    model = fit_stance(stance_examples(docs), kind, base_model=base_model, progress=progress, **options)
    return write_card(Path(model.save(out)), f"claimattr stance model ({kind})",
                      "Labels each claim's stance toward the target of its training corpus (for the "
                      "shipped corpora: the US military presence in Iraq). It reads the claim, its "
                      "context, its cue and its speaker (see claimattr.training.stance).",
                      docs, report.format_table() if report else None, command)
