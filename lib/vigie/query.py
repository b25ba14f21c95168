"""Questions asked of a loaded store: a frozen :class:`Filter` in, data frames out.

Why this shape:
- Every view of the dashboard (and every notebook cell) asks through the same
  :class:`Filter`, so two charts on screen can never disagree about what is
  selected.  The functions are pure: same store and filter, same frames.
- Everything is vectorised over the store's tables: each store gets, once and
  on first use, integer matrices (article × actor mention counts, sentence ×
  actor, article × theme; scipy.sparse) and a newest-first article order, so a
  filter change on 100,000 articles is a few sparse products over the kept
  rows and a small frame per view; Python loops only ever run over the
  handful of rows a view shows.
- Articles without a date count everywhere except on the time axis; the
  timeline says how many it had to leave out, rather than hiding them.
- Wire copies of one story (``story``, ``n_copies`` in the store) can be
  counted once: ``Filter(stories=True)`` keeps one article per story, see
  :class:`Filter`.
"""
from __future__ import annotations

import datetime as dt
import re
import weakref
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from vigie.store import StoreData

ActorMode = Literal["any", "all"]
Granularity = Literal["day", "week", "month", "year"]
Level = Literal["sentence", "article"]
Weight = Literal["count", "jaccard", "pmi"]

GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month", "year")
LEVELS: tuple[Level, ...] = ("sentence", "article")
WEIGHTS: tuple[Weight, ...] = ("count", "jaccard", "pmi")

#: How fine a date must be to sit on each time axis: an article dated "2019"
#: cannot be placed in a month, so it is left out of a monthly timeline.
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_NEEDED_RANK = {"day": 0, "week": 0, "month": 1, "year": 2}
#: Weeks end on Sunday, so each week's period starts on a Monday.
PERIOD_CODES = {"day": "D", "week": "W-SUN", "month": "M", "year": "Y"}


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


@dataclass(frozen=True)
class Timeline:
    """Mentions per actor and period, with the articles the time axis could not place."""

    frame: pd.DataFrame  # period, actor_id, name, mentions, articles, period_articles, share
    left_out: int  # selected articles undated, or dated too coarsely for the granularity
    granularity: Granularity = "month"
    peaks: pd.DataFrame = field(default_factory=pd.DataFrame)


# ---------------------------------------------------------------- selection


class _Shared:
    """What every question asked of one loaded store shares, computed once for that store.

    Why: one filter change asks several views (overview, timeline, table...),
    each starting from the same selection; at 10,000 articles the selection and
    the date parsing are most of a redraw.  Entries are keyed by the frozen
    Filter, so nothing stale can be returned; the store's frames are never
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
        self.selections: dict[Filter, np.ndarray] = {}
        self.searches: dict[str, np.ndarray] = {}
        self.actor_counts: dict[Filter, tuple[np.ndarray, np.ndarray]] = {}
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

    def units(self, level: Level) -> tuple[sparse.csc_matrix, np.ndarray, sparse.csc_matrix]:
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

    def periods(self, granularity: Granularity) -> tuple[np.ndarray, np.ndarray]:
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


_SHARED: dict[int, tuple[weakref.ref, _Shared]] = {}


def _shared(data: StoreData) -> _Shared:
    key = id(data)
    found = _SHARED.get(key)
    if found is None or found[0]() is not data:  # a new store, or one loaded where an old one lived
        found = (weakref.ref(data, lambda _ref, key=key: _SHARED.pop(key, None)), _Shared(data))
        _SHARED[key] = found
    return found[1]


def _counts(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]) -> sparse.csc_matrix:
    """How many times each (row, column) pair occurs, as a sparse matrix."""
    counts = sparse.coo_matrix((np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=shape).tocsc()
    counts.sum_duplicates()
    return counts


def _cells(matrix: sparse.csc_matrix, codes: np.ndarray, kept: np.ndarray | None = None):
    """The non-zero cells of some columns of an article × actor matrix, in the kept rows (all if
    ``kept`` is None): (row, place of the column in ``codes``, value)."""
    part = matrix[:, codes].tocoo()
    if kept is None:
        return part.row, part.col, part.data
    inside = kept[part.row]
    return part.row[inside], part.col[inside], part.data[inside]


def _codes(data: StoreData, actor_ids) -> np.ndarray:
    """The actor codes (columns of the matrices) of some actor ids, sorted, unknown ids left out."""
    codes = _shared(data).actor_ids.get_indexer(pd.Index(list(actor_ids), dtype=object))
    return np.unique(codes[codes >= 0])


def _lens(data: StoreData, flt: Filter) -> np.ndarray:
    """Per actor code, whether the filter's actor types let it count."""
    actor_ids = _shared(data).actor_ids
    if not flt.actor_types:
        return np.ones(len(actor_ids), dtype=bool)
    return actor_ids.isin(data.actors.loc[data.actors["type"].isin(flt.actor_types), "id"])


