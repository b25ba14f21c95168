"""The selection contract: what the user picked, as one frozen :class:`Filter`, and the names of the options."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from vigie.index_build import PERIOD_CODES

__all__ = ["ActorMode", "Granularity", "Level", "Weight", "GRANULARITIES", "LEVELS", "WEIGHTS", "PERIOD_CODES",
           "Filter"]


ActorMode = Literal["any", "all"]
Granularity = Literal["day", "week", "month", "year"]
Level = Literal["sentence", "article"]
Weight = Literal["count", "jaccard", "pmi"]

GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month", "year")
LEVELS: tuple[Level, ...] = ("sentence", "article")
WEIGHTS: tuple[Weight, ...] = ("count", "jaccard", "pmi")



@dataclass(frozen=True)
class Filter:
    """What the user selected; the empty filter selects the whole corpus.

    ``actors`` keeps articles mentioning any (``actor_mode="any"``) or all of
    them.  ``actor_types`` is a lens rather than a cut: it keeps every article
    but counts only actors of those types in the actor views.  A date bound
    leaves out undated articles (nobody can say they fall inside it).  ``text``
    is a case-insensitive search in titles and texts.

    ``stories`` counts each wire story once: after every other criterion,
    the selection keeps one article per story, its earliest selected copy
    (undated copies last, then the lowest id).  Why this and not a merge of
    the copies: every view then keeps counting articles as it always did, so
    each count (overview, actors, themes, timeline mentions and shares,
    co-occurrence, actor × theme, table, concordance) becomes a count of
    stories with no view of its own to change; a story is selected when any
    copy matches (the Le Monde copy of an AFP dispatch, say), and its earliest
    copy's date places it on the time axis, where the story first appeared.
    The copies' differences (a cut paragraph, a new title) are left out of
    the counts: :mod:`vigie.diff` shows them in the reader.  A timeline share
    under an actor filter may compare two copies of one story (the one
    mentioning the actor, the earliest one in the denominator); both count the
    story once.
    """

    actors: tuple[str, ...] = ()
    actor_mode: ActorMode = "any"
    actor_types: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    themes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    text: str = ""
    stories: bool = False

    def is_empty(self) -> bool:
        return self == Filter()
