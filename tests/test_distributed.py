"""Extraction on a local Dask cluster gives exactly the tables of the single-process ingest."""
from __future__ import annotations

import pandas as pd
import pytest

from vigie import store
from vigie.distributed import partitions
from vigie.ingest import ingest

pytestmark = pytest.mark.slow


def test_partitions_cover_every_article_once_in_order():
    items = list(range(11))
    chunks = partitions(items, 4)
    assert [len(c) for c in chunks] == [4, 4, 3]
    assert [x for c in chunks for x in c] == items


def test_a_local_cluster_of_two_workers_writes_the_same_tables(sample_corpus, tmp_path):
    local = ingest(sample_corpus, store_dir=tmp_path / "local")
    dask = ingest(sample_corpus, store_dir=tmp_path / "dask", workers=2)
    assert dask.extracted == local.extracted == 5
    for name in store.SCHEMAS:
        pd.testing.assert_frame_equal(
            store.read_table(tmp_path / "dask", name), store.read_table(tmp_path / "local", name), check_dtype=False
        )
