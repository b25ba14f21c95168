"""One function per figure: a frame from :mod:`vigie.query` in, a plotly figure (a plain dict) out.

Why this shape: drawing is kept apart from computing and from widgets, so the
same figure serves the dashboard, the exploration notebook and a PNG export,
and is tested by reading its data and layout.  One module per view; each
holds its figures and, beside the ``customdata`` they pack, the function that
reads a click on them back into a narrowing of the filter
(:mod:`vigie.charts.clicks`).  Why dicts and not plotly's objects:
:mod:`vigie.charts.style`.
"""
from vigie.charts.actor_themes import actor_theme_heatmap, cell_clicked
from vigie.charts.clicks import Names, Narrowing
from vigie.charts.cooccurrence import (NETWORK_LABELS, cooccurrence_heatmap, force_layout, network_figure,
                                       node_clicked, pair_clicked)
from vigie.charts.overview import actor_clicked, theme_clicked, top_actors_figure, top_themes_figure
from vigie.charts.style import (ACTOR_TYPE_LABELS, EMPTY_MESSAGE, GRANULARITY_LABELS, LEVEL_LABELS, TEMPLATE,
                                TYPE_COLOURS, WEIGHT_LABELS, WEIGHT_SHORT, Figure, empty_figure, safe, to_json)
from vigie.charts.timeline import DATE_TICKS, PEAK_LABELS, date_ticks, period_clicked, timeline_figure

__all__ = [
    "ACTOR_TYPE_LABELS", "DATE_TICKS", "EMPTY_MESSAGE", "GRANULARITY_LABELS", "LEVEL_LABELS", "NETWORK_LABELS",
    "PEAK_LABELS", "TEMPLATE", "TYPE_COLOURS", "WEIGHT_LABELS", "WEIGHT_SHORT", "Figure", "Names", "Narrowing",
    "actor_clicked", "actor_theme_heatmap", "cell_clicked", "cooccurrence_heatmap", "date_ticks", "empty_figure",
    "force_layout", "network_figure", "node_clicked", "pair_clicked", "period_clicked", "safe", "theme_clicked",
    "timeline_figure", "to_json", "top_actors_figure", "top_themes_figure",
]
