"""What every question asked of one loaded store shares: integer codes, sparse matrices and orders.

Why here and not in :mod:`vigie.query`: the structures belong to the loaded store, so
:class:`vigie.store.StoreData` owns one :class:`Indexes` (a cached attribute) and
drops it with itself; no global table keyed by ``id()`` can hand a new store the
answers of an old one that lived at the same address.
"""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse

if TYPE_CHECKING:
    from vigie.store import StoreData

#: How fine a date must be to sit on each time axis: an article dated "2019"
#: cannot be placed in a month, so it is left out of a monthly timeline.
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_NEEDED_RANK = {"day": 0, "week": 0, "month": 1, "year": 2}
#: Weeks end on Sunday, so each week's period starts on a Monday.
PERIOD_CODES = {"day": "D", "week": "W-SUN", "month": "M", "year": "Y"}


class Indexes:
    """What every question asked of one loaded store shares, computed once for that store.

    Why: one filter change asks several views (overview, timeline, table...),
    each starting from the same selection; at 10,000 articles the selection and
    the date parsing are most of a redraw.  Entries are keyed by the frozen
    ``vigie.query.Filter``, so nothing stale can be returned; the store's frames are never
    modified, so what was computed from them stays true.
    """

    SELECTIONS = 64  # filters remembered per store
    SEARCHES = 16  # text searches remembered per store (each holds a mask, not texts)

    def __init__(self, data: StoreData) -> None:
        self.dates = pd.to_datetime(data.articles["date"])  # aligned with data.articles, NaT if undated
        # Each row's article as a position in data.articles: "rows of the selected articles"
        # becomes an array lookup instead of a string comparison per row.
        positions = pd.Index(data.articles["id"])
        self.ids = data.articles["id"].to_numpy()
        self.of_mention = positions.get_indexer(data.mentions["article_id"])
        self.of_theme = positions.get_indexer(data.article_themes["article_id"])
        self.actor_code, actor_ids = pd.factorize(data.mentions["actor_id"])  # categorical: no string per row
        self.actor_ids = pd.Index(actor_ids.astype(str))
        self.selections: dict = {}
        self.searches: dict[str, np.ndarray] = {}
        self.actor_counts: dict = {}
        self._stories: tuple[np.ndarray, np.ndarray, pd.Index] | None = None
        self._built: dict = {}  # the structures below, each built on first use
        self._data = weakref.ref(data)

    def _once(self, key, build):
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]

    def actor_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Per actor code, its row in data.actors (-1 if none) and its place in name order."""
        def build():
            actors = self._data().actors
            row = pd.Index(actors["id"].astype(str)).get_indexer(self.actor_ids)
            names = pd.Series(actors["name"].array.take(np.maximum(row, 0)) if len(actors) else [None] * len(row))
            rank = np.empty(len(row), dtype=np.int64)
            rank[names.sort_values(kind="stable").index.to_numpy()] = np.arange(len(row))
            return row, rank
        return self._once("actor_rows", build)

    def mentions(self) -> sparse.csc_matrix:
        """Mentions per article (rows: positions in data.articles) and actor (columns: actor codes)."""
        def build():
            known = (self.of_mention >= 0) & (self.actor_code >= 0)
            return _counts(self.of_mention[known], self.actor_code[known], (len(self.ids), len(self.actor_ids)))
        return self._once("mentions", build)

    def mentioned(self) -> sparse.csc_matrix:
        """1 where an article mentions an actor: :meth:`mentions` without the counts."""
        def build():
            counts = self.mentions()
            return sparse.csc_matrix((np.ones_like(counts.data), counts.indices, counts.indptr), shape=counts.shape)
        return self._once("mentioned", build)

    def by_article(self) -> sparse.csr_matrix:
        """:meth:`mentions` stored row by row: one article's actors without a scan of every mention."""
        return self._once("by_article", lambda: self.mentions().tocsr())

    def units(self, level: str) -> tuple[sparse.csc_matrix, np.ndarray, sparse.csc_matrix]:
        """What co-occurrence counts at ``level`` (sentences or articles): (1 where a unit naming
        two actors or more names an actor, rows: those units only, as no other unit holds a pair;
        each row's article position; per article and actor, the units naming the actor)."""
        def build():
            if level == "article":
                return self.mentioned(), np.arange(len(self.ids)), self.mentioned()
            known = (self.of_mention >= 0) & (self.actor_code >= 0)
            sentence = self._data().mentions["sentence"].to_numpy()[known].astype(np.int64)
            span = int(sentence.max(initial=0)) + 1
            units, unit = np.unique(self.of_mention[known].astype(np.int64) * span + sentence, return_inverse=True)
            present = _counts(unit, self.actor_code[known], (len(units), len(self.actor_ids))).tocsr()
            several = np.flatnonzero(np.diff(present.indptr) >= 2)
            pairs = present[several].tocsc()
            pairs.data[:] = 1
            cells = present.tocoo()
            per_article = _counts((units // span)[cells.row], cells.col, (len(self.ids), len(self.actor_ids)))
            return pairs, units[several] // span, per_article
        return self._once(("units", level), build)

    def sentence_counts(self) -> np.ndarray:
        """Sentences per article."""
        def build():
            of_sentence = pd.Index(self.ids).get_indexer(self._data().sentences["article_id"])
            return np.bincount(of_sentence[of_sentence >= 0], minlength=len(self.ids))[:len(self.ids)]
        return self._once("sentence_counts", build)

    def themes(self) -> tuple[sparse.csr_matrix, sparse.csr_matrix, pd.Index]:
        """(assigned themes per article, their hits; columns: theme codes; theme id per code)."""
        def build():
            themes = self._data().article_themes
            rows = themes["assigned"].to_numpy(dtype=bool) & (self.of_theme >= 0)
            code, theme_ids = pd.factorize(themes.loc[rows, "theme_id"].astype(str))
            shape = (len(self.ids), len(theme_ids))
            hits = sparse.coo_matrix((themes.loc[rows, "hits"].to_numpy(), (self.of_theme[rows], code)), shape=shape)
            return _counts(self.of_theme[rows], code, shape).tocsr(), hits.tocsr(), theme_ids
        return self._once("themes", build)

    def newest_first(self) -> np.ndarray:
        """Article positions newest first, undated last, then by id."""
        def build():
            dates = self.dates.to_numpy(dtype="datetime64[ns]")
            undated = np.isnat(dates)
            return np.lexsort((self.ids.astype(str), np.where(undated, 0, -dates.view(np.int64)), undated))
        return self._once("newest_first", build)

    def id_rank(self) -> np.ndarray:
        """Each article's place in id order (ties between articles broken as ids would be)."""
        def build():
            rank = np.empty(len(self.ids), dtype=np.int64)
            rank[np.argsort(self.ids.astype(str), kind="stable")] = np.arange(len(self.ids))
            return rank
        return self._once("id_rank", build)

    def periods(self, granularity: str) -> tuple[np.ndarray, np.ndarray]:
        """(each article's period as a pandas Period ordinal, whether the time axis can place it)."""
        def build():
            rank = self._data().articles["date_precision"].astype(str).map(_PRECISION_RANK)
            placeable = (self.dates.notna() & (rank <= _NEEDED_RANK[granularity])).to_numpy()
            return self.dates.dt.to_period(PERIOD_CODES[granularity]).array.asi8, placeable
        return self._once(("periods", granularity), build)

    def stories(self) -> tuple[np.ndarray, np.ndarray, pd.Index]:
        """(story code per article, article positions oldest first, story id per code), all
        empty when no article has a copy.  Computed on the first story question only."""
        if self._stories is None:
            articles = self._data().articles
            if len(articles) and articles["n_copies"].fillna(1).max() > 1:
                story = articles["story"].fillna(articles["id"]).astype(str)
                # Oldest first, undated last, then by id: the first kept copy met is the story's.
                dates = self.dates.to_numpy(dtype="datetime64[ns]")
                order = np.lexsort((self.ids.astype(str), dates, np.isnat(dates)))
                code, ids = pd.factorize(story)
                self._stories = (code, order, pd.Index(ids))
            else:
                self._stories = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), pd.Index([]))
        return self._stories



def _counts(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]) -> sparse.csc_matrix:
    """How many times each (row, column) pair occurs, as a sparse matrix."""
    counts = sparse.coo_matrix((np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=shape).tocsc()
    counts.sum_duplicates()
    return counts
