"""Build gold.jsonl for the Telegram posts listed in spec.py.

Offsets are computed with str.find on the unmodified UTF-8 text of each post, read from the pool
JSONL (default /work/shared/corpora/telegram_pool.jsonl, or $CLAIMATTR_TELEGRAM_POOL). Every span,
cue and mention is asserted equal to its substring; spans must start and end on word boundaries.

Span: `a` (start anchor) and `b` (end anchor, inclusive). The span runs from occurrence `occ` of `a`
to the first occurrence of `b` that ends at or after the start (b=None: the span is `a` itself).
Cue / mention: an exact substring; by default the occurrence nearest before the span start is used
(or, if there is none before, the nearest after the span end); `cue_occ` / `m_occ` override it with
an explicit 0-based occurrence index.
"""
import json
import os
import sys
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import spec  # noqa: E402

POOL = os.environ.get("CLAIMATTR_TELEGRAM_POOL", "/work/shared/corpora/telegram_pool.jsonl")
SOURCE = "corpora/telegram_pool.jsonl"


def is_word_char(ch):
    return ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc") or ch == "\u0640"


def find_occ(text, sub, occ):
    pos = -1
    for _ in range(occ + 1):
        pos = text.find(sub, pos + 1)
        if pos < 0:
            raise AssertionError(f"occurrence {occ} of {sub!r} not found")
    return pos


def nearest(text, sub, start, end):
    pos = text.rfind(sub, 0, start)
    while pos >= 0 and pos + len(sub) > start:
        pos = text.rfind(sub, 0, pos)
    if pos >= 0:
        return pos
    pos = text.find(sub, end)
    if pos < 0:
        raise AssertionError(f"{sub!r} not found around span {start}:{end}")
    return pos


def check_words(text, s, e, what):
    assert s < e, what
    assert s == 0 or not is_word_char(text[s - 1]), f"{what}: starts inside a word: {text[max(0,s-5):s+10]!r}"
    assert e == len(text) or not is_word_char(text[e]), f"{what}: ends inside a word: {text[e-10:e+5]!r}"
    assert not text[s].isspace() and not text[e - 1].isspace(), f"{what}: whitespace at an edge"


def build_claim(text, d, c, i):
    a, b = c["a"], c["b"]
    assert "occ" in c or text.count(a) == 1, f"{d['id']}: span anchor {a!r} occurs {text.count(a)} times: give occ"
    s = find_occ(text, a, c.get("occ", 0))
    if b is None:
        e = s + len(a)
    else:
        pb = text.find(b, s)
        assert pb >= 0, f"end anchor {b!r} not found after {a!r}"
        e = pb + len(b)
    check_words(text, s, e, f"{d['id']} span {a!r}")
    span = text[s:e]
    assert "\n" not in span or c.get("multiline"), f"{d['id']}: span crosses a line: {a!r}"
    rest = text[e:].split("\n", 1)[0]
    if os.environ.get("WARN") and rest.strip(" .،…\u200f\ufeff\"»”") and c["kind"] == "direct" and c["cue"] is None:
        print(f"REVIEW {d['id']}: line goes on after span {a!r}: {rest[:60]!r}")
    out = {"id": f"c{i}", "start": s, "end": e, "kind": c["kind"]}
    cue = c.get("cue")
    if cue is None:
        out["cue"] = None
    else:
        p = find_occ(text, cue, c["cue_occ"]) if "cue_occ" in c else nearest(text, cue, s, e)
        check_words(text, p, p + len(cue), f"{d['id']} cue {cue!r}")
        assert text[p:p + len(cue)] == cue
        out["cue"] = {"start": p, "end": p + len(cue), "text": cue}
    m = c.get("m")
    if m is None:
        ment = None
    else:
        p = find_occ(text, m, c["m_occ"]) if "m_occ" in c else nearest(text, m, s, e)
        check_words(text, p, p + len(m), f"{d['id']} mention {m!r}")
        assert text[p:p + len(m)] == m
        ment = {"start": p, "end": p + len(m), "text": m}
    out["speaker"] = {"entity": c["e"], "mention": ment}
    assert c["st"] in ("oppose", "support", "neutral"), c["st"]
    assert c["kind"] in ("direct", "indirect", "mixed"), c["kind"]
    assert c["e"] in spec.TABLE_IDS or c["e"].startswith("other:"), c["e"]
    out["stance"] = c["st"]
    return out


def main():
    pool = {}
    with open(POOL, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            pool[o["id"]] = o["text"]
    records = []
    seen = set()
    for d in spec.DOCS:
        assert d["id"] not in seen, d["id"]
        seen.add(d["id"])
        text = pool[d["id"]]
        claims = [build_claim(text, d, c, 0) for c in d["claims"]]
        claims.sort(key=lambda c: (c["start"], c["end"]))
        for i, c in enumerate(claims, 1):
            c["id"] = f"c{i}"
        for x, y in zip(claims, claims[1:]):
            assert x["end"] <= y["start"], f"{d['id']}: overlapping spans {x} {y}"
        rec = {"doc_id": d["id"], "source": SOURCE, "claims": claims}
        if d.get("note"):
            rec["note"] = d["note"]
        records.append(rec)
    with open(os.path.join(HERE, "gold.jsonl"), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    kinds = Counter(c["kind"] for r in records for c in r["claims"])
    stances = Counter(c["stance"] for r in records for c in r["claims"])
    n = sum(len(r["claims"]) for r in records)
    print(f"{len(records)} documents, {n} claims; kinds {dict(kinds)}; stances {dict(stances)}")


if __name__ == "__main__":
    main()
