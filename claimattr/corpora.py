"""Reading and checking annotated corpora in the ANNOTATION format (``ANNOTATION.md``).

A corpus is a JSONL file with one article a line. A record either carries its article in
``text``, or is *standoff* (no ``text``) and the article is found

* in ``texts/<doc_id>.txt`` beside the JSONL file (or in the ``texts`` folder given), or
* for annotations of an unlabeled pool, in the pool named by the record's ``source`` (a path
  relative to :func:`shared_dir`, e.g. ``"corpora/news2026_pool.jsonl"``), as the text of the
  pool record whose ``id`` equals the record's ``doc_id``.

Texts from outside the project are never committed: they live in the shared data folder and are
always read through :func:`shared_dir`. Articles are read as UTF-8 and never altered (no newline
translation, no BOM stripping), so every offset points into the text exactly as published.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from claimattr.doc import KINDS, STANCES, Claim, Document, Span
from claimattr.errors import FormatError

log = logging.getLogger(__name__)

#: The annotated corpora of the shared data folder, read from ``<shared>/corpora/<name>/``.
SHARED_CORPORA = ("train", "ontopic", "news2026")
#: The file name of a corpus folder's annotations.
GOLD_FILE = "gold.jsonl"
#: The frozen splits of the project's corpora, beside them.
SPLITS_FILE = "splits.json"
_WORD_RE = re.compile(r"\w+")

Record = tuple[int, dict[str, Any]]


def repo_root() -> Path:
    """The project checkout: the parent of the ``claimattr`` package folder."""
    return Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The folder holding the shared data (corpora, seeds).

    ``$CLAIMATTR_SHARED`` when set; otherwise ``../shared`` relative to the current directory if
    it exists; otherwise ``<repo root>/../shared``. The folder is not required to exist: readers
    that need a file in it say so, with this lookup order, when it is missing.
    """
    env = os.environ.get("CLAIMATTR_SHARED")
    if env:
        return Path(env)
    beside_cwd = Path.cwd().parent / "shared"
    if beside_cwd.is_dir():
        return beside_cwd
    return repo_root().parent / "shared"


def corpus_file(path: str | os.PathLike[str]) -> Path:
    """The JSONL file of a corpus given as the file itself or as a folder holding ``gold.jsonl``."""
    path = Path(path)
    if path.is_dir():
        path = path / GOLD_FILE
    if not path.is_file():
        raise FormatError(
            f"no corpus at {path}: give a JSONL file in the ANNOTATION format or a folder "
            f"containing {GOLD_FILE}"
        )
    return path


def read_records(path: str | os.PathLike[str]) -> list[Record]:
    """The JSON objects of a JSONL corpus (file or folder) with their 1-based line numbers.

    Blank lines are skipped. Raises :class:`FormatError` naming the file and line for a line that
    is not a JSON object.
    """
    path = corpus_file(path)
    records: list[Record] = []
    lines = path.read_bytes().decode("utf-8").split("\n")
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(
                f"{path}:{lineno}: not valid JSON ({exc.msg} at column {exc.colno}); "
                "each line must be one JSON object (JSONL)"
            ) from exc
        if not isinstance(record, dict):
            raise FormatError(
                f"{path}:{lineno}: expected a JSON object with 'doc_id' and 'claims', "
                f"got {type(record).__name__}"
            )
        records.append((lineno, record))
    return records


def read_text(path: Path) -> str:
    """An article file exactly as stored: UTF-8, no newline translation, no BOM stripping."""
    return path.read_bytes().decode("utf-8")


