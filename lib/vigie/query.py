"""Questions asked of a loaded store: a frozen :class:`Filter` in, data frames out.

Why this shape:
- Every view of the dashboard (and every notebook cell) asks through the same
  :class:`Filter`, so two charts on screen can never disagree about what is
  selected.  The functions are pure: same store and filter, same frames.
- Everything is vectorised pandas over the store's tables (categorical actor
  and theme ids), so a filter change on 100,000 articles stays a few
  column operations; Python loops only ever run over the handful of rows a
  view shows.
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
        self.of_sentence = positions.get_indexer(data.sentences["article_id"])
        self.of_theme = positions.get_indexer(data.article_themes["article_id"])
        self.actor_code, self.actor_ids = pd.factorize(data.mentions["actor_id"].astype(str))
        self.selections: dict[Filter, np.ndarray] = {}
        self.searches: dict[str, np.ndarray] = {}
        self._stories: tuple[np.ndarray, np.ndarray, pd.Index] | None = None
        self._data = weakref.ref(data)

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
    shared = _shared(data)
    rows = data.mentions["actor_id"].isin(actors).to_numpy()
    n = len(data.articles)
    if mode == "any":
        return _articles_of(shared.of_mention[rows], n)
    pairs = np.unique(shared.of_mention[rows].astype(np.int64) * len(shared.actor_ids) + shared.actor_code[rows])
    per_article = np.bincount(pairs // len(shared.actor_ids), minlength=n)[:n]
    return per_article >= len(set(actors))


def _text_match(data: StoreData, needle: str) -> np.ndarray:
    """Which articles (aligned with ``data.articles``) contain the words, title included."""
    shared = _shared(data)
    if needle in shared.searches:
        return shared.searches[needle]
    texts = data.texts(data.articles["id"])
    body = data.articles["id"].map(texts).fillna("")
    haystack = data.articles["title"].fillna("") + "\n" + body
    found = haystack.str.contains(needle, case=False, regex=False).to_numpy(dtype=bool)
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
    rows = _scoped_rows(data, flt, _kept(data, flt))
    codes, n_codes = shared.actor_code[rows], len(shared.actor_ids)
    pairs = np.unique(shared.of_mention[rows].astype(np.int64) * n_codes + codes)
    counts = pd.DataFrame({
        "actor_id": np.asarray(shared.actor_ids, dtype=object),
        "mentions": np.bincount(codes, minlength=n_codes),
        "articles": np.bincount(pairs % n_codes, minlength=n_codes),
    })
    counts = counts.loc[counts["mentions"] > 0]
    actors = data.actors[["id", "name", "type", "registered"]].rename(columns={"id": "actor_id"})
    frame = counts.astype({"actor_id": str}).merge(actors.astype({"actor_id": str}), on="actor_id")
    frame = frame.sort_values(["mentions", "articles", "name"], ascending=[False, False, True])
    frame = frame[["actor_id", "name", "type", "registered", "mentions", "articles"]]
    return frame.head(limit).reset_index(drop=True) if limit else frame.reset_index(drop=True)


def top_themes(data: StoreData, flt: Filter) -> pd.DataFrame:
    """Themes assigned in the selection: theme_id, label, articles, hits (most articles first)."""
    inside = _rows_of(_kept(data, flt), _shared(data).of_theme)
    assigned = data.article_themes.loc[data.article_themes["assigned"].to_numpy() & inside]
    grouped = assigned.groupby("theme_id", observed=True)
    frame = pd.DataFrame({"articles": grouped.size(), "hits": grouped["hits"].sum()}).reset_index()
    frame = frame.astype({"theme_id": str}).merge(
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
    the actor; ``peaks`` holds,
    for each actor, its busiest period and the article with most mentions there.
    """
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}, not {granularity!r}")
    kept = _kept(data, flt)
    # The share's denominator: the period's articles under every filter but the actors.
    context = _kept(data, replace(flt, actors=())) if flt.actors else kept
    articles = data.articles.loc[context, ["id", "date", "date_precision", "title"]]
    rank = articles["date_precision"].astype(str).map(_PRECISION_RANK)
    placed = articles.loc[articles["date"].notna() & (rank <= _NEEDED_RANK[granularity])]
    period = _shared(data).dates[placed.index].dt.to_period(PERIOD_CODES[granularity]).dt.start_time
    period_of = pd.DataFrame({"article_id": placed["id"].astype(str).to_numpy(), "period": period.to_numpy()})
    period_articles = period_of["period"].value_counts()

    chosen = actors or flt.actors or tuple(top_actors(data, flt, limit=limit)["actor_id"])
    placeable = np.zeros(len(data.articles), dtype=bool)
    placeable[data.articles.index.get_indexer(placed.index)] = True
    mentions = _scoped_mentions(data, flt, kept & placeable)
    mentions = mentions.loc[mentions["actor_id"].isin(chosen), ["article_id", "actor_id"]].astype(str)
    mentions = mentions.merge(period_of, on="article_id")
    grouped = mentions.groupby(["period", "actor_id"])
    counts = pd.DataFrame({"mentions": grouped.size(), "articles": grouped["article_id"].nunique()})
    frame = _with_quiet_periods(counts, granularity=granularity)
    frame["name"] = frame["actor_id"].map(_names(data))
    frame["period_articles"] = frame["period"].map(period_articles).fillna(0).astype(int)
    frame["share"] = frame["articles"] / frame["period_articles"].where(frame["period_articles"] > 0)
    frame = frame.sort_values(["actor_id", "period"]).reset_index(drop=True)
    columns = ["period", "actor_id", "name", "mentions", "articles", "period_articles", "share"]
    return Timeline(
        frame=frame[columns],
        left_out=int((kept & ~placeable).sum()),
        granularity=granularity,
        peaks=_peaks(frame, mentions, placed),
    )


