"""Target 1: vigie's extraction, in words per second, against the full default spaCy pipeline.

The baseline is what a user would write without vigie: ``spacy.load`` of
``fr_core_news_sm`` with every component, then ``nlp.pipe`` over the texts.
vigie is measured twice: its ``Extractor`` alone, as ingest drives it (one
process), and the whole ``ingest`` on two Dask workers (reading, extraction,
tables and publishing included) sent to a running cluster, as ``vigie ingest
--scheduler`` does: the baseline's model is loaded before it is timed, so the
workers' models are too (``clusters.py``).  The three run in turn within each
repetition on the same texts, so a busy neighbour slows all three alike; the
ratio is taken per repetition, then the median.  What a cold ``--workers 2``
costs on top (cluster start-up, a model load per worker) is a row of its own.
"""
from __future__ import annotations

import statistics

import spacy

from clusters import local_cluster
from corpora import build_store, synthetic
from harness import Result, timed
from plan import TARGET_WORKERS, Plan
from vigie.corpus import read_corpus
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
    for _ in full.pipe(texts[:_WARMUP_ARTICLES]):
        pass
    for _ in extractor.extract(articles[:_WARMUP_ARTICLES]):
        pass

    def drain(items) -> None:
        for _ in items:
            pass

    speeds: dict[str, list[float]] = {"full": [], "extractor": [], "ingest": []}
    scratch = plan.data / "scratch" / "extraction"
    cold = build_store(corpus, scratch, workers=TARGET_WORKERS)
    with local_cluster(TARGET_WORKERS) as cluster:
        build_store(corpus, scratch, workers=None, scheduler=cluster.address)  # each worker loads the model once
        for _ in range(plan.repeat):
            speeds["full"].append(words / timed(lambda: drain(full.pipe(texts)))[0])
            speeds["extractor"].append(words / timed(lambda: drain(extractor.extract(articles)))[0])
            built = build_store(corpus, scratch, workers=None, scheduler=cluster.address)
            speeds["ingest"].append(built.words / built.seconds)
    ratio = statistics.median(i / f for i, f in zip(speeds["ingest"], speeds["full"], strict=True))
    alone = statistics.median(e / f for e, f in zip(speeds["extractor"], speeds["full"], strict=True))
    wps = {name: statistics.median(values) for name, values in speeds.items()}
    sample = f"{len(articles)} synthetic articles, {words} words, median of {plan.repeat}"
    return [
        Result(
            f"extraction: ingest ({TARGET_WORKERS} Dask workers) ÷ full fr_core_news_sm nlp.pipe",
            f">= {TARGET_RATIO:g}", ratio, "× words/s", ratio >= TARGET_RATIO,
            f"{wps['ingest']:.0f} vs {wps['full']:.0f} words/s; whole ingest (read, extract, publish) on a running "
            f"cluster vs nlp.pipe alone, models loaded in both; {sample}",
        ),
        Result(
            f"extraction: cold ingest --workers {TARGET_WORKERS} (cluster start-up, model loads)", "—",
            cold.words / cold.seconds, "words/s", None,
            f"{cold.seconds:.1f} s for {cold.words} words, one run: start-up weighs on a sample this small",
        ),
        Result(
            "extraction: vigie Extractor (1 process) ÷ full pipeline", "—", alone, "× words/s", None,
            f"{wps['extractor']:.0f} vs {wps['full']:.0f} words/s; same texts, same process, interleaved",
        ),
        Result("extraction: full fr_core_news_sm nlp.pipe (baseline)", "—", wps["full"], "words/s", None,
               f"pipes {'+'.join(full.pipe_names)}; {sample}"),
    ]
