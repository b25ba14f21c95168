"""Mentions of actors per period (the timeline) and each actor's busiest period."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from vigie.query.filters import GRANULARITIES, PERIOD_CODES, Filter, Granularity
from vigie.query.overview import top_actors
from vigie.query.selection import actor_cells, actor_codes, actor_names, kept_mask, type_lens
from vigie.store import StoreData


@dataclass(frozen=True)
class Timeline:
    """Mentions per actor and period, with the articles the time axis could not place."""

    frame: pd.DataFrame  # period, actor_id, name, mentions, articles, period_articles, share
    left_out: int  # selected articles undated, or dated too coarsely for the granularity
    granularity: Granularity = "month"
    peaks: pd.DataFrame = field(default_factory=pd.DataFrame)



def timeline(
    data: StoreData,
    flt: Filter,
    *,
    granularity: Granularity = "month",
    actors: tuple[str, ...] | None = None,
    limit: int = 8,
) -> Timeline:
    """Mentions of some actors per period, and their share of the period's articles.

    The actors drawn are ``actors`` if given, else the filter's actors, else the
    ``limit`` most mentioned in the selection.  ``share`` is the fraction of
    the period's articles (every filter applied but the actors) that mention
    the actor, empty (NaN) for a period without any article; every period from
    the first to the last mention is listed, with zeros where an actor is quiet.
    ``peaks`` holds, for each actor, its busiest period and the article with
    most mentions there.
    """
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}, not {granularity!r}")
    shared = data.indexes
    kept = kept_mask(data, flt)
    # The share's denominator: the period's articles under every filter but the actors.
    context = kept_mask(data, replace(flt, actors=())) if flt.actors else kept
    ordinal, placeable = shared.periods(granularity)
    chosen = actors or flt.actors or tuple(top_actors(data, flt, limit=limit)["actor_id"])
    codes = actor_codes(data, chosen)
    codes = codes[type_lens(data, flt)[codes]]
    # One cell per (article, actor): its period, and how many times the article names the actor.
    article, actor, n = actor_cells(shared.mentions(), codes, kept & placeable)
    first = int(ordinal[article].min()) if len(article) else 0
    period = ordinal[article] - first
    n_periods = int(period.max(initial=-1)) + 1
    # Grids of periods × actors, every period from the first to the last: without the zeros a line
    # would join two distant mentions as if the actor had been talked about all along.
    cell = period * len(codes) + actor
    mentions = np.bincount(cell, weights=n, minlength=n_periods * len(codes)).astype(np.int64)
    articles = np.bincount(cell, minlength=n_periods * len(codes))
    mentions, articles = mentions.reshape(n_periods, len(codes)), articles.reshape(n_periods, len(codes))
    drawn = np.flatnonzero(articles.any(axis=0))  # actors mentioned at least once, in id order:
    drawn = drawn[np.argsort(np.asarray(shared.actor_ids[codes[drawn]], dtype=str), kind="stable")]
    # The share's denominator: the period's articles under every filter but the actors.
    context = kept_mask(data, replace(flt, actors=())) if flt.actors else kept
    placed = ordinal[context & placeable] - first
    period_articles = np.bincount(placed[(placed >= 0) & (placed < n_periods)], minlength=n_periods)
    frame = pd.DataFrame({
        "period": np.tile(_start_times(np.arange(first, first + n_periods), granularity), len(drawn)),
        "actor_id": shared.actor_ids[codes[drawn]].repeat(n_periods),
        "mentions": mentions[:, drawn].T.ravel(),
        "articles": articles[:, drawn].T.ravel(),
    })
    frame["name"] = frame["actor_id"].map(actor_names(data))
    frame["period_articles"] = np.tile(period_articles, len(drawn))
    frame["share"] = frame["articles"] / frame["period_articles"].where(frame["period_articles"] > 0)
    columns = ["period", "actor_id", "name", "mentions", "articles", "period_articles", "share"]
    busiest = np.full(len(codes), -1)  # per place in ``codes``, the busiest period (the first among equals)
    if len(drawn):
        busiest[drawn] = mentions[:, drawn].argmax(axis=0)
    return Timeline(
        frame=frame[columns],
        left_out=int((kept & ~placeable).sum()),
        granularity=granularity,
        peaks=_peaks(data, frame.iloc[np.arange(len(drawn)) * n_periods + busiest[drawn]],
                     (article, actor, n, period == busiest[actor]), drawn),
    )


def _start_times(ordinals: np.ndarray, granularity: Granularity) -> pd.DatetimeIndex:
    return pd.PeriodIndex.from_ordinals(ordinals, freq=PERIOD_CODES[granularity]).start_time


def _peaks(data: StoreData, best: pd.DataFrame, cells: tuple, drawn: np.ndarray) -> pd.DataFrame:
    """Each actor's busiest period (``best``: the timeline's row of it, one per actor drawn) and,
    as its label, the article mentioning it most there (the lowest id among equals).  ``cells``:
    (article, place of the actor, mentions, whether in the busiest period) of the timeline."""
    columns = ["actor_id", "name", "period", "mentions", "article_id", "title"]
    if best.empty:
        return pd.DataFrame(columns=columns)
    article, actor, n, inside = cells
    article, actor, n = article[inside], actor[inside], n[inside]
    order = np.lexsort((data.indexes.id_rank()[article], -n, actor))  # per actor: most mentions, lowest id
    top = order[np.unique(actor[order], return_index=True)[1]]
    at = np.zeros(actor.max(initial=0) + 1, dtype=np.int64)
    at[actor[top]] = article[top]
    peaks = best[["actor_id", "name", "period", "mentions"]].reset_index(drop=True)
    peaks["article_id"] = data.articles["id"].array.take(at[drawn]).astype(str)
    peaks["title"] = data.articles["title"].array.take(at[drawn])
    return peaks[columns]
