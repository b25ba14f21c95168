"""One function per figure: a frame from :mod:`vigie.query` in, a plotly figure out.

Why this shape: drawing is kept apart from computing and from widgets, so the
same figure serves the dashboard, the exploration notebook and a PNG export,
and is tested by reading its data and layout.  Labels are French.  Every name
or title that came from the corpus is HTML-escaped before plotly sees it,
because plotly renders a subset of HTML in labels and hover text.  An empty
frame gives a figure that says so in French instead of blank axes.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from vigie.query import Timeline

ACTOR_TYPE_LABELS = {"person": "Personne", "organisation": "Organisation", "place": "Lieu"}
TYPE_COLOURS = {"person": "#4C72B0", "organisation": "#DD8452", "place": "#55A868"}
WEIGHT_LABELS = {"count": "Nombre de co-occurrences", "jaccard": "Indice de Jaccard", "pmi": "PMI"}
WEIGHT_SHORT = {"count": "Nombre", "jaccard": "Jaccard", "pmi": "PMI"}
LEVEL_LABELS = {"sentence": "phrase", "article": "article"}
_TICK_FORMATS = {"day": "%d/%m/%Y", "week": "%d/%m/%Y", "month": "%m/%Y", "year": "%Y"}
GRANULARITY_LABELS = {"day": "jour", "week": "semaine", "month": "mois", "year": "année"}
EMPTY_MESSAGE = "Aucune donnée pour cette sélection."
NETWORK_LABELS = 15  # names written on the network; the others show on hover
PEAK_LABELS = 3  # more labels than this overlap on a 1366-pixel screen
DATE_TICKS = 8  # date labels on the timeline's axis, at most (its range runs past the data to the peak labels)
_FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=13)
_GRID = "#EBF0F8"
#: The look of plotly's "plotly_white", written out: naming that template copies all of
#: it into every figure (about 60 ms each), too slow for a redraw on every filter change.
TEMPLATE = go.layout.Template(layout=dict(
    paper_bgcolor="white", plot_bgcolor="white", font=dict(color="#2a3f5f"),
    colorway=["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880",
              "#FF97FF", "#FECB52"],
    xaxis=dict(gridcolor=_GRID, linecolor=_GRID, zerolinecolor=_GRID, ticks="", zerolinewidth=2),
    yaxis=dict(gridcolor=_GRID, linecolor=_GRID, zerolinecolor=_GRID, ticks="", zerolinewidth=2),
))


def safe(text: object, *, limit: int = 60) -> str:
    """Corpus text made inert for plotly labels, shortened to ``limit`` characters."""
    text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=False)


def empty_figure(message: str = EMPTY_MESSAGE, *, title: str = "", height: int = 380) -> go.Figure:
    """A figure with no axes and a French sentence in its middle."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=16, color="#555"))
    return _style(fig, title=title, height=height, xaxis=dict(visible=False), yaxis=dict(visible=False))


def _style(fig: go.Figure, *, title: str, height: int, legend: bool = False, legend_y: float = -0.18,
           xaxis: dict | None = None, yaxis: dict | None = None, **layout) -> go.Figure:
    """Every figure's layout in one update (each plotly update costs milliseconds).

    Axis visibility and the annotation list are stated even when default, so a
    figure says everything about its axes and labels whoever draws it (the
    empty figure hides its axes and carries its message).
    """
    fig.update_layout({
        "title": dict(text=title, x=0.01, xanchor="left", font=dict(size=16)),
        "template": TEMPLATE,
        "font": _FONT,
        "height": height,
        "margin": dict(l=10, r=10, t=50, b=10),
        "showlegend": legend,
        "legend": dict(orientation="h", yanchor="top", y=legend_y, xanchor="left", x=0),
        "hoverlabel": dict(font=_FONT),
        "xaxis": {"automargin": True, "visible": True, **(xaxis or {})},
        "yaxis": {"automargin": True, "visible": True, **(yaxis or {})},
        **({"annotations": []} if not fig.layout.annotations else {}),
        **layout,
    })
    return fig


