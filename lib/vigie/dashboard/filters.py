"""The left column: one control per filter trait, kept in step with the state both ways.

Why both ways: the user sets the state through these controls, and a link, a
reset or a click in a chart sets the state directly; the controls must then
show it.  Callbacks only set state traits.
"""
from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd

from vigie import query
from vigie.charts import ACTOR_TYPE_LABELS
from vigie.dashboard.render import NO_SOURCE
from vigie.dashboard.state import DATE_HINT, DashboardState, format_day, parse_date
from vigie.store import StoreData

WIDTH = 290  # px, every control of the column
MAX_ACTOR_OPTIONS = 300
DATE_TRAITS = ("date_from", "date_to")
STORIES_LABEL = "compter chaque histoire une fois"


def stories_hint(articles: pd.DataFrame) -> str:
    """How many articles are copies of a story, in French (what the stories switch would merge).

    Two columns only: selecting the copies' rows of the whole table touched every column
    of every copy (at 1,000,000 articles, 500 MB of mapped pages and 150 MB copied per kernel).
    """
    copied = (articles["n_copies"] > 1).to_numpy()
    if not copied.any():
        return "Aucune copie d'une même dépêche dans ce corpus : chaque article compte déjà pour une histoire."
    stories = articles["story"][copied].nunique()
    return (f"{int(copied.sum())} copies regroupées en {stories} histoire(s) : "
            "chaque histoire compte pour un article, sa première parution.")


def options(labels: pd.Series, counts: pd.Series) -> list[tuple[str, str]]:
    """(label with count, id) pairs, most frequent first, for a selection widget."""
    frame = pd.DataFrame({"label": labels.astype(str), "n": counts.fillna(0).astype(int)})
    frame = frame.sort_values(["n", "label"], ascending=[False, True])
    return [(f"{row.label} ({row.n})", str(key)) for key, row in frame.iterrows()]


def parse_date_or_none(text: str, *, end: bool) -> object:
    """The date a field's text stands for, or a marker that never equals a date when it is malformed."""
    try:
        return parse_date(text, end=end)
    except ValueError:
        return ValueError


def _layout() -> widgets.Layout:
    return widgets.Layout(width=f"{WIDTH}px")


