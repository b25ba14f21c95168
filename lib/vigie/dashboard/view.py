"""The widgets: filters on the left, one tab per view, all driven by a DashboardState.

Why this shape: widget callbacks only set the state; the state's changes call
:mod:`vigie.query` and :mod:`vigie.charts`.  Figures are ``go.FigureWidget``s
updated in place (``batch_update``) so a filter change never rebuilds the page.
Only the visible tab is recomputed; the others are marked stale and drawn when
opened.  Everything from the corpus that reaches an HTML widget goes through
``html.escape``.  A failure shows a short French message; the detail goes to
the log.
"""
from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from vigie import charts, query
from vigie.dashboard import url
from vigie.dashboard.page import PageBridge
from vigie.dashboard.state import FILTER_TRAITS, TABS, VIEW_TRAITS, DashboardState
from vigie.store import StoreData, StoreError, load

log = logging.getLogger(__name__)

TAB_TITLES = {
    "overview": "Vue d'ensemble",
    "timeline": "Chronologie",
    "network": "Co-occurrences",
    "themes": "Acteurs × thèmes",
    "articles": "Articles",
}
MAX_ROWS = 200
NO_SOURCE = "(sans source)"
_DATE_FORMATS = {"day": "%d/%m/%Y", "month": "%m/%Y", "year": "%Y"}
MAX_ACTOR_OPTIONS = 300
FILTER_WIDTH = 290  # px, the left column's controls
CSS = """
<style>
.vigie-table { border-collapse: collapse; width: 100%; font-size: 13px; }
.vigie-table th, .vigie-table td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left;
  vertical-align: top; }
.vigie-table th { background: #f4f4f4; position: sticky; top: 0; }
.vigie-message { color: #555; font-style: italic; padding: 8px 0; }
.vigie-error { color: #a00; padding: 4px 0; }
.vigie-title { margin: 0 0 4px 0; }
</style>
"""


def build_app(store: Path, *, query_string: str = "") -> widgets.Widget:
    """The whole dashboard for one store, its state read from ``query_string``.

    This is the one call the notebook makes.  A missing or unreadable store
    gives a French message instead of a traceback.
    """
    try:
        data = load(Path(store))
    except StoreError as exc:
        log.warning("store %s could not be loaded: %s", store, exc)
        return widgets.HTML(f'{CSS}<p class="vigie-error">{html.escape(str(exc))}</p>')
    state = DashboardState()
    decoded = url.decode(query_string, choices=store_choices(data))
    state.apply(decoded.values)
    return Dashboard(data, state, messages=decoded.problems)


def store_choices(data: StoreData) -> dict[str, tuple[str, ...]]:
    """The values a link may name, per state trait: what the store holds."""
    return {
        "actors": tuple(data.actors["id"].astype(str)),
        "themes": tuple(data.themes["id"].astype(str)),
        "sources": tuple(data.articles["source"].dropna().astype(str).unique()),
        "article": tuple(data.articles["id"].astype(str)),
    }


def _options(labels: pd.Series, counts: pd.Series) -> list[tuple[str, str]]:
    """(label with count, id) pairs, most frequent first, for a selection widget."""
    frame = pd.DataFrame({"label": labels.astype(str), "n": counts.fillna(0).astype(int)})
    frame = frame.sort_values(["n", "label"], ascending=[False, True])
    return [(f"{row.label} ({row.n})", str(key)) for key, row in frame.iterrows()]


class FigureSlot(widgets.Box):
    """Where one chart lives: a FigureWidget made from the first figure, then updated in place.

    The widget is built from its first figure (not empty, then filled)
    because a page that opens after the kernel drew, as under Voilà, receives
    the widget's initial state but not the update messages sent before it
    connected.  Later figures replace traces and layout in one batch, so the
    chart never rebuilds or jumps.
    """

    #: ``responsive`` makes plotly re-measure on window resizes (PageBridge sends one whenever
    #: the dashboard's size changes): the widget first draws before its cell has a width.
    CONFIG = {"responsive": True, "displaylogo": False,
              "toImageButtonOptions": {"format": "png", "filename": "vigie", "scale": 2}}

    def __init__(self, *, height: int) -> None:
        # min_width 0: a grid or flex cell may then shrink below the chart's first width,
        # and the chart re-measures itself to the cell (see PageBridge).
        super().__init__(layout=widgets.Layout(width="100%", min_width="0", min_height=f"{height}px",
                                               overflow="hidden"))
        self.figure: go.FigureWidget | None = None

    def show(self, figure: go.Figure) -> None:
        if self.figure is None:
            self.figure = go.FigureWidget(figure)
            self.figure._config = self.CONFIG
            self.children = (self.figure,)
            return
        with self.figure.batch_update():
            self.figure.data = ()
            self.figure.add_traces(figure.data)
            self.figure.layout = figure.layout


