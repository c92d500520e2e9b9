"""Pick on-topic pool texts for annotation (reproducible: `python corpora/select_pool.py`).

Reads ../shared/corpora/{news2026_pool,telegram_pool}.jsonl (or $CLAIMATTR_SHARED) and writes
corpora/annotation_candidates.tsv: pool, id, rank. A text qualifies when it mentions US forces,
the coalition, CENTCOM, US bases or the withdrawal at least twice and contains a reporting cue or
a quotation. Texts that share any 8-word run with an evaluation text or with an already annotated
corpus text are left out (corpora/pool_exclusions.txt lists the former), so that nothing we
annotate or train on overlaps the held-out evaluation set.
"""

import glob
import json
import os
import random
import re
from pathlib import Path

SHARED = Path(os.environ.get("CLAIMATTR_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
HERE = Path(__file__).resolve().parent
TOPIC = re.compile(
    r"القوات ال[أا]م[ي]?ر[ي]?كي|التحالف الدولي|قوات التحالف|الاحتلال ال[أا]م|انسحاب|سنتكوم|"
    r"القيادة المركزية|عين ال[أا]سد|حرير|السفارة ال[أا]م|الوجود العسكري|القواعد ال[أا]م|ال[أا]م[ي]?ر[ي]?كي"
)
CUE = re.compile(r"قال|[أا]كد|[أا]علن|ذكر|[أا]ضاف|[أا]شار|:|«|\"")


def shingles(text: str, n: int = 8) -> set[str]:
    words = text.split()
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def main() -> None:
    held_out = set().union(*(shingles(open(f).read()) for f in glob.glob(str(SHARED / "eval/texts/*.txt"))))
    annotated = set().union(*(shingles(open(f).read()) for f in glob.glob(str(SHARED / "corpora/*/texts/*.txt"))))
    excluded, rows = [], []
    for pool in ("news2026_pool", "telegram_pool"):
        ids = []
        for line in open(SHARED / "corpora" / f"{pool}.jsonl", encoding="utf-8"):
            rec = json.loads(line)
            words = shingles(rec["text"])
            if words & held_out:
                excluded.append(rec["id"])
            elif not words & annotated and len(TOPIC.findall(rec["text"])) >= 2 and CUE.search(rec["text"]):
                ids.append(rec["id"])
        random.Random(2026).shuffle(ids)
        rows += [(pool, i, r) for r, i in enumerate(ids)]
    (HERE / "pool_exclusions.txt").write_text("\n".join(sorted(excluded)) + "\n", encoding="utf-8")
    with open(HERE / "annotation_candidates.tsv", "w", encoding="utf-8") as out:
        out.write("pool\tid\trank\n")
        for pool, i, r in rows:
            out.write(f"{pool}\t{i}\t{r}\n")


if __name__ == "__main__":
    main()
