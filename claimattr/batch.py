"""Annotating archives: read articles from files, annotate them, write one record per article.

Inputs are streamed, never loaded whole (:mod:`claimattr.readers`: text files, folders, JSONL,
CSV, Parquet); outputs are written record by record (:mod:`claimattr.writers`).

Every input record yields exactly one output record, in input order: the ANNOTATION-format
record (``doc_id``, ``claims``) or an error record ``{"doc_id": ..., "error": "..."}`` when the
article can't be read or processed. Nothing is dropped silently, and the run goes on.

Output is JSONL, appended and flushed line by line, or Parquet (see :class:`~claimattr.writers.ParquetSink`). After
a crash or a kill, ``resume=True`` cuts a partly written last line, skips the articles already in
the output and appends the rest, so the finished output is the one an uninterrupted run writes.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from claimattr.doc import Document
from claimattr.errors import ClaimattrError, InputError
from claimattr.parallel import batched
from claimattr.readers import Fields, Item, check_inputs, count_items, read_items
from claimattr.writers import JsonlSink, ParquetSink, arrow_schema, open_sink, output_format, output_lock

if TYPE_CHECKING:
    import datasets

    from claimattr.pipeline import Pipeline


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
    return _record(doc, item, with_text)


def annotate_items(pipeline: Pipeline, items: list[Item | tuple[str, str]], with_text: bool = False) -> list[dict[str, Any]]:
    """The output records of a batch of articles (see :func:`annotate_item`), annotated together
    so that the stance model scores all their claims at once. When the batch raises, its
    articles are annotated again one by one, so that the error record is the article's own."""
    items = [Item(*item) if isinstance(item, tuple) else item for item in items]
    made = [_made_doc(pipeline, item) for item in items]
    docs = [d for d in made if isinstance(d, Document)]
    try:
        done = iter(pipeline.run(docs))
    except Exception:  # noqa: BLE001 - found again, article by article
        return [annotate_item(pipeline, item, with_text) for item in items]
    return [_record(next(done), item, with_text) if isinstance(d, Document) else d for d, item in zip(made, items)]


def _made_doc(pipeline: Pipeline, item: Item) -> Document | dict[str, Any]:
    """The Document of an item, or its error record when it has no readable text or is refused
    (HTML, over the size limit)."""
    if item.error is not None:
        return error_record(item.doc_id, item.error, item.meta)
    try:
        return pipeline.make_doc(item.text, doc_id=item.doc_id, meta=item.meta)
    except ClaimattrError as exc:
        return error_record(item.doc_id, str(exc), item.meta)


def _record(doc: Document, item: Item, with_text: bool) -> dict[str, Any]:
    return {"doc_id": doc.doc_id, **item.meta, **doc.to_dict(include_text=with_text)}


def annotate_records(pipeline: Pipeline, items: Iterable[Item | tuple[str, str]], n_process: int = 1,
                     batch_size: int = 64, with_text: bool = False, client: Any = None,
                     time_limit: float | None = None) -> Iterator[dict[str, Any]]:
    """One output record per item, in order (see :func:`annotate_item`), annotated
    ``batch_size`` items at a time (:func:`annotate_items`).

    Runs in this process, on ``n_process`` worker processes, or on a Dask cluster when a
    ``distributed.Client`` is given. ``time_limit`` (seconds) bounds the time spent on one
    article: articles run in worker processes (one at least), and an article that overruns the
    limit, or whose worker dies, gets an error record while the run goes on (see
    :mod:`claimattr.parallel` for why a process and not a signal).
    """
    task = partial(annotate_items, with_text=with_text)
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
    return (record for batch in batched(items, batch_size) for record in task(pipeline, batch))


def _failure_record(item: Item | tuple[str, str], reason: str) -> dict[str, Any]:
    """The error record of an article whose worker overran the time limit or died."""
    if isinstance(item, tuple):
        item = Item(*item)
    return error_record(item.doc_id, reason, item.meta)


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
