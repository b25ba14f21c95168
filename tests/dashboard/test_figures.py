"""FigureSlot and its chart widget: built from the first figure, redrawn in place, clicks checked."""
import json
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

from vigie import charts
from vigie.dashboard import build_app
from vigie.dashboard.figures import CONFIG, FigureSlot
from vigie.dashboard.plot import CARTESIAN_TRACES, PLOTLY_JS, PlotlyChart, PlotlyLoader, shared_loader
from vigie.dashboard.state import TABS

THEMES = pd.DataFrame({"theme_id": ["regulation"], "label": ["Régulation"], "articles": [4], "hits": [6]})
CELLS = pd.DataFrame({"actor_id": ["a", "a", "b"], "name": ["A", "A", "B"], "theme_id": ["t", "u", "t"],
                      "label": ["T", "U", "T"], "articles": [2, 1, 3]})


def drawn(slot) -> dict:
    """The figure as the page receives it."""
    return json.loads(slot.chart.figure)


def test_the_widget_is_born_with_its_first_figure():
    slot = FigureSlot(height=300)
    assert slot.figure is None and slot.children == ()
    slot.show(charts.top_themes_figure(THEMES))
    assert slot.children == (slot.chart,)
    assert drawn(slot)["data"][0]["type"] == "bar"  # in the state a late page receives
    assert slot.chart.config == CONFIG


def test_plotly_js_travels_once_in_the_loader_not_in_each_chart():
    first, second = FigureSlot(height=300), FigureSlot(height=300)
    first.show(charts.top_themes_figure(THEMES))
    second.show(charts.empty_figure())
    assert first.chart._plotly is second.chart._plotly is shared_loader()
    assert isinstance(shared_loader(), PlotlyLoader) and json.dumps(PLOTLY_JS) in shared_loader()._esm
    assert len(first.chart._esm) < 20_000 and "__vigiePlotly" in first.chart._esm
    assert "Télécharger en SVG" in first.chart._esm


def test_the_vendored_plotly_js_is_the_cartesian_bundle_of_the_python_plotly_version():
    header = re.match(r"/\*\*\n\* plotly\.js \(cartesian - minified\) v(\S+)\n", PLOTLY_JS)
    assert header, PLOTLY_JS[:200]
    assert header.group(1) == get_plotlyjs_version()  # upgrading plotly means vendoring its bundle again
    assert "Licensed under the MIT license" in PLOTLY_JS[:300]
    assert set(re.findall(r'moduleType:"trace",name:"(\w+)"', PLOTLY_JS)) == CARTESIAN_TRACES


def test_every_trace_type_the_dashboard_draws_is_in_the_cartesian_bundle(store_root):
    every_type = {name.lower() for name in dir(go) if isinstance(getattr(go, name), type)
                  and issubclass(getattr(go, name), BaseTraceType)}
    source = "".join(path.read_text() for path in Path(charts.__file__).parent.glob("*.py"))
    written = set(re.findall(r'"type": "(\w+)"', source)) & every_type  # in the charts' source
    assert {"bar", "heatmap", "scatter"} <= written <= CARTESIAN_TRACES
    app = build_app(store_root)
    drawn = set()
    for index, _tab in enumerate(TABS):
        app.tabs.selected_index = index
        for slot in (slot for view in app.views.values() for slot in view.slots):
            if slot.figure is not None:
                drawn |= {trace["type"] for trace in slot.figure["data"]}
    assert {"bar", "heatmap", "scatter"} <= drawn <= CARTESIAN_TRACES  # and on the page, every tab opened


def test_an_update_keeps_the_widget_and_replaces_the_whole_figure():
    slot = FigureSlot(height=300)
    slot.show(charts.empty_figure(title="Thèmes"))
    chart = slot.chart
    themes = charts.top_themes_figure(THEMES)
    slot.show(themes)
    assert slot.chart is chart and slot.figure is themes and slot.children == (chart,)  # same widget, new figure
    page = drawn(slot)
    assert [trace["type"] for trace in page["data"]] == ["bar"]
    assert page["layout"].get("annotations", []) == []  # the "Aucune donnée" label leaves the page too
    slot.show(charts.empty_figure(title="Thèmes"))
    assert drawn(slot)["data"] == [] and drawn(slot)["layout"]["annotations"][0]["text"] == charts.EMPTY_MESSAGE


def test_clicks_hand_over_the_points_customdata_of_the_figure_shown_now():
    clicked = []
    slot = FigureSlot(height=300, on_click=clicked.append)
    slot.show(charts.empty_figure())
    slot.chart._message(slot.chart, {"kind": "click", "trace": 0, "point": 0}, [])  # no such point yet
    slot.show(charts.top_themes_figure(THEMES))
    slot.chart._message(slot.chart, {"kind": "click", "trace": 0, "point": 0}, [])
    assert clicked == [("regulation", "6")]


def test_a_click_message_from_the_page_reaches_the_view():
    clicked = []
    slot = FigureSlot(height=300, on_click=clicked.append)
    slot.show(charts.top_themes_figure(THEMES))
    slot.chart._message(slot.chart, {"kind": "click", "trace": 0, "point": 0}, [])
    assert clicked == [("regulation", "6")]


def test_a_heatmap_cell_is_named_by_row_and_column():
    clicked = []
    slot = FigureSlot(height=300, on_click=clicked.append)
    slot.show(charts.actor_theme_heatmap(CELLS))
    heat = slot.figure["data"][0]
    slot.chart._message(slot.chart, {"kind": "click", "trace": 0, "point": [1, 0]}, [])
    slot.chart._message(slot.chart, {"kind": "click", "trace": 0, "point": 1}, [])  # a row is not a cell
    assert clicked == [tuple(heat["customdata"][1][0])] == [("t", "b")]


def test_clicks_the_figure_does_not_have_are_ignored():
    clicked = []
    slot = FigureSlot(height=300, on_click=clicked.append)
    slot.show(charts.top_themes_figure(THEMES))
    for message in [{"kind": "click", "trace": 0, "point": 99}, {"kind": "click", "trace": 5, "point": 0},
                    {"kind": "click", "trace": "0", "point": 0}, {"kind": "click", "trace": 0, "point": [0]},
                    {"kind": "click", "trace": 0, "point": -1}, {"kind": "click", "trace": True, "point": 0},
                    {"kind": "other"}, "click"]:
        slot.chart._message(slot.chart, message, [])
    assert clicked == []


def test_the_method_card_follows_the_slot_to_its_chart():
    slot = FigureSlot(height=300)
    slot.card = "vigie 0.1 · filtre : tout le corpus"
    slot.show(charts.top_themes_figure(THEMES))
    assert slot.chart.card == "vigie 0.1 · filtre : tout le corpus"
    slot.card = "filtre : Facebook"
    assert slot.chart.card == "filtre : Facebook"


def test_a_chart_widget_reports_only_integer_positions():
    chart = PlotlyChart()
    got = []
    chart.on_point_click(lambda trace, point: got.append((trace, point)))
    chart._message(chart, {"kind": "click", "trace": 1, "point": [2, 3]}, [])
    chart._message(chart, {"kind": "click", "trace": 1, "point": 2.5}, [])
    assert got == [(1, (2, 3))]
