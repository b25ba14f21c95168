"""The arrays every kernel memory-maps (vigie.indexes): the same answers as arrays built in memory
from the tables (what every kernel did before, and still does on an older generation)."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from dashboard.handmade_store import build_store
from dashboard.handmade_stories import build_story_store
from older_store import generation_without_pair_columns, older_generation
from vigie import query, store
from vigie.indexes import INDEX_DIR
from vigie.query import Filter


def answers(data, flt: Filter) -> dict:
    """Every question the dashboard asks, for one filter."""
    found = {"ids": list(query.selected_ids(data, flt)), "top": query.top_actors(data, flt),
             "themes": query.top_themes(data, flt), "overview": query.overview(data, flt),
             "pairs": query.cooccurrence(data, flt), "pairs_article": query.cooccurrence(data, flt, level="article"),
             "crossing": query.actor_themes(data, flt), "rows": query.article_rows(data, flt),
             "mentions": query.mention_rows(data, flt), "words": query.concordance(data, flt, word="la")}
    for granularity in query.GRANULARITIES:
        line = query.timeline(data, flt, granularity=granularity)
        found[granularity] = (line.frame, line.left_out, line.peaks)
    for actor in query.top_actors(data, flt, limit=2)["actor_id"]:
        found[f"concordance {actor}"] = query.concordance(data, flt, actor=actor)
    for article in found["rows"]["id"][:3]:
        read = query.reading(data, article)
        found[f"reading {article}"] = (read.article, read.text, read.spans)
        found[f"copies {article}"] = query.copies_of(data, article)
    return found


def random_filters(data, *, n: int, seed: int) -> list[Filter]:
    """``n`` filters drawn from what the store holds, as a user combines them, stories on and off."""
    rng = random.Random(seed)
    actors = sorted(data.actors["id"].astype(str))
    types = sorted(data.actors["type"].astype(str).unique())
    themes = sorted(data.themes["id"].astype(str))
    sources = sorted(data.articles["source"].dropna().astype(str).unique())
    words = sorted({w for t in data.articles["title"].dropna() for w in str(t).split() if w.isalpha()})
    day = dt.date(2019, 1, 1)
    filters = [Filter(), Filter(stories=True)]
    while len(filters) < n:
        days = sorted(rng.randrange(800) for _ in range(2))
        chosen = tuple(rng.sample(actors, rng.randint(1, 3))) if rng.random() < 0.5 else ()
        filters.append(Filter(
            actors=chosen, actor_mode=rng.choice(["any", "all"]),
            actor_types=tuple(rng.sample(types, 1)) if rng.random() < 0.2 else (),
            date_from=day + dt.timedelta(days=days[0]) if rng.random() < 0.3 else None,
            date_to=day + dt.timedelta(days=days[1]) if rng.random() < 0.3 else None,
            themes=tuple(rng.sample(themes, rng.randint(1, 2))) if rng.random() < 0.4 else (),
            sources=tuple(rng.sample(sources, 1)) if rng.random() < 0.3 else (),
            text=rng.choice(words) if rng.random() < 0.2 else "",
            stories=rng.random() < 0.3))
    return filters


def assert_same(got, expected, where: str) -> None:
    if isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(got, expected, obj=where)
    elif isinstance(expected, tuple):
        for part, (a, b) in enumerate(zip(got, expected, strict=True)):
            assert_same(a, b, f"{where}[{part}]")
    elif isinstance(expected, dict):
        assert got.keys() == expected.keys(), where
        for key in expected:
            assert_same(got[key], expected[key], f"{where}.{key}")
    else:
        assert got == expected or (got != got and expected != expected), (where, got, expected)


@pytest.fixture(scope="module", params=["handmade", "stories"])
def stores(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    root = (build_store if request.param == "handmade" else build_story_store)(folder / "store")
    return (store.load(root), store.load(older_generation(root, folder / "old")),
            store.load(generation_without_pair_columns(root, folder / "layout-2")))


def test_mapped_arrays_answer_like_arrays_built_from_the_tables(stores):
    mapped, built, layout_two = stores
    assert mapped.indexes.mapped and not built.indexes.mapped
    filters = random_filters(mapped, n=30, seed=7)
    assert len({len(query.selected_ids(mapped, f)) for f in filters}) > 5  # the filters select differently
    for flt in filters:
        assert_same(answers(mapped, flt), answers(built, flt), str(flt))


def test_a_generation_of_the_earlier_layout_is_mapped_and_gets_its_pair_columns_built(stores):
    """Layout 2 (before the pairs' columns) stays mapped, with the columns built from its
    sentences naming two actors or more: the co-occurrences are those of the current layout."""
    mapped, _, layout_two = stores
    assert layout_two.indexes.mapped and "pairs.sentence.data" not in set(
        p.name[:-len(".npy")] for p in (layout_two._generation / INDEX_DIR).glob("*.npy"))
    assert not query.cooccurrence(mapped, Filter()).empty
    for flt in random_filters(mapped, n=30, seed=11):
        for level in ("sentence", "article"):
            for limit in (30, 2, None):
                assert_same(query.cooccurrence(layout_two, flt, level=level, limit=limit),
                            query.cooccurrence(mapped, flt, level=level, limit=limit), f"{flt} {level} {limit}")


def test_a_kernel_maps_the_arrays_read_only_and_leaves_the_big_tables_on_disk(stores):
    mapped = store.load(stores[0].root)  # a fresh kernel's store (the exports read the mentions)
    query.article_rows(mapped, Filter(themes=("regulation",)))
    query.cooccurrence(mapped, Filter(actors=("facebook",)))
    query.reading(mapped, "a01")
    query.concordance(mapped, Filter(), actor="facebook")
    arrays = mapped.indexes._arrays
    assert all(isinstance(array, np.memmap) and not array.flags.writeable for array in arrays.values())
    assert not set(store.LAZY_TABLES) & set(vars(mapped))  # none of them was read into memory


def test_the_arrays_live_in_the_generation_the_manifest_names(tmp_path):
    root = build_store(tmp_path / "store")
    first = store.read_manifest(root)
    data = store.load(root)
    tables = {name: store.read_table(root, name) for name in store.SCHEMAS}
    tables["articles"] = tables["articles"].loc[tables["articles"]["id"] != "a01"]
    with store.locked(root):
        store.publish(root, tables, {"corpus": "smaller"})
    second = store.read_manifest(root)
    assert second["generation"] != first["generation"]
    assert (root / second["generation"] / INDEX_DIR / "newest_first.npy").exists()
    assert not (root / first["generation"]).exists()  # removed with its arrays once the new manifest is in place
    assert "a01" not in set(query.selected_ids(store.load(root), Filter()))
    assert "a01" in set(query.selected_ids(data, Filter()))  # a kernel still open keeps its mapped arrays


def test_a_store_remembers_its_answers_on_itself(stores):
    mapped = stores[0]
    assert mapped.indexes is mapped.indexes
    flt = Filter(actors=("facebook",))
    query.selected_ids(mapped, flt)
    assert flt in mapped.indexes.selections
    again = store.load(mapped.root)
    assert again.indexes is not mapped.indexes and not again.indexes.selections
    assert list(query.selected_ids(again, replace(flt))) == list(query.selected_ids(mapped, flt))


def test_an_article_is_found_by_its_id_without_a_scan(stores):
    """The lookup a click or a link uses: every id at its row, mapped or built; near misses and
    non-strings unknown; ``in`` on the store's ids the same."""
    for data in stores:
        ids = data.articles["id"].astype(str).tolist()
        assert [data.indexes.position(article_id) for article_id in ids] == list(range(len(ids)))
        misses = ["", "a", "a0", ids[0] + "0", ids[-1] + " ", "zz", "A01", None, 1]
        assert [data.indexes.position(miss) for miss in misses] == [None] * len(misses)
        known = data.indexes.known_articles()
        assert [article_id in known for article_id in ids + misses] == [True] * len(ids) + [False] * len(misses)
        assert sorted(known) == sorted(ids) and len(known) == len(ids)
