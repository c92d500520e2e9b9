"""A learned tagger of claim content, cues and speaker mentions, alone or combined with the rules.

:class:`SpanTagger` is a transformers token classifier over the words of an article (labels of
:data:`~claimattr.training.datasets.SPAN_LABELS`), fine-tuned from a local checkpoint such as the
encoder of :mod:`claimattr.training.pretrain`. Its spans become claims in two ways:

* ``learned``: every ``CLAIM`` span is a claim; its cue and speaker mention are the nearest
  ``CUE`` and ``SPEAKER`` spans before it in the same paragraph (or right after it), and the
  mention is linked with :class:`~claimattr.entities.ArticleLinker`; without a mention the claim
  continues the previous claim's speaker;
* ``combined``: the rules' claims, plus the learned claims that overlap none of them.

:func:`cross_validate_spans` scores the rules, the learned tagger and the combination on the same
folds by document with :func:`claimattr.evaluate.evaluate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from claimattr.doc import Claim, Document, Span, Speaker
from claimattr.errors import InputError
from claimattr.evaluate import Report, evaluate
from claimattr.quotes import QUOTE_CHARS
from claimattr.training.datasets import (
    SPAN_LABELS,
    document_folds,
    span_examples,
    spans_from_labels,
    words,
)

#: How far before a claim (in characters, within its paragraph) its cue and mention are looked for.
REACH_BEFORE = 250
#: How far after a claim its cue and mention are looked for (post-posed attributions).
REACH_AFTER = 80
MODES = ("rules", "learned", "combined")
_PARAGRAPH_RE = re.compile(r"\n\s*\n|\n")


class SpanTagger:
    """A token classifier labelling the words of a text with claim, cue and speaker spans."""

    kind = "span-tagger"

    def __init__(self, model: Any, tokenizer: Any, max_words: int = 100, max_length: int = 256) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.max_words = max_words
        self.max_length = max_length

    @classmethod
    def load(cls, path: str | Path) -> SpanTagger:
        """Read a model folder written by :meth:`save` (local files only)."""
        from claimattr.training.hf import load_model

        model, tokenizer = load_model(path, cls.kind, "AutoModelForTokenClassification")
        return cls(model, tokenizer, int(getattr(model.config, "max_words", 100)),
                   int(getattr(model.config, "max_tokens", 256)))

    def save(self, path: str | Path) -> Path:
        """Write the folder: config.json (kind ``span-tagger``), safetensors, tokenizer."""
        from claimattr.training.hf import save_model

        return save_model(self.model, self.tokenizer, path, self.kind, max_words=self.max_words,
                          max_tokens=self.max_length)

    def encode(self, word_lists: Sequence[list[str]], labels: Sequence[list[str]] | None = None) -> Any:
        """Tokenise word lists; with ``labels``, add label ids on each word's first piece (-100
        elsewhere, so continuation pieces and special tokens are not scored)."""
        enc = self.tokenizer(list(word_lists), is_split_into_words=True, truncation=True,
                             max_length=self.max_length)
        if labels is not None:
            enc["labels"] = [self._piece_labels(enc.word_ids(i), row) for i, row in enumerate(labels)]
        return enc

    @staticmethod
    def _piece_labels(word_ids: list[int | None], row: list[str]) -> list[int]:
        out, previous = [], None
        for w in word_ids:
            out.append(-100 if w is None or w == previous else SPAN_LABELS.index(row[w]))
            previous = w
        return out

    def tag(self, text: str) -> list[tuple[str, int, int]]:
        """The ``(tag, start, end)`` spans the model finds in ``text`` (original offsets)."""
        import torch

        tokens = words(text)
        labels = ["O"] * len(tokens)
        doc = Document(text=text)
        chunks = span_examples([doc], self.max_words)
        enc = self.encode([c.words for c in chunks])
        device = next(self.model.parameters()).device
        position = 0
        for i, chunk in enumerate(chunks):
            ids = torch.tensor([enc["input_ids"][i]], device=device)
            with torch.no_grad():
                best = self.model(input_ids=ids).logits[0].argmax(-1).tolist()
            for piece, w in enumerate(enc.word_ids(i)):
                if w is not None and labels[position + w] == "O":
                    labels[position + w] = SPAN_LABELS[best[piece]]
            position += len(chunk.words)
        return spans_from_labels(tokens, labels)


def fit_span_tagger(docs: Sequence[Document], base_model: str | Path, epochs: float = 4.0,
                    learning_rate: float = 2e-4, batch_size: int = 8, max_words: int = 100,
                    max_length: int = 256, seed: int = 0, progress: bool = True) -> SpanTagger:
    """Fine-tune a token classifier on the span examples of ``docs`` with ``Trainer``.

    ``max_length`` (word pieces) is capped by the checkpoint's position embeddings, and a stretch
    of text holds at most half as many words, so that stretches are rarely truncated.
    """
    import datasets
    from transformers import AutoModelForTokenClassification, AutoTokenizer, DataCollatorForTokenClassification, Trainer

    from claimattr.training.hf import checkpoint_folder, offline_training_args

    base = checkpoint_folder(base_model)
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForTokenClassification.from_pretrained(
        base, local_files_only=True, num_labels=len(SPAN_LABELS), id2label=dict(enumerate(SPAN_LABELS)),
        label2id={l: i for i, l in enumerate(SPAN_LABELS)})
    max_length = min(max_length, model.config.max_position_embeddings)
    tagger = SpanTagger(model, tokenizer, min(max_words, max_length // 2), max_length)
    examples = span_examples(docs, max_words)
    enc = tagger.encode([e.words for e in examples], [e.labels for e in examples])
    train = datasets.Dataset.from_dict({k: enc[k] for k in ("input_ids", "attention_mask", "labels")})
    args = offline_training_args(progress=progress, num_train_epochs=epochs, learning_rate=learning_rate,
                                 per_device_train_batch_size=batch_size, seed=seed)
    Trainer(model=model, args=args, train_dataset=train, processing_class=tokenizer,
            data_collator=DataCollatorForTokenClassification(tokenizer)).train()
    model.eval()
    return tagger


# -- from spans to claims ---------------------------------------------------------------------
@dataclass(frozen=True)
class _Tagged:
    claims: list[tuple[int, int]]
    cues: list[tuple[int, int]]
    mentions: list[tuple[int, int]]

    @classmethod
    def of(cls, spans: Iterable[tuple[str, int, int]]) -> _Tagged:
        by_tag: dict[str, list[tuple[int, int]]] = {"CLAIM": [], "CUE": [], "SPEAKER": []}
        for tag, start, end in spans:
            by_tag[tag].append((start, end))
        return cls(by_tag["CLAIM"], by_tag["CUE"], by_tag["SPEAKER"])


def _nearest(spans: Sequence[tuple[int, int]], start: int, end: int, lo: int, hi: int) -> tuple[int, int] | None:
    """The span closest to ``[start, end)`` within ``[lo, hi)`` that does not overlap it; one
    before it wins over one after it."""
    before = [s for s in spans if lo <= s[0] and s[1] <= start]
    if before:
        return before[-1]
    after = [s for s in spans if end <= s[0] and s[1] <= hi]
    return after[0] if after else None


def _paragraph(text: str, start: int) -> int:
    """Where the paragraph holding ``start`` begins."""
    breaks = [m.end() for m in _PARAGRAPH_RE.finditer(text, 0, start)]
    return breaks[-1] if breaks else 0


def _kind(text: str, start: int, end: int) -> str:
    """``direct`` inside quotation marks, ``mixed`` when the content holds some, else ``indirect``."""
    if start > 0 and text[start - 1] in QUOTE_CHARS and end < len(text) and text[end] in QUOTE_CHARS:
        return "direct"
    return "mixed" if any(ch in QUOTE_CHARS for ch in text[start:end]) else "indirect"


def learned_claims(text: str, spans: Iterable[tuple[str, int, int]], registry: Any = None,
                   first_id: int = 1) -> list[Claim]:
    """Claims made from a tagger's spans (see the module docstring)."""
    from claimattr.entities import ArticleLinker

    tagged = _Tagged.of(spans)
    linker = ArticleLinker(registry)
    out: list[Claim] = []
    previous = Speaker(entity="other:غير معروف", name="غير معروف")
    for start, end in tagged.claims:
        lo, hi = max(_paragraph(text, start), start - REACH_BEFORE), min(len(text), end + REACH_AFTER)
        cue = _nearest(tagged.cues, start, end, lo, hi)
        mention = _nearest(tagged.mentions, start, end, lo, hi)
        speaker = _linked(linker, text, mention) or previous
        previous = Speaker(entity=speaker.entity, name=speaker.name)
        out.append(Claim(id=f"c{first_id + len(out)}", start=start, end=end, text=text[start:end],
                         kind=_kind(text, start, end), speaker=speaker,
                         cue=Span.of(text, *cue) if cue else None, confidence=0.5))
    return out


