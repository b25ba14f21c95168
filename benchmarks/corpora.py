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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from plan import Plan
from vigie import store
from vigie.indexes import INDEX_FORMAT
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

    The copies are streamed into the new generation as Arrow tables (:func:`tile`), a few
    copies at a time: at 1,000,000 articles the tiled tables held at once in pandas
    would need tens of GB.
    """
    base = base_store(plan)
    out = plan.data / f"tiled-{plan.articles}x{plan.tile}-s{plan.seed}"
    source = {"base": str(base.store), "built": base.date, "copies": plan.tile}
    # Its index arrays of an earlier layout are rebuilt too: every kernel would otherwise build what they lack.
    if _current(out) and (out / TILED_FILE).exists() and store.read_manifest(out).get("indexes") == INDEX_FORMAT:
        if json.loads((out / TILED_FILE).read_text(encoding="utf-8")) == source:
            return out
    shutil.rmtree(out, ignore_errors=True)
    generation = base.store / store.read_manifest(base.store)["generation"]
    tables = {name: pq.read_table(generation / f"{name}.parquet") if name in READ_TABLES else
              store.SCHEMAS[name].empty_table() for name in store.SCHEMAS}
    with store.locked(out):
        store.publish(out, tile(tables, copies=plan.tile),
                      {**store.read_manifest(base.store), "tiled_from": str(base.store), "copies": plan.tile})
    (out / TILED_FILE).write_text(json.dumps(source, indent=2) + "\n", encoding="utf-8")
    return out


#: Rows of one tiled table written at a time (several copies per Parquet row group).
_PART_ROWS = 1_000_000


def tile(tables: dict[str, pa.Table], *, copies: int) -> dict[str, pa.Table | Iterator[pa.Table]]:
    """``copies`` renamed copies of every article's rows (see :func:`tiled_store`); other tables kept.

    Each per-article table comes back as a generator of Arrow tables (a few copies each), which
    :func:`vigie.store.publish` writes one after the other: only one part is ever in memory.
    The actors' counts are multiplied, since each actor is mentioned by every copy.
    """
    sources = sorted(set(tables["articles"].column("source").drop_null().to_pylist()))
    tiled: dict[str, pa.Table | Iterator[pa.Table]] = {}
    for name, table in tables.items():
        tiled[name] = _copies(table, copies, sources) if _per_article(name, table) else table
    actors = tables["actors"]
    for column in ("n_mentions", "n_articles"):
        at = actors.schema.get_field_index(column)
        actors = actors.set_column(at, column, pc.multiply(actors.column(column), copies))
    tiled["actors"] = actors
    return tiled


def _copies(table: pa.Table, copies: int, sources: list[str]) -> Iterator[pa.Table]:
    per_part = max(1, _PART_ROWS // max(table.num_rows, 1))
    for first in range(0, copies, per_part):
        yield pa.concat_tables([_copy(table, k, sources) for k in range(first, min(first + per_part, copies))])


def _copy(table: pa.Table, k: int, sources: list[str]) -> pa.Table:
    """Copy ``k`` of one table's rows: ids prefixed, dates moved ``k`` weeks, outlets rotated."""
    columns = {}
    for name in table.column_names:
        column = table.column(name)
        if name in _ID_COLUMNS:
            column = pc.binary_join_element_wise(f"t{k}/", column.cast(pa.string()), "")
        elif name == "date":
            column = pc.add(column.cast(pa.int32()), pa.scalar(7 * k, pa.int32())).cast(pa.date32())
        elif name == "source":
            rotated = pa.array([sources[(i + k) % len(sources)] for i in range(len(sources))], pa.string())
            column = rotated.take(pc.index_in(column, value_set=pa.array(sources, pa.string())))
        columns[name] = column
    return pa.table(columns, schema=table.schema)


def _per_article(name: str, table: pa.Table) -> bool:
    return "article_id" in table.column_names or name in ("articles", "texts", "inputs")


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

