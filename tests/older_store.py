"""Stores as published by earlier versions (before the index arrays, or with an earlier layout of them),
for the tests comparing the ways of answering."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
from scipy import sparse

from vigie import store
from vigie.indexes import INDEX_DIR


def older_generation(root, out):
    """A copy of a store as published before the arrays existed: no index folder, no manifest entry."""
    shutil.copytree(root, out)
    manifest = store.read_manifest(out)
    shutil.rmtree(out / manifest["generation"] / INDEX_DIR)
    del manifest["indexes"]
    (out / store.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return out


def generation_without_pair_columns(root, out):
    """A copy of a store as published with layout 2 of the arrays (before ``pairs.sentence`` and
    ``pairs.article``): the sentences naming two actors or more as a units × actors matrix
    (``pairs``) and each such sentence's article (``pair_article``), written here from the tables
    as that layout's ingest wrote them."""
    shutil.copytree(root, out)
    manifest = store.read_manifest(out)
    folder = out / manifest["generation"] / INDEX_DIR
    for path in folder.glob("pairs.*.npy"):
        path.unlink()
    data = store.load(out)
    mentions = data.mentions.loc[data.mentions["actor_id"].notna()]
    article = pd.Index(data.articles["id"]).get_indexer(mentions["article_id"])
    actor = pd.Index(data.indexes.actor_ids).get_indexer(mentions["actor_id"].astype(str))
    units, unit = np.unique(article.astype(np.int64) * 10_000 + mentions["sentence"].to_numpy(), return_inverse=True)
    present = sparse.coo_matrix((np.ones(len(unit)), (unit, actor)), shape=(len(units), len(data.indexes.actor_ids)))
    present = present.tocsr()
    several = np.flatnonzero(np.diff(present.indptr) >= 2)
    pairs = present[several].tocsc()
    pairs.sum_duplicates()
    pairs.data = np.ones_like(pairs.data, dtype=np.int32)
    for part in ("data", "indices", "indptr"):
        np.save(folder / f"pairs.{part}.npy", getattr(pairs, part))
    np.save(folder / "pair_article.npy", (units[several] // 10_000).astype(np.int32))
    shapes = json.loads((folder / "shapes.json").read_text(encoding="utf-8"))
    shapes = {name: shape for name, shape in shapes.items() if not name.startswith("pairs.")}
    (folder / "shapes.json").write_text(json.dumps({**shapes, "pairs": list(pairs.shape)}), encoding="utf-8")
    manifest["indexes"] = 2
    (out / store.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return out
