"""The synthetic corpus: deterministic, readable by vigie, and its truth is what its files contain."""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from vigie.corpus import read_corpus
from vigie.nlp import load_lexicon, load_registry
from vigie.nlp.components import find_registered
from vigie.nlp.text import fold
from vigie.nlp.themes import ThemeMatcher
from vigie.synth import TRUTH_FILE, write_synthetic_corpus
from vigie.synth.articles import MAX_WORDS, MIN_WORDS
from vigie.synth.grammar import GRAMMAR
from vigie.synth.press import BOILERPLATE


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def read_truth(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / TRUTH_FILE).read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    summary = write_synthetic_corpus(1200, out, seed=5, workers=1)
    assert summary.articles == 1200
    return out


@pytest.fixture(scope="module")
def truth(corpus) -> list[dict]:
    return read_truth(corpus)


def test_same_seed_same_bytes_whatever_the_number_of_processes(tmp_path):
    write_synthetic_corpus(300, tmp_path / "a", seed=7, workers=1)
    write_synthetic_corpus(300, tmp_path / "b", seed=7, workers=2)
    write_synthetic_corpus(300, tmp_path / "c", seed=8, workers=1)
    a, b, c = files(tmp_path / "a"), files(tmp_path / "b"), files(tmp_path / "c")
    assert len(a) == 302  # 300 articles, metadata.csv, the truth
    assert a == b
    assert a != c


def test_refuses_to_write_into_a_folder_in_use(tmp_path):
    (tmp_path / "notes.txt").write_text("à garder")
    with pytest.raises(FileExistsError):
        write_synthetic_corpus(10, tmp_path)


def test_files_metadata_and_truth_agree(corpus, truth):
    with (corpus / "metadata.csv").open(encoding="utf-8", newline="") as f:
        metadata = {row["path"]: row for row in csv.DictReader(f)}
    assert [t["id"] for t in truth] == sorted(t["id"] for t in truth)
    assert len(truth) == len(metadata) == 1200
    for t in truth:
        assert t["path"] == t["id"] + ".txt"
        assert re.fullmatch(r"\d{4}/\d{6}", t["id"]) and int(t["id"][5:]) // 1000 == int(t["id"][:4])
        row = metadata[t["path"]]
        assert (row["date"], row["source"]) == (t["date"], t["source"])
        assert row["title"] and row["url"].startswith("https://")
        text = (corpus / t["path"]).read_text(encoding="utf-8")
        assert t["n_words"] == len(re.findall(r"\S*\w\S*", text))  # words holding a letter or digit
        assert MIN_WORDS <= t["n_words"] <= MAX_WORDS
        assert dt.date(2016, 1, 1) <= dt.date.fromisoformat(t["date"]) <= dt.date(2024, 12, 31)
    assert len({t["source"] for t in truth}) >= 15
    assert len({t["date"][:4] for t in truth}) == 9


def test_vigie_reads_the_corpus_as_the_truth_says(corpus, truth):
    read = read_corpus(corpus)
    articles = {a.id: a for a in read.articles}
    assert set(articles) == {t["id"] for t in truth}
    assert {(r.path, r.status) for r in read.reports if r.status != "ingested"} == {
        ("metadata.csv", "ignored"),
        (TRUTH_FILE, "ignored"),
    }
    for t in truth:
        assert articles[t["id"]].date.isoformat() == t["date"]
        assert articles[t["id"]].source == t["source"]


def test_registered_actors_found_in_a_text_are_exactly_those_of_the_truth(corpus, truth):
    registry = load_registry()
    for t in truth:
        text = (corpus / t["path"]).read_text(encoding="utf-8")
        expected = {a["name"]: a["mentions"] for a in t["actors"]}
        # written names (aliases included) that start with a capital; surnames alone are not registry names
        found = Counter(m.actor.name for m in find_registered(text, registry) if text[m.start].isupper())
        assert set(found) == {a["name"] for a in t["actors"] if a["registered"] and a["name"] in found}
        assert all(count <= expected[name] for name, count in found.items()), t["id"]


def test_every_actor_of_the_truth_is_written_in_its_text(corpus, truth):
    registry = load_registry()
    for t in truth:
        folded = fold((corpus / t["path"]).read_text(encoding="utf-8"))
        for actor in t["actors"]:
            names = registry.lookup(actor["name"]).names if actor["registered"] else (actor["name"],)
            forms = [fold(n) for n in names] + ([fold(actor["name"].split(maxsplit=1)[-1])] if actor["type"] == "person" else [])
            assert any(form in folded for form in forms), (t["id"], actor["name"])
            assert actor["mentions"] >= 1 and actor["type"] in ("person", "organisation", "place")


def test_actors_mix_registered_and_invented_ones(truth):
    registry = load_registry()
    actors = {(a["name"], a["registered"]) for t in truth for a in t["actors"]}
    invented = {name for name, registered in actors if not registered}
    assert len(invented) >= 100
    assert all(registry.lookup(name) is None for name in invented)
    assert len(actors) - len(invented) >= 150


def test_truth_themes_are_found_by_the_lexicon(corpus, truth):
    lexicon = load_lexicon()
    matcher = ThemeMatcher(lexicon)
    for t in truth:
        scores = Counter()
        for hit in matcher.find((corpus / t["path"]).read_text(encoding="utf-8")):
            scores[hit.theme_id] += hit.weight
        assert all(scores[theme] >= lexicon.threshold for theme in t["themes"]), t["id"]
    assert sum(bool(t["themes"]) for t in truth) >= 0.95 * len(truth)
    assert len({theme for t in truth for theme in t["themes"]}) == len(lexicon.themes)


def test_sentence_frames_hold_no_theme_term():
    """Themes are what was put in: the text around the inserted terms must not add any."""
    matcher = ThemeMatcher(load_lexicon())
    frames = [frame for alternatives in GRAMMAR.values() for a in alternatives for frame in re.split(r"\{\w+\}", a)]
    assert [(frame, hit.term) for frame in frames + list(BOILERPLATE) for hit in matcher.find(frame)] == []


def test_stories_name_their_earliest_article(truth):
    by_id = {t["id"]: t for t in truth}
    members: dict[str, list[dict]] = {}
    for t in truth:
        members.setdefault(t["story"], []).append(t)
    for story, group in members.items():
        assert min((g["date"], g["id"]) for g in group) == (by_id[story]["date"], story)
        assert len({g["event"] for g in group}) == 1
    kinds = Counter(t["kind"] for t in truth)
    assert kinds["same_event"] >= 20 and kinds["duplicate"] >= 3 and kinds["dispatch"] >= 20
    wire = (kinds["dispatch"] + kinds["republication"]) / len(truth)
    assert 0.12 <= wire <= 0.18
    for t in truth:
        if t["kind"] == "same_event":
            assert all(u["story"] != t["story"] for u in truth if u["event"] == t["event"] and u is not t)


def test_copies_differ_from_their_dispatch_as_sites_edit_them(corpus, truth):
    dispatches = {t["story"]: t for t in truth if t["kind"] == "dispatch"}
    edited = same_day = 0
    copies = [t for t in truth if t["kind"] == "republication" and t["story"] in dispatches]
    for t in copies:
        base = dispatches[t["story"]]
        edited += (corpus / t["path"]).read_bytes() != (corpus / base["path"]).read_bytes()
        same_day += t["date"] == base["date"]
    assert len(copies) >= 30 and edited >= 0.9 * len(copies)  # a site may also republish word for word
    assert 0 < same_day < len(copies)  # some copies appear the next day
