"""Throughput of the default pipeline on the unlabeled pool (a measurement, not a test).

Reports, on the first ``--articles`` articles of the pool:

* words/s and articles/s with 1 and with 2 processes (``nlp.pipe``, worker start-up included,
  and reported apart), each also as a ratio to camel-tools' ``simple_word_tokenize`` over the same
  texts in the same run (one core);
* the cost as article length grows: the same text annotated as articles of 1x, 4x and 16x the
  pool's length (consecutive articles joined), and one article of 1 MB;
* peak resident memory of a streaming batch run (``claimattr.batch``, JSONL out) over 1x, 4x
  and 16x ``--memory-articles`` articles (the pool, cycled), each in a fresh process;
* the time of ``import claimattr`` in a fresh interpreter (best of 5).

Words are white-space separated words. Usage::

    python benchmarks/throughput.py [--pool PATH] [--articles N] [--model default] [--json OUT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

#: Articles per length level: 1x, 4x and 16x the pool's articles, joined.
LENGTHS = (1, 4, 16)
ONE_MB = 1_000_000


def pool_texts(path: Path) -> Iterator[str]:
    """The texts of a pool JSONL file, in file order."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)["text"]


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def tokenize_seconds(texts: list[str]) -> float:
    """Time of the bare camel-tools tokenisation pass over ``texts``."""
    from camel_tools.tokenizers.word import simple_word_tokenize

    return timed(lambda: [simple_word_tokenize(t) for t in texts])


def load_pipeline(model: str):
    """The pipeline to measure: a model name or folder, or ``none`` for ``Pipeline()``."""
    import claimattr

    return claimattr.Pipeline() if model == "none" else claimattr.load(model)


def throughput(nlp, texts: list[str], n_process: int, batch_size: int = 32) -> float:
    """Seconds to annotate ``texts`` with ``n_process`` processes (start-up included)."""
    return timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process)))


def length_levels(texts: list[str]) -> dict[str, list[str]]:
    """The same text cut into articles of 1x, 4x and 16x the pool's length, and one of 1 MB."""
    base = texts[: len(texts) // LENGTHS[-1] * LENGTHS[-1]]
    levels = {f"{k}x": ["\n\n".join(base[i:i + k]) for i in range(0, len(base), k)] for k in LENGTHS}
    big, size = [], 0
    for text in itertools.cycle(texts):
        big.append(text)
        size += len(text) + 2
        if size >= ONE_MB:
            break
    levels["1 MB"] = ["\n\n".join(big)]
    return levels


def memory_probe(pool: Path, n: int, model: str) -> None:
    """Stream ``n`` articles (the pool, cycled) through a batch run to /dev/null; print the peak
    resident memory in MB."""
    import os

    from claimattr.batch import Item, JsonlSink, annotate_records

    nlp = load_pipeline(model)
    items = (Item(str(i), t) for i, t in zip(range(n), itertools.cycle(pool_texts(pool))))
    sink = JsonlSink(Path(os.devnull))
    for record in annotate_records(nlp, items):
        sink.write(record)
    sink.close()
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def peak_memory(pool: Path, n: int, model: str) -> float:
    out = subprocess.run([sys.executable, __file__, "--pool", str(pool), "--model", model,
                          "--memory-probe", str(n)], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def import_seconds(repeats: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import claimattr; print(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(repeats))


def measure(args: argparse.Namespace) -> dict:
    texts = list(itertools.islice(pool_texts(args.pool), args.articles or None))
    nlp = load_pipeline(args.model)
    n_words = words(texts)
    tok = tokenize_seconds(texts)
    runs = {f"{n} process": throughput(nlp, texts, n) for n in (1, 2)}
    startup = throughput(nlp, texts[:1], 2)
    tok = min(tok, tokenize_seconds(texts))  # the faster of the passes before and after the runs
    result: dict = {"articles": len(texts), "words": n_words, "model": args.model,
                    "stages": list(nlp.stages), "tokenize_words_per_s": n_words / tok,
                    "process_startup_seconds": startup, "runs": {}}
    for name, seconds in runs.items():
        result["runs"][name] = {"seconds": seconds, "articles_per_s": len(texts) / seconds,
                                "words_per_s": n_words / seconds, "ratio_to_tokenize": tok / seconds}
    result["length"] = {}
    for level, docs in length_levels(texts).items():
        seconds = throughput(nlp, docs, 1)
        result["length"][level] = {"articles": len(docs), "chars_per_article": sum(map(len, docs)) / len(docs),
                                   "words_per_s": words(docs) / seconds,
                                   "ratio_to_tokenize": tokenize_seconds(docs) / seconds}
    result["peak_rss_mb"] = {n: peak_memory(args.pool, n, args.model)
                             for n in (args.memory_articles * k for k in LENGTHS)}
    result["import_seconds"] = import_seconds()
    return result


def report(result: dict) -> str:
    lines = [f"{result['articles']:,} pool articles, {result['words']:,} words; model {result['model']} "
             f"({', '.join(result['stages'])})",
             f"camel-tools simple_word_tokenize: {result['tokenize_words_per_s']:,.0f} words/s", "",
             "| run | words/s | articles/s | ratio to tokenisation |", "|---|---|---|---|"]
    for name, run in result["runs"].items():
        lines.append(f"| {name} | {run['words_per_s']:,.0f} | {run['articles_per_s']:,.1f} | "
                     f"{run['ratio_to_tokenize']:.3f} |")
    lines += ["", "| article length | articles | chars/article | words/s | ratio to tokenisation |",
              "|---|---|---|---|---|"]
    for level, row in result["length"].items():
        lines.append(f"| {level} | {row['articles']} | {row['chars_per_article']:,.0f} | "
                     f"{row['words_per_s']:,.0f} | {row['ratio_to_tokenize']:.3f} |")
    lines += ["", "| articles streamed | peak RSS (MB) |", "|---|---|"]
    lines += [f"| {n:,} | {mb:,.0f} |" for n, mb in result["peak_rss_mb"].items()]
    lines += ["", f"2-process start-up (pipe over one article): {result['process_startup_seconds']:.2f} s",
              f"import claimattr: {result['import_seconds']:.2f} s (best of 5)"]
    return "\n".join(lines)


def main() -> None:
    from claimattr.corpora import shared_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pool", type=Path, default=shared_dir() / "corpora" / "pool.jsonl")
    parser.add_argument("--articles", type=int, default=0, help="pool articles to annotate (default: all)")
    parser.add_argument("--memory-articles", type=int, default=1000,
                        help="articles of the smallest memory run (then 4x and 16x)")
    parser.add_argument("--model", default="default", help="model name or folder, or 'none' for Pipeline()")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--memory-probe", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_probe:
        memory_probe(args.pool, args.memory_probe, args.model)
        return
    result = measure(args)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
