"""What a dashboard kernel needs from a store, computed from its tables: the arrays of :mod:`vigie.indexes`.

Why a module of its own: the same function runs at publish (the arrays are then
written into the new generation and memory-mapped by every kernel) and on
loading a generation written before they existed (built in memory, as every
kernel did before).  One function for both is what keeps the two answers equal.

Every array is a plain numpy array of numbers or fixed-width strings, so that
``np.load(..., mmap_mode="r")`` opens it without a copy; a sparse matrix is its
three arrays (``<name>.data``, ``.indices``, ``.indptr``) and its shape.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

#: How fine a date must be to sit on each time axis: an article dated "2019"
#: cannot be placed in a month, so it is left out of a monthly timeline.
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
NEEDED_RANK = {"day": 0, "week": 0, "month": 1, "year": 2}
#: Weeks end on Sunday, so each week's period starts on a Monday.
PERIOD_CODES = {"day": "D", "week": "W-SUN", "month": "M", "year": "Y"}


def build_arrays(articles: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame,
                 article_themes: pd.DataFrame) -> tuple[dict[str, np.ndarray], dict[str, list[int]]]:
    """(the arrays by name, the shape of each sparse matrix by name), from the tables as
    :func:`vigie.store.load` reads them (same row order, same categoricals)."""
    arrays: dict[str, np.ndarray] = {}
    shapes: dict[str, list[int]] = {}

    def matrix(name: str, value: sparse.spmatrix) -> None:
        arrays[f"{name}.data"], arrays[f"{name}.indices"], arrays[f"{name}.indptr"] = (
            value.data, value.indices, value.indptr)
        shapes[name] = list(value.shape)

    ids = articles["id"].to_numpy()
    n = len(ids)
    positions = pd.Index(articles["id"])
    dates = pd.to_datetime(articles["date"])
    arrays["dates"] = dates.to_numpy(dtype="datetime64[ns]").view(np.int64)
    # Each mention's article as a position in articles: "rows of the selected articles"
    # becomes an array lookup instead of a string comparison per row.
    of_mention = positions.get_indexer(mentions["article_id"])
    actor_code, actor_ids = pd.factorize(mentions["actor_id"])  # categorical: no string per row
    # int32, not the int64 pandas returns: one per mention, 34 million at 1,000,000 articles (270 MB each as int64).
    arrays["of_mention"], arrays["actor_code"] = of_mention.astype(np.int32), actor_code.astype(np.int32)
    arrays["actor_ids"] = _strings(actor_ids.astype(str))
    arrays["mention_start"] = mentions["start"].to_numpy()
    arrays["mention_end"] = mentions["end"].to_numpy()
    n_actors = len(actor_ids)
    known = (of_mention >= 0) & (actor_code >= 0)
    counts = _counts(of_mention[known], actor_code[known], (n, n_actors))
    matrix("mentions", counts)
    arrays["mentioned.data"] = np.ones_like(counts.data)
    by_article = counts.tocsr()
    matrix("by_article", by_article)
    # Co-occurrence by sentence: units are (article, sentence) pairs naming an actor.
    sentence = mentions["sentence"].to_numpy()[known].astype(np.int64)
    span = int(sentence.max(initial=0)) + 1
    units, unit = np.unique(of_mention[known].astype(np.int64) * span + sentence, return_inverse=True)
    present = _counts(unit, actor_code[known], (len(units), n_actors)).tocsr()
    several = np.flatnonzero(np.diff(present.indptr) >= 2)  # no other unit holds a pair
    cells = present.tocoo()
    matrix("per_article", _counts((units // span)[cells.row], cells.col, (n, n_actors)))
    found, found_shapes = pair_arrays(present[several], (units[several] // span).astype(np.int32), by_article, n)
    arrays.update(found)
    shapes.update(found_shapes)
    of_sentence = positions.get_indexer(sentences["article_id"])
    arrays["sentence_counts"] = np.bincount(of_sentence[of_sentence >= 0], minlength=n)[:n]
    of_theme = positions.get_indexer(article_themes["article_id"])
    rows = article_themes["assigned"].to_numpy(dtype=bool) & (of_theme >= 0)
    code, theme_ids = pd.factorize(article_themes.loc[rows, "theme_id"].astype(str))
    shape = (n, len(theme_ids))
    matrix("themes", _counts(of_theme[rows], code, shape).tocsr())
    for name in ("hits", "score"):  # same cells in both: holdings reads them side by side
        matrix(name, sparse.coo_matrix((article_themes.loc[rows, name].to_numpy(), (of_theme[rows], code)),
                                       shape=shape).tocsr())
    arrays["theme_ids"] = _strings(theme_ids)
    as_ns = dates.to_numpy(dtype="datetime64[ns]")
    undated = np.isnat(as_ns)
    arrays["newest_first"] = np.lexsort((ids.astype(str), np.where(undated, 0, -as_ns.view(np.int64)), undated))
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(ids.astype(str), kind="stable")] = np.arange(n)
    arrays["id_rank"] = rank
    precision = articles["date_precision"].astype(str).map(PRECISION_RANK)
    for granularity, code_of in PERIOD_CODES.items():
        arrays[f"period.{granularity}"] = dates.dt.to_period(code_of).array.asi8
        arrays[f"placeable.{granularity}"] = (dates.notna() & (precision <= NEEDED_RANK[granularity])).to_numpy()
    arrays.update(_stories(articles, ids, as_ns))
    return arrays, shapes


def pair_arrays(sentences: sparse.csr_matrix, article_of: np.ndarray, by_article: sparse.csr_matrix,
                n: int) -> tuple[dict[str, np.ndarray], dict[str, list[int]]]:
    """Per article and pair of actors, the units naming both: ``pairs.sentence`` from the sentences
    naming two actors or more (rows of ``sentences``, each in article ``article_of``), and
    ``pairs.article`` from the articles (``by_article``); with each column's two actor codes
    (``.first`` < ``.second``).

    Why: the co-occurrence view asks at every filter change how many units of the kept articles
    name each pair of the most mentioned actors.  A product of the units × actors matrix by itself
    answered it each time (180 ms of a 1,000,000-article redraw, every sentence holding a pair
    read again); the pairs of each unit are listed once here, and a change only adds up the kept
    articles' cells of the pairs' columns.
    """
    arrays: dict[str, np.ndarray] = {}
    shapes: dict[str, list[int]] = {}
    for level, units, of_unit in (("sentence", sentences, article_of), ("article", by_article, np.arange(n))):
        counts, first, second = _pair_counts(units, of_unit, n)
        name = f"pairs.{level}"
        arrays[f"{name}.data"], arrays[f"{name}.indices"], arrays[f"{name}.indptr"] = (
            counts.data, counts.indices, counts.indptr)
        arrays[f"{name}.first"], arrays[f"{name}.second"] = first, second
        shapes[name] = list(counts.shape)
    return arrays, shapes


def _pair_counts(units: sparse.csr_matrix, article_of: np.ndarray,
                 n: int) -> tuple[sparse.csc_matrix, np.ndarray, np.ndarray]:
    """(articles × pairs: how many of each article's units name both actors of the pair; each
    pair's first and second actor code), from units × actors (non-zero where a unit names one)."""
    units = sparse.csr_matrix(units)
    if not units.has_sorted_indices:  # a copy: the matrix may be mapped read-only
        units = units.copy()
        units.sort_indices()
    n_actors = units.shape[1]
    article_of = np.asarray(article_of).astype(np.int64)
    lengths = np.diff(units.indptr)
    first, second, article = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    for k in np.unique(lengths[lengths >= 2]):  # units naming k actors: k (k - 1) / 2 pairs each
        rows = np.flatnonzero(lengths == k)
        actors = units.indices[units.indptr[rows][:, None] + np.arange(k)]
        left, right = np.triu_indices(k, 1)
        first.append(actors[:, left].ravel().astype(np.int64))
        second.append(actors[:, right].ravel().astype(np.int64))
        article.append(np.repeat(article_of[rows], len(left)))
    keys, column = np.unique(np.concatenate(first) * n_actors + np.concatenate(second), return_inverse=True)
    counts = _counts(np.concatenate(article), column.ravel(), (n, len(keys)))
    return counts, (keys // n_actors).astype(np.int32), (keys % n_actors).astype(np.int32)


def story_defaults(articles: pd.DataFrame) -> pd.DataFrame:
    """Every article in a story: an article no story names (a store built by hand or before
    stories) is its own story of one copy.  Set once, here and when the index arrays are
    built, so no reader has to fill the gaps again."""
    if not articles["story"].isna().any() and not articles["n_copies"].isna().any():
        return articles
    return articles.assign(story=articles["story"].fillna(articles["id"]),
                           n_copies=articles["n_copies"].fillna(1).astype("int32"))


def _stories(articles: pd.DataFrame, ids: np.ndarray, dates: np.ndarray) -> dict[str, np.ndarray]:
    """Story code per article, article positions oldest first (undated last, then by id) and,
    per story code, the position of an article holding its id; all empty when no article
    has a copy."""
    articles = story_defaults(articles)
    if not len(articles) or not articles["n_copies"].max() > 1:
        empty = np.empty(0, dtype=np.int64)
        return {"story_code": empty, "story_order": empty, "story_first": empty}
    story = articles["story"].astype(str)
    code, _ = pd.factorize(story)
    first = np.full(code.max() + 1, len(code))
    np.minimum.at(first, code, np.arange(len(code)))
    return {"story_code": code, "story_order": np.lexsort((ids.astype(str), dates, np.isnat(dates))),
            "story_first": first}


def _strings(values) -> np.ndarray:
    """Fixed-width unicode, which ``np.load`` maps without pickling."""
    return np.asarray(list(values), dtype=str) if len(values) else np.empty(0, dtype="<U1")


def _counts(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]) -> sparse.csc_matrix:
    """How many times each (row, column) pair occurs, as a sparse matrix."""
    counts = sparse.coo_matrix((np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=shape).tocsc()
    counts.sum_duplicates()
    return counts
