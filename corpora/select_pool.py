"""Choose the pool texts to annotate, reproducibly: ``python corpora/select_pool.py``.

Reads the shared pools (``$CLAIMATTR_SHARED``, default ``../shared``) and writes ids only:

- ``corpora/pool_exclusions.txt``: every pool id whose text shares an 8-word run with an
  evaluation text; nothing listed there is ever annotated or trained on;
- ``corpora/selection.tsv``: ``source, id, corpus, split, batch`` for each chosen text, and
- ``corpora/splits.json``: the frozen ``dev`` split (annotated by helpers, only ever scored).

A text is left out when it shares an 8-word run with an evaluation text, or when a fifth of its
8-word runs occur in texts already annotated (the shared corpora and every ``gold.jsonl`` under
``corpora/``) or chosen before it (near-duplicates). What is chosen, per source:

- ``pool_speech`` from ``pool.jsonl``: general political news rich in reported speech (reporting
  verbs, post-posed attributions, quotations, named and anonymous sources), 40 of them from the
  Iraq-related part; at most 20 texts of one outlet in any corpus (the Telegram pool is one
  channel, so there the cap is lifted);
- ``news_factions`` from ``news2026_pool.jsonl``: on US forces, the coalition, strikes and the
  factions (or naming the US beside another side), preferring texts where several sides (US,
  Iraqi government, Iran, factions, the coalition) speak;
- ``telegram_statements`` from ``telegram_pool.jsonl``: statements, communiques, "Name:" posts and
  posts quoting officials, on the same topics;
- ``telegram_stance``: more such posts that name the US and use the words of positions on its
  forces (occupation, aggression, expulsion, attacks on bases, self-defence), drawn last, for
  oppose and support training claims (training part only).

Within each source a seeded draw weighted by that score decides; the draw order fixes the dev
split and the second-annotation set (taken from the training part only).
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from claimattr.corpora import corpus_folders, read_corpus, shared_dir  # noqa: E402

SEED = 2026
#: A text counts as a near-duplicate of texts seen before when this share of its 8-word runs
#: occurs in them (scraped pages share menus and tickers, so one shared run is not enough).
DUPLICATE = 0.2
SPEECH = re.compile(r"(?<!\w)[وف]?(?:قال|قالت|[أا]كد|[أا]كدت|[أا]ضاف|[أا]شار|[أا]وضح|صرح|[أا]علن|ذكر|ذكرت|نقل|"
                    r"نقلت|[أا]فاد|حذر|دعا|طالب|اعتبر|ر[أا]ى|نفى|شدد|لفت|تابع|يقول|تقول|مؤكدا|مضيفا|مشيرا)(?!\w)")
ATTRIBUTION = re.compile(r"(?<!\w)(?:بحسب|وفقا|وفقاً|حسبما|نقلا عن|نقلاً عن|طبقا)(?!\w)")
QUOTES = re.compile("[«“\"]")
SOURCES = re.compile(r"(?<!\w)(?:مصدر|مصادر|مسؤول|صحيفة|وكالة|موقع|بيان|المتحدث|الناطق)")
TOPIC = re.compile(
    r"القوات ال[أا]م[ي]?ر[ي]?كي|التحالف الدولي|قوات التحالف|الاحتلال ال[أا]م|انسحاب|سنتكوم|"
    r"القيادة المركزية|عين ال[أا]سد|حرير|السفارة ال[أا]م|الوجود العسكري|القواعد ال[أا]م|الفصائل|المقاومة"
)
SIDES = {
    "us": re.compile(r"واشنطن|البنتاغون|ترامب|ال[أا]م[ي]?ر[ي]?كي"),
    "iraq": re.compile(r"السوداني|الحكومة العراقية|رئيس الوزراء|وزارة الخارجية العراقية|الزيدي"),
    "iran": re.compile(r"[إا]يران|طهران|الحرس الثوري"),
    "factions": re.compile(r"الفصائل|كتائب حزب الله|النجباء|العصائب|الحشد|المقاومة الإسلامية"),
    "coalition": re.compile(r"التحالف الدولي|قوات التحالف"),
}
STATEMENT = re.compile(r"^[^\n:]{2,60}:|(?<!\w)بيان|^\s*(?:[0-9١-٩]+\s*[-.)]|[أا]ولا)", re.M)
#: Per corpus: its pool, texts, dev texts, second-annotation texts (from the training part), and
#: the annotators' batches of the dev and the training part.
PLAN = {
    "pool_speech": ("corpora/pool.jsonl", 200, 55, 25, (2, 4)),
    "news_factions": ("corpora/news2026_pool.jsonl", 150, 40, 20, (2, 5)),
    "telegram_statements": ("corpora/telegram_pool.jsonl", 100, 30, 15, (1, 1)),
    "telegram_stance": ("corpora/telegram_pool.jsonl", 80, 0, 0, (0, 2)),
}
#: Words of positions on the US forces (occupation, aggression, expulsion, attacks on bases;
#: self-defence, condemned attacks), which make oppose and support claims likely.
STANCE = re.compile(r"الاحتلال|العدوان|اخراج|إخراج|طرد|انسحاب|استهداف|قاعدة|القواعد|السيادة|"
                    r"الدفاع عن|ندين|يدين|تدين|الإرهاب")


def shingles(text: str, n: int = 8) -> set[str]:
    words = text.split()
    return {" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def pool_speech_score(rec: dict) -> float:
    text = rec["text"]
    if not 600 <= len(text) <= 5000 or len(SPEECH.findall(text)) < 3:
        return 0.0
    return (min(len(SPEECH.findall(text)), 8) + 2 * bool(ATTRIBUTION.search(text))
            + 2 * bool(QUOTES.search(text)) + bool(SOURCES.search(text)))


def news_score(rec: dict) -> float:
    text = rec["text"]
    sides = sum(bool(p.search(text)) for p in SIDES.values())
    topic = bool(TOPIC.search(text))
    if len(text) > 9000 or len(SPEECH.findall(text)) < 2 or not (topic or SIDES["us"].search(text) and sides >= 2):
        return 0.0
    return 1 + sides ** 2 + 4 * topic


def telegram_score(rec: dict) -> float:
    text = rec["text"]
    if not 150 <= len(text) <= 3000 or not TOPIC.search(text) and not SIDES["factions"].search(text):
        return 0.0
    forms = bool(STATEMENT.search(text)) * 2 + bool(QUOTES.search(text)) + bool(SPEECH.search(text))
    return forms ** 2 if forms >= 2 else 0.0


def telegram_stance_score(rec: dict) -> float:
    text = rec["text"]
    hits = len(STANCE.findall(text))
    if not 150 <= len(text) <= 3000 or not SIDES["us"].search(text) or hits < 2:
        return 0.0
    return float(hits ** 2)


def draw(records: list[dict], score, rng: random.Random) -> list[dict]:
    """Records in a seeded order, weighted by score (Efraimidis-Spirakis keys)."""
    keyed = [(rng.random() ** (1 / s), r) for r in records if (s := score(r)) > 0]
    return [r for _, r in sorted(keyed, key=lambda kr: -kr[0])]


def main() -> None:
    shared = shared_dir()
    held_out = set().union(*(shingles(p.read_text(encoding="utf-8")) for p in (shared / "eval" / "texts").glob("*.txt")))
    seen = set()
    for folder in corpus_folders().values():
        if (folder / "gold.jsonl").is_file():
            for doc in read_corpus(folder):
                seen |= shingles(doc.text)
    excluded, rows = [], []
    for corpus, (source, total, n_dev, n_double, batches) in PLAN.items():
        rng = random.Random(f"{SEED}:{corpus}")
        records = [json.loads(line) for line in open(shared / source, encoding="utf-8")]
        for r in records:
            if shingles(r["text"]) & held_out:
                excluded.append(r["id"])
        records = [r for r in records if r["id"] not in excluded]
        score = {"pool_speech": pool_speech_score, "news_factions": news_score,
                 "telegram_statements": telegram_score, "telegram_stance": telegram_stance_score}[corpus]
        cap = total if corpus.startswith("telegram") else 20
        parts = [(records, total)]
        if corpus == "pool_speech":  # 40 Iraq-related texts first, then any
            parts.insert(0, ([r for r in records if r.get("on_topic") in ("iraq", "core")], 40))
        chosen, outlets = {}, {}
        for part, limit in parts:
            for r in draw(part, score, rng):
                words = shingles(r["text"])
                if len(chosen) >= limit or r["id"] in chosen or outlets.get(r.get("outlet"), 0) >= cap:
                    continue
                if len(words & seen) > DUPLICATE * len(words):
                    continue
                outlets[r.get("outlet")] = outlets.get(r.get("outlet"), 0) + 1
                chosen[r["id"]] = r
                seen |= words
        order = list(chosen.values())
        rng.shuffle(order)
        dev, train = order[:n_dev], order[n_dev:]
        double = {r["id"] for r in train[:n_double]}
        for split, part, n_batches in (("dev", dev, batches[0]), ("train", train, batches[1])):
            for k, r in enumerate(part if n_batches else ()):
                rows.append((source, r["id"], corpus, split, f"{corpus}-{split}-{k % n_batches + 1}",
                             "double" if r["id"] in double else ""))
    (HERE / "pool_exclusions.txt").write_text("\n".join(sorted(set(excluded))) + "\n", encoding="utf-8")
    with open(HERE / "selection.tsv", "w", encoding="utf-8") as out:
        out.write("source\tid\tcorpus\tsplit\tbatch\tsecond_annotation\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    dev_ids = [row[1] for row in rows if row[3] == "dev"]
    (HERE / "splits.json").write_text(json.dumps({"dev": dev_ids}, ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")
    print(f"{len(rows)} texts chosen ({len(dev_ids)} dev), {len(set(excluded))} pool texts excluded")


if __name__ == "__main__":
    main()
