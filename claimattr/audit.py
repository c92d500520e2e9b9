"""An audit of speaker ids in annotated output: how many are no source at all.

A researcher who plots "who says what" needs every ``other:`` id to name a source. This audit
sorts each claim's speaker id into one of:

- ``function word``: the name is a particle, preposition, pronoun, adverb or other closed-class
  word (other:فيما، other:وهو، other:كذلك), or a single letter or digit string;
- ``fragment``: a piece of a mention rather than a source: a bare head without its name
  (other:صحيفة، other:رئيس), a name that starts or ends with a closed-class word (other:به الشرطة),
  unbalanced brackets or quotes, or a name glued to content (other:اللامي البيان);
- ``content``: a stretch of the claim or its context taken for a source (more than
  :data:`MAX_NAME_WORDS` words);
- ``ok``: everything else, registry ids and the documented unknown speaker (``unknown``) included.

The word lists (``audit_words.tsv``) are the audit's own, kept apart from the pipeline's
lexicons, so that the rules are not graded by their own data.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from claimattr.doc import Document
from claimattr.lexicon import Lexicons
from claimattr.text import NormalizedText

MAX_NAME_WORDS = 8
CATEGORIES = ("function word", "fragment", "content", "ok")
_WORD_RE = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    """The audit's word classes: ``closed`` (closed-class words) and ``heads`` (bare heads)."""
    rows = Lexicons().table("audit_words")
    return {kind: frozenset(_fold(w) for k, words in rows if k == kind for w in words.split())
            for kind in ("closed", "heads")}


def _fold(text: str) -> str:
    """The normalised view (ى kept, so that على is not the name علي)."""
    return NormalizedText.of(text).text


def category(entity: str) -> str:
    """The audit category of one speaker id (see the module docstring)."""
    if not entity.startswith("other:"):
        return "ok"
    name = entity[len("other:"):].strip()
    words = _WORD_RE.findall(_fold(name))
    closed, heads = _words()["closed"], _words()["heads"]
    bare = [w[1:] if w[:1] in ("و", "ف") and w[1:] in closed | heads else w for w in words]
    if not words or all(w in closed or len(w) < 2 or w.isdigit() for w in bare):
        return "function word"
    if len(words) > MAX_NAME_WORDS:
        return "content"
    if bare[0] in closed or words[-1] in closed or (len(words) == 1 and bare[0] in heads):
        return "fragment"
    if name.count("(") != name.count(")") or sum(name.count(q) for q in "\"«»“”") % 2:
        return "fragment"
    return "ok"


@dataclass
class Audit:
    """Counts of claims by the category of their speaker id, with examples."""

    counts: Counter = field(default_factory=Counter)
    examples: dict[str, Counter] = field(default_factory=dict)

    @property
    def claims(self) -> int:
        return sum(self.counts.values())

    def share(self, *categories: str) -> float:
        """The share of claims in ``categories`` (default: every category but ``ok``)."""
        chosen = categories or CATEGORIES[:-1]
        return sum(self.counts[c] for c in chosen) / self.claims if self.claims else 0.0

    def format_table(self, examples: int = 8) -> str:
        rows = [f"{self.claims} claims; speaker ids that are no source: {self.share():.2%}"]
        for name in CATEGORIES:
            rows.append(f"  {name:14} {self.counts[name]:7d}  {self.counts[name] / max(1, self.claims):7.2%}")
            if name != "ok" and self.examples.get(name):
                common = ", ".join(f"{e} ({n})" for e, n in self.examples[name].most_common(examples))
                rows.append(f"    e.g. {common}")
        return "\n".join(rows)


def audit(docs: Iterable[Document]) -> Audit:
    """Audit the speaker ids of every claim of ``docs``."""
    result = Audit()
    for doc in docs:
        for claim in doc.claims:
            kind = category(claim.speaker.entity)
            result.counts[kind] += 1
            if kind != "ok":
                result.examples.setdefault(kind, Counter())[claim.speaker.entity] += 1
    return result
