"""The actor registry: who the known actors are and every way the press names them.

The registry is a YAML file that a researcher edits (format in the README and
at the top of ``vigie/data/actors.yaml``).  Names are compared by their folded
words (:func:`vigie.nlp.text.word_key`), so an alias never needs its accented,
upper-case or hyphenated variants spelled out, and two actors can never claim
the same name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from vigie.datafile import DataFileError, check_keys, content_hash, read_yaml, string_list
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


def build_registry(entries: list, *, where: str = "registry") -> Registry:
    """Validate raw entries (as read from YAML) into a :class:`Registry`."""
    if not isinstance(entries, list) or not entries:
        raise DataFileError(f"{where}: 'actors' must be a non-empty list")
    actors: list[RegisteredActor] = []
    owners: dict[tuple[str, ...], str] = {}
    for number, raw in enumerate(entries, start=1):
        here = f"{where}: actor #{number}"
        entry = check_keys(raw, allowed=("id", "name", "type", "aliases"), required=("name", "type"), where=here)
        name = str(entry["name"]).strip()
        here = f"{where}: actor '{name}'"
        if entry["type"] not in ACTOR_TYPES:
            raise DataFileError(f"{here}: unknown type {entry['type']!r} (expected one of {', '.join(ACTOR_TYPES)})")
        actor = RegisteredActor(
            id=str(entry.get("id") or slugify(name)),
            name=name,
            type=entry["type"],
            aliases=string_list(entry.get("aliases"), where=f"{here}: aliases"),
        )
        for alias in actor.names:
            key = word_key(alias)
            if not key:
                raise DataFileError(f"{here}: alias {alias!r} has no letters or digits")
            if key in owners:
                owner = "this actor" if owners[key] == name else f"'{owners[key]}'"
                raise DataFileError(
                    f"{here}: duplicate alias {alias!r}, already a name of {owner} "
                    "(accents, case and hyphens are ignored when comparing names)"
                )
            owners[key] = name
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", actor.id):
            raise DataFileError(f"{here}: id {actor.id!r} is not a lower-case slug")
        actors.append(actor)
    ids = [actor.id for actor in actors]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DataFileError(f"{where}: duplicate id(s) {', '.join(duplicates)}")
    return Registry(actors=tuple(actors), sha256=content_hash(entries))


def load_registry(path: Path | None = None) -> Registry:
    """Read and validate a registry file; ``None`` reads the packaged ``actors.yaml``."""
    data, where = read_yaml(path, packaged="actors.yaml")
    check_keys(data, allowed=("actors",), required=("actors",), where=where)
    return build_registry(data["actors"], where=where)