def _with_quiet_periods(counts: pd.DataFrame, *, granularity: Granularity) -> pd.DataFrame:
    """Every period between the first and last, with zeros where an actor is not mentioned.

    Without the zeros a line would join two distant mentions as if the actor
    had been talked about all along.  The share stays empty (NaN) for
    periods without any article, where it means nothing.
    """
    if counts.empty:
        return counts.reset_index()
    periods = counts.index.get_level_values("period")
    every = pd.period_range(periods.min(), periods.max(), freq=PERIOD_CODES[granularity]).start_time
    actors = counts.index.get_level_values("actor_id").unique()
    full = pd.MultiIndex.from_product([every, actors], names=["period", "actor_id"])
    return counts.reindex(full, fill_value=0).reset_index()


def _peaks(frame: pd.DataFrame, mentions: pd.DataFrame, placed: pd.DataFrame) -> pd.DataFrame:
    """Each actor's busiest period and, as its label, the article mentioning it most there."""
    columns = ["actor_id", "name", "period", "mentions", "article_id", "title"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    best = frame.sort_values(["mentions", "period"], ascending=[False, True]).drop_duplicates("actor_id")
    inside = mentions.merge(best[["actor_id", "period"]], on=["actor_id", "period"])
    per_article = inside.groupby(["actor_id", "article_id"]).size().rename("n").reset_index()
    top = per_article.sort_values(["n", "article_id"], ascending=[False, True]).drop_duplicates("actor_id")
    peaks = best.merge(top[["actor_id", "article_id"]], on="actor_id")
    titles = placed.set_index(placed["id"].astype(str))["title"]
    peaks["title"] = peaks["article_id"].map(titles)
    return peaks[columns].sort_values("actor_id").reset_index(drop=True)


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
    rows = _scoped_rows(data, flt, kept)
    if limit:
        taking_part = top_actors(data, flt, limit=limit)["actor_id"]
        rows &= np.isin(shared.actor_code, pd.Index(shared.actor_ids).get_indexer(taking_part))
    # Integer units (article position, or article and sentence) and actor codes: the
    # self-join that finds pairs is then a join of numbers, not of strings.
    unit = shared.of_mention[rows].astype(np.int64)
    if level == "sentence":
        sentences = data.mentions["sentence"].to_numpy()[rows].astype(np.int64)
        unit = unit * (int(sentences.max(initial=0)) + 1) + sentences
        total = int(_rows_of(kept, shared.of_sentence).sum())
    else:
        total = int(kept.sum())
    units = pd.DataFrame({"unit": unit, "actor": shared.actor_code[rows]}).drop_duplicates()
    per_actor = units.groupby("actor").size()
    pairs = units.merge(units, on="unit", suffixes=("_a", "_b"))
    pairs = pairs.loc[pairs["actor_a"] < pairs["actor_b"]]
    edges = pairs.groupby(["actor_a", "actor_b"]).size().rename("count").reset_index()
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
    kept = _kept(data, flt)
    shown = top_actors(data, flt, limit=limit)["actor_id"]
    mentions = _scoped_mentions(data, flt, kept)
    pairs = mentions.loc[mentions["actor_id"].isin(shown), ["article_id", "actor_id"]].astype(str).drop_duplicates()
    inside = _rows_of(kept, _shared(data).of_theme) & data.article_themes["assigned"].to_numpy()
    themed = data.article_themes.loc[inside, ["article_id", "theme_id"]].astype(str)
    cells = pairs.merge(themed, on="article_id").groupby(["actor_id", "theme_id"]).size().rename("articles")
    frame = cells.reset_index()
    frame["name"] = frame["actor_id"].map(_names(data))
    frame["label"] = frame["theme_id"].map(data.themes.set_index("id")["label"]).fillna(frame["theme_id"])
    frame = frame.sort_values(["actor_id", "theme_id"])
    return frame[["actor_id", "name", "theme_id", "label", "articles"]].reset_index(drop=True)


# ---------------------------------------------------------------- articles


def _newest_first(data: StoreData, kept: np.ndarray, *, extra: list[str] | None = None) -> pd.DataFrame:
    """The kept articles' id, date, date_precision, title, source (and ``extra`` columns);
    newest first, undated last."""
    rows = data.articles.loc[kept, ["id", "date", "date_precision", "title", "source", *(extra or [])]]
    rows = rows.assign(_date=_shared(data).dates[rows.index]).sort_values(
        ["_date", "id"], ascending=[False, True], na_position="last"
    )
    return rows.drop(columns="_date")


def article_rows(data: StoreData, flt: Filter, *, limit: int | None = 200) -> pd.DataFrame:
    """The selected articles, newest first and undated last, for the article table.

    Columns: id, date, date_precision, title, source, actors (most mentioned
    first, at most five names), themes (assigned labels), story, n_copies (the
    story's articles in the store).  Names are joined only for the
    ``limit`` rows returned, never for the whole selection.
    """
    rows = _newest_first(data, _kept(data, flt), extra=["story", "n_copies"])
    if limit:
        rows = rows.head(limit)
    shown = rows["id"]
    on_screen = np.zeros(len(data.articles), dtype=bool)
    on_screen[data.articles.index.get_indexer(rows.index)] = True
    mentions = _scoped_mentions(data, flt, on_screen)
    counts = mentions.groupby(["article_id", "actor_id"], observed=True).size().rename("n").reset_index()
    counts["name"] = counts["actor_id"].astype(str).map(_names(data))
    counts = counts.sort_values(["article_id", "n", "name"], ascending=[True, False, True])
    actors = counts.groupby("article_id").head(5).groupby("article_id")["name"].agg(", ".join)
    themed = data.article_themes.loc[
        _rows_of(on_screen, _shared(data).of_theme) & data.article_themes["assigned"].to_numpy()]
    labels = themed["theme_id"].astype(str).map(data.themes.set_index("id")["label"])
    themes = labels.groupby(themed["article_id"].to_numpy()).agg(lambda s: ", ".join(sorted(s)))
    rows = rows.assign(
        source=rows["source"].astype(str),
        date_precision=rows["date_precision"].astype("str"),
        actors=rows["id"].map(actors).astype("str").fillna(""),
        themes=rows["id"].map(themes).astype("str").fillna(""),
        story=rows["story"].fillna(rows["id"]).astype(str),
        n_copies=rows["n_copies"].fillna(1).astype(int),
    )
    return rows.reset_index(drop=True)


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
