"""Reported speech introduced by a cue: verb-first, subject-first and continuations.

- **verb-first**: cue, source, adjuncts, complementiser, content (قال رئيس الوزراء، الأربعاء، إن …;
  أعلنت الحركة عن …); without a complementiser the content is the verb's object, which ends at
  the first comma;
- **subject-first**: source, cue, content (:mod:`~claimattr.components.claims.subject_first`);
- **continuations**: a participle or a و-verb with an implied subject (مضيفاً أن …، وتابع: …);
- **implied**: a verb-first cue with no source of its own (the speakers component resolves it).

The content opens at a complementiser (إن/أن/بأن with a pronoun suffix), a colon or a quotation
found within the source mention's reach, and ends at the end of the sentence, at the next cue
that opens a claim of its own, or before the journalist's continuation.
"""

from __future__ import annotations

import bisect
from itertools import compress, count

from claimattr.components.claims.state import DocState, Sentence, Tok
from claimattr.components.claims.statements import causative_subject, statement_issuer
from claimattr.components.claims.subject_first import main_clause_subject, subject_before, topic_subject
from claimattr.components.cues import NOUN, PARTICIPLE, POSTPOSED, PRESENT, VERB
from claimattr.components.mentions import dash_mask, mention_before, mention_np, np_words, outside_dashes
from claimattr.doc import Cue

#: How far after a cue its source and complementiser are looked for, in characters.
WINDOW_CHARS = 250


def starts_claim(st: DocState, cue: Cue) -> bool:
    """A cue inside earlier content opens a claim of its own when it is coordinated
    (وأضاف، فيما قال), a participle (مضيفاً), a post-posed attribution, or a verb right after
    a comma and right before its complementiser (asyndetic: …"، لفت إلى أن …); otherwise it
    is nested reported speech."""
    if cue.conj or cue.cls in (PARTICIPLE, POSTPOSED):
        return True
    if cue.cls in (VERB, PRESENT) and _after_new_clause(st, cue):
        return True
    before = st.text[max(0, cue.norm_start - 3):cue.norm_start]
    if cue.cls != VERB or not ("،" in before or "," in before):
        return False
    after = [w for _, _, w in st.tokens(cue.norm_end, min(len(st.text), cue.norm_end + 40), 3)]
    return any(w.startswith(("ان", "بان")) and st.words.complementizer.match(w) for w in after)


#: Words that open a new clause of the same or another speaker before a cue: لكنه أشار إلى أن
#: …، إذ يرى أن …، إلا أن X أفادت بأن …، غير أن X قال … (the pronoun-bearing ones right before it,
#: the contrastive ones within four words before it, after a comma).
_OWN_CLAUSE = ("لكنه", "لكنها", "لكنهم", "ولكنه", "ولكنها", "اذ", "حيث")
_CONTRAST = (("الا", "ان"), ("غير", "ان"), ("لكن",), ("ولكن",))
_CONTRAST_FIRST = frozenset(opener[0] for opener in _CONTRAST)


def _after_new_clause(st: DocState, cue: Cue) -> bool:
    """Whether a cue inside earlier content opens a claim of its own because a clause opener
    stands before it (see :data:`_OWN_CLAUSE` and :data:`_CONTRAST`)."""
    return clause_start(st, cue) < cue.norm_start


def clause_start(st: DocState, cue: Cue) -> int:
    """Where the clause of a cue starts when an opener stands before it (the opener, which the
    previous claim's content must not take: …، لكنه أشار → the content stops before لكنه);
    the cue's own start otherwise. Kept per cue: a sentence asks it twice."""
    hit = st.clause_starts.get(cue.norm_start)
    if hit is None:
        hit = st.clause_starts[cue.norm_start] = _clause_start(st, cue)
    return hit


def _clause_start(st: DocState, cue: Cue) -> int:
    before = st.tokens(max(0, cue.norm_start - 60), cue.norm_start)[-7:]
    if before and before[-1][2] in _OWN_CLAUSE:
        return before[-1][0]
    words = [t[2] for t in before]
    for k in range(1, len(words)):
        if words[k] not in _CONTRAST_FIRST or words[k - 1] not in ("،", ","):
            continue
        for opener in _CONTRAST:
            n = len(opener)
            if tuple(words[k:k + n]) == opener and 1 <= len(words) - k - n <= 4:
                return before[k][0]
    return cue.norm_start


