"""claimattr: who said what about the US military presence in Iraq, in Arabic news.

>>> import claimattr
>>> nlp = claimattr.load()                 # the default pipeline, shipped in the package
>>> doc = nlp(text)                        # a Document with its claims
>>> claimattr.summarize([doc])             # speaker x stance table (pandas)
>>> claimattr.to_pandas([doc])             # one row per claim (pandas)

The package imports no heavy dependency at import time: NumPy, pandas, scikit-learn, torch and
transformers load only where a function needs them.
"""

__version__ = "0.2.0"

from claimattr.doc import KINDS, STANCES, Claim, Document, Span, Speaker  # noqa: E402
from claimattr.entities import Entity, EntityRegistry  # noqa: E402
from claimattr.errors import ClaimattrError, FormatError, InputError, ModelError  # noqa: E402
from claimattr.evaluate import evaluate  # noqa: E402
from claimattr.pipeline import Pipeline, load  # noqa: E402
from claimattr.render import save_html, to_html  # noqa: E402
from claimattr.summary import summarize, to_pandas  # noqa: E402

__all__ = [
    "KINDS", "STANCES", "Claim", "ClaimattrError", "Document", "Entity", "EntityRegistry",
    "FormatError", "InputError", "ModelError", "Pipeline", "Span", "Speaker", "__version__",
    "evaluate", "load", "save_html", "summarize", "to_html", "to_pandas",
]
