"""Arabic text: normalisation with an offset map, tokens, paragraphs, sentences and input checks.

Matching (cues, names, complementisers) runs on a normalised view of the article in which
diacritics, tatweel and invisible direction marks are removed and letter variants are folded
(أ/إ/آ -> ا, ى -> ي, ة -> ه, Farsi ی/ک -> ي/ك). :class:`NormalizedText` keeps the map from each
normalised index back to the original text, so every offset the library reports is into the text
exactly as given. Normalisation uses camel-tools' data-free modules. These are plain functions;
the components of :mod:`claimattr.components.text` and :mod:`claimattr.components.sentences` put
their results on a Document.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from dataclasses import dataclass

from functools import lru_cache
from typing import Iterator

from camel_tools.utils.normalize import normalize_alef_maksura_ar, normalize_teh_marbuta_ar

from claimattr.doc import Segment, Tokens
from claimattr.errors import InputError

TATWEEL = "\u0640"
#: Zero-width and direction marks that scraped news is full of; invisible, so dropped for matching.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
#: Combining hamza above/below (decomposed أ/إ/ؤ/ئ, as some scraped pages store them).
COMBINING_HAMZA = "\u0654\u0655"


#: camel-tools' Arabic diacritics (``camel_tools.utils.charsets.AR_DIAC_CHARSET``: tanwin,
#: short vowels, shadda, sukun, dagger alef), written out: importing that module scans the
#: whole Unicode table (about 0.4 s), which every worker process and every command would pay.
#: ``tests/test_text.py`` checks that the two sets are the same.
DIACRITICS = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")


#: The alef variants (إ أ ٱ آ) that camel-tools' ``normalize_alef_ar`` folds to bare alef, folded
#: here with ``str.replace``: several times faster than its regular expression on a whole
#: article. ``tests/test_text.py`` checks that the two agree.
ALEF_VARIANTS = "\u0625\u0623\u0671\u0622"
#: The characters dropped for matching: diacritics, tatweel, invisible marks, combining hamza.
DELETED_RE = re.compile("[" + "".join(sorted(DIACRITICS | frozenset(TATWEEL + INVISIBLE + COMBINING_HAMZA))) + "]")
#: Runs of diacritics.
DIACRITIC_RUNS_RE = re.compile("[" + "".join(sorted(DIACRITICS)) + "]+")


#: Runs of Arabic letters.
ARABIC_LETTERS_RE = re.compile("[\u0621-\u064a\u0671-\u06d3]+")
#: The elements of HTML (WHATWG, with the obsolete ones still met in scraped pages) and of the
#: SVG and MathML roots: a well-formed tag of one of them is markup, a stray ``<`` is not.
HTML_ELEMENTS = frozenset("""
a abbr acronym address applet area article aside audio b base basefont bdi bdo big blink blockquote body br
button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em
embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i
iframe img input ins kbd label legend li link main map mark marquee math menu meta meter nav nobr noframes
noscript object ol optgroup option output p param picture plaintext pre progress q rp rt ruby s samp script
search section select slot small source span strike strong style sub summary sup svg table tbody td template
textarea tfoot th thead time title tr track tt u ul var video wbr xmp
""".split())
_ATTRIBUTE = r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
HTML_RE = re.compile(
    r"<!--.*?-->|<!doctype\s+html\b|<\?xml\s"
    rf"|</?(?:{'|'.join(sorted(HTML_ELEMENTS, key=len, reverse=True))})(?:\s+{_ATTRIBUTE})*\s*/?>",
    re.I | re.S)
_TAG_RE = re.compile(r"<[^>]+>")
_SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)


@lru_cache(maxsize=16_384)
def normalize(text: str) -> str:
    """The normalised form of ``text`` used for lookups (see the module docstring); cached,
    since the stages normalise the same claim, mention or word several times."""
    return fold(DELETED_RE.sub("", text))


def fold(text: str, maksura: bool = True) -> str:
    """Fold letter variants without deleting anything (length-preserving); ``maksura=False``
    keeps ى apart from ي."""
    for alef in ALEF_VARIANTS:
        text = text.replace(alef, "\u0627")
    if maksura:
        text = normalize_alef_maksura_ar(text)
    text = normalize_teh_marbuta_ar(text)
    return text.replace("\u06cc", "\u064a").replace("\u06a9", "\u0643")  # Farsi ی/ک (str.translate is 100x slower)


@dataclass(frozen=True)
class NormalizedText:
    """The normalised view of a text plus the map back to original offsets.

    The view folds letters like :func:`normalize` but keeps ى: the preposition على must stay
    apart from the name علي, the most common given name among Iraqi speakers.

    ``deleted_before`` holds, for the k-th deleted character, its index in the normalised text;
    an index ``i`` of the normalised text is ``i + bisect_right(deleted_before, i)`` in the
    original. Deleted characters are rare in news, so the map is small and lookups are cheap.
    ``hard_wrapped`` says whether the text is wrapped at a fixed width (see :func:`is_hard_wrapped`).
    """

    original: str
    text: str
    deleted_before: tuple[int, ...]
    hard_wrapped: bool = False

    @classmethod
    def of(cls, original: str) -> NormalizedText:
        delete = DELETED_RE
        positions = [m.start() for m in delete.finditer(original)]
        deleted_before = tuple(p - k for k, p in enumerate(positions))
        text = fold(delete.sub("", original), maksura=False)
        return cls(original, text, deleted_before, is_hard_wrapped(text))

    def start_to_original(self, i: int) -> int:
        """Original index of the character at normalised index ``i``."""
        return i + bisect.bisect_right(self.deleted_before, i)

    def end_to_original(self, i: int) -> int:
        """Original exclusive end for a normalised exclusive end ``i`` (keeps trailing diacritics)."""
        if i <= 0:
            return 0
        return self.start_to_original(i - 1) + 1 + self._trailing_deleted(i)

    def _trailing_deleted(self, i: int) -> int:
        """How many deleted characters sit right after normalised index ``i - 1`` (diacritics of
        the last letter), without running past the end of the text."""
        lo = bisect.bisect_left(self.deleted_before, i)
        hi = bisect.bisect_right(self.deleted_before, i)
        return hi - lo

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span to the original text."""
        if not self.deleted_before:
            return start, end
        return self.start_to_original(start), self.end_to_original(end)

    def map_starts(self, starts: list[int]) -> list[int]:
        """:meth:`start_to_original` of many indices, vectorised (one copy when nothing was
        deleted)."""
        if not self.deleted_before:
            return list(starts)
        import numpy as np

        index = np.asarray(starts, dtype=np.int64)
        return (index + np.searchsorted(self.deleted_before, index, side="right")).tolist()

    def map_ends(self, ends: list[int]) -> list[int]:
        """:meth:`end_to_original` of many indices, vectorised."""
        if not self.deleted_before:
            return list(ends)
        import numpy as np

        deleted = np.asarray(self.deleted_before, dtype=np.int64)
        index = np.asarray(ends, dtype=np.int64)
        before = np.maximum(index - 1, 0)
        trailing = np.searchsorted(deleted, index, side="right") - np.searchsorted(deleted, index, side="left")
        out = before + np.searchsorted(deleted, before, side="right") + 1 + trailing
        return np.where(index > 0, out, 0).tolist()

    def from_original(self, i: int) -> int:
        """The normalised index of original index ``i`` (a deleted character maps to the
        normalised character after it)."""
        removed = [p + k for k, p in enumerate(self.deleted_before)]  # original positions
        return i - bisect.bisect_left(removed, i)

    def segment(self, start: int, end: int) -> Segment:
        """The :class:`~claimattr.doc.Segment` of a normalised span (both offsets)."""
        return Segment(*self.to_original(start, end), start, end)


