"""Annotated corpora as training data: documents, folds by document, and one dataset per task.

Every split here is made **by document**, never by claim: the claims of one article share their
speaker, topic and wording, so a claim-level split would let a model see the test article while
training. The three tasks:

* **stance**: one example per claim, ``(claim text, context, speaker, cue) -> label``
  (:func:`claimattr.stance.stance_examples`);
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
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from claimattr.components.span_tagger import chunk_ranges, words
from claimattr.stance import stance_examples
from claimattr.corpora import read_corpus, unique_documents, validate_corpus
from claimattr.doc import STANCES, Claim, Document, Span
from claimattr.errors import FormatError

if TYPE_CHECKING:
    import datasets

log = logging.getLogger(__name__)



# -- documents --------------------------------------------------------------------------------
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
        for lo, hi in chunk_ranges(doc.text, tokens, max_words):
            part = tokens[lo:hi]
            out.append(SpanExample(doc.doc_id, part[0][0], [t[2] for t in part], [t[0] for t in part],
                                   [t[1] for t in part], _restart(labels[lo:hi])))
    return out


def _restart(labels: list[str]) -> list[str]:
    """Labels of a stretch: a span cut by the stretch's start begins with ``B-`` again."""
    if labels and labels[0].startswith("I-"):
        labels = ["B-" + labels[0][2:]] + labels[1:]
    return labels


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
    document, see :func:`train_test_documents`); ``test_fraction=0`` gives only ``train``.

    The stance task's ``label`` is a ``ClassLabel`` of :data:`claimattr.doc.STANCES` (an
    unlabelled claim's is null), so ``features["label"].names`` and ``int2str`` work as for
    any Hugging Face classification dataset."""
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
    if task != "stance":
        return datasets.Dataset.from_list(records)
    features = datasets.Features({name: datasets.Value("string") for name in records[0]})
    features["label"] = datasets.ClassLabel(names=list(STANCES))
    return datasets.Dataset.from_list(records, features=features)
