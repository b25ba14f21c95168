"""What ingest reuses from the published generation: its tables, its articles, its model output.

An ingest does only the work that changed (:mod:`vigie.ingest`); these
functions say what did not.  An article is reused when its content hash and
the extractor's fingerprint are those stored (:func:`reusable_ids`), or when
only the registry changed and the article names none of the names the edit
changed (:func:`registry_unaffected`), unless it holds a term added to or
removed from the lexicon (:func:`topic_affected`).  An article to re-extract
keeps the model's stored output when its input and model are unchanged
(:func:`cached_parses`).  Before any of that, a file whose bytes and metadata
row hash as the stored article's is not decoded or cleaned again
(:func:`read_before`), and a publish that changed no title or text links the
published text index instead of building it (:func:`same_texts`).
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vigie import store
from vigie.corpus.read import READER_VERSION
from vigie.nlp import Extractor
from vigie.nlp.text import fold_all
from vigie.types import Article


def previous_tables(root: Path) -> dict[str, pd.DataFrame]:
    """The published tables, or empty ones for a first ingest (or an unreadable old format)."""
    manifest = store.read_manifest(root)
    if manifest is None or manifest.get("format") != store.FORMAT_VERSION:
        return store.empty_tables()
    return {name: store.read_table(root, name) for name in store.SCHEMAS}


def read_before(before: dict | None, previous: dict[str, pd.DataFrame]) -> dict[str, tuple[Article, str]]:
    """The stored articles of single-document files, as :func:`vigie.corpus.read_corpus` may reuse them.

    Only from a store whose articles were read by this reader (``reader_version``);
    ``source`` is the name the input gave (``edition``), as the reader returns it
    before :func:`vigie.ingest.group_sources`.
    """
    if (before or {}).get("reader_version") != READER_VERSION:
        return {}
    inputs = previous["inputs"]
    inputs = inputs[inputs["row"].isna() & inputs["status"].isin(["ingested", "unchanged"])]
    notes = dict(zip(inputs["id"], inputs["reason"].fillna(""), strict=True))
    texts = previous["texts"].set_index("id")["text"]
    articles = previous["articles"]
    articles = articles[articles["row"].isna() & among(articles["id"], notes.keys() & set(texts.index))]
    columns = {
        name: articles[name].astype(object).where(articles[name].notna(), None).tolist()  # NaN, NA: None
        for name in ("id", "path", "title", "date", "date_precision", "date_source", "url", "content_hash",
                     "subtitle", "authors", "section", "time", "edition", "variables")
    }
    columns.update(row=[None] * len(articles), text=texts.reindex(articles["id"]).tolist(), source=columns["edition"])
    fields = [f.name for f in dataclasses.fields(Article)]
    return {
        values[0]: (Article(*values), notes[values[0]]) for values in zip(*(columns[name] for name in fields), strict=True)
    }


def reusable_ids(previous: pd.DataFrame, articles: Iterable[Article], fingerprint: str | None) -> set[str]:
    """Articles whose input and extractor are both unchanged since the last publish (the input only: None)."""
    if fingerprint is None:
        known = dict(zip(previous["id"], previous["content_hash"], strict=True))
        return {a.id for a in articles if known.get(a.id) == a.content_hash}
    known = dict(zip(previous["id"], previous["content_hash"] + "|" + previous["fingerprint"], strict=True))
    return {a.id for a in articles if known.get(a.id) == f"{a.content_hash}|{fingerprint}"}


def registry_unaffected(
    before: dict | None, previous: pd.DataFrame, articles: list[Article], extractor: Extractor
) -> set[str]:
    """Unchanged articles stored under another registry that contain none of the names it changed.

    Their actors resolve as before (:meth:`vigie.nlp.registry.Registry.changed_names`),
    so after a merge of two actors only the articles naming one of them are
    re-resolved, not the whole corpus.  Needs the registry recorded at the
    last ingest; a store without it re-resolves every article, as before.
    """
    recorded = (before or {}).get("registry")
    if not recorded or before.get("registry_sha256") == extractor.registry.sha256:
        return set()
    stored = reusable_ids(previous, articles, extractor.fingerprint_with(before["registry_sha256"]))
    candidates = [a for a in articles if a.id in stored]
    return stored - containing(candidates, extractor.registry.changed_names(recorded))


def topic_affected(before: dict | None, extractor: Extractor, articles: list[Article]) -> set[str]:
    """Articles holding a term added to or removed from the lexicon: their actors may change."""
    old = set((before or {}).get("topics") or ())
    changed = old ^ {" ".join(key) for key in extractor.topics}
    return containing(articles, {tuple(key.split()) for key in changed})


def containing(articles: list[Article], keys: set[tuple[str, ...]]) -> set[str]:
    """Articles whose folded text holds one of ``keys`` (folded words), words apart by anything but letters."""
    if not keys or not articles:
        return set()
    pattern = re.compile("|".join(r"[\W_]+".join(map(re.escape, key)) for key in sorted(keys) if key))
    return {a.id for a, folded in zip(articles, fold_all([a.text for a in articles]), strict=True) if pattern.search(folded)}


def cached_parses(parses: pd.DataFrame, fresh: list[Article], model_key: str) -> dict[str, bytes]:
    """Stored model output still valid for an article to re-extract: same input, same model."""
    valid = parses[parses["model_key"] == model_key]
    known = dict(zip(valid["article_id"], valid["content_hash"], strict=True))
    wanted = {a.id for a in fresh if known.get(a.id) == a.content_hash}
    valid = valid[among(valid["article_id"], wanted)]
    return dict(zip(valid["article_id"], valid["parse"], strict=True))


def same_texts(previous: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame]) -> bool:
    """Whether the new tables hold the published articles' ids, titles and texts, in the same order:
    then the published text index serves the new generation (:func:`vigie.store.publish`)."""
    return all(
        previous[name][column].equals(tables[name][column])
        for name, columns in (("articles", ("id", "title")), ("texts", ("id", "text")))
        for column in columns
    ) and len(tables["articles"]) > 0


def among(ids: pd.Series, wanted: Iterable[str] | pa.Array) -> np.ndarray:
    """``ids.isin(wanted)`` for a column of article ids, by Arrow: pandas' own makes an Arrow
    scalar of each wanted id at every call (0.6 s of CPU per ingest at 10,000 articles)."""
    wanted = wanted if isinstance(wanted, pa.Array) else pa.array(sorted(wanted), pa.string())
    found = pc.is_in(pa.array(ids, pa.string()), value_set=wanted)
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)
