"""What a stance model reads of a claim: its text, its sentence around it, its cue, its speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from claimattr.doc import Claim, Document

#: Where a sentence of the stance context ends.
_BOUNDARIES = ".!?؟\n"
_BOUNDARY_RE = re.compile(f"[{_BOUNDARIES}]")
#: How far the stance context reaches on each side of a claim, in characters.
CONTEXT_CHARS = 200


@dataclass(frozen=True)
class StanceExample:
    """One claim for the stance task (``label`` is the gold stance, or None)."""

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
    replaced by `` … ``. This is where the cue, the source and the journalist's framing are."""
    left = text[max(0, start - chars):start]
    kept = left.rstrip(_BOUNDARIES)
    left = left[max(kept.rfind(ch) for ch in _BOUNDARIES) + 1:]
    right = text[end:end + chars]
    stop = _BOUNDARY_RE.search(right)
    right = right[:stop.start()] if stop else right
    return f"{left.strip()} … {right.strip()}".strip()


def stance_example(doc: Document, claim: Claim) -> StanceExample:
    """The stance example of one claim of ``doc``."""
    return StanceExample(doc_id=doc.doc_id, claim_id=claim.id, text=claim.text,
                         context=claim_context(doc.text, claim.start, claim.end),
                         speaker=claim.speaker.entity, cue=claim.cue.text if claim.cue else "", label=claim.stance)


def stance_examples(docs: Iterable[Document]) -> list[StanceExample]:
    """One :class:`StanceExample` per claim of ``docs``, in order."""
    return [stance_example(doc, claim) for doc in docs for claim in doc.claims]
