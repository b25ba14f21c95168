"""The dashboard: filters on the left, one tab per view, all driven by a DashboardState.

Why this shape: widget callbacks only set the state; the state's changes call
:mod:`vigie.query` and :mod:`vigie.charts`.  Only the visible tab is
recomputed; the others are marked stale and drawn when opened.  A click in a
chart narrows the filter (or opens the evidence) and remembers the state it
left, so a "Revenir" button always leads back.  Anything slower than a blink
shows a busy line; a failure shows a short French message while the detail
goes to the log.  Corpus text reaches the page only through
:mod:`vigie.dashboard.render`, which escapes it.
"""
from __future__ import annotations

import contextlib
import html
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from vigie import charts, diff, query
from vigie.dashboard import downloads, render, url
from vigie.dashboard.figures import FigureSlot, warm_up  # noqa: F401  (warm_up: the served notebook's)
from vigie.dashboard.filters import FilterPanel
from vigie.dashboard.inputs import SetAsidePanel
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
    "concordance": "Concordancier",
}
MAX_ROWS = 200
FAILURE = "Cette vue n'a pas pu être calculée ; le détail est dans le journal du serveur."


def build_app(store: Path, *, query_string: str = "") -> widgets.Widget:
    """The whole dashboard for one store, its state read from ``query_string``.

    This is the one call the notebook makes.  A missing or unreadable store
    gives a French message instead of a traceback.
    """
    try:
        data = load(Path(store))
    except StoreError as exc:
        log.warning("store %s could not be loaded: %s", store, exc)
        return widgets.HTML(f'{render.CSS}<p class="vigie-error">{html.escape(str(exc))}</p>')
    state = DashboardState()
    decoded = url.decode(query_string, choices=store_choices(data))
    values, problems = dict(decoded.values), decoded.problems
    if values.get("compare") and values["compare"] not in set(query.copies_of(data, values.get("article", ""))["id"]):
        del values["compare"]  # not a copy of the open article's story
        problems += ("Lien : la copie à comparer n'est pas une copie de l'article ouvert, ignorée.",)
    state.apply(values)
    return Dashboard(data, state, messages=problems)


def store_choices(data: StoreData) -> dict[str, tuple[str, ...]]:
    """The values a link may name, per state trait: what the store holds."""
    actors = tuple(data.actors["id"].astype(str))
    return {
        "actors": actors,
        "kwic_actor": actors,
        "themes": tuple(data.themes["id"].astype(str)),
        "sources": tuple(data.articles["source"].dropna().astype(str).unique()),
        "article": tuple(data.articles["id"].astype(str)),
        "compare": tuple(data.articles["id"].astype(str)),
    }


