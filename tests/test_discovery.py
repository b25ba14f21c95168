"""Theme discovery on real French press excerpts (tests/gold/themes): lexicons that find the subjects.

The fast tests read the excerpts directly; the slow ones ingest a subset with
the real model to check the default at ingest, the per-corpus configuration
and the re-assignment of themes after a lexicon edit.
"""
from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from vigie import store
from vigie.cli import main
from vigie.discovery import (
    K_RANGE, MAX_OVERLAP, MAX_SHARED_NAMES, DiscoveryError, first_themes, suggest_themes, write_lexicon,
)
from vigie.nlp import load_lexicon
from vigie.nlp.text import fold
from vigie.nlp.themes import ThemeMatcher
from vigie.theme_words import evenly_spread, theme_words

GOLD = Path(__file__).resolve().parent / "gold" / "themes"
LABELS = yaml.safe_load((GOLD / "labels.yaml").read_text(encoding="utf-8"))["articles"]
TEXTS = [(GOLD / "articles" / row["file"]).read_text(encoding="utf-8") for row in LABELS]
SUBJECTS = [row["subject"] for row in LABELS]


def purity(truth: list, found: list) -> float:
    """Share of items in the majority truth class of their found class."""
    best: dict = defaultdict(Counter)
    for t, f in zip(truth, found, strict=True):
        best[f][t] += 1
    return sum(max(c.values()) for c in best.values()) / len(truth)


@pytest.fixture(scope="module")
def discovered():
    return suggest_themes(TEXTS, seed=0)


def test_the_gold_set_is_real_press_on_five_subjects_or_more():
    assert len(TEXTS) >= 50 and len(set(SUBJECTS)) >= 5
    assert all(row["url"].startswith("http") for row in LABELS)
    assert min(Counter(SUBJECTS).values()) >= 10


def test_the_number_of_themes_is_chosen_in_bounds_by_the_stated_criterion(discovered):
    assert discovered.chosen_by == "recouvrement"
    assert set(discovered.overlap) <= set(K_RANGE) and K_RANGE.start <= discovered.k < K_RANGE.stop
    distinct = [k for k, shared in discovered.overlap.items() if shared < MAX_OVERLAP]
    first = max(distinct)
    # The content words alone give the Olympics as two themes (medals, opening ceremony): 7.  The names the
    # themes explain ("Jeux", "Olympiques") then show those two as one subject, and the number goes down to 6.
    assert first == len(set(SUBJECTS)) + 1
    assert discovered.shared_names[first] >= MAX_SHARED_NAMES
    assert discovered.k == min(discovered.shared_names) == len(set(SUBJECTS))
    assert discovered.shared_names[discovered.k] < MAX_SHARED_NAMES


def test_each_gold_subject_is_one_theme_the_olympics_included(discovered):
    assert purity(SUBJECTS, list(discovered.topics)) == 1.0
    assert purity(list(discovered.topics), SUBJECTS) == 1.0  # inverse purity: no subject split in two
    olympics = {t for t, s in zip(discovered.topics, SUBJECTS, strict=True) if s == "jeux-olympiques"}
    assert len(olympics) == 1
    # The written lexicon holds one theme with the words of both halves, and no name: names group, words tell.
    terms = [{fold(t["term"]) for t in theme["terms"]} for theme in discovered.lexicon["themes"]]
    medals = [t for t in terms if "medaille" in t]
    assert len(medals) == 1 and {"ceremonie", "stade"} <= medals[0]
    names = set(theme_words(TEXTS)[1].names)
    assert not names & set().union(*terms)


def test_theme_words_keep_names_apart_and_leave_out_words_every_article_says():
    docs, vocabulary = theme_words(TEXTS)
    kept = {w for doc in docs for w in doc}
    for name in ("macron", "kiev", "zelensky", "fnsea", "borne", "jeux"):  # written with a capital: names
        assert name in vocabulary.names and name not in vocabulary.base
    for word in ("retraite", "agriculteurs", "nucleaire", "medaille", "election", "armee"):
        assert word in kept and word not in vocabulary.names
    # Particles inside a name are part of it.
    von = "Ursula von der Leyen a parlé. " * 3 + "La Commission de Ursula von der Leyen répond."
    particles = theme_words([von] * 4 + TEXTS[:4])[1]
    assert not {"von", "der"} & set(particles.base) and "von" in particles.names
    # Short excerpts never show that a word is spread evenly: nothing is left out of the gold set that way.
    assert not evenly_spread(docs)


