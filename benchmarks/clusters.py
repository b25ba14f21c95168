"""A local Dask cluster kept running across several ingests, as ``vigie ingest --scheduler`` uses one.

``ingest(..., workers=N)`` starts a cluster and loads the model in every worker
each time; on a small sample that start-up outweighs the extraction.  Ingests
sent to a running cluster (``scheduler=``) pay it once: each worker keeps its
extractor between ingests, so from the second ingest on, a measurement is the
steady throughput, the figure comparable with ``nlp.pipe`` on a loaded model.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Running:
    address: str
    start_up: float  # seconds until the workers were up (the model is loaded later, by the first ingest)


@contextlib.contextmanager
def local_cluster(workers: int) -> Iterator[Running]:
    """``workers`` single-threaded worker processes, with vigie.distributed's own settings."""
    from dask.distributed import LocalCluster

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield Running(cluster.scheduler_address, time.perf_counter() - started)
