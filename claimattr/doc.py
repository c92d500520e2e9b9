"""The data model: a :class:`Document` holding an article and its :class:`Claim` objects.

Everything the pipeline produces is a character-offset span into the original text, so
``doc.text[claim.start:claim.end] == claim.text`` always holds. :meth:`Document.to_dict` and
:meth:`Document.from_dict` read and write the JSON format of ``ANNOTATION.md`` (gold corpora,
the library's output and evaluation all use it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping, NamedTuple

from claimattr.errors import FormatError

KINDS = ("direct", "indirect", "mixed")
STANCES = ("oppose", "support", "neutral")


@dataclass(frozen=True)
class Span:
    """A stretch of the original text: ``text == document_text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Span | None:
        if data is None:
            return None
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]``."""
        return cls(start, end, text[start:end])


@dataclass(frozen=True)
class Speaker:
    """Who a claim is attributed to.

    ``entity`` is a registry id (``hadi-al-amiri``) or ``other:<name>`` for a source outside the
    registry; ``name`` is a readable name; ``mention`` is the explicit mention the cue governs, or
    ``None`` when the subject is implied (وأضاف، مضيفاً) or a pronoun.
    """

    entity: str
    name: str = ""
    mention: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "name": self.name,
            "mention": self.mention.to_dict() if self.mention else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Speaker:
        return cls(
            entity=str(data.get("entity") or ""),
            name=str(data.get("name") or ""),
            mention=Span.from_dict(data.get("mention")),
        )


@dataclass(frozen=True)
class Claim:
    """A statement the article attributes to a source.

    ``start``/``end`` delimit the statement's content (for ``direct`` claims, the text inside the
    quotation marks); ``cue`` is the reporting word (``وقال``, ``مضيفاً``, ``بحسب``) or ``None``;
    ``stance`` is the claim's position on the US military presence and ``stance_scores`` the
    probability of each label; ``confidence`` in [0, 1] is the pipeline's belief that the claim,
    its span and its speaker are right. ``pattern`` names the claim pattern that found it
    (``verb-first``, ``post``, …) and ``stance_rules`` the named stance rules that fired on it.
    """

    id: str
    start: int
    end: int
    text: str
    kind: str
    speaker: Speaker
    cue: Span | None = None
    stance: str | None = None
    stance_scores: Mapping[str, float] = field(default_factory=dict)
    confidence: float = 1.0
    pattern: str | None = None
    stance_rules: tuple[str, ...] = ()

    def with_stance(self, stance: str, scores: Mapping[str, float], rules: tuple[str, ...] = ()) -> Claim:
        """This claim with a stance, its scores and the stance rules that decided it (what
        ``dataclasses.replace`` gives, built directly: the stance component does it per claim)."""
        return Claim(self.id, self.start, self.end, self.text, self.kind, self.speaker, self.cue, stance, scores,
                     self.confidence, self.pattern, rules)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict(),
            "stance": self.stance,
            "confidence": round(float(self.confidence), 4),
        }
        if self.stance_scores:
            out["stance_scores"] = {k: round(float(v), 4) for k, v in self.stance_scores.items()}
        if self.pattern:
            out["pattern"] = self.pattern
        if self.stance_rules:
            out["stance_rules"] = list(self.stance_rules)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], text: str) -> Claim:
        """Read a claim of the ANNOTATION format; ``text`` is its article (for the span text)."""
        try:
            start, end = int(data["start"]), int(data["end"])
            return cls(
                id=str(data.get("id", "")),
                start=start,
                end=end,
                text=text[start:end],
                kind=str(data.get("kind", "indirect")),
                speaker=Speaker.from_dict(data.get("speaker") or {}),
                cue=Span.from_dict(data.get("cue")),
                stance=data.get("stance"),
                stance_scores=dict(data.get("stance_scores") or {}),
                confidence=float(data.get("confidence", 1.0)),
                pattern=data.get("pattern"),
                stance_rules=tuple(data.get("stance_rules") or ()),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise FormatError(
                f"claim {data.get('id', '?')!r} is not in the ANNOTATION format ({exc}); "
                "it needs integer 'start' and 'end' and a 'speaker' object"
            ) from exc


# -- the layers the pipeline's components add to a Document -----------------------------------
# Every layer item carries its offsets into the original text (``start``/``end``) and, where the
# rules match on the normalised view, its offsets into that view under names that say so
# (``norm_start``/``norm_end``; see :class:`claimattr.text.NormalizedText`). Layer items are
# named tuples: immutable, and made by the ten thousand (a named tuple is built about three
# times faster than a frozen dataclass and pickles smaller).
class Segment(NamedTuple):
    """A paragraph or a sentence."""

    start: int
    end: int
    norm_start: int
    norm_end: int


class Token(NamedTuple):
    """A word or a punctuation mark; ``form`` is its normalised spelling as the rules match it."""

    start: int
    end: int
    norm_start: int
    norm_end: int
    form: str


@dataclass
class Tokens:
    """The token layer, stored by column (an article has hundreds of tokens, and the rules read
    them by position): ``tokens[i]`` is the :class:`Token` of position ``i``; ``words[i]`` says
    whether it holds a letter or a digit (a word, not a mark).

    The rules read the normalised offsets only; the original ones (``starts``, ``ends``) are
    mapped back through ``norm`` (the :class:`~claimattr.text.NormalizedText` the tokens were
    found in) when first read. Without ``norm`` the two are the same."""

    norm_starts: list[int] = field(default_factory=list)
    norm_ends: list[int] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    words: list[bool] = field(default_factory=list)
    norm: Any = None

    @cached_property
    def starts(self) -> list[int]:
        return self.norm.map_starts(self.norm_starts) if self.norm is not None else list(self.norm_starts)

    @cached_property
    def ends(self) -> list[int]:
        return self.norm.map_ends(self.norm_ends) if self.norm is not None else list(self.norm_ends)

    def __len__(self) -> int:
        return len(self.forms)

    def __getitem__(self, i: int) -> Token:
        return Token(self.starts[i], self.ends[i], self.norm_starts[i], self.norm_ends[i], self.forms[i])

    def __iter__(self):
        return (self[i] for i in range(len(self)))


class Quote(NamedTuple):
    """A quotation: ``start``/``end`` delimit the text inside the marks, ``open``/``close`` the
    whole quotation with its marks (``close == end`` when the mark was never closed); the
    ``norm_`` fields are the same four offsets in the normalised view."""

    open: int
    close: int
    start: int
    end: int
    norm_open: int
    norm_close: int
    norm_start: int
    norm_end: int

    @property
    def closed(self) -> bool:
        return self.close > self.end


class Cue(NamedTuple):
    """A reporting cue (قال، مؤكداً، بحسب …) with its lexicon entry.

    ``cls`` is its class (``verb``, ``present``, ``participle``, ``noun``, ``postposed``);
    ``feminine`` and ``plural`` give the subject's agreement (قالت، مؤكدين), which resolves an
    implied subject; ``ambiguous`` marks verbs that report speech only before a complementiser
    (بيّن، تابع، عبّر); ``conj`` an attached و/ف; ``addressee`` verbs that take the person
    addressed before their content (دعا الحكومة إلى …: الحكومة is not the speaker);
    ``takes_object`` verbs whose object may stand between the subject and the complementiser
    (اتهمت الوزارة رجلَ الأعمال بأنه …).
    """

    start: int
    end: int
    norm_start: int
    norm_end: int
    form: str
    lemma: str
    cls: str
    feminine: bool = False
    plural: bool = False
    ambiguous: bool = False
    conj: bool = False
    addressee: bool = False
    takes_object: bool = False


class Candidate(NamedTuple):
    """A claim before its speaker is resolved: content, kind, cue, source mention (or ``None``
    for an implied subject), the pattern that found it and that pattern's prior confidence."""

    start: int
    end: int
    norm_start: int
    norm_end: int
    kind: str
    cue: Cue | None
    mention: Segment | None
    pattern: str
    prior: float
    feminine: bool = False
    plural: bool = False


