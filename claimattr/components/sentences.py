"""Sentences that never split inside a quotation.

A sentence ends at a single full stop or at ! ? ؟ before white space, or at a line break; in
hard-wrapped text (see :func:`claimattr.text.is_hard_wrapped`) only a blank line ends one without
punctuation. A sentence end inside a closed quotation is ignored, so a quoted statement of
several sentences stays in the sentence that introduces it.
"""

from __future__ import annotations

from claimattr.components.base import Component
from claimattr.doc import Document
from claimattr.text import sentences


class Sentences(Component):
    """Sentences of an article, never split inside a quotation."""

    factory = "sentences"
    requires = ("norm", "quotes")
    assigns = ("sentences",)

    def __call__(self, doc: Document) -> Document:
        norm = doc.norm
        extents = [(q.norm_open, q.norm_close) for q in doc.quotes]
        doc.sentences = [norm.segment(s, e) for s, e in sentences(norm.text, extents, norm.hard_wrapped)]
        return doc
