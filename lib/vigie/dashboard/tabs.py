"""One small class per tab of the dashboard: its widgets, what redraws it, and how it draws.

Why this shape: each tab is a ``VBox`` that owns its controls and charts and
knows which state traits it shows (``redraw_on``); :class:`vigie.dashboard.view.Dashboard`
only decides *when* a tab draws (the visible one now, the others when
opened) and applies chart clicks.  Controls are linked to the state both ways
(:func:`linked`); a tab never sets a filter itself, except through a chart
click read by the chart's own function (:mod:`vigie.charts`) and handed to
``narrow``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import ipywidgets as widgets
import pandas as pd

from vigie import charts, diff, query
from vigie.dashboard import render
from vigie.dashboard.figures import FigureSlot
from vigie.dashboard.state import DashboardState
from vigie.store import StoreData

MAX_ROWS = 200
#: What a chart click calls: the chart's reading of the point (None: the click means nothing).
Narrow = Callable[[charts.Narrowing | None], None]


def linked(control: widgets.ValueWidget, state: DashboardState, name: str) -> widgets.ValueWidget:
    """``control`` showing the state's ``name`` and setting it (``traitlets.link``, both ways)."""
    control.value = getattr(state, name)
    widgets.link((control, "value"), (state, name))
    return control


def clicks(read: Callable[..., charts.Narrowing | None], narrow: Narrow, names: charts.Names) -> Callable:
    """A FigureSlot's click handler: the point read by its chart's function, handed to ``narrow``."""
    return lambda row: narrow(read(row, names=names))


class Tab(widgets.VBox):
    """A tab: ``draw`` shows the state now; ``redraw_on`` names the view traits that call for it."""

    redraw_on: tuple[str, ...] = ()

    def __init__(self, children, *, data: StoreData, state: DashboardState) -> None:
        super().__init__(children)
        self.data, self.state = data, state

    @property
    def slots(self) -> tuple[FigureSlot, ...]:
        return ()

    def draw(self) -> None:
        raise NotImplementedError


class OverviewTab(Tab):
    """The counts, the most mentioned actors and the most present themes."""

    def __init__(self, *, data: StoreData, state: DashboardState, narrow: Narrow, names: charts.Names) -> None:
        self.summary = widgets.HTML()
        self.actors = FigureSlot(height=420, on_click=clicks(charts.actor_clicked, narrow, names))
        self.themes = FigureSlot(height=420, on_click=clicks(charts.theme_clicked, narrow, names))
        grid = widgets.GridBox([self.actors, self.themes],
                               layout=widgets.Layout(grid_template_columns="1fr 1fr", width="100%"))
        super().__init__([self.summary, grid], data=data, state=state)

    @property
    def slots(self) -> tuple[FigureSlot, ...]:
        return self.actors, self.themes

    def draw(self) -> None:
        flt = self.state.filter
        numbers = query.overview(self.data, flt)
        if numbers.articles == 0:
            self.summary.value = render.message(render.NO_RESULT)
        else:
            span = (f"du {render.format_date(numbers.first, numbers.first_precision)} "
                    f"au {render.format_date(numbers.last, numbers.last_precision)}" if numbers.first else "sans date")
            undated = f", dont {numbers.undated} sans date" if numbers.undated else ""
            counted = (f"<b>{numbers.articles}</b> histoire(s) (copies comptées une fois) parmi {numbers.total} "
                       "articles" if flt.stories else f"<b>{numbers.articles}</b> article(s) sur {numbers.total}")
            self.summary.value = (f"<p>{counted}{undated} · {span} · "
                                  "cliquez sur une barre pour voir ses articles</p>")
        self.actors.show(charts.top_actors_figure(query.top_actors(self.data, flt, limit=15)))
        self.themes.show(charts.top_themes_figure(query.top_themes(self.data, flt)))


