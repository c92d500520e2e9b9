"""Annotated corpora as training data: documents, folds by document, and one dataset per task.

Every split here is made **by document**, never by claim: the claims of one article share their
speaker, topic and wording, so a claim-level split would let a model see the test article while
training. The three tasks:

* **stance**: one example per claim, ``(claim text, context, speaker, cue) -> label``; the context
  is the text of the claim's sentence around the claim (see :func:`claim_context`), which holds
  the cue and the source (``ينتقد`` makes a neutral-looking span a position);
* **spans**: the words of a stretch of an article, each labelled ``B-``/``I-`` ``CLAIM``, ``CUE``
  or ``SPEAKER`` (the speaker mention) or ``O``;
* **speakers**: candidate pairs: each claim with every speaker mention of its article, labelled 1
  when the mention names the claim's source (its own mention, or for an implied subject the
  closest earlier mention of the same entity).

:func:`to_dataset_dict` turns any of them into a ``datasets.DatasetDict`` (``datasets`` is
imported only there).
"""

from __future__ import annotations

import logging
import os
import random
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from claimattr.corpora import read_corpus, training_corpora, validate_corpus
from claimattr.doc import Claim, Document, Span
from claimattr.errors import FormatError

if TYPE_CHECKING:
    import datasets

log = logging.getLogger(__name__)

#: Corpora that re-annotate documents of other corpora (to measure agreement), left out of
#: training so that no article counts twice.
SECOND_ANNOTATIONS = ("annot_double",)
#: The labels of the span task, in the order of their ids.
SPAN_LABELS = ("O", "B-CLAIM", "I-CLAIM", "B-CUE", "I-CUE", "B-SPEAKER", "I-SPEAKER")
#: Words of the span task: runs of letters/digits, or one other visible character.
WORD_RE = re.compile(r"\w+|[^\w\s]")
#: Where a sentence of the stance context ends.
_BOUNDARY_RE = re.compile(r"[.!?؟\n]")
#: How far the stance context reaches on each side of a claim, in characters.
CONTEXT_CHARS = 200


# -- documents --------------------------------------------------------------------------------
def training_documents(
    corpora: Mapping[str, list[Document]] | None = None,
    skip: Iterable[str] = SECOND_ANNOTATIONS,
) -> list[Document]:
    """The documents of every annotated corpus (default :func:`claimattr.corpora.training_corpora`),
    each ``doc_id`` once.

    Corpora named in ``skip`` are left out; a document that still appears twice keeps its first
    annotation (logged), so that folds by document stay disjoint.
    """
    corpora = training_corpora() if corpora is None else corpora
    skip = set(skip)
    return unique_documents(doc for name, docs in corpora.items() if name not in skip for doc in docs)


def unique_documents(docs: Iterable[Document]) -> list[Document]:
    """``docs`` without repeated ``doc_id`` (the first is kept, the others logged)."""
    seen: set[str] = set()
    out = []
    for doc in docs:
        if doc.doc_id in seen:
            log.info("document %s is annotated twice; the first annotation is kept", doc.doc_id)
            continue
        seen.add(doc.doc_id)
        out.append(doc)
    return out


def read_documents(
    paths: Sequence[str | os.PathLike[str]], texts: str | os.PathLike[str] | None = None
) -> list[Document]:
    """Read and validate one or more gold corpora (files or folders), each ``doc_id`` once.

    Raises :class:`FormatError` listing the first problems when a corpus does not validate.
    """
    docs = unique_documents(doc for path in paths for doc in read_corpus(path, texts))
    problems = validate_corpus(docs)
    if problems:
        shown = "\n  ".join(problems[:5])
        raise FormatError(f"the training corpus has {len(problems)} problem(s):\n  {shown}\n"
                          "fix them (see ANNOTATION.md) or leave that corpus out")
    return docs


# -- folds ------------------------------------------------------------------------------------
def document_folds(docs: Sequence[Document], k: int = 5, seed: int = 0) -> list[list[int]]:
    """Split documents into ``k`` folds (lists of indices into ``docs``), never splitting one.

    Documents are shuffled with ``seed``, then dealt, those with more rare-stance claims first,
    each to the fold with the smallest share so far of the ``support`` claims, ``oppose`` claims,
    claims and documents (summed), so every fold gets its share of the rare labels. Raises
    :class:`FormatError` when ``k`` is below 2 or above the number of documents.
    """
    if not 2 <= k <= len(docs):
        raise FormatError(f"cannot make {k} folds of {len(docs)} documents: use 2 <= k <= the number "
                          "of documents")
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    load = [(*_stance_load(docs[i]), 1) for i in range(len(docs))]
    order.sort(key=lambda i: load[i][:2], reverse=True)
    scale = [max(1, sum(column)) for column in zip(*load)]
    folds: list[list[int]] = [[] for _ in range(k)]
    share = [0.0] * k
    for i in order:
        f = min(range(k), key=lambda j: (share[j], j))
        folds[f].append(i)
        share[f] += sum(x / s for x, s in zip(load[i], scale))
    return [sorted(fold) for fold in folds]


