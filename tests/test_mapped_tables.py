"""The articles and inputs every kernel maps from Arrow copies (vigie.mapped_tables): the same frames
as read from Parquet, over the mapped file's pages rather than a copy of their own."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from dashboard.handmade_store import build_store
from older_store import older_generation
from vigie import mapped_tables, store
from vigie.indexes import INDEX_DIR


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("mapped") / "store")


@pytest.mark.parametrize("name", mapped_tables.MAPPED)
def test_a_mapped_table_equals_the_table_read_from_parquet(root, tmp_path, name):
    mapped = store.load(root)
    read = store.load(older_generation(root, tmp_path / "old"))  # no index folder: read from Parquet
    assert (mapped._generation / INDEX_DIR / f"{name}.arrow").exists()
    assert not (read._generation / INDEX_DIR).exists()
    pd.testing.assert_frame_equal(getattr(mapped, name), getattr(read, name))
    assert len(getattr(mapped, name)) > 0


def test_the_text_columns_are_views_of_the_mapped_file(root):
    data = store.load(root)
    path = str(data._generation / INDEX_DIR / "articles.arrow")
    spans = [tuple(int(a, 16) for a in line.split()[0].split("-"))
             for line in Path("/proc/self/maps").read_text().splitlines() if line.endswith(path)]
    assert spans  # the file is mapped into this process
    for column in ("id", "title", "path", "content_hash"):
        chunks = data.articles[column].array.__arrow_array__().chunks
        assert len(chunks) == 1 and chunks[0].type == pa.large_string()  # one chunk: take never joins chunks
        for buffer in (b for chunk in chunks for b in chunk.buffers()[1:] if b is not None):  # offsets, characters
            assert any(start <= buffer.address < end for start, end in spans), column


def test_a_kernel_keeps_its_mapped_articles_after_the_next_ingest_removed_them(root, tmp_path):
    own = store.load(build_store(tmp_path / "store"))
    titles = list(own.articles["title"])
    tables = {name: store.read_table(own.root, name) for name in store.SCHEMAS}
    with store.locked(own.root):
        store.publish(own.root, tables, {"corpus": "again"})
    assert not own._generation.exists()
    assert list(own.articles["title"]) == titles
