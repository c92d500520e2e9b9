"""The claimattr metric: claims, speakers, stance and end to end, against gold annotations.

Per document, gold and predicted claims are paired greedily by the character Jaccard of their
spans (overlap length / union length of the two ``[start, end)`` intervals), highest first; a
pair needs Jaccard >= 0.5. Ties are broken by gold then predicted claim order, so the pairing is
deterministic. Every figure is micro-averaged over all documents.

* **claims**: precision, recall and F1 of the pairing. The strict figures (Jaccard >= 0.8)
  count the pairs with Jaccard >= 0.8; because the greedy pairing settles every such pair before
  it looks at a lower one, this equals re-pairing with a threshold of 0.8.
* **speaker accuracy** over matched pairs: the same entity id; for a gold ``other:`` id also
  accepted when the gold and predicted speaker mentions overlap (by at least one character,
  whatever the predicted id), or when the name words agree (see :func:`same_name`).
* **stance** over matched pairs: accuracy, and per-label precision/recall/F1 for
  ``oppose``/``support``/``neutral``; macro-F1 averages the labels that occur in the gold or
  predicted stances of matched pairs. A missing or unknown predicted stance is simply wrong.
* **end to end**: a predicted claim counts when it is matched and its speaker and stance are
  right; precision over all predicted claims, recall over all gold claims.

Documents are paired by ``doc_id``. A gold document without a prediction (or whose predicted
record has an ``error`` field) counts as having no predicted claims; predicted documents that are
not in the gold are ignored and counted. A ratio whose denominator is zero is 0.0.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

from claimattr.corpora import read_corpus, read_records, record_to_document, validate, validate_corpus
from claimattr.doc import STANCES, Claim, Document, Span
from claimattr.errors import FormatError
from claimattr.text import normalize

#: A gold and a predicted claim are paired when their spans' Jaccard reaches this.
MATCH_JACCARD = 0.5
#: The Jaccard of the strict claim figures.
STRICT_JACCARD = 0.8
OTHER_PREFIX = "other:"
_PUNCT_RE = re.compile(r"[^\w\s]|_")


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the counts they come from."""

    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return _ratio(self.correct, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.correct, self.gold)

    @property
    def f1(self) -> float:
        return _ratio(2 * self.precision * self.recall, self.precision + self.recall)

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, **asdict(self)}


@dataclass(frozen=True)
class Pair:
    """A matched gold and predicted claim with the Jaccard of their spans."""

    gold: Claim
    pred: Claim
    jaccard: float


