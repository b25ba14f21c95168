"""Tiling a store: every copy is a consistent, distinct corpus, and vigie reads the result."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow.parquet as pq
import pytest

from corpora import tile
from vigie import query, store

COPIES = 3


@pytest.fixture(scope="module")
def tables(handmade) -> dict[str, pd.DataFrame]:
    return {name: store.read_table(handmade, name) for name in store.SCHEMAS}


@pytest.fixture(scope="module")
def tiled_root(handmade, tmp_path_factory):
    generation = handmade / store.read_manifest(handmade)["generation"]
    arrow = {name: pq.read_table(generation / f"{name}.parquet") for name in store.SCHEMAS}
    root = tmp_path_factory.mktemp("tiled")
    with store.locked(root):
        store.publish(root, tile(arrow, copies=COPIES), {"tiled": True})
    return root


def test_every_article_row_is_copied_under_new_unique_ids(tables, tiled_root):
    tiled = store.load(tiled_root)
    assert len(tiled.articles) == COPIES * len(tables["articles"])
    assert tiled.articles["id"].is_unique and tiled.articles["path"].is_unique
    assert set(tiled.articles["id"]) == {f"t{k}/{i}" for k in range(COPIES) for i in tables["articles"]["id"]}
    for name in ("sentences", "mentions", "theme_hits", "article_themes"):
        frame = getattr(tiled, name)
        assert len(frame) == COPIES * len(tables[name]) == tiled.manifest["rows"][name]
        assert set(frame["article_id"].astype(str)) <= set(tiled.articles["id"])
    assert set(tiled.inputs["id"].dropna()) == set(tiled.articles["id"])


def test_copies_move_dates_by_weeks_keep_undated_articles_undated_and_rotate_outlets(tables, tiled_root):
    original = tables["articles"].set_index("id")
    tiled = store.load(tiled_root).articles.set_index("id")
    for article_id, row in original.iterrows():
        second = tiled.loc[f"t1/{article_id}"]
        if pd.isna(row["date"]):
            assert pd.isna(second["date"])
        else:
            assert second["date"] - row["date"] == dt.timedelta(weeks=1)
    assert sorted(original["source"].unique()) == sorted(tiled["source"].astype(str).unique())
    changed = original["source"].to_numpy() != tiled.loc["t1/" + original.index, "source"].astype(str).to_numpy()
    assert changed.all()


def test_actor_counts_scale_and_queries_see_each_copy(tables, tiled_root, handmade):
    tiled = store.load(tiled_root)
    assert list(tiled.actors["n_mentions"]) == [COPIES * n for n in tables["actors"]["n_mentions"]]
    one = query.top_actors(store.load(handmade), query.Filter(), limit=None)
    many = query.top_actors(tiled, query.Filter(), limit=None)
    assert list(many["mentions"]) == [COPIES * n for n in one["mentions"]]
    assert tiled.texts(["t2/a01"]) == {"t2/a01": store.load(handmade).texts(["a01"])["a01"]}
