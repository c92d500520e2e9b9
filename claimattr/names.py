"""Arabic names and titles as the entity linker compares them, and the ``other:`` id of a source.

Matching runs on normalised words (:func:`claimattr.text.normalize`: hamza/alef variants, ى/ي,
ة/ه, diacritics and tatweel) compared without ال, with the clitics و ف ب ل ك peeled off, nisba
adjectives folded (الأميركية = الأمريكي), synonyms merged (الناطق = المتحدث) and compound names
joined (عبد الكريم = عبدالكريم). A source the registry does not know gets an ``other:`` id made of
its mention (:meth:`Names.other_name`): the fullest name the article gives a named source
(``other:مقتدى الصدر``), or the head words of an unnamed one (``other:مسؤول دفاعي أميركي``).

The word lists (titles, organisation heads, anonymous heads, document words …) are data, read
through :class:`~claimattr.lexicon.Lexicons` into one :class:`Names` object (see
:data:`LEXICON_FILES`); ``claimattr.text`` (and camel-tools) load on the first match.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from claimattr.lexicon import Lexicons
from claimattr.text import INVISIBLE

#: The lexicon files :class:`Names` reads.
LEXICON_FILES = ("titles.txt", "organisation_heads.txt", "anonymous_heads.txt", "document_words.txt",
                 "issued_words.txt", "function_words.txt", "name_stop_words.txt", "mention_tails.txt",
                 "informed_words.txt", "dependency_words.txt", "anaphoric_words.txt", "nationalities.txt",
                 "w_words.txt", "l_words.txt", "compound_first.txt", "compound_second.txt", "demonstratives.txt",
                 "quantifiers.txt", "non_source_words.txt", "name_synonyms.tsv")
KEY_CACHE_SIZE = 200_000

_PUNCT = str.maketrans({c: " " for c in "\"'«»“”„‟‘’‚`()[]{}<>#_.,،؛;:!?؟…*/\\|-–—‹›\n\t"})
_DROP = str.maketrans({c: None for c in "\u0640\u064b\u064c\u064d" + INVISIBLE})
_PAREN_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_ACCUSATIVE_RE = re.compile(r"(\w\w)(?:اً|ًا)(?=\s|$|[،,])")
#: Arabic diacritics, dropped to see how a word is written (ألفين has no article, الفين has).
_MARKS = str.maketrans({chr(c): None for c in [*range(0x064B, 0x0660), 0x0670, 0x0640]})
_OPENERS, _CLOSERS, _TOGGLES = "«“„‹", "»”›", "\"'"
_COMMAS = "،,؛;"
_CLITICS = ("ل", "ب", "و", "ك", "ف", "ول", "وب", "فل")
_SPACES = " \t\r\n\u00a0:.!?؟…*#|/\\-–—"


@functools.cache
def _normalizer() -> Callable[[str], str]:
    """``claimattr.text.normalize``, imported on first use (it pulls in camel-tools)."""
    from claimattr.text import normalize

    return normalize


def _norm(text: str) -> str:
    return _normalizer()(text).lower()


def _forms(word: str) -> tuple[str, ...]:
    """A normalised word and the words left when a leading conjunction (و ف) and/or preposition
    (ل ب ك) is peeled off: وللمتحدث -> للمتحدث, المتحدث; بالتحالف -> التحالف."""
    out = [word]
    if len(word) > 3 and word[0] in "وف":
        word = word[1:]
        out.append(word)
    if len(word) > 3 and word[0] in "لبك":
        out.append("ا" + word[1:] if word.startswith("لل") else word[1:])
    return tuple(out)


def _clean(text: str) -> str:
    """Drop parentheticals, hashtag marks, tatweel, tanwin and invisible marks; turn the
    accusative ending (مصدراً سياسياً) into the citation form."""
    text = _PAREN_RE.sub(" ", text).replace("#", " ").replace("_", " ")
    text = _ACCUSATIVE_RE.sub(r"\1", text)
    return text.translate(_DROP)


def _tokens(text: str) -> list[list[tuple[str, bool]]]:
    """Words with a flag for being inside quotation marks, in comma-separated segments; a
    clitic cut off by tatweel or a quote (لـ«سوق …») is joined to the next word."""
    segments: list[list[tuple[str, bool]]] = [[]]
    word, quoted, clitic = "", False, ""

    def flush() -> None:
        nonlocal word, clitic
        if word in _CLITICS:
            clitic, word = word, ""
        elif word:
            segments[-1].append((clitic + word, quoted))
            word, clitic = "", ""

    for ch in text:
        if ch in _OPENERS or ch in _CLOSERS or ch in _TOGGLES:
            flush()
            quoted = ch in _OPENERS or (ch in _TOGGLES and not quoted)
        elif ch in _COMMAS:
            flush()
            segments.append([])
        elif ch in _SPACES or ch.isspace():
            flush()
        else:
            word += ch
    flush()
    return [s for s in segments if s]


@dataclass(frozen=True)
class _Vocab:
    """The word lists as comparison keys (see :data:`LEXICON_FILES`)."""

    titles: frozenset[str]
    orgs: frozenset[str]
    anonymous: frozenset[str]
    documents: frozenset[str]
    issued: frozenset[str]
    function: frozenset[str]
    stop: frozenset[str]
    tails: frozenset[str]
    informed: frozenset[str]
    dependency: frozenset[str]
    anaphoric: frozenset[str]
    nationalities: frozenset[str]
    w_words: frozenset[str]
    l_words: frozenset[str]
    compound_first: frozenset[str]
    compound_second: frozenset[str]
    demonstratives: frozenset[str]
    quantifiers: frozenset[str]
    non_source: frozenset[str]


@dataclass(frozen=True)
class _Word:
    """One word of a mention as written (cleaned) and its normalised forms."""

    text: str
    norm: str
    keys: tuple[str, ...]
    quoted: bool
    definite: bool  # carries the article ال (as written: أل of ألفين is not the article)

    def has(self, vocab: frozenset[str]) -> bool:
        return any(k in vocab for k in self.keys)

    @property
    def adjective(self) -> bool:
        """An indefinite nisba adjective (إعلامية، سياسي): after a noun it is not a title."""
        return not self.definite and self.norm.endswith(("ي", "يه", "يون", "يين", "يان"))


class Names:
    """The name vocabulary of one set of lexicons, and everything that compares names with it."""

    def __init__(self, lexicons: Lexicons | None = None) -> None:
        lex = lexicons or Lexicons()
        self.lexicons = lex
        self.synonyms = {_norm(word): _norm(same) for word, same in lex.table("name_synonyms")}
        self._keys: dict[str, tuple[str, ...]] = {}
        self._words: dict[tuple[str, bool], _Word] = {}
        self._texts: dict[str, tuple[str, ...]] = {}
        keys = lambda name: frozenset(self.key(_norm(w)) for w in lex.words(name))  # noqa: E731
        plain = lambda name: frozenset(_norm(w) for w in lex.words(name))  # noqa: E731
        self.vocab = _Vocab(
            titles=keys("titles"), orgs=keys("organisation_heads"), anonymous=keys("anonymous_heads"),
            documents=keys("document_words"), issued=keys("issued_words"), function=plain("function_words"),
            stop=keys("name_stop_words"), tails=plain("mention_tails"), informed=keys("informed_words"),
            dependency=keys("dependency_words"), anaphoric=plain("anaphoric_words"),
            nationalities=keys("nationalities"), w_words=plain("w_words"), l_words=plain("l_words"),
            compound_first=plain("compound_first"), compound_second=plain("compound_second"),
            demonstratives=plain("demonstratives"), quantifiers=plain("quantifiers"),
            non_source=frozenset(_norm(w) for w in lex.words("non_source_words") if "ى" not in w))
        # (words written with ى are prepositions whose folded form would be a name: على -> علي)

    @classmethod
    @functools.cache
    def default(cls) -> Names:
        """The names of the shipped lexicons (built once per process)."""
        return cls()

    def word(self, text: str, quoted: bool) -> _Word:
        """One word of a mention as written, with its normalised form and keys; cached, since
        mentions repeat the same words (a :class:`_Word` is immutable)."""
        hit = self._words.get((text, quoted))
        if hit is None:
            norm = _norm(text)
            bare = text.translate(_MARKS)
            definite = any(f.startswith("ال") for f in _forms(bare)) or bare.startswith("لل")
            hit = _Word(text, norm, self.keys(norm), quoted, definite)
            if len(self._words) < KEY_CACHE_SIZE:
                self._words[(text, quoted)] = hit
        return hit

    def key(self, word: str) -> str:
        """The form two words are compared in: normalised word without ال, one spelling of أمريكي,
        nisba adjectives folded to the masculine singular (الأميركية, أمريكيون -> امريكي)."""
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        word = self.synonyms.get(word, word).replace("اميرك", "امريك")
        if len(word) >= 5:
            if word.endswith("يه"):
                return word[:-1]
            if word.endswith(("يون", "يين")):
                return word[:-2]
        return word

    def keys(self, word: str) -> tuple[str, ...]:
        """The comparison keys of every form of a word (see :func:`_forms`); cached, since news
        repeats the same words."""
        hit = self._keys.get(word)
        if hit is None:
            hit = tuple(dict.fromkeys(self.key(f) for f in _forms(word)))
            if len(self._keys) < KEY_CACHE_SIZE:
                self._keys[word] = hit
        return hit

    def words(self, text: str) -> list[str]:
        """Normalised words of a mention or alias: punctuation, quotes, brackets and hashtag marks
        become spaces (#الحكومة_العراقية -> الحكومة العراقية), and compound names are written as one
        word whether the text spaces them or not (نصر الله = نصرالله, عبد الكريم = عبدالكريم); a clitic
        cut off by tatweel or a quote (لـ"كتائب …") is joined to its word. Cached: an article
        names its sources again and again."""
        hit = self._texts.get(text)
        if hit is None:
            hit = tuple(self._join_compounds(_norm(text).translate(_PUNCT).split()))
            if len(self._texts) < KEY_CACHE_SIZE:
                self._texts[text] = hit
        return list(hit)

    def _join_compounds(self, words: list[str]) -> list[str]:
        vocab = self.vocab
        out: list[str] = []
        for word in words:
            if out and (out[-1] in vocab.compound_first or out[-1] in _CLITICS or word in vocab.compound_second):
                out[-1] += word
            else:
                out.append(word)
        return out

    def head_index(self, keys: Sequence[tuple[str, ...]]) -> int:
        """Index of the head word: past a leading document word and "صادر عن" (بيان صادر عن X)."""
        vocab = self.vocab
        if len(keys) < 2 or not any(k in vocab.documents for k in keys[0]):
            return 0
        for i in range(1, min(len(keys) - 2, 5)):
            if any(k in vocab.issued for k in keys[i]) and keys[i + 1][0] in ("عن", "من"):
                return i + 2
        return 1

    def is_conjunct(self, word: str) -> bool:
        """True for a word that joins a second source with و (وبغداد، والسعودية), not a و-word
        (وزير، واين) nor a second title of the same person (وزعيم)."""
        vocab = self.vocab
        if not word.startswith("و") or len(word) < 4 or word in vocab.w_words:
            return False
        rest = word[1:]
        if rest in ("هو", "هي") or rest in vocab.tails:
            return False
        return not any(k in vocab.titles for k in self.keys(rest))

    def dependent(self, norms: Sequence[str], keys: Sequence[tuple[str, ...]], start: int) -> bool:
        """A name after an aside (بزعامة X) or after a dependency word and a title (مكتب رئيس الوزراء
        X, إدارة الرئيس X) belongs to someone the source depends on, not to the source; a
        dependency word that is a title's genitive (رئيس الحكومة السيد X) is the source's own body."""
        vocab = self.vocab

        def has(i: int, words: frozenset[str]) -> bool:
            return any(k in words for k in keys[i])

        for i in range(start):
            if norms[i] in vocab.tails:
                return True
            genitive = i > 0 and has(i - 1, vocab.titles)  # رئيس الحكومة: the title's own body
            if has(i, vocab.dependency) and not genitive and any(has(j, vocab.titles) for j in range(i + 1, start)):
                return True
        return False

    def strip_clitic(self, word: str) -> str:
        """A word (as written or normalised) without an attached و or ل (وللمسؤول -> المسؤول,
        لمحمد -> محمد), keeping words that merely begin with those letters (وزير، لجنة، لويد)."""
        vocab = self.vocab
        norm = _norm(word)
        if norm.startswith("و") and len(norm) > 3 and norm not in vocab.w_words:
            rest = norm[1:]
            if rest.startswith(("ال", "ل", "ب")) or any(k in vocab.titles | vocab.orgs for k in self.keys(rest)):
                word, norm = word[1:], rest
        if norm.startswith("لل") and len(norm) > 3:
            return "ال" + word[2:]
        if norm.startswith("ل") and len(norm) > 3 and norm not in vocab.l_words:
            return word[1:]
        if norm.startswith(("بال", "كال")) and len(norm) > 4:
            return word[1:]
        return word

    def _segments(self, text: str) -> list[list[_Word]]:
        """The words of a mention, in comma-separated segments, the first word without its clitic
        and without a leading number, demonstrative, quantifier or document word."""
        segments = [[self.word(raw, quoted) for raw, quoted in s] for s in _tokens(_clean(text))]
        if segments:
            first = segments[0]
            first[0] = self.word(self.strip_clitic(first[0].text), first[0].quoted)
            first = self._drop_document(self._drop_leading(first)) or first
            first[0] = self.word(self.strip_clitic(first[0].text), first[0].quoted)
            segments[0] = first
        return segments

    def _drop_leading(self, words: list[_Word]) -> list[_Word]:
        """"4 مصادر" -> "مصادر", "هذا التقرير" -> "التقرير", "العديد من رواد …" -> "رواد …"."""
        vocab = self.vocab
        while len(words) > 1 and (words[0].norm.isdigit() or words[0].norm in vocab.demonstratives):
            words = words[1:]
        if len(words) > 2 and words[0].norm in vocab.quantifiers and words[1].norm == "من":
            words = words[2:]
        return words

    def _drop_document(self, words: list[_Word]) -> list[_Word]:
        """"تقرير وكالة رويترز" -> "وكالة رويترز"; "بيان صادر عن الإعلام القضائي" -> "الإعلام القضائي";
        but "تقرير بريطاني" and "البيان الختامي" stay: the document is all the source there is."""
        head = self.head_index([w.keys for w in words])
        if head == 1 and (words[0].definite or words[1].adjective or words[1].norm in self.vocab.function):
            return words
        return words[head:]

    def _cut_tail(self, words: list[_Word]) -> list[_Word]:
        """Drop relative clauses and asides (الذي/التي …, التابعة ل …, بقيادة …, مطلع على …) and
        closed-class words left at the end (مسؤولون قضائيون في -> مسؤولون قضائيون)."""
        vocab = self.vocab
        for i, w in enumerate(words):
            informed = i > 1 and w.norm in ("علي", "بشان") and words[i - 1].has(vocab.informed)
            if i and (w.norm in vocab.tails or informed):
                words = words[:i]
                break
        while len(words) > 1 and (words[-1].norm in vocab.function or words[-1].norm in vocab.non_source):
            words = words[:-1]
        return words

    def _namelike(self, words: list[_Word], i: int, excluded: set[int]) -> bool:
        """Whether word ``i`` can be part of a personal name."""
        vocab = self.vocab
        w = words[i]
        if i in excluded or w.definite or w.norm in vocab.function or w.norm in vocab.non_source or w.norm.isdigit():
            return False
        if w.has(vocab.titles) or w.has(vocab.orgs) or w.has(vocab.stop) or w.has(vocab.documents):
            return False
        if w.text[:2] in ("بأ", "بإ", "لأ", "لإ"):
            return False
        nxt = words[i + 1] if i + 1 < len(words) else None
        pp = w.norm[:1] != "" and w.norm[0] in "لب" and nxt is not None and nxt.definite and nxt.norm not in vocab.compound_second
        return not pp

    def _org_names(self, words: list[_Word]) -> set[int]:
        """Indices of the words that name an organisation after its type word (تحالف نبني, حركة
        "امتداد"): they are not a person's name."""
        vocab = self.vocab
        out: set[int] = set()
        for i, w in enumerate(words[:-1]):
            if not w.has(vocab.orgs):
                continue
            j = i + 1
            if words[j].quoted:
                while j < len(words) and words[j].quoted:
                    out.add(j)
                    j += 1
            else:
                out.add(j)
        return out

    def _runs(self, words: list[_Word]) -> list[tuple[int, int]]:
        """Stretches that look like a personal name: words without ال (not titles, not function
        words), then at most one ال-word as the family name; عبد الله, بهاء الدين, أبو علي join."""
        vocab = self.vocab
        excluded = self._org_names(words)
        runs, i = [], 0
        while i < len(words):
            if not self._namelike(words, i, excluded) or (i and self.is_conjunct(words[i].norm)):
                i += 1  # a name does not start with a joining و (الولايات المتحدة وإسرائيل)
                continue
            j = i
            while j < len(words):
                if self._namelike(words, j, excluded):
                    j += 1
                elif words[j].norm in vocab.compound_second or (
                        words[j].definite and words[j - 1].norm in vocab.compound_first):
                    j += 1
                else:
                    if words[j].definite and not words[j].has(vocab.titles) and not words[j].has(vocab.stop):
                        j += 1
                    break
            runs.append((i, j))
            i = j
        return runs

    def _closes(self, words: list[_Word], end: int) -> bool:
        """A name run must end the segment or be followed by a title (حاكم الزاملي النائب الأول …),
        not by an adjective that looks like one (تقارير إعلامية)."""
        if end == len(words):
            return True
        nxt = words[end]
        return nxt.has(self.vocab.titles) and not nxt.adjective

    def _name_in_title(self, words: list[_Word]) -> tuple[int, int] | None:
        """The personal name after a title: رئيس تحالف نبني [هادي العامري]."""
        vocab = self.vocab
        for start, end in self._runs(words):
            if start == 0:
                continue
            prev = words[start - 1]
            if prev.norm in vocab.function:
                start += 1  # the object of a preposition (المقيم في واشنطن) comes first
            elif not prev.definite and prev.has(vocab.titles) and words[start].adjective:
                start += 1  # مستشار إعلامي …: an adjective of the title, not a name
            if start < end and self._closes(words, end):
                return start, end
        return None

    def _depends(self, words: list[_Word], start: int) -> bool:
        return self.dependent([w.norm for w in words], [w.keys for w in words], start)

    def _extract(self, words: list[_Word]) -> tuple[list[_Word], bool]:
        """The words of the id in one segment, and whether they are a personal name."""
        vocab = self.vocab
        words = self._cut_tail(words)
        if not words:
            return words, False
        if words[0].has(vocab.orgs) or words[0].definite or words[0].has(vocab.titles):
            span = self._name_in_title(words)
            if span is not None and self._depends(words, span[0]):
                return words[:span[0]], False  # مكتب رئيس الوزراء [X]: the office, not X
            if span is None or words[0].has(vocab.orgs):
                return words, False
            return words[span[0]:span[1]], True
        runs = self._runs(words)
        if runs and runs[0][0] == 0 and self._closes(words, runs[0][1]):
            return words[:runs[0][1]], True
        return words, False

    def _anonymous_words(self, segments: list[list[_Word]]) -> list[_Word]:
        """An unnamed source keeps its head words across commas (مصدر آخر، في جهاز …) and drops
        anything from a personal name on (مسؤول في إدارة الرئيس [جون سميث] keeps مسؤول في إدارة الرئيس)."""
        vocab = self.vocab
        words = self._cut_tail([w for s in segments for w in s])
        for start, _ in self._runs(words):
            if start and words[start - 1].definite and words[start - 1].norm not in vocab.function:
                return words[:start]
        return words

    def _single_name(self, word: _Word) -> bool:
        """A mention of one word that is a name or family name (بغداد، الزاملي), not a noun."""
        vocab = self.vocab
        return not any(word.has(v) for v in (vocab.anonymous, vocab.titles, vocab.orgs, vocab.documents))

    def _later_name(self, segments: list[list[_Word]]) -> list[_Word] | None:
        """A personal name in a later comma segment (وزير الدفاع الأميركي، لويد أوستن), unless the
        first one ends on someone the source depends on (المكتب الإعلامي لرئيس الحكومة، علي الزيدي)."""
        if self._depends(segments[0], len(segments[0])):
            return None
        for segment in segments[1:]:
            words, named = self._extract(segment)
            if named:
                return words
        return None

    def other_name(self, mention: str) -> tuple[str, bool]:
        """The name an ``other:`` id is made of, and whether it is a personal name."""
        segments = self._segments(mention)
        if not segments:
            return mention.strip(), False
        head = segments[0][0]
        if head.has(self.vocab.anonymous) and not head.definite:
            later = self._later_name(segments)
            words, named = (later, True) if later else (self._anonymous_words(segments), False)
        else:
            words, named = self._extract(segments[0])
            if not named:
                later = self._later_name(segments)
                words, named = (later, True) if later else (words, named)
        if not words:
            return mention.strip(), False
        if len(segments) == 1 and len(segments[0]) == 1:
            named = self._single_name(words[0])
        return " ".join(w.text for w in words), named

    def name_keys(self, text: str) -> tuple[str, ...]:
        return tuple(self.key(w) for w in self.words(text))

    def part_of(self, part: tuple[str, ...], whole: tuple[str, ...], named: bool) -> bool:
        """Whether ``part`` is a contiguous stretch of ``whole``: any two or more words, or, for a
        personal name, its first or last word (كفاح, الصدر) or its words run together (نصرالله)."""
        if not part or not whole or len(part) > len(whole) or part == whole:
            return False
        if len(part) == 1:
            if named:
                return part[0] in (whole[0], whole[-1]) or part[0] == "".join(whole[-2:])
            return part[0] == whole[-1] and not any(w in self.vocab.function for w in whole)
        n = len(part)
        return any(whole[i:i + n] == part for i in range(len(whole) - n + 1))


def could_be_part(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """A quick test that :meth:`Names.part_of` needs to pass (either way, named or not): the first
    word of ``part`` is a word of ``whole`` or, a name run together (نصرالله), begins with its
    second-last word. The linker compares each new source with up to 200 earlier ones and
    calls :meth:`Names.part_of` only where this holds."""
    return bool(part) and (part[0] in whole or len(whole) > 1 and part[0].startswith(whole[-2]))
