"""Entities: the registry of known sources, each with a stable id, a kind and its aliases.

A source the registry knows gets its registry id (``hadi-al-amiri``) in every article; a source
it does not know gets an ``other:`` id made from its mention, following ``ANNOTATION.md`` (see
:mod:`claimattr.names`). The registry ships as data (``claimattr/data/entities.jsonl``): the ids of
the annotation table and the people and bodies the users study, whose ids keep the corpora's
``other:<Arabic name>`` form so that output agrees with gold while still linking across articles.
Users extend it with their own JSONL file (:meth:`EntityRegistry.extend`) or through
:meth:`EntityRegistry.add`. Matching mentions to entities is
:class:`claimattr.components.linking.AliasMatcher`'s job; :meth:`EntityRegistry.link` is a
shortcut to it. This module imports only the standard library.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from claimattr.errors import ClaimattrError, FormatError

KINDS = ("person", "organisation", "group", "state", "office")
#: Kinds that speak as one person; their names may sit anywhere in a mention (after a title).
PERSON_KINDS = frozenset({"person", "office"})
OTHER_PREFIX = "other:"
_FIELDS = ("id", "name", "name_ar", "kind", "aliases", "family", "description")


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
        self._matcher: Any = None
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
        self._matcher = None

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
    def link(self, mention: str) -> Match | None:
        """The registry entity a source mention names, or ``None``; see
        :class:`claimattr.components.linking.AliasMatcher` (with the shipped name lexicons)."""
        if self._matcher is None:
            from claimattr.components.linking import AliasMatcher

            self._matcher = AliasMatcher(self)
        return self._matcher.link(mention)

    def other_id(self, mention: str) -> tuple[str, str]:
        """The ``other:`` id and readable name of a source outside the registry.

        A named source gives its name without titles, roles or asides ("زعيم التيار الصدري مقتدى
        الصدر" -> "مقتدى الصدر", "عباس العنبوري، مستشار رئيس الوزراء" -> "عباس العنبوري"); an
        unnamed one its head words ("مصدراً أمنياً عراقياً" -> "مصدر أمني عراقي"). The article's
        spelling is kept, less tanwin, tatweel and attached و/ل.
        """
        from claimattr.names import Names

        name, _ = Names.default().other_name(mention)
        return OTHER_PREFIX + name, name
