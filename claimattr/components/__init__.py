"""The pipeline's components, registered by factory name.

=====================  ===============================================  ==========================
factory                module                                           assigns
=====================  ===============================================  ==========================
``text``               :mod:`claimattr.components.text`                 norm, tokens, paragraphs,
                                                                        scripture
``quotations``         :mod:`claimattr.components.quotations`           quotes
``sentences``          :mod:`claimattr.components.sentences`            sentences
``reporting_cues``     :mod:`claimattr.components.cues`                 cues
``claim_patterns``     :mod:`claimattr.components.claims`               candidates
``speakers``           :mod:`claimattr.components.speakers`             claims (with speakers)
``stance``             :mod:`claimattr.components.stance`               claims' stance
``span_tagger``        :mod:`claimattr.components.span_tagger`          candidates (learned)
``speaker_ranker``     :mod:`claimattr.components.speaker_ranker`       claims' speakers (learned)
=====================  ===============================================  ==========================

A factory name maps to ``module:Class``; the module is imported only when a pipeline uses it,
so ``import claimattr`` stays light. :func:`register` adds a factory of your own.
"""

from __future__ import annotations

from importlib import import_module

from claimattr.components.base import Component
from claimattr.errors import ModelError

FACTORIES: dict[str, str | type[Component]] = {
    "text": "claimattr.components.text:TextLayer",
    "quotations": "claimattr.components.quotations:Quotations",
    "sentences": "claimattr.components.sentences:Sentences",
    "reporting_cues": "claimattr.components.cues:ReportingCues",
    "claim_patterns": "claimattr.components.claims:ClaimPatterns",
    "speakers": "claimattr.components.speakers:Speakers",
    "stance": "claimattr.components.stance:Stance",
    "span_tagger": "claimattr.components.span_tagger:SpanTaggerComponent",
    "speaker_ranker": "claimattr.components.speaker_ranker:SpeakerRankerComponent",
}


def register(name: str, cls: type[Component]) -> None:
    """Make ``cls`` available as factory ``name`` (for ``pipeline.json`` and :func:`create`)."""
    if not (isinstance(cls, type) and issubclass(cls, Component)):
        raise ModelError(f"factory {name!r} must be a Component subclass, got {cls!r}")
    FACTORIES[name] = cls


def factory(name: str) -> type[Component]:
    """The component class registered as ``name``."""
    target = FACTORIES.get(name)
    if target is None:
        raise ModelError(f"no component factory {name!r}; known factories: {', '.join(sorted(FACTORIES))}")
    if isinstance(target, str):
        module, _, attr = target.partition(":")
        target = getattr(import_module(module), attr)
        FACTORIES[name] = target
    return target


__all__ = ["FACTORIES", "Component", "factory", "register"]