def timeline_figure(timeline: Timeline, *, value: str = "mentions", height: int = 400) -> go.Figure:
    """Mentions (or share of the period's articles) per actor over time, peaks labelled."""
    unit = GRANULARITY_LABELS[timeline.granularity]
    title = ("Part des articles mentionnant l'acteur" if value == "share" else "Mentions au fil du temps") + f", par {unit}"
    if timeline.left_out:
        title += f"<br><sup>{timeline.left_out} article(s) sans date assez précise non placé(s)</sup>"
    frame = timeline.frame
    if frame.empty:
        return empty_figure(title=title, height=height)
    column = "share" if value == "share" else "mentions"
    fig = go.Figure()
    for actor_id, rows in frame.groupby("actor_id", sort=False):
        name = safe(rows["name"].iloc[0])
        fig.add_scatter(
            x=rows["period"], y=rows[column], name=name, mode="lines+markers",
            customdata=np.stack([rows["actor_id"].astype(str), rows["articles"],
                                 rows["period"].dt.strftime("%Y-%m-%d")], axis=1),
            hovertemplate=f"<b>{name}</b><br>%{{x|%d/%m/%Y}}<br>%{{y}}<br>%{{customdata[1]}} article(s)<extra></extra>",
        )
    for rank, peak in enumerate(_labelled_peaks(timeline, column)):
        fig.add_annotation(x=peak.period, y=peak.value, text=safe(peak.title, limit=40),
                           showarrow=True, arrowhead=2, ax=0, ay=-28 - 22 * rank, font=dict(size=11),
                           bgcolor="rgba(255,255,255,0.85)")
    share = value == "share"
    # Numeric dates: plotly's month names would be English.
    _style(fig, title=title, height=height, legend=True, margin=dict(l=10, r=10, t=70, b=10), hovermode="closest",
           xaxis=dict(title=dict(text="Date"), tickformat=_TICK_FORMATS[timeline.granularity],
                      **date_ticks(frame["period"], timeline.granularity)),
           yaxis=dict(title=dict(text="Part des articles" if share else "Mentions"),
                      tickformat=".0%" if share else "", rangemode="tozero"))
    # One actor a line, right of the plot: below it, a legend placed in plot heights
    # met the axis title whenever its number of rows changed the plot's height.
    fig.layout.legend.update(orientation="v", yanchor="top", y=1, xanchor="left", x=1.01)
    return fig


def date_ticks(periods: pd.Series, granularity: str, *, at_most: int = DATE_TICKS) -> dict:
    """Ticks on period starts, one period or a round number of them apart, so no date label repeats.

    Left to itself plotly puts ticks closer than the periods on short spans
    (every two weeks on a three-month span), and ``%m/%Y`` then writes each
    month twice.  Long spans get fewer ticks (every 3 or 6 months, say), at most ``at_most``.
    """
    first, last = pd.Timestamp(periods.min()), pd.Timestamp(periods.max())
    if granularity in ("month", "year"):
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        steps = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600) if granularity == "month" else (12, 24, 60, 120, 240, 600)
        step = next((k for k in steps if months / k <= at_most), steps[-1])
        return {"dtick": f"M{step}", "tick0": "2000-01-01"}  # month starts; 3 or 6 months from January
    day_ms = 86_400_000
    days = (last - first).days + 1
    steps = (1, 2, 7, 14, 28, 56, 91, 182, 364, 728)[0 if granularity == "day" else 2:]
    step = next((k for k in steps if days / k <= at_most), None)
    if step is None:  # decades of days or weeks: plotly's own yearly ticks repeat nothing
        return {}
    return {"dtick": step * day_ms, "tick0": first.strftime("%Y-%m-%d")}


def _labelled_peaks(timeline: Timeline, column: str, *, at_most: int = PEAK_LABELS) -> list:
    """The highest few peaks, one label per article and period, so labels do not pile up."""
    if timeline.peaks.empty:
        return []
    values = timeline.frame[["actor_id", "period", column]].rename(columns={column: "value"})
    peaks = timeline.peaks.merge(values, on=["actor_id", "period"]).dropna(subset=["value"])
    peaks = peaks.sort_values("value", ascending=False).drop_duplicates(["article_id", "period"])
    return list(peaks.head(at_most).itertuples())


def top_actors_figure(frame: pd.DataFrame, *, height: int = 400) -> go.Figure:
    """Horizontal bars of the most mentioned actors, coloured by type."""
    title = "Acteurs les plus mentionnés"
    if frame.empty:
        return empty_figure(title=title, height=height)
    fig = go.Figure()
    for kind, rows in frame.groupby(frame["type"].astype(str), sort=False):
        fig.add_bar(
            y=[safe(n, limit=30) for n in rows["name"]], x=rows["mentions"], orientation="h",
            name=ACTOR_TYPE_LABELS.get(kind, kind), marker_color=TYPE_COLOURS.get(kind, "#8172B3"),
            customdata=np.stack([rows["actor_id"].astype(str), rows["articles"]], axis=1),
            hovertemplate="<b>%{y}</b><br>%{x} mention(s) dans %{customdata[1]} article(s)<extra></extra>",
        )
    order = [safe(n, limit=30) for n in frame["name"]]
    _style(fig, title=title, height=height, legend=True, barmode="stack",
           xaxis=dict(title=dict(text="Mentions")),
           yaxis=dict(categoryorder="array", categoryarray=order[::-1], title=dict(text="")))
    # Inside the plot's lower right corner, where the bars are shortest (most mentioned
    # first): below the plot the legend met the axis title.
    fig.layout.legend.update(orientation="v", yanchor="bottom", y=0.02, xanchor="right", x=0.99,
                             bgcolor="rgba(255,255,255,0.85)")
    return fig