def record_to_document(record: Mapping[str, Any], text: str, where: str = "") -> Document:
    """The :class:`Document` of an ANNOTATION-format record whose article is ``text``.

    A claim's recorded ``text`` (the library's output carries one) is kept as the claim's text
    rather than re-sliced from the article, so that :func:`validate` can report a record whose
    offsets do not fit its article. ``where`` (``file:line``) prefixes error messages.
    """
    try:
        doc = Document.from_dict(record, text=text)
    except FormatError as exc:
        raise FormatError(f"{where}: document {record.get('doc_id', '?')!r}: {exc}") from exc
    claims = [
        _with_recorded_text(claim, raw)
        for claim, raw in zip(doc.claims, record.get("claims") or [])
    ]
    doc.claims = claims
    return doc


def _with_recorded_text(claim: Claim, raw: Mapping[str, Any]) -> Claim:
    """``claim`` with the span text its record states, when the record states one."""
    recorded = raw.get("text")
    if recorded is None or recorded == claim.text:
        return claim
    return replace(claim, text=str(recorded))


def read_corpus(
    path: str | os.PathLike[str], texts: str | os.PathLike[str] | None = None
) -> list[Document]:
    """Read a corpus in the ANNOTATION format, with its texts inline or standoff.

    ``path`` is a JSONL file or a folder containing ``gold.jsonl``. For standoff records the
    article is ``<texts>/<doc_id>.txt`` (``texts`` defaults to the ``texts/`` folder beside the
    JSONL file), or, when the record has a ``source``, the pool record with ``id == doc_id`` in
    ``shared_dir() / source``. Raises :class:`FormatError` for bad JSON, a record that is not in
    the format, or an article that can't be found. Offsets and labels are not checked here: call
    :func:`validate_corpus` on the result.
    """
    jsonl = corpus_file(path)
    records = read_records(jsonl)
    texts_dir = Path(texts) if texts is not None else jsonl.parent / "texts"
    docs = []
    for lineno, record in records:
        where = f"{jsonl}:{lineno}"
        text = _record_text(record, where, texts_dir, jsonl)
        docs.append(record_to_document(record, text, where))
    return docs


def _doc_id(record: Mapping[str, Any], where: str) -> str:
    """The record's ``doc_id``; raises when it has none (standoff texts are found by it)."""
    doc_id = record.get("doc_id")
    if not doc_id:
        raise FormatError(f"{where}: the record has no 'doc_id'; every record needs one")
    return str(doc_id)


def _record_text(record: Mapping[str, Any], where: str, texts_dir: Path, jsonl: Path) -> str:
    """The article of one record: inline, from its pool, or from ``texts_dir``."""
    if "text" in record:
        return str(record["text"])
    doc_id = _doc_id(record, where)
    source = record.get("source")
    if source:
        texts = pool_texts(_pool_path(str(source), jsonl))
        if doc_id not in texts:
            raise FormatError(f"{where}: doc_id {doc_id!r} is not an 'id' of the pool {source!r}; "
                              "check the record's doc_id and source")
        return texts[doc_id]
    text_file = texts_dir / f"{doc_id}.txt"
    if not text_file.is_file():
        raise FormatError(
            f"{where}: document {doc_id!r} has no 'text' and its article {text_file} does not "
            "exist; put the article there, pass the folder holding <doc_id>.txt files as "
            "texts=..., or add a 'text' field to the record"
        )
    return read_text(text_file)


def standoff_text(record: Mapping[str, Any], texts_dir: Path, where: str = "") -> str:
    """The article of one ANNOTATION record (see :func:`read_corpus` for where it is looked for)."""
    return _record_text(record, where or str(record.get("doc_id", "?")), texts_dir, texts_dir)


@functools.lru_cache(maxsize=4)
def pool_texts(pool: Path) -> dict[str, str]:
    """``id -> text`` of a pool JSONL file, read once per process (pools are a few MB)."""
    return {str(item.get("id")): str(item.get("text", "")) for _, item in read_records(pool)}


def _pool_path(source: str, jsonl: Path) -> Path:
    """The pool file a record's ``source`` names, relative to :func:`shared_dir`."""
    pool = shared_dir() / source
    if not pool.is_file():
        raise FormatError(
            f"{jsonl}: records take their text from {source!r}, but {pool} does not exist; "
            "set CLAIMATTR_SHARED to the shared data folder (the one holding corpora/)"
        )
    return pool.resolve()


