"""The timeline: mentions (or share of articles) per actor and period, its peaks labelled, and its click."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from vigie.charts.clicks import Names, Narrowing, point
from vigie.charts.style import GRANULARITY_LABELS, Figure, empty_figure, field, figure, points, safe, values
from vigie.query import PERIOD_CODES

if TYPE_CHECKING:
    from vigie.query import Timeline

#: A point's customdata: its actor, its articles, and the first and last day of its period
#: (the period is the chart's, so a click needs no granularity to know the dates it covers).
FIELDS = ("actor_id", "articles", "start", "end")
_TICK_FORMATS = {"day": "%d/%m/%Y", "week": "%d/%m/%Y", "month": "%m/%Y", "year": "%Y"}
PEAK_LABELS = 3  # more labels than this overlap on a 1366-pixel screen
DATE_TICKS = 8  # date labels on the timeline's axis, at most (its range runs past the data to the peak labels)


def timeline_figure(timeline: Timeline, *, value: str = "mentions", height: int = 400) -> Figure:
    """Mentions (or share of the period's articles) per actor over time, peaks labelled."""
    unit = GRANULARITY_LABELS[timeline.granularity]
    title = ("Part des articles mentionnant l'acteur" if value == "share" else "Mentions au fil du temps") + f", par {unit}"
    if timeline.left_out:
        title += f"<br><sup>{timeline.left_out} article(s) sans date assez précise non placé(s)</sup>"
    frame = timeline.frame
    if frame.empty:
        return empty_figure(title=title, height=height)
    column = "share" if value == "share" else "mentions"
    ends = frame["period"].dt.to_period(PERIOD_CODES[timeline.granularity]).dt.end_time
    traces = []
    for actor_id, rows in frame.groupby("actor_id", sort=False):
        name = safe(rows["name"].iloc[0])
        names, customdata = points(actor_id=rows["actor_id"].astype(str), articles=rows["articles"],
                                   start=rows["period"].dt.strftime("%Y-%m-%d"),
                                   end=ends[rows.index].dt.strftime("%Y-%m-%d"))
        traces.append({
            "type": "scatter", "mode": "lines+markers", "x": _dates(rows["period"]), "y": values(rows[column]),
            "name": name, "customdata": customdata,
            "hovertemplate": f"<b>{name}</b><br>%{{x|%d/%m/%Y}}<br>%{{y}}<br>{field(names, 'articles')} article(s)"
                             "<extra></extra>",
        })
    labels = [{"x": _dates([peak.period])[0], "y": _number(peak.value), "text": safe(peak.title, limit=40),
               "showarrow": True, "arrowhead": 2, "ax": 0, "ay": -28 - 22 * rank, "font": {"size": 11},
               "bgcolor": "rgba(255,255,255,0.85)"}
              for rank, peak in enumerate(_labelled_peaks(timeline, column))]
    share = value == "share"
    # Numeric dates: plotly's month names would be English.  One actor a line, right of
    # the plot: below it, a legend placed in plot heights met the axis title whenever its
    # number of rows changed the plot's height.
    return figure(traces, title=title, height=height, annotations=labels,
                  legend={"orientation": "v", "yanchor": "top", "y": 1, "xanchor": "left", "x": 1.01},
                  margin={"l": 10, "r": 10, "t": 70, "b": 10}, hovermode="closest",
                  xaxis={"title": {"text": "Date"}, "tickformat": _TICK_FORMATS[timeline.granularity],
                         **date_ticks(frame["period"], timeline.granularity)},
                  yaxis={"title": {"text": "Part des articles" if share else "Mentions"},
                         "tickformat": ".0%" if share else "", "rangemode": "tozero"})


def period_clicked(row: Sequence[object], *, names: Names) -> Narrowing:
    """A point of the timeline: that actor's articles in that period."""
    clicked = point(FIELDS, row)
    start, end = pd.Timestamp(clicked["start"]), pd.Timestamp(clicked["end"])
    return Narrowing(f"« {names.actor(clicked['actor_id'])} » du {start:%d/%m/%Y} au {end:%d/%m/%Y}",
                     {"actors": (clicked["actor_id"],), "date_from": start.date(), "date_to": end.date()})


def _dates(periods) -> list[str]:
    """Period starts as plotly.js reads dates (ISO text; plotly.py writes the same instants)."""
    return [pd.Timestamp(p).strftime("%Y-%m-%dT%H:%M:%S") for p in periods]


def _number(value):
    return values([value])[0]


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
    values_ = timeline.frame[["actor_id", "period", column]].rename(columns={column: "value"})
    peaks = timeline.peaks.merge(values_, on=["actor_id", "period"]).dropna(subset=["value"])
    peaks = peaks.sort_values("value", ascending=False).drop_duplicates(["article_id", "period"])
    return list(peaks.head(at_most).itertuples())
