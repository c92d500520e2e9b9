"""The rules' data: named word lists, patterns and tables, read by one loader.

The rule components match Arabic with word lists (reporting verbs, titles, organisation heads,
clause openers, anonymous-source heads …) and a few regular expressions. They live as data in
``claimattr/data/lexicons/``, one file per list, each opening with comment lines that say which
linguistic pattern it serves:

- ``<name>.txt``: a word list (whitespace-separated words; ``#`` starts a comment line);
- ``<name>.tsv``: a table (tab-separated columns, one row a line; ``#`` comments);
- ``patterns.tsv``: named regular expressions (``name<TAB>pattern``).

A saved pipeline copies the files each component reads into the component's folder
(:meth:`Lexicons.copy`), and loads them from there, so that its behaviour is pinned however the
shipped lists change later.
"""

from __future__ import annotations

import shutil
from functools import cached_property
from importlib import resources
from pathlib import Path

from claimattr.errors import ModelError

PATTERNS = "patterns.tsv"


def shipped_folder() -> Path:
    """The lexicon folder shipped with the package."""
    return Path(str(resources.files("claimattr") / "data" / "lexicons"))


class Lexicons:
    """The lexicon files of one folder (default: the shipped ones), read on first use."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else shipped_folder()
        self._cache: dict[str, object] = {}

    def __repr__(self) -> str:
        return f"Lexicons({str(self.folder)!r})"

    def _lines(self, filename: str) -> list[str]:
        path = self.folder / filename
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ModelError(f"the lexicon file {path} is missing; a component folder keeps a copy of every "
                             "lexicon it reads: save the pipeline again with Pipeline.to_disk()") from None
        return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]

    def words(self, name: str) -> tuple[str, ...]:
        """The words of ``<name>.txt``, in file order, as written."""
        key = f"{name}.txt"
        if key not in self._cache:
            self._cache[key] = tuple(w for line in self._lines(key) for w in line.split())
        return self._cache[key]  # type: ignore[return-value]

    def table(self, name: str) -> tuple[tuple[str, ...], ...]:
        """The rows of ``<name>.tsv`` (cells stripped)."""
        key = f"{name}.tsv"
        if key not in self._cache:
            self._cache[key] = tuple(tuple(c.strip() for c in line.split("\t")) for line in self._lines(key))
        return self._cache[key]  # type: ignore[return-value]

    @cached_property
    def _patterns(self) -> dict[str, str]:
        return {row[0]: row[1] for row in self.table(PATTERNS.removesuffix(".tsv"))}

    def pattern(self, name: str) -> str:
        """The regular expression named ``name`` in ``patterns.tsv``."""
        try:
            return self._patterns[name]
        except KeyError:
            raise ModelError(f"no pattern {name!r} in {self.folder / PATTERNS}") from None

    def copy(self, files: tuple[str, ...], folder: str | Path) -> None:
        """Copy the named lexicon files (``cues.tsv``, ``titles.txt`` …) into ``folder``."""
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            if (self.folder / name).resolve() != (target / name).resolve():
                shutil.copyfile(self.folder / name, target / name)
