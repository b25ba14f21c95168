"""The tables every kernel holds in full (``articles``, ``inputs``), as Arrow files every kernel maps.

Why: the index arrays (:mod:`vigie.indexes`) left these two tables as what
grows with the store in each kernel.  Read from Parquet, each kernel decodes
its own copy: about 500 bytes per article, 0.5 GB per viewer at 1,000,000
articles, ten viewers 5 GB.  At publish they are also written uncompressed
as Arrow IPC files (text columns as ``large_string``, the layout pandas'
``str`` columns use) inside the generation's ``index/`` folder; a kernel maps
them, and ``to_pandas`` builds its frames over the mapped buffers without a
copy, so every viewer reads the same pages of the operating system's cache.
Only what pandas must own is per kernel: categorical codes, and the dates as
``datetime.date`` objects (one per distinct date).

A generation published before these files existed is read from Parquet as before.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

#: The tables mapped, each in ``index/<name>.arrow``.
MAPPED = ("articles", "inputs")


def write(folder: Path, generation: Path) -> None:
    """Copy the Parquet tables of :data:`MAPPED` in ``generation`` to Arrow files in ``folder``.

    Each as one record batch: pandas' ``take`` on a column of several chunks joins them first,
    so picking the 200 rows of the article table cost 17 ms at 1,000,000 articles in 16
    chunks, 1 ms in one.
    """
    for name in MAPPED:
        table = pq.read_table(generation / f"{name}.parquet")
        table = table.cast(_widened(table.schema)).combine_chunks()
        with ipc.new_file(folder / f"{name}.arrow", table.schema) as writer:
            writer.write_table(table)


def read(folder: Path, name: str) -> pd.DataFrame | None:
    """The mapped table ``name`` as a DataFrame over the mapped buffers, or None if ``folder`` has none."""
    path = folder / f"{name}.arrow"
    if not path.exists():
        return None
    return ipc.open_file(pa.memory_map(str(path))).read_all().to_pandas()


def _widened(schema: pa.Schema) -> pa.Schema:
    """``string`` columns as ``large_string``: pandas' ``str`` columns are ``large_string``, and a
    cast at ``to_pandas`` would copy every text into the kernel's own memory."""
    return pa.schema([field.with_type(pa.large_string()) if field.type == pa.string() else field
                      for field in schema])
