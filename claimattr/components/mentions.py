"""Source mentions: the noun-phrase chunker the claim patterns use to find who speaks.

A source mention is a noun phrase: a name (هادي العامري), a title chain (رئيس تحالف الفتح هادي
العامري، المتحدث باسم وزارة الخارجية), an organisation (كتائب حزب الله، وزارة الدفاع الأمريكية), a
group, or an anonymous source (مصدر أمني عراقي، مسؤول في التحالف). The chunker reads the tokens
after or before a cue and keeps the words that continue the phrase: genitives and adjectives
(ال-words), indefinite adjectives after an indefinite head, a prepositional complement after a
head such as مسؤول، a participle's complement (المدعومة من إيران), appositions in commas, and a
known name of the entity registry that ends within reach (:class:`NameGazetteer`). It stops at
prepositions, adjuncts, complementisers and punctuation. Every function takes the compiled
:class:`~claimattr.components.rulewords.RuleWords` and tokens ``(norm_start, norm_end, form)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Callable

from claimattr.components.claims.state import Tok
from claimattr.components.rulewords import RuleWords
from claimattr.text import normalize

_COMMAS = ("،", ",")
_DASHES = ("-", "–", "—")
_DASH_SET = frozenset(_DASHES)
_form = itemgetter(2)


@dataclass(frozen=True)
class NameGazetteer:
    """The registry's names as normalised word sequences, to tell where a source mention ends
    in "أعلن رئيس الوزراء … مصطفى الكاظمي استهداف …" (no comma or complementiser marks it)."""

    names: frozenset[tuple[str, ...]]
    longest: int

    @classmethod
    def of(cls, registry) -> NameGazetteer:
        names = set()
        for entity in registry or ():
            for form in (*entity.forms, *entity.family):
                words = tuple(normalize(form).replace("_", " ").split())
                if words:
                    names.add(words)
        return cls(frozenset(names), max((len(n) for n in names), default=0))

    def name_end(self, words: list[str], max_start: int) -> int:
        """The end (in words) of the longest known name that starts at or before word
        ``max_start``; 0 if there is none."""
        words = [w.lstrip("#").replace("_", " ") for w in words]
        end = 0
        for i in range(min(len(words), max_start + 1)):
            for n in range(1, self.longest + 1):
                if i + n > len(words):
                    break
                if tuple(words[i:i + n]) in self.names:
                    end = max(end, i + n)
        return end


def is_prefixed(word: str) -> bool:
    """True for a word with an attached preposition ب/ل before a definite noun or a verbal
    noun (بالدعم، للقوات، بتصرفات، بمقتل): the start of content, not of a source."""
    if len(word) <= 3 or word[0] not in "بل" or word.startswith("بلاد"):
        return False
    return word[1:3] == "ال" or word[1] in "لتم" or (word[1] == "ا" and word[2] in "نستعطخفلو")


def is_participle(word: str) -> bool:
    """Participles that take a complement inside a source mention (الموالية، المدعومة، مقرب)."""
    bare = word[2:] if word.startswith("ال") else word
    return len(bare) >= 4 and bare[0] == "م"


def unprefixed(word: str) -> str:
    """The word without a conjunction و/ف (والتي -> التي, وقد -> قد)."""
    return word[1:] if len(word) > 2 and word[0] in "وف" else word


def in_name(token: str, words: RuleWords) -> bool:
    """Tokens that can be part of a source mention: words, hashtags, quoted names."""
    return token[0].isalnum() or token[0] == "#" or token in words.quote_chars


def outside_dashes(window: list[Tok]) -> list[tuple[int, Tok]]:
    """The tokens of a window with their indices, leaving out parentheticals between dashes."""
    if _DASH_SET.isdisjoint(map(_form, window)):  # most windows have no dash
        return list(enumerate(window))
    out, inside = [], False
    for i, tok in enumerate(window):
        if tok[2] in _DASHES:
            inside = not inside
            continue
        if not inside:
            out.append((i, tok))
    return out


def dash_mask(window: list[Tok]) -> list[bool]:
    """For each token, whether it lies inside (or is) a dash parenthetical."""
    mask, inside = [], False
    for tok in window:
        if tok[2] in _DASHES:
            inside = not inside
            mask.append(True)
        else:
            mask.append(inside)
    return mask


def skip_adjunct(rest: list[Tok], words: RuleWords) -> list[Tok]:
    """Skip a time or place adjunct in commas after the source (، الأربعاء الماضي،)."""
    if len(rest) >= 3 and rest[0][2] in _COMMAS and rest[1][2] in words.adjunct_words:
        for k in range(2, min(8, len(rest))):
            if rest[k][2] in _COMMAS:
                return rest[k:]
    return rest


def noun_head(word: str, lex: RuleWords) -> bool:
    """A title or organisation head that merely begins with a preposition's letter (لجنة، لواء)."""
    return word in lex.organisation_heads or word in lex.titles