def validate(doc: Document, labels: bool = True) -> list[str]:
    """The problems of one document, as messages naming the document and the claim.

    Checks that claim ids are unique, that every span (claim, cue, speaker mention) lies inside
    the text, is not empty and that ``text[start:end]`` equals its recorded text. With
    ``labels`` (gold), also that each claim has a known ``kind`` and ``stance`` and a speaker
    entity; predictions may leave those out, so pass ``labels=False`` for them.
    """
    problems = []
    seen: set[str] = set()
    for claim in doc.claims:
        name = f"{doc.doc_id} claim {claim.id!r}"
        if claim.id in seen:
            problems.append(f"{name}: the claim id is used twice in the document; make ids unique")
        seen.add(claim.id)
        problems += _span_problems(doc.text, Span(claim.start, claim.end, claim.text), name)
        problems += _span_problems(doc.text, claim.cue, f"{name} cue")
        problems += _span_problems(doc.text, claim.speaker.mention, f"{name} speaker mention")
        if labels:
            problems += _label_problems(claim, name)
    return problems


def _span_problems(text: str, span: Span | None, name: str) -> list[str]:
    """Why ``span`` does not fit ``text`` (empty when it fits or is absent)."""
    if span is None:
        return []
    if not 0 <= span.start < span.end <= len(text):
        return [
            f"{name}: offsets {span.start}:{span.end} are not a non-empty range inside the "
            f"text of {len(text)} characters"
        ]
    actual = text[span.start : span.end]
    if actual != span.text:
        return [
            f"{name}: text[{span.start}:{span.end}] is {actual!r} but the record says "
            f"{span.text!r}; fix the offsets (code points, end exclusive) or the text"
        ]
    return []


def _label_problems(claim: Claim, name: str) -> list[str]:
    """Unknown kind or stance, or a missing speaker entity, of a gold claim."""
    problems = []
    if claim.kind not in KINDS:
        problems.append(f"{name}: kind {claim.kind!r} is not one of {', '.join(KINDS)}")
    if claim.stance not in STANCES:
        problems.append(f"{name}: stance {claim.stance!r} is not one of {', '.join(STANCES)}")
    if not claim.speaker.entity:
        problems.append(f"{name}: the speaker has no entity id; give a registry id or other:<name>")
    return problems


def validate_corpus(docs: Iterable[Document], labels: bool = True) -> list[str]:
    """The problems of every document (see :func:`validate`) plus doc ids used twice."""
    problems = []
    counts: Counter[str] = Counter()
    for doc in docs:
        counts[doc.doc_id] += 1
        problems += validate(doc, labels=labels)
    problems += [
        f"doc_id {doc_id!r} appears {n} times; each article must appear once"
        for doc_id, n in counts.items()
        if n > 1
    ]
    return problems


def corpus_stats(docs: Iterable[Document]) -> dict[str, Any]:
    """Counts of a corpus: articles, words (runs of letters/digits), claims, and claims by kind,
    by stance and by speaker entity (most frequent first)."""
    docs = list(docs)
    claims = [claim for doc in docs for claim in doc.claims]
    return {
        "articles": len(docs),
        "words": sum(len(_WORD_RE.findall(doc.text)) for doc in docs),
        "claims": len(claims),
        "by_kind": dict(Counter(c.kind for c in claims).most_common()),
        "by_stance": dict(Counter(str(c.stance) for c in claims).most_common()),
        "by_speaker": dict(Counter(c.speaker.entity for c in claims).most_common()),
    }


