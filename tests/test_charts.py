"""vigie.charts: hand-written frames in, figure data and French layout out."""
from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from vigie import charts
from vigie.query import Timeline

TOP_ACTORS = pd.DataFrame({
    "actor_id": ["facebook", "macron", "paris"],
    "name": ["Facebook", "Emmanuel <b>Macron</b>", "Paris"],
    "type": ["organisation", "person", "place"],
    "registered": [True, True, False],
    "mentions": [10, 5, 2],
    "articles": [9, 5, 2],
})

EDGES = pd.DataFrame({
    "source": ["facebook", "facebook"], "target": ["macron", "paris"],
    "source_name": ["Facebook", "Facebook"], "target_name": ["Emmanuel Macron", "Paris"],
    "count": [4, 1], "jaccard": [0.4, 0.1], "pmi": [0.09, -0.5],
})


def timeline(frame_rows, *, left_out=0, granularity="month"):
    frame = pd.DataFrame(frame_rows, columns=["period", "actor_id", "name", "mentions", "articles",
                                              "period_articles", "share"])
    frame["period"] = pd.to_datetime(frame["period"])
    peaks = frame.sort_values("mentions", ascending=False).drop_duplicates("actor_id").assign(
        article_id="a1", title="Un <script>titre</script>")
    return Timeline(frame=frame, left_out=left_out, granularity=granularity,
                    peaks=peaks[["actor_id", "name", "period", "mentions", "article_id", "title"]])


def test_top_actors_one_trace_per_type_in_french_and_escaped():
    fig = charts.top_actors_figure(TOP_ACTORS)
    layout, data = fig["layout"], fig["data"]
    assert layout["title"]["text"] == "Acteurs les plus mentionnés"
    assert layout["xaxis"]["title"]["text"] == "Mentions"
    assert [trace["name"] for trace in data] == ["Organisation", "Personne", "Lieu"]
    assert data[1]["y"] == ["Emmanuel &lt;b&gt;Macron&lt;/b&gt;"]
    assert data[0]["x"] == [10]
    # most mentioned on top: plotly draws categories bottom-up
    assert layout["yaxis"]["categoryarray"] == ["Paris", "Emmanuel &lt;b&gt;Macron&lt;/b&gt;", "Facebook"]


def test_top_themes():
    frame = pd.DataFrame({"theme_id": ["regulation", "terrorisme"], "label": ["Régulation", "Terrorisme"],
                          "articles": [4, 3], "hits": [6, 3]})
    fig = charts.top_themes_figure(frame)
    assert fig["layout"]["title"]["text"] == "Thèmes les plus présents"
    assert fig["layout"]["xaxis"]["title"]["text"] == "Articles"
    assert fig["data"][0]["x"] == [4, 3]
    assert [row[0] for row in fig["data"][0]["customdata"]] == ["regulation", "terrorisme"]


def test_timeline_lines_labels_and_peaks():
    result = timeline([
        ("2019-01-01", "facebook", "Facebook", 3, 2, 2, 1.0),
        ("2019-03-01", "facebook", "Facebook", 1, 1, 2, 0.5),
        ("2019-03-01", "macron", "Emmanuel Macron", 2, 2, 2, 1.0),
    ], left_out=2)
    fig = charts.timeline_figure(result)
    layout = fig["layout"]
    assert [trace["name"] for trace in fig["data"]] == ["Facebook", "Emmanuel Macron"]
    assert fig["data"][0]["y"] == [3, 1]
    assert layout["title"]["text"].startswith("Mentions au fil du temps, par mois")
    assert "2 article(s) sans date" in layout["title"]["text"]
    assert (layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]) == ("Date", "Mentions")
    assert {a["text"] for a in layout["annotations"]} == {"Un &lt;script&gt;titre&lt;/script&gt;"}
    assert layout["showlegend"]


def test_timeline_month_ticks_one_label_per_month_on_a_short_span():
    result = timeline([(f"2019-0{month}-01", "facebook", "Facebook", 1, 1, 2, 0.5) for month in (3, 4, 5)])
    xaxis = charts.timeline_figure(result)["layout"]["xaxis"]
    assert (xaxis["dtick"], xaxis["tick0"], xaxis["tickformat"]) == ("M1", "2000-01-01", "%m/%Y")


@pytest.mark.parametrize(("granularity", "first", "last", "ticks"), [
    ("month", "2019-05-01", "2020-12-01", {"dtick": "M3", "tick0": "2000-01-01"}),  # 20 months
    ("month", "2010-01-01", "2020-12-01", {"dtick": "M24", "tick0": "2000-01-01"}),
    ("year", "2015-01-01", "2020-01-01", {"dtick": "M12", "tick0": "2000-01-01"}),
    ("week", "2019-03-04", "2019-04-22", {"dtick": 7 * 86_400_000, "tick0": "2019-03-04"}),  # 8 weeks
    ("week", "2019-03-04", "2019-12-30", {"dtick": 56 * 86_400_000, "tick0": "2019-03-04"}),  # 43 weeks
    ("day", "2019-03-01", "2019-03-05", {"dtick": 86_400_000, "tick0": "2019-03-01"}),
    ("day", "1990-01-01", "2019-12-31", {}),  # plotly's own yearly ticks
])
def test_date_ticks_fall_on_period_starts_at_most_eight(granularity, first, last, ticks):
    assert charts.date_ticks(pd.Series(pd.to_datetime([first, last])), granularity) == ticks


