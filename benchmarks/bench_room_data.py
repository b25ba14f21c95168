"""Issue 16 A: one copy of the data for every viewer: kernel memory (PSS) alone and ten together, load time,
first free-text search and query times on the tiled store, index arrays mapped vs built in each kernel.

Why PSS (``/proc/PID/smaps_rollup``) and not RSS: a page mapped by ten
kernels counts once in their PSS sum (a tenth in each), while each RSS counts
it whole; the sum of PSS is what ten viewers cost the machine.

The kernels are children (``room_kernel.py``) held alive while their memory
is read.  Three ways of reading the same store:

- ``mapped``: the store as published now, its arrays and word index in
  ``gen-…/index/``, memory-mapped;
- ``built``: a copy of it (hard links) whose manifest predates the arrays, so
  each kernel builds them in its own memory from the tables, and searches
  free text by reading the texts, as every kernel did before;
- ``before``: when ``VIGIE_BEFORE`` names the ``lib/`` folder of another
  vigie checkout (the main branch, say), that code reads the same store.

Ten ``built`` or ``before`` kernels at 100,000 articles would need about ten
times one of them (nothing is shared), more than a shared 2-core machine
spares; only ``mapped`` is run ten at once (``ROOM_KERNELS``).
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpora import tiled_store
from harness import Result
from kernel import dump_filters, random_filters
from plan import Plan
from vigie import store, text_index
from vigie.index_build import build_arrays
from vigie.indexes import INDEX_DIR

KERNEL = Path(__file__).resolve().with_name("room_kernel.py")
ROOM_KERNELS = 10
STATES = 20
LOAD_TARGET_S = 5.0
SEARCH_TARGET_MS = 200.0
ONE_KERNEL_TARGET_MB = 1024.0
TEN_KERNELS_TARGET_MB = 3072.0


def run(plan: Plan) -> list[Result]:
    root = tiled_store(plan)
    data = store.load(root)
    n = len(data.articles)
    states = plan.data / "scratch" / "room-states.json"
    states.parent.mkdir(parents=True, exist_ok=True)
    dump_filters(random_filters(data, n=STATES, seed=plan.seed), states)
    build_s = _index_build_seconds(root)
    del data
    older = _older_generation(root, plan.data / "scratch" / "room-older")
    rows = [Result("room data: index arrays and word index built at publish", "", build_s, "s", None,
                   f"{n} articles; build_arrays + text_index.write, once per ingest")]
    modes = {"mapped": (root, None), "built": (older, None)}
    if os.environ.get("VIGIE_BEFORE"):
        modes["before"] = (root, os.environ["VIGIE_BEFORE"])
    alone = {mode: _kernels(where, states, lib=lib, count=1) for mode, (where, lib) in modes.items()}
    for mode, ((pss, rss), reports) in alone.items():
        report = reports[0]
        rows += [
            Result(f"room data: one kernel's PSS ({mode})", f"< {ONE_KERNEL_TARGET_MB:g} MB", pss, "MB",
                   pss < ONE_KERNEL_TARGET_MB, f"RSS {rss:.0f} MB; {n} articles; after {STATES} states × every tab"),
            Result(f"room data: store load ({mode})", f"< {LOAD_TARGET_S:g} s", report["load_s"], "s",
                   report["load_s"] < LOAD_TARGET_S, "store.load, first in a fresh kernel"),
        ]
        if "first_search_ms" in report:
            searches = report["first_search_ms"]
            rows.append(Result(f"room data: first search of a new word, median ({mode})",
                               f"< {SEARCH_TARGET_MS:g} ms", statistics.median(searches), "ms",
                               statistics.median(searches) < SEARCH_TARGET_MS,
                               f"max {max(searches):.0f} ms over {len(searches)} words never searched in the kernel"))
        rows.append(Result(f"room data: query medians ({mode})", "", sum(report["query_median_ms"].values()), "ms",
                           None, ", ".join(f"{k} {v:.1f}" for k, v in report["query_median_ms"].items())))
    (pss, rss), _ = _kernels(root, states, lib=None, count=ROOM_KERNELS)
    rows.append(Result(f"room data: {ROOM_KERNELS} kernels' PSS together (mapped)",
                       f"< {TEN_KERNELS_TARGET_MB:g} MB", pss, "MB", pss < TEN_KERNELS_TARGET_MB,
                       f"sum of PSS; RSS sum {rss:.0f} MB; one kernel alone {alone['mapped'][0][0]:.0f} MB PSS"))
    shutil.rmtree(older, ignore_errors=True)
    return rows


def _index_build_seconds(root: Path) -> float:
    generation = root / store.read_manifest(root)["generation"]
    tables = store.indexed_tables(generation)
    with tempfile.TemporaryDirectory(dir=root) as scratch:
        started = time.perf_counter()
        build_arrays(*tables)
        text_index.write(Path(scratch), generation / "texts.parquet", tables[0])
        return time.perf_counter() - started


def _older_generation(root: Path, out: Path) -> Path:
    """``root`` as published before the arrays existed (hard links: no copy of the tables)."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(root, out, copy_function=os.link, ignore=shutil.ignore_patterns(INDEX_DIR, "*.lock"))
    manifest = store.read_manifest(out)
    manifest.pop("indexes", None)
    store.write_atomic(out / store.MANIFEST, json.dumps(manifest).encode("utf-8"))  # a new file, not the link
    return out


def _kernels(root: Path, states: Path, *, lib: str | None, count: int) -> tuple[tuple[float, float], list[dict]]:
    """Start ``count`` kernels on ``root`` at once, wait until each has answered every state, then
    read their memory while all are alive: (sum of PSS MB, sum of RSS MB), their reports."""
    env = dict(os.environ)
    if lib:
        env["PYTHONPATH"] = os.pathsep.join([lib, env.get("PYTHONPATH", "")])
    children = [subprocess.Popen([sys.executable, str(KERNEL), str(root), str(states)], cwd=KERNEL.parent, env=env,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(count)]
    try:
        reports = [json.loads(child.stdout.readline()) for child in children]
        memory = [_smaps(child.pid) for child in children]
    finally:
        for child in children:
            child.stdin.close()
            child.wait(timeout=60)
    return (sum(m[0] for m in memory), sum(m[1] for m in memory)), reports


def _smaps(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of a process in MB, from /proc/PID/smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii").splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    return fields["Pss"] / 1024, fields["Rss"] / 1024
