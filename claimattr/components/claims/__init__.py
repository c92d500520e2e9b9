"""Claim patterns: quotes and cues turned into claim candidates with their source mentions.

One module per pattern family, all reading one :class:`~claimattr.components.claims.state.DocState`:

- :mod:`~claimattr.components.claims.reported`: verb-first and subject-first reported speech,
  participle continuations, implied subjects (with :mod:`~claimattr.components.mentions`, the
  noun-phrase chunker, :mod:`.subject_first` and :mod:`.statements`: issuers and causatives);
- :mod:`~claimattr.components.claims.postposed`: بحسب/وفقاً لـ/نقلاً عن attributions;
- :mod:`~claimattr.components.claims.posts`: "Speaker: words" headlines, "Name:" posts, clutter;
- :mod:`~claimattr.components.claims.continuations`: orphan quotations.

Sentence by sentence, every cue outside a quotation opens a claim unless it sits inside the
content of an earlier one (nested speech) and does not start a claim of its own; a sentence with
no claim is tried as a headline; then its orphan quotations. Each candidate keeps the name of
the pattern that found it (``pattern``) and that pattern's prior confidence (setting ``priors``).
"""

from __future__ import annotations

from claimattr.components.base import Component
from claimattr.components.claims.continuations import orphan_quotes
from claimattr.components.claims.postposed import postposed
from claimattr.components.claims.posts import clutter_lines, headline, posts
from claimattr.components.claims.reported import clause_start, reported, starts_claim
from claimattr.components.claims.state import DocState, Sentence, SpanSet
from claimattr.components.cues import POSTPOSED
from claimattr.components.mentions import NameGazetteer
from claimattr.components.rulewords import FILES, RuleWords
from claimattr.doc import Candidate, Document, Segment
from claimattr.text import trim

#: The prior confidence of a candidate by the pattern that found it (a quote after a verb cue
#: and a named source ranks above a subject-first headline or an orphan quotation); a direct
#: claim of a cue pattern gets 0.05 more.
PRIORS = {"verb-first": 0.85, "subject-first": 0.6, "continuation": 0.8, "implied": 0.75, "quoted-piece": 0.7,
          "postposed": 0.6, "headline": 0.7, "post": 0.65, "orphan": 0.5}


class ClaimPatterns(Component):
    """Claim candidates of an article, found by the rule patterns (see the module docstring)."""

    factory = "claim_patterns"
    requires = ("norm", "tokens", "paragraphs", "scripture", "sentences", "quotes", "cues")
    assigns = ("candidates",)
    lexicon_files = FILES
    #: ``min_statement_words``: words a quotation needs to be a statement of its own;
    #: ``min_headline_words``: words after the colon of a "Speaker: words" line;
    #: ``mention_reach``: words between a cue and its complementiser; ``max_post_chars``: a
    #: "Name: words" first line makes a post only in a text this short; ``max_statement_chars``:
    #: likewise for a "Name:" line alone; ``priors``: see :data:`PRIORS`.
    defaults = {"min_statement_words": 4, "min_headline_words": 3, "mention_reach": 26, "max_post_chars": 2500,
                "max_statement_chars": 6000, "priors": PRIORS}

    def setup(self) -> None:
        self.words = RuleWords.of(self.lexicons)
        self.gazetteer = NameGazetteer.of(self.registry)

    def __call__(self, doc: Document) -> Document:
        st = DocState(doc, self.words, self.settings, self.gazetteer.name_end)
        find(st)
        doc.candidates = [_candidate(doc, c) for c in sorted(st.out, key=lambda c: c["start"])]
        return doc


def find(st: DocState) -> None:
    """Run every pattern over one document; the candidates land in ``st.out``."""
    posts(st)
    st.post_lines = SpanSet([(c["start"], c["end"] + 1) for c in st.out if c["pattern"] == "post"])
    no_claims = SpanSet(clutter_lines(st) + st.scripture.spans)
    qi = ci = 0
    for s_start, s_end in st.sentences:
        while qi < len(st.quotes) and st.quotes[qi].norm_open < s_start:
            qi += 1
        qj = qi
        while qj < len(st.quotes) and st.quotes[qj].norm_open < s_end:
            qj += 1
        while ci < len(st.cues) and st.cues[ci].norm_start < s_start:
            ci += 1
        cj = ci
        while cj < len(st.cues) and st.cues[cj].norm_start < s_end:
            cj += 1
        if not st.post_lines.overlaps(s_start, s_end) and not no_claims.contains(s_start):
            _sentence(st, Sentence(s_start, s_end, st.cues[ci:cj], st.quotes[qi:qj]))


def _sentence(st: DocState, s: Sentence) -> None:
    claimed_until = s.start
    found_before = len(st.out)
    cues = [c for c in s.cues if not st.inside_quote(c.norm_start)]
    opens = [starts_claim(st, c) for c in cues]
    boundary = [s.end] * len(cues)  # where cue k's content must stop: the next cue opening a claim
    following = s.end
    for k in range(len(cues) - 1, -1, -1):
        boundary[k] = following
        if opens[k]:
            following = clause_start(st, cues[k])
    for k, cue in enumerate(cues):
        if cue.norm_start < claimed_until and not opens[k]:
            continue  # nested reported speech stays inside the outer claim
        if cue.cls == POSTPOSED:
            end = postposed(st, cue, s, claimed_until, boundary[k])
        else:
            end = reported(st, cue, s, boundary[k])
        if end is not None:
            claimed_until = max(claimed_until, end)
    if len(st.out) == found_before:
        headline(st, s)
    orphan_quotes(st, s)


def _candidate(doc: Document, c: dict) -> Candidate:
    """A candidate with original offsets (trimmed of white space and invisible marks)."""
    start, end = trim(doc.text, *doc.norm.to_original(c["start"], c["end"]))
    mention = None
    if c["mention"] is not None:
        m_start, m_end = trim(doc.text, *doc.norm.to_original(*c["mention"]))
        mention = Segment(m_start, m_end, *c["mention"])
    cue = c["cue"]
    return Candidate(start, end, c["start"], c["end"], c["kind"], cue, mention, c["pattern"], c["prior"],
                     bool(cue and cue.feminine), bool(cue and cue.plural))
