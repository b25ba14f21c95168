"""PlotlyChart: one plotly chart drawn by the page's single copy of plotly.js.

Why not plotly's ``FigureWidget``: every FigureWidget carries plotly.js
(about 5 MB) in its own widget state, and the browser evaluates that bundle
once per chart (two on the overview alone): the first chart came seconds late.  Here
one :class:`PlotlyLoader` carries the bundle and every chart refers to it, so
plotly.js crosses the wire and is evaluated once per page.

How the page finds plotly.js: ``window.__vigiePlotly`` is a promise that
whichever script runs first creates (a chart may render before the loader's
module has run, as in JupyterLab) and the loader resolves.  The loader's
module only holds plotly.js as a string: it runs it as a classic script when
the first chart asks, not when its model is created, because anywidget gives
every model 2 s to load its ``_esm`` and drops the messages of one that took
longer; evaluating plotly.js holds the page for a second or more, which
would make the charts' own models miss that limit.  Charts wait in
``render``, which has none, and show "Chargement du graphique…" meanwhile.
The loader's model is created as soon as the kernel makes it (a chart's
``_plotly`` trait names it and keeps it alive), in Voilà and in JupyterLab.

A chart's figure travels as JSON text (``fig.to_json()``) and is drawn with
``Plotly.react``, so a new figure replaces the old one without rebuilding the
chart or changing its size.  A click sends the point's trace and index back;
the kernel looks up what they mean in its own copy of the figure.  The
modebar's PNG and SVG buttons export the chart with its method card (``card``,
plotly text) printed under it; the chart on screen is left as it is.

Which plotly.js: ``plotly-cartesian.min.js`` beside this module, plotly.js's
official partial bundle (npm ``plotly.js-cartesian-dist-min`` 4.1.1, MIT, its
header kept), at the version the python plotly package ships.  It has every
trace type the dashboard draws (scatter, bar, heatmap: ``CARTESIAN_TRACES``)
and is 1.5 MB instead of 4.8 MB, which saves about a second of evaluation
before the first chart.  On a plotly upgrade, vendor the same version again:
a test compares the two.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import anywidget
import ipywidgets as widgets
from traitlets import Dict, Instance, Unicode

#: plotly.js's cartesian partial bundle, vendored beside this module, read once.
PLOTLY_JS = (Path(__file__).parent / "plotly-cartesian.min.js").read_text(encoding="utf-8")

#: The trace types that bundle holds; a figure with any other type would not draw.
CARTESIAN_TRACES = frozenset({"bar", "box", "contour", "heatmap", "histogram", "histogram2d",
                              "histogram2dcontour", "image", "pie", "scatter", "scatterternary", "violin"})

#: The promise both kinds of widget share, created by whichever script runs first.  A chart
#: asks for plotly.js (``wanted``); the loader evaluates it (``start``) once both are there.
_SHARED = """
const plotlyPromise = () => {
  if (!window.__vigiePlotly) {
    let resolve;
    window.__vigiePlotly = new Promise((done) => { resolve = done; });
    window.__vigiePlotly.resolve = resolve;
  }
  return window.__vigiePlotly;
};
"""

#: French modebar titles and date names; the months only show where a format asks for them.
#: No title contains "Réinitialiser" or "Revenir": the dashboard's own buttons are found by those names.
_LOCALE = {
    "moduleType": "locale",
    "name": "fr",
    "dictionary": {
        "Autoscale": "Échelle automatique", "Box Select": "Sélection rectangulaire",
        "Double-click to zoom back out": "Double-clic pour dézoomer", "Download plot": "Télécharger le graphique",
        "Download plot as a PNG": "Télécharger en PNG", "Lasso Select": "Sélection lasso", "Pan": "Déplacer",
        "Reset axes": "Axes d'origine", "Reset view": "Vue d'origine", "Zoom": "Zoomer",
        "Zoom in": "Zoom avant", "Zoom out": "Zoom arrière", "Toggle Spike Lines": "Lignes de repère",
        "Show closest data on hover": "Donnée la plus proche au survol",
        "Compare data on hover": "Comparer les données au survol",
    },
    "format": {
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                   "octobre", "novembre", "décembre"],
        "shortMonths": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                        "nov.", "déc."],
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": "\u202f",
    },
}

_LOADER_ESM = _SHARED + f"""
const CODE = {json.dumps(PLOTLY_JS)};
const LOCALE = {json.dumps(_LOCALE)};
const shared = plotlyPromise();
shared.start = () => {{
  if (shared.started) return;
  shared.started = true;
  // A classic script: its source is parsed off the main thread; the page draws its other widgets meanwhile.
  const url = URL.createObjectURL(new Blob([CODE], {{ type: "text/javascript" }}));
  const script = document.createElement("script");
  script.onload = () => {{
    URL.revokeObjectURL(url);
    window.Plotly.register(LOCALE);
    shared.resolve(window.Plotly);
  }};
  script.onerror = (error) => console.error("vigie: plotly.js not loaded", error);
  script.src = url;
  setTimeout(() => document.head.append(script), 0);
}};
if (shared.wanted) shared.start();
export default {{ render() {{}} }};
"""

#: One chart.  LINE: pixels per line of the method card under an exported image; WIDTH: the
#: narrowest exported image, wide enough for the card's hashes.
_CHART_ESM = _SHARED + """
const LINE = 13, WIDTH = 640;