class TimelineTab(Tab):
    """Mentions or shares per period, by day, week, month or year."""

    redraw_on = ("granularity", "timeline_value")

    def __init__(self, *, data: StoreData, state: DashboardState, narrow: Narrow, names: charts.Names) -> None:
        self.granularity = linked(widgets.ToggleButtons(
            options=[(label, key) for key, label in charts.GRANULARITY_LABELS.items()],
            style={"button_width": "80px"}), state, "granularity")
        self.value = linked(widgets.ToggleButtons(
            options=[("mentions", "mentions"), ("part des articles", "share")], style={"button_width": "130px"}),
            state, "timeline_value")
        self.chart = FigureSlot(height=440, on_click=clicks(charts.period_clicked, narrow, names))
        super().__init__([widgets.HBox([self.granularity, self.value]), self.chart], data=data, state=state)

    @property
    def slots(self) -> tuple[FigureSlot, ...]:
        return (self.chart,)

    def draw(self) -> None:
        result = query.timeline(self.data, self.state.filter, granularity=self.state.granularity)
        self.chart.show(charts.timeline_figure(result, value=self.state.timeline_value))


class NetworkTab(Tab):
    """Co-occurrences as a network and as a matrix, by sentence or article, with a chosen weight."""

    redraw_on = ("level", "weight")

    def __init__(self, *, data: StoreData, state: DashboardState, narrow: Narrow, names: charts.Names) -> None:
        self.level = linked(widgets.ToggleButtons(
            options=[("même phrase", "sentence"), ("même article", "article")], style={"button_width": "110px"}),
            state, "level")
        self.weight = linked(widgets.ToggleButtons(
            options=[("nombre", "count"), ("Jaccard", "jaccard"), ("PMI", "pmi")], style={"button_width": "80px"}),
            state, "weight")
        self.graph = FigureSlot(height=520, on_click=clicks(charts.node_clicked, narrow, names))
        self.matrix = FigureSlot(height=520, on_click=clicks(charts.pair_clicked, narrow, names))
        super().__init__([widgets.HBox([self.level, self.weight]), self.graph, self.matrix], data=data, state=state)

    @property
    def slots(self) -> tuple[FigureSlot, ...]:
        return self.graph, self.matrix

    def draw(self) -> None:
        state = self.state
        edges = query.cooccurrence(self.data, state.filter, level=state.level)
        nodes = query.top_actors(self.data, state.filter, limit=30)
        self.graph.show(charts.network_figure(edges, nodes, weight=state.weight, level=state.level))
        self.matrix.show(charts.cooccurrence_heatmap(edges, weight=state.weight, level=state.level))


class ActorThemesTab(Tab):
    """Articles per actor and theme."""

    def __init__(self, *, data: StoreData, state: DashboardState, narrow: Narrow, names: charts.Names) -> None:
        self.chart = FigureSlot(height=520, on_click=clicks(charts.cell_clicked, narrow, names))
        super().__init__([self.chart], data=data, state=state)

    @property
    def slots(self) -> tuple[FigureSlot, ...]:
        return (self.chart,)

    def draw(self) -> None:
        self.chart.show(charts.actor_theme_heatmap(query.actor_themes(self.data, self.state.filter)))


