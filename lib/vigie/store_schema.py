"""The store's tables: their columns, Arrow types and how a reader holds them.

Why apart from :mod:`vigie.store`: the schemas are what every writer and
reader agrees on (ingest, publish, exports, the older-store tests), while
:mod:`vigie.store` is about publishing and loading generations.

Tables (one row each):
  articles       id, path, row, title, date, date_precision, date_source, source, url,
                 subtitle, authors, section, time, edition, variables, n_words, content_hash, fingerprint, story, n_copies
  texts          id, text  (read only by the reader and the concordance, on demand)
  sentences      article_id, index, start, end
  mentions       article_id, sentence, start, end, surface, actor_id
  actors         id, name, type, registered, n_mentions, n_articles
  theme_hits     article_id, theme_id, term, sentence, start, end
  article_themes article_id, theme_id, hits, score, assigned
  themes         id, label
  inputs         path, row, status, reason, id   (the report of every input)
  parses         article_id, content_hash, model_key, parse  (the spaCy model's output, so
                 a registry or lexicon edit re-resolves actors without running the model)
  story_index    article_id, date, signature, story, n_copies  (MinHash signatures, so
                 a new article is compared with the store without re-reading texts)
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("id", pa.string()),
            ("path", pa.string()),
            ("row", pa.int64()),
            ("title", pa.string()),
            ("date", pa.date32()),
            ("date_precision", pa.string()),
            ("date_source", pa.string()),
            ("source", pa.string()),
            ("url", pa.string()),
            ("subtitle", pa.string()),
            ("authors", pa.string()),
            ("section", pa.string()),
            ("time", pa.string()),
            ("edition", pa.string()),
            ("variables", pa.string()),
            ("n_words", pa.int32()),
            ("content_hash", pa.string()),
            ("fingerprint", pa.string()),
            ("story", pa.string()),
            ("n_copies", pa.int32()),
        ]
    ),
    "texts": pa.schema([("id", pa.string()), ("text", pa.large_string())]),
    "sentences": pa.schema(
        [("article_id", pa.string()), ("index", pa.int32()), ("start", pa.int32()), ("end", pa.int32())]
    ),
    "mentions": pa.schema(
        [
            ("article_id", pa.string()),
            ("sentence", pa.int32()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("surface", pa.string()),
            ("actor_id", pa.string()),
        ]
    ),
    "actors": pa.schema(
        [
            ("id", pa.string()),
            ("name", pa.string()),
            ("type", pa.string()),
            ("registered", pa.bool_()),
            ("n_mentions", pa.int64()),
            ("n_articles", pa.int64()),
        ]
    ),
    "theme_hits": pa.schema(
        [
            ("article_id", pa.string()),
            ("theme_id", pa.string()),
            ("term", pa.string()),
            ("sentence", pa.int32()),
            ("start", pa.int32()),
            ("end", pa.int32()),
        ]
    ),
    "article_themes": pa.schema(
        [
            ("article_id", pa.string()),
            ("theme_id", pa.string()),
            ("hits", pa.int32()),
            ("score", pa.float64()),
            ("assigned", pa.bool_()),
        ]
    ),
    "themes": pa.schema([("id", pa.string()), ("label", pa.string())]),
    "parses": pa.schema(
        [
            ("article_id", pa.string()),
            ("content_hash", pa.string()),
            ("model_key", pa.string()),
            ("parse", pa.binary()),
        ]
    ),
    "story_index": pa.schema(
        [
            ("article_id", pa.string()),
            ("date", pa.date32()),
            ("signature", pa.binary()),
            ("story", pa.string()),
            ("n_copies", pa.int32()),
        ]
    ),
    "inputs": pa.schema(
        [
            ("path", pa.string()),
            ("row", pa.int64()),
            ("status", pa.string()),
            ("reason", pa.string()),
            ("id", pa.string()),
        ]
    ),
}

#: Tables a reader loads into memory; texts, parses and story signatures stay on disk.
MEMORY_TABLES = tuple(name for name in SCHEMAS if name not in ("texts", "parses", "story_index"))
#: Of those, the ones read on first use only: one row per mention, sentence or theme, they are
#: what a kernel held most of, and the arrays of :mod:`vigie.indexes` answer the dashboard's
#: questions without them (exports and old generations still read them).
LAZY_TABLES = ("sentences", "mentions", "theme_hits", "article_themes")

#: Columns kept as pandas categoricals: repeated strings cost one code each.
CATEGORICAL = {
    "articles": ("date_precision", "date_source", "source"),
    "mentions": ("actor_id",),
    "actors": ("type",),
    "theme_hits": ("theme_id", "term"),
    "article_themes": ("theme_id",),
    "inputs": ("status",),
}


def empty_tables() -> dict[str, pd.DataFrame]:
    """Every table with its columns and no rows: the starting point of a first ingest."""
    return {name: schema.empty_table().to_pandas() for name, schema in SCHEMAS.items()}
