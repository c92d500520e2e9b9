"""Stage 4, claims: turn quotes and cues into claim candidates with their source mentions.

Works on the normalised text (``doc.normalized.text``), sentence by sentence; every offset here
is a normalised offset, mapped back to the original text by :mod:`claimattr.speakers` when the
final :class:`~claimattr.doc.Claim` objects are made. The patterns, each named where it is
handled:

- **verb-first reported speech**: cue, source, adjuncts, complementiser, content
  (قال رئيس الوزراء، الأربعاء، إن …; أعلنت الحركة عن …);
- **subject-first**: source, cue, content (العامري قال إن …; headlines: الكاظمي ينتقد …);
- **continuations**: a participle or a و-verb with an implied subject (مضيفاً أن …، وتابع: …);
- **direct quotes** governed by a cue (وقال: "…"، أن "…") and **mixed** claims (reported content
  holding a quoted phrase);
- **post-posed attributions**: content, then بحسب/وفقاً لـ/نقلاً عن + source; or بحسب + source, then
  the content after a comma;
- **"Speaker: words"** headlines and posts (one claim per following line of a "Name:" post);
- **orphan quotations**: a statement in quotes that opens a paragraph, continuing the last source.

Content ends at the end of the sentence, at the next cue that starts a new claim, or before the
journalist's own continuation (وذلك بعد أن …، في إشارة إلى …، حسب تعبيره، وفقاً لرويترز).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable

from claimattr.cues import NOUN, PARTICIPLE, POSTPOSED, PRESENT, VERB, Cue
from claimattr.quotes import QUOTE_CHARS, Quote

_TOKEN_RE = re.compile(r"#?\w+|[^\w\s]")
#: Complementisers إن/أن/بأن with an optional pronoun suffix (normalised spelling).
COMPLEMENTIZER_RE = re.compile(r"(?:ب|ل)?ان(?:ه|ها|هم|هما|هن|ني|نا|ك|كم)?$")
#: Words that introduce an adjunct between the source and the content.
_ADJUNCT_WORDS = frozenset(
    "في خلال عبر لدى اثناء امام عقب ضمن اليوم امس الاحد الاثنين الثلاثاء الاربعاء الخميس "
    "الجمعه السبت صباح مساء فجر ليل مساء الليله يوم بدوره بدورها".split()
)
#: Prepositions that end a source mention when no complementiser follows (the content starts).
_MAKSURA_WORDS = frozenset("على الى لدى حتى متى".split())
_PREPOSITIONS = frozenset("عن على الى من مع حول ضد بشان تجاه لدى".split())
#: Head nouns of anonymous sources: a following في/من stays inside the mention (مسؤول في التحالف).
ANONYMOUS_HEADS = frozenset(
    "مسؤول مسؤوله مسؤولون مسؤولين مسؤولان مسؤولا مصدر مصادر مصدرا عضو اعضاء قيادي قياديون "
    "ناشط ناشطون خبير خبراء باحث محلل محللون مراقب مراقبون مراقبين نائب نواب متحدث مستشار "
    "ضابط ضباط دبلوماسي دبلوماسيون شهود مقربون مسؤولي".split()
)
#: Words before a cue that make the cue part of a relative or adverbial clause (no subject-first).
_CLAUSE_OPENERS = frozenset(
    "الذي التي الذين اللذين اللتين اللواتي ما كما فيما حيث بعدما عندما لما بينما اذ اذا مما "
    "ممن حين لكن انه انها ان بان قد لقد".split()
)
#: Where the source's content ends and the journalist's own continuation begins.
_TAIL_RE = re.compile(
    r"\.\.|[،,]\s*(?:وذلك|وهي|وهو|خلال|في\s+اعقاب|عقب|اثر|بالتزامن|تزامنا|ردا\s+عل[ىي]|في\s+حين|فيما|بينما)(?!\w)|"
    r"\s(?:ردا\s+عل[ىي]|بالتزامن\s+مع|تزامنا\s+مع|في\s+اعقاب)(?!\w)|"
    r"[،,]?\s*(?:وذلك\s+(?:بعد|قبل|في|عقب|خلال|اثر)|في\s+اشاره\s+(?:ال[ىي]|منه|منها)|حسب\s+تعبيره|"
    r"حسب\s+وصفه|عل[ىي]\s+حد\s+(?:تعبيره|قوله)|دون\s+ان\s+(?:يذكر|يحدد|يسم[ىي])|"
    r"دون\s+تسميه|دون\s+ذكر|دون\s+الكشف)"
)
_LABELS = frozenset(
    "المصدر اقرا ايضا تابعونا الكلمات المفتاحيه شاهد اقرأ مواضيع ذات صله المزيد الرابط "
    "ملاحظه تحديث عاجل متابعه صور فيديو الوسوم تاريخ النشر نشر http https www علامه وسوم كلمات".split()
)
_VERSE_RE = re.compile(r"^\s*(?:بسم\s+الله|قال\s+(?:الله\s+)?تعال[ىي]|[﴿﴾(]|صدق\s+الله)")
_MONTHS = ("كانون|شباط|اذار|نيسان|ايار|حزيران|تموز|اب|ايلول|تشرين|يناير|فبراير|مارس|ابريل|مايو|يونيو|"
           "يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر|الاول|الثاني|الاخر")
_DATE_LINE_RE = re.compile(rf"^(?:[\d\s/\-\.:٠-٩]|{_MONTHS}|هـ|م\b)+$")

MIN_STATEMENT_WORDS = 4
#: How many words may stand between a cue and its complementiser (source, apposition, adjuncts).
MENTION_REACH = 18
#: A "Name: words" opening makes the following lines the same source's statement only in a
#: short text (a post); in a longer article it is a headline over the journalist's report.
MAX_POST_CHARS = 2500
#: A "Name:" line alone makes the following lines a statement only in a text of this size at
#: most (statements posted on their own run to a few thousand characters).
MAX_STATEMENT_CHARS = 6000
_ISSUE_RE = re.compile(r"(?<!\w)[وف]?(?:اصدر|اصدرت|اصدرا|اصدروا|نشر|نشرت|بث|بثت|وزع|وزعت)(?!\w)")
_CAUSATIVES = frozenset("دفع دفعت ودفع حمل دعا دعت اضطر وهو ما ما".split())
_RESUMPTIVE = frozenset("فيه فيها فيهما بدوره بدورها".split())
_DEMONSTRATIVES = frozenset("هذا هذه ذلك تلك هؤلاء اولئك هذان هاتان".split())
_NISBA_RE = re.compile(r"\w{2,}(?:ي|يه|يون|يين|يان|يتان|يا)$")
_ADJECTIVES = frozenset("بارز بارزه رفيع رفيعه مطلع مطلعه مسلحه مسلح كبير كبار رسمي مقرب مقربه سابق سابقه".split())


_KANA_RE = re.compile(r"(?<!\w)[وف]?كان(?:ت)?(?!\w)")


def _is_prefixed(word: str) -> bool:
    """True for a word with an attached preposition ب/ل before a definite noun or a verbal
    noun (بالدعم، للقوات، بتصرفات، بمقتل): the start of content, not of a source."""
    if len(word) <= 3 or word[0] not in "بل" or word.startswith("بلاد"):
        return False
    return word[1:3] == "ال" or word[1] in "لتم" or (word[1] == "ا" and word[2] in "نستعطخفلو")


def _outside_dashes(window: list[tuple[int, int, str]]) -> list[tuple[int, tuple[int, int, str]]]:
    """The tokens of a window with their indices, leaving out parentheticals between dashes."""
    out = []
    inside = False
    for i, tok in enumerate(window):
        if tok[2] in ("-", "–", "—"):
            inside = not inside
            continue
        if not inside:
            out.append((i, tok))
    return out


def _dash_mask(window: list[tuple[int, int, str]]) -> list[bool]:
    """For each token, whether it lies inside (or is) a dash parenthetical."""
    mask, inside = [], False
    for tok in window:
        if tok[2] in ("-", "–", "—"):
            inside = not inside
            mask.append(True)
        else:
            mask.append(inside)
    return mask


def _skip_adjunct(rest: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Skip a time or place adjunct in commas after the source (، الأربعاء الماضي،)."""
    if len(rest) >= 3 and rest[0][2] in ("،", ",") and rest[1][2] in _ADJUNCT_WORDS:
        for k in range(2, min(8, len(rest))):
            if rest[k][2] in ("،", ","):
                return rest[k:]
    return rest


