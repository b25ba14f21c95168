"""FigureSlot: built from its first figure, then updated in place with the messages the page needs."""
import pandas as pd
from plotly.callbacks import InputDeviceState, Points

from vigie import charts
from vigie.dashboard.figures import CONFIG, FigureSlot

THEMES = pd.DataFrame({"theme_id": ["regulation"], "label": ["Régulation"], "articles": [4], "hits": [6]})


def sent_layouts(widget) -> list[dict]:
    """The layout changes the widget sends to the page, in order."""
    sent = []
    widget.observe(lambda change: change["new"] and sent.append(change["new"]["relayout_data"]),
                   names="_py2js_relayout")
    widget.observe(lambda change: change["new"] and sent.append(change["new"]["layout_data"]), names="_py2js_update")
    return sent


def test_the_widget_is_born_with_its_first_figure():
    slot = FigureSlot(height=300)
    assert slot.figure is None and slot.children == ()
    slot.show(charts.top_themes_figure(THEMES))
    assert slot.figure._widget_data[0]["type"] == "bar"  # in the state a late page receives
    assert slot.figure._config == CONFIG


def test_an_update_keeps_the_widget_and_clears_old_messages_on_the_page():
    slot = FigureSlot(height=300)
    slot.show(charts.empty_figure(title="Thèmes"))
    widget = slot.figure
    sent = sent_layouts(widget)
    slot.show(charts.top_themes_figure(THEMES))
    assert slot.figure is widget
    assert sent[-1].get("annotations") == []  # the "Aucune donnée" label leaves the page too
    assert [trace.type for trace in widget.data] == ["bar"]


def test_clicks_hand_over_the_points_customdata():
    clicked = []
    slot = FigureSlot(height=300, on_click=clicked.append)
    slot.show(charts.top_themes_figure(THEMES))
    slot.show(charts.top_themes_figure(THEMES))  # callbacks follow the new traces
    slot.figure.data[0]._dispatch_on_click(Points(point_inds=[0], xs=[], ys=[], trace_name="", trace_index=0),
                                           InputDeviceState())
    assert clicked == [("regulation", "6")]


def test_an_empty_figure_sends_no_empty_add_traces():
    """plotly.js rejects addTraces([]) and then ignores the layout that follows: the page kept old bars."""
    slot = FigureSlot(height=300)
    slot.show(charts.top_themes_figure(THEMES))
    added = []
    slot.figure.observe(lambda change: change["new"] and added.append(change["new"]), names="_py2js_addTraces")
    slot.show(charts.empty_figure(title="Thèmes"))
    assert added == [] and len(slot.figure.data) == 0
    assert slot.figure.layout.annotations[0].text == charts.EMPTY_MESSAGE