def _linked(linker: Any, text: str, mention: tuple[int, int] | None) -> Speaker | None:
    """The speaker a tagged mention names, or None when it is no name (punctuation, a pronoun)."""
    if mention is None:
        return None
    try:
        entity, name, _ = linker.resolve(text[mention[0]:mention[1]])
    except InputError:
        return None
    return Speaker(entity=entity, name=name, mention=Span.of(text, *mention))


def combine(rule_claims: Sequence[Claim], learned: Sequence[Claim]) -> list[Claim]:
    """The rules' claims plus the learned claims that overlap none of them, in text order."""
    extra = [c for c in learned if not any(c.start < r.end and r.start < c.end for r in rule_claims)]
    merged = sorted([*rule_claims, *extra], key=lambda c: c.start)
    return [replace(c, id=f"c{i}") for i, c in enumerate(merged, start=1)]


def predict_documents(docs: Sequence[Document], mode: str, tagger: SpanTagger | None = None,
                      nlp: Any = None) -> list[Document]:
    """Claims of each document's text by ``mode`` (one of :data:`MODES`)."""
    from claimattr.pipeline import Pipeline

    nlp = nlp or Pipeline()
    out = []
    for doc in docs:
        rules = nlp(doc.text, doc_id=doc.doc_id).claims if mode != "learned" else []
        learned = learned_claims(doc.text, tagger.tag(doc.text), nlp.registry) if mode != "rules" else []
        claims = combine(rules, learned) if mode == "combined" else rules or learned
        out.append(Document(text=doc.text, doc_id=doc.doc_id, claims=claims))
    return out


