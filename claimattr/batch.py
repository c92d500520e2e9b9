"""Annotating archives: read articles from files, annotate them, write one record per article.

Inputs are streamed, never loaded whole:

* a ``.txt`` file: one article, its id the file's stem; a folder: its ``*.txt`` files, by name;
* JSONL (``.jsonl``, ``.json``, ``.ndjson``, or ``-`` for stdin), CSV with a header row (``.csv``)
  and Parquet (``.parquet``): one article per record, its text in the ``text_field`` (default
  ``text``) and its id in the ``id_field`` (default ``doc_id``, else ``id``, else
  ``<file>:<line or row>``).

Every input record yields exactly one output record, in input order: the ANNOTATION-format
record (``doc_id``, ``claims``) or an error record ``{"doc_id": ..., "error": "..."}`` when the
article can't be read or processed. Nothing is dropped silently, and the run goes on.

Output is JSONL, appended and flushed line by line, or Parquet (see :class:`ParquetSink`). After
a crash or a kill, ``resume=True`` cuts a partly written last line, skips the articles already in
the output and appends the rest, so the finished output is the one an uninterrupted run writes.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import time
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence, TextIO

from claimattr.doc import STANCES
from claimattr.errors import ClaimattrError, FormatError, InputError
from claimattr.parallel import batched

if TYPE_CHECKING:
    import datasets
    import pyarrow

    from claimattr.pipeline import Pipeline

JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
INPUT_SUFFIXES = {".txt": "txt", ".csv": "csv", ".parquet": "parquet",
                  **{s: "jsonl" for s in JSONL_SUFFIXES}}
OUTPUT_FORMATS = ("jsonl", "parquet")
STDIN = "-"
#: Rows per Parquet row group and per batch read from Parquet inputs.
PARQUET_ROWS = 1000
#: The CSV module's field limit (default 128 KiB) is raised to this: the pipeline's ``max_chars``
#: decides what is too long, with a clear error record.
CSV_FIELD_LIMIT = 2**31 - 1
#: Lone surrogates: undecodable bytes kept by ``surrogateescape``, or ``\udXXX`` escapes in JSON.
#: They can't be written as UTF-8, so such a record becomes an error record.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


# -- input ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """One input article: its id and its text, or the error that kept it from being read, and
    the input fields kept for its output record (``meta``, see :attr:`Fields.keep`)."""

    doc_id: str
    text: str | None = None
    error: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


#: Fields of every output record, which ``--keep-fields`` can't name.
RECORD_FIELDS = ("doc_id", "text", "claims", "error")


@dataclass(frozen=True)
class Fields:
    """Where a record keeps its text and its id (``id=None``: ``doc_id``, else ``id``), and the
    fields copied from it to its output record (``keep``: title, date, outlet, ...)."""

    text: str = "text"
    id: str | None = None
    keep: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        clash = [name for name in self.keep if name in RECORD_FIELDS]
        if clash:
            raise InputError(f"--keep-fields can't keep {', '.join(clash)}: every output record has "
                             f"{', '.join(RECORD_FIELDS)} of its own; rename that input field")

    @property
    def id_names(self) -> tuple[str, ...]:
        return (self.id,) if self.id else ("doc_id", "id")

    def item(self, record: Any, where: str) -> Item:
        """The item of one record; ``where`` (``file:line``) is its id when it has none."""
        if not isinstance(record, dict):
            return Item(where, error=f"{where}: expected an object with {self.text!r}, got {type(record).__name__}")
        doc_id = next((str(record[n]) for n in self.id_names if record.get(n) not in (None, "")), where)
        meta, kept = _kept(record, self.keep)
        text = record.get(self.text)
        if text is None:
            return Item(doc_id, error=f"{where}: no {self.text!r} field (fields: {', '.join(map(str, record))}); "
                        "name the text field with --text-field", meta=meta)
        if not isinstance(text, str):
            return Item(doc_id, error=f"{where}: field {self.text!r} is {type(text).__name__}, not text", meta=meta)
        if _SURROGATE_RE.search(text) or _SURROGATE_RE.search(doc_id + kept):
            return Item(where, error=f"{where}: not valid UTF-8 (undecodable bytes or lone surrogates); "
                        "re-encode it as UTF-8")
        return Item(doc_id, text, meta=meta)


def _kept(record: dict[str, Any], names: tuple[str, ...]) -> tuple[dict[str, Any], str]:
    """The fields ``names`` of ``record`` as JSON values (dates and the like as text; a missing
    field is null), and their JSON, in which a lone surrogate shows a field that is not UTF-8."""
    dumped = json.dumps({name: record.get(name) for name in names}, ensure_ascii=False, default=str)
    return json.loads(dumped), dumped


def input_kind(path: str) -> str:
    """``txt``, ``folder``, ``jsonl``, ``csv`` or ``parquet``; raises :class:`InputError` for a
    path that does not exist or is of no known kind."""
    if path == STDIN:
        return "jsonl"
    p = Path(path)
    if p.is_dir():
        return "folder"
    if not p.exists():
        raise InputError(f"{path}: no such file or folder")
    kind = INPUT_SUFFIXES.get(p.suffix.lower())
    if kind is None:
        raise InputError(f"{path}: unknown input kind {p.suffix!r}; give .txt files, a folder of them, "
                         f"JSONL ({', '.join(JSONL_SUFFIXES)}), .csv, .parquet or - for JSONL on stdin")
    return kind


def check_inputs(paths: Iterable[str], fields: Fields = Fields()) -> None:
    """Fail before any work for a missing path, an unknown kind, an unreadable Parquet file, or a
    CSV/Parquet file without the text field or a kept field (a typo in ``--text-field`` or
    ``--keep-fields`` should not cost a run of error records)."""
    for path in paths:
        kind = input_kind(path)
        columns = _csv_header(path) if kind == "csv" else _parquet_columns(path) if kind == "parquet" else None
        if columns is None:
            continue
        if fields.text not in columns:
            raise InputError(f"{path} has no column {fields.text!r} (columns: {', '.join(columns)}); "
                             "name the text column with --text-field")
        missing = [name for name in fields.keep if name not in columns]
        if missing:
            raise InputError(f"{path} has no column {', '.join(map(repr, missing))} to keep (columns: "
                             f"{', '.join(columns)}); fix --keep-fields")


def read_items(paths: Iterable[str], fields: Fields = Fields()) -> Iterator[Item]:
    """The articles of all ``paths``, in order, one :class:`Item` each (see the module docstring)."""
    for path in paths:
        yield from _READERS[input_kind(path)](path, fields)


def count_items(paths: Iterable[str]) -> int | None:
    """How many articles ``paths`` hold (one quick pass over each file), ``None`` for stdin."""
    total = 0
    for path in paths:
        if path == STDIN:
            return None
        total += _COUNTERS[input_kind(path)](path)
    return total


def _not_utf8(where: str, exc: UnicodeDecodeError) -> str:
    return f"{where}: not UTF-8 ({exc.reason} at byte {exc.start}); re-encode it as UTF-8"


def _read_txt(path: str, fields: Fields) -> Iterator[Item]:
    p = Path(path)
    try:
        yield Item(p.stem, p.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        yield Item(p.stem, error=_not_utf8(str(p), exc))
    except OSError as exc:
        yield Item(p.stem, error=f"{p}: can't be read ({exc.strerror})")


def _folder_files(path: str) -> list[Path]:
    return sorted(p for p in Path(path).glob("*.txt") if p.is_file())


def _read_folder(path: str, fields: Fields) -> Iterator[Item]:
    for p in _folder_files(path):
        yield from _read_txt(str(p), fields)


def _jsonl_lines(path: str) -> Iterator[tuple[int, bytes]]:
    """The non-blank lines of a JSONL file or stdin, as bytes, with their 1-based numbers."""
    stream = sys.stdin.buffer if path == STDIN else open(path, "rb")
    try:
        for number, raw in enumerate(stream, 1):
            if raw.strip():
                yield number, raw
    finally:
        if path != STDIN:
            stream.close()


def _read_jsonl(path: str, fields: Fields) -> Iterator[Item]:
    name = "stdin" if path == STDIN else Path(path).name
    for number, raw in _jsonl_lines(path):
        where = f"{name}:{number}"
        try:
            record = json.loads(raw.decode("utf-8").lstrip("\ufeff"))
        except UnicodeDecodeError as exc:
            yield Item(where, error=_not_utf8(where, exc))
        except json.JSONDecodeError as exc:
            yield Item(where, error=_not_json(where, raw, exc))
        else:
            yield fields.item(record, where)


def _not_json(where: str, raw: bytes, exc: json.JSONDecodeError) -> str:
    """Why a JSONL line is not one JSON object; bare carriage returns (old Mac line endings) get
    their own message, since they hide several records in one line."""
    if b"\r" in raw.rstrip(b"\r\n"):
        return (f"{where}: several lines separated by bare \\r (old Mac line endings), read as one line "
                f"that is not JSON ({exc.msg}): its records are not annotated; convert the line endings "
                "to \\n (tr '\\r' '\\n' < IN > OUT) and run again")
    return f"{where}: not JSON ({exc.msg}); each line must be one JSON object"


@dataclass(frozen=True)
class _CsvRow:
    """A CSV row with the lines it spans, or the :class:`csv.Error` met on those lines."""

    first: int
    last: int
    row: dict[str, str] | None = None
    error: csv.Error | None = None


def _csv_rows(path: str) -> Iterator[_CsvRow]:
    """The rows of a CSV file, read strictly: a quote that is never closed, or text after a
    closing quote, gives a row with its :class:`csv.Error` (the lines it swallowed are named,
    not silently merged into one field).

    Bytes that are not UTF-8 are kept as surrogates so that one bad row does not stop the file.
    """
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    lines = 0

    def counted(f: TextIO) -> Iterator[str]:
        nonlocal lines
        for line in f:
            lines += 1
            yield line

    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        rows = csv.DictReader(counted(f), strict=True)
        try:
            header = rows.fieldnames
        except csv.Error as exc:  # the header itself is bad: no row can be read reliably
            yield _CsvRow(1, lines, error=exc)
            return
        while header is not None:  # None: an empty file
            first = lines + 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:
                yield _CsvRow(first, max(first, lines), error=exc)
                continue
            yield _CsvRow(first, lines, row=row)


def _read_csv(path: str, fields: Fields) -> Iterator[Item]:
    name = Path(path).name
    for number, row in enumerate(_csv_rows(path), 1):
        where = f"{name}:row {number}"
        if row.error is not None:
            yield Item(where, error=f"{where}: bad CSV on lines {row.first}-{row.last} ({row.error}): the rows "
                       "on these lines are not annotated; a quote that is never closed swallows the rows after "
                       "it: close it, or double the quotes inside quoted fields (\"\")")
            continue
        yield fields.item(row.row, where)


def _csv_header(path: str) -> list[str]:
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        return next(csv.reader(f), [])


def _parquet() -> Any:
    """``pyarrow.parquet``, or a clear error when the ``parquet`` extra is not installed."""
    try:
        import pyarrow.parquet
    except ImportError as exc:
        raise InputError('Parquet needs pyarrow: pip install "claimattr[parquet]"') from exc
    return pyarrow.parquet


def parquet_rows(path: str | Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """The rows of a Parquet file as dicts, read in batches; an empty, truncated or corrupt file
    raises :class:`FormatError` saying so (never pyarrow's own exception)."""
    source = _parquet_file(path)
    with _parquet_errors(path):
        for table in source.iter_batches(batch_size=PARQUET_ROWS, columns=columns):
            yield from table.to_pylist()


def _parquet_file(path: str | Path) -> Any:
    """A ``pyarrow.parquet.ParquetFile``, opened with the errors of :func:`parquet_rows`."""
    pq = _parquet()
    with _parquet_errors(path):
        return pq.ParquetFile(path)


@contextmanager
def _parquet_errors(path: str | Path) -> Iterator[None]:
    """Turn pyarrow's errors on a bad file into a :class:`FormatError` naming it."""
    import pyarrow as pa

    try:
        yield
    except (pa.ArrowException, OSError) as exc:
        raise FormatError(f"{path} is not a readable Parquet file ({exc}); it is empty, truncated or "
                          "corrupt: write it again, or pass the file it was made from") from exc


def _parquet_columns(path: str) -> list[str]:
    return list(_parquet_file(path).schema_arrow.names)


def _read_parquet(path: str, fields: Fields) -> Iterator[Item]:
    name = Path(path).name
    present = _parquet_columns(path)
    columns = [c for c in dict.fromkeys((fields.text, *fields.id_names, *fields.keep)) if c in present]
    for number, row in enumerate(parquet_rows(path, columns), 1):
        yield fields.item(row, f"{name}:row {number}")


def _count_parquet(path: str) -> int:
    return _parquet_file(path).metadata.num_rows


_READERS: dict[str, Callable[[str, Fields], Iterator[Item]]] = {
    "txt": _read_txt, "folder": _read_folder, "jsonl": _read_jsonl, "csv": _read_csv,
    "parquet": _read_parquet,
}
_COUNTERS: dict[str, Callable[[str], int]] = {
    "txt": lambda path: 1,
    "folder": lambda path: len(_folder_files(path)),
    "jsonl": lambda path: sum(1 for _ in _jsonl_lines(path)),
    "csv": lambda path: sum(1 for _ in _csv_rows(path)),
    "parquet": _count_parquet,
}


# -- annotation -------------------------------------------------------------------------------
def error_record(doc_id: str, error: str, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The output record of an article that could not be annotated (with its kept fields)."""
    return {"doc_id": doc_id, **(meta or {}), "error": error}


def annotate_item(pipeline: Pipeline, item: Item | tuple[str, str], with_text: bool = False) -> dict[str, Any]:
    """The output record of one article: its id, its kept fields (``item.meta``, also the
    Document's ``meta``) and its claims, or the error that stopped it.

    Any exception raised for this article becomes its error record, so that one bad article
    never stops a batch run.
    """
    if isinstance(item, tuple):
        item = Item(*item)
    if item.error is not None:
        return error_record(item.doc_id, item.error, item.meta)
    try:
        doc = pipeline(item.text, doc_id=item.doc_id, meta=item.meta)
    except ClaimattrError as exc:
        return error_record(item.doc_id, str(exc), item.meta)
    except Exception as exc:  # noqa: BLE001 - a bug on one article must not end the run
        return error_record(item.doc_id, f"{type(exc).__name__}: {exc} (a claimattr bug: please report it "
                            "with this article)", item.meta)
    return {"doc_id": doc.doc_id, **item.meta, **doc.to_dict(include_text=with_text)}


def annotate_records(pipeline: Pipeline, items: Iterable[Item | tuple[str, str]], n_process: int = 1,
                     batch_size: int = 64, with_text: bool = False, client: Any = None,
                     time_limit: float | None = None) -> Iterator[dict[str, Any]]:
    """One output record per item, in order (see :func:`annotate_item`).

    Runs in this process, on ``n_process`` worker processes, or on a Dask cluster when a
    ``distributed.Client`` is given. ``time_limit`` (seconds) bounds the time spent on one
    article: articles run in worker processes (one at least), and an article that overruns the
    limit, or whose worker dies, gets an error record while the run goes on (see
    :mod:`claimattr.parallel` for why a process and not a signal).
    """
    task = partial(annotate_item, with_text=with_text)
    if client is not None:
        if time_limit is not None:
            raise InputError("a time limit per article is not available on a Dask cluster; leave out "
                             "--time-limit or --dask")
        from claimattr.distributed import dask_map

        return dask_map(client, pipeline, items, batch_size=batch_size, task=task)
    if n_process > 1 or time_limit is not None:
        from claimattr.parallel import parallel_map

        return parallel_map(pipeline, items, n_process=n_process, batch_size=batch_size, task=task,
                            time_limit=time_limit, on_failure=_failure_record)
    return (task(pipeline, item) for item in items)


def _failure_record(item: Item | tuple[str, str], reason: str) -> dict[str, Any]:
    """The error record of an article whose worker overran the time limit or died."""
    if isinstance(item, tuple):
        item = Item(*item)
    return error_record(item.doc_id, reason, item.meta)


# -- output -----------------------------------------------------------------------------------
def repair_tail(path: Path) -> bool:
    """Cut a partly written last line (a run killed in the middle of a write) off a JSONL file.

    Returns whether anything was cut. Complete lines always end with a newline, written last.
    """
    with open(path, "rb+") as f:
        end = f.seek(0, os.SEEK_END)
        cut = end
        while cut > 0:
            start = max(0, cut - 65536)
            f.seek(start)
            chunk = f.read(cut - start)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                cut = start + newline + 1
                break
            cut = start
        if cut == end:
            return False
        f.truncate(cut)
        return True


def done_ids(path: Path) -> Counter[str]:
    """How many times each doc_id occurs in a JSONL output file (the articles already done)."""
    done: Counter[str] = Counter()
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                done[str(json.loads(raw)["doc_id"])] += 1
            except (ValueError, KeyError, TypeError) as exc:
                raise FormatError(f"{path}:{number} is not an output record ({exc}); the file was changed "
                                  "after the run: fix or remove that line, then resume") from exc
    return done


class JsonlSink:
    """Appends records to a JSONL file (or writes them to stdout), one flushed line each."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.stream: TextIO = open(path, "a", encoding="utf-8", newline="\n") if path else sys.stdout

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stream.flush()

    def close(self, complete: bool = True) -> None:
        if self.path:
            self.stream.close()


def journal_path(path: Path) -> Path:
    """The JSONL journal a Parquet output is written through."""
    return path.with_name(path.name + ".partial.jsonl")


def staged_path(path: Path) -> Path:
    """Where a Parquet output is written before it replaces ``path``."""
    return path.with_name(path.name + ".tmp")


def consumed_path(path: Path) -> Path:
    """Where the journal goes once its rows are all in the staged Parquet file."""
    return path.with_name(path.name + ".committing.jsonl")


class ParquetSink:
    """Writes a Parquet file through a JSONL journal.

    Records are appended to ``<out>.partial.jsonl`` line by line as they come, so a crash or a
    kill loses nothing and ``--resume`` works as for JSONL. When the run completes, the rows of
    an earlier ``<out>`` (when resuming) and the journal are written to ``<out>.tmp`` in row
    groups of :data:`PARQUET_ROWS`, in constant memory, and committed by :func:`commit_parquet`.
    Fields kept from the input (``keep``) are text columns (other values as JSON).
    """

    def __init__(self, path: Path, keep: tuple[str, ...] = ()) -> None:
        _parquet()  # fail before any work when pyarrow is missing
        self.path = path
        self.keep = keep
        self.journal = JsonlSink(journal_path(path))

    def write(self, record: dict[str, Any]) -> None:
        self.journal.write(record)

    def close(self, complete: bool = True) -> None:
        self.journal.close()
        if complete:
            self._stage()
            os.replace(self.journal.path, consumed_path(self.path))
            commit_parquet(self.path)

    def _stage(self) -> None:
        """Write the earlier rows and the journal's to the staged file, flushed to disk."""
        pq = _parquet()
        import pyarrow as pa

        schema = arrow_schema(self.keep)
        staged = staged_path(self.path)
        with pq.ParquetWriter(staged, schema) as writer:
            rows = parquet_rows(self.path) if self.path.exists() else iter(())
            for chunk in batched(rows, PARQUET_ROWS):
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            with open(self.journal.path, "rb") as lines:
                for chunk in batched(lines, PARQUET_ROWS):
                    records = [_parquet_record(json.loads(r), self.keep) for r in chunk]
                    writer.write_table(pa.Table.from_pylist(records, schema=schema))
        with open(staged, "rb") as f:
            os.fsync(f.fileno())


def commit_parquet(path: Path) -> None:
    """Finish (or undo) the last step of a Parquet run, wherever a crash or a kill left it.

    A run stages ``<out>.tmp``, then renames its journal to ``<out>.committing.jsonl`` (its rows
    are now in the staged file), renames the staged file to ``<out>``, and removes the renamed
    journal. Each rename is atomic, so the files left say how far it got: a renamed journal with
    a staged file means the staged file is complete and replaces ``<out>``; a renamed journal
    alone means ``<out>`` was replaced already; a staged file alone is an unfinished one, and the
    journal still holds its rows. No row is ever counted twice by ``--resume``.
    """
    staged, consumed = staged_path(path), consumed_path(path)
    if consumed.exists():
        if staged.exists():
            os.replace(staged, path)
        consumed.unlink()
    elif staged.exists():
        staged.unlink()


def _parquet_record(record: dict[str, Any], keep: tuple[str, ...]) -> dict[str, Any]:
    """A record with its kept fields as text, for their string columns."""
    kept = {name: value if value is None or isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            for name, value in ((n, record.get(n)) for n in keep)}
    return {**record, **kept}


def parquet_done_ids(path: Path) -> Counter[str]:
    """The doc_ids of a finished Parquet output, counted."""
    return Counter(row["doc_id"] for row in parquet_rows(path, ["doc_id"]))


def arrow_schema(keep: tuple[str, ...] = ()) -> pyarrow.Schema:
    """The Arrow schema of output records (Parquet files, ``datasets`` columns).

    Spans are ``{start, end, text}`` structs; ``stance_scores`` has one field per stance label.
    ``claims`` is null and ``error`` set for an error record; ``text`` is null unless asked for.
    The fields kept from the input (``keep``) follow ``doc_id`` as text columns.
    """
    import pyarrow as pa

    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
    speaker = pa.struct([("entity", pa.string()), ("name", pa.string()), ("mention", span)])
    claim = pa.struct([
        ("id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("kind", pa.string()), ("cue", span), ("speaker", speaker), ("stance", pa.string()),
        ("confidence", pa.float64()), ("stance_scores", pa.struct([(s, pa.float64()) for s in STANCES])),
        ("pattern", pa.string()), ("stance_rules", pa.list_(pa.string())),
    ])
    return pa.schema([("doc_id", pa.string()), *((name, pa.string()) for name in keep), ("text", pa.string()),
                      ("claims", pa.list_(claim)), ("error", pa.string())])


def output_format(out: str | None, fmt: str | None) -> str:
    """``fmt`` when given, else ``parquet`` for a ``.parquet`` path, else ``jsonl``."""
    if fmt is not None:
        if fmt not in OUTPUT_FORMATS:
            raise InputError(f"unknown output format {fmt!r}; use one of {', '.join(OUTPUT_FORMATS)}")
        return fmt
    return "parquet" if out and Path(out).suffix.lower() == ".parquet" else "jsonl"


def open_sink(out: str | None, fmt: str, resume: bool,
              keep: tuple[str, ...] = ()) -> tuple[JsonlSink | ParquetSink, Counter[str], bool]:
    """The sink to write to, the doc_ids already done (when resuming) and whether a partly
    written last line was cut. Refuses to overwrite an earlier run's output without ``resume``.
    The caller holds the output's :func:`output_lock`."""
    if out is None:
        if resume or fmt == "parquet":
            raise InputError("--resume and Parquet output need an output file: pass -o OUT")
        return JsonlSink(None), Counter(), False
    path = Path(out)
    if fmt == "parquet":
        commit_parquet(path)
    lines = journal_path(path) if fmt == "parquet" else path
    existing = [p for p in (path, lines) if p.exists() and p.stat().st_size > 0]
    if existing and not resume:
        raise InputError(f"{existing[-1]} exists: pass --resume to continue that run, or remove it to start over")
    done: Counter[str] = Counter()
    repaired = False
    if lines.exists():
        repaired = repair_tail(lines)
        done = done_ids(lines)
    if fmt == "parquet":
        if path.exists():
            done += parquet_done_ids(path)
        return ParquetSink(path, keep), done, repaired
    return JsonlSink(path), done, repaired


def lock_path(path: Path) -> Path:
    """The lock file of an output (and of its journal)."""
    return path.with_name(path.name + ".lock")


@contextmanager
def output_lock(out: str | None) -> Iterator[None]:
    """Hold an exclusive lock on the output ``out`` (and its journal) for a whole run.

    A second run writing the same output is refused at once with :class:`InputError` naming the
    first one's process id, instead of interleaving records or converting a journal that another
    process still appends to. The lock is the operating system's on ``<out>.lock``
    (``flock``; ``msvcrt.locking`` on Windows), so a killed run never leaves a stale lock
    behind; the lock file is removed when the run ends. ``None`` (stdout) takes no lock.
    """
    if out is None:
        yield
        return
    path = lock_path(Path(out))
    fd = _locked(path, out)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        with suppress(OSError):  # Windows can't remove an open file: the lock file stays, unlocked
            path.unlink()
        os.close(fd)


def _locked(path: Path, out: str) -> int:
    """A descriptor of ``path`` holding its lock; retries when a finishing run removed the file
    between our opening and our locking it."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd)
        except OSError as exc:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise InputError(f"{out} is being written by another claimattr annotate run (process {holder}); "
                             "wait for it to end (then --resume it if it was stopped), or write to another "
                             "file") from exc
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


def _lock(fd: int) -> None:
    """Lock ``fd`` without waiting; raises OSError when another process holds the lock."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def read_output(path: str | Path) -> Iterator[dict[str, Any]]:
    """The records of an output of :func:`annotate_files`, JSONL or Parquet (told by its first
    bytes), in order; raises :class:`FormatError` for a file that is neither, naming the line."""
    path = Path(path)
    with open(path, "rb") as f:
        parquet = f.read(4) == b"PAR1" or path.suffix.lower() == ".parquet"
    if parquet:
        for row in parquet_rows(path):
            yield _from_parquet(row)
        return
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError as exc:
                raise FormatError(f"{path}:{number} is not a JSON record ({exc}); give the JSONL or Parquet "
                                  "output of `claimattr annotate`") from exc
            if not isinstance(record, dict) or "doc_id" not in record:
                raise FormatError(f"{path}:{number} is not an output record (no doc_id); give the JSONL or "
                                  "Parquet output of `claimattr annotate`")
            yield record


def _from_parquet(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row as the JSONL record it was written from: null columns and empty optional
    claim fields (``stance_scores``, ``pattern``, ``stance_rules``) left out."""
    record = {name: value for name, value in row.items() if value is not None}
    if "claims" in record:
        record["claims"] = [{k: v for k, v in claim.items() if v or k not in _OPTIONAL_CLAIM_FIELDS}
                            for claim in record["claims"]]
    return record


#: Claim fields that ``Claim.to_dict`` leaves out when empty.
_OPTIONAL_CLAIM_FIELDS = ("stance_scores", "pattern", "stance_rules")


# -- a whole run ------------------------------------------------------------------------------
@dataclass
class RunSummary:
    """What one run did: records written, claims found, error records, articles skipped because
    they were already in the output, and the time taken."""

    articles: int = 0
    claims: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0
    repaired: bool = False

    def add(self, record: dict[str, Any]) -> None:
        self.articles += 1
        if "error" in record:
            self.errors += 1
        else:
            self.claims += len(record.get("claims") or ())

    def __str__(self) -> str:
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        text = (f"{self.articles:,} articles, {self.claims:,} claims, {self.errors:,} errors "
                f"in {self.seconds:,.1f} s ({rate:,.1f} articles/s)")
        if self.skipped:
            text += f"; {self.skipped:,} skipped (already in the output)"
        if self.repaired:
            text += "; a partly written last line was cut"
        return text


def skip_done(items: Iterable[Item], done: Counter[str], summary: RunSummary) -> Iterator[Item]:
    """The items not yet in the output. An id present k times in the output skips its first k
    occurrences in the input, so that inputs with repeated ids resume correctly too."""
    for item in items:
        if done[item.doc_id] > 0:
            done[item.doc_id] -= 1
            summary.skipped += 1
            continue
        yield item


def annotate_files(pipeline: Pipeline, paths: list[str], out: str | None = None, *, fmt: str | None = None,
                   text_field: str = "text", id_field: str | None = None, keep_fields: Sequence[str] = (),
                   n_process: int = 1, batch_size: int = 64, resume: bool = False, with_text: bool = False,
                   time_limit: float | None = None, html: str | Path | None = None, progress: bool = False,
                   client: Any = None) -> RunSummary:
    """Annotate every article of ``paths`` into ``out`` (JSONL or Parquet; stdout when ``None``).

    See the module docstring for the inputs, the records and ``resume``. ``keep_fields`` are
    input fields copied into each output record (and each Document's ``meta``), such as title,
    date, outlet and url. ``time_limit`` bounds the seconds spent on one article (see
    :func:`annotate_records`). ``html`` also writes the articles of this run as one right-to-left
    page with an index (:class:`claimattr.render.HtmlPage`). ``progress`` shows a progress bar
    with articles/s and an ETA on stderr. The output is locked for the run (:func:`output_lock`).
    Raises :class:`InputError` before any work when an input is missing, the output exists
    without ``resume`` or another run writes it; errors of single articles become error records
    and are counted in the returned :class:`RunSummary`.
    """
    fields = Fields(text_field, id_field, tuple(keep_fields))
    check_inputs(paths, fields)
    fmt = output_format(out, fmt)
    with output_lock(out):
        sink, done, repaired = open_sink(out, fmt, resume, fields.keep)
        summary = RunSummary(repaired=repaired)
        total = count_items(paths) if progress else None
        if total is not None:
            total = max(0, total - sum(done.values()))
        items = skip_done(read_items(paths, fields), done, summary)
        records = annotate_records(pipeline, items, n_process, batch_size, with_text or html is not None, client,
                                   time_limit)
        _write_run(records, sink, summary, _page(html), with_text, progress, total)
    return summary


def _page(html: str | Path | None) -> Any:
    """The HTML page of a run, or ``None``."""
    if html is None:
        return None
    from claimattr.render import HtmlPage

    return HtmlPage(html, title="claimattr annotate")


def _write_run(records: Iterable[dict[str, Any]], sink: JsonlSink | ParquetSink, summary: RunSummary,
               page: Any, with_text: bool, progress: bool, total: int | None) -> None:
    """Write every record to the sink (and its document to the page), with a progress bar; the
    sink and the page are closed whatever happens, completed only when every record came."""
    from tqdm import tqdm

    from claimattr.doc import Document

    started = time.perf_counter()
    complete = False
    with tqdm(total=total, disable=not progress, unit=" articles", file=sys.stderr, dynamic_ncols=True) as bar:
        try:
            for record in records:
                if page is not None and "error" not in record:
                    page.add(Document.from_dict(record))
                if not with_text:
                    record.pop("text", None)
                sink.write(record)
                summary.add(record)
                bar.update()
            complete = True
        finally:
            sink.close(complete)
            if page is not None:
                page.close()
            summary.seconds = time.perf_counter() - started


# -- Hugging Face datasets --------------------------------------------------------------------
def _annotate_columns(batch: dict[str, list[Any]], pipeline: Pipeline, text_field: str) -> dict[str, list[Any]]:
    records = [annotate_item(pipeline, Item(str(i), text) if isinstance(text, str) else
                             Item(str(i), error=f"field {text_field!r} is {type(text).__name__}, not text"))
               for i, text in enumerate(batch[text_field])]
    return {"claims": [r.get("claims") for r in records], "error": [r.get("error") for r in records]}


def annotate_dataset(dataset: datasets.Dataset, pipeline: Pipeline, text_field: str = "text",
                     batch_size: int = 64, num_proc: int | None = None) -> datasets.Dataset:
    """A copy of a ``datasets.Dataset`` with two columns added: ``claims`` (the claims of each
    row's article, as in the ANNOTATION format; null on error) and ``error`` (null, or why the
    article could not be annotated).

    Runs ``dataset.map(batched=True)``; with ``num_proc`` each process receives the pipeline
    once. The column types are those of :func:`arrow_schema`.
    """
    import datasets

    if text_field not in dataset.column_names:
        raise InputError(f"the dataset has no column {text_field!r} (columns: {', '.join(dataset.column_names)}); "
                         "pass text_field=")
    schema = arrow_schema()
    features = dataset.features.copy()
    added = datasets.Features.from_arrow_schema(schema)
    features["claims"], features["error"] = added["claims"], added["error"]
    return dataset.map(_annotate_columns, batched=True, batch_size=batch_size, num_proc=num_proc,
                       fn_kwargs={"pipeline": pipeline, "text_field": text_field}, features=features,
                       desc="claimattr")