def _in_name(token: str) -> bool:
    """Tokens that can be part of a source mention: words, hashtags, quoted names."""
    return token[0].isalnum() or token[0] == "#" or token in QUOTE_CHARS


def _unprefixed(word: str) -> str:
    """The word without a conjunction و/ف (والتي -> التي, وقد -> قد)."""
    return word[1:] if len(word) > 2 and word[0] in "وف" else word


def _is_participle(word: str) -> bool:
    """Participles that take a complement inside a source mention (الموالية، المدعومة، مقرب)."""
    bare = word[2:] if word.startswith("ال") else word
    return len(bare) >= 4 and bare[0] == "م"


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Common given names (data/first_names.txt), normalised."""
    text = resources.files("claimattr").joinpath("data/first_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def _is_adjective(word: str) -> bool:
    return word in _ADJECTIVES or bool(_NISBA_RE.match(word))


@dataclass
class Candidate:
    """A claim before its speaker is resolved (normalised offsets)."""

    start: int
    end: int
    kind: str
    cue: Cue | None
    mention: tuple[int, int] | None
    pattern: str
    prior: float
    feminine: bool = False
    plural: bool = False


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Tokens with ى folded to ي, except in the prepositions على/إلى/لدى (the view keeps ى so
    that على is not the name علي)."""
    return [(m.start(), m.end(), _fold_maksura(m.group())) for m in _TOKEN_RE.finditer(text, start, end)]


def _fold_maksura(word: str) -> str:
    return word if word in _MAKSURA_WORDS or "ى" not in word else word.replace("ى", "ي")


_WORD_RE = re.compile(r"[^\W_]\w*")


