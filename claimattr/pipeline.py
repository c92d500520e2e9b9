"""The pipeline: text -> Document -> claims -> speakers -> entities -> stance.

Each stage lives in the module named after it and adds its layer to the
:class:`~claimattr.doc.Document`:

1. :mod:`claimattr.text`: normalised view with offset map, paragraphs, sentences;
2. :mod:`claimattr.quotes`: quotations;
3. :mod:`claimattr.cues`: reporting cues;
4. :mod:`claimattr.claims`: claim candidates with their source mentions;
5. :mod:`claimattr.speakers` (with :mod:`claimattr.entities`): speakers resolved and linked;
6. :mod:`claimattr.stance`: stance probabilities; confidence combines all stages.

A pipeline is saved as a folder (``pipeline.json`` plus one sub-folder or file per learned
component and a README model card) and loaded with :func:`load`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from claimattr.claims import find_candidates
from claimattr.cues import find_cues
from claimattr.doc import Document
from claimattr.entities import EntityRegistry
from claimattr.errors import InputError, ModelError
from claimattr.quotes import find_quotes
from claimattr.speakers import SpeakerResolver
from claimattr.stance import StanceRules, combine
from claimattr.text import (
    NormalizedText,
    check_text,
    has_arabic,
    is_hard_wrapped,
    normalize,
    paragraphs,
    sentences,
    strip_html,
    vocalised,
)

#: Default limit on article size: far above any real article, low enough to catch a whole
#: archive passed as one string by mistake.
MAX_CHARS = 5_000_000
PIPELINE_FILE = "pipeline.json"
STAGES = ("text", "quotes", "cues", "claims", "speakers", "stance")


@dataclass
class Pipeline:
    """Annotates Arabic articles: ``nlp(text)`` returns a :class:`Document` with its claims.

    ``registry`` links speakers to entities (default: the shipped registry); ``stance`` labels
    claims (``None`` leaves ``stance`` unset) and ``stance_rules`` lets the named patterns of
    :class:`~claimattr.stance.StanceRules` adjust its probabilities; ``strip_html`` turns HTML input into text instead
    of rejecting it; ``max_chars`` bounds the size of one article.
    """

    registry: EntityRegistry = field(default_factory=EntityRegistry.default)
    stance: Any = None
    stance_rules: bool = True
    strip_html: bool = False
    max_chars: int = MAX_CHARS
    path: Path | None = None

    def __post_init__(self) -> None:
        self._names = NameGazetteer.of(self.registry)

    @property
    def stages(self) -> tuple[str, ...]:
        """The stages this pipeline runs, in order."""
        return STAGES if self.stance is not None else STAGES[:-1]

    def __call__(self, text: str, doc_id: str = "", meta: dict | None = None) -> Document:
        """Annotate one article. Empty text or text without Arabic gives a Document with no
        claims; HTML and oversized input raise :class:`~claimattr.errors.InputError`."""
        if self.strip_html and isinstance(text, str):
            text = strip_html(text)
        check_text(text, self.max_chars)
        doc = Document(text=text, doc_id=doc_id, meta=dict(meta or {}))
        if not text.strip() or not has_arabic(text):
            return doc
        self._analyse(doc)
        return doc

    def _analyse(self, doc: Document) -> None:
        normalized = NormalizedText.of(doc.text)
        norm = normalized.text
        doc.normalized = normalized
        wrapped = is_hard_wrapped(norm)
        doc.paragraphs = paragraphs(norm, wrapped)
        doc.quotes = find_quotes(norm, doc.paragraphs)
        doc.sentences = sentences(norm, [(q.open, q.close) for q in doc.quotes], wrapped)
        doc.cues = find_cues(norm)
        candidates = find_candidates(norm, doc.paragraphs, doc.sentences, doc.quotes, doc.cues,
                                     self._names.name_end, vocalised(normalized, doc.paragraphs))
        doc.claims = SpeakerResolver(normalized, self.registry).claims(candidates)
        if self.stance is not None and doc.claims:
            doc.claims = [self._with_stance(c, p) for c, p in zip(doc.claims, self._stance_probs(doc))]

    def _stance_probs(self, doc: Document) -> list[dict[str, float]]:
        """The stance model's probabilities for each claim (it reads the claim, its context,
        its cue and its speaker), adjusted by the named stance rules when they are on."""
        from claimattr.training.datasets import stance_example
        from claimattr.training.stance import predict_examples

        probs = predict_examples(self.stance, [stance_example(doc, c) for c in doc.claims])
        if not self.stance_rules:
            return probs
        rules = StanceRules.default()
        return [combine(p, rules.votes(c.text, c.speaker.entity)) for p, c in zip(probs, doc.claims)]

    @staticmethod
    def _with_stance(claim, probs: dict[str, float]):
        label = max(probs, key=probs.get)
        return replace(claim, stance=label, stance_scores=probs)

    def pipe(self, texts: Iterable[str | tuple[str, str]], batch_size: int = 64,
             n_process: int = 1) -> Iterator[Document]:
        """Annotate many articles lazily, in order. Items are texts or ``(doc_id, text)`` pairs.

        ``batch_size`` is how many articles each worker takes at a time when ``n_process > 1``.
        An article that fails raises; use :func:`claimattr.batch.annotate_records` (or the
        command line) for runs that must record errors and go on.
        """
        items = (_as_pair(i, item) for i, item in enumerate(texts))
        if n_process <= 1:
            for doc_id, text in items:
                yield self(text, doc_id=doc_id)
            return
        from claimattr.parallel import parallel_map

        yield from parallel_map(self, items, n_process=n_process, batch_size=batch_size)

    # -- persistence ------------------------------------------------------------------------
    def to_disk(self, path: str | Path, card: str = "") -> Path:
        """Save as a model folder: pipeline.json, stance/, README.md, and entities.jsonl when
        the registry is not the shipped one (which a saved model otherwise follows)."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        custom = _entity_dicts(self.registry) != _entity_dicts(EntityRegistry.default())
        config = {"claimattr_pipeline": 1, "stages": list(self.stages),
                  "stance": "stance" if self.stance is not None else None,
                  "stance_rules": self.stance_rules,
                  "entities": "entities.jsonl" if custom else None}
        if self.stance is not None:
            self.stance.save(folder / "stance")
        if custom:  # a model with the shipped registry follows it as it grows
            self.registry.to_jsonl(folder / "entities.jsonl")
        (folder / PIPELINE_FILE).write_text(json.dumps(config, indent=2), encoding="utf-8")
        if card:
            (folder / "README.md").write_text(card, encoding="utf-8")
        return folder

    @classmethod
    def from_disk(cls, path: str | Path, **options) -> Pipeline:
        """Load a folder written by :meth:`to_disk`."""
        folder = Path(path)
        config_file = folder / PIPELINE_FILE
        if not config_file.is_file():
            raise ModelError(f"{folder} is not a claimattr model folder: it has no {PIPELINE_FILE}. "
                             "Pass a folder made by Pipeline.to_disk() or `claimattr train`.")
        config = json.loads(config_file.read_text(encoding="utf-8"))
        registry = options.pop("registry", None)
        if registry is None and config.get("entities") and (folder / config["entities"]).is_file():
            registry = EntityRegistry.from_file(folder / config["entities"])
        stance = None
        if config.get("stance"):
            from claimattr.training.stance import load_stance_model

            stance = load_stance_model(folder / config["stance"])
        options.setdefault("stance_rules", config.get("stance_rules", True))
        return cls(registry=registry or EntityRegistry.default(), stance=stance, path=folder, **options)