@dataclass
class Report:
    """The figures of one evaluation; see the module docstring for their definitions."""

    documents: int
    claims: PRF
    claims_strict: PRF
    speaker_correct: int
    stance_correct: int
    stance_by_label: dict[str, PRF]
    end_to_end: PRF
    missing_documents: int = 0
    error_documents: int = 0
    ignored_documents: int = 0
    predicted_by_pattern: dict[str, int] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list, repr=False)
    errors: list[DocumentErrors] = field(default_factory=list, repr=False)

    @property
    def matched(self) -> int:
        return self.claims.correct

    @property
    def speaker_accuracy(self) -> float:
        return _ratio(self.speaker_correct, self.matched)

    @property
    def stance_accuracy(self) -> float:
        return _ratio(self.stance_correct, self.matched)

    @property
    def stance_macro_f1(self) -> float:
        """Mean F1 of the stance labels that occur in the gold or predicted stances of matched
        pairs (0.0 when there are no matched pairs)."""
        present = [p for p in self.stance_by_label.values() if p.gold or p.predicted]
        return _ratio(sum(p.f1 for p in present), len(present))

    def to_dict(self) -> dict[str, Any]:
        """The figures as plain JSON-ready values (the pairs are left out)."""
        return {
            "documents": self.documents,
            "missing_documents": self.missing_documents,
            "error_documents": self.error_documents,
            "ignored_documents": self.ignored_documents,
            "claims": self.claims.to_dict(),
            "claims_strict": self.claims_strict.to_dict(),
            "speaker_accuracy": self.speaker_accuracy,
            "speaker_correct": self.speaker_correct,
            "stance_accuracy": self.stance_accuracy,
            "stance_correct": self.stance_correct,
            "stance_macro_f1": self.stance_macro_f1,
            "stance_by_label": {k: v.to_dict() for k, v in self.stance_by_label.items()},
            "end_to_end": self.end_to_end.to_dict(),
            "by_pattern": self.by_pattern(),
        }

    def by_pattern(self) -> dict[str, dict[str, float | int]]:
        """Per rule pattern of the predicted claims (``Claim.pattern``; ``"none"`` when a
        prediction names none): how many claims it found, how many matched a gold claim
        (its precision) and how many of those have the right speaker."""
        matched = Counter(p.pred.pattern or "none" for p in self.pairs)
        speaker_ok = Counter(p.pred.pattern or "none" for p in self.pairs if speaker_correct(p.gold, p.pred))
        return {
            pattern: {
                "predicted": n,
                "matched": matched[pattern],
                "precision": _ratio(matched[pattern], n),
                "speaker_accuracy": _ratio(speaker_ok[pattern], matched[pattern]),
            }
            for pattern, n in sorted(self.predicted_by_pattern.items(), key=lambda kv: -kv[1])
        }

    def format_patterns(self) -> str:
        """A text table of :meth:`by_pattern`."""
        rows = [f"{'pattern':16}{'claims':>8}{'matched':>9}{'precision':>11}{'speaker':>9}"]
        rows += [
            f"{name:16}{row['predicted']:8d}{row['matched']:9d}{row['precision']:11.3f}{row['speaker_accuracy']:9.3f}"
            for name, row in self.by_pattern().items()
        ]
        return "\n".join(rows)

    def format_table(self) -> str:
        """A readable text table of the figures."""
        rows = [
            f"{self.documents} documents, {self.claims.gold} gold claims, "
            f"{self.claims.predicted} predicted, {self.matched} matched",
            f"{'':26}{'P':>7}{'R':>7}{'F1':>7}",
            _prf_row(f"claims (Jaccard >= {MATCH_JACCARD})", self.claims),
            _prf_row(f"claims (Jaccard >= {STRICT_JACCARD})", self.claims_strict),
            _prf_row("end to end", self.end_to_end),
            f"{'speaker accuracy':26}{self.speaker_accuracy:7.3f}  "
            f"({self.speaker_correct}/{self.matched} matched)",
            f"{'stance accuracy':26}{self.stance_accuracy:7.3f}  "
            f"({self.stance_correct}/{self.matched} matched)",
            f"{'stance macro-F1':26}{self.stance_macro_f1:7.3f}",
        ]
        rows += [
            _prf_row(f"  stance {label}", prf) + f"  (gold {prf.gold}, predicted {prf.predicted})"
            for label, prf in self.stance_by_label.items()
        ]
        rows += self._warnings()
        return "\n".join(rows)

    def _warnings(self) -> list[str]:
        notes = [
            (self.missing_documents, "gold documents had no prediction (all their claims missed)"),
            (self.error_documents, "predicted documents had an error (counted as no claims)"),
            (self.ignored_documents, "predicted documents are not in the gold (ignored)"),
        ]
        return [f"warning: {n} {what}" for n, what in notes if n]


