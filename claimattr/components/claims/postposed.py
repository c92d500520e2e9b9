"""Post-posed attributions: the content, then بحسب/وفقاً لـ/نقلاً عن + source; or بحسب + source,
then the content after a comma (بحسب مسؤول، فإن …).

A trailing attribution right after another claim (…، وفقاً لرويترز) is the journalist's tail of
that claim and adds none. The source after the cue runs to the next comma or stop; بحسب ما أفاد
مسؤول names مسؤول (ما and its reporting verb are skipped), and a detached لـ is dropped.
"""

from __future__ import annotations

from claimattr.components.claims.state import DocState, Sentence, Tok
from claimattr.components.mentions import mention_before
from claimattr.doc import Cue


def postposed(st: DocState, cue: Cue, s: Sentence, claimed_until: int, limit: int) -> int | None:
    """The claim of a post-posed cue, if any; returns where it ends."""
    clause_start = max(s.start, claimed_until)
    before = st.word_count(clause_start, cue.norm_start)
    after = st.tokens(cue.norm_end, limit)
    src_toks: list[Tok] = []
    for ts, te, w in after:
        if w in ("،", ",", ".", ":", "؛") or (src_toks and w in ("فان", "فانه", "فانها")):
            break
        src_toks.append((ts, te, w))
    mention = mention_before(_skip_ma_verb(src_toks), st.words)  # بحسب المنظمة في تقريرها: the organisation
    if mention is None:
        return None
    prior = st.settings["priors"]["postposed"]
    if claimed_until > s.start and clause_start >= cue.norm_start - 3:
        return mention[1]  # a trailing attribution of the previous claim (journalist's tail)
    if before >= 3 and claimed_until <= s.start:
        start, end = st.strip(clause_start, cue.norm_start)
        st.add(start, end, "indirect", cue, mention, "postposed", prior)
        return mention[1]
    if before == 0:
        rest = after[len(src_toks):]
        if rest:
            start, end = st.strip(rest[0][1] if rest[0][2] in ("،", ",", "فان") else rest[0][0], limit)
            tail = st.words.tail.search(st.text, start, end)
            end = tail.start() if tail else end
            if st.word_count(start, end) >= 3:
                st.add(start, end, "indirect", cue, mention, "postposed", prior)
                return end
    return None


def _skip_ma_verb(toks: list[Tok]) -> list[Tok]:
    """بحسب ما أفاد مسؤول → the source is مسؤول (skip ما and its reporting verb)."""
    if len(toks) >= 2 and toks[0][2] == "ما":
        return toks[2:]
    if toks and toks[0][2] in ("ل", "لـ"):
        return toks[1:]
    return toks
