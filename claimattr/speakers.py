"""Stage 5, speakers: resolve each claim's source and link it to an entity.

A claim with an explicit mention is linked through the article's
:class:`~claimattr.entities.ArticleLinker` (registry ids, or one ``other:`` id per source within
the article). A claim whose subject is implied (وتابع، مضيفاً، لافتةً) or a pronoun takes the
speaker of the closest earlier claim whose grammatical gender agrees with the cue: a feminine cue
(وأضافت، مشيرةً) prefers the last feminine source (a ministry, a movement, a command), a masculine
cue the last masculine one. Then the claims get their final form, mapped to original offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from claimattr.claims import Candidate
from claimattr.doc import Claim, Span, Speaker
from claimattr.entities import ArticleLinker, EntityRegistry
from claimattr.errors import InputError
from claimattr.text import NormalizedText, trim

#: Confidence kept when the speaker had to be inferred from an earlier claim.
IMPLIED_SPEAKER_FACTOR = 0.85
UNKNOWN_SPEAKER = "other:غير معروف"


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


class SpeakerResolver:
    """Resolves the speakers of one article's candidates (see the module docstring)."""

    def __init__(self, normalized: NormalizedText, registry: EntityRegistry) -> None:
        self.normalized = normalized
        self.original = normalized.original
        self.linker = ArticleLinker(registry)
        self.history: list[_Source] = []

    def span(self, start: int, end: int) -> Span:
        """The original-text span of a normalised span, trimmed of white space and marks."""
        s, e = self.normalized.to_original(start, end)
        s, e = trim(self.original, s, e)
        return Span.of(self.original, s, e)

    def resolve(self, candidate: Candidate) -> tuple[Speaker, float]:
        """The speaker of one candidate and the confidence factor of that choice."""
        if candidate.mention is not None:
            mention = self.span(*candidate.mention)
            try:
                entity, name, score = self.linker.resolve(mention.text)
            except InputError:  # only a pronoun or reflexive (نفسها): resolve it like pro-drop
                entity = ""
            if entity:
                speaker = Speaker(entity=entity, name=name, mention=mention)
                self.history.append(_Source(speaker, _mention_feminine(candidate, mention.text), score))
                return speaker, score
        antecedent = self._antecedent(candidate)
        if antecedent is None:
            return Speaker(entity=UNKNOWN_SPEAKER, name="غير معروف"), 0.3
        speaker = Speaker(entity=antecedent.speaker.entity, name=antecedent.speaker.name)
        return speaker, antecedent.score * IMPLIED_SPEAKER_FACTOR

    def _antecedent(self, candidate: Candidate) -> _Source | None:
        if not self.history:
            return None
        if candidate.cue is None:
            return self.history[-1]
        for source in reversed(self.history[-3:]):
            if source.feminine == candidate.feminine:
                return source
        return self.history[-1]

    def claims(self, candidates: list[Candidate]) -> list[Claim]:
        """Final claims (original offsets, speakers resolved), numbered c1, c2, …"""
        out = []
        for candidate in candidates:
            speaker, factor = self.resolve(candidate)
            content = self.span(candidate.start, candidate.end)
            if not content.text:
                continue
            cue = self.span(candidate.cue.start, candidate.cue.end) if candidate.cue else None
            out.append(
                Claim(
                    id=f"c{len(out) + 1}",
                    start=content.start,
                    end=content.end,
                    text=content.text,
                    kind=candidate.kind,
                    speaker=speaker,
                    cue=cue,
                    confidence=round(candidate.prior * factor, 4),
                )
            )
        return [self._canonical(c) for c in out]

    def _canonical(self, claim: Claim) -> Claim:
        """A source that took a fuller name later in the article ("الزاملي", then "حاكم
        الزاملي") keeps one id: the fuller one."""
        entity = self.linker.canonical(claim.speaker.entity)
        if entity == claim.speaker.entity:
            return claim
        name = entity.removeprefix("other:") if entity.startswith("other:") else claim.speaker.name
        return replace(claim, speaker=replace(claim.speaker, entity=entity, name=name))