_WS = " \t\r\n\u00a0" + INVISIBLE


def trim(text: str, start: int, end: int, chars: str = _WS) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with any of ``chars``."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


#: Word tokens: runs of letters and digits (with a leading # for hashtags), or one other mark.
TOKEN_RE = re.compile(r"#?\w+|[^\w\s]")
_TOKEN_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")
#: Words written with ى that must keep it: the prepositions على/إلى/لدى/حتى/متى (على is not the
#: name علي). Every other ى is folded to ي in token forms.
MAKSURA_WORDS = frozenset("على الى لدى حتى متى".split())
#: The tokens that keep their ى: those words, also after an attached و/ف (وعلى، فإلى).
KEEP_MAKSURA = MAKSURA_WORDS | {c + w for w in MAKSURA_WORDS for c in "وف"}


def token_form(word: str) -> str:
    """The form a token is matched in: its normalised spelling with ى folded to ي, except in
    :data:`KEEP_MAKSURA`."""
    if "ى" not in word or word in KEEP_MAKSURA:
        return word
    return word.replace("ى", "ي")


def _token_forms(found: list[str]) -> list[str]:
    """:func:`token_form` of every token: ى folded in all of them at once (tokens hold no white
    space, so they travel as one string), then the words that keep it put back."""
    forms = " ".join(found).replace("ى", "ي").split(" ")
    if not KEEP_MAKSURA.isdisjoint(found):
        for k, token in enumerate(found):
            if token in KEEP_MAKSURA:
                forms[k] = token
    return forms


