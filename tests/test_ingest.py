"""Ingest end to end on the sample corpus with the real model: what lands in the store."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from vigie import store
from vigie.ingest import ingest

REPO_DATA = Path(__file__).resolve().parents[1] / "lib" / "vigie" / "data"

pytestmark = pytest.mark.slow


def test_the_store_holds_the_five_articles_with_their_dates(sample_store):
    data = store.load(sample_store)
    articles = data.articles.set_index("id")
    assert len(articles) == 5
    assert str(articles.loc["000_49badabdbf4aac6b", "date"]) == "2020-12-01"
    assert articles.loc["000_49badabdbf4aac6b", "date_precision"] == "month"
    assert str(articles.loc["001_5c8af984857ff0d6", "date"]).startswith("2019-05")
    assert str(articles.loc["003_7cab1784a43d6269", "date"]).startswith("2019-05")
    assert pd.isna(articles.loc["004_d1dc892c07a257c6", "date"])


def test_facebook_is_one_actor_mentioned_in_every_article(sample_store):
    data = store.load(sample_store)
    facebook = data.actors[data.actors["name"] == "Facebook"]
    assert len(facebook) == 1
    assert int(facebook["n_articles"].iloc[0]) == 5
    # "FACEBOOK" in the interview is the same actor
    spans = data.mentions[data.mentions["actor_id"] == facebook["id"].iloc[0]]["surface"]
    assert "FACEBOOK" in set(spans)


def test_every_mention_points_inside_its_sentence(sample_store):
    data = store.load(sample_store)
    merged = data.mentions.merge(
        data.sentences, left_on=["article_id", "sentence"], right_on=["article_id", "index"], suffixes=("", "_s")
    )
    assert len(merged) == len(data.mentions)
    assert ((merged["start"] >= merged["start_s"]) & (merged["end"] <= merged["end_s"])).all()
    texts = data.texts(data.articles["id"])
    sample = data.mentions.head(50)
    assert all(texts[r.article_id][r.start : r.end] == r.surface for r in sample.itertuples())


def test_reingesting_an_unchanged_corpus_extracts_nothing_and_gives_identical_tables(sample_corpus, tmp_path):
    first = ingest(sample_corpus, store_dir=tmp_path / "a")
    again = ingest(sample_corpus, store_dir=tmp_path / "a")
    ingest(sample_corpus, store_dir=tmp_path / "b")
    assert (first.extracted, again.extracted, again.unchanged) == (5, 0, 5)
    for name in store.SCHEMAS:
        if name != "inputs":  # its status differs by design: unchanged vs ingested
            pd.testing.assert_frame_equal(store.read_table(tmp_path / "a", name), store.read_table(tmp_path / "b", name))
    assert set(store.read_table(tmp_path / "a", "inputs")["status"]) == {"unchanged"}
    manifests = [store.read_manifest(tmp_path / s) for s in "ab"]
    assert manifests[0]["corpus_hash"] == manifests[1]["corpus_hash"]


def test_a_new_file_is_the_only_one_extracted(sample_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus, ignore=shutil.ignore_patterns(".vigie"))
    ingest(corpus)
    (corpus / "nouveau.txt").write_text(
        "date 2021-03 Thierry Breton a présenté à Bruxelles le règlement sur les services numériques.",
        encoding="utf-8",
    )
    (corpus / "vide.txt").write_text("", encoding="utf-8")
    summary = ingest(corpus)
    assert (summary.extracted, summary.unchanged, summary.articles, summary.rejected) == (1, 5, 6, 1)
    report = store.read_table(store.default_store(corpus), "inputs").set_index("path")
    assert report.loc["nouveau.txt", "status"] == "ingested"
    assert report.loc["vide.txt", "status"] == "rejected" and report.loc["vide.txt", "reason"]


def test_the_stored_articles_offered_to_the_reader_are_those_it_reads_from_the_files(sample_corpus, sample_store):
    from vigie.corpus import read_corpus
    from vigie.reuse import previous_tables, read_before

    known = read_before(store.read_manifest(sample_store), previous_tables(sample_store))
    read = read_corpus(sample_corpus)
    notes = {report.id: report.reason for report in read.reports if report.id}
    assert len(known) == 5 and known == {article.id: (article, notes[article.id]) for article in read.articles}


def test_unchanged_files_are_not_cleaned_again_an_edited_one_is_and_the_tables_are_those_of_a_new_store(
    sample_corpus, tmp_path, monkeypatch
):
    from vigie.corpus import read as corpus_read

    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus, ignore=shutil.ignore_patterns(".vigie"))
    ingest(corpus)
    edited = corpus / "001_5c8af984857ff0d6.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nUn paragraphe ajouté après coup.\n", encoding="utf-8")
    built = []
    real = corpus_read.build_article

    def counted(raw, *, origin, **kwargs):  # the real function, counted
        built.append(origin.id)
        return real(raw, origin=origin, **kwargs)

    monkeypatch.setattr(corpus_read, "build_article", counted)
    summary = ingest(corpus)
    assert built == ["001_5c8af984857ff0d6"] and (summary.extracted, summary.unchanged) == (1, 4)
    texts = store.read_table(store.default_store(corpus), "texts").set_index("id")["text"]
    assert texts["001_5c8af984857ff0d6"].endswith("Un paragraphe ajouté après coup.")
    ingest(corpus, store_dir=tmp_path / "new")
    for name in store.SCHEMAS:
        if name != "inputs":  # its status differs by design: unchanged vs ingested
            pd.testing.assert_frame_equal(
                store.read_table(store.default_store(corpus), name), store.read_table(tmp_path / "new", name)
            )


def test_a_registry_edit_links_the_published_text_index_and_search_finds_the_same_articles(sample_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus, ignore=shutil.ignore_patterns(".vigie"))
    root = store.default_store(corpus)
    ingest(corpus)
    before = store.load(root)
    words = {path.name: path.stat().st_ino for path in (before._generation / "index" / "text").iterdir()}
    found = {needle: before.indexes.text.search(needle).tolist() for needle in ("facebook", "régul", "breton")}
    registry = (REPO_DATA / "actors.yaml").read_text(encoding="utf-8")
    (corpus / "actors.yaml").write_text(registry + "\n  - {name: Collectif Civitas, type: organisation}\n",
                                        encoding="utf-8")
    ingest(corpus)
    after = store.load(root)
    assert after._generation != before._generation and not before._generation.exists()
    assert {path.name: path.stat().st_ino for path in (after._generation / "index" / "text").iterdir()} == words
    assert {needle: after.indexes.text.search(needle).tolist() for needle in found} == found
    assert any(any(mask) for mask in found.values())


def test_a_second_ingest_of_the_same_store_stops_with_a_clear_message(sample_corpus, tmp_path):
    with store.locked(tmp_path / "s"):
        with pytest.raises(store.StoreBusy):
            ingest(sample_corpus, store_dir=tmp_path / "s")


def test_copies_of_one_story_share_its_id_and_distinct_articles_do_not(sample_corpus, tmp_path, capsys):
    from vigie.cli import main

    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus, ignore=shutil.ignore_patterns(".vigie"))
    ingest(corpus)
    original = (corpus / "002_92ed14b49e3e2578.txt").read_text(encoding="utf-8")
    (corpus / "copie-exacte.txt").write_text(original, encoding="utf-8")
    paragraphs = original.split("\n\n")
    edited = "\n\n".join(["Un titre refait par le site", *paragraphs[1:-3]]).replace("a déclaré", "a affirmé")
    (corpus / "copie-modifiee.txt").write_text(edited, encoding="utf-8")
    summary = ingest(corpus)
    assert summary.extracted == 2  # the new files only; the store's signatures served the rest
    articles = store.load(store.default_store(corpus)).articles.set_index("id")
    group = articles[articles["story"] == "002_92ed14b49e3e2578"]
    assert sorted(group.index) == ["002_92ed14b49e3e2578", "copie-exacte", "copie-modifiee"]
    assert set(group["n_copies"]) == {3}
    others = articles.drop(index=group.index)
    assert (others["n_copies"] == 1).all() and (others["story"] == others.index).all()
    assert main(["stories", str(corpus), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and '"n_copies": 3' in lines[0]


def test_a_registry_edit_re_resolves_actors_from_cached_parses_without_the_model(sample_corpus, tmp_path, monkeypatch):
    from spacy.language import Language

    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus, ignore=shutil.ignore_patterns(".vigie"))
    ingest(corpus)
    registry = (REPO_DATA / "actors.yaml").read_text(encoding="utf-8")
    registry += "\n  - {name: Bureau des Enquêtes Journalistiques, type: organisation, aliases: [BIJ]}\n"
    (corpus / "actors.yaml").write_text(registry, encoding="utf-8")

    def no_model(self, texts, *args, **kwargs):
        for _ in texts:
            raise AssertionError("the model ran although every parse was cached")
        yield from ()

    monkeypatch.setattr(Language, "pipe", no_model)
    summary = ingest(corpus)
    assert 0 < summary.extracted < 5 == summary.extracted + summary.unchanged  # those naming the new actor...
    data = store.load(store.default_store(corpus))
    bij = data.actors[data.actors["name"] == "Bureau des Enquêtes Journalistiques"]
    assert len(bij) == 1 and bool(bij["registered"].iloc[0])  # ...and the new alias found


def test_a_local_ingest_in_two_processes_writes_the_tables_of_one(sample_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = sorted(p for p in sample_corpus.glob("*.txt"))
    for copy in range(7):  # 35 articles: two batches of the model, so both processes work
        for path in texts:
            (corpus / f"{copy}-{path.name}").write_text(path.read_text(encoding="utf-8") + f"\n\nCopie {copy}.\n")
    one = ingest(corpus, store_dir=tmp_path / "one", processes=1)
    two = ingest(corpus, store_dir=tmp_path / "two", processes=2)
    assert one.extracted == two.extracted == 7 * len(texts) > 32
    for name in store.SCHEMAS:
        pd.testing.assert_frame_equal(store.read_table(tmp_path / "two", name), store.read_table(tmp_path / "one", name))
