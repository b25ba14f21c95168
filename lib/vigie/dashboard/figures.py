"""FigureSlot: where one chart lives on the page, updated in place and clickable.

Why: the widget is built from its first figure (not empty, then filled)
because a page that opens after the kernel drew, as under Voilà, receives the
widget's initial state but not the update messages sent before it connected.
Later figures replace traces and layout in one batch (``batch_update``) so the
chart never rebuilds or jumps.  A click on a point, bar or cell hands that
point's ``customdata`` to the view, which decides what it means.
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import plotly.graph_objects as go

#: ``responsive`` makes plotly re-measure on window resizes (PageBridge sends one whenever
#: the page changes size): the widget first draws before its cell has a width.
CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "filename": "vigie", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


class FigureSlot(widgets.Box):
    """A box holding one FigureWidget; ``show`` draws a figure, ``on_click`` gets customdata rows."""

    def __init__(self, *, height: int, on_click: Callable[[tuple], None] | None = None) -> None:
        # min_width 0: a grid or flex cell may then shrink below the chart's first width.
        super().__init__(layout=widgets.Layout(width="100%", min_width="0", min_height=f"{height}px",
                                               overflow="hidden"))
        self.figure: go.FigureWidget | None = None
        self._on_click = on_click

    def show(self, figure: go.Figure) -> None:
        if self.figure is None:
            self.figure = go.FigureWidget(figure)
            self.figure._config = CONFIG
            self.children = (self.figure,)
        else:
            with self.figure.batch_update():
                self.figure.data = ()
                if figure.data:  # plotly.js rejects an empty addTraces, and drops what follows
                    self.figure.add_traces(figure.data)
                if not figure.layout.annotations:
                    # plotly leaves an empty list out of the layout it sends, so the page
                    # would keep the old labels (an "Aucune donnée" message, say): clear them.
                    self.figure.layout.annotations = ()
                self.figure.layout = figure.layout
        if self._on_click:
            for trace in self.figure.data:
                trace.on_click(self._clicked)

    def _clicked(self, trace, points, _state) -> None:
        if not points.point_inds or trace.customdata is None:
            return
        index = points.point_inds[0]
        # A heatmap names its cell by (row, column); other traces by position.
        row = trace.customdata[index[0]][index[1]] if isinstance(index, (list, tuple)) else trace.customdata[index]
        self._on_click(tuple(str(value) for value in row))
