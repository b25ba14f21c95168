"""The overview's two bar charts, most mentioned actors and most present themes, and their clicks."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from vigie.charts.clicks import Names, Narrowing, actor_narrowing, point
from vigie.charts.style import (ACTOR_TYPE_LABELS, OTHER_COLOUR, TYPE_COLOURS, Figure, empty_figure, field, figure,
                                points, safe, values)

#: A bar's customdata in the actors chart (also the network's nodes: see :func:`actor_clicked`).
ACTOR_FIELDS = ("actor_id", "articles")
THEME_FIELDS = ("theme_id", "hits")


def top_actors_figure(frame: pd.DataFrame, *, height: int = 400) -> Figure:
    """Horizontal bars of the most mentioned actors, coloured by type."""
    title = "Acteurs les plus mentionnés"
    if frame.empty:
        return empty_figure(title=title, height=height)
    traces = []
    for kind, rows in frame.groupby(frame["type"].astype(str), sort=False):
        names, customdata = points(actor_id=rows["actor_id"].astype(str), articles=rows["articles"])
        traces.append({
            "type": "bar", "orientation": "h", "y": [safe(n, limit=30) for n in rows["name"]],
            "x": values(rows["mentions"]), "name": ACTOR_TYPE_LABELS.get(kind, kind),
            "marker": {"color": TYPE_COLOURS.get(kind, OTHER_COLOUR)}, "customdata": customdata,
            "hovertemplate": f"<b>%{{y}}</b><br>%{{x}} mention(s) dans {field(names, 'articles')} article(s)"
                             "<extra></extra>",
        })
    order = [safe(n, limit=30) for n in frame["name"]]
    # Inside the plot's lower right corner, where the bars are shortest (most mentioned
    # first): below the plot the legend met the axis title.
    return figure(traces, title=title, height=height, barmode="stack",
                  legend={"orientation": "v", "yanchor": "bottom", "y": 0.02, "xanchor": "right", "x": 0.99,
                          "bgcolor": "rgba(255,255,255,0.85)"},
                  xaxis={"title": {"text": "Mentions"}},
                  yaxis={"categoryorder": "array", "categoryarray": order[::-1], "title": {"text": ""}})


def top_themes_figure(frame: pd.DataFrame, *, height: int = 400) -> Figure:
    """Horizontal bars of the themes assigned to most articles."""
    title = "Thèmes les plus présents"
    if frame.empty:
        return empty_figure(title=title, height=height)
    labels = [safe(label, limit=30) for label in frame["label"]]
    names, customdata = points(theme_id=frame["theme_id"].astype(str), hits=frame["hits"])
    bars = {"type": "bar", "orientation": "h", "y": labels, "x": values(frame["articles"]),
            "marker": {"color": "#937860"}, "customdata": customdata,
            "hovertemplate": f"<b>%{{y}}</b><br>%{{x}} article(s), {field(names, 'hits')} occurrence(s)"
                             "<extra></extra>"}
    return figure([bars], title=title, height=height, xaxis={"title": {"text": "Articles"}},
                  yaxis={"categoryorder": "array", "categoryarray": labels[::-1]})


def actor_clicked(row: Sequence[object], *, names: Names) -> Narrowing:
    """A bar of the actors chart: that actor's articles."""
    return actor_narrowing(point(ACTOR_FIELDS, row)["actor_id"], names)


def theme_clicked(row: Sequence[object], *, names: Names) -> Narrowing:
    """A bar of the themes chart: that theme's articles."""
    theme = point(THEME_FIELDS, row)["theme_id"]
    return Narrowing(f"thème « {names.theme(theme)} »", {"themes": (theme,)})