def organisation_head(word: str) -> str:
    """A word without an attached ب/ل before an organisation head (بصحيفة -> صحيفة)."""
    return word[1:] if word[:1] in ("ب", "ل") and len(word) > 3 else word


def titled(words: list[Tok], lex: RuleWords) -> bool:
    """Whether a noun phrase holds a title (رئيس، الكاتب، المحلل)."""
    return any(x[2].lstrip("#").removeprefix("ال") in lex.titles for x in words)


def continues_np(words: list[Tok], w: str, lex: RuleWords) -> bool:
    """Whether the word ``w`` continues the noun phrase ``words``."""
    prev = words[-1][2].lstrip("#")
    anonymous = any(x[2] in lex.complement_heads for x in words) and len(words) <= 4
    if w in lex.first_names:
        return True
    if prev.startswith("ال") and len(words) >= 2 and words[-2][2] in lex.first_names:
        return False  # علي حسن الربيعي: a family name closes a personal name
    if w.startswith("ال") and w[2:] in lex.titles and any(x[2] in lex.first_names for x in words):
        return False  # استقبل الوزير سامي يوسف السفيرَ: a title after a name is the next noun phrase
    if w.startswith("ب") and w[1:] in lex.organisation_heads and titled(words, lex):
        return True  # الكاتب بصحيفة …، الباحث بمركز …: where a titled person works
    if w.startswith("ل") and (w[2:] if w.startswith("لل") else w[1:]) in lex.organisation_heads and prev.startswith("ال") \
            and (titled(words, lex) or any(organisation_head(x[2].removeprefix("ال")) in lex.organisation_heads for x in words)):
        return True  # عضو المكتب السياسي لجماعة …، المتحدث العسكري للحركة: the body it belongs to
        # (after a definite chain only: توعد فصيل شيعي للقوات: ل marks the verb's object)
    if w in ("من",) or w.startswith("ل") and len(w) > 3 and not w.startswith("لل") and not noun_head(w, lex):
        return is_participle(prev)  # المدعومة من إيران، الموالية لإيران (but لجنة، لواء are nouns)
    if prev.startswith("ال") and is_participle(prev) and w.endswith(("ته", "تها")):
        return True  # المنتهية ولايته: a participle with its own subject
    if w in lex.prepositions or w in lex.adjunct_words and not (w == "في" and anonymous):
        return False
    if w == "في":
        return True
    if w.startswith("باسم") or w.startswith("بقياده"):
        return True
    if is_prefixed(w):
        return False
    if w.startswith("ال"):  # a genitive, or an adjective; after a definite word only an adjective
        return not prev.startswith("ال") or lex.is_adjective(w[2:]) or is_participle(w)
    if prev in lex.titles or prev in lex.organisation_heads or prev in lex.document_words:
        return True  # a construct chain: رئيس حزب …، رئيس تحرير صحيفة …، تقرير مركز …
    head_definite = words[0][2].lstrip("#").startswith("ال")
    return not head_definite and (lex.is_adjective(w) or prev in ("باسم", "امين", "عام"))


