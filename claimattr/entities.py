"""Entities: the registry of known sources, and the linking of speaker mentions to stable ids.

A source the registry knows gets its registry id (``hadi-al-amiri``) in every article. A source it
does not know gets an ``other:`` id made from its mention, following ``ANNOTATION.md``: the fullest
name the article gives a named source (``other:مقتدى الصدر``), or the head words of an unnamed one
(``other:مسؤول دفاعي أميركي``). :class:`ArticleLinker` keeps one id per source within an article.

The registry ships as data (``claimattr/data/entities.jsonl``): the ids of the annotation table and
the people and bodies the users study, whose ids keep the corpora's ``other:<Arabic name>`` form so
that output agrees with gold while still linking across articles. Users extend it with their own
JSONL file (:meth:`EntityRegistry.extend`) or through :meth:`EntityRegistry.add`.

Matching runs on normalised words (``claimattr.text.normalize``: hamza/alef variants, ى/ي, ة/ه,
diacritics and tatweel) compared without ال, with the clitics و ف ب ل ك peeled off, nisba
adjectives folded (الأميركية = الأمريكي) and hashtags split (#قيس_الخزعلي). Aliases sit in a word
trie, so a mention costs a few dict lookups per word, whatever the size of the registry.

This module imports only the standard library; ``claimattr.text`` (and camel-tools) load on the
first match.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from claimattr.errors import ClaimattrError, FormatError, InputError

KINDS = ("person", "organisation", "group", "state", "office")
#: Kinds that speak as one person; their names may sit anywhere in a mention (after a title).
PERSON_KINDS = frozenset({"person", "office"})
OTHER_PREFIX = "other:"
_FIELDS = ("id", "name", "name_ar", "kind", "aliases", "family", "description")
_CACHE_SIZE = 50_000

# Score of a registry match by the kind of alias that matched (x0.95 when it is inside a longer
# mention), and of the ArticleLinker's other ways of finding an id.
_ALIAS_SCORES = {"name": 1.0, "role": 0.9, "family": 0.85, "generic": 0.8}
_SCORE_BACKREF = 0.75
_SCORE_PART = 0.8
_SCORE_NEW_NAMED = 0.6
_SCORE_NEW_UNNAMED = 0.5

# --- word lists (written plainly; normalised on first use) ------------------------------------
_TITLES = """رئيس رئيسة زعيم زعيمة عضو عضوة وزير وزيرة نائب نائبة مستشار مستشارة أمين مدير مديرة
قائد قائدة متحدث متحدثة ناطق ناطقة مبعوث مبعوثة سفير سفيرة قيادي قيادية كاتب كاتبة صحفي صحفية
إعلامي إعلامية باحث باحثة خبير خبيرة محلل محللة ناشط ناشطة شيخ سيد سيدة حاج حاجة دكتور دكتورة د
عقيد لواء عميد فريق كولونيل جنرال أدميرال مقدم رائد نقيب قاضي قاض محامي محامية شاعر شاعرة أكاديمي
أستاذ أستاذة مراسل مراسلة معاون آمر سكرتير مساعد مسؤول مسؤولة مرشد مرجع إمام محافظ مندوب
ممثل مفوض منسق سماحة فضيلة معالي سعادة سيادة""".split()
_ORGS = """تحالف ائتلاف حركة حزب تيار كتلة مجلس لجنة جامعة مركز وزارة هيئة منظمة جبهة إقليم محافظة
مديرية دائرة شركة وكالة مكتب قسم جهاز قيادة مؤسسة مفوضية نقابة اتحاد رابطة جمعية برنامج قناة صحيفة
مجلة موقع شبكة مرصد معهد حراك فصيل كتائب سرايا فرقة قوات جيش بعثة مبادرة مشروع قانون محكمة مصرف
بنك سفارة قنصلية برلمان جمهورية رئاسة أمانة ولاية مدينة ناحية قضاء تنظيم جماعة مجموعة عصائب فيلق
خلية حلف عملية قوة دولة مقر""".split()
#: Heads of anonymous sources: a mention headed by one of these (indefinite) is never a registry id.
_ANONYMOUS = """مسؤول مسؤولة مسؤولون مسؤولين مسؤولان مسؤولو مصدر مصادر مصدران قيادي قياديون قيادات
ضابط ضباط دبلوماسي دبلوماسيون مراقب مراقبون محلل محللون خبير خبراء مطلعون مقرب مقربون شخص أشخاص
شخصية شخصيات أحد بعض عدد أوساط جهات جهة قادة أعضاء نواب مندوب""".split()
#: Words that introduce what a source wrote or said: "بيان كتائب حزب الله" is the group.
_DOCUMENTS = """بيان بيانات تقرير تصريح تصريحات وثيقة رسالة تغريدة منشور مقال خطاب كلمة تحليل تقديرات
تقدير معلومات دراسة""".split()
_ISSUED = "صادر صادرة".split()
_FUNCTION = "في من عن إلى مع بين لدى حول ضد منذ بعد قبل عند دون له لها لهم نحو باسم بشأن".split()
#: Words inside a title that are never part of a personal name.
_DEMONSTRATIVES = "هذا هذه ذلك تلك هؤلاء".split()
_QUANTIFIERS = "العديد الكثير".split()
_STOP = """عام أول سابق أسبق رسمي ولايته ولايتها نفسه نفسها ذاته ذاتها آخر أخرى بارز كبير رفيع مطلع
الابن""".split()
#: Where the description of a source ends and a relative clause or aside begins.
_TAILS = """الذي التي الذين اللذين اللتين اللذان اللتان اللواتي اللاتي وهو وهي التابع التابعة التابعين
المقرب المقربة بزعامة بقيادة برئاسة وغيره وغيرها شريطة مفضلا رافضا طالبا طلب فضل رفض تحدث""".split()
_INFORMED = "مطلع مطلعة مطلعون مطلعين".split()
#: A personal name after one of these (and a title) belongs to someone else: "مكتب رئيس الوزراء X".
_DEPENDENCY = "إدارة حكومة مكتب نجل شقيق زوجة عائلة".split()
#: Anaphoric words ("المصدر ذاته") dropped before looking back for the source.
_ANAPHORIC = "ذاته ذاتها نفسه نفسها نفسهم ذاتهم أنفسهم المذكور المذكورة".split()
#: Foreign nationality adjectives: "وزارة الداخلية السعودية" is not the alias "وزارة الداخلية".
_NATIONALITIES = """سعودي إيراني أمريكي تركي سوري لبناني أردني كويتي قطري إماراتي مصري بريطاني فرنسي
روسي صيني إسرائيلي يمني خليجي أوكراني ألماني بحريني عماني""".split()
#: Words that begin with و or ل as part of the word, not as a clitic.
_W_WORDS = """وزير وزيرة وزارة وكالة وكيل وسائل وفد واشنطن ولي وحدة وحدات ولاية والي وليد وائل وسام وسن
وليام ويليام واين وارن وجهاء وطني وطنية وثيقة وهاب وضاح""".split()
_L_WORDS = """لجنة لجان لواء لبنان لبناني لندن ليبيا لقاء لويد لورانس لوران لؤي ليث لطيف لطيفة لينا ليلى
لين لاريجاني لافروف لحود لطفي لمياء لقمان ليندسي لويس""".split()
_COMPOUND_FIRST = "عبد أبو أبي ابن بن أم".split()
_COMPOUND_SECOND = "الدين الله".split()
_SYNONYMS = {"ناطق": "متحدث", "ناطقه": "متحدثه"}

_PUNCT = str.maketrans({c: " " for c in "\"'«»“”„‟‘’‚`()[]{}<>#_.,،؛;:!?؟…*/\\|-–—‹›\n\t"})
_DROP = str.maketrans({c: None for c in "\u0640\u064b\u064c\u064d\u200b\u200c\u200d\u200e\u200f\ufeff"
                       "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"})
_PAREN_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_ACCUSATIVE_RE = re.compile(r"(\w\w)(?:اً|ًا)(?=\s|$|[،,])")
#: Arabic diacritics, dropped to see how a word is written (ألفين has no article, الفين has).
_MARKS = str.maketrans({chr(c): None for c in [*range(0x064B, 0x0660), 0x0670, 0x0640]})
_OPENERS, _CLOSERS, _TOGGLES = "«“„‹", "»”›", "\"'"
_COMMAS = "،,؛;"
_CLITICS = ("ل", "ب", "و", "ك", "ف", "ول", "وب", "فل")
_SPACES = " \t\r\n\u00a0:.!?؟…*#|/\\-–—"


@functools.cache
def _normalizer() -> Callable[[str], str]:
    """``claimattr.text.normalize``, imported on first use (it pulls in camel-tools)."""
    from claimattr.text import normalize

    return normalize


def _norm(text: str) -> str:
    return _normalizer()(text).lower()


def _key(word: str) -> str:
    """The form two words are compared in: normalised word without ال, one spelling of أمريكي,
    nisba adjectives folded to the masculine singular (الأميركية, أمريكيون -> امريكي)."""
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    word = _SYNONYMS.get(word, word).replace("اميرك", "امريك")
    if len(word) >= 5:
        if word.endswith("يه"):
            return word[:-1]
        if word.endswith(("يون", "يين")):
            return word[:-2]
    return word


def _forms(word: str) -> tuple[str, ...]:
    """A normalised word and the words left when a leading conjunction (و ف) and/or preposition
    (ل ب ك) is peeled off: وللمتحدث -> للمتحدث, المتحدث; بالتحالف -> التحالف."""
    out = [word]
    if len(word) > 3 and word[0] in "وف":
        word = word[1:]
        out.append(word)
    if len(word) > 3 and word[0] in "لبك":
        out.append("ا" + word[1:] if word.startswith("لل") else word[1:])
    return tuple(out)


@functools.lru_cache(maxsize=200_000)
def _keys(word: str) -> tuple[str, ...]:
    """The comparison keys of every form of a word (see :func:`_forms`); cached, since news
    repeats the same words."""
    return tuple(dict.fromkeys(_key(f) for f in _forms(word)))


@dataclass(frozen=True)
class _Vocab:
    """The word lists as comparison keys (built once, on first use)."""

    titles: frozenset[str]
    orgs: frozenset[str]
    anonymous: frozenset[str]
    documents: frozenset[str]
    issued: frozenset[str]
    function: frozenset[str]
    stop: frozenset[str]
    tails: frozenset[str]
    informed: frozenset[str]
    dependency: frozenset[str]
    anaphoric: frozenset[str]
    nationalities: frozenset[str]
    w_words: frozenset[str]
    l_words: frozenset[str]
    compound_first: frozenset[str]
    compound_second: frozenset[str]
    demonstratives: frozenset[str]
    quantifiers: frozenset[str]


@functools.cache
def _vocab() -> _Vocab:
    def keys(words: list[str]) -> frozenset[str]:
        return frozenset(_key(_norm(w)) for w in words)

    def plain(words: list[str]) -> frozenset[str]:
        return frozenset(_norm(w) for w in words)

    return _Vocab(
        titles=keys(_TITLES), orgs=keys(_ORGS), anonymous=keys(_ANONYMOUS), documents=keys(_DOCUMENTS),
        issued=keys(_ISSUED), function=plain(_FUNCTION), stop=keys(_STOP), tails=plain(_TAILS),
        informed=keys(_INFORMED), dependency=keys(_DEPENDENCY), anaphoric=plain(_ANAPHORIC),
        nationalities=keys(_NATIONALITIES), w_words=plain(_W_WORDS), l_words=plain(_L_WORDS),
        compound_first=plain(_COMPOUND_FIRST), compound_second=plain(_COMPOUND_SECOND),
        demonstratives=plain(_DEMONSTRATIVES), quantifiers=plain(_QUANTIFIERS),
    )


def _words(text: str) -> list[str]:
    """Normalised words of a mention or alias: punctuation, quotes, brackets and hashtag marks
    become spaces (#الحكومة_العراقية -> الحكومة العراقية), and compound names are written as one
    word whether the text spaces them or not (نصر الله = نصرالله, عبد الكريم = عبدالكريم); a clitic
    cut off by tatweel or a quote (لـ"كتائب …") is joined to its word."""
    return _join_compounds(_norm(text).translate(_PUNCT).split())


def _join_compounds(words: list[str]) -> list[str]:
    vocab = _vocab()
    out: list[str] = []
    for word in words:
        if out and (out[-1] in vocab.compound_first or out[-1] in _CLITICS or word in vocab.compound_second):
            out[-1] += word
        else:
            out.append(word)
    return out


# --- the data model ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Entity:
    """A known source.

    ``aliases`` are Arabic names that denote exactly this entity: full names, kunyas, and titles or
    roles that name one holder ("المتحدث باسم التحالف"); ``family`` are family names usable alone
    ("العامري"), matched only alone or after a title, since "مازن الزيدي" is not "علي الزيدي".
    ``name_ar`` counts as an alias too.
    """

    id: str
    name: str
    kind: str
    name_ar: str = ""
    aliases: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        if not self.id or self.id != self.id.strip():
            raise FormatError(f"entity id {self.id!r} is empty or padded with spaces; give a slug such "
                              "as 'hadi-al-amiri' or 'other:<Arabic name>'")
        if self.kind not in KINDS:
            raise FormatError(f"entity {self.id!r} has kind {self.kind!r}; use one of {', '.join(KINDS)}")

    @property
    def forms(self) -> tuple[str, ...]:
        """Every Arabic form that names the entity: ``name_ar`` and the aliases."""
        return tuple(dict.fromkeys(f for f in (self.name_ar, *self.aliases) if f))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of this entity (the format of ``entities.jsonl``)."""
        out: dict[str, Any] = {"id": self.id, "name": self.name, "name_ar": self.name_ar,
                               "kind": self.kind, "aliases": list(self.aliases)}
        if self.family:
            out["family"] = list(self.family)
        if self.description:
            out["description"] = self.description
        return out

    def merged(self, fields: Mapping[str, Any]) -> Entity:
        """This entity with ``fields`` applied: given text fields replace, aliases and family
        names are added to the ones it has."""
        return replace(
            self,
            **{k: fields[k] for k in ("name", "name_ar", "kind", "description") if fields.get(k)},
            aliases=tuple(dict.fromkeys((*self.aliases, *fields.get("aliases", ())))),
            family=tuple(dict.fromkeys((*self.family, *fields.get("family", ())))),
        )


@dataclass(frozen=True)
class Match:
    """A registry match: the entity, a score in [0, 1], the alias that matched and its kind
    (``name``, ``role``, ``family`` or ``generic``: a one-word alias such as التحالف)."""

    entity: Entity
    score: float
    alias: str
    alias_kind: str = "name"


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise FormatError(f"{where}: '{key}' must be a list of non-empty strings, "
                          f"e.g. \"{key}\": [\"هادي العامري\"]")
    return tuple(v.strip() for v in value)


def _parse_entry(data: Any, where: str) -> dict[str, Any]:
    """Check one registry entry and return its fields (aliases and family as tuples)."""
    if not isinstance(data, dict):
        raise FormatError(f"{where}: expected a JSON object such as "
                          '{"id": "hadi-al-amiri", "name": "Hadi al-Amiri", "kind": "person", '
                          f'"aliases": ["هادي العامري"]}}, got {type(data).__name__}')
    unknown = sorted(set(data) - set(_FIELDS) - {"replace"})
    if unknown:
        raise FormatError(f"{where}: unknown field(s) {', '.join(unknown)}; the fields are "
                          f"{', '.join(_FIELDS)} and 'replace'")
    if not isinstance(data.get("id"), str) or not data["id"].strip():
        raise FormatError(f"{where}: every entry needs an 'id' string (a slug, or 'other:<Arabic name>')")
    out: dict[str, Any] = {"id": data["id"].strip(), "replace": bool(data.get("replace", False))}
    for key in ("name", "name_ar", "kind", "description"):
        if key in data:
            if not isinstance(data[key], str):
                raise FormatError(f"{where}: '{key}' must be a string")
            out[key] = data[key].strip()
    if "kind" in out and out["kind"] not in KINDS:
        raise FormatError(f"{where}: kind {out['kind']!r} is not one of {', '.join(KINDS)}")
    for key in ("aliases", "family"):
        if key in data:
            out[key] = _strings(data[key], where, key)
    return out


def _new_entity(fields: Mapping[str, Any], where: str) -> Entity:
    """An entity from a complete entry; a new id needs its kind."""
    if "kind" not in fields:
        raise FormatError(f"{where}: {fields['id']!r} is a new id, so it needs a 'kind' "
                          f"({', '.join(KINDS)}); to add aliases to a shipped entity, use its exact id")
    aliases = fields.get("aliases", ())
    name = fields.get("name") or fields.get("name_ar") or (aliases[0] if aliases else fields["id"])
    return Entity(id=fields["id"], name=name, kind=fields["kind"], name_ar=fields.get("name_ar", ""),
                  aliases=aliases, family=fields.get("family", ()),
                  description=fields.get("description", ""))


def _read_entries(path: Path) -> Iterator[tuple[Any, str]]:
    """The raw entries of a JSONL file (one object a line) or a JSON list, each with where it is."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ClaimattrError(f"no entity file at {path}; give the path of a JSONL file with one "
                             "entity object a line (see claimattr/data/entities.jsonl)") from None
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FormatError(f"{path}, line {exc.lineno}: not valid JSON ({exc.msg})") from exc
        for i, item in enumerate(items, 1):
            yield item, f"{path}, item {i}"
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield json.loads(line), f"{path}, line {n}"
        except json.JSONDecodeError as exc:
            raise FormatError(f"{path}, line {n}: not valid JSON ({exc.msg}); each line must be one "
                              "object such as {\"id\": \"...\", \"kind\": \"person\", \"aliases\": [...]}") from exc


# --- the alias index --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Alias:
    entity: str
    text: str
    size: int
    kind: str  # "name", "role" (starts with a title), "family", "generic" (one ال-word)
    personal: bool  # names a person: an alias of a person, or a kunya under a group (أبو علي العسكري)


_END = "\0"  # the trie key under which a node keeps the aliases that end there


def _alias_kind(words: list[str], family: bool) -> str:
    if family:
        return "family"
    if len(words) == 1 and words[0].startswith("ال"):
        return "generic"
    return "role" if _key(words[0]) in _vocab().titles else "name"


class _Index:
    """A trie of alias keys, word by word."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.root: dict[str, Any] = {}
        for entity in entities:
            for text in entity.forms:
                self._insert(entity, text, family=False)
            for text in entity.family:
                self._insert(entity, text, family=True)

    def _insert(self, entity: Entity, text: str, family: bool) -> None:
        words = _words(text)
        if not words:
            return
        node = self.root
        for word in words:
            node = node.setdefault(_key(word), {})
        refs = node.setdefault(_END, [])
        kunya = _norm(text).split()[0] in _vocab().compound_first
        personal = entity.kind in PERSON_KINDS or kunya
        alias = _Alias(entity.id, text, len(words), _alias_kind(words, family), personal)
        if not any(r.entity == entity.id and r.kind == alias.kind for r in refs):
            refs.append(alias)

    def lookup(self, keys: Sequence[tuple[str, ...]]) -> Iterator[tuple[int, int, list[_Alias]]]:
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


# --- mentions, seen word by word --------------------------------------------------------------
@dataclass(frozen=True)
class _Mention:
    """A mention's normalised words, their keys, and where its head word is."""

    words: tuple[str, ...]
    keys: tuple[tuple[str, ...], ...]
    head: int

    @classmethod
    def of(cls, text: str) -> _Mention:
        words = tuple(_words(text))
        keys = tuple(_keys(w) for w in words)
        return cls(words, keys, _head_index(keys))

    def has(self, i: int, vocab: frozenset[str]) -> bool:
        return 0 <= i < len(self.words) and any(k in vocab for k in self.keys[i])

    def definite(self, i: int) -> bool:
        return 0 <= i < len(self.words) and any(f.startswith("ال") for f in _forms(self.words[i]))

    @property
    def anonymous(self) -> bool:
        """Headed by an indefinite anonymous noun: مسؤول أميركي، مصادر مطلعة، مسؤول في التحالف."""
        return self.has(self.head, _vocab().anonymous) and not self.definite(self.head)


def _head_index(keys: Sequence[tuple[str, ...]]) -> int:
    """Index of the head word: past a leading document word and "صادر عن" (بيان صادر عن X)."""
    vocab = _vocab()
    if len(keys) < 2 or not any(k in vocab.documents for k in keys[0]):
        return 0
    for i in range(1, min(len(keys) - 2, 5)):
        if any(k in vocab.issued for k in keys[i]) and keys[i + 1][0] in ("عن", "من"):
            return i + 2
    return 1


def _is_conjunct(word: str) -> bool:
    """True for a word that joins a second source with و (وبغداد، والسعودية), not a و-word
    (وزير، واين) nor a second title of the same person (وزعيم)."""
    vocab = _vocab()
    if not word.startswith("و") or len(word) < 4 or word in vocab.w_words:
        return False
    rest = word[1:]
    if rest in ("هو", "هي") or rest in vocab.tails:
        return False
    return not any(k in vocab.titles for k in _keys(rest))


def _dependent(norms: Sequence[str], keys: Sequence[tuple[str, ...]], start: int) -> bool:
    """A name after an aside (بزعامة X) or after a dependency word and a title (مكتب رئيس الوزراء
    X, إدارة الرئيس X) belongs to someone the source depends on, not to the source."""
    vocab = _vocab()

    def has(i: int, words: frozenset[str]) -> bool:
        return any(k in words for k in keys[i])

    for i in range(start):
        if norms[i] in vocab.tails:
            return True
        if has(i, vocab.dependency) and any(has(j, vocab.titles) for j in range(i + 1, start)):
            return True
    return False


def _acceptable(m: _Mention, start: int, end: int, alias: _Alias) -> bool:
    """Whether an alias found at ``start:end`` can name the mention's source (see
    :meth:`EntityRegistry.link`)."""
    vocab = _vocab()
    if alias.kind == "generic":
        return start == m.head and end == len(m.words)
    if alias.kind == "role":
        return start == m.head
    if alias.kind == "family":
        after_title = m.has(m.head, vocab.titles) and (m.definite(start - 1) or m.has(start - 1, vocab.titles))
        return (start == m.head or after_title) and not _dependent(m.words, m.keys, start)
    if alias.personal:
        return not _dependent(m.words, m.keys, start)
    return start == m.head and not m.has(end, vocab.nationalities)


def _rank(alias: _Alias, start: int) -> tuple[bool, int, int, int]:
    """Persons before the organisation in their title, then full names, then longer aliases."""
    order = ("generic", "family", "role", "name").index(alias.kind)
    return (alias.personal, order, alias.size, -start)


# --- the other: id of a source the registry does not know ---------------------------------------
@dataclass(frozen=True)
class _Word:
    """One word of a mention as written (cleaned) and its normalised forms."""

    text: str
    norm: str
    keys: tuple[str, ...]
    quoted: bool
    definite: bool  # carries the article ال (as written: أل of ألفين is not the article)

    @classmethod
    def of(cls, text: str, quoted: bool) -> _Word:
        norm = _norm(text)
        bare = text.translate(_MARKS)
        definite = any(f.startswith("ال") for f in _forms(bare)) or bare.startswith("لل")
        return cls(text, norm, _keys(norm), quoted, definite)

    def has(self, vocab: frozenset[str]) -> bool:
        return any(k in vocab for k in self.keys)

    @property
    def adjective(self) -> bool:
        """An indefinite nisba adjective (إعلامية، سياسي): after a noun it is not a title."""
        return not self.definite and self.norm.endswith(("ي", "يه", "يون", "يين", "يان"))


def _clean(text: str) -> str:
    """Drop parentheticals, hashtag marks, tatweel, tanwin and invisible marks; turn the
    accusative ending (مصدراً سياسياً) into the citation form."""
    text = _PAREN_RE.sub(" ", text).replace("#", " ").replace("_", " ")
    text = _ACCUSATIVE_RE.sub(r"\1", text)
    return text.translate(_DROP)


def _tokens(text: str) -> list[list[tuple[str, bool]]]:
    """Words with a flag for being inside quotation marks, in comma-separated segments; a
    clitic cut off by tatweel or a quote (لـ«سوق …») is joined to the next word."""
    segments: list[list[tuple[str, bool]]] = [[]]
    word, quoted, clitic = "", False, ""

    def flush() -> None:
        nonlocal word, clitic
        if word in _CLITICS:
            clitic, word = word, ""
        elif word:
            segments[-1].append((clitic + word, quoted))
            word, clitic = "", ""

    for ch in text:
        if ch in _OPENERS or ch in _CLOSERS or ch in _TOGGLES:
            flush()
            quoted = ch in _OPENERS or (ch in _TOGGLES and not quoted)
        elif ch in _COMMAS:
            flush()
            segments.append([])
        elif ch in _SPACES or ch.isspace():
            flush()
        else:
            word += ch
    flush()
    return [s for s in segments if s]


def _strip_clitic(word: str) -> str:
    """A word (as written or normalised) without an attached و or ل (وللمسؤول -> المسؤول,
    لمحمد -> محمد), keeping words that merely begin with those letters (وزير، لجنة، لويد)."""
    vocab = _vocab()
    norm = _norm(word)
    if norm.startswith("و") and len(norm) > 3 and norm not in vocab.w_words:
        rest = norm[1:]
        if rest.startswith(("ال", "ل", "ب")) or any(k in vocab.titles | vocab.orgs for k in _keys(rest)):
            word, norm = word[1:], rest
    if norm.startswith("لل") and len(norm) > 3:
        return "ال" + word[2:]
    if norm.startswith("ل") and len(norm) > 3 and norm not in vocab.l_words:
        return word[1:]
    if norm.startswith(("بال", "كال")) and len(norm) > 4:
        return word[1:]
    return word


def _segments(text: str) -> list[list[_Word]]:
    """The words of a mention, in comma-separated segments, the first word without its clitic
    and without a leading number, demonstrative, quantifier or document word."""
    segments = [[_Word.of(raw, quoted) for raw, quoted in s] for s in _tokens(_clean(text))]
    if segments:
        first = segments[0]
        first[0] = _Word.of(_strip_clitic(first[0].text), first[0].quoted)
        first = _drop_document(_drop_leading(first)) or first
        first[0] = _Word.of(_strip_clitic(first[0].text), first[0].quoted)
        segments[0] = first
    return segments


def _drop_leading(words: list[_Word]) -> list[_Word]:
    """"4 مصادر" -> "مصادر", "هذا التقرير" -> "التقرير", "العديد من رواد …" -> "رواد …"."""
    vocab = _vocab()
    while len(words) > 1 and (words[0].norm.isdigit() or words[0].norm in vocab.demonstratives):
        words = words[1:]
    if len(words) > 2 and words[0].norm in vocab.quantifiers and words[1].norm == "من":
        words = words[2:]
    return words


def _drop_document(words: list[_Word]) -> list[_Word]:
    """"تقرير وكالة رويترز" -> "وكالة رويترز"; "بيان صادر عن الإعلام القضائي" -> "الإعلام القضائي";
    but "تقرير بريطاني" and "البيان الختامي" stay: the document is all the source there is."""
    head = _head_index([w.keys for w in words])
    if head == 1 and (words[0].definite or words[1].adjective or words[1].norm in _vocab().function):
        return words
    return words[head:]


def _cut_tail(words: list[_Word]) -> list[_Word]:
    """Drop relative clauses and asides: الذي/التي …, التابعة ل …, بقيادة …, مطلع على …"""
    vocab = _vocab()
    for i, w in enumerate(words):
        informed = i > 1 and w.norm in ("علي", "بشان") and words[i - 1].has(vocab.informed)
        if i and (w.norm in vocab.tails or informed):
            return words[:i]
    return words


def _namelike(words: list[_Word], i: int, excluded: set[int]) -> bool:
    """Whether word ``i`` can be part of a personal name."""
    vocab = _vocab()
    w = words[i]
    if i in excluded or w.definite or w.norm in vocab.function or w.norm.isdigit():
        return False
    if w.has(vocab.titles) or w.has(vocab.orgs) or w.has(vocab.stop) or w.has(vocab.documents):
        return False
    if w.text[:2] in ("بأ", "بإ", "لأ", "لإ"):
        return False
    nxt = words[i + 1] if i + 1 < len(words) else None
    pp = w.norm[:1] != "" and w.norm[0] in "لب" and nxt is not None and nxt.definite and nxt.norm not in vocab.compound_second
    return not pp


def _org_names(words: list[_Word]) -> set[int]:
    """Indices of the words that name an organisation after its type word (تحالف نبني, حركة
    "امتداد"): they are not a person's name."""
    vocab = _vocab()
    out: set[int] = set()
    for i, w in enumerate(words[:-1]):
        if not w.has(vocab.orgs):
            continue
        j = i + 1
        if words[j].quoted:
            while j < len(words) and words[j].quoted:
                out.add(j)
                j += 1
        else:
            out.add(j)
    return out


def _runs(words: list[_Word]) -> list[tuple[int, int]]:
    """Stretches that look like a personal name: words without ال (not titles, not function
    words), then at most one ال-word as the family name; عبد الله, بهاء الدين, أبو علي join."""
    vocab = _vocab()
    excluded = _org_names(words)
    runs, i = [], 0
    while i < len(words):
        if not _namelike(words, i, excluded) or (i and _is_conjunct(words[i].norm)):
            i += 1  # a name does not start with a joining و (الولايات المتحدة وإسرائيل)
            continue
        j = i
        while j < len(words):
            if _namelike(words, j, excluded):
                j += 1
            elif words[j].norm in vocab.compound_second or (
                    words[j].definite and words[j - 1].norm in vocab.compound_first):
                j += 1
            else:
                if words[j].definite and not words[j].has(vocab.titles) and not words[j].has(vocab.stop):
                    j += 1
                break
        runs.append((i, j))
        i = j
    return runs


def _closes(words: list[_Word], end: int) -> bool:
    """A name run must end the segment or be followed by a title (حاكم الزاملي النائب الأول …),
    not by an adjective that looks like one (تقارير إعلامية)."""
    if end == len(words):
        return True
    nxt = words[end]
    return nxt.has(_vocab().titles) and not nxt.adjective


def _name_in_title(words: list[_Word]) -> tuple[int, int] | None:
    """The personal name after a title: رئيس تحالف نبني [هادي العامري]."""
    vocab = _vocab()
    for start, end in _runs(words):
        if start == 0:
            continue
        prev = words[start - 1]
        if prev.norm in vocab.function:
            start += 1  # the object of a preposition (المقيم في واشنطن) comes first
        elif not prev.definite and prev.has(vocab.titles) and words[start].adjective:
            start += 1  # مستشار إعلامي …: an adjective of the title, not a name
        if start < end and _closes(words, end):
            return start, end
    return None


def _depends(words: list[_Word], start: int) -> bool:
    return _dependent([w.norm for w in words], [w.keys for w in words], start)


def _extract(words: list[_Word]) -> tuple[list[_Word], bool]:
    """The words of the id in one segment, and whether they are a personal name."""
    vocab = _vocab()
    words = _cut_tail(words)
    if not words:
        return words, False
    if words[0].has(vocab.orgs) or words[0].definite or words[0].has(vocab.titles):
        span = _name_in_title(words)
        if span is not None and _depends(words, span[0]):
            return words[:span[0]], False  # مكتب رئيس الوزراء [X]: the office, not X
        if span is None or words[0].has(vocab.orgs):
            return words, False
        return words[span[0]:span[1]], True
    runs = _runs(words)
    if runs and runs[0][0] == 0 and _closes(words, runs[0][1]):
        return words[:runs[0][1]], True
    return words, False


def _anonymous_words(segments: list[list[_Word]]) -> list[_Word]:
    """An unnamed source keeps its head words across commas (مصدر آخر، في جهاز …) and drops
    anything from a personal name on (مسؤول في إدارة الرئيس [جون سميث] keeps مسؤول في إدارة الرئيس)."""
    vocab = _vocab()
    words = _cut_tail([w for s in segments for w in s])
    for start, _ in _runs(words):
        if start and words[start - 1].definite and words[start - 1].norm not in vocab.function:
            return words[:start]
    return words


def _single_name(word: _Word) -> bool:
    """A mention of one word that is a name or family name (بغداد، الزاملي), not a noun."""
    vocab = _vocab()
    return not any(word.has(v) for v in (vocab.anonymous, vocab.titles, vocab.orgs, vocab.documents))


def _later_name(segments: list[list[_Word]]) -> list[_Word] | None:
    """A personal name in a later comma segment (وزير الدفاع الأميركي، لويد أوستن), unless the
    first one ends on someone the source depends on (المكتب الإعلامي لرئيس الحكومة، علي الزيدي)."""
    if _depends(segments[0], len(segments[0])):
        return None
    for segment in segments[1:]:
        words, named = _extract(segment)
        if named:
            return words
    return None


def _other_name(mention: str) -> tuple[str, bool]:
    """The name an ``other:`` id is made of, and whether it is a personal name."""
    segments = _segments(mention)
    if not segments:
        return mention.strip(), False
    head = segments[0][0]
    if head.has(_vocab().anonymous) and not head.definite:
        later = _later_name(segments)
        words, named = (later, True) if later else (_anonymous_words(segments), False)
    else:
        words, named = _extract(segments[0])
        if not named:
            later = _later_name(segments)
            words, named = (later, True) if later else (words, named)
    if not words:
        return mention.strip(), False
    if len(segments) == 1 and len(segments[0]) == 1:
        named = _single_name(words[0])
    return " ".join(w.text for w in words), named


# --- the registry -----------------------------------------------------------------------------
@functools.cache
def _shipped() -> tuple[Entity, ...]:
    source = resources.files("claimattr") / "data" / "entities.jsonl"
    with resources.as_file(source) as path:
        registry = EntityRegistry()
        registry.extend(path)
    return tuple(registry)


class EntityRegistry:
    """Known sources by id, and the matcher that links a mention to one of them.

    >>> registry = EntityRegistry.default()
    >>> registry.link("رئيس تحالف نبني هادي العامري").entity.id
    'hadi-al-amiri'
    >>> registry.other_id("مسؤولٌ دفاعي أميركي")
    ('other:مسؤول دفاعي أميركي', 'مسؤول دفاعي أميركي')
    """

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self._entities: dict[str, Entity] = {}
        self._index_cache: _Index | None = None
        self._cache: dict[str, Match | None] = {}
        for entity in entities:
            self.add(entity)

    # construction
    @classmethod
    def default(cls) -> EntityRegistry:
        """The shipped registry (read once per process; each call returns an independent copy,
        so extending it changes no one else's)."""
        return cls(_shipped())

    @classmethod
    def from_file(cls, path: str | Path) -> EntityRegistry:
        """A registry of exactly the entities in a JSONL file (or JSON list)."""
        registry = cls()
        registry.extend(path)
        return registry

    def extend(self, path: str | Path) -> EntityRegistry:
        """Add the entries of a user's JSONL file (one object a line) or JSON list.

        An entry with a new id adds an entity (it needs ``kind``); an entry with an existing id
        adds its aliases and family names to that entity and replaces the fields it gives, or
        replaces the whole entity when it has ``"replace": true``. Returns ``self``.
        """
        for data, where in _read_entries(Path(path)):
            self._apply(_parse_entry(data, where), where)
        return self

    def add(self, entity: Entity, replace: bool = False) -> None:
        """Add an entity; for an id already present, merge its aliases into the existing entity
        (and take its non-empty fields), or replace it outright with ``replace=True``."""
        fields = {**entity.to_dict(), "aliases": entity.aliases, "family": entity.family, "replace": replace}
        self._apply(fields, f"entity {entity.id!r}")

    def _apply(self, fields: dict[str, Any], where: str) -> None:
        current = self._entities.get(fields["id"])
        if current is None or fields.get("replace"):
            self._entities[fields["id"]] = _new_entity(fields, where)
        else:
            self._entities[fields["id"]] = current.merged(fields)
        self._index_cache = None
        self._cache.clear()

    def to_jsonl(self, path: str | Path) -> None:
        """Write the registry as JSONL (readable by :meth:`from_file`)."""
        with open(path, "w", encoding="utf-8") as f:
            for entity in self:
                f.write(json.dumps(entity.to_dict(), ensure_ascii=False) + "\n")

    # access
    def get(self, entity_id: str, default: Entity | None = None) -> Entity | None:
        """The entity with this id, or ``default``."""
        return self._entities.get(entity_id, default)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities.values())

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def __repr__(self) -> str:
        return f"EntityRegistry({len(self)} entities)"

    # matching
    def _index(self) -> _Index:
        if self._index_cache is None:
            self._index_cache = _Index(self._entities.values())
        return self._index_cache

    def link(self, mention: str) -> Match | None:
        """The registry entity a source mention names, or ``None``.

        The mention may carry titles and roles (الرئيس، المتحدث باسم X، الكولونيل), clitics
        (وللمتحدث، لواشنطن), quotes and hashtags. A person's name counts anywhere in it; an
        organisation only as its head ("مسؤول في التحالف الدولي" is an anonymous official, not the
        coalition); a family name or a one-word alias (التحالف) only alone or after a title.
        Anonymous mentions (مسؤول أميركي، مصادر مطلعة) and joint ones (واشنطن وبغداد) give ``None``.
        """
        if mention in self._cache:
            return self._cache[mention]
        result = self._link(mention)
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[mention] = result
        return result

    def _link(self, mention: str) -> Match | None:
        m = _Mention.of(mention)
        if not m.words or m.anonymous:
            return None
        best: tuple[tuple[int, int, int, int], int, int, _Alias] | None = None
        for start, end, aliases in self._index().lookup(m.keys):
            if len({a.entity for a in aliases}) != 1:
                continue  # the same alias names two entities (بارزاني): not decisive
            for alias in aliases:
                if _acceptable(m, start, end, alias):
                    rank = _rank(alias, start)
                    if best is None or rank > best[0]:
                        best = (rank, start, end, alias)
        if best is None:
            return None
        _, start, end, alias = best
        if end < len(m.words) and _is_conjunct(m.words[end]):
            return None
        whole = start == m.head and end == len(m.words)
        score = _ALIAS_SCORES[alias.kind] * (1.0 if whole else 0.95)
        return Match(self._entities[alias.entity], round(score, 4), alias.text, alias.kind)

    def other_id(self, mention: str) -> tuple[str, str]:
        """The ``other:`` id and readable name of a source outside the registry.

        A named source gives its name without titles, roles or asides ("زعيم التيار الصدري مقتدى
        الصدر" -> "مقتدى الصدر", "عباس العنبوري، مستشار رئيس الوزراء" -> "عباس العنبوري"); an
        unnamed one its head words ("مصدراً أمنياً عراقياً" -> "مصدر أمني عراقي"). The article's
        spelling is kept, less tanwin, tatweel and attached و/ل.
        """
        name, _ = _other_name(mention)
        return OTHER_PREFIX + name, name


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