@dataclass(frozen=True)
class NameGazetteer:
    """The registry's names as normalised word sequences, to tell where a source mention ends
    in "أعلن رئيس الوزراء … مصطفى الكاظمي استهداف …" (no comma or complementiser marks it)."""

    names: frozenset[tuple[str, ...]]
    longest: int

    @classmethod
    def of(cls, registry: EntityRegistry) -> NameGazetteer:
        names = set()
        for entity in registry:
            for form in (*entity.forms, *entity.family):
                words = tuple(normalize(form).replace("_", " ").split())
                if words:
                    names.add(words)
        return cls(frozenset(names), max((len(n) for n in names), default=0))

    def name_end(self, words: list[str], max_start: int) -> int:
        """The end (in words) of the longest known name that starts at or before word
        ``max_start``; 0 if there is none."""
        words = [w.lstrip("#").replace("_", " ") for w in words]
        end = 0
        for i in range(min(len(words), max_start + 1)):
            for n in range(1, self.longest + 1):
                if i + n > len(words):
                    break
                if tuple(words[i:i + n]) in self.names:
                    end = max(end, i + n)
        return end


def _entity_dicts(registry: EntityRegistry) -> list[dict]:
    return [entity.to_dict() for entity in registry]


def _as_pair(i: int, item: str | tuple[str, str]) -> tuple[str, str]:
    if isinstance(item, tuple):
        if len(item) != 2:
            raise InputError(f"pipe() item {i} is a tuple of {len(item)}; pass (doc_id, text) pairs or texts")
        return str(item[0]), item[1]
    return str(i), item


def models_dir() -> Path:
    """The ``models/`` folder of the source tree (where the default pipeline is shipped)."""
    return Path(__file__).resolve().parent.parent / "models"


def load(name: str | Path = "default", **options) -> Pipeline:
    """Load a pipeline: a shipped model name (``"default"``) or a path to a model folder.

    Options (``strip_html``, ``max_chars``, ``registry``) are passed to :class:`Pipeline`.
    """
    path = Path(name)
    if not path.is_dir():
        path = models_dir() / str(name)
    if not path.is_dir():
        shipped = sorted(p.name for p in models_dir().glob("*/") if (p / PIPELINE_FILE).is_file())
        raise ModelError(f"no model folder {str(name)!r}; shipped models: {shipped or 'none'}. "
                         "Pass a path to a folder made by Pipeline.to_disk() or `claimattr train`.")
    return Pipeline.from_disk(path, **options)