def np_words(window: list[Tok], lex: RuleWords, name_end: Callable[[list[str], int], int]) -> list[Tok]:
    """The words of a source noun phrase at the start of ``window``: a head, then its genitives
    and adjectives (ال-words), indefinite adjectives after an indefinite head (مصدر أمني عراقي),
    a prepositional complement after a head such as مسؤول (مسؤول في الوزارة), a short quoted
    name (نفت "سرايا أولياء الدم"), and a known name (registry alias) that ends within reach."""
    words: list[Tok] = []
    window = [t for i, t in enumerate(window) if not (i == 0 and t[2] in lex.resumptive)]
    quoted = False
    short_quote = bool(window) and window[0][2] in lex.quote_chars and any(t[2] in lex.quote_chars for t in window[2:6])
    for ts, te, w in window[:10]:
        if w in lex.quote_chars and (quoted or not words and short_quote
                                     or words and organisation_head(words[-1][2]) in lex.organisation_heads):
            quoted = not quoted  # موقع "المانيتور": the quoted name belongs to the outlet
            words.append((ts, te, w))
            continue
        if quoted:
            words.append((ts, te, w))
            continue
        if not (w[0].isalnum() or w[0] == "#"):
            break
        bare = w.lstrip("#")
        if not words:
            if bare in lex.prepositions or bare in lex.demonstratives or bare in lex.adjunct_words or is_prefixed(bare) \
                    or lex.never_source(bare):
                return []
            words.append((ts, te, w))
            continue
        if lex.outlet_addressee(bare) or not continues_np(words, bare, lex):
            break
        words.append((ts, te, w))
    reach = []
    for tok in window[:10]:
        if not (tok[2][0].isalnum() or tok[2][0] == "#"):
            break
        reach.append(tok)
    complete = len(words) >= 2 and words[-1][2].startswith("ال") and words[-2][2] in lex.first_names
    end = name_end([w for _, _, w in reach], len(words) - 1 if complete else len(words))
    return reach[:end] if end > len(words) else words


def apposition(words: list[Tok], rest: list[Tok], lex: RuleWords) -> list[Tok]:
    """A name in commas after a title (وزير الدفاع، لويد أوستن، عن …; …المعارض، الشيخ علي
    بلحاج، في …) joins the mention (``words`` is extended in place); returns the tokens after it."""
    if len(rest) >= 3 and rest[0][2] in _COMMAS:
        lead = 2 if rest[1][2].removeprefix("ال") in lex.titles and rest[1][2].startswith("ال") else 1
        for k in range(lead, min(lead + 3, len(rest) - 1)):
            if rest[k + 1][2] in _COMMAS and all(not t[2].startswith("ال") and t[2][0].isalnum() for t in rest[lead:k + 1]):
                words.extend(rest[1:k + 1])
                return rest[k + 1:]
    return rest


def apposition_follows(toks: list[Tok], k: int, lex: RuleWords) -> bool:
    """After a comma, an apposition describing or naming the source (، وهو مستشار …، / ،
    القيادي في …، / ، وفاء الطائي،) belongs to the mention: a وهو/وهي clause, a definite title or
    a personal name, closed by another comma."""
    nxt = toks[k + 1][2] if k + 1 < len(toks) else ""
    name = nxt in lex.first_names and nxt not in lex.prepositions  # …النيابية، وفاء الطائي، …
    if not (nxt in ("وهو", "وهي") or name or nxt.startswith("ال") and nxt not in lex.adjunct_words):
        return False
    return any(t[2] in _COMMAS for t in toks[k + 2:])