def _prf_row(name: str, prf: PRF) -> str:
    return f"{name:26}{prf.precision:7.3f}{prf.recall:7.3f}{prf.f1:7.3f}"


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Character Jaccard of two ``[start, end)`` intervals: overlap length / union length."""
    overlap = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - overlap
    return _ratio(overlap, union)


def match_claims(
    gold: Sequence[Claim], pred: Sequence[Claim], threshold: float = MATCH_JACCARD
) -> list[Pair]:
    """Pair gold and predicted claims one to one, greedily by span Jaccard, highest first.

    Only pairs with Jaccard >= ``threshold`` are considered; ties go to the earlier gold claim,
    then the earlier predicted claim.
    """
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            score = jaccard((g.start, g.end), (p.start, p.end))
            if score >= threshold:
                candidates.append((-score, i, j))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for neg_score, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append(Pair(gold[i], pred[j], -neg_score))
    return pairs


def name_words(name: str) -> frozenset[str]:
    """The words of a speaker name or id, normalised: ``other:`` prefix, punctuation, diacritics
    and letter variants removed (``claimattr.text.normalize``)."""
    if name.startswith(OTHER_PREFIX):
        name = name[len(OTHER_PREFIX) :]
    return frozenset(_PUNCT_RE.sub(" ", normalize(name)).split())


def same_name(gold_entity: str, pred_names: Iterable[str]) -> bool:
    """True when the words of the gold ``other:`` name and of one predicted name contain one
    another: both non-empty and either set a subset of the other."""
    gold_words = name_words(gold_entity)
    if not gold_words:
        return False
    for name in pred_names:
        words = name_words(name)
        if words and (words <= gold_words or gold_words <= words):
            return True
    return False


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and min(a.end, b.end) > max(a.start, b.start)


def speaker_correct(gold: Claim, pred: Claim) -> bool:
    """Whether the predicted claim's speaker is right (see the module docstring)."""
    g, p = gold.speaker, pred.speaker
    if g.entity == p.entity:
        return True
    if not g.entity.startswith(OTHER_PREFIX):
        return False
    return _overlap(g.mention, p.mention) or same_name(g.entity, (p.entity, p.name))


def evaluate(gold_docs: Iterable[Document], pred_docs: Iterable[Document]) -> Report:
    """Score predicted documents against gold documents, pairing them by ``doc_id``; the
    report's ``errors`` say what went wrong in each gold document (:class:`DocumentErrors`).

    Raises :class:`FormatError` when a ``doc_id`` appears twice on either side.
    """
    gold_by_id = _by_id(gold_docs, "gold")
    pred_by_id = _by_id(pred_docs, "predicted")
    pairs: list[Pair] = []
    errors: list[DocumentErrors] = []
    n_gold = 0
    patterns: Counter[str] = Counter()
    for doc_id, gold in gold_by_id.items():
        pred_claims = _usable_claims(pred_by_id.get(doc_id))
        n_gold += len(gold.claims)
        patterns.update(c.pattern or "none" for c in pred_claims)
        matched = match_claims(gold.claims, pred_claims)
        pairs += matched
        errors.append(DocumentErrors.of(doc_id, gold.claims, pred_claims, matched))
    report = _report(pairs, n_gold, patterns, _document_counts(gold_by_id, pred_by_id))
    report.errors = errors
    return report


# -- what went wrong --------------------------------------------------------------------------
@dataclass(frozen=True)
class DocumentErrors:
    """The errors of one document: gold claims no prediction matched (``missed``), predicted
    claims that match no gold claim (``spurious``), and matched pairs whose speaker or stance is
    wrong (see the module docstring for "matched" and "right")."""

    doc_id: str
    missed: list[Claim]
    spurious: list[Claim]
    wrong_speaker: list[Pair]
    wrong_stance: list[Pair]

    @classmethod
    def of(cls, doc_id: str, gold: Sequence[Claim], pred: Sequence[Claim], pairs: Sequence[Pair]) -> DocumentErrors:
        """The errors of a document from its claims and their pairs (:func:`match_claims`)."""
        paired_gold = {id(p.gold) for p in pairs}
        paired_pred = {id(p.pred) for p in pairs}
        return cls(doc_id, [c for c in gold if id(c) not in paired_gold], [c for c in pred if id(c) not in paired_pred],
                   [p for p in pairs if not speaker_correct(p.gold, p.pred)],
                   [p for p in pairs if p.gold.stance != p.pred.stance])

    @property
    def count(self) -> int:
        """All the errors of the document."""
        return len(self.missed) + len(self.spurious) + len(self.wrong_speaker) + len(self.wrong_stance)

    def to_dict(self) -> dict[str, Any]:
        """The errors as JSON-ready values: each claim as its id, span, text, speaker and stance;
        each wrong pair as the gold and the predicted claim with their Jaccard."""
        return {"doc_id": self.doc_id, "missed": [_brief(c) for c in self.missed],
                "spurious": [_brief(c) for c in self.spurious],
                "wrong_speaker": [_brief_pair(p) for p in self.wrong_speaker],
                "wrong_stance": [_brief_pair(p) for p in self.wrong_stance]}


def _brief(claim: Claim) -> dict[str, Any]:
    return {"id": claim.id, "start": claim.start, "end": claim.end, "text": claim.text,
            "speaker": claim.speaker.entity, "stance": claim.stance}


