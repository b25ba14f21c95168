"""The article table, the copies of a story, and every mention of the selection (for exports)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from vigie.query.filters import Filter
from vigie.query.holdings import article_actors, article_themes
from vigie.query.selection import article_columns, kept_mask, newest_rows, scoped_mentions, type_lens
from vigie.store import StoreData


def article_rows(data: StoreData, flt: Filter, *, limit: int | None = 200) -> pd.DataFrame:
    """The selected articles, newest first and undated last, for the article table.

    Columns: id, date, date_precision, title, source, actors (most mentioned
    first, at most five names), themes (assigned labels,
    highest score first: :mod:`vigie.query.holdings`), story, n_copies (the
    story's articles in the store).  Names are joined only for the
    ``limit`` rows returned, never for the whole selection.
    """
    rows = newest_rows(data, kept_mask(data, flt), extra=["story", "n_copies"], limit=limit)
    on_screen = np.sort(data.articles.index.get_indexer(rows.index))
    ids = data.articles["id"].array
    named = article_actors(data, on_screen, counted=type_lens(data, flt))
    top = named.groupby("position", sort=False).head(5)
    actors = _joined(ids.take(top["position"].to_numpy()), top["name"])
    themed = article_themes(data, on_screen)
    themes = _joined(ids.take(themed["position"].to_numpy()), themed["label"])
    rows = rows.assign(
        source=rows["source"].astype(str),
        date_precision=rows["date_precision"].astype("str"),
        actors=rows["id"].map(actors).astype("str").fillna(""),
        themes=rows["id"].map(themes).astype("str").fillna(""),
        story=rows["story"].astype(str),
        n_copies=rows["n_copies"].astype(int),
    )
    return rows.reset_index(drop=True)


def _joined(keys, values) -> dict:
    """The values of each key joined with ", " in the order met: a loop over the rows on
    screen only, cheaper than a groupby calling Python once per group."""
    grouped: dict = {}
    for key, value in zip(keys, values, strict=True):
        grouped.setdefault(key, []).append(value)
    return {key: ", ".join(items) for key, items in grouped.items()}


def story_copies(data: StoreData, stories) -> pd.DataFrame:
    """Every article of the given stories, oldest first (undated last) within each story.

    Columns: story, id, date, date_precision, title, source.  What the article
    table lists under a story and the reader offers to compare.
    """
    code, _, story_ids = data.indexes.stories()
    members, starts = data.indexes.story_members()
    wanted = _story_codes(data, [str(s) for s in stories])
    inside = np.concatenate([members[starts[c]:starts[c + 1]] for c in wanted] or [np.empty(0, np.int64)])
    rows = article_columns(data, ["id", "date", "date_precision", "title", "source"], inside)
    rows = rows.assign(story=story_ids.take(code[inside]).astype(str).to_numpy() if len(inside) else "",
                       source=rows["source"].fillna("").astype(str), date_precision=rows["date_precision"].astype(str))
    rows = rows.sort_values("story", kind="stable")
    return rows[["story", "id", "date", "date_precision", "title", "source"]].reset_index(drop=True)


def _story_codes(data: StoreData, stories: list[str]) -> np.ndarray:
    """The codes of the named stories (unknown names left out).

    A story is named after its earliest article (:mod:`vigie.stories`), so each name is first
    looked up as an article id (a binary search); only names that are no article's (a store
    built otherwise) are found by a scan of the story names (Arrow's is_in over a few), never a
    hash table of them all: 950,000 Python strings at 1,000,000 articles.
    """
    shared = data.indexes
    code, _, story_ids = shared.stories()
    if not len(code):
        return np.empty(0, dtype=np.int64)
    found, unnamed = [], []
    for story in stories:
        at = shared.position(story)
        if at is not None and story_ids[code[at]] == story:
            found.append(int(code[at]))
        else:
            unnamed.append(story)
    if unnamed:
        found.extend(np.flatnonzero(story_ids.isin(unnamed)).tolist())
    return np.unique(np.asarray(found, dtype=np.int64))


def copies_of(data: StoreData, article_id: str) -> pd.DataFrame:
    """The other articles of ``article_id``'s story (columns of :func:`story_copies`); empty if none."""
    at = data.indexes.position(article_id)
    if at is None or int(data.articles["n_copies"].iloc[at]) < 2:
        return story_copies(data, ())
    story = str(data.articles["story"].iloc[at])
    members = story_copies(data, (story,))
    return members.loc[members["id"] != article_id].reset_index(drop=True)


def mention_rows(data: StoreData, flt: Filter) -> pd.DataFrame:
    """Every mention in the selection (actor types applied), with its actor and article.

    Columns: article_id, date, title, sentence, start, end, surface, actor_id,
    name, type, registered.
    """
    mentions = scoped_mentions(data, flt, kept_mask(data, flt)).astype({"actor_id": str})
    actors = data.actors[["id", "name", "type", "registered"]].astype({"id": str, "type": str})
    frame = mentions.merge(actors.rename(columns={"id": "actor_id"}), on="actor_id")
    frame = frame.merge(data.articles[["id", "date", "title"]].rename(columns={"id": "article_id"}), on="article_id")
    frame = frame.sort_values(["article_id", "start"])
    columns = ["article_id", "date", "title", "sentence", "start", "end", "surface", "actor_id", "name", "type",
               "registered"]
    return frame[columns].reset_index(drop=True)
