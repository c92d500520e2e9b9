"""Print one pool text (by position 1..36 in the id list, or by id) for reading. Not part of the output."""
import json, sys
IDS = [l.strip() for l in open('/tmp/prompts/news_ids.txt') if l.strip()]
POOL = '/work/shared/corpora/news2026_pool.jsonl'
def load(ids):
    out = {}
    for line in open(POOL, encoding='utf-8'):
        d = json.loads(line)
        if d['id'] in ids:
            out[d['id']] = d
    return out
if __name__ == '__main__':
    a = sys.argv[1]
    did = IDS[int(a) - 1] if a.isdigit() else a
    d = load({did})[did]
    print('ID', did, '|', d.get('outlet'), d.get('date'), '| len', len(d['text']))
    print('TITLE', d.get('title'))
    for i, ln in enumerate(d['text'].split('\n')):
        print(f'{i:3d}| {ln!s}')