async function render({ model, el }) {
  el.classList.add("vigie-chart");  // the whole width of its slot, not the width of its first drawing
  const waiting = document.createElement("div");
  waiting.className = "vigie-plot-waiting";
  waiting.textContent = "Chargement du graphique…";
  el.append(waiting);
  const shared = plotlyPromise();
  shared.wanted = true;
  if (shared.start) shared.start();
  const Plotly = await shared;
  waiting.remove();
  const gd = document.createElement("div");
  gd.className = "vigie-plot";
  el.append(gd);

  // The image shown on screen, plus the card in a band of its own below it.
  const exportImage = (format) => {
    const full = gd._fullLayout, size = full._size;  // the margins as drawn, axis labels included
    const card = model.get("card");
    const lines = card ? card.split("<br>").length : 0;
    const band = lines ? lines * LINE + 12 : 0;
    const layout = { ...gd.layout, width: Math.max(full.width, WIDTH), height: full.height + band,
                     margin: { l: size.l, r: size.r, t: size.t, b: size.b + band, pad: full.margin.pad,
                               autoexpand: false } };
    if (lines) {
      layout.annotations = [...(gd.layout.annotations || []), {
        text: card, xref: "paper", yref: "paper", x: 0, xanchor: "left", xshift: 6 - size.l,
        y: -size.b / size.h, yanchor: "top", yshift: -6, align: "left", showarrow: false,
        font: { size: 10, color: "#666" },
      }];
    }
    const options = model.get("config").toImageButtonOptions || {};
    return Plotly.downloadImage({ data: gd.data, layout, config: { locale: "fr" } }, {
      format, filename: options.filename || "vigie", scale: format === "png" ? options.scale || 2 : 1,
      width: layout.width, height: layout.height,
    });
  };
  const button = (format, title, icon) => ({ name: "vigie-" + format, title, icon, click: () => exportImage(format) });
  const config = () => {
    const base = model.get("config");
    return {
      ...base, locale: "fr",
      modeBarButtonsToRemove: [...(base.modeBarButtonsToRemove || []), "toImage"],
      modeBarButtonsToAdd: [button("png", "Télécharger en PNG", Plotly.Icons.camera),
                            button("svg", "Télécharger en SVG", Plotly.Icons.disk)],
    };
  };

  // One drawing at a time, in order: the latest figure always wins.
  let drawing = Promise.resolve();
  const draw = () => {
    drawing = drawing.then(() => {
      const figure = JSON.parse(model.get("figure") || "{}");
      return Plotly.react(gd, figure.data || [], figure.layout || {}, config());
    }).catch((error) => console.error("vigie: chart not drawn", error));
    return drawing;
  };
  await draw();
  if (gd.on) gd.on("plotly_click", (event) => {
    const point = event && event.points && event.points[0];
    if (point) model.send({ kind: "click", trace: point.curveNumber, point: point.pointNumber });
  });

  // Re-measure when the chart's cell changes width (tabs, panels, window).
  let pending = null;
  const resize = () => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = null;
      if (gd.offsetParent !== null && gd._fullLayout) Plotly.Plots.resize(gd);
    });
  };
  const observer = new ResizeObserver(resize);
  observer.observe(el);
  model.on("change:figure", draw);
  model.on("change:config", draw);
  return () => {
    observer.disconnect();
    model.off("change:figure", draw);
    model.off("change:config", draw);
    Plotly.purge(gd);
  };
}
export default { render };
"""

_CHART_CSS = """
.vigie-chart { flex: 1 1 auto; width: 100%; min-width: 0; }
.vigie-plot { width: 100%; }
.vigie-plot-waiting { color: #888; font-size: 13px; padding: 12px; }
"""


class PlotlyLoader(anywidget.AnyWidget):
    """Carries plotly.js to the page once; never displayed, only referred to by charts."""

    _esm = Unicode(_LOADER_ESM).tag(sync=True)


_loader: PlotlyLoader | None = None


def shared_loader() -> PlotlyLoader:
    """This kernel's one loader, made again if it was closed."""
    global _loader
    if _loader is None or _loader.comm is None:
        _loader = PlotlyLoader()
    return _loader


class PlotlyChart(anywidget.AnyWidget):
    """One chart: ``figure`` (plotly JSON text) drawn with ``config``; clicks go to ``on_point_click``."""

    _esm = Unicode(_CHART_ESM).tag(sync=True)
    _css = Unicode(_CHART_CSS).tag(sync=True)
    _plotly = Instance(PlotlyLoader).tag(sync=True, **widgets.widget_serialization)
    figure = Unicode("{}", help="the figure as plotly JSON: {data, layout}").tag(sync=True)
    config = Dict(help="plotly.js config; the PNG and SVG buttons are added on the page").tag(sync=True)
    card = Unicode("", help="plotly text printed under exported images (escaped by the caller)").tag(sync=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(_plotly=shared_loader(), **kwargs)
        self._click_handlers: list[Callable[[int, int | tuple[int, int]], None]] = []
        self.on_msg(self._message)

    def on_point_click(self, callback: Callable[[int, int | tuple[int, int]], None]) -> None:
        """Call ``callback(trace_index, point)`` on a click; ``point`` is ``(row, column)`` in a heatmap.

        The indices come from the browser: they are checked to be integers, not to be in range.
        """
        self._click_handlers.append(callback)

    def _message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or content.get("kind") != "click":
            return
        trace, point = content.get("trace"), content.get("point")
        if isinstance(point, list) and len(point) == 2 and all(_is_index(i) for i in point):
            point = tuple(point)
        elif not _is_index(point):
            return
        if _is_index(trace):
            for handler in self._click_handlers:
                handler(trace, point)


def _is_index(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
