"""Speed of the default and the accurate pipelines on CPU (a measurement, not a test).

Annotates the first ``--articles`` articles of an unlabeled pool (default: the shared
``pool.jsonl``) with ``nlp.pipe`` in one process, after one warm-up article, and reports
articles/s, claims/s and words/s (white-space separated words): the default pipeline once (it
runs no torch), the accurate pipeline with the encoder on 1 and on 2 torch threads (``--threads``),
on the CPU even when a GPU is present unless ``--device`` says otherwise. Each run is repeated
``--repeats`` times and the fastest is kept. Usage::

    python benchmarks/speed.py [--pool PATH] [--articles 200] [--threads 1 2] [--json OUT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path


def pool_texts(path: Path, n: int) -> list[str]:
    """The first ``n`` texts of a pool JSONL file."""
    with open(path, encoding="utf-8") as f:
        lines = (line for line in f if line.strip())
        return [json.loads(line)["text"] for line in itertools.islice(lines, n)]


def run(nlp, texts: list[str], repeats: int) -> dict[str, float]:
    """The fastest of ``repeats`` passes of ``nlp.pipe`` over ``texts``, as rates."""
    list(nlp.pipe(texts[:1]))  # warm-up: lazy loading, caches
    best, claims = float("inf"), 0
    for _ in range(repeats):
        start = time.perf_counter()
        claims = sum(len(doc.claims) for doc in nlp.pipe(texts))
        best = min(best, time.perf_counter() - start)
    words = sum(len(t.split()) for t in texts)
    return {"seconds": best, "articles_per_s": len(texts) / best, "claims": claims, "claims_per_s": claims / best,
            "words_per_s": words / best}


def measure(args: argparse.Namespace) -> dict:
    import claimattr
    from claimattr.encoder import configure

    texts = pool_texts(args.pool, args.articles)
    result = {"pool": str(args.pool), "articles": len(texts), "words": sum(len(t.split()) for t in texts),
              "runs": {"default": run(claimattr.load("default"), texts, args.repeats)}}
    accurate = claimattr.load(args.model)
    for threads in args.threads:
        configure(accurate, threads=threads, device=args.device)
        result["runs"][f"{args.model}, {threads} thread{'s' if threads > 1 else ''}"] = run(accurate, texts,
                                                                                          args.repeats)
    return result


def report(result: dict) -> str:
    lines = [f"first {result['articles']} articles of {result['pool']} ({result['words']:,} words), nlp.pipe, one "
             "process, fastest of the repeats", "",
             "| pipeline | articles/s | claims/s | words/s |", "|---|---|---|---|"]
    lines += [f"| {name} | {r['articles_per_s']:,.1f} | {r['claims_per_s']:,.1f} | {r['words_per_s']:,.0f} |"
              for name, r in result["runs"].items()]
    return "\n".join(lines)


def main() -> None:
    from claimattr.corpora import shared_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pool", type=Path, default=shared_dir() / "corpora" / "pool.jsonl")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--model", default="accurate", help="the pipeline with an encoder (default: accurate)")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="torch threads to measure")
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda", "auto"))
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    result = measure(args)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