def _stance_load(doc: Document) -> tuple[int, int, int]:
    """``(support claims, oppose claims, claims)`` of a document."""
    stances = [c.stance for c in doc.claims]
    return stances.count("support"), stances.count("oppose"), len(stances)


def train_test_documents(
    docs: Sequence[Document], test_fraction: float = 0.2, seed: int = 0
) -> tuple[list[Document], list[Document]]:
    """One split by document: about ``test_fraction`` of the documents held out (one fold of
    :func:`document_folds`)."""
    if not 0 < test_fraction < 1:
        raise FormatError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    k = min(len(docs), max(2, round(1 / test_fraction)))
    test = set(document_folds(docs, k, seed)[0])
    return ([d for i, d in enumerate(docs) if i not in test], [d for i, d in enumerate(docs) if i in test])


# -- stance -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class StanceExample:
    """One claim for the stance task."""

    doc_id: str
    claim_id: str
    text: str
    context: str
    speaker: str
    cue: str
    label: str | None


def claim_context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> str:
    """The claim's sentence around it: up to ``chars`` characters before ``start`` and after
    ``end``, cut at the nearest sentence end (``.!?؟`` or a new line), with the claim itself
    replaced by `` … ``.

    This is where the cue, the source and the journalist's framing of the claim are.
    """
    left = text[max(0, start - chars):start]
    cut = [m.end() for m in _BOUNDARY_RE.finditer(left.rstrip(".!?؟\n"))]
    left = left[cut[-1]:] if cut else left
    right = text[end:end + chars]
    stop = _BOUNDARY_RE.search(right)
    right = right[:stop.start()] if stop else right
    return f"{left.strip()} … {right.strip()}".strip()


def stance_example(doc: Document, claim: Claim) -> StanceExample:
    """The stance example of one claim of ``doc``."""
    return StanceExample(
        doc_id=doc.doc_id,
        claim_id=claim.id,
        text=claim.text,
        context=claim_context(doc.text, claim.start, claim.end),
        speaker=claim.speaker.entity,
        cue=claim.cue.text if claim.cue else "",
        label=claim.stance,
    )


def stance_examples(docs: Iterable[Document]) -> list[StanceExample]:
    """One :class:`StanceExample` per claim of ``docs``, in order."""
    return [stance_example(doc, claim) for doc in docs for claim in doc.claims]


# -- spans ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpanExample:
    """A stretch of an article as words with their offsets and BIO labels."""

    doc_id: str
    offset: int
    words: list[str]
    starts: list[int]
    ends: list[int]
    labels: list[str]


