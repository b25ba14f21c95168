"""A registry edit (the edit mode's merge of two actors) re-resolves actors from the stored parses, on real press.

Only the articles that name one of the actors the edit changed are
re-resolved; the others are kept as they were.  Checked against a
re-resolution of every article, and with the model forbidden to run.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from vigie import store
from vigie.editing import EditSession
from vigie.editing import documents as ops
from vigie.editing.files import ACTORS, EDIT_VARIABLE
from vigie.nlp.text import fold, word_key

pytestmark = pytest.mark.slow

GOLD = Path(__file__).resolve().parent / "gold" / "themes" / "articles"
TABLES = ("articles", "sentences", "mentions", "theme_hits", "article_themes", "actors", "story_index")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    """Twenty-four real excerpts (four per subject) ingested with the model and the packaged registry."""
    from vigie.ingest import ingest

    corpus = tmp_path_factory.mktemp("registry") / "corpus"
    corpus.mkdir()
    for path in sorted(GOLD.glob("*.txt")):
        if int(path.stem.rsplit("-", 1)[1]) <= 4:
            shutil.copy(path, corpus / path.name)
    assert ingest(corpus).extracted == 24
    return corpus


def _forbid_the_model(monkeypatch) -> None:
    from vigie.nlp import extractor

    def refuse(model):
        raise AssertionError(f"the model {model} was loaded to re-resolve a registry edit")

    monkeypatch.setattr(extractor, "load_pipeline", refuse)


def test_a_merge_re_resolves_the_articles_naming_either_actor_without_the_model(ingested, tmp_path, monkeypatch):
    from vigie.ingest import ingest

    corpus = tmp_path / "corpus"
    shutil.copytree(ingested, corpus)
    root = store.default_store(corpus)
    before = store.read_table(root, "actors")
    # The two most mentioned actors of one type that the registry does not know: a user's typical merge.
    unknown = before[~before["registered"]]
    type_ = unknown["type"].value_counts().index[0]
    keep, drop = (tuple(row) for row in unknown[unknown["type"] == type_][["id", "name", "type"]].head(2).itertuples(index=False))
    monkeypatch.setenv(EDIT_VARIABLE, "1")
    session = EditSession(corpus, store=root)
    session.apply(ACTORS, ops.merge_actors, keep=keep, drop=drop)
    session.save()

    _forbid_the_model(monkeypatch)
    summary = ingest(corpus)
    naming = {path.name for path in corpus.glob("*.txt")
              if any(" ".join(word_key(name)) in " ".join(word_key(fold(path.read_text(encoding="utf-8"))))
                     for name in (keep[1], drop[1]))}
    assert 0 < summary.extracted <= len(naming) < 24 and summary.unchanged == 24 - summary.extracted

    after = store.read_table(root, "actors").set_index("id")
    counts = before.set_index("id")["n_mentions"]
    assert drop[0] not in after.index
    assert after.loc[keep[0], "n_mentions"] >= counts[keep[0]] + counts[drop[0]]
    assert bool(after.loc[keep[0], "registered"])
    mentions = store.read_table(root, "mentions")
    named_drop = mentions[[word_key(text) == word_key(drop[1]) for text in mentions["surface"]]]
    assert len(named_drop) >= counts[drop[0]] and set(named_drop["actor_id"]) == {keep[0]}  # the alias counts for keep


def test_re_resolving_only_the_articles_an_edit_touches_gives_the_tables_of_re_resolving_all(ingested, tmp_path, monkeypatch):
    from vigie.ingest import ingest

    monkeypatch.setenv(EDIT_VARIABLE, "1")
    corpora = {}
    for name in ("touched", "all"):
        corpus = corpora[name] = tmp_path / name
        shutil.copytree(ingested, corpus)
        session = EditSession(corpus, store=store.default_store(corpus))
        actors = store.read_table(store.default_store(corpus), "actors")
        registered = actors[actors["registered"]][["id", "name", "type"]].head(3).itertuples(index=False)
        first, second, third = (tuple(row) for row in registered)
        session.apply(ACTORS, ops.merge_actors, keep=first, drop=second)
        session.apply(ACTORS, ops.rename_actor, third, f"{third[1]} (renommé)")
        session.save()
    manifest = store.default_store(corpora["all"]) / store.MANIFEST  # as written by an earlier vigie: all redone
    manifest.write_text(json.dumps({k: v for k, v in json.loads(manifest.read_text(encoding="utf-8")).items()
                                    if k != "registry"}), encoding="utf-8")

    _forbid_the_model(monkeypatch)
    touched, everything = ingest(corpora["touched"]), ingest(corpora["all"])
    assert everything.extracted == 24 and 0 < touched.extracted < 24
    for table in TABLES:
        pd.testing.assert_frame_equal(store.read_table(store.default_store(corpora["touched"]), table),
                                      store.read_table(store.default_store(corpora["all"]), table))
