"""Extraction on a Dask cluster: the same rows as the local ingest, many machines.

Why Dask rather than a home-made pool: it already schedules partitions,
restarts lost workers and runs on the clusters researchers have (SSH,
Kubernetes, HPC batch systems through dask-jobqueue).  Each worker builds the
extractor once (the spaCy model is the expensive part) and keeps it for every
partition it receives; each partition's rows come back as Parquet bytes, the
columnar form the store uses, so the client only concatenates them.
"""
from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from vigie.nlp import Extractor, Lexicon, Registry
from vigie.tables import extraction_frames
from vigie.types import Article

#: Extractors already built in this worker process, by key (actors and themes fingerprints).
_WORKER_EXTRACTORS: dict[str, Extractor] = {}


@dataclass(frozen=True)
class ExtractorRecipe:
    """What a worker needs to build the same extractor as the client (it pickles)."""

    model: str
    registry: Registry
    lexicon: Lexicon
    fingerprint: str

    @classmethod
    def of(cls, extractor: Extractor) -> ExtractorRecipe:
        return cls(extractor.model_name, extractor.registry, extractor.lexicon, extractor.key)

    def build(self) -> Extractor:
        if self.fingerprint not in _WORKER_EXTRACTORS:
            _WORKER_EXTRACTORS[self.fingerprint] = Extractor(
                model=self.model, registry=self.registry, lexicon=self.lexicon
            )
        return _WORKER_EXTRACTORS[self.fingerprint]


def extract_partition(
    recipe: ExtractorRecipe, articles: Sequence[Article], parses: Mapping[str, bytes]
) -> dict[str, bytes]:
    """Run on a worker: extract one partition and return each table as Parquet bytes."""
    extractor = recipe.build()
    extracted = list(extractor.extract_parsed(articles, parses))
    frames = extraction_frames(list(articles), extracted, fingerprint=extractor.fingerprint, model_key=extractor.model_key)
    parts = {}
    for name, frame in frames.items():
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        parts[name] = buffer.getvalue()
    return parts


def partitions(articles: Sequence[Article], size: int) -> list[Sequence[Article]]:
    return [articles[i : i + size] for i in range(0, len(articles), size)]


def extract_on_cluster(
    articles: Sequence[Article],
    extractor: Extractor,
    parses: Mapping[str, bytes],
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = 200,  # at most; smaller when there are few articles per worker
    on_partition: Callable[[int], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """Extract ``articles`` on an existing cluster (``scheduler``) or a local one of ``workers``.

    ``parses`` holds the cached model output of some articles (see
    :meth:`vigie.nlp.Extractor.extract_parsed`); the workers run the model
    for the others only.
    Returns the same frames as :func:`vigie.tables.extraction_frames` over all
    articles, in article order, whatever order the partitions finished in.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    if scheduler is None and not workers:
        raise ValueError("give a scheduler address or a number of workers")
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            recipe = client.scatter(ExtractorRecipe.of(extractor), broadcast=True)
            # at least four partitions a worker, so a slow one does not hold up the end
            threads = max(1, sum(client.nthreads().values()))
            chunks = partitions(list(articles), max(1, min(partition_size, math.ceil(len(articles) / (4 * threads)))))
            futures = {
                client.submit(extract_partition, recipe, chunk, {a.id: parses[a.id] for a in chunk if a.id in parses}, pure=False): i
                for i, chunk in enumerate(chunks)
            }
            results: dict[int, dict[str, bytes]] = {}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if on_partition:
                    on_partition(len(chunks[futures[future]]))
    finally:
        if cluster is not None:
            cluster.close()
    names = results[0].keys() if results else ()
    return {
        name: pd.concat([pd.read_parquet(io.BytesIO(results[i][name])) for i in sorted(results)], ignore_index=True)
        for name in names
    }
