"""The vocabulary columns of the context model's word blocks, for a batch of claims, in NumPy.

A batch's words are looked up once each in a table of word ids; everything after that is array
arithmetic over all the batch's claims together: the column of each word feature (``w=`` in the
claim block, ``x=`` in the context block), of each word pair (``wb=``/``xb=``, found by sorted
search among the vocabulary's pairs) and of each word's character n-grams (``c=`` in the
claim_chars block, computed in Python once per word and kept in one growing array). This gives
the same columns, repeats included, as building every feature string and looking it up.

Ids ``0 .. static-1`` are the words of the vocabulary's word and pair features; other words get
ids as they are met, up to ``limit`` of them, after which they (and every word's n-grams) are
forgotten and computed again as needed, so memory stays bounded over any number of claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any, Callable, Mapping, Sequence

#: Pair keys are ``first id * _SPAN + second id``.
_SPAN = 1 << 31


@dataclass(frozen=True)
class BatchWords:
    """The words of a batch's claims (of one input: the claims' texts or their contexts), one
    claim after another: ``ids[k]`` is word ``k``'s id and ``owner[k]`` its claim."""

    ids: Any
    owner: Any


class WordTable:
    """Word ids and what each id's word contributes to the word blocks (see the module docstring).

    ``words[block]`` maps a word to the column of its word feature, ``pairs[block]`` a
    ``(first word, second word)`` pair to its column; ``grams`` maps a bare character n-gram to
    its column of the claim_chars block, and ``ngrams(word)`` gives a word's n-grams.
    """

    def __init__(self, words: Mapping[str, Mapping[str, int]], pairs: Mapping[str, Mapping[tuple[str, str], int]],
                 grams: Mapping[str, int], ngrams: Callable[[str], Sequence[str]], limit: int) -> None:
        import numpy as np

        static = sorted({w for block in words.values() for w in block} |
                        {w for block in pairs.values() for pair in block for w in pair})
        self._static_words = static
        self.static = len(static)
        self.limit = limit
        self.ids = {w: i for i, w in enumerate(static)}
        self.word_cols = {}
        for block, table in words.items():
            cols = np.full(self.static, -1, dtype=np.int64)
            for w, j in table.items():
                cols[self.ids[w]] = j
            self.word_cols[block] = cols
        self.pair_keys, self.pair_cols = {}, {}
        for block, table in pairs.items():
            keys = np.array([self.ids[a] * _SPAN + self.ids[b] for a, b in table], dtype=np.int64)
            order = np.argsort(keys, kind="stable")
            self.pair_keys[block] = keys[order]
            self.pair_cols[block] = np.array(list(table.values()), dtype=np.int64)[order]
        self.grams, self.ngrams = grams, ngrams
        self._forget()

    def _forget(self) -> None:
        """Drop the ids of words outside the vocabulary and every word's n-gram columns."""
        import numpy as np

        if len(self.ids) > self.static:
            self.ids = {w: i for i, w in enumerate(self._static_words)}
        self.words_by_id = list(self._static_words)
        self.gram_start = np.zeros(max(1024, 2 * self.static), dtype=np.int64)
        self.gram_count = np.full(len(self.gram_start), -1, dtype=np.int64)
        self.gram_store = np.zeros(1 << 16, dtype=np.int64)
        self.gram_used = 0

    def batch(self, *inputs: Sequence[Sequence[str]]) -> list[BatchWords]:
        """For each input (the words of each claim's text, of each claim's context ...), the ids
        of its words; new words get new ids."""
        import numpy as np

        if len(self.ids) >= self.static + self.limit:
            self._forget()
        out = []
        for texts in inputs:
            words = list(chain.from_iterable(texts))
            try:
                ids = np.fromiter(map(self.ids.get, words), dtype=np.int64, count=len(words))
            except TypeError:  # a new word (None): rare once the table has seen some text
                ids = np.array([self._new_id(w) if i is None else i for w, i in zip(words, map(self.ids.get, words))],
                               dtype=np.int64)
            lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
            out.append(BatchWords(ids, np.repeat(np.arange(len(texts), dtype=np.int64), lengths)))
        return out

    def _new_id(self, word: str) -> int:
        """The id of a word, a new one when it has none yet."""
        i = self.ids.setdefault(word, len(self.ids))
        if i == len(self.words_by_id):
            self.words_by_id.append(word)
        return i

    def word_columns(self, block: str, words: BatchWords) -> tuple[Any, Any]:
        """``(owners, columns)`` of the word and word-pair features of ``block``."""
        import numpy as np

        ids, owner = words.ids, words.owner
        known = ids < self.static
        cols = np.full(len(ids), -1, dtype=np.int64)
        cols[known] = self.word_cols[block][ids[known]]
        found = cols >= 0
        first, second = ids[:-1], ids[1:]
        paired = (owner[:-1] == owner[1:]) & (first < self.static) & (second < self.static)
        keys = first[paired] * _SPAN + second[paired]
        table = self.pair_keys[block]
        at = np.minimum(np.searchsorted(table, keys), max(len(table) - 1, 0))
        hit = table[at] == keys if len(table) else np.zeros(len(keys), dtype=bool)
        pair_owner = owner[:-1][paired][hit]
        return (np.concatenate([owner[found], pair_owner]),
                np.concatenate([cols[found], self.pair_cols[block][at[hit]]]))

    def gram_columns(self, words: BatchWords) -> tuple[Any, Any]:
        """``(owners, columns)`` of the character n-grams of every word."""
        import numpy as np

        ids = words.ids
        if len(ids) and ids.max() >= len(self.gram_count):
            self._grow_ids(int(ids.max()) + 1)
        missing = np.unique(ids[self.gram_count[ids] < 0])
        if missing.size:
            self._store_grams(missing)
        start, count = self.gram_start[ids], self.gram_count[ids]
        total = int(count.sum())
        first = np.cumsum(count) - count
        positions = np.repeat(start - first, count) + np.arange(total, dtype=np.int64)
        return np.repeat(words.owner, count), self.gram_store[positions]

    def _grow_ids(self, needed: int) -> None:
        import numpy as np

        size = max(needed, 2 * len(self.gram_count))
        self.gram_start = np.concatenate([self.gram_start, np.zeros(size - len(self.gram_start), dtype=np.int64)])
        self.gram_count = np.concatenate([self.gram_count, np.full(size - len(self.gram_count), -1, dtype=np.int64)])

    def _store_grams(self, ids: Any) -> None:
        """Compute the n-gram columns of the words of ``ids`` and append them to the store."""
        import numpy as np

        grams, words = self.grams, self.words_by_id
        per_word = [[j for j in map(grams.get, self.ngrams(words[i])) if j is not None] for i in ids.tolist()]
        counts = np.fromiter(map(len, per_word), dtype=np.int64, count=len(per_word))
        end = self.gram_used + int(counts.sum())
        if end > len(self.gram_store):
            self.gram_store = np.concatenate([self.gram_store, np.zeros(max(end, len(self.gram_store)), dtype=np.int64)])
        self.gram_store[self.gram_used:end] = list(chain.from_iterable(per_word))
        self.gram_start[ids] = self.gram_used + np.cumsum(counts) - counts
        self.gram_count[ids] = counts
        self.gram_used = end
