"""The pipeline: an ordered list of components over one Document.

``nlp = claimattr.load()`` reads a pipeline folder; ``nlp(text)`` makes a
:class:`~claimattr.doc.Document` (checking the input) and passes it through the components in
order, each adding its layers (see ``ARCHITECTURE.md``)::

    text -> quotations -> sentences -> cues -> claims -> speakers -> stance

A pipeline folder holds ``pipeline.json`` (the claimattr version that wrote it and, in order,
each component's name, factory and settings) and one sub-folder per component with its lexicons,
its weights and a README card. Building a pipeline checks the chain: every layer a component
requires must be assigned by a component before it. A learned component and a rule component
with the same ``assigns`` plug into the same slot, so swapping one is a change of
``pipeline.json``, not of code.
"""

from __future__ import annotations

import gc
import json
from contextlib import contextmanager
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from claimattr import __version__
from claimattr.components import Component, factory
from claimattr.doc import Document
from claimattr.entities import EntityRegistry
from claimattr.errors import InputError, ModelError
from claimattr.text import check_text, has_arabic, strip_html

#: Default limit on article size: far above any real article, low enough to catch a whole
#: archive passed as one string by mistake.
MAX_CHARS = 5_000_000
PIPELINE_FILE = "pipeline.json"
#: Fields of a record given to :meth:`Pipeline.pipe` that name its document, in order of preference.
ID_FIELDS = ("doc_id", "id")
FORMAT = 2
ENTITIES_FILE = "entities.jsonl"
#: Allocations between collections of the youngest garbage-collection generation while the
#: components run (see :func:`fewer_collections`; Python's default is 700).
GC_THRESHOLD = 10_000
#: The rule pipeline: ``(name, factory)`` of each component, in order (a stance model follows).
RULE_COMPONENTS = (("text", "text"), ("quotations", "quotations"), ("sentences", "sentences"),
                   ("cues", "reporting_cues"), ("claims", "claim_patterns"), ("speakers", "speakers"))


