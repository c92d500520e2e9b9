"""Statements and their issuers: whose words a cue reports when the subject is not beside it.

- **statement issuers**: أصدرت الكتائب بياناً قالت فيه … — the source of a cue followed by a
  resumptive pronoun (فيه، فيها) is the subject of the issuing verb (أصدر، نشر، بث، وزع);
- **causative subjects**: دفع X إلى التأكيد، دعا X إلى إعلان … — the source of a verbal noun after
  إلى is the noun phrase between the governing verb and إلى.

("Name:" statements posted line by line are in :mod:`claimattr.components.claims.posts`.)
"""

from __future__ import annotations

from claimattr.components.claims.state import DocState, Sentence
from claimattr.components.mentions import in_name, np_words
from claimattr.doc import Cue


def statement_issuer(st: DocState, cue: Cue, s: Sentence) -> tuple[int, int] | None:
    """أصدرت X بياناً قالت فيه …: the source is the subject of the issuing verb."""
    m = None
    for m in st.words.issue_verb.finditer(st.text, s.start, cue.norm_start):
        pass
    if m is None:
        return None
    words = np_words(st.tokens(m.end(), cue.norm_start), st.words, st.name_end)
    return (words[0][0], words[-1][1]) if words else None


def causative_subject(st: DocState, cue: Cue, s: Sentence) -> tuple[int, int] | None:
    """دفع X إلى التأكيد / دعا X إلى إعلان: the noun phrase between the verb and إلى."""
    before = st.tokens(s.start, cue.norm_start)
    if not before or before[-1][2] != "الى":
        return None
    k = len(before) - 2
    while k >= 0 and before[k][2] in ("،", ","):
        k -= 1
    end = k
    while k >= 0 and in_name(before[k][2], st.words) and before[k][2] not in st.words.causatives and end - k < 10:
        k -= 1
    if k < 0 or before[k][2] not in st.words.causatives or k == end:
        return None
    return before[k + 1][0], before[end][1]
