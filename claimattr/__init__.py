"""claimattr: who said what about the US military presence in Iraq, in Arabic news.

>>> import claimattr
>>> nlp = claimattr.load()                 # the default pipeline in models/default
>>> doc = nlp(text)                        # a Document with its claims
>>> claimattr.summarize([doc])             # speaker x stance table (pandas)

The package imports no heavy dependency at import time: NumPy, pandas, scikit-learn, torch and
transformers load only where a function needs them.
"""

from claimattr.doc import KINDS, STANCES, Claim, Document, Span, Speaker
from claimattr.entities import Entity, EntityRegistry
from claimattr.errors import ClaimattrError, FormatError, InputError, ModelError
from claimattr.evaluate import evaluate
from claimattr.pipeline import Pipeline, load
from claimattr.render import render, save_html
from claimattr.summary import summarize

__version__ = "0.1.0"

__all__ = [
    "KINDS", "STANCES", "Claim", "ClaimattrError", "Document", "Entity", "EntityRegistry",
    "FormatError", "InputError", "ModelError", "Pipeline", "Span", "Speaker", "__version__",
    "evaluate", "load", "render", "save_html", "summarize",
]
