"""Resolution: the actor behind each candidate name, names linked within an article.

Within one article, "Matt Hancock", "M. Hancock" and "Hancock" are one
person, "BIJ" is the "Bureau of Investigative Journalism" named earlier, and
"O Cédric" is "Cédric O".  Across articles, actors meet through the registry
(canonical ids) or, for actors absent from it, through the slug of their name.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from vigie.nlp.components import TYPES
from vigie.nlp.names import Candidate
from vigie.nlp.registry import RegisteredActor, Registry, slugify
from vigie.nlp.text import initials, word_key
from vigie.types import ActorType

_ACRONYM = re.compile(r"[A-Z]{2,6}")
Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    id: str
    name: str
    type: ActorType
    registered: bool

    @classmethod
    def of(cls, actor: RegisteredActor) -> ResolvedActor:
        return cls(actor.id, actor.name, actor.type, True)


def resolve(found: Sequence[Candidate], registry: Registry) -> list[tuple[Candidate, ResolvedActor]]:
    """The actor behind each candidate of one article, in order.

    A registry name is its registry actor.  Otherwise, in this order: a name
    that is a registry name once cleaned ("M. Zuckerberg"); a surname, first
    name or reordered name of exactly one person named in full in the article
    ("Hancock", "M. Schrage", "O Cédric"); an acronym of exactly one
    organisation or place named in full ("BIJ" for "Bureau of Investigative
    Journalism").  What is left is a new actor, marked unregistered, one per
    distinct name, typed by its NER label (a person when linked to one).
    A name on the registry's ``ignore:`` list that no actor claims is dropped.
    """
    own = [c if c.actor else _registered(c, registry) for c in found]
    if registry.ignored:
        own = [c for c in own if c.actor or word_key(c.name) not in registry.ignored]
    people = _full_names(own, person=True)
    bodies = _full_names(own, person=False)
    groups: dict[Key, list[Candidate]] = defaultdict(list)
    group_of: dict[int, Key] = {}
    for i, cand in enumerate(own):
        if cand.actor is None:
            key = word_key(cand.name)
            group_of[i] = _person_for(key, people) or _body_for(cand.name, bodies) or key
            groups[group_of[i]].append(cand)
    actors = {key: _group_actor(key, members, people, bodies) for key, members in groups.items()}
    return [(c, ResolvedActor.of(c.actor) if c.actor else actors[group_of[i]]) for i, c in enumerate(own)]


def _registered(cand: Candidate, registry: Registry) -> Candidate:
    actor = registry.lookup(cand.name)
    return Candidate(cand.start, cand.end, cand.name, cand.label, actor) if actor else cand


def _full_names(found: Sequence[Candidate], *, person: bool) -> dict[Key, RegisteredActor | None]:
    """Names of two words or more in the article, of persons or of others, with their registry actor if any."""
    names: dict[Key, RegisteredActor | None] = {}
    for cand in found:
        is_person = (cand.actor.type == "person") if cand.actor else cand.label == "PER"
        if is_person != person:
            continue
        for name in cand.actor.names if cand.actor else (cand.name,):
            key = word_key(name)
            if len(key) >= 2:
                names[key] = cand.actor
    return names


def _person_for(key: Key, people: dict[Key, RegisteredActor | None]) -> Key | None:
    """The one other person whose full name ends or starts with ``key``, or has its words in another order.

    Between two unregistered orderings of the same words ("Cédric O", "O
    Cédric"), both link to the first in alphabetical order of their words.
    """
    matches = {
        full
        for full in people
        if full != key
        and (
            (len(key) < len(full) and key in (full[-len(key) :], full[: len(key)]))
            or (sorted(full) == sorted(key) and (people[full] is not None or people.get(key) is None and full < key))
        )
    }
    owners = {people[m].id if people[m] else m for m in matches}
    return min(matches) if len(owners) == 1 else None


def _body_for(name: str, bodies: dict[Key, RegisteredActor | None]) -> Key | None:
    """The one organisation or place named in full whose initials are the acronym ``name``."""
    if not _ACRONYM.fullmatch(name):
        return None
    matches = [full for full in bodies if name.lower() in initials(full)]
    return matches[0] if len(matches) == 1 else None


def _group_actor(
    key: Key, members: list[Candidate], people: dict[Key, RegisteredActor | None], bodies: dict[Key, RegisteredActor | None]
) -> ResolvedActor:
    """The actor of a group of linked names: the registry actor of its full name, else a new one."""
    full = people.get(key) or bodies.get(key)
    if full is not None:
        return ResolvedActor.of(full)
    exact = [m for m in members if word_key(m.name) == key] or members
    name = Counter(m.name for m in exact).most_common(1)[0][0]
    label = Counter(m.label for m in exact).most_common(1)[0][0]
    return ResolvedActor(slugify(name), name, "person" if key in people else TYPES[label], False)
