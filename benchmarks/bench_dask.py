"""Target 6: ingest on a local Dask cluster, words per second per worker count, and equal tables.

Each worker count gets a local cluster of N workers (``clusters.py``); a
first ingest loads the model in each worker, then whole ingests into an empty
store (read, extract, publish) are timed ``plan.repeat`` times: the steady
throughput, as ``vigie ingest --scheduler`` gets from a running cluster.  The
cluster's start-up and that first ingest are in the note: ``--workers N``
pays them once per ingest.  The worker counts are a parameter: 1,2 on the
2-core machine, 1,4,8,16 on a 16-core one.
The equality check ingests a small corpus with and without Dask and compares
every published table.
"""
from __future__ import annotations

import statistics
from pathlib import Path

import pandas as pd

from clusters import local_cluster
from corpora import Build, build_store, synthetic
from harness import Result
from plan import Plan
from vigie import store

#: The equality check's corpus: more than one partition of vigie.distributed's 200 articles,
#: so that reassembling partitions in article order is checked too.
EQUALITY_ARTICLES = 250
EQUALITY_WORKERS = 2


def run(plan: Plan) -> list[Result]:
    return [*scaling(plan), equality(plan)]


def scaling(plan: Plan) -> list[Result]:
    corpus = synthetic(plan.sample, seed=plan.seed, data=plan.data)
    measured = {n: _throughput(corpus, n, plan) for n in plan.workers}
    base = statistics.median(measured[min(plan.workers)][0])
    rows = []
    for n, (speeds, start_up, first) in measured.items():
        wps = statistics.median(speeds)
        rows.append(Result(
            f"dask: ingest words/s, {n} worker(s)", "—", wps, "words/s", None,
            f"×{wps / base:.2f} vs {min(plan.workers)} worker(s); median of {plan.repeat} on a running cluster; "
            f"cluster start-up {start_up:.1f} s, first ingest (model loads) {first.words / first.seconds:.0f} words/s; "
            f"{plan.sample} articles, {first.words} words",
        ))
    return rows


def _throughput(corpus: Path, workers: int, plan: Plan) -> tuple[list[float], float, Build]:
    """Steady words/s of ``plan.repeat`` ingests on an N-worker cluster, its start-up seconds, its first ingest."""
    scratch = plan.data / "scratch" / f"dask-{workers}"
    with local_cluster(workers) as cluster:
        first = build_store(corpus, scratch, workers=None, scheduler=cluster.address)
        speeds = []
        for _ in range(plan.repeat):
            built = build_store(corpus, scratch, workers=None, scheduler=cluster.address)
            speeds.append(built.words / built.seconds)
    return speeds, cluster.start_up, first


def equality(plan: Plan) -> Result:
    corpus = synthetic(EQUALITY_ARTICLES, seed=plan.seed, data=plan.data)
    local = build_store(corpus, plan.data / "scratch" / "equal-local", workers=None).store
    dask = build_store(corpus, plan.data / "scratch" / "equal-dask", workers=EQUALITY_WORKERS).store
    differing = [name for name in store.SCHEMAS if not _same(store.read_table(local, name), store.read_table(dask, name))]
    equal = len(store.SCHEMAS) - len(differing)
    return Result(
        f"dask: tables of ingest(workers={EQUALITY_WORKERS}) equal the single-process ingest",
        f"{len(store.SCHEMAS)} of {len(store.SCHEMAS)}", equal, "tables equal", not differing,
        f"{EQUALITY_ARTICLES} articles (2 partitions); " + (f"differ: {', '.join(differing)}" if differing else "every row and column"),
    )


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(a, b)
    except AssertionError:
        return False
    return True
