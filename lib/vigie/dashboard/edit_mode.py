"""The edit mode: the dashboard with a « Thèmes » and an « Acteurs » panel, « Enregistrer » and the history.

Only built when the server was started with ``vigie dashboard --edit``
(:func:`vigie.editing.edit_mode`): a viewer's kernel never constructs these
widgets, and the functions that write refuse anyway (:mod:`vigie.editing.files`).

After « Enregistrer » (or « Restaurer »), ``vigie ingest`` runs in another
process (themes re-assigned, actors re-resolved from the cached parses;
this kernel never imports spaCy): the edit worker
(:class:`vigie.editing.worker.EditWorker`), started when these panels are
built so that its imports are done by the time the user saves.  Its
progress lines are shown as they come,
and when it is done the store is loaded again and the dashboard above is
rebuilt on it, keeping the view (its link).  The manifest of the new store
names the new registry and lexicon hashes, which the method card and every
export print.  If ingest refuses a file, its French message (with the line)
is shown and the previous store stays published.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from vigie.dashboard import render
from vigie.dashboard.edit_actors import ActorsPanel
from vigie.dashboard.edit_themes import ThemesPanel
from vigie.editing import EditError, EditRefused, EditSession, StaleFile
from vigie.editing import files
from vigie.editing.commands import reindex
from vigie.editing.worker import EditWorker
from vigie.datafile import DataFileError
from vigie.store import StoreError, load

log = logging.getLogger(__name__)


class EditArea(widgets.VBox):
    """The two panels, the save bar and the history, for one corpus and its store."""

    def __init__(self, corpus: Path, store: Path, *, on_reindexed: Callable[[], None]) -> None:
        self.corpus, self.store, self._on_reindexed = Path(corpus), Path(store), on_reindexed
        self.session = EditSession(self.corpus, store=self.store)
        data = load(self.store)
        self.worker = EditWorker().start()  # its imports run while the user edits
        self.note = widgets.HTML()
        self.note.add_class("vigie-edit-note")
        self.progress = widgets.HTML()
        self.progress.add_class("vigie-edit-progress-line")
        self.save_button = widgets.Button(description="Enregistrer", icon="save", button_style="primary")
        self.save_button.on_click(lambda _b: self.save())
        self.versions = widgets.Dropdown(description="Version", layout=widgets.Layout(width="520px"))
        self.versions.add_class("vigie-history")
        self.restore_button = widgets.Button(description="Restaurer cette version", icon="undo",
                                             layout=widgets.Layout(width="auto"))
        self.restore_button.on_click(lambda _b: self.restore())
        self.themes = ThemesPanel(self.session, data, act=self.act, report=self._show_progress, worker=self.worker)
        self.actors = ActorsPanel(self.session, data, act=self.act)
        self.tabs = widgets.Tab([self.themes, self.actors])
        self.tabs.set_title(0, "Thèmes")
        self.tabs.set_title(1, "Acteurs")
        bar = widgets.HBox([self.save_button, self.versions, self.restore_button],
                           layout=widgets.Layout(align_items="center"))
        title = widgets.HTML(f'{render.CSS}<h3 class="vigie-title">Mode édition : thèmes et acteurs</h3>'
                             f'<div class="vigie-message">Rien n\'est écrit avant « Enregistrer » ; '
                             f"{render.escape(self.corpus.name)}/{files.THEMES} et {render.escape(self.corpus.name)}/"
                             f"{files.ACTORS} gardent leurs versions précédentes (« Restaurer »).</div>")
        super().__init__([title, bar, self.note, self.progress, self.tabs], layout=widgets.Layout(width="100%"))
        self.add_class("vigie-edit")
        self._list_versions()
        self._show_problems()

    # ------------------------------------------------------------ edits

    def act(self, name: str, operation, *args, done: str = "", failed: str = "", **options) -> None:
        """Apply one edit to the session, then redraw the panels; a refusal becomes a French message."""
        if failed:
            self._tell(failed, error=True)
            return
        try:
            self.session.apply(name, operation, *args, **options)
        except (EditError, DataFileError) as exc:
            self._tell(str(exc), error=True)
            return
        self._redraw()
        unsaved = " et ".join(sorted(self.session.changed))
        self._tell(f"{done} Modifications non enregistrées : {unsaved}.")

    def _redraw(self) -> None:
        for panel in (self.themes, self.actors):
            try:
                panel.refresh()
            except Exception:  # a panel must never take the page down
                log.exception("edit panel refresh failed")

    # ------------------------------------------------------------ save, restore, re-index

    def save(self) -> None:
        if not self.session.changed:
            self._tell("Rien à enregistrer.")
            return
        self._write(self.session.save, "Enregistré")

    def restore(self) -> None:
        if not self.versions.value:
            self._tell("Aucune version précédente.", error=True)
            return
        stamp = self.versions.value
        self._write(lambda: self.session.restore(stamp), f"Version du {self.versions.label.split(' — ')[0]} restaurée")

    def _write(self, write: Callable[[], None], done: str) -> None:
        try:
            write()
        except (EditRefused, StaleFile, DataFileError, EditError, FileNotFoundError) as exc:
            self._tell(str(exc), error=True)
            return
        self._list_versions()
        self._redraw()
        self._tell(f"{done} ; mise à jour de l'index…")
        self.save_button.disabled = self.restore_button.disabled = True
        threading.Thread(target=self._reindex, args=(done,), daemon=True).start()

    def _reindex(self, done: str) -> None:
        try:
            finished = reindex(self.corpus, store=self.store, on_line=self._show_progress, worker=self.worker)
            if not finished.ok:
                self._tell("L'index n'a pas été mis à jour (l'index précédent reste en place) :\n"
                           + "\n".join(finished.last_lines[-2:]), error=True)
                return
            data = load(self.store)
            self.themes.use_store(data)
            self.actors.use_store(data)
            self._on_reindexed()
            self._show_progress("")
            self._tell(f"{done} ; index mis à jour.")
        except (StoreError, OSError) as exc:
            self._tell(f"L'index n'a pas pu être rechargé : {exc}", error=True)
        except Exception:
            log.exception("re-indexing after an edit failed")
            self._tell("La mise à jour de l'index a échoué ; le détail est dans le journal du serveur.", error=True)
        finally:
            self.save_button.disabled = self.restore_button.disabled = False

    # ------------------------------------------------------------ messages

    def _list_versions(self) -> None:
        versions = files.history(self.corpus)
        self.versions.options = [(v.label(), v.stamp) for v in versions]
        self.versions.value = versions[0].stamp if versions else None

    def _show_problems(self) -> None:
        if self.session.problems:
            self._tell("\n".join([*self.session.problems.values(),
                                  "Corrigez le fichier à la main, ou restaurez une version précédente."]), error=True)

    def _tell(self, text: str, *, error: bool = False) -> None:
        self.note.value = render.edit_note(text, error=error)

    def _show_progress(self, line: str) -> None:
        self.progress.value = render.progress_line(line)


class EditableApp(widgets.VBox):
    """The dashboard with the edit area under it; the dashboard is rebuilt on the new store after each save."""

    def __init__(self, store: Path, corpus: Path, *, build: Callable[[str], widgets.Widget], query_string: str = "") -> None:
        self._build = build
        self.dashboard = build(query_string)
        try:
            self.edit = EditArea(corpus, store, on_reindexed=self._rebuild)
        except (StoreError, OSError) as exc:
            self.edit = widgets.HTML(render.edit_note(f"Mode édition indisponible : {exc}", error=True))
        super().__init__([self.dashboard, self.edit], layout=widgets.Layout(width="100%"))

    def _rebuild(self) -> None:
        link = self.dashboard.link() if hasattr(self.dashboard, "link") else ""
        self.dashboard = self._build(link)
        self.children = (self.dashboard, self.edit)
