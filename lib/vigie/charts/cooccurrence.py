"""Co-occurrences: the actor × actor matrix and the network, and what a click on them means."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from vigie.charts.clicks import Names, Narrowing, actor_narrowing, point
from vigie.charts.style import (ACTOR_TYPE_LABELS, BLUES, LEVEL_LABELS, OTHER_COLOUR, TYPE_COLOURS, WEIGHT_LABELS,
                                WEIGHT_SHORT, Figure, empty_figure, field, figure, points, safe, values)

#: A matrix cell's customdata: its column's actor, then its row's.
PAIR_FIELDS = ("column_id", "row_id")
#: A node's customdata in the network.
NODE_FIELDS = ("actor_id", "mentions")
NETWORK_LABELS = 15  # names written on the network; the others show on hover


def cooccurrence_heatmap(edges: pd.DataFrame, *, weight: str = "count", level: str = "sentence",
                         height: int = 480) -> Figure:
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
        index=order, columns=order).to_numpy()
    labels = [safe(names[i], limit=25) for i in order]
    heat = {
        "type": "heatmap", "z": values(matrix), "x": labels, "y": labels, "colorscale": BLUES, "hoverongaps": False,
        "xgap": 1, "ygap": 1, "customdata": matrix_points(order, order),
        "colorbar": {"title": {"text": WEIGHT_SHORT[weight]}},
        "hovertemplate": "%{y} et %{x}<br>" + WEIGHT_LABELS[weight] + " : %{z:.3g}<extra></extra>",
        # From 0 (plotly.js needs both bounds), a pair seen once is tinted, not blank-looking;
        # PMI can be negative, so its scale follows the data.
        **({} if weight == "pmi" else {"zmin": 0, "zmax": values([np.nanmax(matrix)])[0]}),
    }
    return figure([heat], title=title, height=height, xaxis={"tickangle": -45}, yaxis={"autorange": "reversed"})


def matrix_points(columns: Sequence, rows: Sequence) -> list[list[list[str]]]:
    """A heatmap's customdata: per row, per column, ``[column id, row id]`` (plotly's z[row][column] order)."""
    return [[[str(column), str(row)] for column in columns] for row in rows]


def pair_clicked(row: Sequence[object], *, names: Names) -> Narrowing | None:
    """A cell of the matrix: the articles where both actors appear (none for the diagonal)."""
    cell = point(PAIR_FIELDS, row)
    first, second = cell["row_id"], cell["column_id"]
    if first == second:
        return None
    return Narrowing(f"« {names.actor(first)} » et « {names.actor(second)} » ensemble",
                     {"actors": (first, second), "actor_mode": "all"})


def node_clicked(row: Sequence[object], *, names: Names) -> Narrowing:
    """A node of the network: that actor's articles."""
    return actor_narrowing(point(NODE_FIELDS, row)["actor_id"], names)


def network_figure(edges: pd.DataFrame, nodes: pd.DataFrame, *, weight: str = "count", level: str = "sentence",
                   height: int = 520) -> Figure:
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
    traces = []
    width_class = np.digitize(strength / strength.max(), [0.2, 0.4, 0.6, 0.8])
    for level_index in range(5):
        chosen = pairs[width_class == level_index]
        if len(chosen) == 0:
            continue
        xs = np.column_stack([position[chosen[:, 0], 0], position[chosen[:, 1], 0], np.full(len(chosen), np.nan)])
        ys = np.column_stack([position[chosen[:, 0], 1], position[chosen[:, 1], 1], np.full(len(chosen), np.nan)])
        traces.append({"type": "scatter", "x": values(xs.ravel()), "y": values(ys.ravel()), "mode": "lines",
                       "hoverinfo": "skip", "showlegend": False,
                       "line": {"width": 1 + 2 * level_index, "color": "rgba(120,120,120,0.45)"}})
    sizes = 12 + 36 * np.sqrt(nodes["mentions"] / nodes["mentions"].max())
    named = set(nodes["mentions"].sort_values(ascending=False).index[:NETWORK_LABELS])  # the rest on hover
    for kind, rows in nodes.groupby(nodes["type"].astype(str), sort=False):
        at = position[rows.index]
        fields, customdata = points(actor_id=rows["actor_id"].astype(str), mentions=rows["mentions"])
        traces.append({
            "type": "scatter", "x": values(at[:, 0]), "y": values(at[:, 1]), "mode": "markers+text",
            "name": ACTOR_TYPE_LABELS.get(kind, kind),
            "text": [safe(n, limit=25) if i in named else "" for i, n in zip(rows.index, rows["name"])],
            "hovertext": [safe(n, limit=60) for n in rows["name"]], "textposition": "top center",
            "marker": {"size": values(sizes[rows.index]), "color": TYPE_COLOURS.get(kind, OTHER_COLOUR),
                       "line": {"width": 1, "color": "white"}},
            "customdata": customdata,
            "hovertemplate": f"<b>%{{hovertext}}</b><br>{field(fields, 'mentions')} mention(s)<extra></extra>",
        })
    return figure(traces, title=title, height=height, legend={}, xaxis={"visible": False, "range": [-1.15, 1.15]},
                  yaxis={"visible": False, "range": [-1.15, 1.2]})


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