class Pipeline:
    """Annotates Arabic articles: ``nlp(text)`` returns a :class:`Document` with its claims.

    ``components`` are ``(name, component)`` pairs in order; ``registry`` links speakers to
    entities (default: the shipped registry); ``strip_html`` turns HTML input into text instead
    of rejecting it; ``max_chars`` bounds the size of one article.
    """

    def __init__(self, components: Sequence[tuple[str, Component]], registry: EntityRegistry | None = None,
                 strip_html: bool = False, max_chars: int = MAX_CHARS, path: Path | None = None) -> None:
        self.components = list(components)
        self.registry = registry if registry is not None else EntityRegistry.default()
        self.strip_html = strip_html
        self.max_chars = max_chars
        self.path = path
        check_chain(self.components)

    @classmethod
    def new(cls, stance: Any = None, registry: EntityRegistry | None = None, stance_rules: bool = True,
            **options: Any) -> Pipeline:
        """The rule pipeline, with a stance component over ``stance`` (a model from
        :mod:`claimattr.stance`) when one is given."""
        from claimattr.components.stance import Stance

        registry = registry if registry is not None else EntityRegistry.default()
        components = [(name, factory(kind)(registry=registry)) for name, kind in RULE_COMPONENTS]
        if stance is not None:
            components.append(("stance", Stance(model=stance, rules=stance_rules)))
        return cls(components, registry=registry, **options)

    @property
    def pipe_names(self) -> list[str]:
        """The components' names, in order."""
        return [name for name, _ in self.components]

    def get(self, name: str) -> Component:
        """The component called ``name``."""
        for own, component in self.components:
            if own == name:
                return component
        raise KeyError(f"no component {name!r}; this pipeline has {', '.join(self.pipe_names)}")

    def __repr__(self) -> str:
        return f"Pipeline({' -> '.join(self.pipe_names)})"

    # -- running ------------------------------------------------------------------------------
    def make_doc(self, text: str, doc_id: str = "", meta: dict | None = None) -> Document:
        """A Document for ``text``, checked: HTML (unless stripped) and oversized input raise
        :class:`~claimattr.errors.InputError`."""
        if self.strip_html and isinstance(text, str):
            text = strip_html(text)
        check_text(text, self.max_chars)
        return Document(text=text, doc_id=doc_id, meta=dict(meta or {}))

    def __call__(self, text: str, doc_id: str = "", meta: dict | None = None) -> Document:
        """Annotate one article. Empty text or text without Arabic gives a Document with no
        claims; HTML and oversized input raise :class:`~claimattr.errors.InputError`."""
        doc = self.make_doc(text, doc_id, meta)
        if not _annotatable(doc):
            return doc
        with fewer_collections():
            for _, component in self.components:
                doc = component(doc)
        return doc

    def pipe(self, texts: Iterable[Any], batch_size: int = 64, n_process: int = 1,
             as_tuples: bool = False) -> Iterator[Document]:
        """Annotate many articles lazily, in order.

        Items are texts, ``(doc_id, text)`` pairs, or records: dicts with a ``text`` field whose
        ``doc_id`` (else ``id``) names the document and whose other fields (title, date,
        outlet, ...) go to ``doc.meta``. With ``as_tuples=True`` (spaCy's convention) items are
        ``(text, context)`` pairs: a dict context goes to ``doc.meta`` (its ``doc_id`` or ``id``
        naming the document), any other context to ``doc.meta["context"]``.

        Articles go through the components ``batch_size`` at a time, so that components that
        batch (the stance model) score the claims of many articles together; with
        ``n_process > 1`` it is also how many articles each worker takes at a time (see
        :mod:`claimattr.parallel`: safe in scripts and notebooks). An article that fails raises;
        use :func:`claimattr.batch.annotate_records` (or the command line) for runs that must
        record errors and go on.
        """
        items = (_as_item(i, item, as_tuples) for i, item in enumerate(texts))
        if n_process > 1:
            from claimattr.parallel import parallel_map

            yield from parallel_map(self, items, n_process=n_process, batch_size=batch_size)
            return
        while batch := [self.make_doc(text, doc_id, meta) for doc_id, text, meta in islice(items, batch_size)]:
            yield from self.run(batch)

    def run(self, docs: list[Document]) -> list[Document]:
        """Run the components over Documents made by :meth:`make_doc`, all together (a component
        that batches, such as the stance model, scores their claims at once); empty and
        non-Arabic ones are returned as they are."""
        annotatable = [_annotatable(doc) for doc in docs]
        ready = [doc for doc, ok in zip(docs, annotatable) if ok]
        with fewer_collections():
            for _, component in self.components:
                ready = list(component.pipe(ready))
        done = iter(ready)
        return [next(done) if ok else doc for doc, ok in zip(docs, annotatable)]

    # -- persistence ------------------------------------------------------------------------
    def config(self) -> dict[str, Any]:
        """What ``pipeline.json`` records: the version, and each component's factory and settings."""
        return {"claimattr_version": __version__, "format": FORMAT,
                "components": [{"name": name, "factory": c.factory, "settings": c.settings}
                               for name, c in self.components],
                "entities": ENTITIES_FILE if _custom(self.registry) else None}

    def to_disk(self, path: str | Path, card: str = "") -> Path:
        """Save as a pipeline folder: pipeline.json, one sub-folder per component, README.md,
        and entities.jsonl when the registry is not the shipped one (which a saved pipeline
        otherwise follows as it grows)."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        config = self.config()
        for name, component in self.components:
            component.to_disk(folder / name)
        if config["entities"]:
            self.registry.to_jsonl(folder / ENTITIES_FILE)
        (folder / PIPELINE_FILE).write_text(json.dumps(config, indent=2, ensure_ascii=False), encoding="utf-8")
        if card:
            (folder / "README.md").write_text(card, encoding="utf-8")
        return folder

    @classmethod
    def from_disk(cls, path: str | Path, registry: EntityRegistry | None = None, **options: Any) -> Pipeline:
        """Load a folder written by :meth:`to_disk`; ``options`` (``strip_html``, ``max_chars``)
        go to the Pipeline."""
        folder = Path(path)
        config = read_pipeline_config(folder)
        if registry is None:
            registry = EntityRegistry.from_file(folder / ENTITIES_FILE) if config.get("entities") else \
                EntityRegistry.default()
        components = []
        for entry in config["components"]:
            cls_ = factory(entry["factory"])
            components.append((entry["name"], cls_.from_disk(folder / entry["name"], registry=registry,
                                                             **entry.get("settings", {}))))
        return cls(components, registry=registry, path=folder, **options)


def read_pipeline_config(folder: Path) -> dict[str, Any]:
    """``pipeline.json`` of a folder, checked: its format, and a claimattr version no newer
    than this one."""
    config_file = folder / PIPELINE_FILE
    if not config_file.is_file():
        raise ModelError(f"{folder} is not a claimattr pipeline folder: it has no {PIPELINE_FILE}. Pass a "
                         "folder made by Pipeline.to_disk() or `claimattr train stance --out DIR` (DIR itself, not "
                         "a sub-folder such as DIR/stance).")
    try:
        config = json.loads(config_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelError(f"{config_file} is not valid JSON ({exc.msg})") from exc
    if config.get("format") != FORMAT or not isinstance(config.get("components"), list):
        raise ModelError(f"{config_file} is in an older pipeline format (written by claimattr "
                         f"{config.get('claimattr_version', '0.1')}); rebuild it with this version's "
                         "`claimattr train stance --out DIR`")
    written = _version(str(config.get("claimattr_version", "0")))
    if written[:2] > _version(__version__)[:2]:
        raise ModelError(f"{folder} was written by claimattr {config['claimattr_version']}, newer than this "
                         f"claimattr {__version__}; upgrade claimattr (pip install -U claimattr) to load it")
    return config


def check_chain(components: Sequence[tuple[str, Component]]) -> None:
    """Raise :class:`ModelError` when a component requires a layer that no component before it
    assigns, or when two components share a name."""
    assigned: set[str] = set()
    names: set[str] = set()
    for name, component in components:
        if name in names:
            raise ModelError(f"two components are called {name!r}; give each a name of its own")
        names.add(name)
        missing = [layer for layer in component.requires if layer not in assigned]
        if missing:
            raise ModelError(f"component {name!r} ({component.factory}) requires {', '.join(missing)}, which no "
                             f"component before it assigns; put a component that assigns it earlier")
        assigned.update(component.assigns)


@contextmanager
def fewer_collections(threshold: int = GC_THRESHOLD) -> Iterator[None]:
    """Run the block with Python's youngest garbage-collection generation collected every
    ``threshold`` allocations instead of every 700: the components allocate many short-lived
    tuples and lists, and collecting them that often costs about 8% of the pipeline's time.
    The previous thresholds are restored on leaving, so the caller's code is not affected."""
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _annotatable(doc: Document) -> bool:
    return bool(doc.text.strip()) and has_arabic(doc.text)


