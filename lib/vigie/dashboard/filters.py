"""The left column: one control per filter trait, kept in step with the state both ways.

Why both ways: the user sets the state through these controls, and a link, a
reset or a click in a chart sets the state directly; the controls must then
show it.  Callbacks only set state traits.
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd

from vigie.charts import ACTOR_TYPE_LABELS
from vigie.dashboard.render import NO_SOURCE
from vigie.dashboard.state import DashboardState
from vigie.store import StoreData

WIDTH = 290  # px, every control of the column
MAX_ACTOR_OPTIONS = 300


def options(labels: pd.Series, counts: pd.Series) -> list[tuple[str, str]]:
    """(label with count, id) pairs, most frequent first, for a selection widget."""
    frame = pd.DataFrame({"label": labels.astype(str), "n": counts.fillna(0).astype(int)})
    frame = frame.sort_values(["n", "label"], ascending=[False, True])
    return [(f"{row.label} ({row.n})", str(key)) for key, row in frame.iterrows()]


def _layout() -> widgets.Layout:
    return widgets.Layout(width=f"{WIDTH}px")


class FilterPanel(widgets.VBox):
    """Actors (searchable, with counts, any/all), types, dates, themes, sources, text, reset."""

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
        self.date_from = widgets.DatePicker(description="Du", layout=_layout(), style={"description_width": "28px"})
        self.date_to = widgets.DatePicker(description="Au", layout=_layout(), style={"description_width": "28px"})
        themed = data.article_themes.loc[data.article_themes["assigned"]]
        theme_counts = themed.groupby(themed["theme_id"].astype(str)).size()
        themes = data.themes.set_index(data.themes["id"].astype(str))["label"]
        self.themes = widgets.SelectMultiple(options=options(themes, theme_counts.reindex(themes.index)), rows=6,
                                             layout=_layout())
        sources = data.articles["source"].astype(str).value_counts()
        names = pd.Series(sources.index, index=sources.index).replace("", NO_SOURCE)
        self.sources = widgets.SelectMultiple(options=options(names, sources), rows=4, layout=_layout())
        self.text = widgets.Text(placeholder="Mots dans les articles…", continuous_update=False, layout=_layout())
        self.reset = widgets.Button(description="Réinitialiser", icon="undo", tooltip="Revenir à tout le corpus")

        self.controls = {
            "actors": self.actor_select, "actor_mode": self.actor_mode, "actor_types": self.actor_types,
            "date_from": self.date_from, "date_to": self.date_to, "themes": self.themes,
            "sources": self.sources, "text": self.text,
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
                section("Période", self.date_from, self.date_to),
                section("Thèmes", self.themes),
                section("Sources", self.sources),
                section("Recherche dans les textes", self.text),
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
            if not self._listing:
                setattr(self.state, name, change["new"])

        return set_state

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
        else:
            self.controls[name].value = value
