"""Subject-first reported speech: the source before its cue (العامري قال إن …؛ الكاظمي ينتقد …).

The subject is one to nine words from the start of the clause up to the cue, unless a clause
opener (التي، فيما، كما، بعدما …), a particle or an adjunct shows that the cue belongs to a
subordinate clause, or the words sit inside a quotation. Some forms get their own rule: a subject
after كان (وكان X قد أعلن، وكانت الصحيفة قد ذكرت، وكان المتحدث …، قد أعلن), a coordinating particle
before the subject (لكن آلي تقول), a coordinated second subject (… القوات الأميركية وواشنطن
تطالب) and the topic of أما (أما الباحث X، فقد لفت إلى أن …؛ أما المانع فيرى أن …).
"""

from __future__ import annotations

import re

from claimattr.components.claims.state import DocState, Sentence
from claimattr.components.cues import PRESENT, VERB
from claimattr.components.mentions import np_words, unprefixed
from claimattr.doc import Cue

#: What ends the clause a subject stands in: punctuation, a double dot, and a dateline's dash
#: (بغداد - أعلنت …، أربيل (وكالة)- كشفت …، شبكة الأخبار- أكد …: a dash with a space on either side).
_CLAUSE_BREAK_RE = re.compile(r"[،,:;؛\n]|\.\.|\s[-–—]|[-–—]\s|\)\s*[-–—]")


def subject_before(st: DocState, cue: Cue, s: Sentence) -> tuple[int, int] | None:
    """A subject-first source: 1-9 words from the clause start up to the cue, or None."""
    lex = st.words
    clause_start = s.start
    for m in _CLAUSE_BREAK_RE.finditer(st.text, s.start, cue.norm_start):
        clause_start = m.end()
    toks = [t for t in st.tokens(clause_start, cue.norm_start) if t[2][0].isalnum() or t[2][0] == "#"]
    if toks and lex.kana.fullmatch(toks[0][2]):
        toks = toks[1:]  # وكان X قال: the subject follows كان
        if len(toks) > 1 and unprefixed(toks[-1][2]) in ("قد", "لقد"):
            toks = toks[:-1]  # وكانت صحيفة الغارديان قد ذكرت
    if len(toks) > 1 and unprefixed(toks[0][2]) in ("لكن", "بل", "ثم"):
        toks = toks[1:]  # لكن آلي تقول إن …: a coordinating particle before the subject
    elif len(toks) > 2 and toks[0][2] in ("الا", "غير") and toks[1][2] == "ان":
        toks = toks[2:]  # إلا أن بلومبيرغ أفادت بأن …، غير أن الوزارة قالت …
    for j in range(len(toks) - 1, 0, -1):
        if toks[j][2].startswith(("وال", "وو")):  # … القوات الأميركية وواشنطن تطالب
            return (toks[j][0] + 1, toks[-1][1]) if len(toks) - j <= 6 else None
    if not 1 <= len(toks) <= 9:
        return None
    if len(toks) == 1 and unprefixed(toks[0][2]) in ("قد", "لقد"):
        return pluperfect_subject(st, s.start, clause_start)
    if any(unprefixed(t[2]) in lex.clause_openers for t in toks) or toks[0][2] in lex.adjunct_words \
            or lex.never_source(toks[0][2]) or lex.never_source(toks[-1][2]):
        return None  # … لكنه قال، وهو يقول: a pronoun or particle right before the cue is its subject
    if any(c.norm_start == toks[0][0] and c.cls in (VERB, PRESENT) for c in s.cues):
        return None  # واعترف بـ… لكنه قال: a clause that opens with a verb has its subject after it
    if any(t[2] in lex.adjunct_words and t[2] != "في" for t in toks):
        return None
    if any(st.inside_quote(t[0]) for t in toks):
        return None
    return toks[0][0], toks[-1][1]


#: Words that carry the فـ answering أما before the verb (أما X فقد لفت، أما X فإنه يرى).
_FA_WORDS = ("فقد", "فان", "فانه", "فانها", "فهو", "فهي")


def topic_subject(st: DocState, cue: Cue, s: Sentence) -> tuple[int, int] | None:
    """أما X فـ…: the topic between أما and the فـ that answers it is the subject of the verb
    after فـ (أما الباحث محمد الأسعد، فقد لفت إلى أن …؛ أما المانع فيرى أن …)."""
    answered = st.text[cue.norm_start:cue.norm_start + 1] == "ف"
    if not answered and not _fa_before(st, s.start, cue.norm_start):
        return None  # most cues: no فـ, so no topic (checked without the sentence's words)
    words = [t for t in st.tokens(s.start, cue.norm_start) if t[2][0].isalnum()]
    if words and words[-1][2] in _FA_WORDS:
        words = words[:-1]
    return _topic(st, words)


def _fa_before(st: DocState, start: int, end: int) -> bool:
    """Whether the last word of ``[start, end)`` is one of :data:`_FA_WORDS`."""
    last = st.last_word(start, end)
    return last is not None and last[2] in _FA_WORDS


def _topic(st: DocState, words: list) -> tuple[int, int] | None:
    """The words after the last أما in ``words`` (1-12 of them, a noun phrase), or None."""
    for j in range(len(words) - 1, -1, -1):
        if unprefixed(words[j][2]) == "اما":
            topic = words[j + 1:]
            if not 1 <= len(topic) <= 12 or st.words.never_source(topic[0][2]) or topic[0][2] in st.words.adjunct_words \
                    or any(st.inside_quote(t[0]) for t in topic):
                return None
            return topic[0][0], topic[-1][1]
    return None


def pluperfect_subject(st: DocState, s_start: int, comma: int) -> tuple[int, int] | None:
    """كان + subject + ، + قد + verb (وكان المتحدث …، قد أعلن): the subject between them."""
    m = None
    for m in st.words.kana.finditer(st.text, s_start, comma):
        pass
    if m is None:
        return None
    start, end = st.strip(m.end(), comma)
    return (start, end) if end > start else None


def main_clause_subject(st: DocState, cue: Cue, s: Sentence) -> tuple[int, int] | None:
    """The subject of a sentence's opening verb, for a participle whose sentence holds no claim
    before it: فرضت واشنطن عقوبات …، قائلةً إن … -> واشنطن (or the topic of an opening أما).
    The verb and the participle must agree in gender (a verb ending in ت is feminine); a
    sentence that opens with a noun, an adjunct or a particle gives nothing."""
    lex = st.words
    toks = st.tokens(s.start, cue.norm_start)
    if len(toks) < 2 or not toks[0][2][0].isalnum():
        return None
    if unprefixed(toks[0][2]) == "اما":  # أما المانع فيربط …، معتبراً أن …: the topic
        words = [t for t in toks if t[2][0].isalnum()]
        fa = next((k for k, t in enumerate(words) if k > 1 and t[2].startswith("ف")), None)
        return _topic(st, words[:fa]) if fa is not None else None
    verb = unprefixed(toks[0][2])
    if verb.startswith("ال") or lex.never_source(toks[0][2]) or lex.never_source(verb) or verb in lex.adjunct_words \
            or verb in lex.first_names:  # فيما، بينما، كما: a conjunction opens the sentence, not a verb
        return None
    if verb.endswith("ت") != cue.feminine:
        return None
    words = np_words(toks[1:], lex, st.name_end)
    return (words[0][0], words[-1][1]) if words else None