class FilterPanel(widgets.VBox):
    """Actors (searchable, with counts, any/all), types, dates, themes, sources, text, stories, reset."""

    def __init__(self, data: StoreData, state: DashboardState, *, extra: tuple[widgets.Widget, ...] = ()) -> None:
        self.state = state
        self._listing = False  # True while the actor list is being replaced
        actors = data.actors.set_index(data.actors["id"].astype(str))
        self.actor_options = options(actors["name"], actors["n_articles"])
        self.actor_search = widgets.Text(placeholder="Rechercher un acteur…", layout=_layout())
        self.actor_select = widgets.SelectMultiple(rows=9, layout=_layout())
        self.actor_mode = widgets.ToggleButtons(
            options=[("au moins un", "any"), ("tous", "all")],
            tooltips=["articles citant au moins un des acteurs choisis", "articles citant tous les acteurs choisis"],
            style={"button_width": "135px"})
        self.actor_types = widgets.SelectMultiple(
            options=[(label, kind) for kind, label in ACTOR_TYPE_LABELS.items()], rows=3, layout=_layout())
        # Typed dates, not DatePicker: the browser's picker follows the viewer's locale (mm/dd/yyyy).
        self.date_from, self.date_to = (
            widgets.Text(description=label, placeholder=DATE_HINT, continuous_update=False, layout=_layout(),
                         style={"description_width": "28px"})
            for label in ("Du", "Au"))
        self.date_error = widgets.HTML(layout=_layout())
        # From the index arrays: reading the article_themes table kept it in every kernel (1.5 million rows at 1M).
        theme_counts = query.top_themes(data, query.Filter()).set_index("theme_id")["articles"]
        themes = data.themes.set_index(data.themes["id"].astype(str))["label"]
        self.themes = widgets.SelectMultiple(options=options(themes, theme_counts.reindex(themes.index)), rows=6,
                                             layout=_layout())
        sources = data.articles["source"].value_counts()  # per category: no string per article made
        sources = sources[sources > 0]  # categories no article holds
        sources.index = sources.index.astype(str)
        names = pd.Series(sources.index, index=sources.index).replace("", NO_SOURCE)
        self.sources = widgets.SelectMultiple(options=options(names, sources), rows=4, layout=_layout())
        self.text = widgets.Text(placeholder="Mots dans les articles…", continuous_update=False, layout=_layout())
        self.stories = widgets.Checkbox(description=STORIES_LABEL, indent=False, layout=_layout())
        hint = stories_hint(data.articles)
        self.stories.disabled = hint.startswith("Aucune")
        self.stories_hint = widgets.HTML(f'<div style="font-size: 12px; line-height: 1.35">{hint}</div>',
                                         layout=_layout())
        self.reset = widgets.Button(description="Réinitialiser", icon="undo", tooltip="Revenir à tout le corpus")

        self.controls = {
            "actors": self.actor_select, "actor_mode": self.actor_mode, "actor_types": self.actor_types,
            "date_from": self.date_from, "date_to": self.date_to, "themes": self.themes,
            "sources": self.sources, "text": self.text, "stories": self.stories,
        }
        for name, control in self.controls.items():
            control.observe(self._setter(name), names="value")
        self.actor_search.observe(lambda _: self._list_actors(), names="value")
        self.reset.on_click(lambda _: state.reset())
        state.observe(lambda change: self._show(change["name"]), names=list(self.controls))

        def section(title: str, *children: widgets.Widget) -> widgets.VBox:
            return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), *children])

        super().__init__(
            [
                section("Acteurs", self.actor_search, self.actor_select,
                        widgets.HTML("<small>Ctrl+clic pour en choisir plusieurs</small>"), self.actor_mode),
                section("Types d'acteurs", self.actor_types),
                section("Période", self.date_from, self.date_to, self.date_error),
                section("Thèmes", self.themes),
                section("Sources", self.sources),
                section("Recherche dans les textes", self.text),
                section("Dépêches reprises", self.stories, self.stories_hint),
                self.reset,
                *extra,
            ],
            layout=widgets.Layout(width=f"{WIDTH + 16}px", min_width=f"{WIDTH + 16}px"),
        )
        self.add_class("vigie-filters")
        self._list_actors()
        for name in self.controls:
            self._show(name)

    def _setter(self, name: str) -> Callable[[dict], None]:
        def set_state(change: dict) -> None:
            if self._listing:
                return
            if name in DATE_TRAITS:
                self._set_date(name, change["new"])
            else:
                setattr(self.state, name, change["new"])

        return set_state

    def _set_date(self, name: str, text: str) -> None:
        """A typed date to the state; a malformed one leaves the state as it was and says why."""
        try:
            value = parse_date(text, end=name == "date_to")
        except ValueError as exc:
            self.date_error.value = f'<div class="vigie-error">{html.escape(str(exc))}</div>'
            return
        self.date_error.value = ""
        setattr(self.state, name, value)

    def _list_actors(self) -> None:
        """List the actors whose name holds the search words (the most cited first, at most
        MAX_ACTOR_OPTIONS so a large corpus stays light), always keeping the chosen ones."""
        needle = self.actor_search.value.strip().casefold()
        chosen = tuple(self.state.actors)
        kept = [(label, key) for label, key in self.actor_options if key in chosen]
        matching = [(label, key) for label, key in self.actor_options
                    if key not in chosen and needle in label.casefold()]
        # New options clear the control's value for a moment; that is not the user's choice.
        # (Not hold_trait_notifications: the control's own options observer would then run
        # last and clear the value set here.)
        self._listing = True
        try:
            self.actor_select.options = kept + matching[:MAX_ACTOR_OPTIONS]
        finally:
            self._listing = False
        self.actor_select.value = chosen

    def _show(self, name: str) -> None:
        """Show one state trait in its control (after a link, a reset or a chart click)."""
        value = getattr(self.state, name)
        if name == "actors":
            if set(self.actor_select.value) != set(value):
                self._list_actors()
        elif name in DATE_TRAITS:
            if parse_date_or_none(self.controls[name].value, end=name == "date_to") != value:
                self.controls[name].value = format_day(value)
                self.date_error.value = ""
        else:
            self.controls[name].value = value
