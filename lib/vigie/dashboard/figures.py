"""FigureSlot: where one chart lives on the page, updated in place and clickable.

Why: the chart widget is built from its first figure (not empty, then
filled) because a page that opens after the kernel drew, as under Voilà,
receives the widget's initial state but not the update messages sent before
it connected.  Later figures replace the slot's figure (``figure``, kept in
the kernel) and are drawn over the old chart without rebuilding it.  A click
on a point, bar or cell hands that point's ``customdata`` to the view, which
decides what it means.  The drawing itself is :mod:`vigie.dashboard.plot`'s:
plotly.js reaches the page once, however many charts there are.
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import plotly.graph_objects as go
from plotly.callbacks import InputDeviceState, Points

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
    """A box holding one chart; ``show`` draws a figure, ``on_click`` gets customdata rows.

    ``card`` is the method card printed under the chart's PNG and SVG exports
    (plotly text: the caller escapes it).
    """

    def __init__(self, *, height: int, on_click: Callable[[tuple], None] | None = None) -> None:
        # min_width 0: a grid or flex cell may then shrink below the chart's first width.
        super().__init__(layout=widgets.Layout(width="100%", min_width="0", min_height=f"{height}px",
                                               overflow="hidden"))
        self.figure: go.Figure | None = None
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

    def show(self, figure: go.Figure) -> None:
        if self.figure is None:
            self.figure = figure
            self.chart = PlotlyChart(figure=figure.to_json(), config=CONFIG, card=self._card)
            self.chart.on_point_click(self._point_clicked)
            self.children = (self.chart,)
        else:
            # The new figure replaces the old one whole: copying its traces and layout into
            # the old object re-validated every property (a third of a redraw at 100k articles).
            self.figure = figure
            self.chart.figure = figure.to_json()
        if self._on_click:
            for trace in self.figure.data:
                trace.on_click(self._clicked)

    def _point_clicked(self, trace_index: int, point: int | tuple[int, int]) -> None:
        """A click reported by the page: dispatched like plotly's own, after a range check."""
        if trace_index >= len(self.figure.data):
            return
        trace = self.figure.data[trace_index]
        points = Points(point_inds=[list(point) if isinstance(point, tuple) else point], xs=[], ys=[],
                        trace_name=trace.name or "", trace_index=trace_index)
        trace._dispatch_on_click(points, InputDeviceState())

    def _clicked(self, trace, points, _state) -> None:
        if not points.point_inds or trace.customdata is None:
            return
        index = points.point_inds[0]
        # A heatmap names its cell by (row, column); other traces by position.
        try:
            row = (trace.customdata[index[0]][index[1]] if isinstance(index, (list, tuple))
                   else trace.customdata[index])
        except IndexError:  # a position the figure does not have (the page sent it)
            return
        self._on_click(tuple(str(value) for value in row))


def warm_up() -> None:
    """Pay plotly's one-time costs (validators, JSON encoding, the plotly.js file) before a visitor waits.

    The chart widget is closed at once, never displayed: the page must not receive it.
    """
    shared_loader()
    PlotlyChart(figure=charts.empty_figure().to_json(), config=CONFIG).close()