def name_after_place(toks: list[Tok], k: int, lex: RuleWords) -> int | None:
    """After a title, ``في`` at ``toks[k]`` can open a place or body that is part of the title
    when a personal name ends the phrase (المقيم في واشنطن نزار حيدر، رئيس الدائرة في الوزارة
    اللواء مقداد ميري): up to three words, then a first name and its family name, then the end
    of the tokens, a comma or a dash. Returns the index after the name, or ``None``."""
    j = k + 1
    while j < len(toks) and j - k <= 4 and toks[j][2] not in lex.first_names:
        w = toks[j][2]
        if not w[0].isalnum() or w in lex.prepositions or w in lex.adjunct_words or w in lex.document_words:
            return None
        j += 1
    if j >= len(toks) or j == k + 1 or toks[j][2] not in lex.first_names or toks[j][2] in lex.prepositions:
        return None
    end = j + 1
    while end < len(toks) and end - j < 4 and toks[end][2][0].isalnum() and toks[end][2] not in lex.prepositions \
            and toks[end][2] not in lex.adjunct_words:
        end += 1
        if toks[end - 1][2].startswith("ال"):
            break  # علي حسن الربيعي: a family name closes the name
    closed = end == len(toks) or toks[end][2] in (*_COMMAS, *_DASHES, "(")
    return end if closed else None


def mention_before(toks: list[Tok], lex: RuleWords) -> tuple[int, int] | None:
    """The source mention among the tokens between a cue and its complementiser, cut before
    adjuncts (، الأربعاء، / في بيان / خلال مؤتمر)."""
    words: list[Tok] = []
    quoted_name = False
    for k, (ts, te, w) in enumerate(toks):
        if not words and w in lex.object_nouns:
            return None  # نفى صحة هذه المعلومات …: the verb's object opens here, its subject is implied
        if not words and (w in lex.resumptive or lex.never_source(w) and w not in lex.prepositions
                          and w not in lex.adjunct_words):
            continue  # بيان قالت فيه الكتائب، وأكد أيضاً الوزير: no source here, or it follows
        if w in lex.quote_chars and (quoted_name or not words or organisation_head(words[-1][2]) in lex.organisation_heads):
            quoted_name = not quoted_name  # صحيفة "الغارديان" (or a quoted name alone): the source's name
            words.append((ts, te, w))
            continue
        if quoted_name:
            words.append((ts, te, w))
            continue
        if w in _COMMAS and words and apposition_follows(toks, k, lex):
            words.append((ts, te, w))
            continue
        if w in ("،", ",", ":", "؛", ";", "(", "-", "–") or w in lex.quote_chars or lex.outlet_addressee(w):
            break
        if w in lex.adjunct_words and not (w == "في" and words and words[-1][2] in lex.complement_heads):
            if w == "في" and words and any(x[2] in lex.complement_heads for x in words):
                words.append((ts, te, w))  # an anonymous head with adjectives: مصدر أمني رفيع في …
                continue
            end = name_after_place(toks, k, lex) if w == "في" and titled(words, lex) else None
            if end is not None:  # المحلل المقيم في واشنطن نزار حيدر: the place is in the title
                words.extend(toks[k:end])
                return words[0][0], words[-1][1]
            break
        if w in ("الى", "على", "عن") or w == "من" and words and not (
                words[-1][2] in lex.complement_heads or is_participle(words[-1][2])):
            break  # حذر X من أن …: من opens the content; مصدر من الوزارة، المدعومة من إيران stay in
        words.append((ts, te, w))
    return (words[0][0], words[-1][1]) if words else None


def mention_np(window: list[Tok], noun_cue: bool, cue_end: int, lex: RuleWords,
               name_end: Callable[[list[str], int], int]) -> tuple[tuple[int, int] | None, int]:
    """With no complementiser: the source noun phrase right after the cue, and where the
    content (the verb's object) starts."""
    words = np_words(window, lex, name_end)
    if not words or (noun_cue and len(words) == 1 and words[0][2].startswith("ال")):
        return None, cue_end
    rest = [t for t in window if t[0] >= words[-1][1]]
    rest = skip_adjunct(apposition(words, rest, lex), lex)
    end = words[-1][1]
    content_start = rest[0][0] if rest else end
    if rest and rest[0][2] in _COMMAS:
        content_start = rest[0][1]
    return (words[0][0], end), content_start
