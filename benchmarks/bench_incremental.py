"""Target 2: an ingest does only the work that changed.

- Unchanged corpus: a full ingest of the ``plan.articles`` corpus (timed once,
  in this run: it is the denominator), then re-ingests of the same corpus
  (median).  The full ingest also becomes the store the interactive
  benchmarks tile.
- Ten new files: a hard-linked copy of the corpus plus ten articles of another
  synthetic corpus, ingested into a copy of the full store; the summary says
  how many articles were extracted.
- Registry edit: the actor the sample corpus mentions most that the registry
  lacks is added to a copy of the packaged registry; the re-ingest is timed
  against a full ingest of the same (smaller) corpus.  Re-resolving without
  re-running the model needs the model's output cached; the ingest summary
  counts every re-resolved article as analysed, so whether spaCy ran again
  shows in the time: without the cache the re-ingest costs a full one.
"""
from __future__ import annotations

import json
import shutil
import statistics
from collections import Counter
from importlib.resources import files
from pathlib import Path

from corpora import base_store_path, build_store, synthetic, truth, working_copy
from harness import Result
from plan import Plan
from vigie import store
from vigie.ingest import ingest, local_processes
from vigie.nlp import load_registry

UNCHANGED_TARGET = 0.05
ADDED = 10
REGISTRY_TARGET = 0.20


def run(plan: Plan) -> list[Result]:
    corpus = synthetic(plan.articles, seed=plan.seed, data=plan.data)
    full = build_store(corpus, base_store_path(plan), workers=plan.build_workers)
    workers = f"{full.workers} Dask workers" if full.workers else f"local ingest, {local_processes()} processes"
    scale = f"{full.articles} articles, full ingest {full.seconds:.0f} s ({workers}, measured once in this run)"
    again = [ingest(corpus, store_dir=full.store) for _ in range(plan.repeat)]
    ratio = statistics.median(s.seconds for s in again) / full.seconds
    redone = max(s.extracted for s in again)
    rows = [Result(
        "incremental: re-ingest of an unchanged corpus", f"< {UNCHANGED_TARGET:.0%} of full ingest",
        100 * ratio, "% of full ingest", ratio < UNCHANGED_TARGET and redone == 0,
        f"{statistics.median(s.seconds for s in again):.1f} s, median of {plan.repeat}; "
        f"{redone} article(s) re-extracted; {scale}",
    )]
    rows.append(_added_files(plan, corpus, full.store, full_seconds=full.seconds))
    rows.append(_registry_edit(plan))
    return rows


def _added_files(plan: Plan, corpus: Path, full_store: Path, *, full_seconds: float) -> Result:
    work = plan.data / "scratch" / "incremental"
    copy = working_copy(corpus, work / "corpus")
    extra = synthetic(ADDED, seed=plan.seed + 1, data=plan.data)
    for path in sorted(extra.rglob("*.txt")):
        target = copy / "ajouts" / path.relative_to(extra)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    summaries = []
    for _ in range(plan.repeat):
        shutil.rmtree(work / "store", ignore_errors=True)
        shutil.copytree(full_store, work / "store")
        summaries.append(ingest(copy, store_dir=work / "store"))
    seconds = statistics.median(s.seconds for s in summaries)
    extracted = Counter(s.extracted for s in summaries).most_common(1)[0][0]
    return Result(
        f"incremental: {ADDED} files added to the corpus", f"only those {ADDED} extracted", extracted,
        "articles extracted", all(s.extracted == ADDED for s in summaries),
        f"{seconds:.1f} s ({100 * seconds / full_seconds:.1f} % of full ingest), median of {plan.repeat}; "
        f"{summaries[0].unchanged} unchanged",
    )


def _registry_edit(plan: Plan) -> Result:
    corpus = synthetic(plan.sample, seed=plan.seed, data=plan.data)
    work = plan.data / "scratch" / "registry"
    name, type_ = _missing_actor(corpus)
    registry = _registry_with(work / "actors.yaml", name=name, type_=type_)
    full = build_store(corpus, work / "full", workers=None)
    summaries = []
    for _ in range(plan.repeat):
        shutil.rmtree(work / "store", ignore_errors=True)
        shutil.copytree(full.store, work / "store")
        summaries.append(ingest(corpus, store_dir=work / "store", registry=registry))
    seconds = statistics.median(s.seconds for s in summaries)
    ratio = seconds / full.seconds
    actors = store.read_table(work / "store", "actors")
    found = actors.loc[actors["registered"] & (actors["name"] == name), "n_mentions"].sum()
    return Result(
        "incremental: re-ingest after a registry edit", f"< {REGISTRY_TARGET:.0%} of full ingest (model not re-run)",
        100 * ratio, "% of full ingest", ratio < REGISTRY_TARGET,
        f"{seconds:.1f} s vs full {full.seconds:.1f} s (local ingest, {local_processes()} processes), "
        f"{full.articles} articles, "
        f"median of {plan.repeat}; added {name!r} ({type_}), now {found} registered mention(s)",
    )


def _missing_actor(corpus: Path) -> tuple[str, str]:
    """The unregistered actor with most mentions in the corpus's truth: what a user would add first."""
    counts = Counter()
    for record in truth(corpus):
        for actor in record["actors"]:
            if not actor["registered"]:
                counts[actor["name"], actor["type"]] += actor["mentions"]
    return min(counts, key=lambda key: (-counts[key], key))


def _registry_with(out: Path, *, name: str, type_: str) -> Path:
    """A copy of the packaged registry with one more actor, checked by vigie's own loader."""
    out.parent.mkdir(parents=True, exist_ok=True)
    text = (files("vigie") / "data" / "actors.yaml").read_text(encoding="utf-8").rstrip("\n")
    out.write_text(f"{text}\n  - {{name: {json.dumps(name, ensure_ascii=False)}, type: {type_}}}\n", encoding="utf-8")
    load_registry(out)
    return out
