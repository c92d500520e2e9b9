"""Print the claims of gold.jsonl with context, for checking by eye: python review.py [doc_no|doc_id]"""
import json, sys
POOL = '/work/shared/corpora/news2026_pool.jsonl'
IDS = [l.strip() for l in open('/tmp/prompts/news_ids.txt') if l.strip()]
want = None
if len(sys.argv) > 1:
    a = sys.argv[1]; want = IDS[int(a) - 1] if a.isdigit() else a
texts = {}
for line in open(POOL, encoding='utf-8'):
    d = json.loads(line); texts[d['id']] = d['text']
for line in open(sys.argv[2] if len(sys.argv) > 2 else 'gold.jsonl', encoding='utf-8'):
    r = json.loads(line)
    if want and r['doc_id'] != want: continue
    t = texts[r['doc_id']]
    print('=====', r['doc_id'], r.get('note', ''))
    for c in r['claims']:
        cue = c['cue']['text'] if c['cue'] else None
        m = c['speaker']['mention']['text'] if c['speaker']['mention'] else None
        print(f"{c['id']} {c['kind']} {c['stance'].upper()} {c['speaker']['entity']} | cue={cue} @{c['cue']['start'] if c['cue'] else ''} | m={m} @{c['speaker']['mention']['start'] if m else ''}")
        print('   <<', t[max(0, c['start'] - 40):c['start']].replace('\n', ' '), '[[', t[c['start']:c['end']].replace('\n', ' '), ']]', t[c['end']:c['end'] + 30].replace('\n', ' '))