def tokens(norm: NormalizedText) -> Tokens:
    """The tokens of a normalised text with their normalised offsets (the original ones are
    mapped when first read, see :class:`~claimattr.doc.Tokens`). The text is split around its
    tokens (white space, token, white space, token …), so that the offsets are running sums of
    the pieces' lengths, computed in C."""
    text = norm.text
    pieces = _TOKEN_SPLIT_RE.split(text)
    offsets = list(accumulate(map(len, pieces)))
    norm_starts, norm_ends = offsets[0:-1:2], offsets[1::2]
    found = pieces[1::2]
    forms = _token_forms(found) if "ى" in text else found
    words = [form.isalnum() or len(form) > 1 and form.strip("#_") != "" for form in forms]
    return Tokens(norm_starts, norm_ends, forms, words, norm)


_PARA_RE = re.compile(r"[^\n]+")
# A sentence ends at a single . or at ! ? ؟ (optionally followed by closing marks) before white
# space, or at a line break. Dots between digits ("3.5") are not followed by white space, and a
# double dot ("قواعد.. الميليشيات") joins the parts of a headline rather than ending it.
_SENT_END_RE = re.compile(r"(?<!\.)(?:\.|[!?؟]+)[\"'»”’)\]]*(?=\s)|\n")
_SENT_END_WRAPPED_RE = re.compile(r"(?<!\.)(?:\.|[!?؟]+)[\"'»”’)\]]*(?=\s)|\n[ \t]*\n")
#: The characters a sentence end starts with: the ends are matched only where one of them is
#: (found by a character scan, which is fast, where the patterns above would be tried at every
#: position).
_SENT_END_START_RE = re.compile(r"[.!?؟\n]")


def is_hard_wrapped(text: str) -> bool:
    """True for text whose paragraphs are separated by blank lines and whose lines are wrapped
    at a fixed width (most single line breaks fall mid-sentence, with no punctuation before
    them): then a single line break is white space, not a paragraph end."""
    if "\n\n" not in text:
        return False
    inner = _INNER_BREAK_RE.findall(text)  # the character before each inner line break
    if len(inner) < 3:
        return False
    unpunctuated = sum(1 for ch in inner if ch not in _LINE_END_PUNCT)
    return unpunctuated / len(inner) > 0.6


_INNER_BREAK_RE = re.compile(r"(\S)[ \t]*\n(?=[ \t]*\S)")
_LINE_END_PUNCT = frozenset(".!?؟:\"»”")
_BLOCK_RE = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")


def paragraphs(text: str, wrapped: bool = False) -> list[tuple[int, int]]:
    """Paragraphs as trimmed offsets: non-empty lines, or blocks between blank lines when the
    text is hard-wrapped (see :func:`is_hard_wrapped`)."""
    out = []
    for m in (_BLOCK_RE if wrapped else _PARA_RE).finditer(text):
        s, e = trim(text, m.start(), m.end())
        if s < e:
            out.append((s, e))
    return out


