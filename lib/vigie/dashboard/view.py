"""The dashboard: filters on the left, one tab per view, all driven by a DashboardState.

Why this shape: widget callbacks only set the state; the state's changes call
:mod:`vigie.query` and :mod:`vigie.charts`.  Each tab is a small class of
:mod:`vigie.dashboard.tabs`; this module holds what they share: the header,
the status line, the exports, and when a tab draws.  Only the visible tab is
recomputed; the others are marked stale and drawn when opened.  A click in a
chart narrows the filter (or opens the evidence) and remembers the state it
left, so a "Revenir" button always leads back.  Anything slower than a blink
shows a busy line; a failure shows a short French message while the detail
goes to the log.  Corpus text reaches the page only through
:mod:`vigie.dashboard.render`, which escapes it.

Served by Voilà, the dashboard is built in two steps (:func:`prepare_app`, then
:func:`open_link`) so that a pre-heated kernel builds it, first figures
included, before its visitor arrives, and then only follows the visitor's link.
"""
from __future__ import annotations

import contextlib
import html
import logging
import os
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

import ipywidgets as widgets

from vigie import charts, query
from vigie.export import PROPOSED_THEMES, themes_proposed
from vigie.dashboard import downloads, render, url
from vigie.dashboard.figures import warm_up  # noqa: F401  (the served notebook's)
from vigie.dashboard.filters import FilterPanel
from vigie.dashboard.inputs import SetAsidePanel
from vigie.dashboard.page import PageBridge
from vigie.dashboard.state import FILTER_TRAITS, TABS, VIEW_TRAITS, DashboardState
from vigie.dashboard.tabs import (ActorThemesTab, ArticlesTab, ConcordanceTab, NetworkTab, OverviewTab, Tab,
                                  TimelineTab)
from vigie.editing.files import edit_mode
from vigie.store import StoreData, StoreError, load, read_manifest

log = logging.getLogger(__name__)

TAB_TITLES = {
    "overview": "Vue d'ensemble",
    "timeline": "Chronologie",
    "network": "Co-occurrences",
    "themes": "Acteurs × thèmes",
    "articles": "Articles",
    "concordance": "Concordancier",
}
FAILURE = "Cette vue n'a pas pu être calculée ; le détail est dans le journal du serveur."


def build_app(store: Path, *, query_string: str = "", corpus: Path | None = None) -> widgets.Widget:
    """The whole dashboard for one store, its state read from ``query_string``.

    This is the one call a notebook makes.  A missing or unreadable store
    gives a French message instead of a traceback.  With ``corpus``, and
    only in a process started in edit mode (``vigie dashboard --edit`` sets
    ``$VIGIE_EDIT`` for its kernels; see :mod:`vigie.editing.files`), the
    edit panels for that corpus's ``themes.yaml`` and ``actors.yaml`` come
    under the dashboard; otherwise they are not built at all.
    """
    if corpus is not None and edit_mode():
        from vigie.dashboard.edit_mode import EditableApp  # only an editor's kernel imports the edit mode

        return EditableApp(Path(store), Path(corpus), query_string=query_string,
                           build=lambda link: build_app(store, query_string=link))
    return open_link(prepare_app(store), store, query_string=query_string)


def prepare_app(store: Path) -> widgets.Widget:
    """The dashboard in its default state, its first tab drawn: what a pre-heated kernel builds before its visitor."""
    try:
        data = load(Path(store))
    except StoreError as exc:
        log.warning("store %s could not be loaded: %s", store, exc)
        return widgets.HTML(f'{render.CSS}<p class="vigie-error">{html.escape(str(exc))}</p>')
    return Dashboard(data, DashboardState())