def _brief_pair(pair: Pair) -> dict[str, Any]:
    return {"gold": _brief(pair.gold), "pred": _brief(pair.pred), "jaccard": round(pair.jaccard, 3)}


def stance_confusion(pairs: Sequence[Pair]) -> dict[str, dict[str, int]]:
    """Matched claims counted by gold stance (rows) and predicted stance (columns); a missing
    stance counts as ``none``."""
    labels = [*STANCES, "none"]
    table = {g: {p: 0 for p in labels} for g in labels}
    for pair in pairs:
        table[pair.gold.stance or "none"][pair.pred.stance or "none"] += 1
    return table


def format_errors(report: Report, top: int = 50) -> str:
    """A text table of the documents with errors (most first, at most ``top``) and the stance
    confusion matrix of the matched claims."""
    wrong = sorted((e for e in report.errors if e.count), key=lambda e: (-e.count, e.doc_id))
    rows = [f"{len(wrong)} of {len(report.errors)} documents have errors"
            + (f" (the {top} with most shown; --errors-out FILE writes them all)" if len(wrong) > top else ""),
            f"{'document':30}{'missed':>8}{'spurious':>9}{'speaker':>9}{'stance':>8}"]
    rows += [f"{e.doc_id[:29]:30}{len(e.missed):8d}{len(e.spurious):9d}{len(e.wrong_speaker):9d}{len(e.wrong_stance):8d}"
             for e in wrong[:top]]
    confusion = stance_confusion(report.pairs)
    labels = [label for label in confusion if any(confusion[label].values()) or any(r[label] for r in confusion.values())]
    rows += ["", "stance of matched claims (rows: gold, columns: predicted)",
             f"{'':10}" + "".join(f"{label:>9}" for label in labels)]
    rows += [f"{g:10}" + "".join(f"{confusion[g][p]:9d}" for p in labels) for g in labels]
    return "\n".join(rows)


def _document_counts(gold: dict[str, Document], pred: dict[str, Document]) -> dict[str, int]:
    """How many gold documents there are, how many lack a prediction or have an error record,
    and how many predicted documents are not in the gold."""
    found = [pred[doc_id] for doc_id in gold if doc_id in pred]
    return {
        "documents": len(gold),
        "missing_documents": len(gold) - len(found),
        "error_documents": sum("error" in doc.meta for doc in found),
        "ignored_documents": len(pred.keys() - gold.keys()),
    }


def _by_id(docs: Iterable[Document], side: str) -> dict[str, Document]:
    """Documents keyed by ``doc_id``; a doc id used twice is an error."""
    out: dict[str, Document] = {}
    for doc in docs:
        if doc.doc_id in out:
            raise FormatError(
                f"the {side} documents contain doc_id {doc.doc_id!r} twice; each article must "
                "appear once"
            )
        out[doc.doc_id] = doc
    return out


def _usable_claims(pred: Document | None) -> list[Claim]:
    """The predicted claims of a document: none when it is missing or its record has an error."""
    if pred is None or "error" in pred.meta:
        return []
    return pred.claims


def _report(pairs: list[Pair], n_gold: int, patterns: Counter[str], documents: dict[str, int]) -> Report:
    """Turn the matched pairs, the gold count and the predicted counts per pattern into a
    :class:`Report`."""
    n_pred = sum(patterns.values())
    speaker_ok = [speaker_correct(p.gold, p.pred) for p in pairs]
    stance_ok = [p.gold.stance == p.pred.stance for p in pairs]
    end_to_end = sum(s and t for s, t in zip(speaker_ok, stance_ok))
    strict = sum(p.jaccard >= STRICT_JACCARD for p in pairs)
    return Report(
        claims=PRF(len(pairs), n_pred, n_gold),
        claims_strict=PRF(strict, n_pred, n_gold),
        speaker_correct=sum(speaker_ok),
        stance_correct=sum(stance_ok),
        stance_by_label=_stance_by_label(pairs),
        end_to_end=PRF(end_to_end, n_pred, n_gold),
        predicted_by_pattern=dict(patterns),
        pairs=pairs,
        **documents,
    )


