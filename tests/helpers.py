"""Helpers the tests share: Documents run through the rule components up to a given one."""

from __future__ import annotations

from functools import lru_cache

from claimattr.doc import Document
from claimattr.pipeline import Pipeline


@lru_cache(maxsize=1)
def rules() -> Pipeline:
    """The rule pipeline (no stance model), built once."""
    return Pipeline.new()


def doc_before(text: str, name: str) -> Document:
    """A Document of ``text`` with the layers of every rule component before ``name``."""
    doc = Document(text=text)
    for own, component in rules().components:
        if own == name:
            return doc
        doc = component(doc)
    raise KeyError(name)


def component(name: str):
    """The rule pipeline's component called ``name``."""
    return rules().get(name)
