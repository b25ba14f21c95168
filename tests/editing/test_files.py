"""Saving from the edit mode: only in edit mode, checked, locked, kept in the history, restorable."""
import shutil
import threading
from pathlib import Path

import pytest

from vigie.editing import EditRefused, EditSession, StaleFile
from vigie.editing import documents as ops
from vigie.editing import files
from vigie.editing.files import ACTORS, EDIT_VARIABLE, THEMES
from vigie.datafile import DataFileError
from vigie.nlp.lexicon import load_lexicon
from vigie.nlp.registry import load_registry

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", folder, ignore=shutil.ignore_patterns(".vigie"))
    return folder


@pytest.fixture
def editing(monkeypatch):
    """What `vigie dashboard --edit` gives its kernels."""
    monkeypatch.setenv(EDIT_VARIABLE, "1")


def test_a_viewer_kernel_cannot_write(corpus, monkeypatch):
    monkeypatch.delenv(EDIT_VARIABLE, raising=False)
    session = EditSession(corpus)
    session.apply(THEMES, ops.rename_theme, "terrorisme", "Autre nom")
    with pytest.raises(EditRefused, match="mode édition"):
        session.save()
    monkeypatch.setenv(EDIT_VARIABLE, "yes")  # only the exact value serve.py sets counts
    with pytest.raises(EditRefused):
        session.save()
    assert not (corpus / THEMES).exists() and not (corpus / files.HISTORY).exists()


def test_save_writes_readable_files_and_keeps_the_previous_version(corpus, editing):
    session = EditSession(corpus)
    assert session.hashes == {THEMES: "", ACTORS: ""}  # the packaged files are in force
    session.apply(THEMES, ops.rename_theme, "terrorisme", "Terrorisme et propagande")
    session.save()
    assert load_lexicon(corpus / THEMES).theme("terrorisme").label == "Terrorisme et propagande"
    assert not (corpus / ACTORS).exists()  # only what changed is written
    [first] = files.history(corpus)
    assert first.files == () and "fournis avec vigie" in first.label()

    session.apply(ACTORS, ops.merge_actors, keep=("facebook", "Facebook", "organisation"), drop=("meta", "Meta", "organisation"))
    session.save()
    assert load_registry(corpus / ACTORS).lookup("Meta").id == "facebook"
    newest, older = files.history(corpus)
    assert newest.files == (THEMES,) and older == first

    session.restore(first.stamp)  # back to vigie's packaged files: both written files removed
    assert not (corpus / THEMES).exists() and not (corpus / ACTORS).exists()
    session.restore(files.history(corpus)[0].stamp)  # and the restore itself can be undone
    assert load_registry(corpus / ACTORS).lookup("Meta").id == "facebook"
    assert load_lexicon(corpus / THEMES).theme("terrorisme").label == "Terrorisme et propagande"
    assert len(files.history(corpus)) == 4


def test_second_editor_is_told_and_nothing_is_overwritten(corpus, editing):
    first, second = EditSession(corpus), EditSession(corpus)
    first.apply(THEMES, ops.rename_theme, "economie", "Économie (premier)")
    second.apply(THEMES, ops.rename_theme, "economie", "Économie (second)")
    first.save()
    written = (corpus / THEMES).read_bytes()
    with pytest.raises(StaleFile, match="modifié depuis l'ouverture"):
        second.save()
    assert (corpus / THEMES).read_bytes() == written
    assert len(files.history(corpus)) == 1
    second.reopen()  # « rechargez » : the second editor now starts from the first one's version
    assert {t["label"] for t in second.themes["themes"]} >= {"Économie (premier)"}