def _stance_by_label(pairs: Sequence[Pair]) -> dict[str, PRF]:
    """Per-label stance precision/recall/F1 over matched pairs."""
    gold = Counter(p.gold.stance for p in pairs)
    pred = Counter(p.pred.stance for p in pairs)
    right = Counter(p.gold.stance for p in pairs if p.gold.stance == p.pred.stance)
    return {label: PRF(right[label], pred[label], gold[label]) for label in STANCES}


def evaluate_files(
    gold_path: str | os.PathLike[str],
    pred_path: str | os.PathLike[str],
    texts: str | os.PathLike[str] | None = None,
) -> Report:
    """Score a predictions JSONL file against a gold corpus (file or folder).

    The gold is read with :func:`claimattr.corpora.read_corpus` (``texts`` as there). Predicted
    records may carry their ``text`` or be standoff: a standoff prediction takes the article of
    its gold document. Raises :class:`FormatError` when the gold does not validate, when a
    prediction was made on a different text than its gold article, or when its spans do not fit
    the article.
    """
    gold = read_corpus(gold_path, texts)
    _raise_problems(validate_corpus(gold), f"the gold {gold_path}")
    gold_text = {doc.doc_id: doc.text for doc in gold}
    preds = []
    for lineno, record in read_records(pred_path):
        where = f"{pred_path}:{lineno}"
        doc_id = str(record.get("doc_id", ""))
        if doc_id not in gold_text:
            preds.append(Document(text="", doc_id=doc_id))  # ignored by evaluate, only counted
            continue
        preds.append(_prediction(record, gold_text[doc_id], where))
    return evaluate(gold, preds)


def _prediction(record: dict[str, Any], gold_text: str, where: str) -> Document:
    """The predicted document of a record whose gold article is ``gold_text``, checked."""
    if "error" in record:
        return Document(text=gold_text, doc_id=str(record["doc_id"]), meta={"error": record["error"]})
    if "text" in record and record["text"] != gold_text:
        raise FormatError(
            f"{where}: the prediction for {record['doc_id']!r} was made on a different text than "
            "the gold article; run the pipeline on the gold texts exactly as stored"
        )
    doc = record_to_document(record, gold_text, where)
    _raise_problems(validate(doc, labels=False), where)
    return doc


def _raise_problems(problems: list[str], what: str) -> None:
    """Raise a :class:`FormatError` listing the first problems, if there are any."""
    if problems:
        shown = "\n  ".join(problems[:5])
        more = f"\n  ... and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise FormatError(f"{what} has {len(problems)} problem(s):\n  {shown}{more}")


def summary_row(name: str, report: Report) -> str:
    """One line of a per-corpus table: documents, claims, and the headline figures."""
    return (f"{name:22}{report.documents:6d}{report.claims.gold:7d}{report.claims.f1:9.3f}{report.claims_strict.f1:8.3f}"
            f"{report.speaker_accuracy:9.3f}{report.stance_macro_f1:9.3f}{report.end_to_end.f1:8.3f}")


SUMMARY_HEADER = f"{'corpus':22}{'docs':>6}{'claims':>7}{'claim F1':>9}{'F1@.8':>8}{'speaker':>9}{'stance':>9}{'e2e':>8}"


def evaluate_split(nlp: Any, split: str = "dev", corpora: dict[str, list[Document]] | None = None,
                   progress: bool = False) -> dict[str, Report]:
    """Run ``nlp`` on the gold documents of ``split`` (``dev``, ``train`` or ``all``) of every
    annotated corpus (or of ``corpora``) and score them: one :class:`Report` per corpus and one
    for all of them together (``"all"``)."""
    from claimattr.corpora import split_corpora

    chosen = split_corpora(split, corpora)
    reports, gold_all, pred_all = {}, [], []
    for name, gold in chosen.items():
        docs = nlp.pipe([(d.doc_id, d.text) for d in gold])
        if progress:
            from tqdm import tqdm

            docs = tqdm(docs, total=len(gold), desc=name, leave=False)
        pred = list(docs)
        reports[name] = evaluate(gold, pred)
        gold_all += gold
        pred_all += pred
    if gold_all:
        reports["all"] = evaluate(gold_all, pred_all)
    return reports
