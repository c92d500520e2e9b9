"""Quotations, in every style Arabic news uses (the marks are data: ``quote_marks.tsv``).

Styles: «…» (guillemets), “…” and ”…“ (curly quotes either way round), „…“ (low-high), "…"
(straight double), ″…″ (double prime) and '…' (straight single, only at word edges so that
apostrophes inside Latin words are left alone). A quotation never runs past the end of its
paragraph: an unclosed mark is closed there, and a closing mark with no opening one is ignored.
A mark that can both open and close (" “ ”) closes the open quotation unless it looks like an
opener (white space before, a letter after): then the earlier mark was never closed and is
dropped. A quotation inside another (a quoted term inside a statement) belongs to the outer one
and is not reported separately.
"""

from __future__ import annotations

import re

from claimattr.components.base import Component
from claimattr.doc import Document, Quote
from claimattr.lexicon import Lexicons

_WORD_EDGE = " \t\n\u00a0(:،,.؛;-–—/"


def quote_marks(lexicons: Lexicons) -> dict[str, str]:
    """Opening mark -> the marks that may close it."""
    return {row[0]: row[1] for row in lexicons.table("quote_marks")}


def _can_open_single(text: str, i: int) -> bool:
    """A single mark opens at a word edge, or after an attached و/ف/ب/ل (و'كلام')."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in "وفبل" and (i < 2 or text[i - 2] in _WORD_EDGE):
        before = " "
    return before in _WORD_EDGE and not after.isspace()


def _can_close_single(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return after in _WORD_EDGE or after in "»”\""


def _looks_like_opener(text: str, i: int) -> bool:
    """A mark with white space before it and a letter right after it opens a quotation."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isspace() and after.isalpha()


class QuoteFinder:
    """Finds the top-level quotations of a text's paragraphs (normalised offsets)."""

    def __init__(self, closers: dict[str, str]) -> None:
        self.closers = closers
        marks = sorted(set(closers) | set("".join(closers.values())))
        self.mark_re = re.compile("[" + re.escape("".join(marks)) + "]")
        self.chars = frozenset(marks)

    def find(self, text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
        """``(open, close, start, end)`` of every top-level quotation, paragraph by paragraph."""
        found: list[tuple[int, int, int, int]] = []
        for p_start, p_end in paragraphs:
            found.extend(self._paragraph(text, p_start, p_end))
        return found

    def _paragraph(self, text: str, p_start: int, p_end: int) -> list[tuple[int, int, int, int]]:
        closers = self.closers
        out = []
        opened_at, mark = -1, ""
        for m in self.mark_re.finditer(text, p_start, p_end):
            i, ch = m.start(), m.group()
            if opened_at >= 0:
                if ch in closers[mark] and _looks_like_opener(text, i) and ch in closers and ch != "'":
                    opened_at, mark = i, ch  # the earlier mark was never closed: drop it
                elif ch in closers[mark] and (mark != "'" or _can_close_single(text, i)):
                    out.append((opened_at, i + 1, opened_at + 1, i))
                    opened_at = -1
                continue
            if ch in closers and (ch != "'" or _can_open_single(text, i)):
                opened_at, mark = i, ch
        if opened_at >= 0 and p_end - opened_at > 1:
            out.append((opened_at, p_end, opened_at + 1, p_end))
        return out


class Quotations(Component):
    """Top-level quotations of an article (see the module docstring)."""

    factory = "quotations"
    requires = ("norm", "paragraphs")
    assigns = ("quotes",)
    lexicon_files = ("quote_marks.tsv",)

    def setup(self) -> None:
        self.finder = QuoteFinder(quote_marks(self.lexicons))

    def __call__(self, doc: Document) -> Document:
        norm = doc.norm
        spans = self.finder.find(norm.text, [(p.norm_start, p.norm_end) for p in doc.paragraphs])
        doc.quotes = [Quote(*norm.to_original(o, c), *norm.to_original(s, e), o, c, s, e) for o, c, s, e in spans]
        return doc