def _remember(cache: dict, key, value, *, size: int):
    if len(cache) >= size:
        cache.pop(next(iter(cache)))
    cache[key] = value
    return value


def selected_ids(data: StoreData, flt: Filter) -> pd.Index:
    """Ids of the articles the filter keeps, in the store's order."""
    return pd.Index(_shared(data).ids[_kept(data, flt)], name="id")


def _rows_of(kept: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Which rows of a per-article table belong to kept articles (rows of unknown articles: none)."""
    return np.append(kept, False)[positions]  # position -1 reads the appended False


def _kept(data: StoreData, flt: Filter) -> np.ndarray:
    """The filter as a mask over ``data.articles`` (remembered per store and filter)."""
    shared = _shared(data)
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
        themes = data.article_themes
        rows = (themes["assigned"] & themes["theme_id"].isin(flt.themes)).to_numpy()
        keep &= _articles_of(shared.of_theme[rows], len(articles))
    if flt.actors:
        keep &= _articles_with_actors(data, flt.actors, mode=flt.actor_mode)
    if flt.text.strip():
        keep &= _text_match(data, flt.text.strip())
    if flt.stories:
        keep = _one_per_story(shared, keep)
    keep.flags.writeable = False  # shared by every caller
    return _remember(shared.selections, flt, keep, size=_Shared.SELECTIONS)


def _one_per_story(shared: _Shared, keep: np.ndarray) -> np.ndarray:
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


def _articles_of(positions: np.ndarray, n: int) -> np.ndarray:
    """A mask over the n articles, true where some row's article position points."""
    mask = np.zeros(n, dtype=bool)
    mask[positions[positions >= 0]] = True
    return mask


def _articles_with_actors(data: StoreData, actors: tuple[str, ...], *, mode: ActorMode) -> np.ndarray:
    """A mask over the articles mentioning any (or all) of the actors."""
    rows, _, _ = _cells(_shared(data).mentioned(), _codes(data, actors))
    per_article = np.bincount(rows, minlength=len(data.articles))  # how many of the actors each mentions
    return per_article >= (1 if mode == "any" else len(set(actors)))


def _text_match(data: StoreData, needle: str) -> np.ndarray:
    """Which articles (aligned with ``data.articles``) contain the words, title included."""
    shared = _shared(data)
    if needle in shared.searches:
        return shared.searches[needle]
    in_title = data.articles["title"].fillna("").str.contains(needle, case=False, regex=False)
    in_text = data.articles["id"].isin(data.ids_of_texts_containing(needle))
    found = (in_title | in_text).to_numpy(dtype=bool)
    return _remember(shared.searches, needle, found, size=_Shared.SEARCHES)


def _scoped_rows(data: StoreData, flt: Filter, kept: np.ndarray) -> np.ndarray:
    """Which mentions lie in the kept articles and name an actor of the types the filter looks at."""
    rows = _rows_of(kept, _shared(data).of_mention)
    if flt.actor_types:
        typed = data.actors.loc[data.actors["type"].isin(flt.actor_types), "id"]
        rows &= data.mentions["actor_id"].isin(typed).to_numpy()
    return rows


def _scoped_mentions(data: StoreData, flt: Filter, kept: np.ndarray) -> pd.DataFrame:
    """Mentions in the kept articles, limited to the actor types the filter looks at."""
    return data.mentions.loc[_scoped_rows(data, flt, kept)]


def _names(data: StoreData) -> pd.Series:
    return data.actors.set_index("id")["name"]


# ---------------------------------------------------------------- overview


def top_actors(data: StoreData, flt: Filter, *, limit: int | None = 20) -> pd.DataFrame:
    """Actors of the selection by mentions: actor_id, name, type, registered, mentions, articles."""
    shared = _shared(data)
    mentions, articles = _actor_counts(data, flt)
    row, name_rank = shared.actor_rows()
    listed = np.flatnonzero((mentions > 0) & (row >= 0))  # actors missing from data.actors are not listed
    listed = listed[np.lexsort((name_rank[listed], -articles[listed], -mentions[listed]))][:limit or None]
    frame = data.actors.iloc[row[listed]][["id", "name", "type", "registered"]].rename(columns={"id": "actor_id"})
    return frame.assign(mentions=mentions[listed], articles=articles[listed]).reset_index(drop=True)


def _actor_counts(data: StoreData, flt: Filter) -> tuple[np.ndarray, np.ndarray]:
    """Per actor code, its mentions and the articles naming it in the selection (0 outside the
    filter's actor types); remembered per filter, as several views ask for the top actors."""
    shared = _shared(data)
    if flt not in shared.actor_counts:
        kept = _kept(data, flt).astype(np.int32)
        lens = _lens(data, flt)
        counts = (np.where(lens, shared.mentions().T @ kept, 0).astype(np.int64),
                  np.where(lens, shared.mentioned().T @ kept, 0).astype(np.int64))
        _remember(shared.actor_counts, flt, counts, size=_Shared.SELECTIONS)
    return shared.actor_counts[flt]


def top_themes(data: StoreData, flt: Filter) -> pd.DataFrame:
    """Themes assigned in the selection: theme_id, label, articles, hits (most articles first)."""
    themes, hits, theme_ids = _shared(data).themes()
    kept = _kept(data, flt).astype(np.int32)
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
    inside = _kept(data, flt)
    chosen = data.articles.loc[inside, ["date_precision"]].assign(date=_shared(data).dates[inside])
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


# ---------------------------------------------------------------- timeline


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
    shared = _shared(data)
    kept = _kept(data, flt)
    # The share's denominator: the period's articles under every filter but the actors.
    context = _kept(data, replace(flt, actors=())) if flt.actors else kept
    ordinal, placeable = shared.periods(granularity)
    chosen = actors or flt.actors or tuple(top_actors(data, flt, limit=limit)["actor_id"])
    codes = _codes(data, chosen)
    codes = codes[_lens(data, flt)[codes]]
    # One cell per (article, actor): its period, and how many times the article names the actor.
    article, actor, n = _cells(shared.mentions(), codes, kept & placeable)
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
    context = _kept(data, replace(flt, actors=())) if flt.actors else kept
    placed = ordinal[context & placeable] - first
    period_articles = np.bincount(placed[(placed >= 0) & (placed < n_periods)], minlength=n_periods)
    frame = pd.DataFrame({
        "period": np.tile(_start_times(np.arange(first, first + n_periods), granularity), len(drawn)),
        "actor_id": shared.actor_ids[codes[drawn]].repeat(n_periods),
        "mentions": mentions[:, drawn].T.ravel(),
        "articles": articles[:, drawn].T.ravel(),
    })
    frame["name"] = frame["actor_id"].map(_names(data))
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
    order = np.lexsort((_shared(data).id_rank()[article], -n, actor))  # per actor: most mentions, lowest id
    top = order[np.unique(actor[order], return_index=True)[1]]
    at = np.zeros(actor.max(initial=0) + 1, dtype=np.int64)
    at[actor[top]] = article[top]
    peaks = best[["actor_id", "name", "period", "mentions"]].reset_index(drop=True)
    peaks["article_id"] = data.articles["id"].array.take(at[drawn]).astype(str)
    peaks["title"] = data.articles["title"].array.take(at[drawn])
    return peaks[columns]


# ---------------------------------------------------------------- co-occurrence


def cooccurrence(
    data: StoreData,
    flt: Filter,
    *,
    level: Level = "sentence",
    limit: int | None = 30,
) -> pd.DataFrame:
    """Pairs of actors mentioned in the same sentence (or article), with three weights.

    ``count`` is the number of units holding both; ``jaccard`` is
    count / (units with a + units with b - count); ``pmi`` is
    log2(count * N / (units with a * units with b)) where N is every unit
    of the selection (all its sentences, or all its articles).  Only the
    ``limit`` most mentioned actors take part, which keeps the pair count
    (and the picture) bounded on large corpora.
    Columns: source, target, source_name, target_name, count, jaccard, pmi.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    shared = _shared(data)
    kept = _kept(data, flt)
    if limit:
        codes = _codes(data, top_actors(data, flt, limit=limit)["actor_id"])
    else:
        codes = np.flatnonzero(_lens(data, flt))
    # Units (sentences or articles) × the actors taking part: the pair counts are one sparse product.
    holding, article_of, per_article = shared.units(level)
    total = int(shared.sentence_counts()[kept].sum()) if level == "sentence" else int(kept.sum())
    per_actor = pd.Series((per_article[:, codes].T @ kept.astype(np.int32)).astype(np.int64), index=codes)
    part = holding[:, codes]  # 0 in the units of articles left out, so that they add nothing
    part = sparse.csc_matrix((kept[article_of[part.indices]].astype(np.int64), part.indices, part.indptr),
                             shape=part.shape)
    pairs = (part.T @ part).tocoo()
    first, second = codes[pairs.row], codes[pairs.col]
    ordered = (first < second) & (pairs.data > 0)
    edges = pd.DataFrame({"actor_a": first[ordered], "actor_b": second[ordered],
                          "count": pairs.data[ordered].astype(np.int64)})
    columns = ["source", "target", "source_name", "target_name", "count", "jaccard", "pmi"]
    if edges.empty:
        return pd.DataFrame(columns=columns)
    n_a = edges["actor_a"].map(per_actor)
    n_b = edges["actor_b"].map(per_actor)
    first = np.asarray(shared.actor_ids, dtype=object)[edges["actor_a"].to_numpy()]
    second = np.asarray(shared.actor_ids, dtype=object)[edges["actor_b"].to_numpy()]
    edges["source"] = np.where(first < second, first, second)  # each pair named in id order
    edges["target"] = np.where(first < second, second, first)
    edges["jaccard"] = edges["count"] / (n_a + n_b - edges["count"])
    edges["pmi"] = np.log2(edges["count"] * total / (n_a * n_b))
    names = _names(data)
    edges["source_name"] = edges["source"].map(names)
    edges["target_name"] = edges["target"].map(names)
    edges = edges.sort_values(["count", "source", "target"], ascending=[False, True, True])
    return edges[columns].reset_index(drop=True)


# ---------------------------------------------------------------- actors x themes


def actor_themes(data: StoreData, flt: Filter, *, limit: int = 15) -> pd.DataFrame:
    """Articles where an actor is mentioned and a theme assigned, for the top actors.

    Columns: actor_id, name, theme_id, label, articles (long form, one row per
    non-empty cell).
    """
    shared = _shared(data)
    codes = _codes(data, top_actors(data, flt, limit=limit)["actor_id"])
    article, actor, _ = _cells(shared.mentioned(), codes, _kept(data, flt))
    mentioning = sparse.csr_matrix((np.ones(len(article), dtype=np.int64), (article, actor)),
                                   shape=(len(data.articles), len(codes)))
    themes, _, theme_ids = shared.themes()
    cells = (mentioning.T @ themes).tocoo()  # only kept articles have a row in ``mentioning``
    frame = pd.DataFrame({"actor_id": shared.actor_ids[codes[cells.row]], "theme_id": theme_ids[cells.col],
                          "articles": cells.data.astype(np.int64)})
    frame["name"] = frame["actor_id"].map(_names(data))
    frame["label"] = frame["theme_id"].map(data.themes.set_index("id")["label"]).fillna(frame["theme_id"])
    frame = frame.sort_values(["actor_id", "theme_id"])
    return frame[["actor_id", "name", "theme_id", "label", "articles"]].reset_index(drop=True)


# ---------------------------------------------------------------- articles


def _newest_first(data: StoreData, kept: np.ndarray, *, extra: list[str] | None = None,
                  limit: int | None = None) -> pd.DataFrame:
    """The kept articles' id, date, date_precision, title, source (and ``extra`` columns);
    newest first, undated last (the first ``limit`` only, if given)."""
    order = _shared(data).newest_first()
    chosen = order[kept[order]]
    columns = data.articles.columns.get_indexer(["id", "date", "date_precision", "title", "source", *(extra or [])])
    return data.articles.iloc[chosen[:limit] if limit else chosen, columns]


def article_rows(data: StoreData, flt: Filter, *, limit: int | None = 200) -> pd.DataFrame:
    """The selected articles, newest first and undated last, for the article table.

    Columns: id, date, date_precision, title, source, actors (most mentioned
    first, at most five names), themes (assigned labels), story, n_copies (the
    story's articles in the store).  Names are joined only for the
    ``limit`` rows returned, never for the whole selection.
    """
    shared = _shared(data)
    rows = _newest_first(data, _kept(data, flt), extra=["story", "n_copies"], limit=limit)
    on_screen = np.zeros(len(data.articles), dtype=bool)
    on_screen[data.articles.index.get_indexer(rows.index)] = True
    named = shared.by_article()[np.flatnonzero(on_screen)].tocoo()  # their actors, read row by row
    lens = _lens(data, flt)[named.col]
    counts = pd.DataFrame({"article_id": data.articles["id"].array.take(np.flatnonzero(on_screen)[named.row[lens]]),
                           "actor_id": shared.actor_ids[named.col[lens]], "n": named.data[lens].astype(np.int64)})
    counts["name"] = counts["actor_id"].map(_names(data))
    counts = counts.sort_values(["article_id", "n", "name"], ascending=[True, False, True])
    top = counts.groupby("article_id").head(5)
    actors = _joined(top["article_id"], top["name"])
    themed = data.article_themes.loc[
        _rows_of(on_screen, _shared(data).of_theme) & data.article_themes["assigned"].to_numpy()]
    labels = themed["theme_id"].astype(str).map(data.themes.set_index("id")["label"])
    themes = _joined(themed["article_id"], labels, sort=True)
    rows = rows.assign(
        source=rows["source"].astype(str),
        date_precision=rows["date_precision"].astype("str"),
        actors=rows["id"].map(actors).astype("str").fillna(""),
        themes=rows["id"].map(themes).astype("str").fillna(""),
        story=rows["story"].fillna(rows["id"]).astype(str),
        n_copies=rows["n_copies"].fillna(1).astype(int),
    )
    return rows.reset_index(drop=True)


def _joined(keys, values, *, sort: bool = False) -> dict:
    """The values of each key joined with ", " (sorted, or in the order met): a loop over the
    rows on screen only, cheaper than a groupby calling Python once per group."""
    grouped: dict = {}
    for key, value in zip(keys, values, strict=True):
        grouped.setdefault(key, []).append(value)
    return {key: ", ".join(sorted(items) if sort else items) for key, items in grouped.items()}


def story_copies(data: StoreData, stories) -> pd.DataFrame:
    """Every article of the given stories, oldest first (undated last) within each story.

    Columns: story, id, date, date_precision, title, source.  What the article
    table lists under a story and the reader offers to compare.
    """
    code, order, story_ids = _shared(data).stories()
    wanted = story_ids.get_indexer(pd.Index([str(s) for s in stories])) if len(story_ids) else np.empty(0, int)
    inside = order[np.isin(code[order], wanted[wanted >= 0])]  # oldest first, as ``order`` is
    rows = data.articles.iloc[inside][["id", "date", "date_precision", "title", "source"]]
    rows = rows.assign(story=story_ids.take(code[inside]).astype(str).to_numpy() if len(inside) else "",
                       source=rows["source"].fillna("").astype(str), date_precision=rows["date_precision"].astype(str))
    rows = rows.sort_values("story", kind="stable")
    return rows[["story", "id", "date", "date_precision", "title", "source"]].reset_index(drop=True)


def copies_of(data: StoreData, article_id: str) -> pd.DataFrame:
    """The other articles of ``article_id``'s story (columns of :func:`story_copies`); empty if none."""
    found = data.articles.loc[data.articles["id"] == article_id]
    if found.empty or int(found["n_copies"].fillna(1).iloc[0]) < 2:
        return story_copies(data, ())
    story = found["story"].fillna(found["id"]).astype(str).iloc[0]
    members = story_copies(data, (story,))
    return members.loc[members["id"] != article_id].reset_index(drop=True)


def mention_rows(data: StoreData, flt: Filter) -> pd.DataFrame:
    """Every mention in the selection (actor types applied), with its actor and article.

    Columns: article_id, date, title, sentence, start, end, surface, actor_id,
    name, type, registered.
    """
    mentions = _scoped_mentions(data, flt, _kept(data, flt)).astype({"actor_id": str})
    actors = data.actors[["id", "name", "type", "registered"]].astype({"id": str, "type": str})
    frame = mentions.merge(actors.rename(columns={"id": "actor_id"}), on="actor_id")
    frame = frame.merge(data.articles[["id", "date", "title"]].rename(columns={"id": "article_id"}), on="article_id")
    frame = frame.sort_values(["article_id", "start"])
    columns = ["article_id", "date", "title", "sentence", "start", "end", "surface", "actor_id", "name", "type",
               "registered"]
    return frame[columns].reset_index(drop=True)


# ---------------------------------------------------------------- evidence: concordance and reader


def concordance(
    data: StoreData,
    flt: Filter,
    *,
    actor: str = "",
    word: str = "",
    width: int = 70,
    limit: int = 200,
) -> pd.DataFrame:
    """Keyword in context: each mention of ``actor`` (or occurrence of ``word``) in the selection.

    Columns: article_id, date, date_precision, title, left, match, right,
    start, end.  Rows follow the article table's order (newest first), at
    most ``limit`` of them; only the texts of articles that can
    still contribute rows are read from disk.
    """
    columns = ["article_id", "date", "date_precision", "title", "left", "match", "right", "start", "end"]
    if not actor and not word.strip():
        return pd.DataFrame(columns=columns)
    kept = _kept(data, flt)
    rows = _newest_first(data, kept)[["id", "date", "date_precision", "title"]]
    if actor:
        inside = _rows_of(kept, _shared(data).of_mention) & (data.mentions["actor_id"] == actor).to_numpy()
        hits = data.mentions.loc[inside, ["article_id", "start", "end"]]
        order = pd.Series(range(len(rows)), index=rows["id"].to_numpy())
        hits = hits.assign(_order=hits["article_id"].map(order)).sort_values(["_order", "start"]).head(limit)
        texts = data.texts(hits["article_id"].unique())
        spans = list(hits[["article_id", "start", "end"]].itertuples(index=False, name=None))
    else:
        spans, texts = _word_spans(data, rows["id"], word.strip(), limit=limit)
    found = pd.DataFrame(
        [(a, s, e, texts[a][max(0, s - width):s], texts[a][s:e], texts[a][e:e + width]) for a, s, e in spans],
        columns=["article_id", "start", "end", "left", "match", "right"],
    )
    frame = found.merge(rows.rename(columns={"id": "article_id"}), on="article_id", how="left")
    return frame[columns].reset_index(drop=True)


def _word_spans(data: StoreData, ids: pd.Series, word: str, *, limit: int) -> tuple[list, dict[str, str]]:
    """Whole-word, case-insensitive occurrences of ``word``, reading texts in batches until ``limit``."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    spans: list[tuple[str, int, int]] = []
    texts: dict[str, str] = {}
    for begin in range(0, len(ids), _TEXT_BATCH):
        batch = data.texts(ids.iloc[begin:begin + _TEXT_BATCH])
        for article_id in ids.iloc[begin:begin + _TEXT_BATCH]:
            text = batch.get(article_id, "")
            for match in pattern.finditer(text):
                spans.append((article_id, match.start(), match.end()))
                texts[article_id] = text
                if len(spans) >= limit:
                    return spans, texts
    return spans, texts


_TEXT_BATCH = 500


@dataclass(frozen=True)
class Reading:
    """One article for the reader: its text and what to highlight in it."""

    article: dict  # the articles row (id, title, date, date_precision, source, url, ...)
    text: str
    spans: pd.DataFrame  # start, end, kind ("actor" or "theme"), key (actor or theme id), label


def reading(data: StoreData, article_id: str) -> Reading | None:
    """The text of one article with its actor mentions and theme terms, or None if unknown.

    Spans that overlap an earlier one are dropped (an actor inside a theme
    term, say) so that the reader can wrap each span in one mark.
    """
    found = data.articles.loc[data.articles["id"] == article_id]
    if found.empty:
        return None
    text = data.texts([article_id]).get(article_id, "")
    names = _names(data)
    mentions = data.mentions.loc[data.mentions["article_id"] == article_id, ["start", "end", "actor_id"]]
    mentions = mentions.assign(kind="actor", key=mentions["actor_id"].astype(str),
                               label=mentions["actor_id"].astype(str).map(names))
    hits = data.theme_hits.loc[data.theme_hits["article_id"] == article_id, ["start", "end", "theme_id"]]
    labels = data.themes.set_index("id")["label"]
    hits = hits.assign(kind="theme", key=hits["theme_id"].astype(str),
                       label=hits["theme_id"].astype(str).map(labels))
    spans = pd.concat([mentions, hits])[["start", "end", "kind", "key", "label"]].sort_values(["start", "end"])
    spans = spans.loc[spans["start"] >= spans["end"].shift(fill_value=0).cummax()]
    return Reading(article=found.iloc[0].to_dict(), text=text, spans=spans.reset_index(drop=True))
