"""Stage 3, cues: the Arabic words that introduce reported speech, found with their inflections.

The lexicon (``data/cues.tsv``) lists each reporting verb once, by its past and present
3rd-person masculine forms, its active participle and its verbal nouns, in normalised spelling
(see :mod:`claimattr.text`). From those the matcher generates the inflected forms news uses:

- past: قال قالت قالا قالتا قالوا (and object pronouns for verbs that take one: وصفها، عدّه);
- present: يقول تقول يقولان يقولون;
- participle (حال, after a comma): قائلا مؤكدا مؤكدة مؤكدين مؤكدتين;
- verbal noun: إعلان، التأكيد، دعوة;
- attached و/ف on any of them, ب/ل/ال on verbal nouns.

Post-posed attributions (بحسب، حسب، وفق، وفقاً لـ، طبقاً لـ، نقلاً عن، حسبما) form their own class:
the content comes before them (or after them and a comma) and the source after them.

Cues marked ``ambiguous`` in the lexicon (بيّن "between", تابع "affiliated", عبّر "via") only
count when a complementiser, a colon or a quotation follows within a few words, which is how
:mod:`claimattr.claims` uses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: Cue classes.
VERB, PRESENT, PARTICIPLE, NOUN, POSTPOSED = "verb", "present", "participle", "noun", "postposed"

_PAST_SUFFIXES = ("", "ت", "ا", "تا", "وا", "ن")
_PRESENT_SUFFIXES = ("", "ان", "ون", "ن")
_PARTICIPLE_SUFFIXES = ("ا", "ه", "ين", "تين", "ون", "ان", "")
_OBJECT_SUFFIXES = ("ه", "ها", "هم", "هما", "هن")
_NOUN_PREFIXES = ("", "ال", "ب", "بال", "ل", "لل")
_CONJ = ("", "و", "ف")
_WORD_RE = re.compile(r"(\w+)")

POSTPOSED_FORMS = {
    "بحسب": "بحسب", "حسب": "حسب", "وفق": "وفق", "وفقا": "وفقا", "طبقا": "طبقا",
    "نقلا": "نقلا", "حسبما": "حسبما", "وبحسب": "بحسب", "ووفق": "وفق", "ووفقا": "وفقا",
    "وحسب": "حسب", "وطبقا": "طبقا", "ونقلا": "نقلا", "وحسبما": "حسبما",
}


@dataclass(frozen=True)
class LexEntry:
    """One reporting verb of the lexicon (normalised spellings)."""

    lemma: str
    past: str
    present: str
    participle: str
    nouns: tuple[str, ...]
    takes_object: bool
    ambiguous: bool


@dataclass(frozen=True)
class Cue:
    """A reporting cue found in the normalised text.

    ``feminine`` is True for forms whose subject is feminine (قالت، مؤكدة، تقول), which helps
    resolve an implied subject; ``plural`` for dual and plural forms.
    """

    start: int
    end: int
    form: str
    lemma: str
    cls: str
    feminine: bool = False
    plural: bool = False
    ambiguous: bool = False
    conj: bool = False


def _read_lexicon() -> list[LexEntry]:
    entries = []
    text = resources.files("claimattr").joinpath("data/cues.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + [""] * 6)[:6]
        lemma, past, present, participle, nouns, flags = (c.strip() for c in cols)
        entries.append(
            LexEntry(
                lemma=lemma,
                past=past,
                present=present,
                participle=participle,
                nouns=tuple(n for n in nouns.split(",") if n),
                takes_object="obj" in flags,
                ambiguous="ambiguous" in flags,
            )
        )
    return entries


def _forms(entry: LexEntry) -> dict[str, tuple[str, bool, bool]]:
    """Every surface form of one lexicon entry -> (class, feminine, plural)."""
    forms: dict[str, tuple[str, bool, bool]] = {}
    if entry.past:
        for suf in _PAST_SUFFIXES:
            forms[entry.past + suf] = (VERB, suf in ("ت", "تا", "ن"), suf in ("ا", "تا", "وا", "ن"))
            if entry.takes_object:
                stem = entry.past + ("و" if suf == "وا" else suf)
                for obj in _OBJECT_SUFFIXES:
                    forms[stem + obj] = (VERB, suf in ("ت", "تا"), suf in ("ا", "تا", "وا"))
    if entry.present:
        stem = entry.present[1:]
        for prefix, fem in (("ي", False), ("ت", True)):
            for suf in _PRESENT_SUFFIXES:
                if suf == "ن" and prefix == "ت":
                    continue
                forms[prefix + stem + suf] = (PRESENT, fem, bool(suf))
            if entry.takes_object:
                for obj in _OBJECT_SUFFIXES:
                    forms[prefix + stem + obj] = (PRESENT, fem, False)
    if entry.participle:
        for suf in _PARTICIPLE_SUFFIXES:
            forms[entry.participle + suf] = (PARTICIPLE, suf in ("ه", "تين"), suf in ("ين", "تين", "ون", "ان"))
    for noun in entry.nouns:
        for prefix in _NOUN_PREFIXES:
            forms[prefix + noun] = (NOUN, False, False)
    return forms


@dataclass(frozen=True)
class Lexicon:
    """The compiled cue lexicon: a form -> entry table and one regex over all forms."""

    table: dict[str, tuple[LexEntry, str, bool, bool, bool]]

    def find(self, normalized: str) -> list[Cue]:
        """All cues in a normalised text, in order: every word is looked up in the form table
        (one dictionary lookup per word, so the cost is linear in the text)."""
        out = []
        table = self.table
        for m in _WORD_RE.finditer(normalized):
            form = m.group(1).replace("ى", "ي")
            if form not in table and form not in POSTPOSED_FORMS:
                continue
            if form in POSTPOSED_FORMS:
                conj = POSTPOSED_FORMS[form] != form
                out.append(Cue(m.start(1), m.end(1), form, POSTPOSED_FORMS[form], POSTPOSED, conj=conj))
                continue
            entry, cls, fem, plural, conj = self.table[form]
            out.append(Cue(m.start(1), m.end(1), form, entry.lemma, cls, fem, plural, entry.ambiguous, conj))
        return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, compiled once per process."""
    table: dict[str, tuple[LexEntry, str, bool, bool, bool]] = {}
    for entry in _read_lexicon():
        for form, (cls, fem, plural) in _forms(entry).items():
            table.setdefault(form, (entry, cls, fem, plural, False))
    for form, (entry, cls, fem, plural, _) in list(table.items()):
        for conj in _CONJ[1:]:
            table.setdefault(conj + form, (entry, cls, fem, plural, True))
    return Lexicon(table)


def find_cues(normalized: str) -> list[Cue]:
    """The reporting cues of a normalised text (see the module docstring)."""
    return lexicon().find(normalized)
