"""What a click on a chart means, shared by the charts' own click functions.

Why here: a chart packs each point's ``customdata`` (ids, dates), so the chart's
module is also where a click on that point is read back, by field name, and
turned into a narrowing of the filter.  The dashboard only applies it (and
remembers the state it left); it never unpacks a row by position.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Narrowing:
    """A click's meaning: the :class:`vigie.query.Filter` fields it sets, and the French words for it."""

    description: str
    filter: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Names:
    """Actor and theme ids to the names a description shows (the id itself when unknown)."""

    actors: Mapping[str, str]
    themes: Mapping[str, str]

    @classmethod
    def of(cls, actors: pd.DataFrame, themes: pd.DataFrame) -> Names:
        """From a store's ``actors`` (id, name) and ``themes`` (id, label) tables."""
        return cls(dict(zip(actors["id"].astype(str), actors["name"].astype(str))),
                   dict(zip(themes["id"].astype(str), themes["label"].astype(str))))

    def actor(self, actor_id: str) -> str:
        return self.actors.get(actor_id, actor_id)

    def theme(self, theme_id: str) -> str:
        return self.themes.get(theme_id, theme_id)


def point(fields: Sequence[str], row: Sequence[object]) -> dict[str, str]:
    """A customdata row read back by field name, every value as text (as the page sends it)."""
    if len(row) != len(fields):
        raise ValueError(f"a point of {len(fields)} fields expected, {len(row)} given")
    return {name: str(value) for name, value in zip(fields, row)}


def actor_narrowing(actor_id: str, names: Names) -> Narrowing:
    """A click on an actor (a bar, a node): that actor's articles."""
    return Narrowing(f"acteur « {names.actor(actor_id)} »", {"actors": (actor_id,)})