class Dashboard(widgets.VBox):
    """Filters on the left, views in tabs on the right, all driven by one state."""

    def __init__(self, data: StoreData, state: DashboardState, *, messages: tuple[str, ...] = ()) -> None:
        self.data = data
        self.state = state
        self._stale = set(TABS)
        self._history: list[dict] = []  # states left by chart clicks, for "Revenir"
        self._article_ids = set(data.articles["id"].astype(str))
        self.names = charts.Names.of(data.actors, data.themes)
        self.page = PageBridge(own_url=os.environ.get("SERVER_SOFTWARE", "").startswith("voila"))
        self.page.on_open(self._open_article)
        self._build_status()
        self.filters = FilterPanel(data, state, extra=(self._build_exports(),))
        self._build_views()
        corpus = html.escape(str(data.manifest.get("corpus", data.root)))
        header = widgets.HBox(
            [widgets.HTML(f'{render.CSS}<h2 class="vigie-title">vigie : qui parle de quoi, avec qui, quand</h2>'
                          f"<div>{len(data.articles)} articles indexés · {corpus}</div>"),
             self.page],
            layout=widgets.Layout(justify_content="space-between", align_items="flex-end", width="100%"))
        notes = widgets.HTML("".join(f'<div class="vigie-message">{html.escape(m)}</div>' for m in messages))
        body = widgets.HBox([self.filters, self.tabs], layout=widgets.Layout(width="100%", align_items="flex-start"))
        self.set_aside = SetAsidePanel(data.inputs)  # « N fichiers écartés », listed on demand
        super().__init__([header, notes, self.set_aside, self.error, self.status, body],
                         layout=widgets.Layout(width="100%"))
        self.add_class("vigie-dashboard")
        state.observe(self._on_filter, names="filter")
        state.observe(self._on_tab, names="tab")
        state.observe(lambda _: self._refresh("timeline"), names=["granularity", "timeline_value"])
        state.observe(lambda _: self._refresh("network"), names=["level", "weight"])
        state.observe(lambda _: self._refresh("articles"), names=["article", "compare"])
        state.observe(lambda change: None if change["new"] else setattr(state, "compare", ""), names="article")
        state.observe(lambda _: self._refresh("concordance"), names=["kwic_actor", "kwic_word"])
        state.observe(self._on_any_change, names=[*FILTER_TRAITS, *VIEW_TRAITS])
        self._on_any_change()
        self._on_filter()

    # ------------------------------------------------------------ status: busy, errors, way back

    def _build_status(self) -> None:
        self.error = widgets.HTML()
        self.busy = widgets.HTML('<span class="vigie-busy">⏳ Calcul en cours…</span>',
                                 layout=widgets.Layout(visibility="hidden", width="160px"))
        self.banner = widgets.HTML(layout=widgets.Layout(flex="1 1 auto"))
        self.back = widgets.Button(description="Revenir", icon="arrow-left", tooltip="Revenir à la vue précédente",
                                   layout=widgets.Layout(visibility="hidden"))
        self.back.on_click(lambda _: self.go_back())
        # One fixed-height row whose parts appear and disappear without moving anything else.
        self.status = widgets.HBox([self.busy, self.banner, self.back],
                                   layout=widgets.Layout(height="36px", align_items="center", width="100%"))

    @contextlib.contextmanager
    def _working(self) -> Iterator[None]:
        """Show the busy line while computing; turn any failure into a French message."""
        self.busy.layout.visibility = "visible"
        try:
            yield
            self.error.value = ""
        except Exception:  # the page must never break; the log keeps the detail
            log.exception("dashboard update failed for %s", self.state.filter)
            self.error.value = f'<div class="vigie-error">{html.escape(FAILURE)}</div>'
        finally:
            self.busy.layout.visibility = "hidden"

    def click_through(self, description: str, values: dict) -> None:
        """Apply a chart click's narrowing, remembering where we were so the user can go back."""
        self._history.append(self.state.values())
        self.state.apply(values)
        self.banner.value = (f'<span class="vigie-banner">Vue restreinte depuis un graphique : '
                             f"<b>{html.escape(description)}</b>.</span>")
        self.back.layout.visibility = "visible"

    def go_back(self) -> None:
        if not self._history:
            return
        self.state.apply(self._history.pop())
        if not self._history:
            self.banner.value = ""
            self.back.layout.visibility = "hidden"

    # ------------------------------------------------------------ exports

    def _build_exports(self) -> widgets.Widget:
        buttons = []
        for label, tooltip, build in [
            ("Articles (CSV)", "les articles filtrés, leurs acteurs et leurs thèmes", self._articles_file),
            ("Mentions (CSV)", "chaque mention d'acteur de la sélection", self._mentions_file),
            ("Réseau pour Gephi", "arêtes et nœuds des co-occurrences", self._network_file),
        ]:
            button = widgets.Button(description=label, icon="download", tooltip=tooltip,
                                    layout=widgets.Layout(width="290px"))
            button.on_click(self._downloader(build))
            buttons.append(button)
        note = widgets.HTML("<small>Chaque fichier .zip contient les tableaux CSV et method.json "
                            "(corpus, modèle, filtre).</small>")
        return widgets.VBox([widgets.HTML("<b>Exporter la sélection</b>"), *buttons, note],
                            layout=widgets.Layout(margin="12px 0 0 0"))

    def _downloader(self, build: Callable[[], downloads.Download]) -> Callable:
        def download(_button) -> None:
            with self._working():
                file = build()
                self.page.download(file.name, file.content, mime=file.mime)

        return download

    def _articles_file(self) -> downloads.Download:
        return downloads.articles_download(self.data, self.state.filter, link=self.link())

    def _mentions_file(self) -> downloads.Download:
        return downloads.mentions_download(self.data, self.state.filter, link=self.link())

    def _network_file(self) -> downloads.Download:
        return downloads.network_download(self.data, self.state.filter, level=self.state.level,
                                          weight=self.state.weight, link=self.link())

    # ------------------------------------------------------------ views

    def _build_views(self) -> None:
        state = self.state
        self.summary = widgets.HTML()
        self.fig_actors = FigureSlot(height=420, on_click=self._narrower(charts.actor_clicked))
        self.fig_themes = FigureSlot(height=420, on_click=self._narrower(charts.theme_clicked))
        overview = widgets.VBox([
            self.summary,
            widgets.GridBox([self.fig_actors, self.fig_themes],
                            layout=widgets.Layout(grid_template_columns="1fr 1fr", width="100%")),
        ])

        self.granularity = widgets.ToggleButtons(
            options=[(label, key) for key, label in charts.GRANULARITY_LABELS.items()], style={"button_width": "80px"})
        self.timeline_value = widgets.ToggleButtons(
            options=[("mentions", "mentions"), ("part des articles", "share")], style={"button_width": "130px"})
        self.fig_timeline = FigureSlot(height=440, on_click=self._narrower(charts.period_clicked))
        timeline = widgets.VBox([widgets.HBox([self.granularity, self.timeline_value]), self.fig_timeline])

        self.level = widgets.ToggleButtons(
            options=[("même phrase", "sentence"), ("même article", "article")], style={"button_width": "110px"})
        self.weight = widgets.ToggleButtons(
            options=[("nombre", "count"), ("Jaccard", "jaccard"), ("PMI", "pmi")], style={"button_width": "80px"})
        self.fig_network = FigureSlot(height=520, on_click=self._narrower(charts.node_clicked))
        self.fig_cooc = FigureSlot(height=520, on_click=self._narrower(charts.pair_clicked))
        network = widgets.VBox([widgets.HBox([self.level, self.weight]), self.fig_network, self.fig_cooc])

        self.fig_actor_themes = FigureSlot(height=520, on_click=self._narrower(charts.cell_clicked))

        self.article_list = widgets.HTML()
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
        articles = widgets.VBox([self.article_list, self.reader_box])

        self.kwic_actor = widgets.Dropdown(description="Acteur", style={"description_width": "50px"},
                                           layout=widgets.Layout(width="320px"))
        self.kwic_word = widgets.Text(description="ou mot", placeholder="un mot du texte", continuous_update=False,
                                      style={"description_width": "50px"}, layout=widgets.Layout(width="280px"))
        self.kwic_lines = widgets.HTML()
        concordance = widgets.VBox([widgets.HBox([self.kwic_actor, self.kwic_word]), self.kwic_lines])

        for control, name in [(self.granularity, "granularity"), (self.timeline_value, "timeline_value"),
                              (self.level, "level"), (self.weight, "weight"), (self.kwic_word, "kwic_word")]:
            control.value = getattr(state, name)
            control.observe(self._setter(name), names="value")
            state.observe(self._shower(control), names=name)
        self._list_kwic_actors()
        self.kwic_actor.observe(self._setter("kwic_actor"), names="value")
        state.observe(lambda _: self._list_kwic_actors(), names="kwic_actor")

        self.tabs = widgets.Tab(
            children=[overview, timeline, network, widgets.VBox([self.fig_actor_themes]), articles, concordance],
            titles=[TAB_TITLES[t] for t in TABS],
            selected_index=TABS.index(state.tab),
            layout=widgets.Layout(flex="1 1 auto", min_width="0"),
        )
        self.tabs.observe(self._on_tab_widget, names="selected_index")
        self._renderers: dict[str, Callable[[], None]] = {
            "overview": self._draw_overview,
            "timeline": self._draw_timeline,
            "network": self._draw_network,
            "themes": self._draw_actor_themes,
            "articles": self._draw_articles,
            "concordance": self._draw_concordance,
        }

    def _setter(self, name: str) -> Callable[[dict], None]:
        def set_state(change: dict) -> None:
            setattr(self.state, name, change["new"])

        return set_state

    @staticmethod
    def _shower(control: widgets.ValueWidget) -> Callable[[dict], None]:
        def show(change: dict) -> None:
            control.value = change["new"]

        return show

    def _list_kwic_actors(self) -> None:
        """The concordance's actor choices: the 300 most mentioned, plus the chosen one."""
        actors = self.data.actors.sort_values("n_mentions", ascending=False)
        chosen = self.state.kwic_actor
        shown = actors.head(300)
        if chosen and chosen not in set(shown["id"].astype(str)):
            shown = pd.concat([actors.loc[actors["id"] == chosen], shown])
        choices = [("(aucun)", "")] + [(f"{r.name} ({r.n_mentions})", str(r.id)) for r in shown.itertuples()]
        if list(self.kwic_actor.options) != choices:
            self.kwic_actor.options = choices
        self.kwic_actor.value = chosen

    def link(self) -> str:
        """The query string that reopens the dashboard as it is now."""
        defaults = {name: self.state.trait_defaults(name) for name in self.state.values()}
        return url.encode(self.state.values(), defaults=defaults)

    def _on_any_change(self, _change=None) -> None:
        self.page.query = self.link()

    def _on_tab_widget(self, change: dict) -> None:
        if change["new"] is not None:
            self.state.tab = TABS[change["new"]]

    def _on_tab(self, _change=None) -> None:
        self.tabs.selected_index = TABS.index(self.state.tab)
        if self.state.tab in self._stale:
            self._refresh(self.state.tab)

    def _on_filter(self, _change=None) -> None:
        self._stale = set(TABS)
        card = downloads.image_card(self.data, self.state.filter)  # printed under PNG and SVG exports
        for slot in (self.fig_actors, self.fig_themes, self.fig_timeline, self.fig_network, self.fig_cooc,
                     self.fig_actor_themes):
            slot.card = card
        self._refresh(self.state.tab)

    def _refresh(self, tab: str) -> None:
        """Redraw one view now if it is visible, else when it is next opened."""
        if tab != self.state.tab:
            self._stale.add(tab)
            return
        with self._working():
            self._renderers[tab]()
            self._stale.discard(tab)

    # ------------------------------------------------------------ clicks in charts

    def _name(self, actor_id: str) -> str:
        return self.names.actor(actor_id)

    def _narrower(self, read: Callable[..., charts.Narrowing | None]) -> Callable[[tuple], None]:
        """A chart's click handler: its point read by the chart's own function, then applied."""
        def narrow(row: tuple) -> None:
            narrowing = read(row, names=self.names)
            if narrowing is not None:
                self.click_through(narrowing.description, {**narrowing.filter, "tab": "articles", "article": ""})

        return narrow

    def _open_article(self, article_id: str) -> None:
        """A row was clicked in the page; the id comes from the browser, so check it."""
        if article_id in self._article_ids:
            self.state.apply({"article": article_id, "compare": "", "tab": "articles"})

    # ------------------------------------------------------------ drawing

    def _draw_overview(self) -> None:
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
        self.fig_actors.show(charts.top_actors_figure(query.top_actors(self.data, flt, limit=15)))
        self.fig_themes.show(charts.top_themes_figure(query.top_themes(self.data, flt)))

    def _draw_timeline(self) -> None:
        state = self.state
        result = query.timeline(self.data, state.filter, granularity=state.granularity)
        self.fig_timeline.show(charts.timeline_figure(result, value=state.timeline_value))

    def _draw_network(self) -> None:
        state = self.state
        edges = query.cooccurrence(self.data, state.filter, level=state.level)
        nodes = query.top_actors(self.data, state.filter, limit=30)
        self.fig_network.show(charts.network_figure(edges, nodes, weight=state.weight, level=state.level))
        self.fig_cooc.show(charts.cooccurrence_heatmap(edges, weight=state.weight, level=state.level))

    def _draw_actor_themes(self) -> None:
        self.fig_actor_themes.show(charts.actor_theme_heatmap(query.actor_themes(self.data, self.state.filter)))

    def _draw_articles(self) -> None:
        reading = query.reading(self.data, self.state.article) if self.state.article else None
        if reading is not None:
            self._draw_reader(reading)
            self.reader_box.layout.display = None
            self.article_list.layout.display = "none"
            return
        self.reader_box.layout.display = "none"
        self.article_list.layout.display = None
        # One row per story whether or not the switch is on; the count says how many articles that is.
        stories = replace(self.state.filter, stories=True)
        rows = query.article_rows(self.data, stories, limit=MAX_ROWS)
        copies = query.story_copies(self.data, rows.loc[rows["n_copies"] > 1, "story"])
        self.article_list.value = render.article_table(
            rows, copies=copies, total=len(query.selected_ids(self.data, replace(stories, stories=False))),
            stories=len(query.selected_ids(self.data, stories)))

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
        other = self.data.articles.loc[self.data.articles["id"] == self.state.compare].iloc[0].to_dict()
        other_text = self.data.texts([self.state.compare]).get(self.state.compare, "")
        self.reader.value = render.comparison(reading, other, diff.compare(reading.text, other_text))

    def _draw_concordance(self) -> None:
        state = self.state
        if not state.kwic_actor and not state.kwic_word.strip():
            self.kwic_lines.value = render.message("Choisissez un acteur ou tapez un mot.")
            return
        frame = query.concordance(self.data, state.filter, actor=state.kwic_actor, word=state.kwic_word)
        what = f"« {self._name(state.kwic_actor)} »" if state.kwic_actor else f"« {state.kwic_word.strip()} »"
        self.kwic_lines.value = render.concordance_table(frame, what=what)
