"""The evidence behind a count: keyword in context (concordance) and one article with its highlights."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vigie.query.filters import Filter
from vigie.query.selection import actor_names, kept_mask, newest_rows, rows_of
from vigie.store import StoreData


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
    kept = kept_mask(data, flt)
    rows = newest_rows(data, kept)[["id", "date", "date_precision", "title"]]
    if actor:
        hits = _mentions(data, rows_of(kept, data.indexes.of_mention) & _of_actor(data, actor))
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
    at = data.indexes.position(article_id)
    if at is None:
        return None
    text = data.texts([article_id]).get(article_id, "")
    names = actor_names(data)
    mentions = _mentions(data, data.indexes.of_mention == at)
    mentions = mentions.assign(kind="actor", key=mentions["actor_id"].astype(str),
                               label=mentions["actor_id"].astype(str).map(names))
    hits = data.rows_of_article("theme_hits", article_id, ["start", "end", "theme_id"])
    labels = data.themes.set_index("id")["label"]
    hits = hits.assign(kind="theme", key=hits["theme_id"].astype(str),
                       label=hits["theme_id"].astype(str).map(labels))
    spans = pd.concat([mentions, hits])[["start", "end", "kind", "key", "label"]].sort_values(["start", "end"])
    spans = spans.loc[spans["start"] >= spans["end"].shift(fill_value=0).cummax()]
    return Reading(article=data.articles.iloc[at].to_dict(), text=text, spans=spans.reset_index(drop=True))


def _of_actor(data: StoreData, actor: str) -> np.ndarray:
    """Which mentions name ``actor``, from the actor codes (no mention table in memory)."""
    codes = data.indexes.actor_ids.get_indexer([actor])
    return np.asarray(data.indexes.actor_code) == codes[0] if codes[0] >= 0 else np.zeros(len(data.indexes.actor_code), bool)


def _mentions(data: StoreData, rows: np.ndarray) -> pd.DataFrame:
    """Some mentions (a mask over the mention table) as article_id, start, end, actor_id, in table order."""
    shared = data.indexes
    at = np.flatnonzero(rows)
    code = np.asarray(shared.actor_code[at])
    return pd.DataFrame({
        "article_id": shared.ids.take(shared.of_mention[at]) if len(at) else np.empty(0, dtype=object),
        "start": shared.mention_start[at], "end": shared.mention_end[at],
        "actor_id": np.where(code >= 0, np.asarray(shared.actor_ids, dtype=object).take(np.maximum(code, 0)), "nan")
        if len(code) else np.empty(0, dtype=object),
    })