def open_link(app: widgets.Widget, store: Path, *, query_string: str = "", corpus: Path | None = None
              ) -> widgets.Widget:
    """``app`` (from :func:`prepare_app`) showing the view ``query_string`` names.

    A store published again since ``app`` was prepared (a new ingest while the
    kernel waited) gives a dashboard built afresh, so no visitor sees an old generation.
    In edit mode (``corpus`` given and ``$VIGIE_EDIT`` set) the editor gets :func:`build_app`'s
    edit panels around a dashboard of its own.
    """
    if corpus is not None and edit_mode():
        return build_app(store, query_string=query_string, corpus=corpus)
    if not isinstance(app, Dashboard) or read_manifest(Path(store)) != app.data.manifest:
        app = prepare_app(store)
    if isinstance(app, Dashboard):
        app.follow(query_string)
    return app


def store_choices(data: StoreData) -> Mapping[str, Collection[str]]:
    """The values a link may name, per state trait: what the store holds.

    Built once per store (in its :class:`vigie.indexes.Indexes`), not per link; article ids
    are looked up in the store's id order rather than listed.
    """
    def build() -> Mapping[str, Collection[str]]:
        actors = frozenset(data.actors["id"].astype(str))
        articles = data.indexes.known_articles()
        return MappingProxyType({
            "actors": actors,
            "kwic_actor": actors,
            "themes": frozenset(data.themes["id"].astype(str)),
            "sources": frozenset(data.articles["source"].dropna().astype(str).unique()),
            "article": articles,
            "compare": articles,
        })
    return data.indexes.once("link choices", build)


