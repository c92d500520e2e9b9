"""Stance: each claim's position on the US military presence (oppose / support / neutral).

A learned model (:mod:`claimattr.stance`: ``context``, ``linear`` or ``transformer``, by the
``kind`` in its folder's ``config.json``) gives each claim its probabilities, reading the claim,
its sentence around it, its cue and its speaker; the named stance rules
(:mod:`claimattr.stance.rules`) then lift the label that ANNOTATION.md's definitions give
(setting ``rules``), to at least ``rule_floor``. Each claim keeps the names of the rules that
decided its stance (``claim.stance_rules``). ``pipe`` scores the claims of ``batch_size``
documents together, which the vectorised models do much faster than one by one.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

from claimattr.components.base import Component
from claimattr.doc import Document
from claimattr.errors import ModelError
from claimattr.stance import load_stance_model, predict_examples, stance_example
from claimattr.stance.rules import LEXICON_FILES, StanceRules, combine


class Stance(Component):
    """Stance probabilities from a learned model, adjusted by the named rules."""

    factory = "stance"
    requires = ("claims",)
    assigns = ("claims.stance",)
    lexicon_files = LEXICON_FILES
    defaults = {"rules": True, "rule_floor": 0.6, "batch_size": 64}

    def __init__(self, model: Any = None, **options: Any) -> None:
        self.model = model
        super().__init__(**options)

    def setup(self) -> None:
        self.stance_rules = StanceRules.of(self.lexicons)

    def __call__(self, doc: Document) -> Document:
        return self._label([doc])[0]

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        docs = iter(docs)
        while batch := list(islice(docs, self.settings["batch_size"])):
            yield from self._label(batch)

    def _label(self, docs: list[Document]) -> list[Document]:
        if self.model is None:
            raise ModelError("this stance component has no model; load a pipeline folder, or pass "
                             "model=claimattr.stance.load_stance_model(path)")
        examples = [stance_example(doc, c) for doc in docs for c in doc.claims]
        probs = iter(predict_examples(self.model, examples) if examples else [])
        for doc in docs:
            doc.claims = [self._labelled(c, next(probs)) for c in doc.claims]
        return docs

    def _labelled(self, claim, probs: dict[str, float]):
        fired: tuple[str, ...] = ()
        if self.settings["rules"]:
            probs, fired = combine(probs, self.stance_rules.votes(claim.text, claim.speaker.entity),
                                   self.settings["rule_floor"])
        return claim.with_stance(max(probs, key=probs.get), probs, fired)

    def save_data(self, folder: Path) -> None:
        if self.model is None:
            raise ModelError("a stance component without a model cannot be saved")
        self.model.save(folder)

    def load_data(self, folder: Path) -> None:
        self.model = load_stance_model(folder)

    def card(self) -> str:
        kind = getattr(self.model, "kind", type(self.model).__name__)
        return super().card() + f"\n## Model\nkind `{kind}`, labels {getattr(self.model, 'classes_', '?')}\n"
