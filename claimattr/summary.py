"""Summaries of annotated documents: claims and stance counts by speaker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from claimattr.doc import STANCES, Document

if TYPE_CHECKING:
    import pandas


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
