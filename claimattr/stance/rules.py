"""Named stance rules: linguistic patterns of ANNOTATION.md's oppose and support definitions.

``stance_rules.tsv`` holds them as data, each a name, a label and a regular expression over the
normalised claim: calls to expel the forces, "occupation", US strikes called aggression or a
violation of sovereignty, threats against US bases (oppose); self-defence, condemning attacks on
the embassy or bases, arresting the attackers, advising and training, calling the attackers
terrorist militias (support). A rule counts only when the claim refers to US or coalition
forces: in its own words (the ``us`` row), or through its speaker (a US body of
``us_speakers.txt``, or an ``other:`` source named as American). The learned models learn the
vocabulary of their training corpora; the rules carry the definitions to texts whose vocabulary
they have not seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimattr.lexicon import Lexicons
from claimattr.stance.features import phrase_finder
from claimattr.text import normalize

#: The lexicon files the rules read.
LEXICON_FILES = ("stance_rules.tsv", "us_speakers.txt")


#: Characters with a meaning in a regular expression: a pattern without them (``|`` aside) is a
#: list of plain words, which one Aho-Corasick pass finds faster than the regular expression.
_REGEX_SYNTAX = frozenset("\\.^$*+?{}[]()")


class Mentions:
    """Whether a text mentions one of the words of a pattern (``search``): by Aho-Corasick when
    the pattern is a plain list of words joined by ``|``, else by the regular expression."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)
        words = [] if _REGEX_SYNTAX.intersection(pattern) else pattern.split("|")
        self.automaton = phrase_finder(tuple(("", w) for w in words))[0] if all(words) else None

    def search(self, text: str) -> bool:
        if self.automaton is not None:
            return next(self.automaton.iter(text), None) is not None
        return self.pattern.search(text) is not None


@dataclass(frozen=True)
class StanceRules:
    """The compiled rules of one set of lexicons (see the module docstring)."""

    us: Mentions
    us_speakers: frozenset[str]
    rules: tuple[tuple[str, str, re.Pattern[str]], ...]

    @classmethod
    def of(cls, lexicons: Lexicons) -> StanceRules:
        rows = lexicons.table("stance_rules")
        us = next(Mentions(p) for label, _, p in rows if label == "us")
        rules = tuple((label, name, re.compile(p)) for label, name, p in rows if label != "us")
        return cls(us, frozenset(lexicons.words("us_speakers")), rules)

    def votes(self, text: str, speaker: str | None = None) -> dict[str, list[str]]:
        """The rules that fire on a claim, by label: ``{"oppose": ["occupation"], ...}``."""
        normalized = normalize(text)
        if not (self.us.search(normalized) or self._us_speaker(speaker)):
            return {}
        out: dict[str, list[str]] = {}
        for label, name, pattern in self.rules:
            if pattern.search(normalized):
                out.setdefault(label, []).append(name)
        return out

    def _us_speaker(self, speaker: str | None) -> bool:
        if not speaker:
            return False
        if speaker.startswith("other:"):
            return self.us.search(normalize(speaker))
        return speaker in self.us_speakers


def combine(probs: dict[str, float], votes: dict[str, list[str]], floor: float) -> tuple[dict[str, float], tuple[str, ...]]:
    """Model probabilities adjusted by the rules, and the names of the rules that decided.

    When the rules that fire agree on one label (or one label has more rules), that label gets
    at least ``floor`` and the other labels share the rest in the model's proportions; otherwise
    the model stands (and no rule is reported).
    """
    if not votes:
        return probs, ()
    ranked = sorted(votes, key=lambda label: len(votes[label]), reverse=True)
    if len(ranked) > 1 and len(votes[ranked[0]]) == len(votes[ranked[1]]):
        return probs, ()
    label = ranked[0]
    fired = tuple(votes[label])
    if label not in probs or probs[label] >= floor:
        return probs, fired
    rest = sum(p for k, p in probs.items() if k != label) or 1.0
    scale = (1.0 - floor) / rest
    return {k: (floor if k == label else p * scale) for k, p in probs.items()}, fired