def _custom(registry: EntityRegistry) -> bool:
    return [e.to_dict() for e in registry] != [e.to_dict() for e in EntityRegistry.default()]


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def _as_item(i: int, item: Any, as_tuples: bool) -> tuple[str, Any, dict[str, Any]]:
    """``(doc_id, text, meta)`` of the ``i``-th item of :meth:`Pipeline.pipe`."""
    if as_tuples:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise InputError(f"pipe(as_tuples=True) item {i} is not a (text, context) pair")
        text, context = item
        return _item(i, text, dict(context) if isinstance(context, dict) else {"context": context})
    if isinstance(item, dict):
        if "text" not in item:
            raise InputError(f"pipe() item {i} is a record without 'text' (fields: {', '.join(map(str, item))}); "
                             "give each record its article as 'text'")
        return _item(i, item["text"], {k: v for k, v in item.items() if k != "text"})
    if isinstance(item, tuple):
        if len(item) != 2:
            raise InputError(f"pipe() item {i} is a tuple of {len(item)}; pass (doc_id, text) pairs, texts or "
                             "records, or (text, context) pairs with as_tuples=True")
        return str(item[0]), item[1], {}
    return str(i), item, {}


def _item(i: int, text: Any, fields: dict[str, Any]) -> tuple[str, Any, dict[str, Any]]:
    """``(doc_id, text, meta)``: the id from ``fields`` (``doc_id``, else ``id``, else ``i``), the
    other fields as meta."""
    key = next((k for k in ID_FIELDS if fields.get(k) not in (None, "")), None)
    meta = {k: v for k, v in fields.items() if k != key}
    return (str(fields[key]) if key else str(i)), text, meta


def shipped_pipelines() -> Path:
    """The folder of the pipelines shipped inside the package."""
    return Path(str(resources.files("claimattr") / "pipelines"))


def load(name: str | Path = "default", **options: Any) -> Pipeline:
    """Load a pipeline: a shipped name (``"default"``) or the path of a pipeline folder.

    Options (``strip_html``, ``max_chars``, ``registry``) are passed to :class:`Pipeline`.
    """
    path = Path(name)
    if not path.is_dir():
        path = shipped_pipelines() / str(name)
    if not (path / PIPELINE_FILE).is_file():
        shipped = sorted(p.name for p in shipped_pipelines().glob("*/") if (p / PIPELINE_FILE).is_file())
        raise ModelError(f"no pipeline {str(name)!r}: neither a folder with {PIPELINE_FILE} nor a shipped "
                         f"pipeline ({', '.join(shipped) or 'none'}). Pass the path of a folder made by "
                         "Pipeline.to_disk() or `claimattr train stance --out DIR` (DIR itself, not a sub-folder "
                         "such as DIR/stance).")
    return Pipeline.from_disk(path, **options)
