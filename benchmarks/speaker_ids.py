"""Speaker-id audit on 500 pool articles nobody annotated (``python benchmarks/speaker_ids.py``).

Draws 500 articles of the shared ``pool.jsonl`` with a fixed seed, leaving out every annotated
text (the dev split included) and every text excluded for overlapping the evaluation set, runs a
pipeline on them and prints :func:`claimattr.audit.audit`'s table: the share of claims whose
speaker id is a function word, a fragment or a content span (the target is under 1%).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import claimattr
from claimattr.audit import audit
from claimattr.corpora import corpus_folders, read_records, shared_dir


def unannotated_ids() -> set[str]:
    """Ids of annotated texts and of texts excluded for overlapping the evaluation set."""
    taken = {line.strip() for line in (Path(__file__).parents[1] / "corpora" / "pool_exclusions.txt").open()}
    for folder in corpus_folders().values():
        if (folder / "gold.jsonl").is_file():
            taken |= {str(r.get("doc_id")) for _, r in read_records(folder)}
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="default")
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    taken = unannotated_ids()
    pool = [r for _, r in read_records(shared_dir() / "corpora" / "pool.jsonl") if str(r["id"]) not in taken]
    chosen = random.Random(args.seed).sample(pool, args.n)
    docs = claimattr.load(args.model).pipe([(str(r["id"]), r["text"]) for r in chosen])
    result = audit(docs)
    print(f"{args.model} on {args.n} unannotated pool articles (seed {args.seed})")
    print(result.format_table())
    print(json.dumps({"claims": result.claims, "no_source_share": round(result.share(), 4)}))


if __name__ == "__main__":
    main()
