"""The store publishes whole generations atomically and refuses to mix two ingests."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from vigie import store


def _tables(n_articles: int) -> dict[str, pd.DataFrame]:
    tables = store.empty_tables()
    ids = [f"a{i}" for i in range(n_articles)]
    tables["articles"] = pd.DataFrame(
        {
            "id": ids,
            "path": [f"{i}.txt" for i in ids],
            "row": [None] * n_articles,
            "title": [f"Titre {i}" for i in ids],
            "date": [dt.date(2019, 5, 1 + i) for i in range(n_articles)],
            "date_precision": ["day"] * n_articles,
            "date_source": ["metadata"] * n_articles,
            "source": ["AFP"] * n_articles,
            "url": [""] * n_articles,
            **{name: [""] * n_articles for name in ("subtitle", "authors", "section", "time", "edition", "variables")},
            "n_words": [100] * n_articles,
            "content_hash": [f"h{i}" for i in ids],
            "fingerprint": ["f"] * n_articles,
            "story": ids,
            "n_copies": [1] * n_articles,
        }
    )
    tables["texts"] = pd.DataFrame({"id": ids, "text": [f"Texte de {i}." for i in ids]})
    tables["mentions"] = pd.DataFrame(
        {"article_id": ids, "sentence": 0, "start": 0, "end": 5, "surface": "Texte", "actor_id": "x"}
    )
    return tables


def test_publish_then_load_round_trips_every_table(tmp_path):
    store.publish(tmp_path, _tables(3), {"corpus": "c"})
    data = store.load(tmp_path)
    assert list(data.articles["id"]) == ["a0", "a1", "a2"]
    assert data.articles["date"].iloc[1] == dt.date(2019, 5, 2)
    assert data.manifest["rows"]["mentions"] == 3
    assert data.texts(["a2", "zz"]) == {"a2": "Texte de a2."}
    assert isinstance(data.mentions["actor_id"].dtype, pd.CategoricalDtype)


def test_an_article_no_story_names_is_loaded_as_its_own_story_of_one_copy(tmp_path):
    tables = _tables(3)
    tables["articles"]["story"] = ["a0", None, "a0"]
    tables["articles"]["n_copies"] = [2, None, 2]
    store.publish(tmp_path, tables, {})
    articles = store.load(tmp_path).articles
    assert list(articles["story"]) == ["a0", "a1", "a0"]
    assert list(articles["n_copies"]) == [2, 1, 2]


def test_a_new_generation_replaces_the_old_one_and_removes_it(tmp_path):
    first = store.publish(tmp_path, _tables(2), {})
    second = store.publish(tmp_path, _tables(4), {})
    assert not first.exists() and second.exists()
    assert len(store.load(tmp_path).articles) == 4


def test_a_crashed_publish_leaves_the_previous_store_readable(tmp_path):
    store.publish(tmp_path, _tables(2), {})
    # what a SIGKILL in the middle of the next publish leaves: a half-written
    # generation folder and a temporary file, but the manifest is untouched
    orphan = tmp_path / "gen-000002"
    orphan.mkdir()
    (orphan / "articles.parquet").write_bytes(b"PAR1 truncated")
    (orphan / "index").mkdir()  # killed while writing the arrays every kernel maps
    (orphan / "index" / "dates.npy").write_bytes(b"\x93NUMPY truncated")
    (tmp_path / ".manifest.json.tmp").write_text("{")
    assert len(store.load(tmp_path).articles) == 2 and store.load(tmp_path).indexes.mapped
    store.publish(tmp_path, _tables(3), {})
    again = store.load(tmp_path)
    assert len(again.articles) == 3 and again.indexes.mapped and len(again.indexes.newest_first()) == 3


def _found(generation, needle: str, n_articles: int) -> list[int]:
    from vigie.text_index import TextIndex

    return TextIndex(generation / "index" / "text", n_articles).search(needle).nonzero()[0].tolist()


def test_a_generation_of_the_same_texts_links_the_published_text_index_which_outlives_the_old_one(tmp_path):
    first = store.publish(tmp_path, _tables(3), {})
    inodes = {path.name: path.stat().st_ino for path in (first / "index" / "text").iterdir()}
    second = store.publish(tmp_path, _tables(3), {}, same_texts=True)
    assert not first.exists()
    assert {path.name: path.stat().st_ino for path in (second / "index" / "text").iterdir()} == inodes
    assert _found(second, "a2", 3) == [2] and _found(second, "texte", 3) == [0, 1, 2]
    third = store.publish(tmp_path, _tables(4), {})  # other texts: built again
    assert (third / "index" / "text" / "words.arrow").stat().st_ino != inodes["words.arrow"]
    assert _found(third, "a3", 4) == [3]


def test_a_publish_killed_after_linking_the_text_index_leaves_the_published_one_whole(tmp_path):
    first = store.publish(tmp_path, _tables(3), {})
    published = {path.name: path.read_bytes() for path in (first / "index" / "text").iterdir()}
    orphan = tmp_path / "gen-000002" / "index" / "text"  # killed after the links, before the arrays' sync
    orphan.mkdir(parents=True)
    for name in published:
        (orphan / name).hardlink_to(first / "index" / "text" / name)
    assert len(store.load(tmp_path).articles) == 3 and _found(first, "a1", 3) == [1]
    second = store.publish(tmp_path, _tables(3), {}, same_texts=True)  # removes the orphan, links again
    assert {path.name: path.read_bytes() for path in (second / "index" / "text").iterdir()} == published
    assert store.load(tmp_path).manifest["generation"] == second.name and _found(second, "a1", 3) == [1]


def test_loading_an_empty_folder_says_what_to_do(tmp_path):
    with pytest.raises(store.StoreError, match="vigie ingest"):
        store.load(tmp_path)


def test_a_manifest_of_another_format_asks_for_a_new_ingest(tmp_path):
    store.publish(tmp_path, _tables(1), {})
    manifest = json.loads((tmp_path / store.MANIFEST).read_text())
    manifest["format"] = 0
    (tmp_path / store.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(store.StoreError, match="relancez"):
        store.load(tmp_path)


def test_a_second_ingest_is_refused_while_the_first_holds_the_lock(tmp_path):
    with store.locked(tmp_path):
        with pytest.raises(store.StoreBusy, match="déjà"):
            with store.locked(tmp_path):
                pass
    with store.locked(tmp_path):  # released: the next one gets it
        pass


def test_publish_refuses_an_incomplete_set_of_tables(tmp_path):
    tables = _tables(1)
    del tables["texts"]
    with pytest.raises(ValueError, match="texts"):
        store.publish(tmp_path, tables, {})
    assert store.read_manifest(tmp_path) is None


def test_a_table_given_as_arrow_parts_is_written_like_the_same_frame(tmp_path):
    import pyarrow as pa

    frames = _tables(5)
    store.publish(tmp_path / "frames", frames, {})
    streamed = dict(frames)
    whole = pa.Table.from_pandas(frames["articles"], schema=store.SCHEMAS["articles"], preserve_index=False)
    streamed["articles"] = (whole.slice(start, 2) for start in range(0, 5, 2))  # three parts, one at a time
    streamed["texts"] = pa.Table.from_pandas(frames["texts"], preserve_index=False)
    store.publish(tmp_path / "parts", streamed, {})
    one, other = store.load(tmp_path / "frames"), store.load(tmp_path / "parts")
    pd.testing.assert_frame_equal(one.articles, other.articles)
    assert one.texts(["a0", "a4"]) == other.texts(["a0", "a4"])
    assert other.manifest["rows"]["articles"] == 5
