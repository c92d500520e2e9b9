"""A learned tagger of claim content, cues and speaker mentions (the ``span_tagger`` component).

:class:`SpanTagger` is a transformers token classifier over the words of an article (labels of
:data:`SPAN_LABELS`), fine-tuned from a local checkpoint (``claimattr train spans``). As a
component it fills the ``candidates`` slot, in one of two modes:

* ``learned``: every ``CLAIM`` span is a candidate; its cue and speaker mention are the nearest
  ``CUE`` and ``SPEAKER`` spans before it in the same paragraph (or right after it), and without
  a mention the speakers component resolves it like an implied subject;
* ``combined``: the rule candidates (it follows ``claim_patterns``), plus the learned candidates
  that overlap none of them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Sequence

from claimattr.components.base import Component
from claimattr.doc import Candidate, Cue, Document, Segment
from claimattr.errors import ModelError

#: The labels of the span task, in the order of their ids.
SPAN_LABELS = ("O", "B-CLAIM", "I-CLAIM", "B-CUE", "I-CUE", "B-SPEAKER", "I-SPEAKER")
#: Words of the span task: runs of letters/digits, or one other visible character.
WORD_RE = re.compile(r"\w+|[^\w\s]")
_PARAGRAPH_RE = re.compile(r"\n\s*\n|\n")
_QUOTE_CHARS = frozenset("«»“”„\"″'")


def words(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` (:data:`WORD_RE`) as ``(start, end, word)``."""
    return [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]


def spans_from_labels(tokens: Sequence[tuple[int, int, str]], labels: Sequence[str]) -> list[tuple[str, int, int]]:
    """The ``(tag, start, end)`` spans a BIO labelling marks (an ``I-`` after another tag opens
    a span too)."""
    spans: list[tuple[str, int, int]] = []
    for (start, end, _), label in zip(tokens, labels):
        if label == "O":
            continue
        prefix, tag = label.split("-", 1)
        if prefix == "I" and spans and spans[-1][0] == tag and spans[-1][2] <= start:
            spans[-1] = (tag, spans[-1][1], end)
        else:
            spans.append((tag, start, end))
    return spans


def chunk_ranges(text: str, tokens: Sequence[tuple[int, int, str]], max_words: int) -> list[tuple[int, int]]:
    """``[lo, hi)`` token ranges of at most ``max_words``, ending after a new line when one is in
    the second half of the range."""
    out = []
    lo = 0
    while lo < len(tokens):
        hi = min(len(tokens), lo + max_words)
        if hi < len(tokens):
            breaks = [i for i in range(lo + max_words // 2, hi) if "\n" in text[tokens[i - 1][1]:tokens[i][0]]]
            hi = breaks[-1] if breaks else hi
        out.append((lo, hi))
        lo = hi
    return out


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
        from claimattr.hf import load_model

        model, tokenizer = load_model(path, cls.kind, "AutoModelForTokenClassification")
        return cls(model, tokenizer, int(getattr(model.config, "max_words", 100)),
                   int(getattr(model.config, "max_tokens", 256)))

    def save(self, path: str | Path) -> Path:
        """Write the folder: config.json (kind ``span-tagger``), safetensors, tokenizer."""
        from claimattr.hf import save_model

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
        chunks = chunk_ranges(text, tokens, self.max_words)
        enc = self.encode([[t[2] for t in tokens[lo:hi]] for lo, hi in chunks])
        device = next(self.model.parameters()).device
        for i, (lo, _) in enumerate(chunks):
            ids = torch.tensor([enc["input_ids"][i]], device=device)
            with torch.no_grad():
                best = self.model(input_ids=ids).logits[0].argmax(-1).tolist()
            for piece, w in enumerate(enc.word_ids(i)):
                if w is not None and labels[lo + w] == "O":
                    labels[lo + w] = SPAN_LABELS[best[piece]]
        return spans_from_labels(tokens, labels)


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
    if start > 0 and text[start - 1] in _QUOTE_CHARS and end < len(text) and text[end] in _QUOTE_CHARS:
        return "direct"
    return "mixed" if any(ch in _QUOTE_CHARS for ch in text[start:end]) else "indirect"


def learned_candidates(doc: Document, spans: Iterable[tuple[str, int, int]], reach_before: int = 250,
                       reach_after: int = 80, prior: float = 0.5) -> list[Candidate]:
    """Candidates made from a tagger's spans (see the module docstring)."""
    text, norm = doc.text, doc.norm
    by_tag: dict[str, list[tuple[int, int]]] = {"CLAIM": [], "CUE": [], "SPEAKER": []}
    for tag, start, end in spans:
        by_tag[tag].append((start, end))

    def segment(span: tuple[int, int]) -> Segment:
        return Segment(span[0], span[1], norm.from_original(span[0]), norm.from_original(span[1]))

    out = []
    for start, end in by_tag["CLAIM"]:
        lo, hi = max(_paragraph(text, start), start - reach_before), min(len(text), end + reach_after)
        cue = _nearest(by_tag["CUE"], start, end, lo, hi)
        mention = _nearest(by_tag["SPEAKER"], start, end, lo, hi)
        claim = segment((start, end))
        cue_layer = None
        if cue is not None:
            at = segment(cue)
            cue_layer = Cue(at.start, at.end, at.norm_start, at.norm_end, text[cue[0]:cue[1]], "", "learned")
        out.append(Candidate(start, end, claim.norm_start, claim.norm_end, _kind(text, start, end), cue_layer,
                             segment(mention) if mention else None, "learned", prior))
    return out


class SpanTaggerComponent(Component):
    """Claim candidates from a trained :class:`SpanTagger` (see the module docstring)."""

    factory = "span_tagger"
    assigns = ("candidates",)
    #: ``mode``: ``learned`` or ``combined``; ``reach_before``/``reach_after``: how far from a
    #: claim (characters) its cue and mention are looked for; ``prior``: a learned claim's prior.
    defaults = {"mode": "combined", "reach_before": 250, "reach_after": 80, "prior": 0.5}

    def __init__(self, tagger: SpanTagger | None = None, **options: Any) -> None:
        self.tagger = tagger
        super().__init__(**options)

    def setup(self) -> None:
        if self.settings["mode"] not in ("learned", "combined"):
            raise ModelError(f"span_tagger mode {self.settings['mode']!r}: use 'learned' or 'combined'")
        self.requires = ("norm", "candidates") if self.settings["mode"] == "combined" else ("norm",)

    def __call__(self, doc: Document) -> Document:
        if self.tagger is None:
            raise ModelError("this span_tagger component has no trained tagger; load a pipeline folder")
        s = self.settings
        learned = learned_candidates(doc, self.tagger.tag(doc.text), s["reach_before"], s["reach_after"], s["prior"])
        if s["mode"] == "combined":
            rules = doc.candidates
            learned = [c for c in learned if not any(c.start < r.end and r.start < c.end for r in rules)] + rules
        doc.candidates = sorted(learned, key=lambda c: c.start)
        return doc

    def save_data(self, folder: Path) -> None:
        self.tagger.save(folder)

    def load_data(self, folder: Path) -> None:
        self.tagger = SpanTagger.load(folder)
