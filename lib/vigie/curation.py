"""Growing the actor registry: what to add, and which actors look like duplicates.

``vigie actors suggest`` prints :func:`suggest_actors`: the unregistered
actors found often enough to deserve a registry entry (with the forms the
press used, ready to become aliases), then pairs of actors that are probably
one (same surname, names a letter or two apart, an acronym and its full
name).  A user reviews the list, edits ``actors.yaml`` and ingests again.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pandas as pd
from rapidfuzz.distance import Levenshtein

from vigie.nlp.registry import Registry
from vigie.nlp.text import initials, word_key

COLUMNS = [
    "kind",  # "new": frequent actor absent from the registry; "duplicate": probably the same actor as `similar_name`
    "actor_id",
    "name",
    "type",
    "mentions",
    "articles",
    "forms",  # surface forms seen, most frequent first: candidate aliases
    "similar_id",
    "similar_name",
    "reason",  # why a duplicate: "same surname", "edit distance N", "acronym"
]
_MAX_DISTANCE = 2  # edit distance between folded names that still suggests a spelling variant
_MIN_LENGTH_FOR_DISTANCE = 6  # shorter names a letter apart are usually different actors
_MAX_FORMS = 5


def store_mentions(data) -> pd.DataFrame:
    """A store's mentions with their actor's name and type, as :func:`suggest_actors` takes them."""
    return data.mentions.merge(
        data.actors.rename(columns={"id": "actor_id", "name": "actor_name", "type": "actor_type"}), on="actor_id"
    )


def suggest_actors(mentions: pd.DataFrame, registry: Registry, *, min_count: int = 2) -> pd.DataFrame:
    """Frequent unregistered actors, then likely duplicates; most mentioned first within each kind.

    ``mentions`` has the columns of :class:`vigie.types.Mention`.  An
    unregistered actor is suggested from ``min_count`` mentions; a pair is
    suggested when one side is an unregistered actor with ``min_count``
    mentions (two registry entries are never paired: the registry is the
    user's own decision).
    """
    actors = _actor_table(mentions, registry)
    frequent = actors[~actors["registered"] & (actors["mentions"] >= min_count)]
    new = frequent.assign(kind="new", similar_id="", similar_name="", reason="")
    pairs = pd.DataFrame(list(_duplicates(actors, frequent)), columns=COLUMNS)
    found = pd.concat([new[COLUMNS], pairs], ignore_index=True) if not pairs.empty else new[COLUMNS]
    order = found["kind"].map({"new": 0, "duplicate": 1})
    return (
        found.assign(_order=order)
        .sort_values(["_order", "mentions", "name"], ascending=[True, False, True], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def _actor_table(mentions: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """One row per actor: name, type, registered, mention and article counts, surface forms."""
    columns = ["actor_id", "name", "type", "registered", "mentions", "articles", "forms"]
    if mentions.empty:
        return pd.DataFrame(columns=columns).astype({"registered": bool, "mentions": int})
    grouped = mentions.groupby("actor_id", sort=False)
    table = grouped.agg(
        name=("actor_name", "first"),
        type=("actor_type", "first"),
        registered=("registered", "max"),
        mentions=("surface", "size"),
        articles=("article_id", "nunique"),
        forms=("surface", lambda s: ", ".join(s.value_counts().index[:_MAX_FORMS])),
    ).reset_index()
    table["registered"] = table["registered"].astype(bool) | table["actor_id"].isin(registry.by_id.keys())
    return table[columns]


def _duplicates(actors: pd.DataFrame, frequent: pd.DataFrame) -> Iterator[dict]:
    """Pairs (frequent unregistered actor, any other actor) that look like one actor.

    Candidates are looked up in small blocks (same surname, same first two
    letters, acronym of the name) rather than compared all against all, so
    a corpus with tens of thousands of actors stays fast.
    """
    rows = actors.to_dict("records")
    keys = [word_key(r["name"]) for r in rows]
    by_surname, by_prefix, by_initials = defaultdict(list), defaultdict(list), defaultdict(list)
    for i, (row, key) in enumerate(zip(rows, keys, strict=True)):
        if not key:
            continue
        if row["type"] == "person":
            by_surname[key[-1]].append(i)
        by_prefix[" ".join(key)[:2]].append(i)
        for acronym in initials(key):
            by_initials[acronym].append(i)
    seen: set[frozenset[str]] = set()
    index = {r["actor_id"]: i for i, r in enumerate(rows)}
    for actor_id in frequent["actor_id"]:
        i, key = index[actor_id], keys[index[actor_id]]
        if not key:
            continue
        near = {*by_surname.get(key[-1], ()), *by_prefix.get(" ".join(key)[:2], ()), *by_initials.get(key[0], ())}
        for j in sorted(near - {i}):
            pair = frozenset((rows[i]["actor_id"], rows[j]["actor_id"]))
            reason = similarity(rows[i]["name"], rows[j]["name"], person=rows[i]["type"] == rows[j]["type"] == "person")
            if reason and pair not in seen:
                seen.add(pair)
                dup, keep = (rows[i], rows[j]) if _less_settled(rows[i], rows[j]) else (rows[j], rows[i])
                yield {**{c: dup[c] for c in COLUMNS[1:7]}, "kind": "duplicate", "similar_id": keep["actor_id"],
                       "similar_name": keep["name"], "reason": reason}


def _less_settled(a: dict, b: dict) -> bool:
    """Whether ``a`` should be merged into ``b`` rather than the reverse: keep the registered, fuller, more mentioned name."""
    def settled(row: dict) -> tuple:
        return row["registered"], len(word_key(row["name"])), row["mentions"]

    return settled(a) < settled(b)


def similarity(a: str, b: str, *, person: bool = False) -> str:
    """Why names ``a`` and ``b`` may be one actor ("same surname", "edit distance N", "acronym"), or ""."""
    ka, kb = word_key(a), word_key(b)
    if not ka or not kb or ka == kb:
        return ""
    if person and ka[-1] == kb[-1] and len(ka[-1]) > 1:
        return "same surname"
    short, long_ = sorted((ka, kb), key=len)
    if len(short) == 1 and short[0] in initials(long_):
        return "acronym"
    fa, fb = " ".join(ka), " ".join(kb)
    if min(len(fa), len(fb)) >= _MIN_LENGTH_FOR_DISTANCE and (distance := levenshtein(fa, fb)) <= _MAX_DISTANCE:
        return f"edit distance {distance}"
    return ""


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions) between two strings.

    rapidfuzz's C++ implementation rather than a hand-written dynamic
    programme: the same distances (tests/test_curation.py compares the two on
    every pair of names of the packaged registry that share a first letter).
    """
    return Levenshtein.distance(a, b)