def test_timeline_share_is_a_percentage():
    result = timeline([("2019-03-01", "facebook", "Facebook", 1, 1, 2, 0.5)], granularity="week")
    fig = charts.timeline_figure(result, value="share")
    assert fig["data"][0]["y"] == [0.5]
    assert fig["layout"]["yaxis"]["tickformat"] == ".0%"
    assert fig["layout"]["yaxis"]["title"]["text"] == "Part des articles"
    assert "par semaine" in fig["layout"]["title"]["text"]


def test_cooccurrence_heatmap_is_symmetric():
    fig = charts.cooccurrence_heatmap(EDGES, weight="jaccard", level="article")
    heat = fig["data"][0]
    assert heat["x"] == ["Facebook", "Emmanuel Macron", "Paris"]
    z = pd.DataFrame(heat["z"], index=heat["y"], columns=heat["x"])
    assert z.loc["Facebook", "Emmanuel Macron"] == z.loc["Emmanuel Macron", "Facebook"] == 0.4
    assert pd.isna(z.loc["Paris", "Emmanuel Macron"])  # None in the figure: JSON's null, a gap
    assert fig["layout"]["title"]["text"] == "Co-occurrences par article : indice de jaccard"
    assert heat["customdata"][0][1] == ["macron", "facebook"]  # (column id, row id) per cell


def test_actor_theme_heatmap():
    frame = pd.DataFrame({"actor_id": ["facebook", "facebook", "macron"], "name": ["Facebook"] * 2 + ["Emmanuel Macron"],
                          "theme_id": ["regulation", "terrorisme", "regulation"],
                          "label": ["Régulation", "Terrorisme", "Régulation"], "articles": [3, 2, 1]})
    fig = charts.actor_theme_heatmap(frame)
    heat = fig["data"][0]
    assert heat["x"] == ["Régulation", "Terrorisme"] and heat["y"] == ["Facebook", "Emmanuel Macron"]
    assert heat["z"][0] == [3, 2]
    assert fig["layout"]["title"]["text"] == "Acteurs × thèmes (articles)"


def test_a_heatmap_without_a_gap_is_still_json():
    """Every actor in the one theme: an integer matrix, whose maximum numpy gives as int64 (the hostile corpus's
    selection in the browser test drew no chart before the colour bound was made plain Python)."""
    frame = pd.DataFrame({"actor_id": ["facebook", "macron"], "name": ["Facebook", "Emmanuel Macron"],
                          "theme_id": ["regulation"] * 2, "label": ["Régulation"] * 2, "articles": [9, 9]})
    fig = charts.actor_theme_heatmap(frame)
    assert json.loads(charts.to_json(fig))["data"][0]["zmax"] == 9
    edges = EDGES.assign(count=EDGES["count"].astype("int64"))
    assert json.loads(charts.to_json(charts.cooccurrence_heatmap(edges, weight="count")))["data"][0]["zmax"] >= 1


@pytest.mark.parametrize("draw", [
    lambda: charts.top_actors_figure(TOP_ACTORS.iloc[0:0]),
    lambda: charts.top_themes_figure(pd.DataFrame(columns=["theme_id", "label", "articles", "hits"])),
    lambda: charts.cooccurrence_heatmap(EDGES.iloc[0:0]),
    lambda: charts.actor_theme_heatmap(pd.DataFrame(columns=["actor_id", "name", "theme_id", "label", "articles"])),
    lambda: charts.timeline_figure(timeline([])),
])
def test_empty_frames_say_so_in_french(draw):
    fig = draw()
    assert fig["data"] == []
    assert fig["layout"]["annotations"][0]["text"] == charts.EMPTY_MESSAGE
    assert fig["layout"]["xaxis"]["visible"] is False
    assert fig["layout"]["title"]["text"]  # the empty figure still says what it would show


def test_charts_state_axes_visible_so_an_in_place_update_shows_them_again():
    fig = charts.top_actors_figure(TOP_ACTORS)
    assert fig["layout"]["xaxis"]["visible"] is True and fig["layout"]["yaxis"]["visible"] is True


def test_safe_escapes_and_shortens():
    assert charts.safe("<img src=x onerror=alert(1)>", limit=100) == "&lt;img src=x onerror=alert(1)&gt;"
    assert charts.safe("a" * 10, limit=5) == "aaaa…"
    assert charts.safe(None) == ""


NODES = TOP_ACTORS


