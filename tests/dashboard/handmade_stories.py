"""The hand-made store with wire copies: the same twelve articles, five of them grouped.

Stories (the id of the earliest copy): a01 = {a01 Le Monde, a02 Libération};
a10 = {a10 Libération, a11 AFP, a12 Le Monde}.  Everything else is its own
story, so the whole store holds 12 articles and 9 stories.  The texts are not
copies of one another: the query reads the groups from the store, only ingest
compares texts.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.handmade_store import tables
from vigie import store

STORIES = {"a01": ("a01", "a02"), "a10": ("a10", "a11", "a12")}


def story_tables(keep: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """The hand-made tables with STORIES marked; only the articles ``keep`` if given."""
    frames = tables()
    articles = frames["articles"]
    for story, members in STORIES.items():
        inside = articles["id"].isin(members)
        articles.loc[inside, "story"] = story
        articles.loc[inside, "n_copies"] = len(members)
    if keep is not None:
        for name, frame in frames.items():
            column = "article_id" if "article_id" in frame else "id" if name in ("articles", "texts", "inputs") else None
            if column:
                frames[name] = frame.loc[frame[column].isin(keep)].reset_index(drop=True)
    return frames


def build_story_store(root: Path, keep: tuple[str, ...] | None = None) -> Path:
    with store.locked(root):
        store.publish(root, story_tables(keep), {"corpus": "handmade-stories", "corpus_hash": "handmade-stories"})
    return root
