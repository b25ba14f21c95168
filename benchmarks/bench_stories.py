"""Target 5: story grouping, its pairwise precision and recall, and what it adds to ingest.

Grouping runs on real synthetic corpora of both sizes (not the tiled store,
whose ten copies of every text would all be one story): texts as ingest reads
them (``read_corpus``), signed (``story_signatures``, the part ingest can run
in its workers) and grouped (``StoryIndex.update`` from an empty index): what
a first ingest pays.  Then ten new articles are signed and grouped against the
full index: what an incremental ingest pays.
The truth is the story ``vigie.synth`` wrote each article for.
"""
from __future__ import annotations

import statistics
from pathlib import Path

from corpora import base_store_path, read_build, synthetic, truth
from harness import Result, timed
from plan import Plan
from vigie.corpus import read_corpus
from vigie.stories import StoryIndex, pairwise_scores, story_signatures

TARGET = 0.95
ADDED = 10
SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def run(plan: Plan) -> list[Result]:
    build = read_build(base_store_path(plan))
    rows = [_sample_corpus()]
    for n in (plan.articles, plan.tiled_articles):
        rows += _grouping(plan, n, full_ingest=build.seconds * n / plan.articles if build else None,
                          extrapolated=n != plan.articles)
    return rows


def _grouping(plan: Plan, n: int, *, full_ingest: float | None, extrapolated: bool) -> list[Result]:
    corpus = synthetic(n, seed=plan.seed, data=plan.data)
    articles = read_corpus(corpus).articles
    repeat = plan.repeat if n == plan.articles else 1  # a single pass at the large size: minutes each
    runs = [_group(articles, StoryIndex()) for _ in range(repeat)]
    signing, grouping = (statistics.median(r[i] for r in runs) for i in (0, 1))
    seconds, index = signing + grouping, runs[0][2]
    predicted = dict(zip(index.frame["article_id"], index.frame["story"], strict=True))
    precision, recall = pairwise_scores(predicted, {r["id"]: r["story"] for r in truth(corpus)})
    extra = read_corpus(synthetic(ADDED, seed=plan.seed + 1, data=plan.data)).articles
    added = sum(_group(extra, index, prefix="ajouts/")[:2])
    groups = index.frame.groupby("story").size()
    size = f"{len(articles)} articles, {int((groups > 1).sum())} stories with copies"
    share = ""
    if full_ingest:
        share = (f"; {100 * seconds / full_ingest:.1f} % of "
                 + ("the full ingest × size (extrapolated)" if extrapolated else "the full ingest") + " of this run")
    return [
        Result(f"stories: pairwise precision, {n} articles", f">= {TARGET}", precision, "", precision >= TARGET, size),
        Result(f"stories: pairwise recall, {n} articles", f">= {TARGET}", recall, "", recall >= TARGET, size),
        Result(f"stories: grouping time, {n} articles (first ingest)", "—", seconds, "s", None,
               f"signing {signing:.1f} s + grouping {grouping:.1f} s, {1000 * seconds / len(articles):.2f} ms/article"
               f"{share}; median of {repeat}"),
        Result(f"stories: {ADDED} new articles against {n} stored", "—", added, "s", None,
               "signing and grouping, what an incremental ingest adds; one run"),
    ]


def _group(articles, index: StoryIndex, *, prefix: str = "") -> tuple[float, float, StoryIndex]:
    """Seconds to sign ``articles``, seconds to group them into ``index`` (keeping it all), the new index."""
    signing, signatures = timed(lambda: story_signatures((prefix + a.id, a.text) for a in articles))
    dates = {prefix + a.id: a.date for a in articles}
    grouping, updated = timed(lambda: index.update(signatures, dates=dates, keep=index.frame["article_id"]))
    return signing, grouping, updated


def _sample_corpus() -> Result:
    """The five sample articles share a topic, actors and an event, but none copies another."""
    articles = read_corpus(SAMPLE_CORPUS).articles
    index = _group(articles, StoryIndex())[2]
    grouped = int((index.frame["n_copies"] > 1).sum())
    return Result("stories: sample corpus articles put in a group", "0", grouped, "articles", grouped == 0,
                  f"{len(articles)} sample articles")