def reported(st: DocState, cue: Cue, s: Sentence, limit: int) -> int | None:
    """The claim a verb, present, participle or noun cue introduces; returns where it ends."""
    window = st.tokens(cue.norm_end, min(limit, cue.norm_end + WINDOW_CHARS))
    comp = find_opening(st, window, cue.ambiguous)
    mention: tuple[int, int] | None = None
    pattern = "verb-first"
    if cue.ambiguous and comp is None and not (window and window[0][2] == "عن"):
        return None
    topic = topic_subject(st, cue, s) if cue.cls in (VERB, PRESENT) else None
    if topic is not None:
        mention, pattern = topic, "subject-first"
        content_start = comp[1] if comp else cue.norm_end
    elif cue.cls == PARTICIPLE:
        content_start = comp[1] if comp else cue.norm_end
        pattern = "continuation"
        if not (st.out and st.out[-1]["start"] >= s.start):  # no claim before it in its sentence
            mention = main_clause_subject(st, cue, s)
    elif (subject := _verb_subject(st, cue, s)) is not None and (
            cue.cls == PRESENT or comp is None or _adjacent(window, comp[2]) or _only_adjuncts(st, window[:comp[2]])):
        mention, pattern = subject, "subject-first"
        content_start = comp[1] if comp else cue.norm_end
    elif comp is not None:
        mention = mention_before(window[:comp[2]], st.words)
        if mention is not None and cue.takes_object:  # اتهمت الوزارة رجلَ الأعمال بأنه …: the subject only
            subject = np_words(window[:comp[2]], st.words, st.name_end)
            mention = (subject[0][0], subject[-1][1]) if subject else mention
        content_start = comp[1]
        if mention is None and window and window[0][2] in st.words.resumptive:
            mention = statement_issuer(st, cue, s)
    else:
        if window and window[0][2] in st.words.demonstratives and cue.cls in (VERB, PRESENT):
            return None  # تعتبر هذه القاعدة موقعاً: a copular use, not speech
        mention, content_start = mention_np(window, cue.cls == NOUN, cue.norm_end, st.words, st.name_end)
        addressed = _addressed(st, mention[1], limit) if mention is not None and cue.addressee else None
        if addressed is not None:
            mention, content_start = None, addressed  # دعا الحكومة إلى …: the addressee is no source
    if comp is None:
        content_start = _skip_leading_adjunct(st, content_start, limit)
        limit = _clause_end(st, content_start, limit)
    if mention is None and cue.cls == NOUN:
        mention = causative_subject(st, cue, s)
    if mention is None and pattern == "verb-first":
        pattern = "implied"
        if cue.conj and not (st.out and st.out[-1]["start"] >= s.start):  # التقى الوزير … وأكد أن
            mention = main_clause_subject(st, cue, s) or previous_sentence_subject(st, cue, s)
    return st.emit_content(cue, s, content_start, limit, mention, pattern)


def _verb_subject(st: DocState, cue: Cue, s: Sentence) -> tuple[int, int] | None:
    """The subject before a verb or present cue without a conjunction (looked for only once the
    cue's topic and participle readings are ruled out)."""
    return subject_before(st, cue, s) if cue.cls in (VERB, PRESENT) and not cue.conj else None


def previous_sentence_subject(st: DocState, cue: Cue, s: Sentence) -> tuple[int, int] | None:
    """A sentence that opens with an implied-subject cue (وأكد أن …) right after a sentence of
    narration (no claim in it) that opens with a verb continues that verb's subject: التقى الوزير
    بالسفير أمس. وأكد أن … -> الوزير. The cue must open its sentence, and the verb agree with it
    in gender."""
    if st.text[s.start:cue.norm_start].strip():
        return None
    k = bisect.bisect_left(st.sentences, (s.start,)) - 1
    if k < 0:
        return None
    prev = Sentence(*st.sentences[k], [], [])
    if st.out and st.out[-1]["end"] > prev.start or "\n\n" in st.text[prev.end:s.start]:
        return None  # the sentence before holds a claim, or a paragraph break separates them
    return main_clause_subject(st, cue, prev)


def _only_adjuncts(st: DocState, between: list[Tok]) -> bool:
    """True when the words between a cue and its complementiser hold no source mention (a time
    or place adjunct only: وكانت الخلية أعلنت مساء الخميس أنه …), so a subject before the cue is
    its source; a resumptive pronoun (بياناً قالت فيه) points to the statement's issuer instead."""
    return bool(between) and between[0][2] not in st.words.resumptive and mention_before(between, st.words) is None