def cross_validate_spans(docs: Sequence[Document], base_model: str | Path, k: int = 5, seed: int = 0,
                         progress: bool = False, **options: Any) -> dict[str, Report]:
    """Score the rules, the learned tagger and their combination on the same ``k`` folds by
    document: one :class:`~claimattr.evaluate.Report` per mode over all held-out documents."""
    from claimattr.pipeline import Pipeline

    nlp = Pipeline()
    preds: dict[str, list[Document]] = {mode: [] for mode in MODES}
    for held_out in document_folds(docs, k, seed):
        held = set(held_out)
        tagger = fit_span_tagger([d for i, d in enumerate(docs) if i not in held], base_model,
                                 seed=seed, progress=progress, **options)
        test = [docs[i] for i in held_out]
        for mode in MODES:
            preds[mode] += predict_documents(test, mode, tagger, nlp)
    return {mode: evaluate(docs, predicted) for mode, predicted in preds.items()}


def train_spans(docs: Sequence[Document], out: str | Path, base_model: str | Path, cv: int = 0, seed: int = 0,
                progress: bool = True, command: str | None = None, **options: Any) -> Path:
    """Train a span tagger on all of ``docs`` and save it with a model card; with ``cv`` >= 2 the
    card compares rules, tagger and combination in a ``cv``-fold cross-validation by document."""
    from claimattr.training.cards import comparison_table, write_card

    reports = cross_validate_spans(docs, base_model, cv, seed, **options) if cv else None
    folder = fit_span_tagger(docs, base_model, seed=seed, progress=progress, **options).save(out)
    return write_card(folder, "claimattr span tagger (claim content, cue, speaker mention)",
                      "A token classifier over words (BIO labels CLAIM, CUE, SPEAKER). `learned` makes claims "
                      "from its spans alone; `combined` adds its claims that overlap no rule claim.",
                      docs, comparison_table(reports) if reports else None, command)