def _name_keys(text: str) -> tuple[str, ...]:
    return tuple(_key(w) for w in _words(text))


class ArticleLinker:
    """Gives the sources of one article their ids, one id per source.

    Create one per article and call :meth:`resolve` on each mention in text order. A later mention
    reuses an earlier source's id when it is its family name or a part of its name ("الصدر" after
    "مقتدى الصدر"), or a definite back-reference to the same head noun ("المسؤول الأمريكي" after
    "مسؤول دفاعي أميركي", "الحركة" after "حركة النجباء"). When a fuller name comes after a shorter
    one ("الزاملي", then "حاكم الزاملي") the source takes the fuller id; map ids given earlier
    through :meth:`canonical` once the article is done.
    """

    def __init__(self, registry: EntityRegistry | None = None) -> None:
        self.registry = registry if registry is not None else EntityRegistry.default()
        self._sources: list[_Source] = []
        self._seen: dict[tuple[str, ...], tuple[_Source, float]] = {}
        self._renamed: dict[str, str] = {}

    def resolve(self, mention: str) -> tuple[str, str, float]:
        """``(entity id, readable name, score)`` of the source a mention names; the score says how
        sure the id is (a registry alias, a back-reference, a new ``other:`` id)."""
        all_words = _words(mention)
        words = [w for w in all_words if w not in _vocab().anaphoric]
        if not words:
            raise InputError(f"the speaker mention {mention!r} has no words; pass the text of an "
                             "explicit mention, or resolve implied speakers from earlier claims")
        key = tuple(_key(_norm(_strip_clitic(w)) if i == 0 else w) for i, w in enumerate(words))
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
        match = self.registry.link(mention)
        if match is not None and match.alias_kind != "generic":
            return self._registry_source(match), match.score
        earlier = self._back_reference(words)
        if earlier is None and anaphoric and self._sources:
            earlier = self._sources[-1]
        if earlier is not None:
            return earlier, _SCORE_BACKREF
        if match is not None:
            return self._registry_source(match), match.score
        return self._other_source(mention)

    def _registry_source(self, match: Match) -> _Source:
        for source in self._sources:
            if source.id == match.entity.id:
                return source
        entity = match.entity
        named = entity.kind in PERSON_KINDS
        return self._add(_Source(entity.id, entity.name, named, True, _name_keys(entity.name_ar or entity.name)))

    def _back_reference(self, words: list[str]) -> _Source | None:
        """The latest source whose head noun a definite mention repeats, with no word the source
        lacks (المسؤول الأمريكي -> مسؤول دفاعي أميركي; المبعوثة الأممية -> مبعوثة الأمم المتحدة …)."""
        first = _norm(_strip_clitic(words[0]))
        if not first.startswith("ال"):
            return None
        head = _key(first)
        rest = [_key(w) for w in words[1:] if w not in _vocab().function]
        for source in reversed(self._sources):
            if head in source.heads and all(_known(r, source.vocabulary) for r in rest):
                return source
        return None

    def _other_source(self, mention: str) -> tuple[_Source, float]:
        """An earlier source whose name this one is part of (or that is part of it: the source
        then takes this fuller name), or a new ``other:`` source."""
        name, named = _other_name(mention)
        keys = _name_keys(name)
        score = _SCORE_NEW_NAMED if named else _SCORE_NEW_UNNAMED
        for source in reversed(self._sources):
            if _part_of(keys, source.words, source.named):
                return source, _SCORE_PART
            if named and source.named and not source.from_registry and _part_of(source.words, keys, True):
                return self._rename(source, name, keys), score
        for source in self._sources:
            if source.words == keys:
                return source, score
        return self._add(_Source(OTHER_PREFIX + name, name, named, False, keys)), score

    def _rename(self, source: _Source, name: str, keys: tuple[str, ...]) -> _Source:
        new_id = OTHER_PREFIX + name
        if new_id != source.id:
            self._renamed[source.id] = new_id
        source.id, source.name, source.words = new_id, name, keys
        return source

    def _add(self, source: _Source) -> _Source:
        self._sources.append(source)
        source.vocabulary.update(source.words)
        return source

    def _note(self, source: _Source, score: float, key: tuple[str, ...], words: list[str]) -> None:
        """Remember the mention: its exact words, its head and titles, its vocabulary."""
        self._seen[key] = (source, score)
        if source in self._sources:
            self._sources.remove(source)
        self._sources.append(source)  # most recently mentioned last
        titles = _vocab().titles
        source.heads.add(key[0])
        source.heads.update(k for w in words for k in _keys(w) if k in titles)
        source.vocabulary.update(key)


def _known(word: str, vocabulary: set[str]) -> bool:
    """A word of a back-reference that the source's mentions had, or the nisba of one (أممية of الأمم)."""
    return word in vocabulary or any(len(v) >= 3 and word.startswith(v) for v in vocabulary)


def _part_of(part: tuple[str, ...], whole: tuple[str, ...], named: bool) -> bool:
    """Whether ``part`` is a contiguous stretch of ``whole``: any two or more words, or, for a
    personal name, its first or last word (كفاح, الصدر) or its words run together (نصرالله)."""
    if not part or not whole or len(part) > len(whole) or part == whole:
        return False
    if len(part) == 1:
        if named:
            return part[0] in (whole[0], whole[-1]) or part[0] == "".join(whole[-2:])
        return part[0] == whole[-1] and not any(w in _vocab().function for w in whole)
    n = len(part)
    return any(whole[i:i + n] == part for i in range(len(whole) - n + 1))
