"""The DuckDB side of the engine comparison answers what vigie.query answers, or the comparison means nothing."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from vigie import query, store
from vigie.query import Filter

duck = pytest.importorskip("duck", reason="DuckDB is not installed (only the engine comparison needs it)")

FILTERS = [
    Filter(),
    Filter(actors=("facebook", "macron"), actor_mode="all"),
    Filter(actors=("ardern", "cedric_o")),
    Filter(sources=("AFP",)),
    Filter(text="zuck"),
    Filter(text="100%_"),  # LIKE's wildcards must be taken literally, as pandas does
    Filter(actor_types=("person",)),
    Filter(date_from=dt.date(2019, 3, 1), date_to=dt.date(2019, 12, 31)),
    Filter(themes=("terrorisme", "regulation"), sources=("AFP", "Le Monde")),
]


@pytest.fixture(scope="module")
def data(handmade):
    return store.load(handmade)


@pytest.fixture(scope="module")
def con(handmade):
    return duck.connect(handmade)


def rows(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return frame[columns].astype(object).values.tolist()


@pytest.mark.parametrize("flt", FILTERS, ids=str)
def test_every_query_gives_vigie_query_s_numbers(data, con, flt):
    assert duck.selected_count(con, flt) == len(query.selected_ids(data, flt))
    columns = ["actor_id", "name", "mentions", "articles"]
    assert rows(duck.top_actors(con, flt), columns) == rows(query.top_actors(data, flt, limit=15), columns)
    columns = ["theme_id", "articles", "hits"]
    assert rows(duck.top_themes(con, flt), columns) == rows(query.top_themes(data, flt), columns)
    timeline = query.timeline(data, flt, granularity="month").frame
    columns = ["period", "actor_id", "mentions", "articles"]
    assert rows(duck.timeline(con, flt), columns) == rows(timeline.loc[timeline["mentions"] > 0], columns)
    columns = ["source", "target", "count"]
    assert rows(duck.cooccurrence(con, flt), columns) == rows(query.cooccurrence(data, flt, level="sentence"), columns)
    columns = ["actor_id", "theme_id", "articles"]
    assert rows(duck.actor_themes(con, flt), columns) == rows(query.actor_themes(data, flt), columns)
    assert list(duck.article_rows(con, flt)["id"]) == list(query.article_rows(data, flt)["id"])

