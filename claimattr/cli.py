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
    return []


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
