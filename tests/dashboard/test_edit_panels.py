"""The edit panels against the hand-made store, without a kernel or a browser.

A viewer's process (no ``$VIGIE_EDIT``) gets the plain dashboard, the edit
widgets never built; an editor's gets the panels, whose buttons change the
session's documents and show French messages.  Saving and re-indexing are
driven end to end by tests/browser/test_edit_mode.py.
"""
import subprocess
import sys

import ipywidgets as widgets
import psutil
import pytest

from vigie.dashboard import Dashboard, build_app
from vigie.dashboard.edit_mode import EditableApp, EditArea
from vigie.editing import EditRefused
from vigie.editing.files import ACTORS, EDIT_VARIABLE, THEMES


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


def all_widgets(root):
    found, todo = [], [root]
    while todo:
        widget = todo.pop()
        found.append(widget)
        todo.extend(getattr(widget, "children", ()))
    return found


def edit_workers() -> set[int]:
    """This process's children that are edit workers (``python -m vigie.edit_worker``)."""
    return {child.pid for child in psutil.Process().children() if "vigie.edit_worker" in child.cmdline()}


def test_a_viewer_gets_no_edit_widget_even_with_a_corpus(store_root, corpus, monkeypatch):
    monkeypatch.delenv(EDIT_VARIABLE, raising=False)
    workers = edit_workers()
    app = build_app(store_root, corpus=corpus)
    assert edit_workers() <= workers  # no edit worker started for a viewer
    assert isinstance(app, Dashboard)
    assert not any(isinstance(w, EditArea | EditableApp) or "vigie-edit" in getattr(w, "_dom_classes", ())
                   for w in all_widgets(app))
    assert not any(isinstance(w, widgets.Button) and w.description in ("Enregistrer", "Restaurer cette version")
                   for w in all_widgets(app))


@pytest.fixture
def editor(store_root, corpus, monkeypatch):
    monkeypatch.setenv(EDIT_VARIABLE, "1")
    app = build_app(store_root, corpus=corpus)
    assert isinstance(app, EditableApp) and isinstance(app.dashboard, Dashboard)
    assert app.edit.worker.pid in edit_workers()  # the editor's kernel started its worker
    return app.edit


def test_theme_buttons_edit_the_session_and_refusals_are_shown(editor):
    themes = editor.themes
    assert "vigie-theme-card" in themes.cards.value and "article(s)" in themes.cards.value
    themes.choice.value = "terrorisme"
    themes.label.value = "Terrorisme <b>en ligne</b>"
    themes.buttons["Renommer"].click()
    assert {t["label"] for t in editor.session.themes["themes"]} >= {"Terrorisme <b>en ligne</b>"}
    assert "Terrorisme &lt;b&gt;en ligne&lt;/b&gt;" in themes.cards.value  # escaped on screen
    assert "non enregistrées : themes.yaml" in editor.note.value
    for term in list(themes.terms.options)[:-1]:
        themes.terms.value = term
        themes.buttons["Retirer le terme"].click()
    themes.terms.value = themes.terms.options[0]
    themes.buttons["Retirer le terme"].click()
    assert "vigie-edit-error" in editor.note.value and "dernier terme" in editor.note.value
    assert len(themes.terms.options) == 1


def test_actor_buttons_edit_the_registry_document(editor):
    actors = editor.actors
    ids = [value for _, value in actors.choice.options]
    actors.choice.value, actors.target.value = ids[1], ids[0]
    dropped, kept = actors._actor(ids[1]), actors._actor(ids[0])
    actors.buttons["Fusionner"].click()
    entry = next(e for e in editor.session.actors["actors"] if e["name"] == kept[1])
    assert dropped[1] in entry.get("aliases", [])
    assert editor.session.changed == {ACTORS}


def test_the_save_button_of_a_kernel_without_the_flag_refuses(editor, monkeypatch):
    editor.themes.buttons["Supprimer ce thème"].click()
    monkeypatch.delenv(EDIT_VARIABLE)
    editor.save_button.click()
    assert "mode édition" in editor.note.value and "vigie-edit-error" in editor.note.value
    assert not (editor.corpus / THEMES).exists()
    with pytest.raises(EditRefused):
        editor.session.save()


def test_the_edit_mode_never_imports_spacy():
    code = ("import sys, vigie.dashboard.edit_mode, vigie.editing.commands; "
            "assert 'spacy' not in sys.modules and 'vigie.nlp.extractor' not in sys.modules, sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_bad_hand_edited_file_is_shown_with_its_line_and_its_edits_refused(store_root, corpus, monkeypatch):
    monkeypatch.setenv(EDIT_VARIABLE, "1")
    (corpus / ACTORS).write_text("actors:\n  - {name: Facebook, type: organisation}\n  - {name: Qwant, type: moteur}\n",
                                 encoding="utf-8")
    edit = build_app(store_root, corpus=corpus).edit
    assert "actors.yaml, ligne 3 : acteur « Qwant » : type inconnu &#x27;moteur&#x27;" in edit.note.value
    assert "restaurez une version précédente" in edit.note.value
    edit.note.value = ""
    edit.actors.buttons["Ce n'est pas un acteur"].click()
    assert "type inconnu" in edit.note.value and "vigie-edit-error" in edit.note.value
    edit.themes.buttons["Supprimer ce thème"].click()  # the other file stays editable
    assert edit.session.changed == {THEMES}
