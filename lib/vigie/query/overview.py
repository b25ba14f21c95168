"""The numbers and rankings at the top of the dashboard: how many articles, which actors and themes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vigie.indexes import Indexes
from vigie.query.filters import Filter
from vigie.query.selection import article_columns, kept_mask, remember, type_lens
from vigie.store import StoreData


def top_actors(data: StoreData, flt: Filter, *, limit: int | None = 20) -> pd.DataFrame:
    """Actors of the selection by mentions: actor_id, name, type, registered, mentions, articles."""
    shared = data.indexes
    mentions, articles = _actor_counts(data, flt)
    row, name_rank = shared.actor_rows()
    listed = np.flatnonzero((mentions > 0) & (row >= 0))  # actors missing from data.actors are not listed
    listed = listed[np.lexsort((name_rank[listed], -articles[listed], -mentions[listed]))][:limit or None]
    frame = data.actors.iloc[row[listed]][["id", "name", "type", "registered"]].rename(columns={"id": "actor_id"})
    return frame.assign(mentions=mentions[listed], articles=articles[listed]).reset_index(drop=True)


def _actor_counts(data: StoreData, flt: Filter) -> tuple[np.ndarray, np.ndarray]:
    """Per actor code, its mentions and the articles naming it in the selection (0 outside the
    filter's actor types); remembered per filter, as several views ask for the top actors."""
    shared = data.indexes
    if flt not in shared.actor_counts:
        kept = kept_mask(data, flt).astype(np.int32)
        lens = type_lens(data, flt)
        counts = (np.where(lens, shared.mentions().T @ kept, 0).astype(np.int64),
                  np.where(lens, shared.mentioned().T @ kept, 0).astype(np.int64))
        remember(shared.actor_counts, flt, counts, size=Indexes.SELECTIONS)
    return shared.actor_counts[flt]


def top_themes(data: StoreData, flt: Filter) -> pd.DataFrame:
    """Themes assigned in the selection: theme_id, label, articles, hits (most articles first)."""
    themes, hits, theme_ids = data.indexes.themes()
    kept = kept_mask(data, flt).astype(np.int32)
    articles = themes.T @ kept
    listed = np.flatnonzero(articles)
    listed = listed[np.argsort(np.asarray(theme_ids[listed], dtype=str), kind="stable")]  # in theme id order
    frame = pd.DataFrame({"theme_id": theme_ids[listed], "articles": articles[listed].astype(np.int64),
                          "hits": (hits.T @ kept)[listed]})
    frame = frame.merge(
        data.themes.rename(columns={"id": "theme_id"}).astype({"theme_id": str}), on="theme_id", how="left"
    )
    frame["label"] = frame["label"].fillna(frame["theme_id"])
    frame = frame.sort_values(["articles", "hits", "label"], ascending=[False, False, True])
    return frame[["theme_id", "label", "articles", "hits"]].reset_index(drop=True)


@dataclass(frozen=True)
class Overview:
    """The numbers at the top of the dashboard."""

    articles: int
    total: int
    first: dt.date | None
    last: dt.date | None
    undated: int
    first_precision: str | None = None  # "day", "month" or "year": how to print ``first``
    last_precision: str | None = None


def overview(data: StoreData, flt: Filter) -> Overview:
    inside = kept_mask(data, flt)
    chosen = article_columns(data, ["date_precision"], inside).assign(date=data.indexes.dates[inside])
    dated = chosen.dropna(subset=["date"]).sort_values("date")
    first = dated.iloc[0] if len(dated) else None
    last = dated.iloc[-1] if len(dated) else None
    return Overview(
        articles=int(inside.sum()),
        total=len(data.articles),
        first=first["date"].date() if first is not None else None,
        last=last["date"].date() if last is not None else None,
        undated=len(chosen) - len(dated),
        first_precision=str(first["date_precision"]) if first is not None else None,
        last_precision=str(last["date_precision"]) if last is not None else None,
    )
