"""Throughput of a pipeline on the unlabeled pool, measured honestly (a measurement, not a test).

``python benchmarks/throughput.py [--articles N] [--rounds 5] [--model default] [--json OUT]``

* **Interleaved with its peers**: the pool's first ``--articles`` texts are cut into chunks; in
  each round every chunk is passed through the pipeline and, right after, through camel-tools'
  ``simple_word_tokenize`` and spaCy's blank Arabic tokenizer (when spaCy is installed), so a busy
  machine slows all of them alike. CPU time (``time.process_time``) and wall time are summed per
  round; the figures are medians over rounds, in words per CPU-second, and the ratios are taken
  within each round. Words are camel-tools tokens. The rounds read the same articles again, so
  what the pipeline caches per string (normalised texts, alias links, words of mentions, the
  stance model's word ids) is warmer than on new text: ``unseen`` is one pass, measured the same
  way, over the next ``--articles`` articles of the pool, which the pipeline has not read.
* **Length**: cost per word of the same text as separate articles and as one article of 1 MB
  (measured alternately, medians of 3 rounds).
* **Memory**: peak resident memory of a streamed run (``claimattr annotate`` of 1x and 4x the
  articles, JSONL out) measured in its own process (``ru_maxrss`` of the child alone).
* **Processes**, on the whole pool (``--process-articles``, default every article): wall time of
  ``claimattr annotate POOL -o OUT.jsonl`` with ``-j 1`` against ``-j 2`` (each a fresh command,
  start-up included), and of ``nlp.pipe(n_process=1)`` against ``n_process=2`` streamed (each
  Document read and dropped, as a long run does), with the speedup a plain Python loop gets
  from two processes on this machine (its effective cores: 2.0 on two idle cores, less on
  shared or throttled ones).

The machine and the settings are written with the figures (``--json``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import Callable

ONE_MB = 1_000_000


def pool_texts(path: Path, n: int) -> list[str]:
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.append(json.loads(line)["text"])
                if len(texts) == n:
                    break
    return texts


def peers() -> dict[str, Callable[[str], object]]:
    """The bare tokenizers the pipeline is compared with, by name."""
    from camel_tools.tokenizers.word import simple_word_tokenize

    out: dict[str, Callable[[str], object]] = {"camel_tokenize": simple_word_tokenize}
    try:
        import spacy

        nlp = spacy.blank("ar")
        out["spacy_blank_ar"] = nlp.make_doc
    except ImportError:
        pass
    return out


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """``(cpu seconds, wall seconds)`` of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def interleaved(nlp, texts: list[str], words: int, rounds: int, chunk: int) -> dict:
    """Words per CPU-second of the pipeline and its peers, chunk by chunk, medians of rounds."""
    tokenizers = peers()
    chunks = [texts[i:i + chunk] for i in range(0, len(texts), chunk)]
    per_round = []
    for _ in range(rounds):
        cpu = {name: 0.0 for name in ["pipeline", *tokenizers]}
        wall = 0.0
        for part in chunks:
            c, w = timed(lambda: list(nlp.pipe(part)))
            cpu["pipeline"] += c
            wall += w
            for name, tok in tokenizers.items():
                cpu[name] += timed(lambda: [tok(t) for t in part])[0]
        per_round.append({"cpu": cpu, "wall": wall})
    median = {name: statistics.median(words / r["cpu"][name] for r in per_round) for name in per_round[0]["cpu"]}
    ratios = {name: statistics.median(r["cpu"][name] / r["cpu"]["pipeline"] for r in per_round)
              for name in tokenizers}
    return {"words_per_cpu_second": median, "pipeline_wall_words_per_second":
            statistics.median(words / r["wall"] for r in per_round), "ratio_to_peer": ratios}


def length_scaling(nlp, texts: list[str], rounds: int = 3) -> dict:
    """CPU cost per word of the texts as separate articles and joined into one 1 MB article,
    measured alternately, medians of ``rounds``."""
    joined, size = [], 0
    for t in texts:
        joined.append(t)
        size += len(t) + 2
        if size >= ONE_MB:
            break
    big = "\n\n".join(joined)
    n_words = sum(len(t.split()) for t in joined)
    separate, one = [], []
    for _ in range(rounds):
        separate.append(timed(lambda: list(nlp.pipe(joined)))[0])
        one.append(timed(lambda: nlp(big))[0])
    separate, one = statistics.median(separate), statistics.median(one)
    return {"characters": len(big), "separate_words_per_cpu_second": n_words / separate,
            "one_article_words_per_cpu_second": n_words / one, "cost_ratio_one_to_separate": one / separate}


