"""FigureSlot: where one chart lives on the page, updated in place and clickable.

Why: the chart widget is built from its first figure (not empty, then
filled) because a page that opens after the kernel drew, as under Voilà,
receives the widget's initial state but not the update messages sent before
it connected.  Later figures replace the slot's figure (``figure``, a plain
dict kept in the kernel) and are drawn over the old chart without rebuilding
it.  A click on a point, bar or cell hands that point's ``customdata`` row to
``on_click``, which reads it with the chart's own click function
(:mod:`vigie.charts`).  The drawing itself is :mod:`vigie.dashboard.plot`'s:
plotly.js reaches the page once, however many charts there are.
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from vigie import charts
from vigie.dashboard.plot import PlotlyChart, shared_loader

#: ``responsive`` makes plotly re-measure on window resizes (PageBridge sends one whenever
#: the page changes size): the widget first draws before its cell has a width.  The page
#: replaces plotly's image button with its own PNG and SVG buttons, which add the method card.
CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "filename": "vigie", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


class FigureSlot(widgets.Box):
    """A box holding one chart; ``show`` draws a figure, ``on_click`` gets a clicked point's customdata row.

    ``card`` is the method card printed under the chart's PNG and SVG exports
    (plotly text: the caller escapes it).
    """

    def __init__(self, *, height: int, on_click: Callable[[tuple], None] | None = None) -> None:
        # min_width 0: a grid or flex cell may then shrink below the chart's first width.
        super().__init__(layout=widgets.Layout(width="100%", min_width="0", min_height=f"{height}px",
                                               overflow="hidden"))
        self.figure: charts.Figure | None = None
        self.chart: PlotlyChart | None = None
        self._on_click = on_click
        self._card = ""

    @property
    def card(self) -> str:
        return self._card

    @card.setter
    def card(self, text: str) -> None:
        self._card = text
        if self.chart is not None:
            self.chart.card = text

    def show(self, figure: charts.Figure) -> None:
        self.figure = figure
        if self.chart is None:
            self.chart = PlotlyChart(figure=charts.to_json(figure), config=CONFIG, card=self._card)
            self.chart.on_point_click(self._point_clicked)
            self.children = (self.chart,)
        else:
            self.chart.figure = charts.to_json(figure)

    def _point_clicked(self, trace_index: int, point: int | tuple[int, int]) -> None:
        """A click reported by the page: the point's customdata row, if the figure has that point.

        A heatmap names its cell by (row, column); other traces by position.  Both come
        from the browser, so a position the figure does not have is ignored.
        """
        if self._on_click is None or self.figure is None:
            return
        traces = self.figure["data"]
        if not 0 <= trace_index < len(traces) or not traces[trace_index].get("customdata"):
            return
        cell = traces[trace_index].get("type") == "heatmap"
        if cell != isinstance(point, tuple) or (cell and len(point) != 2):
            return
        row = traces[trace_index]["customdata"]
        try:
            for index in point if cell else (point,):
                if index < 0:
                    return
                row = row[index]
        except IndexError:
            return
        self._on_click(tuple(str(value) for value in row))


def warm_up() -> None:
    """Pay plotly's one-time costs (validators, JSON encoding, the plotly.js file) before a visitor waits.

    The chart widget is closed at once, never displayed: the page must not receive it.
    """
    shared_loader()
    PlotlyChart(figure=charts.to_json(charts.empty_figure()), config=CONFIG).close()
