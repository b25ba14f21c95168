"""A store as published before the index arrays existed, for the tests comparing both ways of answering."""
from __future__ import annotations

import json
import shutil

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
