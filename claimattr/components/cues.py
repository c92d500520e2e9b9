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

from dataclasses import dataclass

from claimattr.components.base import Component
from claimattr.doc import Cue, Document, Tokens
from claimattr.lexicon import Lexicons
from claimattr.text import KEEP_MAKSURA, trim

#: Cue classes.
VERB, PRESENT, PARTICIPLE, NOUN, POSTPOSED = "verb", "present", "participle", "noun", "postposed"


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
    """The compiled cue lexicon: a form -> entry table, and from it a table of every token form
    that is a cue (one dictionary lookup per token; see :meth:`find`)."""

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
        self.token_forms = self._token_forms()

    def _row(self, form: str) -> tuple | None:
        """``(form, lemma, class, feminine, plural, ambiguous, conj, addressee, takes_object)`` of
        a word (its letters, ى read as ي), or None when it is no cue."""
        if form in self.postposed:
            lemma = self.postposed[form]
            return form, lemma, POSTPOSED, False, False, False, lemma != form, False, False
        if form in self.table:
            entry, cls, fem, plural, conj = self.table[form]
            return form, entry.lemma, cls, fem, plural, entry.ambiguous, conj, entry.addressee, entry.takes_object
        return None

    def _token_forms(self) -> dict[str, tuple[int, tuple]]:
        """Token form -> ``(offset of the word in the token, row)`` for every token form that
        holds a cue: the cue itself, the cue as a hashtag (#قال, offset 1), and the words whose
        token form keeps ى (:data:`claimattr.text.KEEP_MAKSURA`), which are read with ي as every
        other word is."""
        out: dict[str, tuple[int, tuple]] = {}
        for form in [*self.table, *self.postposed]:
            row = self._row(form)
            out[form], out["#" + form] = (0, row), (1, row)
        for spelled in KEEP_MAKSURA:
            row = self._row(spelled.replace("ى", "ي"))
            if row is not None:
                out[spelled] = (0, row)
        return out

    def find(self, tokens: Tokens) -> list[tuple]:
        """``(start, end, form, lemma, class, feminine, plural, ambiguous, conj, addressee,
        takes_object)`` of every cue among an article's tokens, in order (normalised offsets).
        A cue is a run of word characters (the # of a hashtag is not part of it), read with ى
        as ي."""
        out = []
        starts, ends = tokens.norm_starts, tokens.norm_ends
        for k, hit in enumerate(map(self.token_forms.get, tokens.forms)):
            if hit is not None:
                shift, row = hit
                out.append((starts[k] + shift, ends[k], *row))
        return out


class ReportingCues(Component):
    """Reporting cues of an article (see the module docstring)."""

    factory = "reporting_cues"
    requires = ("norm", "tokens")
    assigns = ("cues",)
    lexicon_files = ("cues.tsv", "cue_inflections.tsv", "postposed_cues.tsv")

    def setup(self) -> None:
        self.lexicon = CueLexicon(self.lexicons)

    def __call__(self, doc: Document) -> Document:
        norm = doc.norm
        doc.cues = [Cue(*trim(doc.text, *norm.to_original(s, e)), s, e, *rest) for s, e, *rest in self.lexicon.find(doc.tokens)]
        return doc