def words(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` (:data:`WORD_RE`) as ``(start, end, word)``."""
    return [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]


def span_layers(doc: Document) -> list[tuple[str, Span]]:
    """The labelled spans of a document: each claim's content, cue and speaker mention."""
    layers = []
    for claim in doc.claims:
        layers.append(("CLAIM", Span(claim.start, claim.end, claim.text)))
        if claim.cue is not None:
            layers.append(("CUE", claim.cue))
        if claim.speaker.mention is not None:
            layers.append(("SPEAKER", claim.speaker.mention))
    return layers


def word_labels(tokens: Sequence[tuple[int, int, str]], layers: Sequence[tuple[str, Span]]) -> list[str]:
    """BIO labels of ``tokens`` for the spans in ``layers``.

    A word belongs to a span when it starts inside it. Where spans overlap (a mention quoted
    inside a claim), the shorter span wins, so cues and mentions stay visible.
    """
    owner: list[tuple[int, str, int] | None] = [None] * len(tokens)
    starts = [t[0] for t in tokens]
    for n, (tag, span) in enumerate(layers):
        for i, s in enumerate(starts):
            if span.start <= s < span.end:
                mine = (span.end - span.start, tag, n)
                if owner[i] is None or mine < owner[i]:
                    owner[i] = mine
    labels = []
    for i, own in enumerate(owner):
        if own is None:
            labels.append("O")
            continue
        inside = i > 0 and owner[i - 1] is not None and owner[i - 1][2] == own[2]
        labels.append(f"{'I' if inside else 'B'}-{own[1]}")
    return labels


def span_examples(docs: Iterable[Document], max_words: int = 200) -> list[SpanExample]:
    """The span-task examples of ``docs``: each article cut into stretches of at most
    ``max_words`` words, at paragraph breaks where it can, each word labelled (see
    :func:`word_labels`)."""
    out = []
    for doc in docs:
        tokens = words(doc.text)
        labels = word_labels(tokens, span_layers(doc))
        for lo, hi in _chunks(doc.text, tokens, max_words):
            part = tokens[lo:hi]
            out.append(SpanExample(doc.doc_id, part[0][0], [t[2] for t in part], [t[0] for t in part],
                                   [t[1] for t in part], _restart(labels[lo:hi])))
    return out


def _restart(labels: list[str]) -> list[str]:
    """Labels of a stretch: a span cut by the stretch's start begins with ``B-`` again."""
    if labels and labels[0].startswith("I-"):
        labels = ["B-" + labels[0][2:]] + labels[1:]
    return labels


def _chunks(text: str, tokens: Sequence[tuple[int, int, str]], max_words: int) -> list[tuple[int, int]]:
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


# -- speakers ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpeakerPair:
    """A claim and one candidate mention of its article; ``label`` 1 when the mention is its
    source."""

    doc_id: str
    claim_id: str
    claim: str
    mention: str
    claim_start: int
    claim_end: int
    mention_start: int
    mention_end: int
    label: int


def speaker_pairs(docs: Iterable[Document]) -> list[SpeakerPair]:
    """Candidate pairs of every claim that has a source in its article.

    The candidates are the distinct speaker mentions of the article. The source of a claim is its
    own mention, or for an implied subject the closest mention of its entity before the claim
    (after it when there is none before); a claim whose entity is never mentioned is skipped.
    """
    out = []
    for doc in docs:
        mentions = _mentions(doc)
        for claim in doc.claims:
            source = _source(claim, mentions)
            if source is None:
                continue
            out += [
                SpeakerPair(doc.doc_id, claim.id, claim.text, span.text, claim.start, claim.end,
                            span.start, span.end, int(span == source))
                for span, _ in mentions
            ]
    return out


def _mentions(doc: Document) -> list[tuple[Span, str]]:
    """The distinct speaker mentions of a document with their entity, in text order."""
    found = {c.speaker.mention: c.speaker.entity for c in doc.claims if c.speaker.mention is not None}
    return sorted(found.items(), key=lambda item: item[0].start)


def _source(claim: Claim, mentions: Sequence[tuple[Span, str]]) -> Span | None:
    """The mention naming a claim's source (see :func:`speaker_pairs`)."""
    if claim.speaker.mention is not None:
        return claim.speaker.mention
    same = [span for span, entity in mentions if entity == claim.speaker.entity]
    before = [span for span in same if span.start < claim.start]
    if before:
        return before[-1]
    return same[0] if same else None


# -- datasets ---------------------------------------------------------------------------------
TASKS = ("stance", "spans", "speakers")


def task_records(task: str, docs: Iterable[Document]) -> list[dict[str, Any]]:
    """The examples of ``task`` (one of :data:`TASKS`) as plain dicts."""
    makers = {"stance": stance_examples, "spans": span_examples, "speakers": speaker_pairs}
    if task not in makers:
        raise FormatError(f"unknown task {task!r}; use one of {', '.join(TASKS)}")
    return [asdict(example) for example in makers[task](docs)]


def to_dataset_dict(
    task: str, docs: Sequence[Document], test_fraction: float = 0.2, seed: int = 0
) -> "datasets.DatasetDict":
    """A ``datasets.DatasetDict`` with ``train`` and ``test`` splits of ``task`` (split by
    document, see :func:`train_test_documents`); ``test_fraction=0`` gives only ``train``."""
    import datasets

    if test_fraction == 0:
        return datasets.DatasetDict({"train": _dataset(task, docs)})
    train, test = train_test_documents(docs, test_fraction, seed)
    return datasets.DatasetDict({"train": _dataset(task, train), "test": _dataset(task, test)})


def _dataset(task: str, docs: Sequence[Document]) -> "datasets.Dataset":
    import datasets

    records = task_records(task, docs)
    if not records:
        raise FormatError(f"the documents give no {task} examples; give a corpus with claims")
    return datasets.Dataset.from_list(records)