def top_themes_figure(frame: pd.DataFrame, *, height: int = 400) -> go.Figure:
    """Horizontal bars of the themes assigned to most articles."""
    title = "Thèmes les plus présents"
    if frame.empty:
        return empty_figure(title=title, height=height)
    labels = [safe(label, limit=30) for label in frame["label"]]
    fig = go.Figure(go.Bar(
        y=labels, x=frame["articles"], orientation="h", marker_color="#937860",
        customdata=np.stack([frame["theme_id"].astype(str), frame["hits"]], axis=1),
        hovertemplate="<b>%{y}</b><br>%{x} article(s), %{customdata[1]} occurrence(s)<extra></extra>",
    ))
    return _style(fig, title=title, height=height, xaxis=dict(title=dict(text="Articles")),
                  yaxis=dict(categoryorder="array", categoryarray=labels[::-1]))


def cooccurrence_heatmap(edges: pd.DataFrame, *, weight: str = "count", level: str = "sentence",
                         height: int = 480) -> go.Figure:
    """A symmetric actor x actor matrix of one weight, actors ordered by their total weight."""
    title = f"Co-occurrences par {LEVEL_LABELS[level]} : {WEIGHT_LABELS[weight].lower()}"
    if edges.empty:
        return empty_figure(title=title, height=height)
    both = pd.concat([
        edges[["source", "target", "source_name", "target_name", weight]],
        edges.rename(columns={"source": "target", "target": "source",
                              "source_name": "target_name", "target_name": "source_name"}),
    ])
    names = both.drop_duplicates("source").set_index("source")["source_name"]
    order = both.groupby("source")[weight].sum().sort_values(ascending=False).index
    matrix = both.pivot_table(index="source", columns="target", values=weight, aggfunc="sum").reindex(
        index=order, columns=order)
    labels = [safe(names[i], limit=25) for i in order]
    ids = np.array(order, dtype=object)
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=labels, y=labels, colorscale="Blues", hoverongaps=False, xgap=1, ygap=1,
        # From 0 (plotly.js needs both bounds), a pair seen once is tinted, not blank-looking;
        # PMI can be negative, so its scale follows the data.
        **({} if weight == "pmi" else {"zmin": 0, "zmax": np.nanmax(matrix.to_numpy())}),
        customdata=np.dstack(np.meshgrid(ids, ids)),
        colorbar=dict(title=dict(text=WEIGHT_SHORT[weight])),
        hovertemplate="%{y} et %{x}<br>" + WEIGHT_LABELS[weight] + " : %{z:.3g}<extra></extra>",
    ))
    return _style(fig, title=title, height=height, xaxis=dict(tickangle=-45), yaxis=dict(autorange="reversed"))


def actor_theme_heatmap(frame: pd.DataFrame, *, height: int = 480) -> go.Figure:
    """Articles per actor and theme: who is talked about in which theme."""
    title = "Acteurs × thèmes (articles)"
    if frame.empty:
        return empty_figure(title=title, height=height)
    matrix = frame.pivot_table(index="actor_id", columns="theme_id", values="articles", aggfunc="sum")
    actor_order = matrix.sum(axis=1).sort_values(ascending=False).index
    theme_order = matrix.sum(axis=0).sort_values(ascending=False).index
    matrix = matrix.reindex(index=actor_order, columns=theme_order)
    names = frame.drop_duplicates("actor_id").set_index("actor_id")["name"]
    labels = frame.drop_duplicates("theme_id").set_index("theme_id")["label"]
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=[safe(labels[t], limit=25) for t in theme_order],
        y=[safe(names[a], limit=25) for a in actor_order], colorscale="Purples", hoverongaps=False,
        # From 0 (plotly.js needs both bounds), one article is tinted, not blank-looking like an empty cell.
        zmin=0, zmax=np.nanmax(matrix.to_numpy()), xgap=1, ygap=1,
        customdata=np.dstack(np.meshgrid(np.array(theme_order, dtype=object), np.array(actor_order, dtype=object))),
        colorbar=dict(title=dict(text="Articles")),
        hovertemplate="%{y} · %{x}<br>%{z} article(s)<extra></extra>",
    ))
    return _style(fig, title=title, height=height, xaxis=dict(tickangle=-30), yaxis=dict(autorange="reversed"))