def _under_voila() -> bool:
    """Whether a Voilà page is served by this kernel (Voilà sets ``SERVER_SOFTWARE`` when its visitor comes)."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila")


class Dashboard(widgets.VBox):
    """Filters on the left, views in tabs on the right, all driven by one state."""

    def __init__(self, data: StoreData, state: DashboardState, *, messages: tuple[str, ...] = ()) -> None:
        self.data = data
        self.state = state
        self._stale = set(TABS)
        self._history: list[dict] = []  # states left by chart clicks, for "Revenir"
        self.names = charts.Names.of(data.actors, data.themes)
        self.page = PageBridge(own_url=_under_voila())
        self.page.on_open(self._open_article)
        self._build_status()
        self.filters = FilterPanel(data, state, extra=(self._build_exports(),))
        self._build_views()
        corpus = html.escape(str(data.manifest.get("corpus", data.root)))
        proposed = f" · <b>{html.escape(PROPOSED_THEMES)}</b>" if themes_proposed(data.manifest) else ""
        header = widgets.HBox(
            [widgets.HTML(f'{render.CSS}<h2 class="vigie-title">vigie : qui parle de quoi, avec qui, quand</h2>'
                          f"<div>{len(data.articles)} articles indexés · {corpus}{proposed}</div>"),
             self.page],
            layout=widgets.Layout(justify_content="space-between", align_items="flex-end", width="100%"))
        self.notes = widgets.HTML()
        self._note(messages)
        body = widgets.HBox([self.filters, self.tabs], layout=widgets.Layout(width="100%", align_items="flex-start"))
        self.set_aside = SetAsidePanel(data.inputs)  # « N fichiers écartés », listed on demand
        super().__init__([header, self.notes, self.set_aside, self.error, self.status, body],
                         layout=widgets.Layout(width="100%"))
        self.add_class("vigie-dashboard")
        state.observe(self._on_filter, names="filter")
        state.observe(self._on_tab, names="tab")
        for name, view in self.views.items():
            if view.redraw_on:
                state.observe(lambda _, name=name: self._refresh(name), names=list(view.redraw_on))
        state.observe(self._on_any_change, names=[*FILTER_TRAITS, *VIEW_TRAITS])
        self._on_any_change()
        self._on_filter()

    def follow(self, query_string: str) -> None:
        """Show the view a link names (its problems as notes); an empty link leaves the state as it is.

        Called once the visitor has come: only then has Voilà told a pre-heated
        kernel (``get_query_string``) that it serves a page whose address is the dashboard's.
        """
        self.page.own_url = _under_voila()
        decoded = url.decode(query_string, choices=store_choices(self.data))
        values, problems = dict(decoded.values), decoded.problems
        if values.get("compare") and values["compare"] not in set(
                query.copies_of(self.data, values.get("article", ""))["id"]):
            del values["compare"]  # not a copy of the open article's story
            problems += ("Lien : la copie à comparer n'est pas une copie de l'article ouvert, ignorée.",)
        self.state.apply(values)
        self._note(problems)

    def _note(self, messages: tuple[str, ...]) -> None:
        self.notes.value = "".join(f'<div class="vigie-message">{html.escape(m)}</div>' for m in messages)

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
            ("Corpus Iramuteq", "les articles filtrés, acteurs et thèmes en variables étoilées", self._iramuteq_file),
            ("Corpus TXM (XML)", "un fichier XML par article et metadata.csv, à importer dans TXM (XML/w + CSV)", self._txm_file),
        ]:
            button = widgets.Button(description=label, icon="download", tooltip=tooltip,
                                    layout=widgets.Layout(width="290px"))
            button.on_click(self._downloader(build))
            buttons.append(button)
        note = widgets.HTML("<small>Chaque fichier .zip contient les tableaux CSV ou le corpus, et method.json "
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

    def _iramuteq_file(self) -> downloads.Download:
        return downloads.iramuteq_download(self.data, self.state.filter, link=self.link())

    def _txm_file(self) -> downloads.Download:
        return downloads.txm_download(self.data, self.state.filter, link=self.link())

    def _network_file(self) -> downloads.Download:
        return downloads.network_download(self.data, self.state.filter, level=self.state.level,
                                          weight=self.state.weight, link=self.link())

    # ------------------------------------------------------------ views

    def _build_views(self) -> None:
        data, state, names = self.data, self.state, self.names
        self.overview = OverviewTab(data=data, state=state, narrow=self.narrow, names=names)
        self.timeline = TimelineTab(data=data, state=state, narrow=self.narrow, names=names)
        self.network = NetworkTab(data=data, state=state, narrow=self.narrow, names=names)
        self.themes = ActorThemesTab(data=data, state=state, narrow=self.narrow, names=names)
        self.articles = ArticlesTab(data=data, state=state)
        self.concordance = ConcordanceTab(data=data, state=state, names=names)
        self.views: dict[str, Tab] = {"overview": self.overview, "timeline": self.timeline, "network": self.network,
                                      "themes": self.themes, "articles": self.articles,
                                      "concordance": self.concordance}
        self.tabs = widgets.Tab(
            children=[self.views[t] for t in TABS],
            titles=[TAB_TITLES[t] for t in TABS],
            selected_index=TABS.index(state.tab),
            layout=widgets.Layout(flex="1 1 auto", min_width="0"),
        )
        self.tabs.observe(self._on_tab_widget, names="selected_index")

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
        for view in self.views.values():
            for slot in view.slots:
                slot.card = card
        self._refresh(self.state.tab)

    def _refresh(self, tab: str) -> None:
        """Redraw one view now if it is visible, else when it is next opened."""
        if tab != self.state.tab:
            self._stale.add(tab)
            return
        with self._working():
            self.views[tab].draw()
            self._stale.discard(tab)

    # ------------------------------------------------------------ clicks in charts

    def narrow(self, narrowing: charts.Narrowing | None) -> None:
        """A chart click, as its chart reads it: its articles, with the way back (None: nothing to do)."""
        if narrowing is not None:
            self.click_through(narrowing.description, {**narrowing.filter, "tab": "articles", "article": ""})

    def _open_article(self, article_id: str) -> None:
        """A row was clicked in the page; the id comes from the browser, so check it."""
        if self.data.indexes.position(article_id) is not None:
            self.state.apply({"article": article_id, "compare": "", "tab": "articles"})
