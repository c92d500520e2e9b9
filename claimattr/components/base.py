"""The component contract: every stage of a pipeline is a :class:`Component`.

A component reads the layers of a :class:`~claimattr.doc.Document` named in ``requires``, adds
the ones named in ``assigns`` and returns the document: ``doc = component(doc)``; ``pipe``
does the same for a stream of documents (a learned component overrides it to batch). Its
settings are keyword arguments of its constructor, listed in ``defaults``, recorded in the
pipeline's ``pipeline.json`` and checked when it is built. A component that reads rule data
(word lists, tables) names the files in ``lexicon_files``: a saved pipeline keeps a copy of them
in the component's folder and the component reads them from there, so its behaviour is pinned.
A learned component also writes its weights there (:meth:`save_data` / :meth:`load_data`).

Components are created by factory name (:func:`claimattr.components.create`), so that a rule
component and a learned one plug into the same slot of ``pipeline.json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Iterable, Iterator, Mapping

from claimattr.doc import Document
from claimattr.errors import ModelError
from claimattr.lexicon import Lexicons

LEXICON_FOLDER = "lexicons"
CARD = "README.md"


class Component:
    """Base class of the pipeline's components (see the module docstring).

    ``registry`` is the pipeline's :class:`~claimattr.entities.EntityRegistry` (for the
    components that link or bound names); ``lexicons`` the folder of rule data to read (default:
    the shipped one).
    """

    factory: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    defaults: ClassVar[Mapping[str, Any]] = {}
    lexicon_files: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""

    def __init__(self, registry: Any = None, lexicons: Lexicons | None = None, **settings: Any) -> None:
        unknown = sorted(set(settings) - set(self.defaults))
        if unknown:
            raise ModelError(f"component {self.factory!r} has no setting {', '.join(map(repr, unknown))}; "
                             f"its settings are {', '.join(self.defaults) or 'none'}")
        self.registry = registry
        self.lexicons = lexicons or Lexicons()
        self.settings = {**self.defaults, **settings}
        self.setup()

    def setup(self) -> None:
        """Prepare what the settings and lexicons determine (called once, by ``__init__``)."""

    def __call__(self, doc: Document) -> Document:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Process a stream of documents, in order."""
        for doc in docs:
            yield self(doc)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.factory!r})"

    # -- persistence --------------------------------------------------------------------------
    def to_disk(self, folder: Path) -> None:
        """Write the component's folder: its lexicons, its data (:meth:`save_data`) and a card."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.lexicon_files:
            self.lexicons.copy(self.lexicon_files, folder / LEXICON_FOLDER)
        self.save_data(folder)
        (folder / CARD).write_text(self.card(), encoding="utf-8")

    @classmethod
    def from_disk(cls, folder: Path, registry: Any = None, **settings: Any) -> Component:
        """The component saved in ``folder`` with ``settings`` (from ``pipeline.json``)."""
        lexicons = Lexicons(folder / LEXICON_FOLDER) if cls.lexicon_files else None
        component = cls(registry=registry, lexicons=lexicons, **settings)
        component.load_data(folder)
        return component

    def save_data(self, folder: Path) -> None:
        """Write learned data (weights) into the component's folder; rule components have none."""

    def load_data(self, folder: Path) -> None:
        """Read what :meth:`save_data` wrote."""

    def card(self) -> str:
        """The component's README card: what it finds, what it reads and writes, its settings."""
        settings = "\n".join(f"- `{k}`: `{v!r}`" for k, v in self.settings.items()) or "- none"
        files = ", ".join(f"`{f}`" for f in self.lexicon_files) or "none"
        return (f"# {self.factory}\n\n{self.description or (type(self).__doc__ or '').strip()}\n\n"
                f"- requires: {', '.join(self.requires) or 'the text'}\n- assigns: {', '.join(self.assigns)}\n"
                f"- lexicons (copied into `{LEXICON_FOLDER}/`): {files}\n\n## Settings\n{settings}\n")