def sentences(text: str, quotes: list[tuple[int, int]] | None = None,
              wrapped: bool = False) -> list[tuple[int, int]]:
    """Sentences as offsets, never split inside a quotation.

    ``quotes`` are the ``(open_mark, close_mark_end)`` extents of the quotations found in the
    text; a sentence end that falls inside one is ignored. Articles scraped into one long line
    are split at their sentence punctuation all the same; in hard-wrapped text only a blank
    line (not a single line break) ends a sentence without punctuation.
    """
    spans = sorted(quotes or [])
    starts = [s for s, _ in spans]
    out: list[tuple[int, int]] = []
    begin = 0
    for m in _sentence_ends(text, _SENT_END_WRAPPED_RE if wrapped else _SENT_END_RE):
        cut = m.end()
        k = bisect.bisect_right(starts, m.start()) - 1
        if "\n" not in m.group() and k >= 0 and spans[k][0] < m.start() < spans[k][1] - 1:
            continue
        s, e = trim(text, begin, cut)
        if s < e:
            out.append((s, e))
        begin = cut
    s, e = trim(text, begin, len(text))
    if s < e:
        out.append((s, e))
    return out


def _sentence_ends(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only where a sentence end can start."""
    until = 0
    for start in _SENT_END_START_RE.finditer(text):
        if start.start() >= until and (m := pattern.match(text, start.start())):
            until = m.end()
            yield m


def vocalised(normalized: NormalizedText, spans: list[tuple[int, int]], ratio: float = 0.3) -> list[tuple[int, int]]:
    """The spans (normalised offsets) whose original text is fully vocalised: at least
    ``ratio`` diacritics per letter, as in Qur'anic verses and poetry quoted in statements,
    which are scripture, not claims. Letters and diacritics are counted by runs, in C."""
    out = []
    marks_re = DIACRITIC_RUNS_RE
    for start, end in spans:
        s, e = normalized.to_original(start, end)
        if e - s == end - start:
            continue  # nothing was deleted from the span: no diacritic at all
        marks = sum(map(len, marks_re.findall(normalized.original, s, e)))
        if not marks and ratio > 0:
            continue  # tatweel or invisible marks only
        letters = e - s - (end - start) + sum(map(len, ARABIC_LETTERS_RE.findall(normalized.text, start, end)))
        if letters and marks / max(1, letters - marks) >= ratio:
            out.append((start, end))
    return out


def has_arabic(text: str) -> bool:
    """True when the text contains at least one Arabic letter."""
    return ARABIC_LETTERS_RE.search(text) is not None


def looks_like_html(text: str) -> bool:
    """True for markup in the text: a well-formed opening, closing or empty tag of an HTML
    element (``<p>``, ``</li>``, ``<img src="x">``, ``<br/>``), a comment or a doctype. A ``<``
    that starts no such tag (``العدد < 5``, ``<<نص>>``, ``<مصدر>``) is text."""
    return HTML_RE.search(text) is not None


def strip_html(text: str) -> str:
    """Plain text of an HTML page: scripts and styles dropped, tags turned into line breaks."""
    import html

    text = _SCRIPT_RE.sub("\n", text)
    text = _TAG_RE.sub("\n", text)
    text = html.unescape(text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def check_text(text: object, max_chars: int) -> str:
    """Validate pipeline input: a ``str`` of at most ``max_chars`` characters without HTML."""
    if not isinstance(text, str):
        raise InputError(
            f"expected the article as str, got {type(text).__name__}; decode bytes first "
            "(text = data.decode('utf-8'))"
        )
    if len(text) > max_chars:
        raise InputError(
            f"the article has {len(text):,} characters, over the limit of {max_chars:,}; "
            "split it, or raise the limit with claimattr.load(max_chars=...) "
            "or `claimattr annotate --max-chars N`"
        )
    if looks_like_html(text):
        raise InputError(
            "the article looks like HTML; strip the markup first, or pass strip_html=True to "
            "claimattr.load() (or --strip-html on the command line)"
        )
    return text
