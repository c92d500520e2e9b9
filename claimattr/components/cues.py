"""Reporting cues: the words that introduce reported speech, found with their inflections.

The lexicon (``cues.tsv``) lists each reporting verb once, by its past and present 3rd-person
masculine forms, its active participle and its verbal nouns, in normalised spelling (see
:mod:`claimattr.text`). ``cue_inflections.tsv`` says how they inflect, and the matcher generates
every form news uses:

- past: قال قالت قالا قالتا قالوا (and object pronouns for verbs that take one: وصفها، عدّه);
- present: يقول تقول يقولان يقولون;
- participle (حال, after a comma): قائلا مؤكدا مؤكدة مؤكدين مؤكدتين;
- verbal noun: إعلان، التأكيد، دعوة, with ب/ل/ال;
- an attached و/ف on any of them.

Post-posed attributions (``postposed_cues.tsv``: بحسب، حسب، وفق، وفقاً لـ، طبقاً لـ، نقلاً عن، حسبما)
form their own class: the content comes before them (or after them and a comma) and the source
after them. Cues marked ``ambiguous`` in the lexicon (بيّن "between", تابع "affiliated", عبّر
"via") only count when a complementiser, a colon or a quotation follows within a few words,
which is how the claim patterns use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimattr.components.base import Component
from claimattr.doc import Cue, Document
from claimattr.lexicon import Lexicons
from claimattr.text import trim

#: Cue classes.
VERB, PRESENT, PARTICIPLE, NOUN, POSTPOSED = "verb", "present", "participle", "noun", "postposed"
_WORD_RE = re.compile(r"(\w+)")


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
    addressee: bool


#: A form's class, and whether its subject is feminine and plural.
Form = tuple[str, bool, bool]


def _entries(lexicons: Lexicons) -> list[LexEntry]:
    entries = []
    for row in lexicons.table("cues"):
        lemma, past, present, participle, nouns, flags = (list(row) + [""] * 6)[:6]
        entries.append(LexEntry(lemma, past, present, participle, tuple(n for n in nouns.split(",") if n),
                                "obj" in flags, "ambiguous" in flags, "addressee" in flags))
    return entries


def _inflections(lexicons: Lexicons) -> dict[str, list[tuple[str, bool, bool]]]:
    """Class -> ``(affix, feminine, plural)`` rows of ``cue_inflections.tsv``."""
    out: dict[str, list[tuple[str, bool, bool]]] = {}
    for cls, affix, agreement in lexicons.table("cue_inflections"):
        out.setdefault(cls, []).append(("" if affix == "-" else affix, "f" in agreement, "p" in agreement))
    return out


def _forms(entry: LexEntry, inflect: dict[str, list[tuple[str, bool, bool]]]) -> dict[str, Form]:
    """Every surface form of one lexicon entry -> (class, feminine, plural)."""
    forms: dict[str, Form] = {}
    objects = [affix for affix, _, _ in inflect["object"]]
    if entry.past:
        for suf, fem, plural in inflect["past"]:
            forms[entry.past + suf] = (VERB, fem, plural)
            if entry.takes_object:  # قالوا + ها -> قالوها
                stem = entry.past + ("و" if suf == "وا" else suf)
                for obj in objects:
                    forms[stem + obj] = (VERB, fem, plural)
    if entry.present:
        stem = entry.present[1:]
        for prefix, fem in (("ي", False), ("ت", True)):
            for suf, _, plural in inflect["present"]:
                if suf == "ن" and prefix == "ت":
                    continue  # the feminine plural يقلن takes ي only
                forms[prefix + stem + suf] = (PRESENT, fem, plural)
            if entry.takes_object:
                for obj in objects:
                    forms[prefix + stem + obj] = (PRESENT, fem, False)
    if entry.participle:
        for suf, fem, plural in inflect["participle"]:
            forms[entry.participle + suf] = (PARTICIPLE, fem, plural)
    for noun in entry.nouns:
        for prefix, _, _ in inflect["noun_prefix"]:
            forms[prefix + noun] = (NOUN, False, False)
    return forms


class CueLexicon:
    """The compiled cue lexicon: a form -> entry table (one dictionary lookup per word)."""

    def __init__(self, lexicons: Lexicons) -> None:
        inflect = _inflections(lexicons)
        table: dict[str, tuple[LexEntry, str, bool, bool, bool]] = {}
        for entry in _entries(lexicons):
            for form, (cls, fem, plural) in _forms(entry, inflect).items():
                table.setdefault(form, (entry, cls, fem, plural, False))
        for form, (entry, cls, fem, plural, _) in list(table.items()):
            for conj, _, _ in inflect["conjunction"]:
                table.setdefault(conj + form, (entry, cls, fem, plural, True))
        self.table = table
        self.postposed = {form: lemma for form, lemma in lexicons.table("postposed_cues")}

    def find(self, normalized: str) -> list[tuple]:
        """``(start, end, form, lemma, class, feminine, plural, ambiguous, conj, addressee,
        takes_object)`` of every cue of a normalised text, in order."""
        out = []
        table, postposed = self.table, self.postposed
        for m in _WORD_RE.finditer(normalized.replace("ى", "ي")):  # length-preserving
            form = m.group(1)
            if form in postposed:
                lemma = postposed[form]
                out.append((m.start(1), m.end(1), form, lemma, POSTPOSED, False, False, False, lemma != form, False, False))
            elif form in table:
                entry, cls, fem, plural, conj = table[form]
                out.append((m.start(1), m.end(1), form, entry.lemma, cls, fem, plural, entry.ambiguous, conj,
                            entry.addressee, entry.takes_object))
        return out


class ReportingCues(Component):
    """Reporting cues of an article (see the module docstring)."""

    factory = "reporting_cues"
    requires = ("norm",)
    assigns = ("cues",)
    lexicon_files = ("cues.tsv", "cue_inflections.tsv", "postposed_cues.tsv")

    def setup(self) -> None:
        self.lexicon = CueLexicon(self.lexicons)

    def __call__(self, doc: Document) -> Document:
        norm = doc.norm
        doc.cues = [Cue(*trim(doc.text, *norm.to_original(s, e)), s, e, *rest) for s, e, *rest in self.lexicon.find(norm.text)]
        return doc
