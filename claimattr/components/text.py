"""The text layer: the normalised view with its offset map, tokens, paragraphs and scripture.

Everything the rules match runs on a normalised view of the article (diacritics, tatweel and
invisible marks removed, letter variants folded; see :mod:`claimattr.text`), whose offsets map
back to the original. This component computes that view once, with the tokens, the paragraphs
(non-empty lines, or blocks between blank lines in hard-wrapped text) and the paragraphs that are
scripture (fully vocalised verses and poetry quoted in statements, which are never claims).
"""

from __future__ import annotations

from claimattr.components.base import Component
from claimattr.doc import Document
from claimattr.text import NormalizedText, paragraphs, tokens, vocalised


class TextLayer(Component):
    """Normalised view, tokens, paragraphs and scripture of an article."""

    factory = "text"
    assigns = ("norm", "tokens", "paragraphs", "scripture")
    #: ``scripture_ratio``: diacritics per letter from which a paragraph counts as scripture.
    defaults = {"scripture_ratio": 0.3}

    def __call__(self, doc: Document) -> Document:
        norm = NormalizedText.of(doc.text)
        doc.norm = norm
        doc.tokens = tokens(norm)
        spans = paragraphs(norm.text, norm.hard_wrapped)
        doc.paragraphs = [norm.segment(s, e) for s, e in spans]
        doc.scripture = [norm.segment(s, e) for s, e in vocalised(norm, spans, self.settings["scripture_ratio"])]
        return doc
