"""Free-text search from an index built at publish: each word of the titles and texts → the articles holding it.

Why: the filter's free text used to read every text of the store (Arrow, batch
by batch): about a second per 10,000 articles, paid again by every kernel for
every new word.  The index is written once inside the store generation and
memory-mapped, like :mod:`vigie.indexes`:

- ``words.arrow``: the lower-cased words, sorted, one Arrow string column
  (mapped without a copy, scanned by Arrow's substring kernel);
- ``postings.npy`` and ``postings_ptr.npy``: for word ``i``, the positions
  (rows of ``articles``) of the articles holding it, ``postings[ptr[i]:ptr[i+1]]``.

A word is a longest run of letters, digits and ``_`` (``[\\p{L}\\p{N}_]+``), in
lower case.  What a search finds:

- a needle made of such characters only (``Macron``, ``régul``, ``2019``) is
  answered from the index alone, with the same articles as before: such a
  needle occurs in a text (or title) exactly when it is part of one of its
  words, so the articles are the postings of every word containing it
  (``régul`` finds ``régulation`` and ``dérégulé``, as the old substring search
  did).  Case is compared in lower case, where the old search compared
  Unicode case-insensitively: the same for French text;
- a needle holding other characters (``l'État``, ``Jean-Luc``, ``Emmanuel
  Macron``) is still looked for as one substring in every text (the old
  search, :meth:`vigie.store.StoreData.ids_of_texts_containing`), unless
  the index shows that one of its words is absent from every article: then
  nothing is read.

An ingest that changed no title or text (a registry or lexicon edit) does not
build the index again: :func:`link` puts the published generation's files in
the new one as hard links (3.6 s of the publish at 10,000 articles was this
index and the arrays, the index the larger part).  The files are never
written again once published, so a link shared by two generations is safe.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

#: What separates words: anything but letters, digits and "_" (RE2 syntax, Arrow's regex engine).
SEPARATORS = r"[^\p{L}\p{N}_]+"
WORDS, POSTINGS, POINTERS = "words.arrow", "postings.npy", "postings_ptr.npy"
_BATCH = 4096


def words_of(strings: pa.Array) -> pa.ListArray:
    """Each string's words, lower-cased (empty strings where a separator starts or ends it)."""
    return pc.split_pattern_regex(pc.utf8_lower(strings), SEPARATORS)


def write(folder: Path, texts: Path, articles: pd.DataFrame) -> None:
    """Index the titles of ``articles`` and the texts of the Parquet file ``texts`` into ``folder``.

    Texts are read batch by batch; only (word, article) pairs stay in memory,
    as integers: about 8 bytes per distinct word of each article, rewritten in place
    (at 1,000,000 articles, 250 million pairs: 2 GB each, and a first version holding
    five such arrays at once needed over 10 GB).
    """
    positions = pd.Index(articles["id"])
    n = max(len(articles), 1)
    vocabulary: dict[str, int] = {}
    pairs = [_pairs(pa.array(articles["title"].astype(object).where(articles["title"].notna(), ""), pa.string()),
                    np.arange(len(articles)), vocabulary, n=n)]
    for batch in pq.ParquetFile(texts).iter_batches(batch_size=_BATCH, columns=["id", "text"]):
        at = positions.get_indexer(batch.column("id").to_pandas())
        pairs.append(_pairs(batch.column("text"), at, vocabulary, n=n))
    key = np.concatenate(pairs)
    del pairs
    listed = np.array(list(vocabulary), dtype=object)
    order = np.argsort(listed.astype(str)) if len(listed) else np.empty(0, np.int64)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    article = (key % n).astype(np.int32)
    key //= n
    key[:] = rank[key]
    key *= n
    key += article
    del article
    key = _sorted_unique(key)  # sorted by word, then article; one entry per pair
    np.save(folder / POSTINGS, (key % n).astype(np.int32), allow_pickle=False)
    key //= n
    counts = np.bincount(key, minlength=len(order))
    del key
    np.save(folder / POINTERS, np.concatenate([[0], np.cumsum(counts)]).astype(np.int64), allow_pickle=False)
    table = pa.table({"word": pa.array(listed[order].tolist(), pa.large_string())})
    with ipc.new_file(folder / WORDS, table.schema) as writer:
        writer.write_table(table)


def link(source: Path, folder: Path) -> bool:
    """Put the index held in ``source`` (a published generation's, of the same titles and texts) in
    ``folder``: hard links, or copies where the file system refuses them.

    False, with nothing put in ``folder``, when ``source`` lacks one of the files: the caller
    then writes the index (never over a link: ``np.save`` would truncate the published file).
    """
    names = (WORDS, POSTINGS, POINTERS)
    if not all((source / name).is_file() for name in names):
        return False
    for name in names:
        try:
            os.link(source / name, folder / name)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(source / name, folder / name)
    return True


def _pairs(strings: pa.Array, at: np.ndarray, vocabulary: dict[str, int], *, n: int) -> np.ndarray:
    """``word id * n + article position`` of each distinct word of each string, sorted; strings of
    unknown articles (position -1) left out; new words added to ``vocabulary``."""
    split = words_of(pc.fill_null(strings, ""))
    flat = pc.list_flatten(split)
    owner = at[pc.list_parent_indices(split).to_numpy()]
    kept = (owner >= 0) & pc.not_equal(flat, "").to_numpy(zero_copy_only=False)
    encoded = pc.dictionary_encode(flat.filter(pa.array(kept)))
    ids = np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for w in encoded.dictionary.to_pylist()),
                      dtype=np.int64, count=len(encoded.dictionary))
    return _sorted_unique(ids[encoded.indices.to_numpy(zero_copy_only=False)] * n + owner[kept])


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by a sort, in place (``values`` is sorted): numpy's hash-based ``unique`` took
    5.5 s for the 1M (word, article) pairs of 2,000 articles, this 0.1 s."""
    values.sort()  # in place: the caller's array is reordered
    if not len(values):
        return values
    first = np.empty(len(values), dtype=bool)
    first[0] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    return values[first]


class TextIndex:
    """The mapped index of one generation (see the module's docstring)."""

    def __init__(self, folder: Path, n_articles: int) -> None:
        self.words = ipc.open_file(pa.memory_map(str(folder / WORDS))).read_all().column("word")
        self.postings = np.load(folder / POSTINGS, mmap_mode="r")
        self.pointers = np.load(folder / POINTERS, mmap_mode="r")
        self.n_articles = n_articles

    def search(self, needle: str) -> np.ndarray | None:
        """A mask over the articles holding ``needle``, or None when only the texts can tell
        (a needle of several words, none of them absent)."""
        parts = [w for w in words_of(pa.array([needle])).to_pylist()[0] if w]
        if not parts:
            return None
        masks = [self._containing(part) for part in parts]
        if len(parts) == 1 and parts[0] == pc.utf8_lower(pa.array([needle])).to_pylist()[0]:
            return masks[0]
        return np.zeros(self.n_articles, dtype=bool) if not np.logical_and.reduce(masks).any() else None

    def _containing(self, part: str) -> np.ndarray:
        """The articles holding a word that contains ``part``."""
        which = np.flatnonzero(pc.match_substring(self.words, part).to_numpy(zero_copy_only=False))
        starts, ends = self.pointers[which], self.pointers[which + 1]
        lengths = ends - starts
        # Every posting of those words, gathered without a Python loop: run k covers starts[k]..ends[k].
        at = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths) + np.repeat(starts, lengths)
        mask = np.zeros(self.n_articles, dtype=bool)
        mask[self.postings[at]] = True
        return mask
