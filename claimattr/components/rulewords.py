"""The word lists and patterns that the claim patterns and the mention chunker read.

They are data (``claimattr/data/lexicons/``, see :mod:`claimattr.lexicon`); this module compiles
them once per component into :class:`RuleWords`, which every rule function receives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimattr.lexicon import Lexicons
from claimattr.text import normalize

#: The lexicon files the claim patterns and the mention chunker read.
FILES = ("adjunct_words.txt", "prepositions.txt", "complement_heads.txt", "clause_openers.txt",
         "page_labels.txt", "causatives.txt", "resumptive.txt", "demonstratives.txt", "adjectives.txt",
         "first_names.txt", "non_source_words.txt", "object_nouns.txt", "outlet_heads.txt", "addressees.txt", "organisation_heads.txt",
         "titles.txt", "document_words.txt", "quote_marks.tsv", "patterns.tsv")


@dataclass(frozen=True)
class RuleWords:
    """Compiled word lists (normalised spelling) and patterns of the claim rules."""

    adjunct_words: frozenset[str]
    prepositions: frozenset[str]
    complement_heads: frozenset[str]
    clause_openers: frozenset[str]
    page_labels: frozenset[str]
    causatives: frozenset[str]
    resumptive: frozenset[str]
    demonstratives: frozenset[str]
    adjectives: frozenset[str]
    first_names: frozenset[str]
    non_source_words: frozenset[str]
    object_nouns: frozenset[str]
    outlet_heads: frozenset[str]
    addressees: frozenset[str]
    organisation_heads: frozenset[str]
    titles: frozenset[str]
    document_words: frozenset[str]
    quote_chars: frozenset[str]
    complementizer: re.Pattern[str]
    tail: re.Pattern[str]
    verse: re.Pattern[str]
    date_line: re.Pattern[str]
    issue_verb: re.Pattern[str]
    publish_verb: re.Pattern[str]
    kana: re.Pattern[str]
    nisba: re.Pattern[str]

    @classmethod
    def of(cls, lexicons: Lexicons) -> RuleWords:
        words = {name: frozenset(lexicons.words(name)) for name in (
            "adjunct_words", "prepositions", "complement_heads", "clause_openers", "page_labels", "causatives",
            "resumptive", "demonstratives", "adjectives", "first_names", "non_source_words", "object_nouns", "outlet_heads",
            "addressees")}
        for name in ("organisation_heads", "titles", "document_words"):  # written plainly: normalised here
            words[name] = frozenset(normalize(w) for w in lexicons.words(name))
        patterns = {name: re.compile(lexicons.pattern(name)) for name in (
            "complementizer", "tail", "verse", "date_line", "issue_verb", "publish_verb", "kana", "nisba")}
        marks = frozenset(ch for row in lexicons.table("quote_marks") for cell in row for ch in cell)
        return cls(**words, **patterns, quote_chars=marks)

    def never_source(self, word: str) -> bool:
        """A word that never heads a source mention (a particle, a pronoun, an adverb …), with or
        without an attached و/ف and ل/ب/ك (ولذلك، بذلك)."""
        bare = word.lstrip("#")
        if len(bare) > 2 and bare[0] in "وف" and bare[1:] in self.non_source_words:
            return True
        if len(bare) > 3 and bare[0] in "وف" and bare[1] in "لبك":
            bare = bare[1:]
        return bare in self.non_source_words or bare in self.object_nouns \
            or (len(bare) > 2 and bare[0] in "لبك" and bare[1:] in self.non_source_words)

    def outlet_addressee(self, word: str) -> bool:
        """A word naming who a source spoke to: ل + an outlet head or an audience (لوكالة،
        للصحيفة، للصحفيين، للجزيرة)."""
        if not word.startswith("ل") or len(word) < 4:
            return False
        rest = word[2:] if word.startswith("لل") else word[1:]
        return rest in self.outlet_heads or rest in self.addressees

    def is_adjective(self, word: str) -> bool:
        """An indefinite adjective that continues a source head (رفيع، عراقي، أمنية)."""
        return word in self.adjectives or bool(self.nisba.match(word))
