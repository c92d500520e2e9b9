"""Print each annotated post with its claims, for checking by eye: python view.py [doc_id ...]"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
POOL = os.environ.get("CLAIMATTR_TELEGRAM_POOL", "/work/shared/corpora/telegram_pool.jsonl")
pool = {}
with open(POOL, encoding="utf-8") as f:
    for line in f:
        o = json.loads(line)
        pool[o["id"]] = o["text"]
want = set(sys.argv[1:])
with open(os.path.join(HERE, "gold.jsonl"), encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if want and r["doc_id"] not in want:
            continue
        t = pool[r["doc_id"]]
        print("=====", r["doc_id"], r.get("note", ""))
        for c in r["claims"]:
            cue = c["cue"]["text"] if c["cue"] else "-"
            m = c["speaker"]["mention"]["text"] if c["speaker"]["mention"] else "-"
            print(f"  {c['id']} {c['kind'][:3]} {c['stance'][:3]} [{c['speaker']['entity']}] cue={cue} m={m}")
            print(f"     «{t[c['start']:c['end']]}»")