def test_words_spread_like_chance_are_left_out_and_words_that_come_in_bursts_kept():
    rng = np.random.default_rng(0)
    rain = [["volet"] * int(n) + ["sujet"] * int(m) for n, m in zip(rng.poisson(3, 2000), rng.poisson(2, 2000), strict=True)]
    bursts = [doc + (["retraite"] * 6 if i % 10 == 0 else []) for i, doc in enumerate(rain)]
    assert evenly_spread(bursts) == {"volet", "sujet"}


def test_same_texts_and_seed_give_the_same_themes(discovered):
    again = suggest_themes(TEXTS, seed=0)
    assert again.yaml() == discovered.yaml()
    assert np.array_equal(again.topics, discovered.topics)


def test_first_themes_match_the_subjects_and_few_articles_are_left_without(discovered):
    lexicon = load_lexicon_from(discovered)
    first = first_themes(lexicon, TEXTS)
    themed = [i for i, f in enumerate(first) if f is not None]
    assert len(themed) >= 0.9 * len(TEXTS)
    subjects, themes = [SUBJECTS[i] for i in themed], [first[i] for i in themed]
    assert purity(subjects, themes) >= 0.9
    assert purity(themes, subjects) >= 0.9  # inverse purity


def test_on_a_synthetic_corpus_the_first_theme_recovers_the_subject(tmp_path):
    """2,000 ``vigie synth`` articles: its actors repeat in every article and its sentence frames are the same
    for every subject; discovery must find the subjects, not the actors or the frames."""
    from vigie.corpus import read_corpus
    from vigie.synth import TRUTH_FILE, write_synthetic_corpus

    corpus = write_synthetic_corpus(2000, tmp_path / "synth", seed=0).out
    by_id = {a.id: a.text for a in read_corpus(corpus).articles}
    truth = [json.loads(line) for line in (corpus / TRUTH_FILE).read_text(encoding="utf-8").splitlines()]
    single = [r for r in truth if len(r["themes"]) == 1]
    texts, subjects = [by_id[r["id"]] for r in single], [r["themes"][0] for r in single]
    found = suggest_themes(texts, seed=0)
    assert found.k == len(set(subjects))
    first = first_themes(load_lexicon_from(found, tmp_path), texts)
    themed = [i for i, f in enumerate(first) if f is not None]
    assert len(themed) >= 0.9 * len(texts)
    truth_labels, themes = [subjects[i] for i in themed], [first[i] for i in themed]
    assert purity(truth_labels, themes) >= 0.9
    assert purity(themes, truth_labels) >= 0.9
    people = {fold(part) for r in single for actor in r["actors"] if actor["type"] == "person"
              for part in actor["name"].split()}
    words = {fold(t["term"]) for theme in found.lexicon["themes"] for t in theme["terms"]}
    assert not words & people  # no one's name among the theme words


def load_lexicon_from(discovered, tmp_dir: Path | None = None):
    import tempfile

    folder = Path(tmp_dir or tempfile.mkdtemp())
    write_lexicon(discovered, folder / "themes.yaml")
    return load_lexicon(folder / "themes.yaml")


def test_the_written_lexicon_reads_back_and_its_terms_match_the_articles_they_came_from(discovered, tmp_path):
    lexicon = load_lexicon_from(discovered, tmp_path)
    written = {t["id"]: t for t in discovered.lexicon["themes"]}
    assert [t.id for t in lexicon.themes] == list(written)
    assert lexicon.threshold == discovered.lexicon["threshold"]
    for theme in lexicon.themes:
        assert [(t.text, t.weight) for t in theme.terms] == [(t["term"], t["weight"]) for t in written[theme.id]["terms"]]
        assert theme.label == written[theme.id]["label"]
    matcher = ThemeMatcher(lexicon)
    by_topic = defaultdict(list)
    for text, topic in zip(TEXTS, discovered.topics, strict=True):
        by_topic[topic].append(text)
    matched = {(m.theme_id, m.term) for text in TEXTS for m in matcher.find(text)}
    for theme in lexicon.themes:
        found = sum((theme.id, t.text) in matched for t in theme.terms)
        assert found == len(theme.terms), theme.id  # every written word (dictionary form) matches the texts
    # inflections still match: a plural in the texts is written as its singular
    medals = next(t for t in lexicon.themes if any(term.text == "médaille" for term in t.terms))
    assert any(m.term == "médaille" and "médailles" in text for text in TEXTS for m in matcher.find(text)
               if m.theme_id == medals.id)


def test_too_few_articles_or_too_many_themes_get_a_french_message():
    for n in (1, 2, 3):
        with pytest.raises(DiscoveryError, match="il en faut au moins 4"):
            suggest_themes(TEXTS[:n])
    with pytest.raises(DiscoveryError, match="Impossible de chercher 12 thèmes dans 10 articles"):
        suggest_themes(TEXTS[:10], k=12)