@dataclass
class Document:
    """An article and what the pipeline found in it.

    The public result is ``claims``. The components also leave their layers here, each computed
    once and read by the components after it (see ``ARCHITECTURE.md``): ``norm`` (the
    normalised view with its offset map), ``tokens``, ``paragraphs``, ``sentences``,
    ``scripture`` (fully vocalised verses and poetry), ``quotes``, ``cues`` and ``candidates``.
    Layer offsets point into ``text``; offsets into the normalised view are named ``norm_*``.
    The layers are not part of the JSON output.
    """

    text: str
    doc_id: str = ""
    claims: list[Claim] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    norm: Any = None
    tokens: Tokens = field(default_factory=Tokens)
    paragraphs: list[Segment] = field(default_factory=list)
    sentences: list[Segment] = field(default_factory=list)
    scripture: list[Segment] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)

    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        """The ANNOTATION-format record of this document."""
        out: dict[str, Any] = {"doc_id": self.doc_id}
        if include_text:
            out["text"] = self.text
        out["claims"] = [c.to_dict() for c in self.claims]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], text: str | None = None) -> Document:
        """Read an ANNOTATION-format record; ``text`` is needed for standoff records."""
        if text is None:
            if "text" not in data:
                raise FormatError(
                    f"document {data.get('doc_id', '?')!r} has no 'text': pass the article text "
                    "(standoff corpora keep it in texts/<doc_id>.txt)"
                )
            text = str(data["text"])
        claims = [Claim.from_dict(c, text) for c in data.get("claims") or []]
        meta = {k: v for k, v in data.items() if k not in ("doc_id", "text", "claims")}
        return cls(text=text, doc_id=str(data.get("doc_id", "")), claims=claims, meta=meta)

    @property
    def speakers(self) -> list[str]:
        """The distinct speaker entity ids, in order of first claim."""
        return list(dict.fromkeys(c.speaker.entity for c in self.claims))

    def __len__(self) -> int:
        return len(self.claims)

    def __repr__(self) -> str:
        return f"Document(doc_id={self.doc_id!r}, chars={len(self.text)}, claims={len(self.claims)})"

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the article right to left with its claims highlighted."""
        from claimattr.render import to_html

        return to_html(self)