class Dashboard(widgets.VBox):
    """Filters on the left, views in tabs on the right, all driven by one state."""

    def __init__(self, data: StoreData, state: DashboardState, *, messages: tuple[str, ...] = ()) -> None:
        self.data = data
        self.state = state
        self._stale = set(TABS)
        self._listing = False  # True while the actor list is being replaced
        self._build_filters()
        self._build_views()
        self._notes = widgets.HTML(
            "".join(f'<div class="vigie-message">{html.escape(m)}</div>' for m in messages))
        self._error = widgets.HTML()
        corpus = html.escape(str(data.manifest.get("corpus", data.root)))
        header = widgets.HTML(
            f'{CSS}<h2 class="vigie-title">vigie : qui parle de quoi, avec qui, quand</h2>'
            f"<div>{len(data.articles)} articles indexés · index {corpus}</div>"
        )
        body = widgets.HBox(
            [self._filters, self._tabs],
            layout=widgets.Layout(width="100%", align_items="flex-start"),
        )
        self._page = PageBridge(own_url=os.environ.get("SERVER_SOFTWARE", "").startswith("voila"))
        super().__init__([header, self._notes, self._error, body, self._page], layout=widgets.Layout(width="100%"))
        self.add_class("vigie-dashboard")
        state.observe(self._on_any_change, names=[*FILTER_TRAITS, *VIEW_TRAITS])
        self._on_any_change()
        state.observe(self._on_filter, names="filter")
        state.observe(self._on_tab, names="tab")
        state.observe(lambda _: self._refresh("timeline"), names=["granularity", "timeline_value"])
        state.observe(lambda _: self._refresh("network"), names=["level", "weight"])
        self._sync_widgets_from_state()
        self._on_filter()

    # ------------------------------------------------------------ filters

    def _build_filters(self) -> None:
        data, state = self.data, self.state
        actors = data.actors.set_index(data.actors["id"].astype(str))
        self._actor_options = _options(actors["name"], actors["n_articles"])
        self._actor_search = widgets.Text(placeholder="Rechercher un acteur…", continuous_update=True,
                                          layout=_filter_layout())
        self._actor_select = widgets.SelectMultiple(
            options=self._actor_options, rows=9, description="", layout=_filter_layout()
        )
        self._actor_mode = widgets.ToggleButtons(
            options=[("au moins un", "any"), ("tous", "all")], value=state.actor_mode,
            tooltips=["articles citant au moins un des acteurs choisis", "articles citant tous les acteurs choisis"],
            style={"button_width": "135px"},
        )
        self._actor_types = widgets.SelectMultiple(
            options=[(label, kind) for kind, label in charts.ACTOR_TYPE_LABELS.items()], rows=3,
            layout=_filter_layout(),
        )
        self._date_from = widgets.DatePicker(description="Du", layout=_filter_layout(),
                                             style={"description_width": "28px"})
        self._date_to = widgets.DatePicker(description="Au", layout=_filter_layout(),
                                           style={"description_width": "28px"})
        themed = data.article_themes.loc[data.article_themes["assigned"]]
        theme_counts = themed.groupby(themed["theme_id"].astype(str)).size()
        themes = data.themes.set_index(data.themes["id"].astype(str))["label"]
        self._themes = widgets.SelectMultiple(
            options=_options(themes, theme_counts.reindex(themes.index)), rows=6,
            layout=_filter_layout(),
        )
        sources = data.articles["source"].astype(str).value_counts()
        names = pd.Series(sources.index, index=sources.index).replace("", NO_SOURCE)
        self._sources = widgets.SelectMultiple(
            options=_options(names, sources), rows=4,
            layout=_filter_layout(),
        )
        self._text = widgets.Text(placeholder="Mots dans les articles…", continuous_update=False,
                                  layout=_filter_layout())
        self._reset = widgets.Button(description="Réinitialiser", icon="undo", tooltip="Revenir à tout le corpus")

        self._actor_search.observe(lambda _: self._filter_actor_options(), names="value")
        self._filter_widgets = {
            "actors": self._actor_select, "actor_mode": self._actor_mode, "actor_types": self._actor_types,
            "date_from": self._date_from, "date_to": self._date_to, "themes": self._themes,
            "sources": self._sources, "text": self._text,
        }
        for name, widget in self._filter_widgets.items():
            widget.observe(self._setter(name), names="value")
        self._reset.on_click(lambda _: state.reset())
        state.observe(lambda change: self._show_in_widget(change["name"]), names=list(self._filter_widgets))

        def section(title: str, *children: widgets.Widget) -> widgets.VBox:
            return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), *children])

        self._filters = widgets.VBox(
            [
                section("Acteurs", self._actor_search, self._actor_select,
                        widgets.HTML('<small>Ctrl+clic pour en choisir plusieurs</small>'), self._actor_mode),
                section("Types d'acteurs", self._actor_types),
                section("Période", self._date_from, self._date_to),
                section("Thèmes", self._themes),
                section("Sources", self._sources),
                section("Recherche", self._text),
                self._reset,
            ],
            layout=widgets.Layout(width=f"{FILTER_WIDTH + 16}px", min_width=f"{FILTER_WIDTH + 16}px"),
        )
        self._filters.add_class("vigie-filters")

    def _setter(self, name: str) -> Callable[[dict], None]:
        def set_state(change: dict) -> None:
            if not self._listing:
                setattr(self.state, name, change["new"])

        return set_state

    def _filter_actor_options(self) -> None:
        """List the actors whose name holds the search words (the most cited first, at most
        MAX_ACTOR_OPTIONS so a large corpus stays light), always keeping the chosen ones."""
        needle = self._actor_search.value.strip().casefold()
        chosen = set(self.state.actors)
        matching = [(label, key) for label, key in self._actor_options
                    if key not in chosen and needle in label.casefold()]
        options = [(label, key) for label, key in self._actor_options if key in chosen]
        options += matching[:MAX_ACTOR_OPTIONS]
        # New options clear the widget's value for a moment; that is not the user's choice.
        # (Not hold_trait_notifications: the widget's own options observer would then run
        # last and clear the value set here.)
        chosen_now = tuple(self.state.actors)
        self._listing = True
        try:
            self._actor_select.options = options
        finally:
            self._listing = False
        self._actor_select.value = chosen_now

    def _show_in_widget(self, name: str) -> None:
        """Show one state trait in its filter widget (after a link, a reset or a chart click)."""
        value = getattr(self.state, name)
        if name == "actors":
            if set(self._actor_select.value) != set(value):
                self._filter_actor_options()
        else:
            self._filter_widgets[name].value = value

    def _sync_widgets_from_state(self) -> None:
        for name in self._filter_widgets:
            self._show_in_widget(name)
        self._filter_actor_options()

    # ------------------------------------------------------------ views

    def _build_views(self) -> None:
        def figure(height: int) -> FigureSlot:
            return FigureSlot(height=height)

        self._summary = widgets.HTML()
        self._fig_actors = figure(420)
        self._fig_themes = figure(420)
        overview = widgets.VBox([
            self._summary,
            widgets.GridBox([self._fig_actors, self._fig_themes],
                            layout=widgets.Layout(grid_template_columns="1fr 1fr", width="100%")),
        ])

        self._granularity = widgets.ToggleButtons(
            options=[(label, key) for key, label in charts.GRANULARITY_LABELS.items()],
            value=self.state.granularity, style={"button_width": "80px"})
        self._timeline_value = widgets.ToggleButtons(
            options=[("mentions", "mentions"), ("part des articles", "share")],
            value=self.state.timeline_value, style={"button_width": "130px"})
        self._fig_timeline = figure(440)
        timeline = widgets.VBox([widgets.HBox([self._granularity, self._timeline_value]), self._fig_timeline])

        self._level = widgets.ToggleButtons(
            options=[("même phrase", "sentence"), ("même article", "article")],
            value=self.state.level, style={"button_width": "110px"})
        self._weight = widgets.ToggleButtons(
            options=[("nombre", "count"), ("Jaccard", "jaccard"), ("PMI", "pmi")],
            value=self.state.weight, style={"button_width": "80px"})
        self._fig_cooc = figure(520)
        network = widgets.VBox([widgets.HBox([self._level, self._weight]), self._fig_cooc])

        self._fig_actor_themes = figure(520)
        self._article_list = widgets.HTML()
        articles = widgets.VBox([self._article_list])

        for widget, name in [(self._granularity, "granularity"), (self._timeline_value, "timeline_value"),
                             (self._level, "level"), (self._weight, "weight")]:
            widget.observe(self._setter(name), names="value")

        self._tabs = widgets.Tab(
            children=[overview, timeline, network, widgets.VBox([self._fig_actor_themes]), articles],
            titles=[TAB_TITLES[t] for t in TABS],
            selected_index=TABS.index(self.state.tab),
            layout=widgets.Layout(flex="1 1 auto", min_width="0"),
        )
        self._tabs.observe(self._on_tab_widget, names="selected_index")
        self._renderers: dict[str, Callable[[], None]] = {
            "overview": self._draw_overview,
            "timeline": self._draw_timeline,
            "network": self._draw_network,
            "themes": self._draw_actor_themes,
            "articles": self._draw_articles,
        }

    def link(self) -> str:
        """The query string that reopens the dashboard as it is now."""
        defaults = {name: self.state.trait_defaults(name) for name in self.state.values()}
        return url.encode(self.state.values(), defaults=defaults)

    def _on_any_change(self, _change=None) -> None:
        self._page.query = self.link()

    def _on_tab_widget(self, change: dict) -> None:
        if change["new"] is not None:
            self.state.tab = TABS[change["new"]]

    def _on_tab(self, _change=None) -> None:
        self._tabs.selected_index = TABS.index(self.state.tab)
        if self.state.tab in self._stale:
            self._refresh(self.state.tab)

    def _on_filter(self, _change=None) -> None:
        self._stale = set(TABS)
        self._refresh(self.state.tab)

    def _refresh(self, tab: str) -> None:
        """Redraw one view now if it is visible, else when it is next opened."""
        if tab != self.state.tab:
            self._stale.add(tab)
            return
        try:
            self._renderers[tab]()
            self._stale.discard(tab)
            self._error.value = ""
        except Exception:  # a view must never take the page down; the log keeps the detail
            log.exception("drawing the %s view failed for %s", tab, self.state.filter)
            self._error.value = ('<div class="vigie-error">Cette vue n\'a pas pu être calculée ; '
                                 "le détail est dans le journal du serveur.</div>")

    # ------------------------------------------------------------ drawing

    def _draw_overview(self) -> None:
        flt = self.state.filter
        numbers = query.overview(self.data, flt)
        if numbers.articles == 0:
            self._summary.value = '<p class="vigie-message">Aucun article ne correspond à ces filtres.</p>'
        else:
            span = (f"du {format_date(numbers.first, numbers.first_precision)} "
                    f"au {format_date(numbers.last, numbers.last_precision)}" if numbers.first else "sans date")
            undated = f", dont {numbers.undated} sans date" if numbers.undated else ""
            self._summary.value = (f"<p><b>{numbers.articles}</b> article(s) sur {numbers.total}{undated} · {span}</p>")
        self._fig_actors.show(charts.top_actors_figure(query.top_actors(self.data, flt, limit=15)))
        self._fig_themes.show(charts.top_themes_figure(query.top_themes(self.data, flt)))

    def _draw_timeline(self) -> None:
        state = self.state
        result = query.timeline(self.data, state.filter, granularity=state.granularity)
        self._fig_timeline.show(charts.timeline_figure(result, value=state.timeline_value))

    def _draw_network(self) -> None:
        state = self.state
        edges = query.cooccurrence(self.data, state.filter, level=state.level)
        self._fig_cooc.show(charts.cooccurrence_heatmap(edges, weight=state.weight, level=state.level))

    def _draw_actor_themes(self) -> None:
        self._fig_actor_themes.show(charts.actor_theme_heatmap(query.actor_themes(self.data, self.state.filter)))

    def _draw_articles(self) -> None:
        rows = query.article_rows(self.data, self.state.filter, limit=MAX_ROWS)
        total = len(query.selected_ids(self.data, self.state.filter))
        self._article_list.value = article_table(rows, total=total)


