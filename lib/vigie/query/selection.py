"""The filter as a mask over the articles, and the helpers every family of questions shares.

Masks are remembered per store and filter (in the store's :class:`vigie.indexes.Indexes`),
so the several views redrawn by one filter change select once.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from vigie.indexes import Indexes
from vigie.query.filters import ActorMode, Filter
from vigie.store import StoreData


def actor_cells(matrix: sparse.csc_matrix, codes: np.ndarray, kept: np.ndarray | None = None):
    """The non-zero cells of some columns of an article × actor matrix, in the kept rows (all if
    ``kept`` is None): (row, place of the column in ``codes``, value)."""
    part = matrix[:, codes].tocoo()
    if kept is None:
        return part.row, part.col, part.data
    inside = kept[part.row]
    return part.row[inside], part.col[inside], part.data[inside]


def actor_codes(data: StoreData, actor_ids) -> np.ndarray:
    """The actor codes (columns of the matrices) of some actor ids, sorted, unknown ids left out."""
    codes = data.indexes.actor_ids.get_indexer(pd.Index(list(actor_ids), dtype=object))
    return np.unique(codes[codes >= 0])


def type_lens(data: StoreData, flt: Filter) -> np.ndarray:
    """Per actor code, whether the filter's actor types let it count."""
    actor_ids = data.indexes.actor_ids
    if not flt.actor_types:
        return np.ones(len(actor_ids), dtype=bool)
    return actor_ids.isin(data.actors.loc[data.actors["type"].isin(flt.actor_types), "id"])


def remember(cache: dict, key, value, *, size: int):
    if len(cache) >= size:
        cache.pop(next(iter(cache)))
    cache[key] = value
    return value


def selected_ids(data: StoreData, flt: Filter) -> pd.Index:
    """Ids of the articles the filter keeps, in the store's order."""
    return pd.Index(data.indexes.ids[kept_mask(data, flt)], name="id")


def selected_count(data: StoreData, flt: Filter) -> int:
    """How many articles the filter keeps: ``len(selected_ids(...))`` without an id made for each
    (at 1,000,000 articles, tens of MB per count in each kernel)."""
    return int(np.count_nonzero(kept_mask(data, flt)))


def rows_of(kept: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Which rows of a per-article table belong to kept articles (rows of unknown articles: none)."""
    return np.append(kept, False)[positions]  # position -1 reads the appended False


def kept_mask(data: StoreData, flt: Filter) -> np.ndarray:
    """The filter as a mask over ``data.articles`` (remembered per store and filter)."""
    shared = data.indexes
    if flt in shared.selections:
        return shared.selections[flt]
    articles = data.articles
    keep = np.ones(len(articles), dtype=bool)
    if flt.sources:
        keep &= articles["source"].isin(flt.sources).to_numpy()
    if flt.date_from is not None or flt.date_to is not None:
        dates = shared.dates
        keep &= dates.notna().to_numpy()
        if flt.date_from is not None:
            keep &= (dates >= pd.Timestamp(flt.date_from)).to_numpy()
        if flt.date_to is not None:
            keep &= (dates <= pd.Timestamp(flt.date_to)).to_numpy()
    if flt.themes:
        assigned, _, theme_ids = shared.themes()
        keep &= (assigned @ theme_ids.isin(flt.themes).astype(np.int32)) > 0
    if flt.actors:
        keep &= _articles_with_actors(data, flt.actors, mode=flt.actor_mode)
    if flt.text.strip():
        keep &= _text_match(data, flt.text.strip())
    if flt.stories:
        keep = _one_per_story(shared, keep)
    keep.flags.writeable = False  # shared by every caller
    return remember(shared.selections, flt, keep, size=Indexes.SELECTIONS)


def _one_per_story(shared: Indexes, keep: np.ndarray) -> np.ndarray:
    """The mask narrowed to each story's earliest kept article (see :class:`Filter`)."""
    code, order, _ = shared.stories()
    if not len(code):  # no copies in the store: every article is its own story
        return keep
    kept_in_order = order[keep[order]]
    codes = code[kept_in_order]
    first = np.full(len(code), len(codes))  # per story code, its first place in kept_in_order
    np.minimum.at(first, codes, np.arange(len(codes)))  # linear: no sort per filter change
    chosen = np.zeros(len(keep), dtype=bool)
    chosen[kept_in_order[first[first < len(codes)]]] = True
    return chosen


def _articles_with_actors(data: StoreData, actors: tuple[str, ...], *, mode: ActorMode) -> np.ndarray:
    """A mask over the articles mentioning any (or all) of the actors."""
    rows, _, _ = actor_cells(data.indexes.mentioned(), actor_codes(data, actors))
    per_article = np.bincount(rows, minlength=len(data.articles))  # how many of the actors each mentions
    return per_article >= (1 if mode == "any" else len(set(actors)))


def _text_match(data: StoreData, needle: str) -> np.ndarray:
    """Which articles (aligned with ``data.articles``) contain the words, title included."""
    shared = data.indexes
    if needle in shared.searches:
        return shared.searches[needle]
    found = shared.text.search(needle) if shared.text is not None else None  # the index, where it can tell
    if found is not None:
        return remember(shared.searches, needle, found, size=Indexes.SEARCHES)
    in_title = data.articles["title"].fillna("").str.contains(needle, case=False, regex=False)
    in_text = data.articles["id"].isin(data.ids_of_texts_containing(needle))
    found = (in_title | in_text).to_numpy(dtype=bool)
    return remember(shared.searches, needle, found, size=Indexes.SEARCHES)


def scoped_rows(data: StoreData, flt: Filter, kept: np.ndarray) -> np.ndarray:
    """Which mentions lie in the kept articles and name an actor of the types the filter looks at."""
    rows = rows_of(kept, data.indexes.of_mention)
    if flt.actor_types:
        typed = data.actors.loc[data.actors["type"].isin(flt.actor_types), "id"]
        rows &= data.mentions["actor_id"].isin(typed).to_numpy()
    return rows


def scoped_mentions(data: StoreData, flt: Filter, kept: np.ndarray) -> pd.DataFrame:
    """Mentions in the kept articles, limited to the actor types the filter looks at."""
    return data.mentions.loc[scoped_rows(data, flt, kept)]


def actor_names(data: StoreData) -> pd.Series:
    return data.actors.set_index("id")["name"]


def article_columns(data: StoreData, columns: list[str], rows: np.ndarray) -> pd.DataFrame:
    """Some columns of some articles (``rows``: positions, or a mask over the articles).

    The rule every question follows: pick the columns it needs, then the rows.  pandas'
    ``iloc[rows, columns]`` (or a mask over the whole table) takes the rows of every column, then
    picks the columns: at 1,000,000 articles that read and copied the whole mapped article table
    (400 MB touched in 30 filter changes, hashes and urls included).
    """
    return data.articles[columns].iloc[rows]


def newest_rows(data: StoreData, kept: np.ndarray, *, extra: list[str] | None = None,
                  limit: int | None = None) -> pd.DataFrame:
    """The kept articles' id, date, date_precision, title, source (and ``extra`` columns);
    newest first, undated last (the first ``limit`` only, if given)."""
    order = data.indexes.newest_first()
    chosen = order[kept[order]]
    columns = ["id", "date", "date_precision", "title", "source", *(extra or [])]
    return article_columns(data, columns, chosen[:limit] if limit else chosen)
