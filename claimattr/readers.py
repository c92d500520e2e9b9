"""Reading articles from files, streamed, never loaded whole.

* a ``.txt`` file: one article, its id the file's stem; a folder: its ``*.txt`` files, by name;
* JSONL (``.jsonl``, ``.json``, ``.ndjson``, or ``-`` for stdin), CSV with a header row (``.csv``)
  and Parquet (``.parquet``): one article per record, its text in the ``text_field`` (default
  ``text``) and its id in the ``id_field`` (default ``doc_id``, else ``id``, else
  ``<file>:<line or row>``).

A record that can't be read (not UTF-8, bad JSON, no text) becomes an :class:`Item` with an
error, so that a batch run writes an error record for it and goes on (:mod:`claimattr.batch`).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO

from claimattr.errors import FormatError, InputError

JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
INPUT_SUFFIXES = {".txt": "txt", ".csv": "csv", ".parquet": "parquet",
                  **{s: "jsonl" for s in JSONL_SUFFIXES}}
STDIN = "-"
#: Rows per Parquet row group and per batch read from Parquet inputs.
PARQUET_ROWS = 1000
#: The CSV module's field limit (default 128 KiB) is raised to this: the pipeline's ``max_chars``
#: decides what is too long, with a clear error record.
CSV_FIELD_LIMIT = 2**31 - 1
#: Lone surrogates: undecodable bytes kept by ``surrogateescape``, or ``\udXXX`` escapes in JSON.
#: They can't be written as UTF-8, so such a record becomes an error record.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


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


def parquet_modules() -> Any:
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
    pq = parquet_modules()
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
