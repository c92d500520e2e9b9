"""The features of the linear stance models: n-grams of the claim and its context, the cue, the
speaker, and hits of the stance lexicon (``stance_lexicon.tsv``: phrases such as الاحتلال،
العدوان الأمريكي، الدفاع عن النفس that add ``lex=<label>`` features).

Every function reads a string (a claim, a context, a cue, a speaker id) and returns feature
strings; words are taken from the normalised string (:func:`claimattr.text.normalize`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from claimattr.evaluate import name_words
from claimattr.lexicon import Lexicons
from claimattr.text import normalize

WORD_RE = re.compile(r"\w+")
OTHER = "other:"
#: Character n-gram sizes of the linear model (3-5, boundaries marked < >) and of the context
#: model (2-5, boundaries marked by spaces).
LINEAR_CHARS = (3, 5)
CONTEXT_CHARS = (2, 5)

Phrases = tuple[tuple[str, str], ...]


def stance_phrases(lexicons: Lexicons) -> Phrases:
    """``(label, normalised phrase)`` pairs of ``stance_lexicon.tsv``."""
    return tuple((label, normalize(phrase)) for label, phrase in lexicons.table("stance_lexicon"))


def lexicon_features(normalized: str, phrases: Phrases) -> list[str]:
    """``lex=<label>`` once for each lexicon phrase found in a normalised text (anywhere, also
    inside a longer word: احتلال in والاحتلال), in lexicon order. Every phrase is looked for in
    one pass over the text (Aho-Corasick, :func:`phrase_finder`), not one search per phrase."""
    automaton, always = phrase_finder(phrases)
    hits = {k for _, entries in automaton.iter(normalized) for k in entries} if automaton is not None else set()
    return [f"lex={phrases[k][0]}" for k in sorted(hits.union(always))]


@lru_cache(maxsize=16)
def phrase_finder(phrases: Phrases) -> tuple[Any, tuple[int, ...]]:
    """An Aho-Corasick automaton (pyahocorasick) of the phrases, built once per lexicon, whose
    value for each phrase is the indices of its lexicon entries (None when no phrase has a
    letter), and the indices of empty phrases, which every text holds."""
    import ahocorasick

    entries: dict[str, list[int]] = {}
    for k, (_, phrase) in enumerate(phrases):
        entries.setdefault(phrase, []).append(k)
    always = tuple(entries.pop("", ()))
    if not entries:
        return None, always
    automaton = ahocorasick.Automaton()
    for phrase, indices in entries.items():
        automaton.add_word(phrase, tuple(indices))
    automaton.make_automaton()
    return automaton, always


@lru_cache(maxsize=200_000)
def char_ngrams(word: str, sizes: tuple[int, int], marks: str) -> tuple[str, ...]:
    """The character n-grams of one word padded with ``marks`` (cached: words repeat)."""
    padded = f"{marks[0]}{word}{marks[1]}"
    if marks == "<>":  # the linear model's n-grams: only those that fit in the word
        return tuple(f"c={padded[i:i + n]}" for n in range(sizes[0], sizes[1] + 1)
                     for i in range(len(padded) - n + 1))
    return tuple(f"c={padded[i:i + n]}" for n in range(sizes[0], sizes[1] + 1)
                 for i in range(max(1, len(padded) - n + 1)))


# -- the linear model: one bag of features -------------------------------------------------------
def linear_word_features(word: str) -> list[str]:
    """One normalised word and its character 3-5-grams with boundary marks (الاحتلال/احتلال/
    للاحتلال share most of theirs)."""
    return [f"w={word}", *char_ngrams(word, LINEAR_CHARS, "<>")]


def linear_speaker_features(speaker: str | None) -> list[str]:
    """``spk=<id>`` for a registry speaker; for an ``other:`` source, ``sw=<word>`` for each word
    of its name, which generalises across unnamed sources (فصائل …, مسؤول أمريكي)."""
    if not speaker:
        return []
    if not speaker.startswith(OTHER):
        return [f"spk={speaker}"]
    return [f"sw={w}" for w in WORD_RE.findall(normalize(speaker[len(OTHER):]))]


def linear_features(text: str, speaker: str | None, phrases: Phrases) -> list[str]:
    """The features of one claim for the linear model: words, word bigrams and character
    n-grams of the normalised text, stance-lexicon hits, and the speaker."""
    normalized = normalize(text)
    words = WORD_RE.findall(normalized)
    feats = [f for w in words for f in linear_word_features(w)]
    feats += [f"b={a}_{b}" for a, b in zip(words, words[1:])]
    return feats + lexicon_features(normalized, phrases) + linear_speaker_features(speaker)


# -- the context model: blocks -------------------------------------------------------------------
def word_features(text: str | None, prefix: str = "w") -> list[str]:
    """Words and word pairs of the normalised text, marked with ``prefix``."""
    words = WORD_RE.findall(normalize(text or ""))
    return [f"{prefix}={w}" for w in words] + [f"{prefix}b={a}_{b}" for a, b in zip(words, words[1:])]


def char_features(text: str | None) -> list[str]:
    """Character 2-5-grams of each normalised word padded with spaces."""
    return [f for word in WORD_RE.findall(normalize(text or "")) for f in char_ngrams(word, CONTEXT_CHARS, "  ")]


def cue_features(cue: str | None) -> list[str]:
    """The normalised words of the cue, or ``q=<none>`` for a claim without one."""
    return [f"q={w}" for w in WORD_RE.findall(normalize(cue or ""))] or ["q=<none>"]


def speaker_features(speaker: str | None) -> list[str]:
    """``spk=<id>`` for a registry id, ``spk=<other>`` for a source outside the registry."""
    if not speaker:
        return ["spk=<none>"]
    return ["spk=<other>" if speaker.startswith(OTHER) else f"spk={speaker}"]


def speaker_name_features(speaker: str | None) -> list[str]:
    """``sw=<word>`` for each normalised word of the speaker's id or name (``other:الجيش الأمريكي``
    and ``other:وزير الدفاع الأمريكي`` share ``sw=الامريكي``)."""
    return [f"sw={w}" for w in sorted(name_words(speaker or ""))]