class ArticlesTab(Tab):
    """The article table (one row per story), or the open article, alone or compared with a copy."""

    redraw_on = ("article", "compare")

    def __init__(self, *, data: StoreData, state: DashboardState) -> None:
        self.listing = widgets.HTML()
        self.reader = widgets.HTML()
        self.close_reader = widgets.Button(description="Retour à la liste", icon="arrow-left")
        self.close_reader.on_click(lambda _: state.apply({"article": "", "compare": ""}))
        self.compare = widgets.Dropdown(description="comparer avec", style={"description_width": "100px"},
                                        layout=widgets.Layout(width="620px", display="none"))
        self._listing_copies = False  # True while the copies are being listed: not the user's choice
        self.compare.observe(lambda change: None if self._listing_copies else setattr(state, "compare", change["new"]),
                             names="value")
        self.reader_box = widgets.VBox([widgets.HBox([self.close_reader, self.compare]), self.reader],
                                       layout=widgets.Layout(display="none"))
        super().__init__([self.listing, self.reader_box], data=data, state=state)
        state.observe(lambda change: None if change["new"] else setattr(state, "compare", ""), names="article")

    def draw(self) -> None:
        reading = query.reading(self.data, self.state.article) if self.state.article else None
        if reading is not None:
            self._draw_reader(reading)
            self.reader_box.layout.display = None
            self.listing.layout.display = "none"
            return
        self.reader_box.layout.display = "none"
        self.listing.layout.display = None
        # One row per story whether or not the switch is on; the count says how many articles that is.
        stories = replace(self.state.filter, stories=True)
        rows = query.article_rows(self.data, stories, limit=MAX_ROWS)
        copies = query.story_copies(self.data, rows.loc[rows["n_copies"] > 1, "story"])
        self.listing.value = render.article_table(
            rows, copies=copies, total=query.selected_count(self.data, replace(stories, stories=False)),
            stories=query.selected_count(self.data, stories))

    def _draw_reader(self, reading: query.Reading) -> None:
        """The open article, or its comparison with the copy chosen in « comparer avec »."""
        copies = query.copies_of(self.data, self.state.article)
        choices = [("(aucune : lire l'article)", "")] + [
            (f"{r.source or render.NO_SOURCE} · {render.format_date(r.date, r.date_precision)} · {r.title}"[:120],
             r.id) for r in copies.itertuples()]
        if self.state.compare not in set(copies["id"]):
            self.state.compare = ""  # a copy of another story: read the article alone
        self._listing_copies = True
        try:
            if list(self.compare.options) != choices:
                self.compare.options = choices
            self.compare.value = self.state.compare
        finally:
            self._listing_copies = False
        self.compare.layout.display = None if len(copies) else "none"
        if not self.state.compare:
            self.reader.value = render.reader(reading)
            return
        other = self.data.articles.iloc[self.data.indexes.position(self.state.compare)].to_dict()
        other_text = self.data.texts([self.state.compare]).get(self.state.compare, "")
        self.reader.value = render.comparison(reading, other, diff.compare(reading.text, other_text))


class ConcordanceTab(Tab):
    """Every sentence mentioning an actor, or a word, in its context."""

    redraw_on = ("kwic_actor", "kwic_word")

    def __init__(self, *, data: StoreData, state: DashboardState, names: charts.Names) -> None:
        self.names = names
        self.actor = widgets.Dropdown(description="Acteur", style={"description_width": "50px"},
                                      layout=widgets.Layout(width="320px"))
        self.word = linked(widgets.Text(description="ou mot", placeholder="un mot du texte", continuous_update=False,
                                        style={"description_width": "50px"}, layout=widgets.Layout(width="280px")),
                           state, "kwic_word")
        self.lines = widgets.HTML()
        super().__init__([widgets.HBox([self.actor, self.word]), self.lines], data=data, state=state)
        self._list_actors()
        self.actor.observe(lambda change: setattr(state, "kwic_actor", change["new"]), names="value")
        state.observe(lambda _: self._list_actors(), names="kwic_actor")

    def _list_actors(self) -> None:
        """The actor choices: the 300 most mentioned, plus the chosen one."""
        actors = self.data.actors.sort_values("n_mentions", ascending=False)
        chosen = self.state.kwic_actor
        shown = actors.head(300)
        if chosen and chosen not in set(shown["id"].astype(str)):
            shown = pd.concat([actors.loc[actors["id"] == chosen], shown])
        choices = [("(aucun)", "")] + [(f"{r.name} ({r.n_mentions})", str(r.id)) for r in shown.itertuples()]
        if list(self.actor.options) != choices:
            self.actor.options = choices
        self.actor.value = chosen

    def draw(self) -> None:
        state = self.state
        if not state.kwic_actor and not state.kwic_word.strip():
            self.lines.value = render.message("Choisissez un acteur ou tapez un mot.")
            return
        frame = query.concordance(self.data, state.filter, actor=state.kwic_actor, word=state.kwic_word)
        what = f"« {self.names.actor(state.kwic_actor)} »" if state.kwic_actor else f"« {state.kwic_word.strip()} »"
        self.lines.value = render.concordance_table(frame, what=what)
