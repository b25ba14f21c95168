"""vigie.charts' click readers: each reads back the customdata its own chart packed, by field name."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from test_charts import EDGES, NODES, TOP_ACTORS, timeline
from vigie import charts
from vigie.charts.clicks import point
from vigie.query import Filter

NAMES = charts.Names(actors={"facebook": "Facebook", "macron": "Emmanuel Macron", "paris": "Paris"},
                     themes={"regulation": "Régulation"})
CELLS = pd.DataFrame({"actor_id": ["facebook", "macron"], "name": ["Facebook", "Emmanuel Macron"],
                      "theme_id": ["regulation", "regulation"], "label": ["Régulation"] * 2, "articles": [3, 1]})


def rows(figure, trace=0):
    """A trace's customdata as the dashboard hands it over (text, as the page's click is read)."""
    return [tuple(str(value) for value in row) for row in figure["data"][trace]["customdata"]]


def test_a_bar_of_the_actors_chart_selects_that_actor():
    figure = charts.top_actors_figure(TOP_ACTORS)
    narrowing = charts.actor_clicked(rows(figure, trace=1)[0], names=NAMES)  # the "Personne" bars
    assert narrowing == charts.Narrowing("acteur « Emmanuel Macron »", {"actors": ("macron",)})
    assert replace(Filter(), **narrowing.filter).actors == ("macron",)  # fields of the filter, nothing else


def test_a_bar_of_the_themes_chart_selects_that_theme():
    frame = pd.DataFrame({"theme_id": ["regulation"], "label": ["Régulation"], "articles": [4], "hits": [6]})
    narrowing = charts.theme_clicked(rows(charts.top_themes_figure(frame))[0], names=NAMES)
    assert narrowing.filter == {"themes": ("regulation",)} and narrowing.description == "thème « Régulation »"


@pytest.mark.parametrize(("granularity", "period", "end"), [
    ("month", "2019-02-01", dt.date(2019, 2, 28)),
    ("week", "2019-03-04", dt.date(2019, 3, 10)),  # a Monday to its Sunday
    ("year", "2020-01-01", dt.date(2020, 12, 31)),
    ("day", "2019-03-04", dt.date(2019, 3, 4)),
])
def test_a_point_of_the_timeline_selects_its_actor_and_its_whole_period(granularity, period, end):
    figure = charts.timeline_figure(timeline([(period, "facebook", "Facebook", 1, 1, 2, 0.5)],
                                             granularity=granularity))
    narrowing = charts.period_clicked(rows(figure)[0], names=NAMES)
    start = dt.date.fromisoformat(period)
    assert narrowing.filter == {"actors": ("facebook",), "date_from": start, "date_to": end}
    assert narrowing.description == f"« Facebook » du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
    replace(Filter(), **narrowing.filter)


def test_a_cell_of_the_cooccurrence_matrix_selects_both_actors_together_but_not_the_diagonal():
    figure = charts.cooccurrence_heatmap(EDGES, weight="count")
    cells = figure["data"][0]["customdata"]  # actors ordered Facebook, Emmanuel Macron, Paris
    narrowing = charts.pair_clicked(tuple(cells[1][0]), names=NAMES)  # row Macron, column Facebook
    assert narrowing.filter == {"actors": ("macron", "facebook"), "actor_mode": "all"}
    assert narrowing.description == "« Emmanuel Macron » et « Facebook » ensemble"
    assert charts.pair_clicked(tuple(cells[2][2]), names=NAMES) is None


def test_a_node_of_the_network_selects_its_actor():
    figure = charts.network_figure(EDGES, NODES, weight="count", level="article")
    nodes = [index for index, trace in enumerate(figure["data"]) if trace["mode"] == "markers+text"]
    assert charts.node_clicked(rows(figure, nodes[0])[0], names=NAMES).filter == {"actors": ("facebook",)}


def test_a_cell_of_actors_by_themes_selects_the_actor_in_the_theme():
    cells = charts.actor_theme_heatmap(CELLS)["data"][0]["customdata"]
    narrowing = charts.cell_clicked(tuple(cells[1][0]), names=NAMES)
    assert narrowing.filter == {"actors": ("macron",), "themes": ("regulation",)}
    assert narrowing.description == "« Emmanuel Macron » dans le thème « Régulation »"


def test_an_unknown_id_is_shown_as_itself_and_a_row_of_another_shape_is_refused():
    assert charts.actor_clicked(("inconnu", "3"), names=NAMES).description == "acteur « inconnu »"
    with pytest.raises(ValueError):
        point(("actor_id", "articles"), ("facebook",))
