"""What every question asked of one loaded store shares: integer codes, sparse matrices and orders.

Why this shape:
- The structures belong to the loaded store: :class:`vigie.store.StoreData`
  owns one :class:`Indexes` (a cached attribute) and drops it with itself, so
  no global table keyed by ``id()`` can hand a new store the answers of an old
  one that lived at the same address.
- They are built once, at publish (:mod:`vigie.index_build`), and written as
  ``.npy`` files inside the store generation (``gen-…/index/``).  Every kernel
  opens them with ``mmap_mode="r"``: ten viewers of one corpus share one copy
  in the operating system's page cache instead of building ten in their own
  memory, and a kernel starts without the seconds of building them.
- A generation published before these files existed (no ``"indexes"`` in its
  manifest, or another version) is still read: the same arrays are built in
  memory from its tables, as every kernel did before.
"""
from __future__ import annotations

import json
import os
import weakref
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse

from vigie.index_build import build_arrays, pair_arrays
from vigie.text_index import WORDS, TextIndex

if TYPE_CHECKING:
    from vigie.store import StoreData

#: The folder of the arrays inside a generation, and the version of what it holds: the manifest
#: names the version, so a reader never trusts arrays of another layout.
INDEX_DIR = "index"
INDEX_FORMAT = 3  # 3: per article, the pairs of actors named together (query.pairs adds up their columns)
#: The layout before: still mapped, with the pairs' columns built in memory from what it holds.
_FORMAT_WITHOUT_PAIRS = 2
#: The free-text index's own folder inside it (:mod:`vigie.text_index`).
TEXT_DIR = "text"
_SHAPES = "shapes.json"


