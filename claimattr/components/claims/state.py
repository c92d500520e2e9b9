"""What the claim patterns share while they read one document.

:class:`DocState` holds the normalised view, its tokens (read from the Document's token layer,
never re-tokenised), the quotations and cues in normalised offsets, the candidates found so far
and the helpers every pattern needs: token windows, word counts, the journalist's tails, and
:meth:`DocState.emit_content`, which turns a content span into a direct, indirect or mixed
candidate. Every offset here is a normalised offset (``norm_*`` on the Document's layers); the
speakers component maps candidates back to the original text.
"""

from __future__ import annotations

import bisect
from itertools import accumulate
from dataclasses import dataclass
from typing import Any, Callable

from claimattr.components.rulewords import RuleWords
from claimattr.doc import Cue, Document, Quote

#: A token of a window: ``(norm_start, norm_end, form)``.
Tok = tuple[int, int, str]
_JUNK = " \t\n\u00a0.,،؛;:!?؟-–—…*#•|"


@dataclass
class Sentence:
    """A sentence in normalised offsets, with its cues and quotations."""

    start: int
    end: int
    cues: list[Cue]
    quotes: list[Quote]


class SpanSet:
    """Non-overlapping spans with logarithmic membership tests."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def _at(self, pos: int) -> tuple[int, int] | None:
        k = bisect.bisect_right(self.starts, pos) - 1
        return self.spans[k] if k >= 0 else None

    def contains(self, pos: int) -> bool:
        span = self._at(pos)
        return span is not None and span[0] <= pos < span[1]

    def overlaps(self, start: int, end: int) -> bool:
        span = self._at(end - 1)
        return span is not None and span[1] > start


def _cut(tok: Tok, start: int, end: int) -> Tok:
    """A token cut to ``[start, end)`` (the token itself when it lies inside)."""
    s, e, form = tok
    if s >= start and e <= end:
        return tok
    cut_s, cut_e = max(s, start), min(e, end)
    return cut_s, cut_e, form[cut_s - s:cut_e - s]


class DocState:
    """One document as the claim patterns read it (see the module docstring)."""

    def __init__(self, doc: Document, words: RuleWords, settings: dict[str, Any],
                 name_end: Callable[[list[str], int], int]) -> None:
        self.text = doc.norm.text
        self.words = words
        self.settings = settings
        self.name_end = name_end
        self.paragraphs = [(p.norm_start, p.norm_end) for p in doc.paragraphs]
        self.sentences = [(s.norm_start, s.norm_end) for s in doc.sentences]
        self.quotes = doc.quotes
        self.cues = doc.cues
        self.scripture = SpanSet([(s.norm_start, s.norm_end) for s in doc.scripture])
        self._starts = doc.tokens.norm_starts
        self._ends = doc.tokens.norm_ends
        self._forms = doc.tokens.forms
        self._words = [0, *accumulate(doc.tokens.words)]
        self.out: list[dict[str, Any]] = []
        self.used_quotes: set[int] = set()
        self.clause_starts: dict[int, int] = {}  # cue start -> its clause's start (reported.clause_start)
        self.post_lines = SpanSet([])
        self.closed_quotes = SpanSet([(q.norm_start, q.norm_end) for q in self.quotes if q.closed])
        self.quote_extents = SpanSet([(q.norm_open, q.norm_close) for q in self.quotes])

    # -- tokens ----------------------------------------------------------------------------
    def tokens(self, start: int, end: int, count: int | None = None) -> list[Tok]:
        """The tokens of ``[start, end)`` (at most ``count``); a token cut by either edge is cut
        with it."""
        i = bisect.bisect_right(self._ends, start)
        j = bisect.bisect_left(self._starts, end)
        if count is not None:
            j = min(j, i + count)
        if i >= j:
            return []
        out = list(zip(self._starts[i:j], self._ends[i:j], self._forms[i:j]))
        # Tokens do not overlap, so only the first and the last can be cut by an edge.
        if out[0][0] < start:
            out[0] = _cut(out[0], start, end)
        if out[-1][1] > end:
            out[-1] = _cut(out[-1], start, end)
        return out

    def last_word(self, start: int, end: int) -> Tok | None:
        """The last token of ``[start, end)`` (cut by the edges as :meth:`tokens` cuts it) that
        begins with a letter or a digit, or None."""
        i = bisect.bisect_right(self._ends, start)
        for k in range(bisect.bisect_left(self._starts, end) - 1, i - 1, -1):
            tok = _cut((self._starts[k], self._ends[k], self._forms[k]), start, end)
            if tok[2][0].isalnum():
                return tok
        return None

    def word_count(self, start: int, end: int) -> int:
        """How many words (tokens with a letter or digit) lie in ``[start, end)``: the tokens
        inside are counted from the token layer, the two at the edges as the edges cut them."""
        i = bisect.bisect_right(self._ends, start)
        j = bisect.bisect_left(self._starts, end)
        if i >= j:
            return 0
        inner = self._words[j - 1] - self._words[i + 1] if j - i > 2 else 0
        return inner + self._edge_is_word(i, start, end) + (j - i > 1 and self._edge_is_word(j - 1, start, end))

    def _edge_is_word(self, k: int, start: int, end: int) -> bool:
        """Whether token ``k``, cut to ``[start, end)``, holds a letter or a digit."""
        form = _cut((self._starts[k], self._ends[k], self._forms[k]), start, end)[2]
        return any(ch.isalnum() for ch in form)

    # -- spans -----------------------------------------------------------------------------
    def strip(self, start: int, end: int) -> tuple[int, int]:
        """Trim white space, punctuation and stray quote marks from both ends of a content span;
        a closing mark whose opening mark is inside the span stays in (mixed claims)."""
        text, marks = self.text, self.words.quote_chars
        while start < end and (text[start] in _JUNK or text[start] in marks):
            start += 1
        while end > start and (text[end - 1] in _JUNK or text[end - 1] in marks):
            end -= 1
        if end < len(text) and text[end] in marks and sum(text.count(m, start, end) for m in marks) % 2 == 1:
            end += 1
        return start, end

    def inside_quote(self, pos: int) -> bool:
        """True inside a closed quotation (an unclosed mark is too unreliable to hide cues)."""
        return self.closed_quotes.contains(pos)

    def quote_at(self, pos: int, s: Sentence) -> Quote | None:
        return next((q for q in s.quotes if q.norm_open == pos), None)

    def is_statement(self, q: Quote) -> bool:
        """A closed quotation of at least ``min_statement_words`` words."""
        return q.closed and self.word_count(q.norm_start, q.norm_end) >= self.settings["min_statement_words"]

    def quote_counts(self, q: Quote) -> bool:
        """A quoted phrase inside reported content makes it mixed when it is the source's own
        wording (two words or more), not a quoted name (one word: “داعش”, «باتريوت»)."""
        return self.word_count(q.norm_start, q.norm_end) >= 2

    def has_cue(self, start: int, end: int) -> bool:
        return any(start <= c.norm_start < end for c in self.cues)

    def opens_with_cue(self, start: int, end: int) -> bool:
        return any(start <= c.norm_start <= start + 1 for c in self.cues)

    # -- candidates ------------------------------------------------------------------------
    def add(self, start: int, end: int, kind: str, cue: Cue | None, mention: tuple[int, int] | None,
            pattern: str, prior: float) -> None:
        """Record a candidate (normalised offsets); its prior is capped at 0.95."""
        if end <= start:
            return
        self.out.append({"start": start, "end": end, "kind": kind, "cue": cue, "mention": mention,
                         "pattern": pattern, "prior": min(prior, 0.95)})

    def emit_content(self, cue: Cue, s: Sentence, start: int, limit: int,
                     mention: tuple[int, int] | None, pattern: str) -> int | None:
        """A candidate for the content from ``start`` up to ``limit`` (or the journalist's tail):
        ``direct`` when it is one quotation (then any further quoted pieces of the sentence follow
        as claims of the same source), ``mixed`` when it holds a quoted statement, else
        ``indirect``. Returns where the claim ends, or ``None`` when there is no content."""
        text = self.text
        end = limit
        tail = self.words.tail.search(text, start, end)
        if tail:
            end = tail.start()
        start, end = self.strip(start, end)
        if end - start < 2:
            return None
        quote = self.quote_at(start - 1, s) if start > 0 and text[start - 1] in self.words.quote_chars else None
        if quote is None:
            quote = self.quote_at(start, s)
        inner = [q for q in s.quotes if start <= q.norm_start and q.norm_end <= end + 1 and q.norm_open >= start - 1]
        prior = self.settings["priors"][pattern]
        if quote is not None and quote.norm_open <= start and quote.norm_end >= end - 1:
            self.used_quotes.add(quote.norm_open)
            q_start, q_end = self.strip(quote.norm_start, quote.norm_end)
            self.add(q_start, q_end, "direct", cue, mention, pattern, prior + 0.05)
            self.more_pieces(quote, cue, s, limit)
            return quote.norm_close
        statements = [q for q in inner if self.quote_counts(q)]
        for q in inner:
            self.used_quotes.add(q.norm_open)
        if self.word_count(start, end) < 1:
            return None
        self.add(start, end, "mixed" if statements else "indirect", cue, mention, pattern, prior)
        return end

    def more_pieces(self, first: Quote, cue: Cue, s: Sentence, limit: int) -> None:
        """Further quoted pieces of one sentence that follow without a cue of their own
        ("…" و"…") belong to the same source: one claim each."""
        for q in s.quotes:
            if first.norm_open < q.norm_open < limit and q.norm_open not in self.used_quotes and self.is_statement(q):
                between = self.text[first.norm_close:q.norm_open]
                if self.word_count(first.norm_close, q.norm_open) <= 1 and "." not in between:
                    self.used_quotes.add(q.norm_open)
                    qs, qe = self.strip(q.norm_start, q.norm_end)
                    self.add(qs, qe, "direct", cue, None, "quoted-piece", self.settings["priors"]["quoted-piece"])
                    first = q
