"""What the themes panel shows of each theme from the store: its article count and example sentences."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from vigie.store import StoreData


@dataclass(frozen=True)
class Example:
    """A sentence of an article and the spans (in the sentence) of the theme's terms found in it."""

    article_id: str
    sentence: str
    spans: tuple[tuple[int, int], ...]


def theme_article_counts(data: StoreData) -> dict[str, int]:
    """Per theme id, the number of articles it is assigned to."""
    assigned = data.article_themes.loc[data.article_themes["assigned"].astype(bool)]
    return assigned.groupby("theme_id")["article_id"].nunique().astype(int).to_dict()


def theme_examples(data: StoreData, theme_id: str, *, n: int = 3) -> list[Example]:
    """Up to ``n`` sentences holding the theme's terms, those with the most hits first, one per article.

    Only the texts of the chosen articles are read from disk.
    """
    hits = data.theme_hits.loc[data.theme_hits["theme_id"] == theme_id, ["article_id", "sentence", "start", "end"]]
    if hits.empty:
        return []
    per_sentence = hits.groupby(["article_id", "sentence"]).size().rename("n").reset_index()
    best = (per_sentence.sort_values(["n", "article_id", "sentence"], ascending=[False, True, True], kind="stable")
            .drop_duplicates("article_id").head(n))
    sentences = data.sentences.merge(best[["article_id", "sentence"]].rename(columns={"sentence": "index"}),
                                     on=["article_id", "index"])
    texts = data.texts(best["article_id"].unique())
    found = []
    for row in best.itertuples(index=False):
        bounds = sentences.loc[(sentences["article_id"] == row.article_id) & (sentences["index"] == row.sentence)]
        if bounds.empty or row.article_id not in texts:
            continue
        start, end = int(bounds["start"].iloc[0]), int(bounds["end"].iloc[0])
        inside = hits.loc[(hits["article_id"] == row.article_id) & (hits["sentence"] == row.sentence)]
        spans = tuple(sorted((int(s) - start, int(e) - start) for s, e in zip(inside["start"], inside["end"], strict=True)
                             if start <= s and e <= end))
        found.append(Example(row.article_id, texts[row.article_id][start:end], spans))
    return found


def actor_table(data: StoreData) -> pd.DataFrame:
    """The store's actors, most mentioned first: id, name, type, registered, n_mentions."""
    return data.actors.sort_values(["n_mentions", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)