def _addressed(st: DocState, mention_end: int, limit: int) -> int | None:
    """Where the content starts when the noun phrase after an addressee cue is the person
    addressed (دعا الحكومة إلى …، طالب الوزارة ب…): at إلى or the ب-word that follows it."""
    nxt = st.tokens(mention_end, limit, 1)
    if nxt and (nxt[0][2] == "الى" or nxt[0][2].startswith("ب") and len(nxt[0][2]) > 3):
        return nxt[0][0]
    return None


def _adjacent(window: list[Tok], i: int) -> bool:
    """True when only a dash parenthetical separates a cue from its complementiser."""
    return all(dash_mask(window[:i]))


#: Adverbs that may stand between a verb's subject and its object without commas (أعلن الجيش
#: مؤخراً مقتل …، أكد الوزير مجدداً رفضه …).
_ADVERBS = ("مؤخرا", "مجددا", "ايضا", "كذلك", "سابقا", "حاليا", "اليوم", "امس", "رسميا", "صراحه")


def _skip_leading_adjunct(st: DocState, start: int, limit: int) -> int:
    """Skip a time adjunct closed by a comma at the start of the content (الأربعاء الماضي،), or
    an adverb (مؤخراً، مجدداً) before a verb's object."""
    toks = st.tokens(start, limit, 8)
    if toks and toks[0][2] in st.words.adjunct_words:
        for _, te, w in toks[1:]:
            if w in ("،", ","):
                return te
    if toks and toks[0][2] in _ADVERBS and len(toks) > 1 and toks[1][2][0].isalnum():
        return toks[1][0]
    return start


def _clause_end(st: DocState, start: int, limit: int) -> int:
    """Reported content without a complementiser is a verb's object: it ends at the first
    comma (what follows is the journalist's context), unless a quotation is open there."""
    for _, te, w in st.tokens(start, limit):
        if w in ("،", ",") and not st.quote_extents.contains(te - 1):
            return te - 1
    return limit


def find_opening(st: DocState, window: list[Tok], ambiguous: bool = False) -> tuple[int, int, int] | None:
    """The first complementiser, colon or opening quote after a cue, within the source
    mention's reach (``mention_reach`` words, not counting a parenthetical between dashes):
    ``(start, content_start, token_index)`` or None."""
    visible = outside_dashes(window)
    reach = st.settings["mention_reach"]
    if len(visible) > reach:  # fewer tokens than that hold fewer words
        words_seen = list(compress(count(), [tok[2][0].isalnum() for _, tok in visible]))
        if len(words_seen) > reach:
            visible = visible[:words_seen[reach]]
    complementizer, quote_chars = st.words.complementizer, st.words.quote_chars
    name_end = _quoted_name_end(st, window) if window and window[0][2] in quote_chars else 0
    for k, (i, (ts, te, w)) in enumerate(visible):
        if i < name_end:
            continue
        if w in ("ان", "بان", "لان") or (w.startswith(("ان", "بان")) and len(w) <= 6 and complementizer.match(w)):
            if i + 1 < len(window) and window[i + 1][2] in ("الى", "على"):
                continue
            return ts, te, i
        if w == ":":
            return ts, te, i
        if w in quote_chars and _quote_opens_content(visible, k, ambiguous, st.words.organisation_heads):
            return ts, ts, i
        if w in (".", "؟", "!"):
            return None
    return None


def _quoted_name_end(st: DocState, window: list[Tok]) -> int:
    """A short quotation right after a cue, closed and followed by a comma or a complementiser,
    is the source's name, not its words (نفت "سرايا أولياء الدم"، وهي فصيل …، أن …؛ قال "الحشد"
    إن …): the index after its closing mark, or 0."""
    lex = st.words
    for j in range(1, min(len(window), 6)):
        w = window[j][2]
        if w in lex.quote_chars:
            after = window[j + 1][2] if j + 1 < len(window) else ""
            opens = after in ("،", ",") or after.startswith(("ان", "بان")) and lex.complementizer.match(after)
            return j + 1 if j > 1 and opens else 0
        if not w[0].isalnum() or lex.never_source(w):
            return 0
    return 0


def _quote_opens_content(visible: list[tuple[int, Tok]], k: int, ambiguous: bool, heads: frozenset[str]) -> bool:
    """A quotation right after the cue, after a comma, or (for unambiguous cues) after the
    source words and a parenthetical, opens the content (وقال X -…- "…"); one right after an
    organisation's head is its quoted name (ذكرت صحيفة "الغارديان" أن …)."""
    if k == 0:
        return True
    prev = visible[k - 1][1][2]
    if prev in heads:
        return False
    if prev in ("،", ",", ":"):
        return True
    jumped = visible[k][0] - visible[k - 1][0] > 1
    return not ambiguous and (k == 1 or jumped)
