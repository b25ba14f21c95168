"""Target 6 (equality): the distributed ingest publishes exactly the single-process tables.

A small corpus is ingested once locally and once with ``workers=2`` (a local
cluster started by ingest itself, as ``vigie ingest --workers 2`` does), and
every published table is compared, row by row and column by column.  The
speed per worker count is measured beside the extraction target
(``bench_extraction.py``), on the same texts and in the same repetitions.
"""
from __future__ import annotations

import pandas as pd

from corpora import build_store, synthetic
from harness import Result
from plan import Plan
from vigie import store

#: More than one partition per worker (vigie.distributed makes at least four a worker),
#: so that reassembling partitions in article order is checked too.
EQUALITY_ARTICLES = 250
EQUALITY_WORKERS = 2


def run(plan: Plan) -> list[Result]:
    corpus = synthetic(EQUALITY_ARTICLES, seed=plan.seed, data=plan.data)
    local = build_store(corpus, plan.data / "scratch" / "equal-local", workers=None).store
    dask = build_store(corpus, plan.data / "scratch" / "equal-dask", workers=EQUALITY_WORKERS).store
    differing = [name for name in store.SCHEMAS if not _same(store.read_table(local, name), store.read_table(dask, name))]
    equal = len(store.SCHEMAS) - len(differing)
    return [Result(
        f"dask: tables of ingest(workers={EQUALITY_WORKERS}) equal the single-process ingest",
        f"{len(store.SCHEMAS)} of {len(store.SCHEMAS)}", equal, "tables equal", not differing,
        f"{EQUALITY_ARTICLES} articles; " + (f"differ: {', '.join(differing)}" if differing else "every row and column"),
    )]


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(a, b)
    except AssertionError:
        return False
    return True
