"""Co-occurrence: pairs of actors named in one sentence or one article, with three weights."""
from __future__ import annotations

import numpy as np
import pandas as pd

from vigie.query.filters import LEVELS, Filter, Level
from vigie.query.overview import top_actors
from vigie.query.selection import actor_codes, actor_names, kept_mask, type_lens
from vigie.store import StoreData


def cooccurrence(
    data: StoreData,
    flt: Filter,
    *,
    level: Level = "sentence",
    limit: int | None = 30,
) -> pd.DataFrame:
    """Pairs of actors mentioned in the same sentence (or article), with three weights.

    ``count`` is the number of units holding both; ``jaccard`` is
    count / (units with a + units with b - count); ``pmi`` is
    log2(count * N / (units with a * units with b)) where N is every unit
    of the selection (all its sentences, or all its articles).  Only the
    ``limit`` most mentioned actors take part, which keeps the pair count
    (and the picture) bounded on large corpora.
    Columns: source, target, source_name, target_name, count, jaccard, pmi.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    shared = data.indexes
    kept = kept_mask(data, flt)
    if limit:
        codes = actor_codes(data, top_actors(data, flt, limit=limit)["actor_id"])
    else:
        codes = np.flatnonzero(type_lens(data, flt))
    # Per article and pair, the units naming both (listed at publish): the kept articles' cells of the
    # pairs' columns whose two actors take part, added up.
    counts, first, second, per_article = shared.pairs(level)
    total = int(shared.sentence_counts()[kept].sum()) if level == "sentence" else int(kept.sum())
    weights = kept.astype(np.int64)
    per_actor = pd.Series(per_article[:, codes].T @ weights, index=codes)
    taking_part = np.zeros(len(shared.actor_ids), dtype=bool)
    taking_part[codes] = True
    wanted = np.flatnonzero(taking_part[first] & taking_part[second])
    found = counts[:, wanted].T @ weights
    held = found > 0
    edges = pd.DataFrame({"actor_a": first[wanted][held].astype(np.int64),
                          "actor_b": second[wanted][held].astype(np.int64), "count": found[held]})
    columns = ["source", "target", "source_name", "target_name", "count", "jaccard", "pmi"]
    if edges.empty:
        return pd.DataFrame(columns=columns)
    n_a = edges["actor_a"].map(per_actor)
    n_b = edges["actor_b"].map(per_actor)
    first = np.asarray(shared.actor_ids, dtype=object)[edges["actor_a"].to_numpy()]
    second = np.asarray(shared.actor_ids, dtype=object)[edges["actor_b"].to_numpy()]
    edges["source"] = np.where(first < second, first, second)  # each pair named in id order
    edges["target"] = np.where(first < second, second, first)
    edges["jaccard"] = edges["count"] / (n_a + n_b - edges["count"])
    edges["pmi"] = np.log2(edges["count"] * total / (n_a * n_b))
    names = actor_names(data)
    edges["source_name"] = edges["source"].map(names)
    edges["target_name"] = edges["target"].map(names)
    edges = edges.sort_values(["count", "source", "target"], ascending=[False, True, True])
    return edges[columns].reset_index(drop=True)
