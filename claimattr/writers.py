"""Writing annotation records: JSONL appended and flushed line by line, or Parquet through a
journal committed by atomic renames (:class:`ParquetSink`); cutting a partly written last line
and finding the articles already done, for ``resume``; one writer per output at a time (an
operating-system lock, :func:`output_lock`); reading an output back (:func:`read_output`).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, TextIO

from claimattr.doc import STANCES
from claimattr.errors import FormatError, InputError
from claimattr.parallel import batched
from claimattr.readers import PARQUET_ROWS, parquet_modules, parquet_rows

if TYPE_CHECKING:
    import pyarrow

OUTPUT_FORMATS = ("jsonl", "parquet")


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
        parquet_modules()  # fail before any work when pyarrow is missing
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
        pq = parquet_modules()
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
