"""The data policy, checked on the tracked tree: corpora are standoff data that pass their checks,
no article text from outside sits in any other file, and no file names a path of one machine."""

from __future__ import annotations

import re
import subprocess

import pytest

from claimattr.annotation import check
from claimattr.corpora import available, corpus_folders, read_corpus, repo_root, shared_dir

ROOT = repo_root()
#: Tracked files whose text may come from articles: the standoff fields of gold files and the
#: seed articles (which the project may copy).
ALLOWED = re.compile(r"(^|/)gold\.jsonl$|^corpora/seeds/")
BINARY = (".npz", ".safetensors", ".png", ".parquet")


def tracked_files() -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [f for f in out.stdout.splitlines() if not f.endswith(BINARY) and (ROOT / f).is_file()]


def runs(text: str, n: int = 8) -> set[str]:
    words = re.findall(r"\w+", text)
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def annotated_texts() -> list[str]:
    folders = [f for name, f in corpus_folders().items() if name != "seeds" and available(f)]
    if not folders:
        pytest.skip(f"the shared data folder is not here ({shared_dir()}); set CLAIMATTR_SHARED")
    return [doc.text for folder in folders for doc in read_corpus(folder)]


def test_every_corpus_passes_its_checks():
    report = check()
    if all("skipped" in line for line in report.lines[1:]):
        pytest.skip(f"the shared data folder is not here ({shared_dir()}); set CLAIMATTR_SHARED")
    assert report.problems == [], "\n".join(report.problems[:20])


def test_no_article_text_outside_the_standoff_fields():
    article_runs = set().union(*(runs(text) for text in annotated_texts()))
    leaks = {}
    for name in tracked_files():
        if ALLOWED.search(name):
            continue
        found = runs((ROOT / name).read_text(encoding="utf-8", errors="replace")) & article_runs
        if found:
            leaks[name] = sorted(found)[:2]
    assert leaks == {}, f"8-word runs of annotated articles in tracked files: {leaks}"


def test_no_machine_paths_in_tracked_files():
    machine = re.compile("(?<![\\w.])/" + "(?:work|tmp|home|root|Users)/")
    found = [name for name in tracked_files() if machine.search((ROOT / name).read_text(encoding="utf-8", errors="replace"))]
    assert found == [], f"absolute machine paths in {found}"