def corpus_folders() -> dict[str, Path]:
    """Every named annotated corpus, in a fixed order: ``seeds`` (the project's
    ``corpora/seeds``), ``train``, ``ontopic`` and ``news2026`` from ``shared_dir()/corpora/``,
    then every other folder of the project's ``corpora/`` that holds a ``gold.jsonl``, by name.
    Folders are listed whether or not they (or their texts) exist here."""
    local = repo_root() / "corpora"
    folders = {"seeds": local / "seeds"}
    folders.update((name, shared_dir() / "corpora" / name) for name in SHARED_CORPORA)
    for gold in sorted(local.glob(f"*/{GOLD_FILE}")):
        folders.setdefault(gold.parent.name, gold.parent)
    return folders


def available(folder: Path) -> bool:
    """True when a corpus folder and every text its records need are here."""
    return (folder / GOLD_FILE).is_file() and not _missing_pools(folder / GOLD_FILE)


def training_corpora() -> dict[str, list[Document]]:
    """The named annotated corpora that exist here (see :func:`corpus_folders`), read.

    A corpus whose folder is missing, or whose pool file is missing because the shared data is
    not here, is skipped quietly (logged at debug level); any other problem raises.
    """
    corpora = {}
    for name, folder in corpus_folders().items():
        if not available(folder):
            log.debug("corpus %s skipped: %s or its pool is not here", name, folder)
            continue
        corpora[name] = read_corpus(folder)
    return corpora


def is_second_annotation(name: str) -> bool:
    """Corpora named ``*double*`` re-annotate documents of other corpora to measure agreement:
    they are never trained on nor scored as corpora of their own."""
    return "double" in name


def unique_documents(docs: Iterable[Document]) -> list[Document]:
    """``docs`` without repeated ``doc_id`` (the first is kept, the others logged)."""
    seen: set[str] = set()
    out = []
    for doc in docs:
        if doc.doc_id in seen:
            log.info("document %s is annotated twice; the first annotation is kept", doc.doc_id)
            continue
        seen.add(doc.doc_id)
        out.append(doc)
    return out


SPLITS = ("train", "dev", "all")


def in_split(doc_id: str, split: str, dev: set[str]) -> bool:
    """Whether a document belongs to ``split``: ``dev`` (the frozen development split),
    ``train`` (every other document) or ``all``."""
    if split not in SPLITS:
        raise FormatError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    return split == "all" or (doc_id in dev) == (split == "dev")


def split_corpora(split: str = "train", corpora: Mapping[str, list[Document]] | None = None) -> dict[str, list[Document]]:
    """The named corpora (default :func:`training_corpora`) restricted to ``split``, second
    annotations left out; a corpus with no document in the split is dropped."""
    corpora = training_corpora() if corpora is None else corpora
    dev = set(read_splits().get("dev", []))
    out = {}
    for name, docs in corpora.items():
        kept = [d for d in docs if in_split(d.doc_id, split, dev)]
        if kept and not is_second_annotation(name):
            out[name] = kept
    return out


def training_documents(split: str = "train", corpora: Mapping[str, list[Document]] | None = None) -> list[Document]:
    """Every annotated document of ``split`` (default: the training part, never the dev split),
    each ``doc_id`` once, second annotations left out."""
    return unique_documents(d for docs in split_corpora(split, corpora).values() for d in docs)


def read_splits(path: str | os.PathLike[str] | None = None) -> dict[str, list[str]]:
    """The frozen splits of the project's corpora (``corpora/splits.json``): split name -> doc ids.

    ``dev`` lists the documents that are only ever scored, never read while writing rules or
    fitting models; every other document of the corpora is training material. A missing file
    gives no splits.
    """
    path = Path(path) if path is not None else repo_root() / "corpora" / SPLITS_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path}: not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise FormatError(f'{path}: expected {{"dev": [doc ids...]}}')
    return {name: [str(i) for i in ids] for name, ids in data.items()}


def _missing_pools(jsonl: Path) -> bool:
    """True when a record of ``jsonl`` takes its text from a pool file that does not exist."""
    sources = {record.get("source") for _, record in read_records(jsonl)}
    return any(not (shared_dir() / str(s)).is_file() for s in sources if s)