def article_table(rows: pd.DataFrame, *, total: int) -> str:
    """The article list as an HTML table, every cell escaped."""
    if rows.empty:
        return '<p class="vigie-message">Aucun article ne correspond à ces filtres.</p>'
    shown = f"les {len(rows)} plus récents" if len(rows) < total else "tous"
    head = "".join(f"<th>{h}</th>" for h in ("Date", "Titre", "Source", "Acteurs", "Thèmes"))
    body = "".join(
        f'<tr data-id="{html.escape(str(r.id))}"><td>{format_date(r.date, r.date_precision)}</td><td>{html.escape(str(r.title))}</td>'
        f"<td>{html.escape(str(r.source) or NO_SOURCE)}</td><td>{html.escape(r.actors)}</td><td>{html.escape(r.themes)}</td></tr>"
        for r in rows.itertuples()
    )
    return (f'<p class="vigie-count">{total} article(s), {shown} affichés</p>'
            f'<table class="vigie-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


def _filter_layout() -> widgets.Layout:
    return widgets.Layout(width=f"{FILTER_WIDTH}px")


def format_date(value, precision: str | None) -> str:
    """A date as precise as the source gave it: 16/05/2019, 05/2019 or 2019."""
    if value is None or pd.isna(value):
        return "sans date"
    return f"{value:{_DATE_FORMATS.get(precision, '%d/%m/%Y')}}"



def warm_up() -> None:
    """Pay plotly's one-time set-up (validators, template) before a visitor waits for it.

    The served notebook calls this in a pre-heated kernel, so the first
    FigureWidget built for a visitor costs milliseconds instead of seconds.
    """
    charts.empty_figure()
    go.FigureWidget()
