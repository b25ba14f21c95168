"""Story grouping: copies of one text get one story, separate articles on one event do not."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from vigie.corpus import read_corpus
from vigie.stories import (
    STORY_COLUMNS,
    StoryIndex,
    assign_stories,
    pairwise_scores,
    shingles,
    story_signatures,
)
from vigie.synth import TRUTH_FILE, write_synthetic_corpus

SAMPLES = Path(__file__).resolve().parents[1] / "corpus"
NO_STORIES = pd.DataFrame(columns=["article_id", "signature", "story", "n_copies"])


def group(texts: dict[str, str], dates: dict[str, dt.date | None] | None = None) -> dict[str, str]:
    """Group texts all at once; article id -> story."""
    found = assign_stories(story_signatures(texts.items()), NO_STORIES, dates=dates or {})
    return dict(zip(found["article_id"], found["story"], strict=True))


def add(index: StoryIndex, rows: list[tuple[str, str, dt.date | None]], *, keep=()) -> StoryIndex:
    """What an ingest does: sign the new texts, then update the stored index."""
    signatures = story_signatures((article_id, text) for article_id, text, _ in rows)
    return index.update(signatures, dates={article_id: date for article_id, _, date in rows}, keep=keep)


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, str]:
    """The five sample articles as vigie reads them, from a copy (the originals are never touched)."""
    copy = tmp_path_factory.mktemp("samples") / "corpus"
    shutil.copytree(SAMPLES, copy)
    return {a.id: a.text for a in read_corpus(copy).articles}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    write_synthetic_corpus(1500, out, seed=11, workers=1)
    return out


def test_normalised_shingles_ignore_case_accents_and_apostrophes():
    assert shingles("Aux ÉTATS-UNIS, l\u2019Élysée a déclaré") == shingles("aux Etats-Unis, l'Elysee a DÉCLARÉ")
    assert shingles("trop court") == [b"trop court"]
    assert shingles("   ") == []


def test_signatures_are_stable_bytes():
    first = story_signatures([("a", "Un texte de presse assez long pour former plusieurs shingles de mots.")])
    again = story_signatures([("a", "Un texte de presse assez long pour former plusieurs shingles de mots.")])
    assert list(first.columns) == ["article_id", "signature"]
    assert isinstance(first["signature"][0], bytes) and len(first["signature"][0]) == 128 * 4
    assert first["signature"][0] == again["signature"][0]


def test_exact_copies_share_one_story_named_after_the_earliest(samples):
    text = samples["002_92ed14b49e3e2578"]
    dates = {"b-copy": dt.date(2019, 8, 23), "a-copy": dt.date(2019, 8, 24), "c-undated": None}
    stories = group({"a-copy": text, "b-copy": text, "c-undated": text}, dates)
    assert set(stories.values()) == {"b-copy"}  # the earliest by date, then id; undated last


def test_edited_copy_is_grouped_with_its_original(samples):
    original = samples["004_d1dc892c07a257c6"]
    paragraphs = original.split("\n")
    edited = "\n".join(
        ["Christchurch : Paris lance un appel mondial", "Par la rédaction, avec AFP"]  # new title and lead
        + paragraphs[:-2]  # the last paragraphs cut
        + ["Lire aussi : notre dossier complet", "Abonnez-vous à notre lettre d'information"]
    ).replace("explique l'Elysée", "indique l'Élysée").replace("insiste", "souligne")
    stories = group({"original": original, "edited": edited, "other": samples["001_5c8af984857ff0d6"]})
    assert stories["edited"] == stories["original"]
    assert stories["other"] == "other"


def test_two_articles_on_one_event_are_not_grouped(samples):
    # 003 and 004 both cover the Christchurch call in Paris in May 2019, with the same actors.
    stories = group({k: samples[k] for k in ("003_7cab1784a43d6269", "004_d1dc892c07a257c6")})
    assert len(set(stories.values())) == 2


def test_the_five_sample_articles_are_never_grouped(samples):
    assert len(samples) == 5
    found = assign_stories(story_signatures(samples.items()), NO_STORIES, dates={})
    assert found["story"].tolist() == found["article_id"].tolist()
    assert found["n_copies"].tolist() == [1] * 5


def test_synthetic_wire_copies_are_found_and_same_event_articles_kept_apart(synthetic):
    truth = [json.loads(line) for line in (synthetic / TRUTH_FILE).read_text().splitlines()]
    texts = {t["id"]: (synthetic / t["path"]).read_text(encoding="utf-8") for t in truth}
    dates = {t["id"]: dt.date.fromisoformat(t["date"]) for t in truth}
    predicted = group(texts, dates)
    precision, recall = pairwise_scores(predicted, {t["id"]: t["story"] for t in truth})
    assert precision >= 0.95 and recall >= 0.95
    for t in truth:
        if t["kind"] == "same_event":
            others = [u["id"] for u in truth if u["event"] == t["event"] and u["id"] != t["id"]]
            assert all(predicted[o] != predicted[t["id"]] for o in others)
    assert sum(t["kind"] == "same_event" for t in truth) >= 20  # the check above really ran


def test_incremental_grouping_equals_grouping_all_at_once(synthetic):
    truth = [json.loads(line) for line in (synthetic / TRUTH_FILE).read_text().splitlines()]
    rows = [(t["id"], (synthetic / t["path"]).read_text(encoding="utf-8"), dt.date.fromisoformat(t["date"])) for t in truth]
    at_once = add(StoryIndex(), rows)
    index = StoryIndex()
    for batch in (rows[1::3], rows[0::3], rows[2::3]):  # interleaved: copies land in different batches
        index = add(index, batch, keep=index.frame["article_id"])
    pd.testing.assert_frame_equal(index.stories(), at_once.stories())
    assert (at_once.stories()["n_copies"] > 1).sum() > 100


def test_a_removed_article_no_longer_links_the_others():
    words = [f"mot{i}" for i in range(400)]
    part = [" ".join(words[i : i + 100]) for i in range(0, 400, 100)]
    texts = [("a", part[0] + " " + part[1], None), ("b", " ".join(part), None), ("c", part[2] + " " + part[3], None)]
    index = add(StoryIndex(), texts)
    assert index.stories()["story"].tolist() == ["a", "a", "a"]  # a ~ b ~ c, though a and c share nothing
    after = add(index, [], keep=["a", "c"])
    assert after.stories()["story"].tolist() == ["a", "c"]
    assert after.stories()["n_copies"].tolist() == [1, 1]


def test_changed_article_is_regrouped():
    text = " ".join(f"mot{i}" for i in range(300))
    other = " ".join(f"autre{i}" for i in range(300))
    index = add(StoryIndex(), [("a", text, None), ("b", text, None)])
    changed = add(index, [("b", other, None)], keep=["a", "b"])  # b's file was rewritten
    assert changed.stories().to_dict("list") == {"article_id": ["a", "b"], "story": ["a", "b"], "n_copies": [1, 1]}


def test_story_index_frame_survives_parquet(tmp_path):
    index = add(StoryIndex(), [("a", "un texte " * 20, dt.date(2020, 1, 2)), ("b", "un texte " * 20, None)])
    path = tmp_path / "stories.parquet"
    index.frame.to_parquet(path)
    reread = StoryIndex(pd.read_parquet(path))
    more = add(reread, [("c", "un texte " * 20, dt.date(2020, 1, 1))], keep=["a", "b"])
    assert more.stories()["story"].tolist() == ["c", "c", "c"]
    assert list(more.stories().columns) == STORY_COLUMNS


def test_pairwise_scores_count_pairs():
    assert pairwise_scores({"a": "1", "b": "1", "c": "2"}, {"a": "1", "b": "1", "c": "1"}) == (1.0, 1 / 3)
    assert pairwise_scores({"a": "a", "b": "b"}, {"a": "a", "b": "b"}) == (1.0, 1.0)
    with pytest.raises(ValueError):
        pairwise_scores({"a": "a"}, {"b": "b"})
