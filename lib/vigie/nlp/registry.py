"""The actor registry: who the known actors are and every way the press names them.

The registry is a YAML file that a researcher edits (format in the README and
at the top of ``vigie/data/actors.yaml``).  Names are compared by their folded
words (:func:`vigie.nlp.text.word_key`), so an alias never needs its accented,
upper-case or hyphenated variants spelled out, and two actors can never claim
the same name.

Names that are not actors (a word spaCy keeps taking for a person, a
newspaper's section title) go in a top-level ``ignore:`` list: the resolver
drops such a name unless a registry actor claims it, so curating the registry
from the dashboard can say « ce n'est pas un acteur » without a code change.
A name both ignored and claimed by an actor is an error, not a silent choice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from vigie.datafile import DataFileError, at, check_keys, content_hash, parse_yaml, read_yaml, string_list
from vigie.nlp.text import fold, word_key
from vigie.types import ACTOR_TYPES, ActorType


def slugify(name: str) -> str:
    """A stable id for an actor name: "Cédric O" -> "cedric-o", "États-Unis" -> "etats-unis"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


@dataclass(frozen=True)
class RegisteredActor:
    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name and its aliases, the forms the matcher looks for."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Registry:
    actors: tuple[RegisteredActor, ...]
    sha256: str
    ignored: frozenset[tuple[str, ...]] = frozenset()  # folded words of names that are not actors

    @cached_property
    def by_id(self) -> dict[str, RegisteredActor]:
        return {actor.id: actor for actor in self.actors}

    @cached_property
    def by_key(self) -> dict[tuple[str, ...], RegisteredActor]:
        """Every name and alias under its folded words."""
        return {word_key(name): actor for actor in self.actors for name in actor.names}

    @cached_property
    def name_lengths(self) -> dict[str, tuple[int, ...]]:
        """For each first word of a name, the word counts of the names it starts, longest first."""
        lengths: dict[str, set[int]] = {}
        for key in self.by_key:
            lengths.setdefault(key[0], set()).add(len(key))
        return {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}

    def lookup(self, name: str) -> RegisteredActor | None:
        """The actor one of whose names folds like ``name``, if any."""
        return self.by_key.get(word_key(name))

    def record(self) -> dict:
        """What a store keeps of this registry (JSON): enough for :meth:`changed_names` at the next edit."""
        return {"actors": {a.id: [a.name, a.type, list(a.aliases)] for a in self.actors},
                "ignore": sorted(" ".join(key) for key in self.ignored)}

    def changed_names(self, recorded: dict) -> set[tuple[str, ...]]:
        """The folded names of every actor that differs from ``recorded`` (a :meth:`record`), before and after.

        An actor added, removed, renamed, retyped or given other aliases (a
        merge removes one and adds its names to the other) counts, and so does
        a name added to or taken off ``ignore:``.  Resolution reads the registry
        only through names written in the article (the registry ruler, the
        names of the registered actors it found, the look-up of a cleaned
        name, the ignore list), so an article that contains none of these
        names is resolved exactly as before: ingest re-resolves only the others.
        """
        old = {actor_id: (name, type_, tuple(aliases)) for actor_id, (name, type_, aliases) in recorded["actors"].items()}
        new = {a.id: (a.name, a.type, a.aliases) for a in self.actors}
        keys = {
            word_key(name)
            for actor_id in old.keys() | new.keys()
            if old.get(actor_id) != new.get(actor_id)
            for entry in (old.get(actor_id), new.get(actor_id))
            if entry is not None
            for name in (entry[0], *entry[2])
        }
        ignored = set(recorded["ignore"]) ^ {" ".join(key) for key in self.ignored}
        return keys | {tuple(name.split()) for name in ignored}


def build_registry(entries: list, *, ignore: list | None = None, where: str = "registry") -> Registry:
    """Validate raw entries (as read from YAML) and the names to ignore into a :class:`Registry`."""
    if not isinstance(entries, list) or not entries:
        raise DataFileError(f"{where} : « actors » doit être une liste non vide")
    actors: list[RegisteredActor] = []
    owners: dict[tuple[str, ...], str] = {}
    for number, raw in enumerate(entries, start=1):
        here = f"{at(where, raw)} : acteur n° {number}"
        entry = check_keys(raw, allowed=("id", "name", "type", "aliases"), required=("name", "type"), where=here)
        name = str(entry["name"]).strip()
        here = f"{at(where, raw)} : acteur « {name} »"
        if entry["type"] not in ACTOR_TYPES:
            raise DataFileError(f"{here} : type inconnu {entry['type']!r} (attendu : {', '.join(ACTOR_TYPES)})")
        actor = RegisteredActor(
            id=str(entry.get("id") or slugify(name)),
            name=name,
            type=entry["type"],
            aliases=string_list(entry.get("aliases"), where=f"{here} : aliases"),
        )
        for alias in actor.names:
            key = word_key(alias)
            if not key:
                raise DataFileError(f"{here} : l'alias {alias!r} n'a ni lettre ni chiffre")
            if key in owners:
                owner = "cet acteur" if owners[key] == name else f"« {owners[key]} »"
                raise DataFileError(
                    f"{here} : alias en double {alias!r}, déjà un nom de {owner} "
                    "(accents, majuscules et traits d'union ne comptent pas)"
                )
            owners[key] = name
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", actor.id):
            raise DataFileError(f"{here} : l'id {actor.id!r} n'est pas en minuscules-avec-tirets")
        actors.append(actor)
    ids = [actor.id for actor in actors]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DataFileError(f"{where} : id en double : {', '.join(duplicates)}")
    ignored = frozenset(word_key(name) for name in string_list(ignore, where=f"{where} : ignore"))
    claimed = sorted(" ".join(key) for key in ignored if key in owners)
    if claimed:
        raise DataFileError(f"{where} : ignore : {', '.join(claimed)} est aussi le nom d'un acteur du registre")
    # The ignore list joins the hash only when present, so existing registries keep their hash (and their store).
    sha = content_hash(entries if ignore is None else {"actors": entries, "ignore": ignore})
    return Registry(actors=tuple(actors), sha256=sha, ignored=frozenset(k for k in ignored if k))


def registry_from_data(data, *, where: str) -> Registry:
    """A registry from a parsed ``actors.yaml`` (its ``actors`` and optional ``ignore``)."""
    check_keys(data, allowed=("actors", "ignore"), required=("actors",), where=where)
    return build_registry(data["actors"], ignore=data.get("ignore"), where=where)


def parse_registry(text: str, *, where: str) -> Registry:
    """A registry from the text of an ``actors.yaml`` (the edit mode checks a file before writing it)."""
    return registry_from_data(parse_yaml(text, where=where), where=where)


def load_registry(path: Path | None = None) -> Registry:
    """Read and validate a registry file; ``None`` reads the packaged ``actors.yaml``."""
    data, where = read_yaml(path, packaged="actors.yaml")
    return registry_from_data(data, where=where)
