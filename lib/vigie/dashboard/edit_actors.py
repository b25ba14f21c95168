"""The « Acteurs » panel of the edit mode: merge, rename, retype, « pas un acteur », suggestions in one click.

The actors listed are the store's (registered or found by the model), most
mentioned first; each button calls one operation of
:mod:`vigie.editing.documents` on the registry document.  Suggestions are
:func:`vigie.curation.suggest_actors` on the store and the registry as edited
so far.
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from vigie.curation import store_mentions, suggest_actors
from vigie.dashboard import render
from vigie.editing import EditSession
from vigie.editing import documents as ops
from vigie.editing.examples import actor_table
from vigie.editing.files import ACTORS
from vigie.store import StoreData
from vigie.types import ACTOR_TYPES

#: More actors than anyone scrolls through in a drop-down; the others are reached through the registry file.
MAX_LISTED = 400
TYPE_LABELS = render.TYPE_LABELS
_WIDE = widgets.Layout(width="330px")


class ActorsPanel(widgets.VBox):
    def __init__(self, session: EditSession, data: StoreData, *, act: Callable) -> None:
        self.session, self._act = session, act
        self.choice = widgets.Dropdown(description="Acteur", layout=_WIDE)
        self.target = widgets.Dropdown(description="dans", layout=_WIDE)
        self.name = widgets.Text(placeholder="nouveau nom", layout=widgets.Layout(width="220px"))
        self.kind = widgets.Dropdown(options=[(TYPE_LABELS[t], t) for t in ACTOR_TYPES], description="type",
                                     layout=widgets.Layout(width="200px"))
        for control, css in ((self.choice, "vigie-actor-choice"), (self.target, "vigie-actor-target"),
                             (self.name, "vigie-actor-name"), (self.kind, "vigie-actor-type")):
            control.add_class(css)
        buttons = {"Fusionner": self._merge, "Renommer": self._rename, "Changer le type": self._retype,
                   "Ce n'est pas un acteur": self._ignore, "Accepter les suggestions": self._accept}
        self.buttons = {name: widgets.Button(description=name, layout=widgets.Layout(width="auto")) for name in buttons}
        for name, handler in buttons.items():
            self.buttons[name].on_click(lambda _b, handler=handler: self._safely(handler))
        self.suggestions_view = widgets.HTML(layout=widgets.Layout(max_height="300px", overflow="auto"))
        self.choice.observe(lambda _c: self._show_actor(), names="value")
        super().__init__([
            widgets.HBox([self.choice, self.buttons["Fusionner"], self.target]),
            widgets.HBox([self.name, self.buttons["Renommer"], self.kind, self.buttons["Changer le type"],
                          self.buttons["Ce n'est pas un acteur"]]),
            widgets.HBox([self.buttons["Accepter les suggestions"],
                          widgets.HTML('<span class="vigie-message">(toutes celles de la liste ci-dessous, '
                                       "comme <code>vigie actors suggest</code>)</span>")]),
            self.suggestions_view,
        ])
        self.add_class("vigie-edit-actors")
        self.use_store(data)

    def use_store(self, data: StoreData) -> None:
        self.data = data
        self.actors = actor_table(data).head(MAX_LISTED)
        self.refresh()

    def refresh(self) -> None:
        if ACTORS in self.session.problems:
            self.suggestions = None
            self.suggestions_view.value = render.edit_note(self.session.problems[ACTORS], error=True)
            return
        options = [(f"{r.name} ({TYPE_LABELS.get(r.type, r.type)}, {r.n_mentions}"
                    f"{'' if r.registered else ', hors registre'})", str(r.id)) for r in self.actors.itertuples()]
        for control in (self.choice, self.target):
            kept = control.value
            control.options = options
            if kept in {v for _, v in options}:
                control.value = kept
        if self.target.value == self.choice.value and len(options) > 1:
            self.target.value = next(v for _, v in options if v != self.choice.value)
        registry = self.session.registry()
        self.suggestions = suggest_actors(store_mentions(self.data), registry)
        # Settled by an edit of this session: the name is now another actor's (merged into it as an alias).
        settled = [(found := registry.lookup(name)) is not None and found.id != actor_id
                   for name, actor_id in zip(self.suggestions["name"], self.suggestions["actor_id"], strict=True)]
        self.suggestions = self.suggestions.loc[[not s for s in settled]].reset_index(drop=True)
        self.buttons["Accepter les suggestions"].description = f"Accepter les {len(self.suggestions)} suggestions"
        self.buttons["Accepter les suggestions"].disabled = self.suggestions.empty
        self.suggestions_view.value = render.CSS + render.suggestions_table(self.suggestions)
        self._show_actor()

    def _safely(self, handler: Callable[[], None]) -> None:
        try:
            handler()
        except ops.EditError as exc:
            self._act(ACTORS, None, failed=str(exc))

    def _actor(self, actor_id: str | None) -> tuple[str, str, str]:
        if ACTORS in self.session.problems:
            raise ops.EditError(self.session.problems[ACTORS])
        found = self.actors.loc[self.actors["id"] == actor_id]
        if found.empty:
            raise ops.EditError("Choisissez d'abord un acteur dans la liste.")
        row = found.iloc[0]
        return str(row["id"]), str(row["name"]), str(row["type"])

    def _show_actor(self) -> None:
        if self.choice.value and ACTORS not in self.session.problems:
            _id, name, type_ = self._actor(self.choice.value)
            self.name.value, self.kind.value = name, type_

    def _merge(self) -> None:
        drop, keep = self._actor(self.choice.value), self._actor(self.target.value)
        self._act(ACTORS, ops.merge_actors, keep=keep, drop=drop,
                  done=f"« {drop[1]} » devient un alias de « {keep[1]} ».")

    def _rename(self) -> None:
        self._act(ACTORS, ops.rename_actor, self._actor(self.choice.value), self.name.value,
                  done=f"Acteur renommé en « {self.name.value.strip()} ».")

    def _retype(self) -> None:
        self._act(ACTORS, ops.set_actor_type, self._actor(self.choice.value), self.kind.value,
                  done=f"Type changé en « {TYPE_LABELS[self.kind.value]} ».")

    def _ignore(self) -> None:
        actor = self._actor(self.choice.value)
        self._act(ACTORS, ops.ignore_actor, actor, done=f"« {actor[1]} » ne sera plus compté comme un acteur.")

    def _accept(self) -> None:
        count = len(self.suggestions) if self.suggestions is not None else 0
        self._act(ACTORS, ops.accept_suggestions, self.suggestions, done=f"{count} suggestion(s) acceptée(s).")
