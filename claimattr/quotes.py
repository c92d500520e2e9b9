"""Stage 2, quotes: find the quotations of an article, in every style Arabic news uses.

Styles: «…» (guillemets), “…” and ”…“ (curly quotes either way round), „…“ (low-high), "…"
(straight double), ″…″ (double prime, from some keyboards) and '…' (straight single, only at
word edges so that apostrophes inside Latin words are left alone). A quotation never runs past
the end of its paragraph: an unclosed mark is closed there, and a closing mark with no opening
one is ignored. A mark that can both open and close (" “ ”) closes the open quotation unless
it looks like an opener (white space before, a letter after): then the earlier mark was never
closed and is dropped. A quotation inside another (a quoted term inside a statement) belongs to the
outer one and is not reported separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: For each opening mark, the marks that may close it.
CLOSERS = {
    "«": "»",
    "“": "”“",
    "”": "“”",
    "„": "“”",
    '"': '"',
    "″": "″",
    "'": "'",
}
QUOTE_CHARS = frozenset("«»“”„\"″'")
_QUOTE_RE = re.compile("[" + "".join(sorted(QUOTE_CHARS)) + "]")
_WORD_EDGE = " \t\n\u00a0(:،,.؛;-–—/"


@dataclass(frozen=True)
class Quote:
    """A quotation: ``start``/``end`` delimit the text inside the marks, ``open``/``close`` the
    whole quotation including the marks (``close == end`` when the mark was never closed)."""

    open: int
    close: int
    start: int
    end: int

    @property
    def closed(self) -> bool:
        return self.close > self.end


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


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """All top-level quotations of ``text``, paragraph by paragraph, in order."""
    found: list[Quote] = []
    for p_start, p_end in paragraphs:
        found.extend(_paragraph_quotes(text, p_start, p_end))
    return found


def _paragraph_quotes(text: str, p_start: int, p_end: int) -> list[Quote]:
    out: list[Quote] = []
    opened_at = -1
    mark = ""
    for m in _QUOTE_RE.finditer(text, p_start, p_end):
        i, ch = m.start(), m.group()
        if opened_at >= 0:
            if ch in CLOSERS[mark] and _looks_like_opener(text, i) and ch in CLOSERS and ch != "'":
                opened_at, mark = i, ch  # the earlier mark was never closed: drop it
            elif ch in CLOSERS[mark] and (mark != "'" or _can_close_single(text, i)):
                out.append(Quote(opened_at, i + 1, opened_at + 1, i))
                opened_at = -1
            continue
        if ch in CLOSERS and (ch != "'" or _can_open_single(text, i)):
            opened_at, mark = i, ch
    if opened_at >= 0 and p_end - opened_at > 1:
        out.append(Quote(opened_at, p_end, opened_at + 1, p_end))
    return out
