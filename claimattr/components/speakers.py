"""Speaker resolution: each candidate's source, linked to an entity, and the final claims.

A candidate with an explicit mention is linked through the article's
:class:`~claimattr.components.linking.ArticleLinker` (a registry id, an earlier source it refers
back to, or one ``other:`` id per source within the article). A candidate whose subject is
implied (وتابع، مضيفاً، لافتةً) or a pronoun takes the speaker of the closest earlier claim whose
grammatical gender agrees with its cue: a feminine cue (وأضافت، مشيرةً) prefers the last feminine
source (a ministry, a movement, a command), a masculine cue the last masculine one. A candidate
with no source at all gets the documented unknown speaker (setting ``unknown_speaker``), never an
id made up from nearby words. Claims are numbered c1, c2, … and keep their pattern; a source
that took a fuller name later in the article keeps one id, the fuller one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from claimattr.components.base import Component
from claimattr.components.linking import AliasMatcher, ArticleLinker
from claimattr.doc import Candidate, Claim, Document, Span, Speaker
from claimattr.errors import InputError
from claimattr.names import LEXICON_FILES, Names


@dataclass(frozen=True)
class _Source:
    speaker: Speaker
    feminine: bool
    score: float


def _mention_feminine(candidate: Candidate, mention_text: str) -> bool:
    """Feminine if the cue agreeing with the mention is, or the mention's head ends in ة/ه."""
    if candidate.cue is not None and candidate.cue.cls in ("verb", "present"):
        return candidate.feminine
    head = mention_text.split()[0] if mention_text.split() else ""
    return head.endswith(("ة", "ه"))


#: The speaker id of a claim whose source the article does not give (or the rules cannot find):
#: a reserved id, never an ``other:`` name made up from nearby words.
UNKNOWN_SPEAKER = "unknown"


class Speakers(Component):
    """Claims with their speakers resolved and linked (see the module docstring)."""

    factory = "speakers"
    requires = ("candidates",)
    assigns = ("claims",)
    lexicon_files = LEXICON_FILES
    #: ``implied_factor``: confidence kept when the speaker is taken from an earlier claim;
    #: ``antecedents``: how many earlier sources an implied subject's gender is checked against;
    #: ``unknown_speaker`` / ``unknown_name`` / ``unknown_confidence``: a claim with no source.
    defaults = {"implied_factor": 0.85, "antecedents": 3, "unknown_speaker": UNKNOWN_SPEAKER,
                "unknown_name": "unknown source", "unknown_confidence": 0.3}

    def setup(self) -> None:
        if self.registry is None:
            from claimattr.entities import EntityRegistry

            self.registry = EntityRegistry.default()
        self.matcher = AliasMatcher(self.registry, Names(self.lexicons))

    def __call__(self, doc: Document) -> Document:
        linker = ArticleLinker(self.matcher)
        history: list[_Source] = []
        claims = []
        for candidate in doc.candidates:
            speaker, factor = self._resolve(doc.text, candidate, linker, history)
            if candidate.end <= candidate.start:
                continue
            cue = Span.of(doc.text, candidate.cue.start, candidate.cue.end) if candidate.cue else None
            claims.append(Claim(id=f"c{len(claims) + 1}", start=candidate.start, end=candidate.end,
                                text=doc.text[candidate.start:candidate.end], kind=candidate.kind, speaker=speaker,
                                cue=cue, confidence=round(candidate.prior * factor, 4), pattern=candidate.pattern))
        doc.claims = [_canonical(c, linker) for c in claims]
        return doc

    def _resolve(self, text: str, candidate: Candidate, linker: ArticleLinker,
                 history: list[_Source]) -> tuple[Speaker, float]:
        """The speaker of one candidate and the confidence factor of that choice."""
        if candidate.mention is not None:
            mention = Span.of(text, candidate.mention.start, candidate.mention.end)
            try:
                entity, name, score = linker.resolve(mention.text)
            except InputError:  # only a pronoun or reflexive (نفسها): resolve it like pro-drop
                entity = ""
            if entity:
                speaker = Speaker(entity=entity, name=name, mention=mention)
                history.append(_Source(speaker, _mention_feminine(candidate, mention.text), score))
                return speaker, score
        antecedent = self._antecedent(candidate, history)
        if antecedent is None:
            return Speaker(self.settings["unknown_speaker"], self.settings["unknown_name"]), self.settings["unknown_confidence"]
        speaker = Speaker(entity=antecedent.speaker.entity, name=antecedent.speaker.name)
        return speaker, antecedent.score * self.settings["implied_factor"]

    def _antecedent(self, candidate: Candidate, history: list[_Source]) -> _Source | None:
        if not history:
            return None
        if candidate.cue is None:
            return history[-1]
        for source in reversed(history[-self.settings["antecedents"]:]):
            if source.feminine == candidate.feminine:
                return source
        return history[-1]


def _canonical(claim: Claim, linker: ArticleLinker) -> Claim:
    """A source that took a fuller name later in the article ("الزاملي", then "حاكم
    الزاملي") keeps one id: the fuller one."""
    entity = linker.canonical(claim.speaker.entity)
    if entity == claim.speaker.entity:
        return claim
    name = entity.removeprefix("other:") if entity.startswith("other:") else claim.speaker.name
    return replace(claim, speaker=replace(claim.speaker, entity=entity, name=name))
