"""The store: Parquet tables for one corpus, published atomically through a manifest.

Why this shape:
- Columnar files load in well under a second at 100,000 articles and keep the
  dashboard free of spaCy: opening it never re-runs extraction.
- Every ingest writes a complete new *generation* folder (``gen-<n>/``), checks
  each file, then replaces ``manifest.json`` (which names the generation) with
  ``os.replace``.  A crash at any moment leaves the previous manifest pointing
  at a complete previous generation; readers never see a half-written table.
- A lock file keeps two ingests of one store from mixing their writes.
- Each generation also holds ``index/``: what every dashboard kernel needs
  from the tables (:mod:`vigie.index_build`, :mod:`vigie.text_index`), built
  once by :func:`publish` before the manifest names the generation, and
  memory-mapped by :func:`load`; the tables with one row per mention,
  sentence or theme are then read only when asked for, and the articles and
  inputs are mapped from Arrow copies (:mod:`vigie.mapped_tables`).

The tables, their columns and types: :mod:`vigie.store_schema`.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from vigie import indexes as index_files
from vigie import mapped_tables, text_index
from vigie.index_build import build_arrays, story_defaults
from vigie.indexes import Indexes
from vigie.store_schema import CATEGORICAL, LAZY_TABLES, MEMORY_TABLES, SCHEMAS, empty_tables  # noqa: F401 - store.X

MANIFEST = "manifest.json"
LOCK = "ingest.lock"
FORMAT_VERSION = 4

class StoreError(RuntimeError):
    """The store is missing, unreadable or busy; the message says what to do."""


class StoreBusy(StoreError):
    """Another ingest holds the store's lock."""


class _LazyTable:
    """A table of :data:`LAZY_TABLES` as an attribute of :class:`StoreData`, read on first use and then
    kept on the instance (which then answers without this descriptor)."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, data, owner=None) -> pd.DataFrame:
        if data is None:
            return self
        frame = data.__dict__[self.name] = _read_table(data._generation, self.name)
        return frame


@dataclass(frozen=True)
class StoreData:
    """One published generation of a store, loaded for reading."""

    root: Path
    manifest: dict
    articles: pd.DataFrame
    actors: pd.DataFrame
    themes: pd.DataFrame
    inputs: pd.DataFrame
    _generation: Path = field(repr=False, default=Path())

    @cached_property
    def indexes(self) -> Indexes:
        """The codes, matrices and orders every question asks of this store, and the answers
        remembered per filter; built on first use, and dropped with the store."""
        return Indexes(self)

    sentences = _LazyTable()
    mentions = _LazyTable()
    theme_hits = _LazyTable()
    article_themes = _LazyTable()

    def rows_of_article(self, name: str, article_id: str, columns: list[str]) -> pd.DataFrame:
        """The rows of one article in a per-article table, in table order, read from disk
        (or from the table if this store already holds it)."""
        if name in self.__dict__:
            frame = self.__dict__[name]
            return frame.loc[frame["article_id"] == article_id, columns]
        return pq.read_table(self._generation / f"{name}.parquet", columns=columns,
                             filters=[("article_id", "==", article_id)]).to_pandas()

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        """Read the cleaned texts of some articles, leaving the others on disk."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        table = pq.read_table(self._generation / "texts.parquet", filters=[("id", "in", wanted)])
        return dict(zip(table.column("id").to_pylist(), table.column("text").to_pylist(), strict=True))

    def ids_of_texts_containing(self, needle: str) -> set[str]:
        """Ids of the articles whose text contains ``needle``, in any case.

        Why not ``texts()`` and a pandas search: at 100,000 articles holding every
        text at once tripled the kernel's memory for one search; read batch by
        batch, matched by Arrow, only the ids found stay in memory.
        """
        found: set[str] = set()
        texts = pq.ParquetFile(self._generation / "texts.parquet")
        for batch in texts.iter_batches(batch_size=4096, columns=["id", "text"]):
            hits = pc.fill_null(pc.match_substring(batch.column("text"), needle, ignore_case=True), False)
            found.update(pc.filter(batch.column("id"), hits).to_pylist())
        return found


def default_store(corpus: Path) -> Path:
    """Where a corpus keeps its store: a hidden folder the corpus reader never walks."""
    return Path(corpus) / ".vigie"


def read_manifest(root: Path) -> dict | None:
    """The published manifest, or None when nothing was ever published here."""
    path = Path(root) / MANIFEST
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def load(root: Path) -> StoreData:
    """Load the published generation of a store (everything but the texts)."""
    root = Path(root)
    manifest = read_manifest(root)
    if manifest is None:
        raise StoreError(f"Aucun index dans {root} : lancez d'abord `vigie ingest` sur le corpus.")
    if manifest.get("format") != FORMAT_VERSION:
        raise StoreError(f"Index au format {manifest.get('format')} dans {root} : relancez `vigie ingest`.")
    generation = root / manifest["generation"]
    frames = {name: _loaded_table(generation, name) for name in MEMORY_TABLES if name not in LAZY_TABLES}
    frames["articles"] = story_defaults(frames["articles"])
    data = StoreData(root=root, manifest=manifest, _generation=generation, **frames)
    # Mapped now, while the generation is there: a mapping outlives the files that the next
    # ingest removes, so a kernel open on this generation keeps answering from it.
    data.indexes  # noqa: B018
    return data


