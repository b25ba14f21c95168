"""The random filter states: reproducible, valid for the store, and each one a real change."""
from __future__ import annotations

from kernel import dump_filters, load_filters, random_filters
from vigie import query, store


def test_states_are_reproducible_non_empty_and_change_every_time(handmade):
    data = store.load(handmade)
    filters = random_filters(data, n=80, seed=3)
    assert filters == random_filters(data, n=80, seed=3)
    assert filters != random_filters(data, n=80, seed=4)
    assert not any(f.is_empty() for f in filters)
    assert all(a != b for a, b in zip(filters, filters[1:]))
    assert {a for f in filters for a in f.actors} <= set(data.actors["id"])
    assert any(f.text for f in filters) and any(f.date_from for f in filters) and any(f.actor_mode == "all" for f in filters)
    for flt in filters:
        query.top_actors(data, flt)  # every state is one the queries accept


def test_states_survive_the_trip_to_the_child_process(handmade, tmp_path):
    filters = random_filters(store.load(handmade), n=30, seed=0)
    dump_filters(filters, tmp_path / "states.json")
    assert load_filters(tmp_path / "states.json") == filters
