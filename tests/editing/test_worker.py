"""The edit worker on the real sample corpus: a save through it publishes what a new `vigie ingest` process does.

The edit mode (``build_app`` with ``$VIGIE_EDIT``) starts one worker when
its panels are built; « Enregistrer » sends it the ingest.  Compared with the
same merge re-indexed by a new process (the path without a worker), table by
table.  A killed worker is replaced: before a job, by a fresh worker; during
one, by the command run again in a new process.
"""
import os
import shutil
import signal
import time

import pytest

from vigie import store
from vigie.dashboard import build_app
from vigie.editing import EditSession
from vigie.editing import documents as ops
from vigie.editing.commands import reindex
from vigie.editing.files import ACTORS, EDIT_VARIABLE
from vigie.editing.worker import RESTARTED, EditWorker

pytestmark = pytest.mark.slow

MERGE = {"keep": ("g7", "G7", "organisation"), "drop": ("biarritz", "Biarritz", "place")}
#: How long to wait for a save's re-indexing to show its end (a wait, not a timed assertion).
WAIT_S = 180


@pytest.fixture
def editable(sample_store, tmp_path, monkeypatch):
    """Two copies of the sample corpus with its ingested store, in the edit mode."""
    monkeypatch.setenv(EDIT_VARIABLE, "1")
    copies = []
    for name in ("by-worker", "by-process"):
        shutil.copytree(sample_store.parent, tmp_path / name)
        copies.append(tmp_path / name)
    return copies


def wait_for_note(edit, text: str) -> str:
    deadline = time.monotonic() + WAIT_S
    while text not in edit.note.value and "vigie-edit-error" not in edit.note.value and time.monotonic() < deadline:
        time.sleep(0.2)
    return edit.note.value


def tables(root):
    return {name: store.read_table(root, name) for name in store.SCHEMAS}


def assert_same_store(left, right):
    ours, theirs = tables(left), tables(right)
    for name in store.SCHEMAS:
        assert ours[name].equals(theirs[name]), name
    a, b = store.read_manifest(left), store.read_manifest(right)
    for key in ("registry_sha256", "lexicon_sha256", "fingerprint", "themes_fingerprint", "corpus_hash"):
        assert a[key] == b[key], key


def test_the_edit_modes_save_goes_through_its_worker_and_publishes_what_a_new_process_does(editable):
    by_worker, by_process = editable
    edit = build_app(by_worker / ".vigie", corpus=by_worker).edit
    assert edit.worker.wait_ready() and edit.worker.pid is not None
    first = edit.worker.pid
    edit.act(ACTORS, ops.merge_actors, **MERGE)
    edit.save_button.click()
    assert "index mis à jour" in wait_for_note(edit, "index mis à jour"), edit.note.value
    assert edit.worker.pid == first  # the same process did the job

    session = EditSession(by_process, store=by_process / ".vigie")
    session.apply(ACTORS, ops.merge_actors, **MERGE)
    session.save()
    finished = reindex(by_process, store=by_process / ".vigie")  # no worker: a new `vigie ingest` process
    assert finished.ok, finished.last_lines

    assert_same_store(by_worker / ".vigie", by_process / ".vigie")
    assert "biarritz" not in set(store.load(by_worker / ".vigie").actors["id"])

    # Killed between two saves: the next save starts a fresh worker and still publishes.
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + WAIT_S
    while edit.worker.pid is not None and time.monotonic() < deadline:  # seen dead (and reaped)
        time.sleep(0.05)
    edit.act(ACTORS, ops.rename_actor, MERGE["keep"], "Groupe des sept")
    edit.save_button.click()
    assert "index mis à jour" in wait_for_note(edit, "index mis à jour"), edit.note.value
    assert edit.worker.pid not in (None, first)
    names = set(store.load(by_worker / ".vigie").actors["name"])
    assert "Groupe des sept" in names and "G7" not in names


def test_a_worker_killed_during_a_job_has_the_job_run_again_in_a_new_process(editable):
    corpus = editable[0]
    session = EditSession(corpus, store=corpus / ".vigie")
    session.apply(ACTORS, ops.merge_actors, **MERGE)
    session.save()
    worker = EditWorker().start()
    assert worker.wait_ready()
    killed = worker.pid
    lines = []

    def kill_at_first_line(line):
        if not lines:
            os.kill(killed, signal.SIGKILL)
        lines.append(line)

    finished = reindex(corpus, store=corpus / ".vigie", on_line=kill_at_first_line, worker=worker)
    assert finished.ok, finished.last_lines
    assert RESTARTED in lines and any(line.startswith("5 articles indexés") for line in lines)
    assert "biarritz" not in set(store.load(corpus / ".vigie").actors["id"])
    assert worker.wait_ready() and worker.pid not in (None, killed)  # a fresh one for the next save
    worker.close()
    assert worker.pid is None


def test_the_worker_refuses_other_commands_and_survives_a_failed_job(tmp_path):
    worker = EditWorker().start()
    lines = []
    refused = worker.run(["dashboard", str(tmp_path)], on_line=lines.append)
    assert refused.returncode == 2 and "tâche refusée" in lines[-1]
    failed = worker.run(["ingest", str(tmp_path / "absent")], on_line=lines.append)
    assert failed.returncode == 2 and "n'existe pas" in failed.last_lines[-1]
    pid = worker.pid
    worker.close()
    with pytest.raises(ChildProcessError):  # reaped by close(): the worker exited when its input closed
        os.waitpid(pid, 0)
