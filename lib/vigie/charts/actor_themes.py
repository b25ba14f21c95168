"""Actors × themes: articles per actor and theme, and what a click on a cell means."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from vigie.charts.clicks import Names, Narrowing, point
from vigie.charts.cooccurrence import matrix_points
from vigie.charts.style import PURPLES, Figure, empty_figure, figure, safe, values

#: A cell's customdata: its column's theme, then its row's actor.
FIELDS = ("theme_id", "actor_id")


def actor_theme_heatmap(frame: pd.DataFrame, *, height: int = 480) -> Figure:
    """Articles per actor and theme: who is talked about in which theme."""
    title = "Acteurs × thèmes (articles)"
    if frame.empty:
        return empty_figure(title=title, height=height)
    matrix = frame.pivot_table(index="actor_id", columns="theme_id", values="articles", aggfunc="sum")
    actor_order = matrix.sum(axis=1).sort_values(ascending=False).index
    theme_order = matrix.sum(axis=0).sort_values(ascending=False).index
    matrix = matrix.reindex(index=actor_order, columns=theme_order).to_numpy()
    names = frame.drop_duplicates("actor_id").set_index("actor_id")["name"]
    labels = frame.drop_duplicates("theme_id").set_index("theme_id")["label"]
    heat = {
        "type": "heatmap", "z": values(matrix), "x": [safe(labels[t], limit=25) for t in theme_order],
        "y": [safe(names[a], limit=25) for a in actor_order], "colorscale": PURPLES, "hoverongaps": False,
        # From 0 (plotly.js needs both bounds), one article is tinted, not blank-looking like an empty cell.
        "zmin": 0, "zmax": values([np.nanmax(matrix)])[0], "xgap": 1, "ygap": 1,
        "customdata": matrix_points(theme_order, actor_order),
        "colorbar": {"title": {"text": "Articles"}},
        "hovertemplate": "%{y} · %{x}<br>%{z} article(s)<extra></extra>",
    }
    return figure([heat], title=title, height=height, xaxis={"tickangle": -30}, yaxis={"autorange": "reversed"})


def cell_clicked(row: Sequence[object], *, names: Names) -> Narrowing:
    """A cell: that actor's articles in that theme."""
    cell = point(FIELDS, row)
    actor, theme = cell["actor_id"], cell["theme_id"]
    return Narrowing(f"« {names.actor(actor)} » dans le thème « {names.theme(theme)} »",
                     {"actors": (actor,), "themes": (theme,)})
