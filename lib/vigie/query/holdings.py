"""What an article holds: its actors and its themes, in the one order every view and export shows.

Why one place: the article table, the JSON/CSV exports and the Iramuteq/TXM
corpora all name an article's actors and themes.  Each used to compute them
its own way (the table from the sparse indexes with its labels sorted by
name, the exports from the mention and theme tables with a groupby), so an
article's first theme could differ between the table and the export.  Here
both read the store's index arrays, row by row for the articles asked about
only, so the table's 200 rows cost what 200 rows cost at any store size.

The orders:
- actors: most mentioned first, then by name;
- themes: highest score first, then most hits, then id (the first is the
  article's main theme, as issue #14 asks of every export).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from vigie.store import StoreData

ACTOR_COLUMNS = ["position", "actor_id", "name", "type", "registered", "mentions"]
THEME_COLUMNS = ["position", "theme_id", "label", "hits", "score"]


def article_actors(data: StoreData, positions: np.ndarray, *, counted: np.ndarray | None = None) -> pd.DataFrame:
    """The actors named in the articles at ``positions`` (rows of ``data.articles``), one row per
    article and actor, in each article's order.  ``counted``: per actor code, whether it counts
    (the filter's actor types); all actors if None."""
    shared = data.indexes
    named = shared.by_article()[positions].tocoo()
    keep = np.ones(len(named.col), dtype=bool) if counted is None else counted[named.col]
    row, actors = shared.actor_rows()
    taken = row[named.col[keep]]
    table = data.actors
    frame = pd.DataFrame({
        "position": np.asarray(positions)[named.row[keep]],
        "actor_id": shared.actor_ids.take(named.col[keep]).to_numpy(),
        "name": table["name"].array.take(np.maximum(taken, 0)) if len(table) else [],
        "type": table["type"].astype(str).array.take(np.maximum(taken, 0)) if len(table) else [],
        "registered": table["registered"].to_numpy(dtype=bool).take(np.maximum(taken, 0)) if len(table) else [],
        "mentions": named.data[keep].astype(np.int64),
        "_rank": actors[named.col[keep]],
    })
    frame = frame.loc[taken >= 0] if len(table) else frame.iloc[:0]
    frame = frame.sort_values(["position", "mentions", "_rank"], ascending=[True, False, True], kind="stable")
    return frame[ACTOR_COLUMNS].reset_index(drop=True)


def article_themes(data: StoreData, positions: np.ndarray) -> pd.DataFrame:
    """The themes assigned to the articles at ``positions``, one row per article and theme, in
    each article's order."""
    _, hits, theme_ids = data.indexes.themes()
    scores = data.indexes.theme_scores()
    chosen_hits = hits[positions].tocoo()
    labels = data.themes.set_index(data.themes["id"].astype(str))["label"]
    frame = pd.DataFrame({
        "position": np.asarray(positions)[chosen_hits.row],
        "theme_id": theme_ids.take(chosen_hits.col).to_numpy(),
        "hits": chosen_hits.data.astype(np.int64),
    })
    # Both matrices are built from the same (article, theme) cells, so their entries line up.
    frame["score"] = scores[positions].tocoo().data.astype(float)
    frame["label"] = frame["theme_id"].map(labels)
    frame = frame.sort_values(["position", "score", "hits", "theme_id"], ascending=[True, False, False, True],
                              kind="stable")
    return frame[THEME_COLUMNS].reset_index(drop=True)

