"""Summaries of annotated documents: stance counts by speaker, and one row per claim."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from claimattr.doc import STANCES, Document

if TYPE_CHECKING:
    import pandas

#: The columns of :func:`claims_table` after ``doc_id`` and the document's own fields.
CLAIM_COLUMNS = ("claim_id", "start", "end", "text", "kind", "cue", "speaker", "speaker_name",
                 "speaker_mention", "stance", *(f"p_{s}" for s in STANCES), "confidence", "pattern",
                 "stance_rules")
#: Fields of a record that are not the document's own fields (title, date, outlet, ...).
_RECORD_FIELDS = ("doc_id", "text", "claims", "error")


def summarize(docs: Document | Iterable[Document], by: str = "entity") -> "pandas.DataFrame":
    """A speaker x stance table: one row per speaker, columns ``name``, ``claims``, ``articles``
    and one count per stance (``oppose``, ``support``, ``neutral``), most quoted first.

    ``by="name"`` groups by readable name instead of entity id.
    """
    import pandas as pd

    if isinstance(docs, Document):
        docs = [docs]
    rows = []
    for i, doc in enumerate(docs):
        for claim in doc.claims:
            key = claim.speaker.entity if by == "entity" else (claim.speaker.name or claim.speaker.entity)
            rows.append({"speaker": key, "name": claim.speaker.name, "doc_id": doc.doc_id or f"#{i}",
                         "stance": claim.stance or "unlabelled"})
    columns = ["name", "claims", "articles", *STANCES]
    if not rows:
        return pd.DataFrame(columns=columns).rename_axis("speaker")
    frame = pd.DataFrame(rows)
    table = pd.crosstab(frame["speaker"], frame["stance"]).reindex(columns=list(STANCES), fill_value=0)
    table.insert(0, "articles", frame.groupby("speaker")["doc_id"].nunique())
    table.insert(0, "claims", frame.groupby("speaker").size())
    table.insert(0, "name", frame.groupby("speaker")["name"].first())
    table.columns.name = None
    return table.sort_values(["claims", "articles"], ascending=False)


def to_pandas(docs: Document | Iterable[Document]) -> "pandas.DataFrame":
    """One row per claim of ``docs`` (see :func:`claims_table`), the documents' ``meta`` fields
    (title, date, outlet, ...) as columns after ``doc_id``."""
    if isinstance(docs, Document):
        docs = [docs]
    return claims_table({**doc.meta, **doc.to_dict(include_text=False)} for doc in docs)


def claims_table(records: Iterable[dict[str, Any]]) -> "pandas.DataFrame":
    """A tidy table of ANNOTATION-format records (such as the output of ``claimattr annotate``):
    one row per claim with ``doc_id``, the record's other fields (the ones kept from the input),
    and :data:`CLAIM_COLUMNS`: the claim's id, span and text, kind, cue, speaker entity id, name
    and mention, stance with the probability of each label, confidence, the pattern that found
    it and the stance rules that fired (joined by ``;``). Error records have no claims, so no
    rows; documents without claims neither."""
    import pandas as pd

    rows = [{"doc_id": record.get("doc_id"), **_document_fields(record), **_claim_row(claim)}
            for record in records for claim in record.get("claims") or ()]
    if not rows:
        return pd.DataFrame(columns=["doc_id", *CLAIM_COLUMNS])
    frame = pd.DataFrame(rows)
    own = [c for c in frame.columns if c not in CLAIM_COLUMNS and c != "doc_id"]
    return frame[["doc_id", *own, *CLAIM_COLUMNS]]


def _document_fields(record: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in record.items() if name not in _RECORD_FIELDS}


def _claim_row(claim: dict[str, Any]) -> dict[str, Any]:
    """The :data:`CLAIM_COLUMNS` of one claim in the ANNOTATION format."""
    speaker = claim.get("speaker") or {}
    scores = claim.get("stance_scores") or {}
    return {
        "claim_id": claim.get("id"), "start": claim.get("start"), "end": claim.get("end"),
        "text": claim.get("text"), "kind": claim.get("kind"), "cue": (claim.get("cue") or {}).get("text"),
        "speaker": speaker.get("entity"), "speaker_name": speaker.get("name"),
        "speaker_mention": (speaker.get("mention") or {}).get("text"), "stance": claim.get("stance"),
        **{f"p_{s}": scores.get(s) for s in STANCES}, "confidence": claim.get("confidence"),
        "pattern": claim.get("pattern"), "stance_rules": ";".join(claim.get("stance_rules") or ()),
    }