def test_network_nodes_sized_by_mentions_edges_by_weight():
    fig = charts.network_figure(EDGES, NODES, weight="count", level="article")
    nodes = [trace for trace in fig["data"] if trace["mode"] == "markers+text"]
    lines = [trace for trace in fig["data"] if trace["mode"] == "lines"]
    assert [trace["name"] for trace in nodes] == ["Organisation", "Personne", "Lieu"]
    sizes = [trace["marker"]["size"][0] for trace in nodes]
    assert sizes[0] > sizes[1] > sizes[2]  # 10, 5, 2 mentions
    assert sorted(trace["line"]["width"] for trace in lines) == [3, 9]  # weights 1/4 and 4/4 of the strongest
    assert nodes[1]["hovertext"] == ["Emmanuel &lt;b&gt;Macron&lt;/b&gt;"]
    assert fig["layout"]["title"]["text"] == "Réseau des co-occurrences par article : nombre de co-occurrences"


def test_network_leaves_out_negative_pmi_and_isolated_actors():
    fig = charts.network_figure(EDGES, NODES, weight="pmi")
    names = [name for trace in fig["data"] if trace["mode"] == "markers+text" for name in trace["hovertext"]]
    assert "Paris" not in names  # its only edge has a PMI below zero


def test_network_layout_is_deterministic():
    first = charts.network_figure(EDGES, NODES)
    again = charts.network_figure(EDGES, NODES)
    for one, other in zip(first["data"], again["data"], strict=True):
        assert np.allclose(np.asarray(one["x"], dtype=float), np.asarray(other["x"], dtype=float), equal_nan=True)


def test_timeline_points_carry_actor_and_period_for_clicks():
    result = timeline([("2019-03-01", "facebook", "Facebook", 1, 1, 2, 0.5)])
    assert charts.timeline_figure(result)["data"][0]["customdata"][0] == ["facebook", 1, "2019-03-01", "2019-03-31"]


def _as_page_reads(value):
    """plotly.py's JSON made comparable with vigie's: typed arrays (``bdata``) as lists, NaN as null,
    midnight timestamps as the same instant without the fraction of seconds."""
    if isinstance(value, dict):
        if {"bdata", "dtype"} <= set(value):
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return _as_page_reads(array.tolist())
        return {key: _as_page_reads(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_page_reads(item) for item in value]
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00\.0+", value):
        return value.split(".")[0]
    return value


EVERY_CHART = {
    "actors": lambda: charts.top_actors_figure(TOP_ACTORS),
    "themes": lambda: charts.top_themes_figure(pd.DataFrame({
        "theme_id": ["regulation", "terrorisme"], "label": ["Régulation", "Terrorisme"], "articles": [4, 3],
        "hits": [6, 3]})),
    "timeline": lambda: charts.timeline_figure(timeline([
        ("2019-01-01", "facebook", "Facebook", 3, 2, 2, 1.0), ("2019-03-01", "facebook", "Facebook", 1, 1, 2, 0.5),
        ("2019-03-01", "macron", "Emmanuel Macron", 2, 2, 2, 1.0)], left_out=2)),
    "share": lambda: charts.timeline_figure(timeline([("2019-03-04", "facebook", "Facebook", 1, 1, 2, 0.5)],
                                                     granularity="week"), value="share"),
    "cooccurrence": lambda: charts.cooccurrence_heatmap(EDGES, weight="jaccard", level="article"),
    "pmi": lambda: charts.cooccurrence_heatmap(EDGES, weight="pmi"),
    "actor_themes": lambda: charts.actor_theme_heatmap(pd.DataFrame({
        "actor_id": ["facebook", "facebook", "macron"], "name": ["Facebook"] * 2 + ["Emmanuel Macron"],
        "theme_id": ["regulation", "terrorisme", "regulation"], "label": ["Régulation", "Terrorisme", "Régulation"],
        "articles": [3, 2, 1]})),
    "network": lambda: charts.network_figure(EDGES, NODES, weight="count", level="article"),
    "empty": lambda: charts.empty_figure(title="Thèmes"),
}


@pytest.mark.parametrize("name", EVERY_CHART)
def test_plotly_accepts_every_figure_and_writes_back_what_the_page_gets(name):
    """Each dict is a valid plotly figure (no unknown or misspelt property: plotly's validation raises),
    and plotly's own JSON of it holds the same content as :func:`charts.to_json`'s, as plotly.js reads it.

    One documented difference: vigie states an empty annotation list, which plotly.py leaves out."""
    fig = EVERY_CHART[name]()
    ours = json.loads(charts.to_json(fig))
    theirs = _as_page_reads(json.loads(go.Figure(fig).to_json()))
    theirs["layout"].setdefault("annotations", [])
    assert theirs == ours
    assert ours == fig  # plain JSON values already: nothing is converted on the way to the page


def test_a_figure_holds_only_json_values():
    for make in EVERY_CHART.values():
        text = charts.to_json(make())  # json.dumps with allow_nan=False: a NaN or a numpy number raises
        assert "NaN" not in text and text.startswith('{"data":')