def network_figure(edges: pd.DataFrame, nodes: pd.DataFrame, *, weight: str = "count", level: str = "sentence",
                   height: int = 520) -> go.Figure:
    """Actors as nodes (size: mentions, colour: type), co-occurrences as edges (width: weight).

    ``nodes`` is a :func:`vigie.query.top_actors` frame.  Edges with a PMI at
    or below zero (seen together no more than chance) are not drawn.  The
    layout is a small force-directed one, seeded, so the same data always
    gives the same picture.
    """
    title = f"Réseau des co-occurrences par {LEVEL_LABELS[level]} : {WEIGHT_LABELS[weight].lower()}"
    edges = edges.loc[edges[weight] > 0] if weight == "pmi" else edges
    linked = set(edges["source"]) | set(edges["target"])
    nodes = nodes.loc[nodes["actor_id"].isin(linked)].reset_index(drop=True)
    if edges.empty or nodes.empty:
        return empty_figure(title=title, height=height)
    index = {actor: i for i, actor in enumerate(nodes["actor_id"])}
    pairs = np.array([(index[a], index[b]) for a, b in zip(edges["source"], edges["target"])])
    strength = edges[weight].to_numpy(dtype=float)
    position = force_layout(len(nodes), pairs, strength / strength.max())
    fig = go.Figure()
    width_class = np.digitize(strength / strength.max(), [0.2, 0.4, 0.6, 0.8])
    for level_index in range(5):
        chosen = pairs[width_class == level_index]
        if len(chosen) == 0:
            continue
        xs = np.column_stack([position[chosen[:, 0], 0], position[chosen[:, 1], 0], np.full(len(chosen), np.nan)])
        ys = np.column_stack([position[chosen[:, 0], 1], position[chosen[:, 1], 1], np.full(len(chosen), np.nan)])
        fig.add_scatter(x=xs.ravel(), y=ys.ravel(), mode="lines", hoverinfo="skip", showlegend=False,
                        line=dict(width=1 + 2 * level_index, color="rgba(120,120,120,0.45)"))
    sizes = 12 + 36 * np.sqrt(nodes["mentions"] / nodes["mentions"].max())
    named = set(nodes["mentions"].sort_values(ascending=False).index[:NETWORK_LABELS])  # the rest on hover
    for kind, rows in nodes.groupby(nodes["type"].astype(str), sort=False):
        at = position[rows.index]
        fig.add_scatter(
            x=at[:, 0], y=at[:, 1], mode="markers+text", name=ACTOR_TYPE_LABELS.get(kind, kind),
            text=[safe(n, limit=25) if i in named else "" for i, n in zip(rows.index, rows["name"])],
            hovertext=[safe(n, limit=60) for n in rows["name"]], textposition="top center",
            marker=dict(size=sizes[rows.index], color=TYPE_COLOURS.get(kind, "#8172B3"),
                        line=dict(width=1, color="white")),
            customdata=np.stack([rows["actor_id"].astype(str), rows["mentions"]], axis=1),
            hovertemplate="<b>%{hovertext}</b><br>%{customdata[1]} mention(s)<extra></extra>",
        )
    return _style(fig, title=title, height=height, legend=True, xaxis=dict(visible=False, range=[-1.15, 1.15]),
                  yaxis=dict(visible=False, range=[-1.15, 1.2]))


def force_layout(n: int, pairs: np.ndarray, strength: np.ndarray, *, iterations: int = 120) -> np.ndarray:
    """Fruchterman-Reingold positions for ``n`` nodes (a few dozen at most), from a circle."""
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    position = np.column_stack([np.cos(angle), np.sin(angle)])
    k = 2.0 / np.sqrt(n)
    temperature = 0.3
    for _ in range(iterations):
        delta = position[:, None, :] - position[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        push = (delta / distance[..., None]) * (k * k / distance)[..., None]
        move = push.sum(axis=1)
        if len(pairs):
            d = position[pairs[:, 0]] - position[pairs[:, 1]]
            length = np.maximum(np.linalg.norm(d, axis=1), 1e-3)
            pull = (d / length[:, None]) * (length * length / k * strength)[:, None]
            np.add.at(move, pairs[:, 0], -pull)
            np.add.at(move, pairs[:, 1], pull)
        size = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        position += move / size[:, None] * np.minimum(size, temperature)[:, None]
        temperature *= 0.97
    position -= position.mean(axis=0)
    return position / np.maximum(np.abs(position).max(axis=0), 1e-9)  # fill the frame on both axes