def _text_store(root: Path, texts: list[str]) -> Path:
    """A store holding only texts: all discovery reads."""
    tables = store.empty_tables()
    tables["texts"] = pd.DataFrame({"id": [f"a{i:03d}" for i in range(len(texts))], "text": texts})
    store.publish(root, tables, {})
    return root


def test_the_command_writes_a_valid_lexicon_or_exits_2_with_a_french_message(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _text_store(store.default_store(corpus), TEXTS)
    out = tmp_path / "proposed" / "themes.yaml"
    assert main(["themes", "suggest", str(corpus), "--k", "6", "--out", str(out)]) == 0
    assert len(load_lexicon(out).themes) == 6
    assert "6 thèmes" in capsys.readouterr().out

    assert main(["themes", "suggest", str(corpus), "--k", "500", "--out", str(tmp_path / "x.yaml")]) == 2
    assert "choisissez --k entre 2 et 70" in capsys.readouterr().err
    small = tmp_path / "small"
    small.mkdir()
    _text_store(store.default_store(small), TEXTS[:3])
    assert main(["themes", "suggest", str(small)]) == 2
    assert "il en faut au moins 4" in capsys.readouterr().err
    assert main(["themes", "suggest", str(tmp_path / "nothing")]) == 2
    assert "vigie ingest" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


# --- with the real model -------------------------------------------------------------------------------------------

SUBSET = [row["file"] for row in LABELS if int(row["file"].rsplit("-", 1)[1][:2]) <= 5]  # five per subject


@pytest.fixture(scope="module")
def gold_corpus(tmp_path_factory) -> Path:
    """Thirty gold excerpts (five per subject) as a corpus, ingested once with the default configuration."""
    from vigie.ingest import ingest

    corpus = tmp_path_factory.mktemp("gold") / "corpus"
    corpus.mkdir()
    for name in SUBSET:
        shutil.copy(GOLD / "articles" / name, corpus / name)
    summary = ingest(corpus)
    assert summary.proposed == store.default_store(corpus) / "themes.proposed.yaml"
    return corpus


@pytest.mark.slow
def test_a_corpus_the_packaged_lexicon_misses_gets_proposed_themes_marked_as_such(gold_corpus):
    from vigie import export

    data = store.load(store.default_store(gold_corpus))
    assert data.manifest["config"]["lexicon"]["origin"] == "proposed"
    assert data.manifest["themes_proposal"]["share"] < 0.5
    assert export.themes_proposed(data.manifest)
    assert export.method_card(data)["themes"] == "thèmes proposés automatiquement"
    proposed = load_lexicon(store.default_store(gold_corpus) / "themes.proposed.yaml")
    assert data.manifest["lexicon_sha256"] == proposed.sha256
    assert set(data.themes["id"]) == {t.id for t in proposed.themes}
    themed = data.article_themes[data.article_themes["assigned"]]["article_id"].nunique()
    assert themed >= 0.9 * len(data.articles)


@pytest.mark.slow
def test_exports_list_themes_by_score_highest_first(gold_corpus, tmp_path):
    import re

    from vigie import export
    from vigie.ingest import ingest

    # The proposed themes are distinct enough that no excerpt reaches the threshold of two: lower it, so that
    # articles get their second themes (a lexicon edit: themes re-assigned from the stored texts).
    corpus = tmp_path / "corpus"
    shutil.copytree(gold_corpus, corpus)
    proposed = store.default_store(corpus) / "themes.proposed.yaml"
    proposed.write_text(re.sub(r"(?m)^threshold: .*$", "threshold: 2", proposed.read_text(encoding="utf-8")),
                        encoding="utf-8")
    ingest(corpus)
    data = store.load(store.default_store(corpus))
    records = list(export.article_records(data))
    several = [r for r in records if len(r["themes"]) > 1]
    assert len(several) >= 5, "with threshold 2, excerpts get their second themes"
    for record in records:
        scores = [t["score"] for t in record["themes"]]
        assert scores == sorted(scores, reverse=True)
    flat = export.flat_tables(data)["article_themes"]
    for _, group in flat.groupby("article_id", sort=False):
        assert group["score"].tolist() == sorted(group["score"], reverse=True)


@pytest.mark.slow
def test_the_sample_corpus_keeps_the_packaged_lexicon(sample_store):
    data = store.load(sample_store)
    assert data.manifest["config"]["lexicon"] == {"origin": "packaged", "path": None, "sha256": None}
    assert data.manifest["lexicon_sha256"] == load_lexicon().sha256
    assert not (sample_store / "themes.proposed.yaml").exists()
    assert data.manifest["themes_proposal"]["written"] is False


@pytest.mark.slow
def test_a_lexicon_edit_reassigns_themes_without_resolving_actors_and_equals_a_full_ingest(
    gold_corpus, tmp_path, monkeypatch
):
    from spacy.language import Language

    from vigie.ingest import ingest

    corpus = tmp_path / "corpus"
    shutil.copytree(gold_corpus, corpus)
    proposed = store.default_store(corpus) / "themes.proposed.yaml"
    text = proposed.read_text(encoding="utf-8")
    first = text.index("      - {term:")
    proposed.write_text(text[:first] + "      - {term: paille, weight: 3}\n" + text[first:], encoding="utf-8")

    def no_model(self, texts, *args, **kwargs):
        for _ in texts:
            raise AssertionError("the model ran although every parse was cached")
        yield from ()

    with monkeypatch.context() as patched:
        patched.setattr(Language, "pipe", no_model)
        summary = ingest(corpus)
    straw = {name for name in SUBSET if "paille" in (corpus / name).read_text(encoding="utf-8").lower()}
    assert summary.rethemed == len(SUBSET) - summary.extracted
    assert straw and summary.extracted == len(straw)  # only articles holding the new term are re-resolved
    assert any("a changé depuis le dernier ingest" in n for n in summary.notices)

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name in SUBSET:
        shutil.copy(corpus / name, fresh / name)
    ingest(fresh, lexicon=proposed)
    for name in ("theme_hits", "article_themes", "themes", "mentions", "sentences"):
        pd.testing.assert_frame_equal(
            store.read_table(store.default_store(corpus), name), store.read_table(store.default_store(fresh), name)
        )


@pytest.mark.slow
def test_the_registry_chosen_at_ingest_is_the_corpus_s_until_it_disappears(sample_corpus, tmp_path, capsys):
    from vigie.ingest import ingest

    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus, ignore=shutil.ignore_patterns(".vigie"))
    registry = tmp_path / "mine.yaml"
    registry.write_text("actors:\n  - {name: Facebook, type: organisation}\n", encoding="utf-8")
    ingest(corpus, registry=registry)
    again = ingest(corpus)  # what `vigie dashboard CORPUS` does: no option
    manifest = store.read_manifest(store.default_store(corpus))
    assert manifest["config"]["registry"]["origin"] == "option"
    assert manifest["config"]["registry"]["path"] == str(registry.resolve())
    assert again.extracted == 0 and again.notices == ()
    actors = store.read_table(store.default_store(corpus), "actors")
    assert set(actors.loc[actors["registered"], "name"]) == {"Facebook"}

    registry.write_text("actors:\n  - {name: Facebook, type: organisation}\n  - {name: Emmanuel Macron, type: person}\n",
                        encoding="utf-8")
    changed = ingest(corpus)
    assert any("a changé depuis le dernier ingest" in n for n in changed.notices)
    assert 0 < changed.extracted < 5  # the articles naming the new actor re-resolved
    registry.unlink()
    assert main(["ingest", str(corpus), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "Le registre des acteurs utilisé au dernier ingest" in err and "a disparu" in err
    manifest = store.read_manifest(store.default_store(corpus))
    assert manifest["config"]["registry"]["origin"] == "packaged"


def test_the_manifest_records_the_configuration_as_json():
    # the record is plain JSON (paths as strings), so the manifest stays readable
    from vigie.config import Choice, CorpusConfig, record

    entry = record(CorpusConfig(Choice("packaged", None), Choice("packaged", None), None, ()), model="fr_core_news_sm")
    assert json.loads(json.dumps(entry))["model"] == {"name": "fr_core_news_sm", "origin": "default"}


def test_proposed_themes_are_marked_in_the_dashboard_header_and_on_the_method_card(tmp_path):
    from dashboard.handmade_store import tables

    from vigie.dashboard import build_app, downloads
    from vigie.query import Filter

    marker = "thèmes proposés automatiquement"
    for origin, shown in (("proposed", True), ("packaged", False)):
        root = tmp_path / origin
        with store.locked(root):
            store.publish(root, tables(), {"corpus": "handmade", "corpus_hash": "handmade",
                                           "config": {"lexicon": {"origin": origin, "path": None, "sha256": None}}})
        header = build_app(root).children[0].children[0].value
        assert (marker in header) is shown
        assert (marker in downloads.image_card(store.load(root), Filter())) is shown
