"""Entity linking: a source mention to a registry id, and one id per source within an article.

:class:`AliasMatcher` finds the registry entity a mention names. Aliases sit in a word trie of
comparison keys (:class:`~claimattr.names.Names`), so a mention costs a few dict lookups per
word whatever the size of the registry. A person's name counts anywhere in a mention; an
organisation only as its head ("مسؤول في التحالف الدولي" is an anonymous official, not the
coalition); a family name or a one-word alias (التحالف) only alone or after a title.

:class:`ArticleLinker` gives the sources of one article their ids: a registry id, an earlier
source the mention refers back to (a family name, a part of a name, a definite head noun it
repeats), or a new ``other:`` id made of the mention (:meth:`~claimattr.names.Names.other_name`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Iterator, Sequence

from claimattr.entities import OTHER_PREFIX, PERSON_KINDS, Entity, EntityRegistry, Match
from claimattr.errors import InputError
from claimattr.names import Names, _forms, _norm, could_be_part

#: Score of a registry match by the kind of alias that matched (x0.95 when it is inside a longer
#: mention), and of the ArticleLinker's other ways of finding an id.
ALIAS_SCORES = {"name": 1.0, "role": 0.9, "family": 0.85, "generic": 0.8}
SCORE_BACKREF = 0.75
SCORE_PART = 0.8
SCORE_NEW_NAMED = 0.6
SCORE_NEW_UNNAMED = 0.5
_CACHE_SIZE = 50_000
#: How many of the most recently mentioned sources a new mention is compared with.
LOOKBACK = 200
_END = "\0"  # the trie key under which a node keeps the aliases that end there


@dataclass(frozen=True)
class _Alias:
    entity: str
    text: str
    size: int
    kind: str  # "name", "role" (starts with a title), "family", "generic" (one ال-word)
    personal: bool  # names a person: an alias of a person, or a kunya under a group (أبو علي العسكري)


@dataclass(frozen=True)
class _Mention:
    """A mention's normalised words, their keys, where its head word is, and whether it is
    anonymous (headed by an indefinite anonymous noun: مسؤول أميركي، مصادر مطلعة)."""

    words: tuple[str, ...]
    keys: tuple[tuple[str, ...], ...]
    head: int
    anonymous: bool

    @classmethod
    def of(cls, text: str, names: Names) -> _Mention:
        words = tuple(names.words(text))
        keys = tuple(names.keys(w) for w in words)
        head = names.head_index(keys)
        anonymous = bool(words) and head < len(words) and any(k in names.vocab.anonymous for k in keys[head]) \
            and not any(f.startswith("ال") for f in _forms(words[head]))
        return cls(words, keys, head, anonymous)

    def has(self, i: int, vocab: frozenset[str]) -> bool:
        return 0 <= i < len(self.words) and any(k in vocab for k in self.keys[i])

    def definite(self, i: int) -> bool:
        return 0 <= i < len(self.words) and any(f.startswith("ال") for f in _forms(self.words[i]))


class AliasMatcher:
    """The registry's aliases as a trie of comparison keys, and :meth:`link` over them."""

    def __init__(self, registry: EntityRegistry, names: Names | None = None) -> None:
        self.registry = registry
        self.names = names or Names.default()
        self.root: dict[str, Any] = {}
        self._cache: dict[str, Match | None] = {}
        for entity in registry:
            for text in entity.forms:
                self._insert(entity, text, family=False)
            for text in entity.family:
                self._insert(entity, text, family=True)

    def _alias_kind(self, words: list[str], family: bool) -> str:
        if family:
            return "family"
        if len(words) == 1 and words[0].startswith("ال"):
            return "generic"
        return "role" if self.names.key(words[0]) in self.names.vocab.titles else "name"

    def _insert(self, entity: Entity, text: str, family: bool) -> None:
        words = self.names.words(text)
        if not words:
            return
        node = self.root
        for word in words:
            node = node.setdefault(self.names.key(word), {})
        refs = node.setdefault(_END, [])
        kunya = _norm(text).split()[0] in self.names.vocab.compound_first
        personal = entity.kind in PERSON_KINDS or kunya
        alias = _Alias(entity.id, text, len(words), self._alias_kind(words, family), personal)
        if not any(r.entity == entity.id and r.kind == alias.kind for r in refs):
            refs.append(alias)

    def _lookup(self, keys: Sequence[tuple[str, ...]]) -> Iterator[tuple[int, int, list[_Alias]]]:
        """Every ``(start, end, aliases)`` where words ``start:end`` spell an alias."""
        for start in range(len(keys)):
            frontier = [self.root]
            for end in range(start, len(keys)):
                frontier = [child for node in frontier for k in keys[end] if (child := node.get(k))]
                if not frontier:
                    break
                for node in frontier:
                    if _END in node:
                        yield start, end + 1, node[_END]

    def link(self, mention: str) -> Match | None:
        """The registry entity a source mention names, or ``None`` (see the module docstring).

        The mention may carry titles and roles (الرئيس، المتحدث باسم X، الكولونيل), clitics
        (وللمتحدث، لواشنطن), quotes and hashtags. Anonymous mentions (مسؤول أميركي، مصادر مطلعة)
        and joint ones (واشنطن وبغداد) give ``None``.
        """
        if mention in self._cache:
            return self._cache[mention]
        result = self._link(mention)
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[mention] = result
        return result

    def _link(self, mention: str) -> Match | None:
        m = _Mention.of(mention, self.names)
        if not m.words or m.anonymous:
            return None
        best: tuple[tuple[bool, int, int, int], int, int, _Alias] | None = None
        for start, end, aliases in self._lookup(m.keys):
            if len({a.entity for a in aliases}) != 1:
                continue  # the same alias names two entities (بارزاني): not decisive
            for alias in aliases:
                if self._acceptable(m, start, end, alias):
                    rank = _rank(alias, start)
                    if best is None or rank > best[0]:
                        best = (rank, start, end, alias)
        if best is None:
            return None
        _, start, end, alias = best
        if end < len(m.words) and self.names.is_conjunct(m.words[end]):
            return None
        whole = start == m.head and end == len(m.words)
        score = ALIAS_SCORES[alias.kind] * (1.0 if whole else 0.95)
        return Match(self.registry.get(alias.entity), round(score, 4), alias.text, alias.kind)

    def _acceptable(self, m: _Mention, start: int, end: int, alias: _Alias) -> bool:
        """Whether an alias found at ``start:end`` can name the mention's source."""
        vocab = self.names.vocab
        if alias.kind == "generic":
            return start == m.head and end == len(m.words)
        if alias.kind == "role":
            return start == m.head
        if alias.kind == "family":
            after_title = m.has(m.head, vocab.titles) and (m.definite(start - 1) or m.has(start - 1, vocab.titles))
            return (start == m.head or after_title) and not self.names.dependent(m.words, m.keys, start)
        if alias.personal:
            return not self.names.dependent(m.words, m.keys, start)
        return start == m.head and not m.has(end, vocab.nationalities)


