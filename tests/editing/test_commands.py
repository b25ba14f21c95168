"""The edit mode's subprocesses on the real sample corpus: `vigie themes suggest` and `vigie ingest`."""
import shutil

import pytest

from vigie.editing import EditSession
from vigie.editing import documents as ops
from vigie.editing.commands import reindex, suggest_themes
from vigie.editing.files import ACTORS, EDIT_VARIABLE, THEMES, dump
from vigie.nlp.lexicon import parse_lexicon
from vigie.store import load, read_table

pytestmark = pytest.mark.slow


def test_proposed_themes_come_back_as_a_lexicon_document_and_a_bad_k_is_explained(sample_store, sample_corpus):
    lines = []
    proposed = suggest_themes(sample_corpus, 2, on_line=lines.append)
    assert len(proposed["themes"]) == 2 and lines
    replaced = ops.replace_themes({"threshold": 2, "themes": []}, proposed)
    parse_lexicon(dump(THEMES, replaced), where=THEMES)
    with pytest.raises(RuntimeError, match="a échoué : .*choisissez --k entre 2 et 5"):
        suggest_themes(sample_corpus, 40)


def test_a_saved_merge_is_re_resolved_by_ingest_without_the_model(sample_store, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_store.parent, corpus)  # the corpus with its ingested store
    monkeypatch.setenv(EDIT_VARIABLE, "1")
    parses = read_table(corpus / ".vigie", "parses")
    session = EditSession(corpus, store=corpus / ".vigie")
    session.apply(ACTORS, ops.merge_actors, keep=("g7", "G7", "organisation"), drop=("biarritz", "Biarritz", "place"))
    session.save()
    lines = []
    finished = reindex(corpus, store=corpus / ".vigie", on_line=lines.append)
    assert finished.ok, finished.last_lines
    assert any(line.startswith("5 articles indexés") for line in lines)  # ingest's own summary, passed on
    # Re-resolved from the cached parses (tests/test_ingest.py shows the model does not run then): the same parses.
    assert read_table(corpus / ".vigie", "parses").equals(parses)
    actors = load(corpus / ".vigie").actors
    assert "biarritz" not in set(actors["id"]) and "g7" in set(actors["id"])
