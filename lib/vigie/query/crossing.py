"""Actors × themes: in how many selected articles each top actor meets each assigned theme."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from vigie.query.filters import Filter
from vigie.query.overview import top_actors
from vigie.query.selection import actor_cells, actor_codes, actor_names, kept_mask
from vigie.store import StoreData


def actor_themes(data: StoreData, flt: Filter, *, limit: int = 15) -> pd.DataFrame:
    """Articles where an actor is mentioned and a theme assigned, for the top actors.

    Columns: actor_id, name, theme_id, label, articles (long form, one row per
    non-empty cell).
    """
    shared = data.indexes
    codes = actor_codes(data, top_actors(data, flt, limit=limit)["actor_id"])
    article, actor, _ = actor_cells(shared.mentioned(), codes, kept_mask(data, flt))
    mentioning = sparse.csr_matrix((np.ones(len(article), dtype=np.int64), (article, actor)),
                                   shape=(len(data.articles), len(codes)))
    themes, _, theme_ids = shared.themes()
    cells = (mentioning.T @ themes).tocoo()  # only kept articles have a row in ``mentioning``
    frame = pd.DataFrame({"actor_id": shared.actor_ids[codes[cells.row]], "theme_id": theme_ids[cells.col],
                          "articles": cells.data.astype(np.int64)})
    frame["name"] = frame["actor_id"].map(actor_names(data))
    frame["label"] = frame["theme_id"].map(data.themes.set_index("id")["label"]).fillna(frame["theme_id"])
    frame = frame.sort_values(["actor_id", "theme_id"])
    return frame[["actor_id", "name", "theme_id", "label", "articles"]].reset_index(drop=True)
