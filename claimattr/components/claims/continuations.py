"""Orphan quotations: a statement in quotes that opens its sentence and that no cue governs
continues the last source (a quoted paragraph after وقال …). Its speaker is resolved like an
implied subject. (Participles and و-verbs with an implied subject are handled with the other
cues in :mod:`~claimattr.components.claims.reported`; further quoted pieces of one sentence in
:meth:`~claimattr.components.claims.state.DocState.more_pieces`.)
"""

from __future__ import annotations

from claimattr.components.claims.state import DocState, Sentence


def orphan_quotes(st: DocState, s: Sentence) -> None:
    """Add the sentence's orphan quotations as direct claims of the previous source."""
    for q in s.quotes:
        if q.norm_open in st.used_quotes or not st.is_statement(q):
            continue
        if st.word_count(s.start, q.norm_open) == 0 and st.out:
            qs, qe = st.strip(q.norm_start, q.norm_end)
            st.used_quotes.add(q.norm_open)
            st.add(qs, qe, "direct", None, None, "orphan", st.settings["priors"]["orphan"])
