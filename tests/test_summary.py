"""The per-claim table: claimattr.to_pandas(docs) and claims_table(records)."""

from dataclasses import replace

import pandas as pd

import claimattr
from claimattr.doc import Claim, Document, Span, Speaker
from claimattr.summary import CLAIM_COLUMNS, claims_table

TEXT = "قال هادي العامري إن القوات الأمريكية قوات احتلال. وأضاف أن الحوار مستمر."


def annotated() -> Document:
    first = TEXT.index("القوات")
    second = TEXT.index("الحوار")
    speaker = Speaker("hadi-al-amiri", "Hadi al-Amiri", Span.of(TEXT, 4, 16))
    return Document(TEXT, doc_id="a1", meta={"date": "2026-07-01", "outlet": "x"}, claims=[
        Claim("c1", first, first + 32, TEXT[first:first + 32], "indirect", speaker, cue=Span.of(TEXT, 0, 3),
              stance="oppose", stance_scores={"oppose": 0.9, "support": 0.02, "neutral": 0.08}, confidence=0.8,
              pattern="verb-first", stance_rules=("occupation", "us-forces")),
        Claim("c2", second, len(TEXT) - 1, TEXT[second:-1], "indirect", replace(speaker, mention=None),
              stance="neutral", pattern="continuation"),
    ])


def test_to_pandas_gives_one_row_per_claim_with_the_documents_fields():
    table = claimattr.to_pandas([annotated(), Document("نص.", doc_id="empty")])
    assert list(table.columns) == ["doc_id", "date", "outlet", *CLAIM_COLUMNS]
    assert len(table) == 2 and list(table["claim_id"]) == ["c1", "c2"]
    first = table.iloc[0]
    assert (first["doc_id"], first["date"], first["cue"], first["speaker"], first["speaker_name"]) == \
        ("a1", "2026-07-01", "قال", "hadi-al-amiri", "Hadi al-Amiri")
    assert (first["stance"], first["p_oppose"], first["pattern"], first["stance_rules"]) == \
        ("oppose", 0.9, "verb-first", "occupation;us-forces")
    assert TEXT[first["start"]:first["end"]] == first["text"]
    second = table.iloc[1]
    assert pd.isna(second["speaker_mention"]) and second["stance_rules"] == "" and second["pattern"] == "continuation"


def test_claims_table_of_output_records_leaves_error_records_out():
    records = [{**annotated().meta, **annotated().to_dict(include_text=False)}, {"doc_id": "bad", "error": "x"}]
    table = claims_table(records)
    assert list(table["doc_id"]) == ["a1", "a1"] and "error" not in table.columns
    assert list(claims_table([{"doc_id": "bad", "error": "x"}]).columns) == ["doc_id", *CLAIM_COLUMNS]
