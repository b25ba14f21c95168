"""Targets 1 and 6 (speed): vigie's extraction in words per second, against the full default
spaCy pipeline, and the same ingest on 1..N Dask workers.

The baseline is what a user would write without vigie: ``spacy.load`` of
``fr_core_news_sm`` with every component, then ``nlp.pipe`` over the texts.
The target is measured on the plain ``vigie ingest`` (reading, extraction,
stories, tables and publishing into an empty store), which extracts in one
forked process per core by default; beside it, vigie's ``Extractor`` alone in
one process and in two, and whole ingests sent to running local Dask clusters
of each worker count, as ``vigie ingest --scheduler`` does (``clusters.py``).
The baseline's model is loaded before it is timed, so vigie's are too (the
ingests' forked processes share the model this process loaded; each Dask
worker's is loaded by a first, untimed ingest per cluster).  Within each repetition every
configuration runs once, in turn, on the same texts, so a busy neighbour slows
them alike; ratios are taken per repetition, then the median.  What a cold
``--workers 2`` costs on top (cluster start-up, a model load per worker) is
a row of its own.
"""
from __future__ import annotations

import contextlib
import statistics
from pathlib import Path

import spacy

from clusters import local_cluster
from corpora import Build, build_store, synthetic
from harness import Result, timed
from plan import TARGET_WORKERS, Plan
from vigie.corpus import read_corpus
from vigie.ingest import local_processes
from vigie.nlp import Extractor, load_lexicon, load_registry
from vigie.nlp.pipeline import DEFAULT_MODEL

TARGET_RATIO = 2.0
_WARMUP_ARTICLES = 10


def run(plan: Plan) -> list[Result]:
    corpus = synthetic(plan.sample, seed=plan.seed, data=plan.data)
    articles = read_corpus(corpus).articles
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    full = spacy.load(DEFAULT_MODEL)
    extractor = Extractor(registry=load_registry(), lexicon=load_lexicon())  # what ingest builds by default
    _drain(full.pipe(texts[:_WARMUP_ARTICLES]))
    _drain(extractor.extract(articles[:_WARMUP_ARTICLES]))
    processes = local_processes()
    counts = sorted({*plan.workers, TARGET_WORKERS})
    cold = build_store(corpus, plan.data / "scratch" / "extraction-cold", workers=TARGET_WORKERS)
    speeds: dict[str | int, list[float]] = {
        "full": [], "extractor": [], "extractor-2": [], "ingest": [], **{n: [] for n in counts}
    }
    with contextlib.ExitStack() as stack:
        clusters = {n: stack.enter_context(local_cluster(n)) for n in counts}
        first = {n: _ingest(corpus, n, cluster.address, plan) for n, cluster in clusters.items()}  # model loads
        for _ in range(plan.repeat):
            speeds["full"].append(words / timed(lambda: _drain(full.pipe(texts)))[0])
            speeds["extractor"].append(words / timed(lambda: _drain(extractor.extract(articles)))[0])
            speeds["extractor-2"].append(words / timed(lambda: _drain(extractor.extract(articles, n_process=2)))[0])
            built = build_store(corpus, plan.data / "scratch" / "extraction-local", workers=None)
            speeds["ingest"].append(built.words / built.seconds)
            for n, cluster in clusters.items():
                built = _ingest(corpus, n, cluster.address, plan)
                speeds[n].append(built.words / built.seconds)
    wps = {key: statistics.median(values) for key, values in speeds.items()}
    ratio = _median_ratio(speeds["ingest"], speeds["full"])
    sample = f"{len(articles)} synthetic articles, {words} words, median of {plan.repeat}"
    rows = [
        Result(
            f"extraction: vigie ingest (default: {processes} local processes) ÷ full fr_core_news_sm nlp.pipe",
            f">= {TARGET_RATIO:g}", ratio, "× words/s", ratio >= TARGET_RATIO,
            f"{wps['ingest']:.0f} vs {wps['full']:.0f} words/s; whole ingest into an empty store (read, extract, "
            f"stories, publish) vs nlp.pipe alone, models loaded in both; {sample}",
        ),
        Result(
            "extraction: vigie Extractor (1 process) ÷ full pipeline", "—",
            _median_ratio(speeds["extractor"], speeds["full"]), "× words/s", None,
            f"{wps['extractor']:.0f} vs {wps['full']:.0f} words/s; same texts, same process, interleaved",
        ),
        Result(
            "extraction: vigie Extractor (2 processes) ÷ full pipeline", "—",
            _median_ratio(speeds["extractor-2"], speeds["full"]), "× words/s", None,
            f"{wps['extractor-2']:.0f} vs {wps['full']:.0f} words/s; extract(n_process=2), same texts, interleaved",
        ),
        Result("extraction: full fr_core_news_sm nlp.pipe (baseline)", "—", wps["full"], "words/s", None,
               f"pipes {'+'.join(full.pipe_names)}; {sample}"),
        Result(
            f"extraction: cold ingest --workers {TARGET_WORKERS} (Dask cluster start-up, model loads)", "—",
            cold.words / cold.seconds, "words/s", None,
            f"{cold.seconds:.1f} s for {cold.words} words, one run: start-up weighs on a sample this small",
        ),
    ]
    for n, cluster in clusters.items():
        rows.append(Result(
            f"dask: ingest words/s, {n} worker(s)", "—", wps[n], "words/s", None,
            f"×{_median_ratio(speeds[n], speeds[counts[0]]):.2f} vs {counts[0]} worker(s); {sample}, on a running "
            f"cluster (start-up {cluster.start_up:.1f} s; first ingest, with model loads, "
            f"{first[n].words / first[n].seconds:.0f} words/s)",
        ))
    return rows


def _ingest(corpus: Path, workers: int, address: str, plan: Plan) -> Build:
    return build_store(corpus, plan.data / "scratch" / f"dask-{workers}", workers=None, scheduler=address)


def _median_ratio(numerators: list[float], denominators: list[float]) -> float:
    """The median of per-repetition ratios: both sides of each were measured side by side."""
    return statistics.median(a / b for a, b in zip(numerators, denominators, strict=True))


def _drain(items) -> None:
    for _ in items:
        pass
