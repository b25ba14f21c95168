"""The dashboard state as a query string, and back.

Why so strict: the query string is hostile input (anyone can send a link), so
only the keys below are read, each value is typed and checked against what the
store holds, lengths are capped, and a bad value falls back to its default with
a short French message instead of an error.  Unknown keys are ignored: Voilà
and proxies may add their own.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlencode

from vigie.dashboard.state import TABS, TIMELINE_VALUES
from vigie.query import GRANULARITIES, LEVELS, WEIGHTS
from vigie.types import ACTOR_TYPES

MAX_QUERY = 4000
MAX_VALUES = 50
MAX_TEXT = 200

Kind = Literal["many", "one", "date", "text", "flag"]
#: How a flag (a boolean trait) is written; only "1" is written, both are read.
FLAG_VALUES = {"1": True, "0": False}


@dataclass(frozen=True)
class Field:
    key: str  # in the URL
    trait: str  # in DashboardState
    kind: Kind
    label: str  # French, for messages


FIELDS = (
    Field("acteur", "actors", "many", "acteur"),
    Field("mode", "actor_mode", "one", "mode"),
    Field("type", "actor_types", "many", "type d'acteur"),
    Field("du", "date_from", "date", "date de début"),
    Field("au", "date_to", "date", "date de fin"),
    Field("theme", "themes", "many", "thème"),
    Field("source", "sources", "many", "source"),
    Field("q", "text", "text", "recherche"),
    Field("histoires", "stories", "flag", "compter chaque histoire une fois"),
    Field("pas", "granularity", "one", "pas de temps"),
    Field("valeur", "timeline_value", "one", "valeur"),
    Field("niveau", "level", "one", "niveau"),
    Field("poids", "weight", "one", "poids"),
    Field("onglet", "tab", "one", "onglet"),
    Field("article", "article", "one", "article"),
    Field("comparer", "compare", "one", "copie à comparer"),
    Field("kwic", "kwic_actor", "one", "acteur du concordancier"),
    Field("mot", "kwic_word", "text", "mot du concordancier"),
)
_BY_KEY = {f.key: f for f in FIELDS}

#: Allowed values that do not depend on the store.
FIXED_CHOICES: dict[str, Collection[str]] = {
    "actor_mode": ("any", "all"),
    "actor_types": ACTOR_TYPES,
    "granularity": GRANULARITIES,
    "timeline_value": TIMELINE_VALUES,
    "level": LEVELS,
    "weight": WEIGHTS,
    "tab": TABS,
}


@dataclass(frozen=True)
class Decoded:
    values: dict  # trait name -> typed, allowed value; absent traits keep their defaults
    problems: tuple[str, ...]  # French, one per value that was dropped


def encode(values: Mapping[str, object], *, defaults: Mapping[str, object]) -> str:
    """The query string for the traits that differ from their defaults (short links)."""
    pairs: list[tuple[str, str]] = []
    for field in FIELDS:
        value = values.get(field.trait)
        if value == defaults.get(field.trait) or value in (None, "", ()):
            continue
        if field.kind == "flag":
            pairs.append((field.key, "1" if value else "0"))
            continue
        if field.kind == "many":
            pairs.extend((field.key, str(v)) for v in value)
        elif field.kind == "date":
            pairs.append((field.key, value.isoformat()))
        else:
            pairs.append((field.key, str(value)))
    return urlencode(pairs)


def decode(query: str, *, choices: Mapping[str, Collection[str]]) -> Decoded:
    """Read a query string (with or without its ``?``) into allowed trait values.

    ``choices`` gives, per trait, the values the store holds (actors, themes,
    sources, article ids); the fixed ones are known here.
    """
    problems: list[str] = []
    query = (query or "").lstrip("?")
    if len(query) > MAX_QUERY:
        return Decoded({}, ("Lien trop long : il est ignoré et tout le corpus est affiché.",))
    allowed = {**FIXED_CHOICES, **choices}
    gathered: dict[str, list[str]] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):  # "source=" names the unnamed source
        if key in _BY_KEY:
            gathered.setdefault(key, []).append(value)
    values: dict = {}
    for key, raw in gathered.items():
        field = _BY_KEY[key]
        if field.kind == "many":
            good = [v for v in dict.fromkeys(raw[:MAX_VALUES]) if v in allowed.get(field.trait, ())]
            if len(good) < len(set(raw)):
                problems.append(f"Lien : {len(set(raw)) - len(good)} valeur(s) de « {field.label} » inconnue(s), ignorée(s).")
            values[field.trait] = tuple(good)
            continue
        value = raw[-1]
        if field.kind == "date":
            try:
                values[field.trait] = dt.date.fromisoformat(value)
            except ValueError:
                problems.append(f"Lien : {field.label} illisible (attendu AAAA-MM-JJ), ignorée.")
        elif field.kind == "text":
            values[field.trait] = value[:MAX_TEXT]
        elif field.kind == "flag":
            if value in FLAG_VALUES:
                values[field.trait] = FLAG_VALUES[value]
            else:
                problems.append(f"Lien : « {field.label} » illisible (attendu 1 ou 0), ignoré.")
        elif value in allowed.get(field.trait, ()):
            values[field.trait] = value
        else:
            problems.append(f"Lien : {field.label} inconnu(e), valeur par défaut utilisée.")
    return Decoded(values, tuple(problems))
