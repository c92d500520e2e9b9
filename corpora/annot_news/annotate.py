"""Build gold.jsonl (standoff) for the news2026 pool articles listed in the spec files.

Each claim in spec_*.py is given as exact substrings of the unmodified article text:
  span     - the claim text; 'A|||B' = from the first character of A to the last of B
             (anchors for long spans; the full substring is recovered from the text and
             written to occurrences.tsv for review)
  cue      - the cue word(s) or None
  mention  - the speaker mention or None
  so/co/mo - 0-based str.find occurrence index of span / cue / mention;
  ca=1      - the cue follows the span (a trailing بحسب/وفقاً/صرح): take its first occurrence after it.
The span occurrence must be given (so=) whenever the span's first anchor repeats in the text
(the script refuses otherwise). A cue or mention without an explicit index resolves to the
occurrence nearest the span (cue: the nearest one ending before the span, else the nearest
after it; mention: the nearest to the cue, or to the span when there is no cue); the index it
used is written to occurrences.tsv so every choice can be checked.
Offsets come from str.find on the text read as UTF-8 from the pool; every slice is asserted.
"""
import json, re, sys, importlib, glob, os

HERE = os.path.dirname(os.path.abspath(__file__))
POOL = '/work/shared/corpora/news2026_pool.jsonl'
SOURCE = 'corpora/news2026_pool.jsonl'
IDS = [l.strip() for l in open('/tmp/prompts/news_ids.txt') if l.strip()] if os.path.exists('/tmp/prompts/news_ids.txt') else None
KINDS = {'direct', 'indirect', 'mixed'}
STANCES = {'oppose', 'support', 'neutral'}
WORD = re.compile(r'\w')


def occurrences(text, sub):
    out, i = [], text.find(sub)
    while i != -1:
        out.append(i)
        i = text.find(sub, i + 1)
    return out


def word_ok(text, s, e):
    before = text[s - 1] if s > 0 else ' '
    after = text[e] if e < len(text) else ' '
    return not (WORD.match(before) and WORD.match(text[s])) and not (WORD.match(after) and WORD.match(text[e - 1]))


def locate_span(text, span, so, where):
    if '|||' in span:
        a, b = span.split('|||')
    else:
        a, b = span, None
    occ = occurrences(text, a)
    assert occ, f'{where}: span start not found: {a[:40]!r}'
    if so is None:
        assert len(occ) == 1, f'{where}: span start repeats {len(occ)}x, give so=: {a[:40]!r}'
        so = 0
    s = occ[so]
    if b is None:
        e = s + len(a)
    else:
        j = text.find(b, s + len(a))  # the end anchor starts after the start anchor
        assert j != -1, f'{where}: span end anchor not found: {b[:40]!r}'
        e = j + len(b)
        assert e - s < 3000, f'{where}: span too long ({e - s})'
    return s, e, so


def locate(text, sub, idx, ref_s, ref_e, where, prefer_before=True, after_only=False):
    occ = occurrences(text, sub)
    assert occ, f'{where}: not found: {sub!r}'
    if idx is None:
        before = [o for o in occ if o + len(sub) <= ref_s]
        after = [o for o in occ if o >= ref_e]
        if after_only:
            assert after, f'{where}: no occurrence after the span: {sub!r}'
            o = after[0]
        elif prefer_before and before:
            o = before[-1]
        else:
            cands = before + after
            assert cands, f'{where}: no occurrence outside span: {sub!r}'
            o = min(cands, key=lambda x: min(abs(x + len(sub) - ref_s), abs(x - ref_e)))
        idx = occ.index(o)
    return occ[idx], occ[idx] + len(sub), idx


def build():
    texts = {}
    for line in open(POOL, encoding='utf-8'):
        d = json.loads(line)
        texts[d['id']] = d['text']
    specs = {}
    for f in sorted(glob.glob(os.path.join(HERE, 'spec_*.py'))):
        mod = importlib.import_module(os.path.basename(f)[:-3])
        for k, v in mod.DOCS.items():
            assert k not in specs, k
            specs[k] = v
    order = [i for i in IDS if i in specs] if IDS else sorted(specs)
    occ_rows, out = [], []
    for did in order:
        text = texts[did]
        entry = specs[did]
        note = None
        if isinstance(entry, dict):
            note, entry = entry.get('note'), entry.get('claims', [])
        claims, seen = [], set()
        for n, c in enumerate(entry, 1):
            where = f'{did} c{n}'
            assert c['kind'] in KINDS and c['stance'] in STANCES, where
            ent = c['ent']
            assert ent and (ent.startswith('other:') or ':' not in ent), where
            s, e, so = locate_span(text, c['span'], c.get('so'), where)
            assert text[s:e].strip() == text[s:e], f'{where}: span has outer whitespace'
            assert word_ok(text, s, e), f'{where}: span not on word boundary: {text[max(0,s-3):e+3]!r}'
            assert (s, e) not in seen, f'{where}: duplicate span'
            seen.add((s, e))
            cue = None
            if c.get('cue'):
                cs, ce, ci = locate(text, c['cue'], c.get('co'), s, e, where + ' cue', after_only=bool(c.get('ca')))
                assert word_ok(text, cs, ce), f'{where}: cue not on word boundary'
                assert text[cs:ce] == c['cue']
                assert abs(cs - s) < 2500, f'{where}: cue far from span'
                cue = {'start': cs, 'end': ce, 'text': c['cue']}
                occ_rows.append((did, f'c{n}', 'cue', ci, c['cue']))
            mention = None
            if c.get('mention'):
                rs, re_ = (cue['start'], cue['end']) if cue else (s, e)
                ms, me, mi = locate(text, c['mention'], c.get('mo'), rs, re_, where + ' mention', prefer_before=False)
                assert word_ok(text, ms, me), f'{where}: mention not on word boundary'
                assert text[ms:me] == c['mention']
                mention = {'start': ms, 'end': me, 'text': c['mention']}
                occ_rows.append((did, f'c{n}', 'mention', mi, c['mention']))
            occ_rows.append((did, f'c{n}', 'span', so, text[s:e].replace('\n', ' ')))
            claims.append({'id': f'c{n}', 'start': s, 'end': e, 'kind': c['kind'], 'cue': cue,
                           'speaker': {'entity': ent, 'mention': mention}, 'stance': c['stance']})
        rec = {'doc_id': did, 'source': SOURCE, 'claims': claims}
        if note:
            rec['note'] = note
        out.append(rec)
    with open(os.path.join(HERE, 'gold.jsonl'), 'w', encoding='utf-8') as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    with open(os.path.join(HERE, 'occurrences.tsv'), 'w', encoding='utf-8') as f:
        f.write('doc_id\tclaim\tfield\tocc_index\ttext\n')
        for r in occ_rows:
            f.write('\t'.join(map(str, r)) + '\n')
    return out, texts


def C(kind, span, cue, mention, ent, stance, **kw):
    d = dict(kind=kind, span=span, cue=cue, mention=mention, ent=ent, stance=stance)
    d.update(kw)
    return d


if __name__ == '__main__':
    sys.path.insert(0, HERE)
    out, texts = build()
    from collections import Counter
    k, st = Counter(), Counter()
    for r in out:
        for c in r['claims']:
            k[c['kind']] += 1; st[c['stance']] += 1
    print(len(out), 'documents,', sum(k.values()), 'claims', dict(k), dict(st))
