import dataclasses

import pandas as pd

from vigie.curation import COLUMNS, levenshtein, similarity, suggest_actors
from vigie.nlp.registry import build_registry
from vigie.types import Mention

REGISTRY = build_registry(
    [
        {"name": "Matt Hancock", "type": "person"},
        {"name": "Facebook", "type": "organisation"},
        {"name": "Emmanuel Macron", "type": "person"},
    ]
)


def frame(*rows):
    """Mentions from (article, surface, actor id, name, type, registered) tuples."""
    mentions = [Mention(a, 0, 0, len(s), s, i, n, t, r) for a, s, i, n, t, r in rows]
    return pd.DataFrame([dataclasses.asdict(m) for m in mentions])


MENTIONS = frame(
    ("a1", "Facebook", "facebook", "Facebook", "organisation", True),
    ("a1", "Matt Hancock", "matt-hancock", "Matt Hancock", "person", True),
    ("a2", "Hancock", "hancock", "Hancock", "person", False),
    ("a3", "Hancock", "hancock", "Hancock", "person", False),
    ("a1", "Elliot Schrage", "elliot-schrage", "Elliot Schrage", "person", False),
    ("a2", "Elliot Schrage", "elliot-schrage", "Elliot Schrage", "person", False),
    ("a3", "Elliot Schrage", "elliot-schrage", "Elliot Schrage", "person", False),
    ("a3", "Elliott Schrage", "elliott-schrage", "Elliott Schrage", "person", False),
    ("a1", "Bureau of Investigative Journalism", "bureau-of-investigative-journalism",
     "Bureau of Investigative Journalism", "organisation", False),
    ("a2", "BIJ", "bij", "BIJ", "organisation", False),
    ("a3", "BIJ", "bij", "BIJ", "organisation", False),
    ("a3", "Blagnac", "blagnac", "Blagnac", "place", False),
    ("a1", "Emmanuel Macron", "emmanuel-macron", "Emmanuel Macron", "person", True),
    ("a2", "Emmanuel Macron", "emmanuel-macron", "Emmanuel Macron", "person", True),
)


def test_frequent_unregistered_actors_come_first_most_mentioned_first():
    found = suggest_actors(MENTIONS, REGISTRY, min_count=2)
    assert list(found.columns) == COLUMNS
    new = found[found["kind"] == "new"]
    assert list(new["name"]) == ["Elliot Schrage", "BIJ", "Hancock"]
    assert new.iloc[0][["mentions", "articles", "forms"]].tolist() == [3, 3, "Elliot Schrage"]
    assert "Blagnac" not in set(found["name"])  # one mention: below min_count


def test_likely_duplicates_name_the_actor_to_merge_into_and_why():
    found = suggest_actors(MENTIONS, REGISTRY, min_count=2)
    pairs = {
        (r.name, r.similar_name, r.reason) for r in found[found["kind"] == "duplicate"].itertuples()
    }
    assert pairs == {
        ("Hancock", "Matt Hancock", "same surname"),
        ("Elliott Schrage", "Elliot Schrage", "same surname"),
        ("BIJ", "Bureau of Investigative Journalism", "acronym"),
    }
    assert list(found["kind"]) == sorted(found["kind"], key=["new", "duplicate"].index)


def test_min_count_and_empty_input():
    assert suggest_actors(MENTIONS, REGISTRY, min_count=10).empty
    empty = suggest_actors(MENTIONS.iloc[0:0], REGISTRY)
    assert empty.empty and list(empty.columns) == COLUMNS


def test_registered_actors_are_never_suggested_even_if_the_frame_says_otherwise():
    stale = frame(*[("a1", "Facebook", "facebook", "Facebook", "organisation", False)] * 3)
    assert suggest_actors(stale, REGISTRY).empty


def test_similarity_and_levenshtein():
    assert similarity("Christopher Wylie", "Christophe Wylie") == "edit distance 1"
    assert similarity("Meta", "Beta") == ""  # too short to be a spelling variant
    assert similarity("Anna Collins", "Damian Collins", person=True) == "same surname"
    assert similarity("Anna Collins", "Damian Collins") == ""
    assert similarity("CNIL", "Commission nationale de l'informatique et des libertés") == "acronym"
    assert levenshtein("kitten", "sitting") == 3 and levenshtein("", "abc") == 3


def textbook_levenshtein(a: str, b: str) -> int:
    """The dynamic programme curation.py used before rapidfuzz: the reference the library must match."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def test_rapidfuzz_distance_equals_the_hand_written_one_on_the_packaged_registry_names():
    from vigie.nlp import load_registry
    from vigie.nlp.text import word_key

    names = sorted({" ".join(word_key(n)) for actor in load_registry().actors for n in actor.names})
    pairs = [(a, b) for a in names for b in names if a < b and a[:1] == b[:1]]
    assert len(pairs) > 1000
    assert [levenshtein(a, b) for a, b in pairs] == [textbook_levenshtein(a, b) for a, b in pairs]
    assert any(levenshtein(a, b) <= 2 for a, b in pairs)  # the suggestion range is exercised
