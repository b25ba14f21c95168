"""The data the benchmarks run on: synthetic corpora, a real store, and that store tiled.

Everything lands under ``benchmarks/data/`` (git-ignored) and is reused by the
next run when present, keyed by size and seed: writing 100,000 articles or
extracting 10,000 costs minutes that a second run should not pay again.  A
folder appears only when complete (written beside it, then renamed), so an
interrupted run never leaves a half corpus that a later one would trust.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from plan import Plan
from vigie import store
from vigie.ingest import ingest
from vigie.synth import TRUTH_FILE, write_synthetic_corpus

BUILD_FILE = "build.json"
TILED_FILE = "tiled.json"
#: What the dashboard reads: the tables loaded into memory, and the texts (text search, reader).
READ_TABLES = (*store.MEMORY_TABLES, "texts")
#: Columns holding an article id (or a path) in the tables whose rows belong to an article.
_ID_COLUMNS = ("id", "article_id", "story", "path")


def synthetic(n: int, *, seed: int, data: Path) -> Path:
    """A synthetic corpus of ``n`` articles (``vigie.synth``), written once and reused."""
    out = data / f"synth-{n}-s{seed}"
    if (out / TRUTH_FILE).exists():
        return out
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    write_synthetic_corpus(n, partial, seed=seed, progress=True)
    partial.rename(out)
    return out


def truth(corpus: Path) -> list[dict]:
    """The synthetic corpus's ground truth, one record per article."""
    return [json.loads(line) for line in (corpus / TRUTH_FILE).read_text(encoding="utf-8").splitlines()]


def working_copy(corpus: Path, out: Path) -> Path:
    """A copy of a corpus whose files are hard links: free, and adding files leaves the original alone."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(corpus, out, copy_function=os.link)
    return out


@dataclass(frozen=True)
class Build:
    """A store and what building it cost: the denominator of the incremental ratios."""

    store: Path
    seconds: float
    articles: int
    words: int
    workers: int | None
    date: str


def build_store(corpus: Path, out: Path, *, workers: int | None, scheduler: str | None = None) -> Build:
    """A full ingest of ``corpus`` into an empty ``out`` (locally, on ``workers`` new Dask
    workers or on a running ``scheduler``), timed, with its cost saved beside it."""
    shutil.rmtree(out, ignore_errors=True)
    summary = ingest(corpus, store_dir=out, workers=workers, scheduler=scheduler)
    words = int(store.read_table(out, "articles")["n_words"].sum())
    build = Build(out, summary.seconds, summary.articles, words, workers,
                  dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    record = {k: v for k, v in build.__dict__.items() if k != "store"}
    (out / BUILD_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return build


def read_build(root: Path) -> Build | None:
    """The last build of ``root``, unless vigie's store format changed since (then it must be rebuilt)."""
    path = root / BUILD_FILE
    if not path.exists() or not _current(root):
        return None
    return Build(store=root, **json.loads(path.read_text(encoding="utf-8")))


def _current(root: Path) -> bool:
    manifest = store.read_manifest(root)
    return manifest is not None and manifest.get("format") == store.FORMAT_VERSION


def base_store_path(plan: Plan) -> Path:
    return plan.data / f"store-{plan.articles}-s{plan.seed}"


def base_store(plan: Plan) -> Build:
    """The real store of the ``plan.articles`` corpus: the last one built, else a new full ingest."""
    return read_build(base_store_path(plan)) or build_store(
        synthetic(plan.articles, seed=plan.seed, data=plan.data), base_store_path(plan), workers=plan.build_workers
    )


def tiled_store(plan: Plan) -> Path:
    """The base store repeated ``plan.tile`` times: the interactive benchmarks' large store.

    Extracting 100,000 articles takes hours on two cores, so the real
    10,000-article store is copied: copy ``k`` gets ids and paths prefixed
    ``t<k>/`` (story ids too: each copy keeps its own stories, although its
    texts repeat another copy's), dates moved ``k`` weeks later (weekdays keep
    their rhythm) and each outlet renamed to the ``k``-th next one.  The
    ingest's own caches (the model's output, the story signatures) are left
    empty: the dashboard never reads them, and a tenfold copy of them would
    only cost disk and memory here.  Rebuilt when the base store
    was republished since.
    """
    base = base_store(plan)
    out = plan.data / f"tiled-{plan.articles}x{plan.tile}-s{plan.seed}"
    source = {"base": str(base.store), "built": base.date, "copies": plan.tile}
    if _current(out) and (out / TILED_FILE).exists():
        if json.loads((out / TILED_FILE).read_text(encoding="utf-8")) == source:
            return out
    shutil.rmtree(out, ignore_errors=True)
    tables = {name: store.read_table(base.store, name) if name in READ_TABLES else store.empty_tables()[name]
              for name in store.SCHEMAS}
    with store.locked(out):
        store.publish(out, tile(tables, copies=plan.tile),
                      {**store.read_manifest(base.store), "tiled_from": str(base.store), "copies": plan.tile})
    (out / TILED_FILE).write_text(json.dumps(source, indent=2) + "\n", encoding="utf-8")
    return out


def tile(tables: dict[str, pd.DataFrame], *, copies: int) -> dict[str, pd.DataFrame]:
    """``copies`` renamed copies of every article's rows (see :func:`tiled_store`); other tables kept.

    The actors' counts are multiplied, since each actor is mentioned by every copy.
    """
    sources = sorted(tables["articles"]["source"].dropna().unique())
    tiled = {}
    for name, frame in tables.items():
        if not _per_article(name, frame):
            tiled[name] = frame
            continue
        parts = []
        for k in range(copies):
            part = frame.copy()
            for column in _ID_COLUMNS:
                if column in part:
                    part[column] = f"t{k}/" + part[column].astype("string")
            if "date" in part:
                moved = pd.to_datetime(part["date"]) + pd.Timedelta(weeks=k)
                part["date"] = moved.dt.date.astype(object).where(moved.notna(), None)
            if "source" in part:
                rotate = {s: sources[(i + k) % len(sources)] for i, s in enumerate(sources)}
                part["source"] = part["source"].map(rotate).where(part["source"].notna(), part["source"])
            parts.append(part)
        tiled[name] = pd.concat(parts, ignore_index=True)
    actors = tiled["actors"].copy()
    actors[["n_mentions", "n_articles"]] *= copies
    tiled["actors"] = actors
    return tiled


def _per_article(name: str, frame: pd.DataFrame) -> bool:
    return "article_id" in frame or name in ("articles", "texts", "inputs")


#: The five sample articles shipped in the repository: what the dashboard's first-chart target names.
SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def sample_store(plan: Plan) -> Path:
    """A store of the sample corpus, built outside the repository's own corpus folder."""
    out = plan.data / "sample-store"
    if not _current(out):
        copy = plan.data / "scratch" / "sample-corpus"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(SAMPLE_CORPUS, copy, ignore=shutil.ignore_patterns(".vigie"))
        build_store(copy, out, workers=None)
    return out