def test_two_editors_saving_at_the_same_instant_one_wins_one_is_told(corpus, editing):
    sessions = [EditSession(corpus) for _ in range(2)]  # both opened the same version
    for i, session in enumerate(sessions):
        session.apply(THEMES, ops.rename_theme, "economie", f"Économie {i}")
    start, outcomes = threading.Barrier(2), []

    def save(session):
        start.wait()
        try:
            session.save()
            outcomes.append("saved")
        except StaleFile:
            outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["saved", "stale"]
    assert len(files.history(corpus)) == 1
    assert load_lexicon(corpus / THEMES).theme("economie").label in ("Économie 0", "Économie 1")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (THEMES, "threshold: 2\nthemes:\n  - id: a\n    label: A\n    terms: [x, y\n", "themes.yaml, ligne 6 : YAML invalide"),
        (ACTORS, "actors:\n  - {name: Facebook, type: organisation}\n  - {name: Meta, type: organisation, aliases: [FACEBOOK]}\n",
         "actors.yaml, ligne 3 : acteur « Meta » : alias en double 'FACEBOOK'"),
        (ACTORS, "actors:\n  - {name: Facebook, type: organisation}\n\n  - {name: Qwant, type: company}\n",
         "actors.yaml, ligne 4 : acteur « Qwant » : type inconnu 'company'"),
    ],
)
def test_a_hand_edited_file_vigie_cannot_read_is_reported_with_its_line_and_stays(corpus, editing, name, text, message):
    (corpus / name).write_text(text, encoding="utf-8")
    session = EditSession(corpus)
    assert message in session.problems[name]
    with pytest.raises(DataFileError):
        session.apply(name, lambda doc: doc)
    assert (corpus / name).read_text(encoding="utf-8") == text


def test_a_document_vigie_cannot_read_is_not_written(corpus, editing):
    session = EditSession(corpus)
    broken = {**session.actors, "actors": [*session.actors["actors"], {"name": "Macron", "type": "person"}]}
    session.apply(ACTORS, lambda _doc: broken)
    with pytest.raises(DataFileError, match=r"actors\.yaml, ligne \d+ : acteur « Macron » : alias en double"):
        session.save()
    assert not (corpus / ACTORS).exists() and files.history(corpus) == []


def test_restore_refuses_outside_edit_mode_and_unknown_versions(corpus, editing, monkeypatch):
    session = EditSession(corpus)
    session.apply(THEMES, ops.delete_theme, "economie")
    session.save()
    with pytest.raises(FileNotFoundError, match="Version inconnue"):
        session.restore("19990101T000000.000000Z")
    monkeypatch.delenv(EDIT_VARIABLE)
    with pytest.raises(EditRefused):
        session.restore(files.history(corpus)[0].stamp)
    assert "economie" not in {t.id for t in load_lexicon(corpus / THEMES).themes}


def test_vigie_ingest_refuses_a_bad_hand_edited_file_with_its_line_and_keeps_the_store(corpus, tmp_path, capsys):
    """What « Enregistrer » runs, and what a user runs after editing by hand: the published store is kept."""
    from vigie import store
    from vigie.cli import main as vigie_cli

    root = tmp_path / "store"
    with store.locked(root):
        store.publish(root, store.empty_tables(), {"corpus": str(corpus)})
    manifest = (root / store.MANIFEST).read_bytes()
    (corpus / ACTORS).write_text("actors:\n  - {name: Facebook, type: organisation}\n"
                                 "  - {name: Meta, type: organisation, aliases: [facebook]}\n", encoding="utf-8")
    assert vigie_cli(["ingest", str(corpus), "--store", str(root), "--quiet"]) == 2
    assert "actors.yaml, ligne 3 : acteur « Meta » : alias en double 'facebook'" in capsys.readouterr().err
    assert (root / store.MANIFEST).read_bytes() == manifest


def test_without_its_own_file_the_corpus_edits_the_lexicon_in_force(corpus, tmp_path, editing):
    """Themes proposed at ingest (vigie.config) are what the editor starts from, and what is saved beside the corpus."""
    from vigie import config, store

    root = tmp_path / "store"
    with store.locked(root):
        store.publish(root, store.empty_tables(), {"corpus": str(corpus)})
    proposed = "threshold: 3\nthemes:\n  - {id: t1, label: Plateformes, terms: [plateforme, algorithme]}\n"
    (root / config.PROPOSED_FILE).write_text(proposed, encoding="utf-8")
    session = EditSession(corpus, store=root)
    assert [t["label"] for t in session.themes["themes"]] == ["Plateformes"] and session.hashes[THEMES] == ""
    session.apply(THEMES, ops.add_term, "t1", "modération")
    session.save()
    assert [t.text for t in load_lexicon(corpus / THEMES).theme("t1").terms] == ["plateforme", "algorithme", "modération"]