def write_arrays(folder: Path, arrays: dict[str, np.ndarray], shapes: dict[str, list[int]]) -> None:
    """Write the arrays as ``.npy`` files in ``folder`` (inside a generation not yet published), synced."""
    folder.mkdir()
    for name, array in arrays.items():
        np.save(folder / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
    (folder / _SHAPES).write_text(json.dumps(shapes), encoding="utf-8")


def sync(folder: Path) -> None:
    """Flush every file under ``folder`` (and the folders) to disk: the manifest is published next."""
    for path in sorted(folder.rglob("*"), reverse=True) + [folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def open_arrays(folder: Path) -> tuple[dict[str, np.ndarray], dict[str, list[int]]]:
    """The arrays of ``folder``, memory-mapped read-only (the OS shares their pages between kernels)."""
    arrays = {path.name[:-len(".npy")]: np.load(path, mmap_mode="r", allow_pickle=False)
              for path in folder.glob("*.npy")}
    return arrays, json.loads((folder / _SHAPES).read_text(encoding="utf-8"))


def _ids(column: pd.Series):
    """The article ids as the article table holds them, over the mapped file, when they are one Arrow
    chunk (``to_numpy()`` made a Python string of each: 80 MB in every kernel at 1,000,000 articles);
    as a numpy array of strings otherwise (a table read from Parquet, in row groups): pandas joins
    the chunks of an Arrow column at every ``take``, 32 ms for 200 ids of two chunks."""
    array = column.array
    arrow = getattr(array, "__arrow_array__", None)
    return array if arrow is not None and arrow().num_chunks <= 1 else column.to_numpy()


class Indexes:
    """What every question asked of one loaded store shares, and the answers remembered per filter.

    Why: one filter change asks several views (overview, timeline, table...),
    each starting from the same selection.  Entries are keyed by the frozen
    ``vigie.query.Filter``, so nothing stale can be returned; the store's
    frames are never modified, so what was computed from them stays true.
    """

    SELECTIONS = 64  # filters remembered per store
    SEARCHES = 16  # text searches remembered per store (each holds a mask, not texts)

    def __init__(self, data: StoreData) -> None:
        folder = data._generation / INDEX_DIR
        layout = data.manifest.get("indexes")
        self.mapped = layout in (INDEX_FORMAT, _FORMAT_WITHOUT_PAIRS) and folder.is_dir()
        if self.mapped:
            self._arrays, self._shapes = open_arrays(folder)
            if layout == _FORMAT_WITHOUT_PAIRS:  # published before the pairs' columns: built once, here
                self._add_pairs()
        else:  # a generation older than the arrays: built here, from the tables
            self._arrays, self._shapes = build_arrays(data.articles, data.mentions, data.sentences,
                                                      data.article_themes)
        arrays = self._arrays
        self.ids = _ids(data.articles["id"])
        self.dates = pd.Series(np.asarray(arrays["dates"]).view("datetime64[ns]"), index=data.articles.index,
                               name="date")  # aligned with data.articles, NaT if undated
        self.of_mention = arrays["of_mention"]  # each mention's article position (-1: none)
        self.actor_code = arrays["actor_code"]  # each mention's actor code (-1: none)
        self.mention_start, self.mention_end = arrays["mention_start"], arrays["mention_end"]
        self.actor_ids = pd.Index(arrays["actor_ids"].tolist(), dtype=str)
        self.selections: dict = {}
        self.searches: dict[str, np.ndarray] = {}
        self.actor_counts: dict = {}
        self._built: dict = {}  # the structures below, each assembled on first use
        self._data = weakref.ref(data)
        #: The free-text index (:mod:`vigie.text_index`); None on an older generation, searched as before.
        text = folder / TEXT_DIR
        self.text = TextIndex(text, len(self.ids)) if self.mapped and (text / WORDS).exists() else None

    def once(self, key, build):
        """``build()``, called on the first ask for ``key`` only: a structure every later question
        (or click) of this store reuses, dropped with the store."""
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]

    def position(self, article_id: object) -> int | None:
        """An article's position in ``data.articles``, or None where the store has no such id.

        A binary search over the articles in id order (:meth:`id_rank` inverted once): a click or
        a link no longer compares every id, and no hash table of every id is held (at 1,000,000
        articles, 80 MB of Python strings in each kernel; the inverted order is 8 MB).
        """
        if not isinstance(article_id, str):
            return None
        by_id, ids = self.once("by_id", self._by_id), self.ids
        low, high = 0, len(by_id)
        while low < high:
            middle = (low + high) // 2
            if ids[by_id[middle]] < article_id:
                low = middle + 1
            else:
                high = middle
        return int(by_id[low]) if low < len(by_id) and ids[by_id[low]] == article_id else None

    def _by_id(self) -> np.ndarray:
        rank = self.id_rank()
        by_id = np.empty(len(rank), dtype=np.int64)
        by_id[rank] = np.arange(len(rank))
        return by_id

    def known_articles(self) -> ArticleIds:
        """The store's article ids as a collection whose ``in`` is :meth:`position`."""
        return ArticleIds(self)

    def _matrix(self, name: str, kind=sparse.csc_matrix, *, data: str | None = None):
        """A sparse matrix over the arrays (no copy of the mapped ones)."""
        arrays = self._arrays
        return kind((arrays[data or f"{name}.data"], arrays[f"{name}.indices"], arrays[f"{name}.indptr"]),
                    shape=tuple(self._shapes[name]), copy=False)

    def actor_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Per actor code, its row in data.actors (-1 if none) and its place in name order."""
        def build():
            actors = self._data().actors
            row = pd.Index(actors["id"].astype(str)).get_indexer(self.actor_ids)
            names = pd.Series(actors["name"].array.take(np.maximum(row, 0)) if len(actors) else [None] * len(row))
            rank = np.empty(len(row), dtype=np.int64)
            rank[names.sort_values(kind="stable").index.to_numpy()] = np.arange(len(row))
            return row, rank
        return self.once("actor_rows", build)

    def mentions(self) -> sparse.csc_matrix:
        """Mentions per article (rows: positions in data.articles) and actor (columns: actor codes)."""
        return self.once("mentions", lambda: self._matrix("mentions"))

    def mentioned(self) -> sparse.csc_matrix:
        """1 where an article mentions an actor: :meth:`mentions` without the counts."""
        return self.once("mentioned", lambda: self._matrix("mentions", data="mentioned.data"))

    def by_article(self) -> sparse.csr_matrix:
        """:meth:`mentions` stored row by row: one article's actors without a scan of every mention."""
        return self.once("by_article", lambda: self._matrix("by_article", sparse.csr_matrix))

    def pairs(self, level: str) -> tuple[sparse.csc_matrix, np.ndarray, np.ndarray, sparse.csc_matrix]:
        """What co-occurrence counts at ``level`` (sentences or articles): (per article and pair of
        actors, the units naming both; each pair's first and second actor code; per article and
        actor, the units naming the actor)."""
        def build():
            name = f"pairs.{level}"
            return (self._matrix(name), self._arrays[f"{name}.first"], self._arrays[f"{name}.second"],
                    self.mentioned() if level == "article" else self._matrix("per_article"))
        return self.once(("pairs", level), build)

    def _add_pairs(self) -> None:
        """The pairs' columns of a layout-2 generation, from its sentences naming two actors or more."""
        arrays, shapes = pair_arrays(self._matrix("pairs"), self._arrays["pair_article"],
                                     self._matrix("by_article", sparse.csr_matrix), self._shapes["mentions"][0])
        self._arrays = {**self._arrays, **arrays}
        self._shapes = {**self._shapes, **shapes}

    def sentence_counts(self) -> np.ndarray:
        """Sentences per article."""
        return self._arrays["sentence_counts"]

    def themes(self) -> tuple[sparse.csr_matrix, sparse.csr_matrix, pd.Index]:
        """(assigned themes per article, their hits; columns: theme codes; theme id per code)."""
        return self.once("themes", lambda: (
            self._matrix("themes", sparse.csr_matrix), self._matrix("hits", sparse.csr_matrix),
            pd.Index(self._arrays["theme_ids"].tolist(), dtype=str)))

    def theme_scores(self) -> sparse.csr_matrix:
        """The assigned themes' scores, on the same cells as :meth:`themes`' hits."""
        return self.once("theme_scores", lambda: self._matrix("score", sparse.csr_matrix))

    def newest_first(self) -> np.ndarray:
        """Article positions newest first, undated last, then by id."""
        return self._arrays["newest_first"]

    def id_rank(self) -> np.ndarray:
        """Each article's place in id order (ties between articles broken as ids would be)."""
        return self._arrays["id_rank"]

    def periods(self, granularity: str) -> tuple[np.ndarray, np.ndarray]:
        """(each article's period as a pandas Period ordinal, whether the time axis can place it)."""
        return self._arrays[f"period.{granularity}"], self._arrays[f"placeable.{granularity}"]

    def stories(self) -> tuple[np.ndarray, np.ndarray, pd.Index]:
        """(story code per article, article positions oldest first, story id per code), all
        empty when no article has a copy."""
        def build():
            first = self._arrays["story_first"]
            articles = self._data().articles
            # Column by column, not a loop over the stories: 950,000 of them at 1,000,000 articles.
            story = articles["story"].take(first).reset_index(drop=True)
            ids = story.fillna(articles["id"].take(first).reset_index(drop=True))
            return self._arrays["story_code"], self._arrays["story_order"], pd.Index(ids.astype(str), dtype=str)
        return self.once("stories", build)

    def story_members(self) -> tuple[np.ndarray, np.ndarray]:
        """(article positions grouped by story code, oldest first within each story; where each
        code's group starts, and one past the last): a story's copies without a scan of every
        article's story (23 ms per article table at 1,000,000 articles)."""
        def build():
            code, order, _ = self.stories()
            grouped = order[np.argsort(code[order], kind="stable")]
            starts = np.searchsorted(code[grouped], np.arange(len(self._arrays["story_first"]) + 1))
            return grouped.astype(np.int32), starts
        return self.once("story_members", build)


class ArticleIds(Collection):
    """A store's article ids where only ``in`` is asked (the ids a link may name): answered by
    :meth:`Indexes.position`, without a tuple or set of every id."""

    def __init__(self, indexes: Indexes) -> None:
        self._indexes = indexes

    def __contains__(self, article_id: object) -> bool:
        return self._indexes.position(article_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._indexes.ids)

    def __len__(self) -> int:
        return len(self._indexes.ids)
