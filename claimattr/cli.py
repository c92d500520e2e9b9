"""The ``claimattr`` command line: thin wrappers over library functions.

Each sub-command is a pair of functions: ``_add_<name>(subparsers)`` declares its arguments and
``_run_<name>(args) -> int`` runs it and returns the exit status.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

from claimattr import __version__

Runner = Callable[[argparse.Namespace], int]


def _commands() -> list[tuple[str, Callable[[argparse._SubParsersAction], argparse.ArgumentParser], Runner]]:
    """The sub-commands, in the order ``--help`` lists them."""
    return [
        ("evaluate", _add_evaluate, _run_evaluate),
        ("entities", _add_entities, _run_entities),
    ]


def _add_evaluate(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``claimattr evaluate GOLD PRED [--texts DIR] [--json]``."""
    parser = sub.add_parser(
        "evaluate",
        help="score predictions against gold annotations",
        description="Score a predictions JSONL file against a gold corpus (the metric of "
        "claimattr.evaluate: claims, speakers, stance, end to end).",
    )
    parser.add_argument("gold", help="gold corpus: a JSONL file or a folder holding gold.jsonl")
    parser.add_argument("pred", help="predictions JSONL (with 'text', or standoff by doc_id)")
    parser.add_argument("--texts", help="folder of <doc_id>.txt for a standoff gold "
                        "(default: texts/ beside the gold file)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def _run_evaluate(args: argparse.Namespace) -> int:
    """Print the evaluation table (or JSON); exit 2 with the reason when a file is bad."""
    import json

    from claimattr.errors import ClaimattrError
    from claimattr.evaluate import evaluate_files

    try:
        report = evaluate_files(args.gold, args.pred, texts=args.texts)
    except (ClaimattrError, OSError, UnicodeDecodeError) as exc:
        print(f"claimattr evaluate: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.format_table())
    return 0


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
    from claimattr.errors import ClaimattrError

    registry = EntityRegistry.default()
    try:
        for path in args.registry:
            registry.extend(path)
    except (ClaimattrError, OSError, UnicodeDecodeError) as exc:
        print(f"claimattr entities: error: {exc}", file=sys.stderr)
        return 2
    for entity in registry:
        if args.json:
            print(json.dumps(entity.to_dict(), ensure_ascii=False))
        else:
            aliases = "، ".join(dict.fromkeys((*entity.forms, *entity.family)))
            print(f"{entity.id}\t{entity.name}\t{entity.kind}\t{aliases}")
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
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    return args._run(args)


if __name__ == "__main__":
    sys.exit(main())
