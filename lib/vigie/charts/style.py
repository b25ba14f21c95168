"""What every figure shares: French labels, the look, escaping, the empty figure, JSON for the page.

Why plain dicts (``{"data": [...], "layout": {...}}``, what plotly.js reads)
and not plotly's ``graph_objects``: the validated object model cost about
12 ms per ``update_layout`` and 30 ms per figure, paid again on every redraw
and by every viewer's kernel, plus its import and validators before the first
chart (measured: ``warm_up`` 0.23–0.53 s to 0.002–0.03 s, the first dashboard
0.77–1.93 s to 0.34–0.82 s, 128 modules and 20 MiB fewer; docs/serving.md).  A
dict holds only Python numbers, strings and lists, so :func:`to_json` is a
plain ``json.dumps``.  plotly can still show or export one:
``plotly.graph_objects.Figure(fig)`` validates it, and a test checks that
it writes back the same JSON for every chart (no unknown or misspelt
property).

Every name or title that came from the corpus goes through :func:`safe`
before it reaches a figure, because plotly renders a subset of HTML in
labels and hover text.  An empty frame gives a figure that says so in
French instead of blank axes.
"""
from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable

import numpy as np

#: A plotly figure as plotly.js reads it.
Figure = dict

ACTOR_TYPE_LABELS = {"person": "Personne", "organisation": "Organisation", "place": "Lieu"}
TYPE_COLOURS = {"person": "#4C72B0", "organisation": "#DD8452", "place": "#55A868"}
OTHER_COLOUR = "#8172B3"
WEIGHT_LABELS = {"count": "Nombre de co-occurrences", "jaccard": "Indice de Jaccard", "pmi": "PMI"}
WEIGHT_SHORT = {"count": "Nombre", "jaccard": "Jaccard", "pmi": "PMI"}
LEVEL_LABELS = {"sentence": "phrase", "article": "article"}
GRANULARITY_LABELS = {"day": "jour", "week": "semaine", "month": "mois", "year": "année"}
EMPTY_MESSAGE = "Aucune donnée pour cette sélection."
_FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 13}
_GRID = "#EBF0F8"
_AXIS = {"gridcolor": _GRID, "linecolor": _GRID, "zerolinecolor": _GRID, "ticks": "", "zerolinewidth": 2}
#: The look of plotly's "plotly_white", written out: naming that template copies all of
#: it into every figure (about 60 ms each), too slow for a redraw on every filter change.
TEMPLATE = {"layout": {
    "paper_bgcolor": "white", "plot_bgcolor": "white", "font": {"color": "#2a3f5f"},
    "colorway": ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880",
                 "#FF97FF", "#FECB52"],
    "xaxis": _AXIS, "yaxis": _AXIS,
}}
#: plotly's "Blues" and "Purples" (ColorBrewer, as plotly.py writes them out): plotly.js's own
#: "Blues" is another scale and it has no "Purples", so the figure carries the colours.
BLUES = [[0.0, "rgb(247,251,255)"], [0.125, "rgb(222,235,247)"], [0.25, "rgb(198,219,239)"],
         [0.375, "rgb(158,202,225)"], [0.5, "rgb(107,174,214)"], [0.625, "rgb(66,146,198)"],
         [0.75, "rgb(33,113,181)"], [0.875, "rgb(8,81,156)"], [1.0, "rgb(8,48,107)"]]
PURPLES = [[0.0, "rgb(252,251,253)"], [0.125, "rgb(239,237,245)"], [0.25, "rgb(218,218,235)"],
           [0.375, "rgb(188,189,220)"], [0.5, "rgb(158,154,200)"], [0.625, "rgb(128,125,186)"],
           [0.75, "rgb(106,81,163)"], [0.875, "rgb(84,39,143)"], [1.0, "rgb(63,0,125)"]]


def safe(text: object, *, limit: int = 60) -> str:
    """Corpus text made inert for plotly labels, shortened to ``limit`` characters."""
    text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=False)


def values(array: Iterable) -> list:
    """Numbers (any depth of arrays) as plain Python, a missing value as None (JSON's null)."""
    listed = np.asarray(array).tolist() if not isinstance(array, list) else array
    return [values(v) if isinstance(v, list) else _plain(v) for v in listed]


def _plain(value: object) -> object:
    """One number as JSON takes it: a numpy scalar (``np.nanmax`` of an integer matrix) as Python's, NaN as None."""
    if isinstance(value, np.generic):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def to_json(figure: Figure) -> str:
    """The figure as the JSON text plotly.js reads (``allow_nan=False``: a NaN left in is a bug)."""
    return json.dumps(figure, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def empty_figure(message: str = EMPTY_MESSAGE, *, title: str = "", height: int = 380) -> Figure:
    """A figure with no axes and a French sentence in its middle."""
    note = {"text": message, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False,
            "font": {"size": 16, "color": "#555"}}
    return figure([], title=title, height=height, annotations=[note], xaxis={"visible": False},
                  yaxis={"visible": False})


def figure(data: list[dict], *, title: str, height: int, legend: dict | None = None, xaxis: dict | None = None,
           yaxis: dict | None = None, annotations: list[dict] | None = None, **layout) -> Figure:
    """A figure of ``data`` traces with vigie's layout; ``legend`` (its placement) shows the legend.

    Axis visibility and the annotation list are stated even when default, so a
    figure says everything about its axes and labels whoever draws it (the
    empty figure hides its axes and carries its message).
    """
    return {"data": data, "layout": {
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 16}},
        "template": TEMPLATE,
        "font": _FONT,
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "showlegend": legend is not None,
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0, **(legend or {})},
        "hoverlabel": {"font": _FONT},
        "xaxis": {"automargin": True, "visible": True, **(xaxis or {})},
        "yaxis": {"automargin": True, "visible": True, **(yaxis or {})},
        "annotations": annotations or [],
        **layout,
    }}


def points(**columns: Iterable) -> tuple[tuple[str, ...], list[list]]:
    """Named columns as a trace's ``customdata`` (one row per point) and the names in their order.

    The names are what a click handler reads back (:func:`vigie.charts.clicks.point`)
    and what a hover template refers to (:func:`field`).
    """
    names = tuple(columns)
    return names, [list(row) for row in zip(*(values(column) for column in columns.values()))]


def field(names: tuple[str, ...], name: str) -> str:
    """A hover template's reference to one customdata field, by name."""
    return f"%{{customdata[{names.index(name)}]}}"
