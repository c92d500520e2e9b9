"""Build gold.jsonl (standoff) for the double-annotation sample from spec.py.

Texts are read, unmodified, as UTF-8 from the pool JSONL files (one object per line with
"id" and "text") under $CLAIMATTR_CORPORA (default /work/shared/corpora). Texts are never
written anywhere by this script.

For every claim in spec.py:
  * span: a literal substring, or a 2-tuple (head, tail) meaning the substring that starts at
    occurrence `occ` (0-based, default 0) of `head` and ends at the first `tail` found after
    the head; offsets come from str.find on the unmodified text;
  * cue / mention: a literal substring or None; the occurrence used is `cue_occ` /
    `mention_occ` when given, otherwise the occurrence nearest the span (the last one that ends
    at or before the span start, else the first one at or after the span end; with
    trail=True, the first one after the span end, for trailing "بحسب البيان" / "صرح X");
  * asserts: text[start:end] equals every substring, spans / cues / mentions sit on whole-word
    boundaries, cues and mentions do not overlap the span, no two claims share a span.

Usage:  python annotate.py            -> writes gold.jsonl and summary.txt
        python annotate.py --review   -> also prints every claim with its context
"""
import collections
import json
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from spec import DOCS  # noqa: E402

CORPORA = os.environ.get("CLAIMATTR_CORPORA", "/work/shared/corpora")
KINDS = {"direct", "indirect", "mixed"}
STANCES = {"oppose", "support", "neutral"}


def load_texts():
    want = collections.defaultdict(set)
    for d in DOCS:
        want[d["pool"]].add(d["doc_id"])
    texts = {}
    for pool, ids in want.items():
        with open(os.path.join(CORPORA, pool), encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if rec["id"] in ids:
                    texts[rec["id"]] = rec["text"]
    missing = [d["doc_id"] for d in DOCS if d["doc_id"] not in texts]
    assert not missing, f"not found in pools: {missing}"
    return texts


def is_word_char(ch):
    return ch == "_" or unicodedata.category(ch)[0] in "LMN"


def check_word(text, s, e, what):
    assert s < e, f"empty {what}"
    if s > 0:
        assert not is_word_char(text[s - 1]), f"{what} starts inside a word: {text[max(0, s - 10):e]!r}"
    if e < len(text):
        assert not is_word_char(text[e]), f"{what} ends inside a word: {text[s:e + 10]!r}"
    assert not text[s].isspace() and not text[e - 1].isspace(), f"{what} has edge whitespace: {text[s:e]!r}"


def all_occ(text, sub):
    out, i = [], text.find(sub)
    while i != -1:
        out.append(i)
        i = text.find(sub, i + 1)
    return out


def find_span(text, span, occ):
    if isinstance(span, tuple):
        head, tail = span
        starts = all_occ(text, head)
        assert len(starts) > occ, f"span head not found (occ {occ}): {head!r}"
        s = starts[occ]
        t = text.find(tail, s + len(head))
        assert t != -1, f"span tail not found after head: {tail!r}"
        e = t + len(tail)
        assert text[s:s + len(head)] == head and text[t:e] == tail
    else:
        starts = all_occ(text, span)
        assert len(starts) > occ, f"span not found (occ {occ}): {span!r}"
        s = starts[occ]
        e = s + len(span)
        assert text[s:e] == span
    return s, e


def place(text, sub, s, e, occ, what, trail=False):
    starts = all_occ(text, sub)
    assert starts, f"{what} not found: {sub!r}"
    if occ is not None:
        assert len(starts) > occ, f"{what} occ {occ} missing: {sub!r}"
        p = starts[occ]
    else:
        before = [p for p in starts if p + len(sub) <= s]
        after = [p for p in starts if p >= e]
        assert before or after, f"{what} only overlaps the span: {sub!r}"
        if trail:
            assert after, f"{what} not found after the span: {sub!r}"
            p = after[0]
        else:
            p = before[-1] if before else after[0]
    q = p + len(sub)
    assert text[p:q] == sub
    assert q <= s or p >= e, f"{what} overlaps span: {sub!r}"
    check_word(text, p, q, what)
    return {"start": p, "end": q, "text": sub}


def build(review=False):
    texts = load_texts()
    out, rows = [], []
    seen_docs = set()
    for d in DOCS:
        doc_id, text = d["doc_id"], texts[d["doc_id"]]
        assert doc_id not in seen_docs, doc_id
        seen_docs.add(doc_id)
        claims, spans = [], set()
        for n, c in enumerate(d["claims"], 1):
            assert c["kind"] in KINDS, c
            assert c["stance"] in STANCES, c
            ent = c["entity"]
            assert ent and (":" not in ent or ent.startswith("other:")), ent
            s, e = find_span(text, c["span"], c.get("occ", 0))
            check_word(text, s, e, "span")
            assert (s, e) not in spans, f"duplicate span in {doc_id}: {text[s:e][:60]!r}"
            spans.add((s, e))
            cue = None if c.get("cue") is None else place(text, c["cue"], s, e, c.get("cue_occ"), "cue", c.get("trail", False))
            men = None if c.get("mention") is None else place(text, c["mention"], s, e, c.get("mention_occ"), "mention",
                                                                  c.get("trail", False))
            if c["kind"] == "direct" and cue is None:
                pass  # "Speaker: words" form or a bare quotation
            claims.append({"id": f"c{n}", "start": s, "end": e, "kind": c["kind"], "cue": cue,
                           "speaker": {"entity": ent, "mention": men}, "stance": c["stance"]})
            rows.append((doc_id, f"c{n}", c["kind"], c["stance"], ent,
                         cue["text"] if cue else None, men["text"] if men else None, text[s:e]))
            if review:
                print(f"--- {doc_id} c{n} {c['kind']} {c['stance']} {ent}")
                print(f"    cue={cue['text'] if cue else None!r} @{cue['start'] if cue else ''}  "
                      f"mention={men['text'] if men else None!r} @{men['start'] if men else ''}  span@{s}-{e}")
                print(f"    <<{text[max(0, s - 40):s]}[[{text[s:e]}]]{text[e:e + 40]}>>")
        rec = {"doc_id": doc_id, "source": "corpora/" + d["pool"], "claims": claims}
        if d.get("note"):
            rec["note"] = d["note"]
        out.append(rec)
    with open(os.path.join(HERE, "gold.jsonl"), "w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    # summary
    kinds = collections.Counter(r[2] for r in rows)
    stances = collections.Counter(r[3] for r in rows)
    by_pool = collections.Counter()
    for d in DOCS:
        by_pool[d["pool"]] += len(d["claims"])
    lines = [f"documents: {len(out)}  claims: {len(rows)}",
             "by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
             "by stance: " + ", ".join(f"{k} {v}" for k, v in sorted(stances.items())),
             "claims by pool: " + ", ".join(f"{k} {v}" for k, v in sorted(by_pool.items())), ""]
    for d in DOCS:
        dc = [r for r in rows if r[0] == d["doc_id"]]
        st = collections.Counter(r[3] for r in dc)
        lines.append(f"{d['doc_id']}\t{len(dc)} claims\t" + " ".join(f"{k}={v}" for k, v in sorted(st.items())))
    with open(os.path.join(HERE, "summary.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:4]))


if __name__ == "__main__":
    build(review="--review" in sys.argv)