def _read_table(generation: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One table as a reader holds it (categoricals of :data:`CATEGORICAL`); with ``columns``, only
    those, and the article ids of a per-article table as a categorical (dictionary codes)."""
    keyed = ["article_id"] if columns and "article_id" in columns else None
    return _categoricals(pq.read_table(generation / f"{name}.parquet", columns=columns,
                                       read_dictionary=keyed).to_pandas(), name)


def _loaded_table(generation: Path, name: str) -> pd.DataFrame:
    """A table :func:`load` holds: mapped from its Arrow copy where publish wrote one (:mod:`vigie.mapped_tables`)."""
    mapped = mapped_tables.read(generation / index_files.INDEX_DIR, name) if name in mapped_tables.MAPPED else None
    return _read_table(generation, name) if mapped is None else _categoricals(mapped, name)


def _categoricals(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    for column in CATEGORICAL.get(name, ()):
        if column in frame:
            frame[column] = frame[column].astype("category")
    return frame


#: What :func:`vigie.index_build.build_arrays` and :func:`vigie.text_index.write` read of each table.
#: At 1,000,000 articles the whole tables, one article-id string per mention and sentence row,
#: needed about 13 GB at publish; these columns, ids as codes, a few GB.
INDEXED_COLUMNS = {
    "articles": ["id", "title", "date", "date_precision", "story", "n_copies"],
    "mentions": ["article_id", "sentence", "start", "end", "actor_id"],
    "sentences": ["article_id"],
    "article_themes": ["article_id", "theme_id", "hits", "score", "assigned"],
}


def indexed_tables(generation: Path) -> list[pd.DataFrame]:
    """The tables the index arrays are built from, in :func:`build_arrays`' order (:data:`INDEXED_COLUMNS`)."""
    return [_read_table(generation, name, columns) for name, columns in INDEXED_COLUMNS.items()]


def read_table(root: Path, name: str) -> pd.DataFrame:
    """One table of the published generation, as stored (texts included)."""
    manifest = read_manifest(Path(root))
    if manifest is None:
        raise StoreError(f"Aucun index dans {root}.")
    return pq.read_table(Path(root) / manifest["generation"] / f"{name}.parquet").to_pandas()


@contextlib.contextmanager
def locked(root: Path, *, wait: bool = False) -> Iterator[None]:
    """Hold the store's ingest lock; a second ingest stops (or waits) instead of mixing writes."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as exc:
            raise StoreBusy(
                f"Un autre `vigie ingest` travaille déjà sur {root} ; attendez qu'il finisse "
                "(ou relancez avec --wait)."
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(
    root: Path, tables: Mapping[str, pd.DataFrame | pa.Table | Iterable[pa.Table]], manifest: dict, *,
    same_texts: bool = False,
) -> Path:
    """Write a complete new generation, check it, then point the manifest at it.

    The caller must hold :func:`locked`.  Old generations are removed only after
    the new manifest is in place, so a crash leaves either the old or the new
    store complete, never a mix.  A table is a DataFrame, an Arrow table, or Arrow
    tables written one after the other (a store too large to hold at once, streamed).
    ``same_texts``: the articles (ids, titles) and texts are those of the published
    generation, whose text index is linked (:func:`vigie.text_index.link`) instead of built again.
    """
    root = Path(root)
    missing = set(SCHEMAS) - set(tables)
    if missing:
        raise ValueError(f"tables missing from publish: {sorted(missing)}")
    previous = read_manifest(root)
    number = int(previous["generation"].split("-")[1]) + 1 if previous else 1
    generation = root / f"gen-{number:06d}"
    if generation.exists():  # left by a crash before its manifest was published
        shutil.rmtree(generation)
    generation.mkdir(parents=True)
    rows = {name: _write_checked(generation / f"{name}.parquet", tables[name], schema)
            for name, schema in SCHEMAS.items()}
    # What every kernel would otherwise build for itself, built once from the tables as read back.
    indexed = indexed_tables(generation)
    folder = generation / index_files.INDEX_DIR
    index_files.write_arrays(folder, *build_arrays(*indexed))
    mapped_tables.write(folder, generation)
    (folder / index_files.TEXT_DIR).mkdir()
    same_texts = same_texts and previous is not None and previous.get("indexes") == index_files.INDEX_FORMAT
    published = root / previous["generation"] / index_files.INDEX_DIR if same_texts else None
    if not (published and text_index.link(published / index_files.TEXT_DIR, folder / index_files.TEXT_DIR)):
        text_index.write(folder / index_files.TEXT_DIR, generation / "texts.parquet", indexed[0])
    index_files.sync(folder)
    _fsync_dir(generation)
    manifest = {
        **manifest,
        "format": FORMAT_VERSION,
        "indexes": index_files.INDEX_FORMAT,
        "generation": generation.name,
        "published": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "rows": rows,
    }
    write_atomic(root / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    for stale in root.glob("gen-*"):
        if stale != generation:
            shutil.rmtree(stale, ignore_errors=True)
    for orphan in root.glob(f".{MANIFEST}.*"):  # temporary files of killed ingests (we hold the lock)
        orphan.unlink(missing_ok=True)
    return generation


def _write_checked(path: Path, table: pd.DataFrame | pa.Table | Iterable[pa.Table], schema: pa.Schema) -> int:
    """Write one Parquet file through a temporary sibling, re-read it, then rename; its row count."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table[schema.names], schema=schema, preserve_index=False)
    parts = (part.select(schema.names).cast(schema) for part in ([table] if isinstance(table, pa.Table) else table))
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
        tmp = Path(handle.name)
    try:
        written = 0
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            for part in parts:
                writer.write_table(part)
                written += part.num_rows
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        if pq.read_metadata(tmp).num_rows != written:
            raise StoreError(f"{path.name}: la relecture ne trouve pas toutes les lignes écrites.")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return written


def write_atomic(path: Path, data: bytes) -> None:
    """Replace a file in one step: readers see the old bytes or the new, never a part."""
    path = Path(path)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        tmp = Path(handle.name)
    try:
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
