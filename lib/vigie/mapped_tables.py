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
_BATCH = 65_536


def write(folder: Path, generation: Path) -> None:
    """Copy the Parquet tables of :data:`MAPPED` in ``generation`` to Arrow files in ``folder``, batch by batch."""
    for name in MAPPED:
        source = pq.ParquetFile(generation / f"{name}.parquet")
        schema = _widened(source.schema_arrow)
        with ipc.new_file(folder / f"{name}.arrow", schema) as writer:
            for batch in source.iter_batches(batch_size=_BATCH):
                writer.write_batch(batch.cast(schema))


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