def _rank(alias: _Alias, start: int) -> tuple[bool, int, int, int]:
    """Persons before the organisation in their title, then full names, then longer aliases."""
    order = ("generic", "family", "role", "name").index(alias.kind)
    return (alias.personal, order, alias.size, -start)


# --- one id per source within an article ------------------------------------------------------
@dataclass(eq=False)
class _Source:
    id: str
    name: str
    named: bool
    from_registry: bool
    words: tuple[str, ...]
    heads: set[str] = field(default_factory=set)
    vocabulary: set[str] = field(default_factory=set)


def _known(word: str, vocabulary: set[str]) -> bool:
    """A word of a back-reference that the source's mentions had, or the nisba of one (أممية of الأمم)."""
    return word in vocabulary or any(len(v) >= 3 and word.startswith(v) for v in vocabulary)


class ArticleLinker:
    """Gives the sources of one article their ids, one id per source.

    Create one per article and call :meth:`resolve` on each mention in text order. A later mention
    reuses an earlier source's id when it is its family name or a part of its name ("الصدر" after
    "مقتدى الصدر"), or a definite back-reference to the same head noun ("المسؤول الأمريكي" after
    "مسؤول دفاعي أميركي", "الحركة" after "حركة النجباء"). When a fuller name comes after a shorter
    one ("الزاملي", then "حاكم الزاملي") the source takes the fuller id; map ids given earlier
    through :meth:`canonical` once the article is done.
    """

    def __init__(self, matcher: AliasMatcher) -> None:
        self.matcher = matcher
        self.names = matcher.names
        self._sources: dict[int, _Source] = {}  # by id(), least recently mentioned first
        self._registry: dict[str, _Source] = {}  # registry sources by entity id
        self._named: dict[tuple[str, ...], _Source] = {}  # the first source of each name's keys
        self._seen: dict[tuple[str, ...], tuple[_Source, float]] = {}
        self._renamed: dict[str, str] = {}

    def resolve(self, mention: str) -> tuple[str, str, float]:
        """``(entity id, readable name, score)`` of the source a mention names; the score says how
        sure the id is (a registry alias, a back-reference, a new ``other:`` id)."""
        names = self.names
        all_words = names.words(mention)
        words = [w for w in all_words if w not in names.vocab.anaphoric]
        closed = names.vocab.non_source
        if not words or words[0] in closed or not any(len(w) > 2 and not w.isdigit() and w not in closed for w in words):
            raise InputError(f"the speaker mention {mention!r} has no word that names a source; pass the text "
                             "of an explicit mention, or resolve implied speakers from earlier claims")
        key = tuple(names.key(_norm(names.strip_clitic(w)) if i == 0 else w) for i, w in enumerate(words))
        source, score = self._seen.get(key) or self._find(mention, words, len(words) < len(all_words))
        self._note(source, score, key, words)
        return source.id, source.name, score

    def canonical(self, entity_id: str) -> str:
        """The final id of an id this linker gave (differs when the source later took a fuller name)."""
        while entity_id in self._renamed:
            entity_id = self._renamed[entity_id]
        return entity_id

    def _find(self, mention: str, words: list[str], anaphoric: bool) -> tuple[_Source, float]:
        """A registry entity, else an earlier source the mention refers back to, else an
        ``other:`` source; ``anaphoric`` mentions (المصدر ذاته) fall back on the latest source."""
        match = self.matcher.link(mention)
        if match is not None and match.alias_kind != "generic":
            return self._registry_source(match), match.score
        earlier = self._back_reference(words)
        if earlier is None and anaphoric and self._sources:
            earlier = next(self._recent())
        if earlier is not None:
            return earlier, SCORE_BACKREF
        if match is not None:
            return self._registry_source(match), match.score
        return self._other_source(mention)

    def _registry_source(self, match: Match) -> _Source:
        if match.entity.id in self._registry:
            return self._registry[match.entity.id]
        entity = match.entity
        named = entity.kind in PERSON_KINDS
        return self._add(_Source(entity.id, entity.name, named, True, self.names.name_keys(entity.name_ar or entity.name)))

    def _back_reference(self, words: list[str]) -> _Source | None:
        """The latest source whose head noun a definite mention repeats, with no word the source
        lacks (المسؤول الأمريكي -> مسؤول دفاعي أميركي; المبعوثة الأممية -> مبعوثة الأمم المتحدة …)."""
        names = self.names
        first = _norm(names.strip_clitic(words[0]))
        if not first.startswith("ال"):
            return None
        head = names.key(first)
        rest = [names.key(w) for w in words[1:] if w not in names.vocab.function]
        for source in self._recent():
            if head in source.heads and all(_known(r, source.vocabulary) for r in rest):
                return source
        return None

    def _other_source(self, mention: str) -> tuple[_Source, float]:
        """An earlier source whose name this one is part of (or that is part of it: the source
        then takes this fuller name), or a new ``other:`` source."""
        names = self.names
        name, named = names.other_name(mention)
        keys = names.name_keys(name)
        score = SCORE_NEW_NAMED if named else SCORE_NEW_UNNAMED
        for source in self._recent():
            words = source.words
            if could_be_part(keys, words) and names.part_of(keys, words, source.named):
                return source, SCORE_PART
            if named and source.named and not source.from_registry and could_be_part(words, keys) \
                    and names.part_of(words, keys, True):
                return self._rename(source, name, keys), score
        if keys in self._named:
            return self._named[keys], score
        return self._add(_Source(OTHER_PREFIX + name, name, named, False, keys)), score

    def _recent(self) -> Iterator[_Source]:
        """The sources most recently mentioned first, at most :data:`LOOKBACK` of them: a later
        mention refers back to a recent source, and a long text's cost stays linear."""
        return islice(reversed(self._sources.values()), LOOKBACK)

    def _rename(self, source: _Source, name: str, keys: tuple[str, ...]) -> _Source:
        new_id = OTHER_PREFIX + name
        if new_id != source.id:
            self._renamed[source.id] = new_id
        if self._named.get(source.words) is source:
            del self._named[source.words]
        source.id, source.name, source.words = new_id, name, keys
        self._named.setdefault(keys, source)
        return source

    def _add(self, source: _Source) -> _Source:
        self._sources[id(source)] = source
        if source.from_registry:
            self._registry[source.id] = source
        self._named.setdefault(source.words, source)
        source.vocabulary.update(source.words)
        return source

    def _note(self, source: _Source, score: float, key: tuple[str, ...], words: list[str]) -> None:
        """Remember the mention: its exact words, its head and titles, its vocabulary."""
        self._seen[key] = (source, score)
        self._sources.pop(id(source), None)
        self._sources[id(source)] = source  # most recently mentioned last
        titles = self.names.vocab.titles
        source.heads.add(key[0])
        source.heads.update(k for w in words for k in self.names.keys(w) if k in titles)
        source.vocabulary.update(key)

