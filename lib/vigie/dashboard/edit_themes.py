"""The « Thèmes » panel of the edit mode: each theme with its terms, article count and examples, and the edits.

Thin on purpose: every button calls one operation of
:mod:`vigie.editing.documents` through the :class:`~vigie.editing.EditSession`
and redraws; refusals come back as French messages.  Counts and examples are
the store's (the index as last built), so a theme added or merged shows its
new count after « Enregistrer » has re-indexed.
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from vigie.dashboard import render
from vigie.editing import EditSession
from vigie.editing import documents as ops
from vigie.editing.commands import suggest_themes
from vigie.editing.examples import theme_article_counts, theme_examples
from vigie.editing.files import THEMES
from vigie.editing.worker import EditWorker
from vigie.store import StoreData

_WIDE = widgets.Layout(width="260px")


class ThemesPanel(widgets.VBox):
    def __init__(self, session: EditSession, data: StoreData, *, act: Callable, report: Callable[[str], None],
                 worker: EditWorker | None = None) -> None:
        self._worker = worker
        self.session, self._act, self._report = session, act, report
        self.choice = widgets.Dropdown(description="Thème", layout=_WIDE)
        self.label = widgets.Text(placeholder="nouveau nom", layout=widgets.Layout(width="220px"))
        self.other = widgets.Dropdown(description="avec", layout=_WIDE)
        self.term = widgets.Text(placeholder="terme à ajouter", layout=widgets.Layout(width="200px"))
        self.weight = widgets.BoundedFloatText(value=1, min=0.5, max=10, step=0.5, description="poids",
                                               layout=widgets.Layout(width="130px"))
        self.terms = widgets.Dropdown(description="terme", layout=_WIDE)
        self.k = widgets.BoundedIntText(value=8, min=2, max=50, description="N =", layout=widgets.Layout(width="120px"))
        for control, css in ((self.choice, "vigie-theme-choice"), (self.label, "vigie-theme-label"),
                             (self.other, "vigie-theme-other"), (self.term, "vigie-term-new"),
                             (self.terms, "vigie-term-choice")):
            control.add_class(css)
        buttons = {
            "Renommer": self._rename, "Fusionner dans ce thème": self._merge, "Ajouter le terme": self._add,
            "Retirer le terme": self._remove, "Supprimer ce thème": self._delete,
            "Proposer N thèmes": self._propose,
        }
        self.buttons = {name: widgets.Button(description=name, layout=widgets.Layout(width="auto")) for name in buttons}
        for name, handler in buttons.items():
            self.buttons[name].on_click(lambda _b, handler=handler: handler())
        self.buttons["Supprimer ce thème"].button_style = "danger"
        self.cards = widgets.HTML(layout=widgets.Layout(max_height="420px", overflow="auto"))
        self.choice.observe(lambda _c: self._show_terms(), names="value")
        controls = widgets.VBox([
            widgets.HBox([self.choice, self.label, self.buttons["Renommer"], self.buttons["Supprimer ce thème"]]),
            widgets.HBox([self.other, self.buttons["Fusionner dans ce thème"]]),
            widgets.HBox([self.term, self.weight, self.buttons["Ajouter le terme"],
                          self.terms, self.buttons["Retirer le terme"]]),
            widgets.HBox([self.k, self.buttons["Proposer N thèmes"],
                          widgets.HTML('<span class="vigie-message">(remplace les thèmes par ceux que propose '
                                       "<code>vigie themes suggest</code>)</span>")]),
        ])
        super().__init__([controls, self.cards])
        self.add_class("vigie-edit-themes")
        self.use_store(data)

    def use_store(self, data: StoreData) -> None:
        """Counts and examples from a (re)loaded store."""
        self.counts = theme_article_counts(data)
        self.examples = {str(t): theme_examples(data, str(t)) for t in data.themes["id"]}
        self.refresh()

    def refresh(self) -> None:
        if THEMES in self.session.problems:
            self.cards.value = render.edit_note(self.session.problems[THEMES], error=True)
            return
        themes = self.session.themes["themes"]
        options = [(str(t["label"]), str(t["id"])) for t in themes]
        chosen = self.choice.value if self.choice.value in {v for _, v in options} else options[0][1]
        self.choice.options, self.other.options = options, options
        self.choice.value = chosen
        self.other.value = next((v for _, v in options if v != chosen), chosen)
        self._show_terms()
        self.cards.value = render.CSS + render.theme_cards(themes, counts=self.counts, examples=self.examples)

    def _show_terms(self) -> None:
        theme = next((t for t in self.session.themes["themes"] if str(t["id"]) == self.choice.value), None)
        self.terms.options = [ops.term_text(t) for t in theme["terms"]] if theme else []
        self.label.value = str(theme["label"]) if theme else ""

    def _rename(self) -> None:
        self._act(THEMES, ops.rename_theme, self.choice.value, self.label.value,
                  done=f"Thème renommé en « {self.label.value.strip()} ».")

    def _merge(self) -> None:
        self._act(THEMES, ops.merge_themes, self.choice.value, self.other.value,
                  done=f"« {self.other.label} » fusionné dans « {self.choice.label} ».")

    def _add(self) -> None:
        self._act(THEMES, ops.add_term, self.choice.value, self.term.value, weight=float(self.weight.value),
                  done=f"Terme « {self.term.value.strip()} » ajouté.")

    def _remove(self) -> None:
        self._act(THEMES, ops.remove_term, self.choice.value, self.terms.value or "",
                  done=f"Terme « {self.terms.value} » retiré.")

    def _delete(self) -> None:
        self._act(THEMES, ops.delete_theme, self.choice.value, done=f"Thème « {self.choice.label} » supprimé.")

    def _propose(self) -> None:
        self._report(f"Proposition de {self.k.value} thèmes en cours…")
        try:
            proposed = suggest_themes(self.session.corpus, int(self.k.value), on_line=self._report, worker=self._worker)
        except (RuntimeError, ValueError) as exc:
            self._act(THEMES, None, failed=str(exc))
            return
        self._act(THEMES, ops.replace_themes, proposed,
                  done=f"{len(proposed['themes'])} thèmes proposés : relisez-les, puis « Enregistrer ».")