def streamed_memory(pool: Path, articles: int, model: str) -> dict:
    """Peak RSS (MB) of ``claimattr annotate`` over ``articles`` pool records, in its own process."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        with open(pool, encoding="utf-8") as f, open(source, "w", encoding="utf-8") as out:
            lines = [line for line in f if line.strip()]
            for i in range(articles):
                record = json.loads(lines[i % len(lines)])
                record["id"] = f"{record['id']}#{i}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        code = ("import resource, sys; from claimattr.cli import main; "
                f"rc = main(['annotate', {str(source)!r}, '-o', {str(Path(tmp) / 'out.jsonl')!r}, '--model', {model!r}, "
                "'--no-progress']); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(rc)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return {"articles": articles, "peak_rss_mb": int(out.stdout.strip().splitlines()[-1]) / 1024}


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def effective_cores(n: int = 20_000_000) -> float:
    """How many times one process's work two processes do in the same wall time, for a plain
    Python loop: what the machine can give a 2-process run at best (2.0 on two idle cores)."""
    import multiprocessing

    start = time.perf_counter()
    _spin(n)
    one = time.perf_counter() - start
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [1000, 1000])  # started before the clock
        start = time.perf_counter()
        pool.map(_spin, [n, n])
        two = time.perf_counter() - start
    return 2 * one / two


def _drain(docs) -> None:
    for _ in docs:
        pass


def annotate_command(pool: Path, n: int, model: str, jobs: int) -> float:
    """Wall seconds of ``claimattr annotate`` over the first ``n`` pool records with ``-j jobs``."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        with open(pool, encoding="utf-8") as f:
            source.write_text("".join(islice((line for line in f if line.strip()), n)), encoding="utf-8")
        command = [sys.executable, "-m", "claimattr.cli", "annotate", str(source), "-o", str(Path(tmp) / "out.jsonl"),
                   "--model", model, "-j", str(jobs), "--no-progress"]
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        return time.perf_counter() - start


def processes(nlp, pool: Path, n: int, model: str) -> dict:
    """Speedups of 2 processes over 1 on ``n`` pool articles (worker start-up included): the
    batch command, and ``nlp.pipe`` streamed; the machine's :func:`effective_cores` to read
    them against."""
    texts = pool_texts(pool, n)
    pipe_one = timed(lambda: _drain(nlp.pipe(texts, n_process=1)))[1]
    pipe_two = timed(lambda: _drain(nlp.pipe(texts, n_process=2, batch_size=64)))[1]
    command_one = annotate_command(pool, n, model, 1)
    command_two = annotate_command(pool, n, model, 2)
    return {"articles": len(texts),
            "annotate_seconds": {"one_process": command_one, "two_processes": command_two},
            "annotate_speedup": command_one / command_two,
            "pipe_seconds": {"one_process": pipe_one, "two_processes": pipe_two},
            "pipe_speedup": pipe_one / pipe_two,
            "machine_effective_cores": effective_cores()}


def main() -> None:
    import claimattr
    from camel_tools.tokenizers.word import simple_word_tokenize

    from claimattr.corpora import shared_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pool", type=Path, default=shared_dir() / "corpora" / "pool.jsonl")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument("--model", default="default")
    parser.add_argument("--process-articles", type=int, default=1_000_000,
                        help="pool articles of the processes figures (default: all)")
    parser.add_argument("--skip", nargs="*", default=[], choices=("length", "memory", "processes"))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    nlp = claimattr.load(args.model)
    texts = pool_texts(args.pool, args.articles)
    words = sum(len(simple_word_tokenize(t)) for t in texts)
    list(nlp.pipe(texts[:50]))  # warm the caches as a long run would be
    result = {"machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()},
              "model": args.model, "articles": len(texts), "words": words,
              "interleaved": interleaved(nlp, texts, words, args.rounds, args.chunk)}
    unseen = pool_texts(args.pool, 2 * args.articles)[len(texts):]
    if unseen:
        unseen_words = sum(len(simple_word_tokenize(t)) for t in unseen)
        result["unseen"] = {"articles": len(unseen), "words": unseen_words,
                            **interleaved(nlp, unseen, unseen_words, 1, args.chunk)}
    if "length" not in args.skip:
        result["length"] = length_scaling(nlp, pool_texts(args.pool, 10_000))
    if "memory" not in args.skip:
        result["memory"] = [streamed_memory(args.pool, n, args.model) for n in (len(texts), 4 * len(texts))]
    if "processes" not in args.skip:
        result["processes"] = processes(nlp, args.pool, args.process_articles, args.model)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
