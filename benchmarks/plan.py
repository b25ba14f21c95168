"""What one benchmark run measures, and at what sizes: one frozen record every benchmark reads.

Sizes are parameters, not constants, so the same script runs in minutes on a
shared 2-core machine (``--quick``) and measures the scaling curve on a
16-core one (``--workers 1,4,8,16``).  The defaults are the sizes the targets
name: a 10,000-article corpus, tiled 10x into a 100,000-article store.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

#: Generated corpora and stores, git-ignored and reused between runs (keyed by size and seed).
DATA = Path(__file__).resolve().parent / "data"
#: The worker count the extraction target names ("use both cores").
TARGET_WORKERS = 2


@dataclass(frozen=True)
class Plan:
    """Sizes and repetitions of one run.

    ``articles``: the synthetic corpus of the incremental and stories
    benchmarks, and the real store tiled ``tile`` times for the interactive
    and Voilà ones.  ``sample``: the smaller corpus whose extraction speed is
    measured ``repeat`` times per configuration.  ``workers``: the Dask worker
    counts of the scaling curve.  ``rooms``: the numbers of viewers who open
    the dashboard's link at once (bench_room).  ``parts``: run only these
    parts of a benchmark that has several (``--parts speed``), the others'
    rows kept by ``--merge``.
    """

    articles: int = 10_000
    tile: int = 10
    sample: int = 150
    workers: tuple[int, ...] = (1, 2)
    repeat: int = 3
    states: int = 60
    loads: int = 3
    rooms: tuple[int, ...] = (10, 30)
    seed: int = 0
    data: Path = DATA
    parts: tuple[str, ...] = ()  # of a benchmark made of parts (themes: quality, speed), those to run; () is all

    def runs(self, part: str) -> bool:
        return not self.parts or part in self.parts

    @property
    def tiled_articles(self) -> int:
        return self.articles * self.tile

    @property
    def build_workers(self) -> int | None:
        """Dask workers of the full ingests that build stores: the most measured where that is more
        than the local ingest's processes (one per core), else None: the local ingest, as a user runs it."""
        from vigie.ingest import local_processes

        most = max(self.workers)
        return most if most > local_processes() else None


def quick(plan: Plan) -> Plan:
    """Small sizes for a run while developing: every benchmark, a few minutes."""
    return replace(plan, articles=min(plan.articles, 400), sample=min(plan.sample, 60), repeat=2, states=50, loads=2)