def _word_count(text: str, start: int, end: int) -> int:
    return len(_WORD_RE.findall(text, start, end))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim white space, punctuation and stray quote marks from both ends of a content span."""
    junk = " \t\n\u00a0.,،؛;:!?؟-–—…*#•|" + "".join(QUOTE_CHARS)
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    # A closing mark whose opening mark is inside the span stays in (mixed claims).
    if end < len(text) and text[end:end + 1] in QUOTE_CHARS and _opens_inside(text, start, end):
        end += 1
    return start, end


def _opens_inside(text: str, start: int, end: int) -> bool:
    return sum(1 for ch in text[start:end] if ch in QUOTE_CHARS) % 2 == 1


class _SpanSet:
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


@dataclass
class _Sentence:
    start: int
    end: int
    cues: list[Cue]
    quotes: list[Quote]


class ClaimFinder:
    """Finds claim candidates in one document's normalised text (see the module docstring)."""

    def __init__(self, text: str, paragraphs: list[tuple[int, int]], sentences: list[tuple[int, int]],
                 quotes: list[Quote], cues: list[Cue], name_end: Callable[[list[str], int], int] = lambda words, max_start: 0,
                 skip: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.skip = list(skip or [])
        self.name_end = name_end
        self.paragraphs = paragraphs
        self.sentences = sentences
        self.quotes = quotes
        self.cues = cues
        self.out: list[Candidate] = []
        self.used_quotes: set[int] = set()

    # -- driver ---------------------------------------------------------------------------
    def run(self) -> list[Candidate]:
        """All candidates, in text order."""
        self._posts()
        self.post_lines = _SpanSet([(c.start, c.end + 1) for c in self.out if c.pattern == "post"])
        no_claims = _SpanSet(self._clutter_lines() + self.skip)
        qi = ci = 0
        for s_start, s_end in self.sentences:
            while qi < len(self.quotes) and self.quotes[qi].open < s_start:
                qi += 1
            qj = qi
            while qj < len(self.quotes) and self.quotes[qj].open < s_end:
                qj += 1
            while ci < len(self.cues) and self.cues[ci].start < s_start:
                ci += 1
            cj = ci
            while cj < len(self.cues) and self.cues[cj].start < s_end:
                cj += 1
            sentence = _Sentence(s_start, s_end, self.cues[ci:cj], self.quotes[qi:qj])
            if not self.post_lines.overlaps(s_start, s_end) and not no_claims.contains(s_start):
                self._sentence(sentence)
        self.out.sort(key=lambda c: c.start)
        return self.out

    def _clutter_lines(self) -> list[tuple[int, int]]:
        """Page clutter of scraped articles: runs of four or more short lines without
        sentence punctuation (menus, tickers, lists of related headlines), outside "Name:" posts."""
        short = [(s, e) for s, e in self.paragraphs
                 if _word_count(self.text, s, e) <= 20 and self.text[e - 1] not in ".!؟:\"»”"
                 and not self.post_lines.overlaps(s, e)]
        runs: list[list[tuple[int, int]]] = []
        index = {p: i for i, p in enumerate(self.paragraphs)}
        for p in short:
            if runs and index[runs[-1][-1]] + 1 == index[p]:
                runs[-1].append(p)
            else:
                runs.append([p])
        return [p for run in runs if len(run) >= 4 for p in run]

    def _sentence(self, s: _Sentence) -> None:
        claimed_until = s.start
        found_before = len(self.out)
        cues = [c for c in s.cues if not self._inside_quote(c.start, s.quotes)]
        for k, cue in enumerate(cues):
            if cue.start < claimed_until and not self._starts_claim(cue):
                continue  # nested reported speech stays inside the outer claim
            next_start = self._next_boundary(cues, k, s.end)
            if cue.cls == POSTPOSED:
                end = self._postposed(cue, s, claimed_until, next_start)
            else:
                end = self._reported(cue, s, next_start)
            if end is not None:
                claimed_until = max(claimed_until, end)
        if len(self.out) == found_before:
            self._headline(s)
        self._orphan_quotes(s)

    # -- helpers --------------------------------------------------------------------------
    @staticmethod
    def _inside_quote(pos: int, quotes: list[Quote]) -> bool:
        """True inside a closed quotation (an unclosed mark is too unreliable to hide cues)."""
        return any(q.start <= pos < q.end and q.closed for q in quotes)

    def _next_boundary(self, cues: list[Cue], k: int, s_end: int) -> int:
        """Where the content of cue ``k`` must stop: before the next cue that opens a new claim."""
        for cue in cues[k + 1:]:
            if self._starts_claim(cue):
                return cue.start
        return s_end

    def _starts_claim(self, cue: Cue) -> bool:
        """A cue inside earlier content opens a claim of its own when it is coordinated
        (وأضاف، فيما قال), a participle (مضيفاً), a post-posed attribution, or a verb right after
        a comma and right before its complementiser (asyndetic: …"، لفت إلى أن …); otherwise it
        is nested reported speech."""
        if cue.conj or cue.cls in (PARTICIPLE, POSTPOSED):
            return True
        before = self.text[max(0, cue.start - 3):cue.start]
        if cue.cls != VERB or not ("،" in before or "," in before):
            return False
        after = [w for _, _, w in _tokens(self.text, cue.end, min(len(self.text), cue.end + 40))[:3]]
        return any(COMPLEMENTIZER_RE.match(w) and w.startswith(("ان", "بان")) for w in after)

    def _quote_at(self, pos: int, s: _Sentence) -> Quote | None:
        for q in s.quotes:
            if q.open == pos:
                return q
        return None

    def _is_statement(self, q: Quote) -> bool:
        return q.closed and _word_count(self.text, q.start, q.end) >= MIN_STATEMENT_WORDS

    # -- reported speech ------------------------------------------------------------------
    def _reported(self, cue: Cue, s: _Sentence, limit: int) -> int | None:
        text = self.text
        window = _tokens(text, cue.end, min(limit, cue.end + 250))
        comp = self._find_opening(window, cue.ambiguous)
        mention: tuple[int, int] | None = None
        pattern = "verb-first"
        subject = self._subject_before(cue, s) if cue.cls in (VERB, PRESENT) and not cue.conj else None
        if cue.ambiguous and comp is None and not (window and window[0][2] == "عن"):
            return None
        if cue.cls == PARTICIPLE:
            content_start = comp[1] if comp else cue.end
            pattern = "continuation"
        elif subject is not None and (cue.cls == PRESENT or comp is None or self._adjacent(window, comp[2])):
            mention, pattern = subject, "subject-first"
            content_start = comp[1] if comp else cue.end
        elif comp is not None:
            mention = self._mention_before(window[: comp[2]], cue)
            content_start = comp[1]
            if mention is None and window and window[0][2] in _RESUMPTIVE:
                mention = self._statement_issuer(cue, s)
        else:
            if window and window[0][2] in _DEMONSTRATIVES and cue.cls in (VERB, PRESENT):
                return None  # تعتبر هذه القاعدة موقعاً: a copular use, not speech
            mention, content_start = self._mention_np(window, cue)
        if comp is None:
            content_start = self._skip_leading_adjunct(content_start, limit)
            limit = self._clause_end(content_start, limit)
        if mention is None and cue.cls == NOUN:
            mention = self._causative_subject(cue, s)
        if mention is None and pattern == "verb-first":
            pattern = "implied"
        return self._emit_content(cue, s, content_start, limit, mention, pattern)

    @staticmethod
    def _adjacent(window: list[tuple[int, int, str]], i: int) -> bool:
        """True when only a dash parenthetical separates a cue from its complementiser."""
        return all(inside for inside in _dash_mask(window[:i]))

    def _statement_issuer(self, cue: Cue, s: _Sentence) -> tuple[int, int] | None:
        """أصدرت X بياناً قالت فيه …: the source is the subject of the issuing verb."""
        m = None
        for m in _ISSUE_RE.finditer(self.text, s.start, cue.start):
            pass
        if m is None:
            return None
        words = self._np_words(_tokens(self.text, m.end(), cue.start))
        return (words[0][0], words[-1][1]) if words else None

    def _causative_subject(self, cue: Cue, s: _Sentence) -> tuple[int, int] | None:
        """دفع X إلى التأكيد / دعا X إلى إعلان: the source of a verbal noun after إلى is the
        noun phrase between the governing verb and إلى."""
        before = [t for t in _tokens(self.text, s.start, cue.start)]
        if not before or before[-1][2] != "الى":
            return None
        k = len(before) - 2
        while k >= 0 and before[k][2] in ("،", ","):
            k -= 1
        end = k
        while k >= 0 and _in_name(before[k][2]) and before[k][2] not in _CAUSATIVES and end - k < 10:
            k -= 1
        if k < 0 or before[k][2] not in _CAUSATIVES or k == end:
            return None
        return before[k + 1][0], before[end][1]

    def _skip_leading_adjunct(self, start: int, limit: int) -> int:
        """Skip a time adjunct closed by a comma at the start of the content (الأربعاء الماضي،)."""
        toks = _tokens(self.text, start, limit)[:5]
        if toks and toks[0][2] in _ADJUNCT_WORDS:
            for ts, te, w in toks[1:]:
                if w in ("،", ","):
                    return te
        return start

    def _clause_end(self, start: int, limit: int) -> int:
        """Reported content without a complementiser is a verb's object: it ends at the first
        comma (what follows is the journalist's context), unless a quotation is open there."""
        for m in re.finditer(r"[،,]", self.text[start:limit]):
            pos = start + m.start()
            if not any(q.open < pos < q.close for q in self.quotes):
                return pos
        return limit

    def _find_opening(self, window: list[tuple[int, int, str]], ambiguous: bool = False) -> tuple[int, int, int] | None:
        """The first complementiser, colon or opening quote after a cue, within the source
        mention's reach (MENTION_REACH words, not counting a parenthetical between dashes):
        ``(start, content_start, token_index)`` or None."""
        visible = _outside_dashes(window)
        words_seen = [k for k, (_, tok) in enumerate(visible) if tok[2][0].isalnum()]
        if len(words_seen) > MENTION_REACH:
            visible = visible[:words_seen[MENTION_REACH]]
        for k, (i, (ts, te, w)) in enumerate(visible):
            if w in ("ان", "بان", "لان") or (COMPLEMENTIZER_RE.match(w) and len(w) <= 6 and w.startswith(("ان", "بان"))):
                if i + 1 < len(window) and window[i + 1][2] in ("الى", "على"):
                    continue
                return ts, te, i
            if w == ":":
                return ts, te, i
            if w in QUOTE_CHARS and self._quote_opens_content(visible, k, ambiguous):
                return ts, ts, i
            if w in (".", "؟", "!"):
                return None
        return None

    @staticmethod
    def _quote_opens_content(visible: list[tuple[int, tuple[int, int, str]]], k: int, ambiguous: bool) -> bool:
        """A quotation right after the cue, after a comma, or (for unambiguous cues) after the
        source words and a parenthetical, opens the content (وقال X -…- "…")."""
        if k == 0:
            return True
        prev = visible[k - 1][1][2]
        if prev in ("،", ",", ":"):
            return True
        jumped = visible[k][0] - visible[k - 1][0] > 1
        return not ambiguous and (k == 1 or jumped)

    def _subject_before(self, cue: Cue, s: _Sentence) -> tuple[int, int] | None:
        """A subject-first source: 1-6 words from the clause start up to the cue."""
        clause_start = s.start
        for m in re.finditer(r"[،,:;؛\n]|\.\.", self.text[s.start:cue.start]):
            clause_start = s.start + m.end()
        toks = [t for t in _tokens(self.text, clause_start, cue.start) if t[2][0].isalnum() or t[2][0] == "#"]
        if toks and _KANA_RE.fullmatch(toks[0][2]):
            toks = toks[1:]  # وكان X قال: the subject follows كان
        for j in range(len(toks) - 1, 0, -1):
            if toks[j][2].startswith(("وال", "وو")):  # … القوات الأميركية وواشنطن تطالب
                return (toks[j][0] + 1, toks[-1][1]) if len(toks) - j <= 6 else None
        if not 1 <= len(toks) <= 9:
            return None
        if len(toks) == 1 and _unprefixed(toks[0][2]) in ("قد", "لقد"):
            return self._pluperfect_subject(s.start, clause_start)
        if any(_unprefixed(t[2]) in _CLAUSE_OPENERS for t in toks) or toks[0][2] in _ADJUNCT_WORDS:
            return None
        if any(t[2] in _ADJUNCT_WORDS and t[2] != "في" for t in toks):
            return None
        if any(self._inside_quote(t[0], s.quotes) for t in toks):
            return None
        return toks[0][0], toks[-1][1]

    def _pluperfect_subject(self, s_start: int, comma: int) -> tuple[int, int] | None:
        """كان + subject + ، + قد + verb (وكان المتحدث …، قد أعلن): the subject between them."""
        m = None
        for m in _KANA_RE.finditer(self.text, s_start, comma):
            pass
        if m is None:
            return None
        start, end = _strip(self.text, m.end(), comma)
        return (start, end) if end > start else None

    def _mention_before(self, toks: list[tuple[int, int, str]], cue: Cue) -> tuple[int, int] | None:
        """The source mention among the tokens between a cue and its complementiser, cut before
        adjuncts (، الأربعاء، / في بيان / خلال مؤتمر)."""
        words: list[tuple[int, int, str]] = []
        for k, (ts, te, w) in enumerate(toks):
            if not words and w in _RESUMPTIVE:
                continue  # بيان قالت فيه الكتائب: the pronoun refers back to the statement
            if w in ("،", ",") and words and self._apposition_follows(toks, k):
                words.append((ts, te, w))
                continue
            if w in ("،", ",", ":", "(", "-", "–") or w in QUOTE_CHARS:
                break
            if w in _ADJUNCT_WORDS and not (w == "في" and words and words[-1][2] in ANONYMOUS_HEADS):
                if w == "في" and words and self._org_continues(words):
                    words.append((ts, te, w))
                    continue
                break
            if w in ("الى", "على", "عن"):
                break
            words.append((ts, te, w))
        if not words or (cue.cls == PARTICIPLE):
            return None
        return words[0][0], words[-1][1]

    @staticmethod
    def _apposition_follows(toks: list[tuple[int, int, str]], k: int) -> bool:
        """After a comma, an apposition describing the source (، وهو مستشار …، / ، القيادي في …،)
        belongs to the mention: a وهو/وهي clause or a definite title, closed by another comma."""
        nxt = toks[k + 1][2] if k + 1 < len(toks) else ""
        if not (nxt in ("وهو", "وهي") or nxt.startswith("ال") and nxt not in _ADJUNCT_WORDS):
            return False
        return any(t[2] in ("،", ",") for t in toks[k + 2:])

    @staticmethod
    def _org_continues(words: list[tuple[int, int, str]]) -> bool:
        """True when a mention so far is an anonymous head followed by adjectives."""
        return any(w in ANONYMOUS_HEADS for _, _, w in words)

    def _mention_np(self, window: list[tuple[int, int, str]], cue: Cue) -> tuple[tuple[int, int] | None, int]:
        """With no complementiser: the source noun phrase right after the cue, and where the
        content (the verb's object) starts."""
        words = self._np_words(window)
        if not words or (cue.cls == NOUN and len(words) == 1 and words[0][2].startswith("ال")):
            return None, cue.end
        rest = [t for t in window if t[0] >= words[-1][1]]
        rest = self._apposition(words, rest)
        rest = _skip_adjunct(rest)
        end = words[-1][1]
        content_start = rest[0][0] if rest else end
        if rest and rest[0][2] in ("،", ","):
            content_start = rest[0][1]
        return (words[0][0], end), content_start

    def _np_words(self, window: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """The words of a source noun phrase: a head, then its genitives and adjectives
        (ال-words), indefinite adjectives after an indefinite head (مصدر أمني عراقي), a
        prepositional complement after an anonymous head (مسؤول في الوزارة), and a known name
        (registry alias) that ends within reach."""
        words: list[tuple[int, int, str]] = []
        window = [t for i, t in enumerate(window) if not (i == 0 and t[2] in _RESUMPTIVE)]
        for ts, te, w in window[:10]:
            if not (w[0].isalnum() or w[0] == "#"):
                break
            bare = w.lstrip("#")
            if not words:
                if bare in _PREPOSITIONS or bare in _DEMONSTRATIVES or bare in _ADJUNCT_WORDS or _is_prefixed(bare):
                    return []
                words.append((ts, te, w))
                continue
            if not self._continues_np(words, bare):
                break
            words.append((ts, te, w))
        reach = []
        for tok in window[:10]:
            if not (tok[2][0].isalnum() or tok[2][0] == "#"):
                break
            reach.append(tok)
        complete = len(words) >= 2 and words[-1][2].startswith("ال") and words[-2][2] in first_names()
        name_end = self.name_end([w for _, _, w in reach], len(words) - 1 if complete else len(words))
        return reach[:name_end] if name_end > len(words) else words

    @staticmethod
    def _continues_np(words: list[tuple[int, int, str]], w: str) -> bool:
        prev = words[-1][2].lstrip("#")
        anonymous = any(x[2] in ANONYMOUS_HEADS for x in words) and len(words) <= 4
        if w in first_names():
            return True
        if prev.startswith("ال") and len(words) >= 2 and words[-2][2] in first_names():
            return False  # علي حسن الربيعي: a family name closes a personal name
        if w in ("من",) or w.startswith("ل") and len(w) > 3 and not w.startswith("لل"):
            return _is_participle(prev)  # المدعومة من إيران، الموالية لإيران
        if prev.startswith("ال") and _is_participle(prev) and w.endswith(("ته", "تها")):
            return True  # المنتهية ولايته: a participle with its own subject
        if w in _PREPOSITIONS or w in _ADJUNCT_WORDS and not (w == "في" and anonymous):
            return False
        if w == "في":
            return True
        if w.startswith("باسم") or w.startswith("بقياده"):
            return True
        if _is_prefixed(w):
            return False
        if w.startswith("ال"):
            return True
        head_definite = words[0][2].lstrip("#").startswith("ال")
        return not head_definite and (_is_adjective(w) or prev in ("باسم", "امين", "عام"))

    @staticmethod
    def _apposition(words: list[tuple[int, int, str]], rest: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """A name in commas after a title (وزير الدفاع، لويد أوستن، عن …) joins the mention."""
        if len(rest) >= 3 and rest[0][2] in ("،", ","):
            for k in range(1, min(4, len(rest) - 1)):
                if rest[k + 1][2] in ("،", ",") and all(not t[2].startswith("ال") and t[2][0].isalnum() for t in rest[1:k + 1]):
                    words.extend(rest[1:k + 1])
                    return rest[k + 1:]
        return rest

    def _emit_content(self, cue: Cue, s: _Sentence, start: int, limit: int,
                      mention: tuple[int, int] | None, pattern: str) -> int | None:
        text = self.text
        end = limit
        tail = _TAIL_RE.search(text, start, end)
        if tail:
            end = tail.start()
        start, end = _strip(text, start, end)
        if end - start < 2:
            return None
        quote = self._quote_at(start - 1, s) if start > 0 and text[start - 1] in QUOTE_CHARS else None
        if quote is None:
            quote = self._quote_at(start, s)
        inner = [q for q in s.quotes if start <= q.start and q.end <= end + 1 and q.open >= start - 1]
        prior = {"verb-first": 0.85, "subject-first": 0.6, "continuation": 0.8, "implied": 0.75}[pattern]
        if quote is not None and quote.open <= start and quote.end >= end - 1:
            self.used_quotes.add(quote.open)
            q_start, q_end = _strip(text, quote.start, quote.end)
            self._add(q_start, q_end, "direct", cue, mention, pattern, prior + 0.05)
            self._more_pieces(quote, cue, s, limit)
            return quote.close
        statements = [q for q in inner if self._quote_counts(q)]
        for q in inner:
            self.used_quotes.add(q.open)
        kind = "mixed" if statements else "indirect"
        if _word_count(text, start, end) < 1:
            return None
        self._add(start, end, kind, cue, mention, pattern, prior)
        return end

    def _more_pieces(self, first: Quote, cue: Cue, s: _Sentence, limit: int) -> None:
        """Further quoted pieces of one sentence that follow without a cue of their own
        ("…" و"…") belong to the same source: one claim each."""
        for q in s.quotes:
            if q.open > first.open and q.open < limit and q.open not in self.used_quotes and self._is_statement(q):
                between = self.text[first.close:q.open]
                if _word_count(self.text, first.close, q.open) <= 1 and "." not in between:
                    self.used_quotes.add(q.open)
                    qs, qe = _strip(self.text, q.start, q.end)
                    self._add(qs, qe, "direct", cue, None, "implied", 0.7)
                    first = q

    def _quote_counts(self, q: Quote) -> bool:
        """A quoted phrase inside reported content makes it mixed when it is the source's own
        wording (two words or more), not a quoted name (one word: “داعش”, «باتريوت»)."""
        return _word_count(self.text, q.start, q.end) >= 2

    # -- post-posed attributions ----------------------------------------------------------
    def _postposed(self, cue: Cue, s: _Sentence, claimed_until: int, limit: int) -> int | None:
        text = self.text
        clause_start = max(s.start, claimed_until)
        before = _word_count(text, clause_start, cue.start)
        after = _tokens(text, cue.end, limit)
        src_toks: list[tuple[int, int, str]] = []
        for ts, te, w in after:
            if w in ("،", ",", ".", ":", "؛") or (src_toks and w in ("فان", "فانه", "فانها")):
                break
            src_toks.append((ts, te, w))
        src_toks = self._skip_ma_verb(src_toks)
        if not src_toks:
            return None
        mention = (src_toks[0][0], src_toks[-1][1])
        if claimed_until > s.start and clause_start >= cue.start - 3:
            return mention[1]  # a trailing attribution of the previous claim (journalist's tail)
        if before >= 3 and claimed_until <= s.start:
            start, end = _strip(text, clause_start, cue.start)
            self._add(start, end, "indirect", cue, mention, "postposed", 0.6)
            return mention[1]
        if before == 0:
            rest = after[len(src_toks):]
            if rest:
                start, end = _strip(text, rest[0][1] if rest[0][2] in ("،", ",", "فان") else rest[0][0], limit)
                tail = _TAIL_RE.search(text, start, end)
                end = tail.start() if tail else end
                if _word_count(text, start, end) >= 3:
                    self._add(start, end, "indirect", cue, mention, "postposed", 0.6)
                    return end
        return None

    @staticmethod
    def _skip_ma_verb(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """بحسب ما أفاد مسؤول → the source is مسؤول (skip ما and its reporting verb)."""
        if len(toks) >= 2 and toks[0][2] == "ما":
            return toks[2:]
        if toks and toks[0][2] in ("ل", "لـ"):
            return toks[1:]
        return toks

    # -- "Speaker: words" ------------------------------------------------------------------
    def _headline(self, s: _Sentence) -> None:
        """"Speaker: words" in a headline or a line (direct, no cue)."""
        text = self.text
        colon = text.find(":", s.start, min(s.end, s.start + 80))
        if colon < 0:
            return
        head = _tokens(text, s.start, colon)
        words = [t for t in head if t[2][0].isalnum()]
        if not 1 <= len(words) <= 7 or not self._is_source_label(head):
            return
        if any(self._inside_quote(t[0], s.quotes) for t in head):
            return
        cut = next((i for i, t in enumerate(words) if t[2] in ("عن", "حول", "بشان") and i > 0), len(words))
        mention = (words[0][0], words[cut - 1][1])
        start, end = _strip(text, colon + 1, s.end)
        if _word_count(text, start, end) < 2 or text[start].isdigit():
            return  # a date or a time after the colon: page furniture, not a statement
        for q in s.quotes:
            if q.open >= colon:
                self.used_quotes.add(q.open)
        self._add(start, end, "direct", None, mention, "headline", 0.7)

    def _is_source_label(self, head: list[tuple[int, int, str]]) -> bool:
        words = [t[2] for t in head]
        if any(not w[0].isalnum() and w not in ("(", ")", "-", "_") and w[0] != "#" and w not in QUOTE_CHARS for w in words):
            return False
        if any(w in _LABELS or w.isdigit() or w in ("نيوز", "برس") for w in words):
            return False
        return not any(w in ("ان", "بان", "التي", "الذي", "هل") for w in words)

    # -- "Name:" posts ------------------------------------------------------------------
    def _posts(self) -> None:
        """"Name:" posts: a paragraph at the top of a text that is only "Name:" (or "Name" with
        the colon on the next line) makes each following line a direct claim of Name; a "Name: words" first line
        does the same in a short text whose following lines hold no reporting cue (a
        statement, not a headline over a reported article)."""
        text = self.text
        paras = self.paragraphs
        for i, (p_start, p_end) in enumerate(paras):
            header = self._post_header(i)
            if header is None:
                continue
            mention, first_line, body_from = header
            if len(self.text) > MAX_STATEMENT_CHARS or i > self._first_text_paragraph() + 2:
                continue  # "X:" lines further down a page are its furniture (نسخة النشرة:)
            body = []
            for q_start, q_end in paras[body_from:]:
                if text[q_end - 1] == ":" and q_end - q_start < 80:
                    break
                body.append((q_start, q_end))
            if first_line is not None:
                if not body or len(self.text) > MAX_POST_CHARS or any(self._has_cue(*line) for line in body):
                    continue  # a lone "Name: words" line is a headline: see _headline
                body.insert(0, first_line)
            while body and self._is_signature(*body[-1]):
                body.pop()
            for q_start, q_end in body:
                self._post_line(q_start, q_end, mention)

    def _post_header(self, i: int) -> tuple[tuple[int, int], tuple[int, int] | None, int] | None:
        """``(mention, first line of text or None, index of the first body paragraph)`` when
        paragraph ``i`` opens a "Name:" post."""
        text = self.text
        p_start, p_end = self.paragraphs[i]
        if text[p_start:p_end] == ":" or i + 1 < len(self.paragraphs) and text[slice(*self.paragraphs[i + 1])] == ":":
            if text[p_start:p_end] == ":":
                return None
            colon, first_line, body_from = p_end, None, i + 2
        elif text[p_end - 1] == ":":
            colon, first_line, body_from = p_end - 1, None, i + 1
        elif i == self._first_text_paragraph() and ":" in text[p_start:min(p_end, p_start + 80)]:
            colon = text.index(":", p_start, min(p_end, p_start + 80))
            first_line, body_from = (colon + 1, p_end), i + 1
        else:
            return None
        head = _tokens(text, p_start, colon)
        words = [t for t in head if t[2][0].isalnum()]
        if not 1 <= len(words) <= 8 or not self._is_source_label(head):
            return None
        if first_line is not None and _word_count(text, *first_line) < 2:
            return None
        return (words[0][0], words[-1][1]), first_line, body_from

    def _first_text_paragraph(self) -> int:
        """Index of the first paragraph with words (posts often open with an emoji line)."""
        return next((k for k, (s, e) in enumerate(self.paragraphs) if _word_count(self.text, s, e)), 0)

    def _has_cue(self, start: int, end: int) -> bool:
        return any(start <= c.start < end for c in self.cues)

    def _opens_with_cue(self, start: int, end: int) -> bool:
        return any(start <= c.start <= start + 1 for c in self.cues)

    def _is_signature(self, start: int, end: int) -> bool:
        """A short closing line of a statement (a name, a title, a date) is not a claim."""
        return _word_count(self.text, start, end) <= 6 and self.text[end - 1] not in ".!؟"

    def _post_line(self, start: int, end: int, mention: tuple[int, int]) -> None:
        """One line of a "Name:" post: a direct claim, unless it is a verse, a date, or a
        third-person line that opens with a reporting cue (واكد المجلس …), which the
        reported-speech patterns handle."""
        line = self.text[start:end]
        if _VERSE_RE.match(line) or _DATE_LINE_RE.match(line) or _word_count(self.text, start, end) < 3:
            return
        if self._opens_with_cue(start, end) or _SpanSet(self.skip).contains(start):
            return
        s, e = _strip(self.text, start, end)
        for q in self.quotes:
            if s <= q.open < e:
                self.used_quotes.add(q.open)
        self._add(s, e, "direct", None, mention, "post", 0.65)

    # -- orphan quotations ----------------------------------------------------------------
    def _orphan_quotes(self, s: _Sentence) -> None:
        """A statement in quotes that opens its sentence and that no cue governs continues the
        last source (a quoted paragraph after وقال …)."""
        text = self.text
        for q in s.quotes:
            if q.open in self.used_quotes or not self._is_statement(q):
                continue
            lead = _word_count(text, s.start, q.open)
            if lead == 0 and self.out:
                qs, qe = _strip(text, q.start, q.end)
                self.used_quotes.add(q.open)
                self._add(qs, qe, "direct", None, None, "orphan", 0.5)

    def _add(self, start: int, end: int, kind: str, cue: Cue | None, mention: tuple[int, int] | None,
             pattern: str, prior: float) -> None:
        if end <= start:
            return
        fem = bool(cue and cue.feminine)
        plural = bool(cue and cue.plural)
        self.out.append(Candidate(start, end, kind, cue, mention, pattern, min(prior, 0.95), fem, plural))


def find_candidates(text: str, paragraphs: list[tuple[int, int]], sentences: list[tuple[int, int]],
                    quotes: list[Quote], cues: list[Cue],
                    name_end: Callable[[list[str], int], int] = lambda words, max_start: 0,
                    skip: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """Claim candidates of a normalised text; see :class:`ClaimFinder`.

    ``name_end(words, max_start)`` is the end (in words) of the longest known name starting at
    or before word ``max_start`` (0 if none): the entity registry's gazetteer, used to find where
    a source mention ends. ``skip`` lists paragraphs that hold no claims (scripture).
    """
    return ClaimFinder(text, paragraphs, sentences, quotes, cues, name_end, skip).run()
