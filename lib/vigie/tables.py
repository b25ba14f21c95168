"""Records -> store frames: the one place that flattens nlp output into table rows.

Shared by the local ingest and the Dask workers, so that both produce exactly
the same rows.
"""
from __future__ import annotations

import dataclasses
import multiprocessing

import numpy as np
import pandas as pd

from vigie.nlp.lexicon import Lexicon
from vigie.nlp.themes import ThemeMatcher, theme_records_all
from vigie.store import SCHEMAS
from vigie.types import Article, Extraction


def extraction_frames(
    articles: list[Article], extracted: list[tuple[Extraction, bytes]], *, fingerprint: str, model_key: str
) -> dict[str, pd.DataFrame]:
    """Flatten records into one frame per table (plus the actors' identities seen).

    ``extracted`` pairs each article's extraction with its parse (the model's
    output), kept so that a later registry edit needs no model run.
    """
    extractions = [extraction for extraction, _ in extracted]
    articles_rows = [
        {
            **{f.name: getattr(a, f.name) for f in dataclasses.fields(Article) if f.name != "text"},
            "n_words": len(a.text.split()),
            "fingerprint": fingerprint,
        }
        for a in articles
    ]
    mentions = [m for e in extractions for m in e.mentions]
    return {
        "articles": pd.DataFrame(articles_rows, columns=SCHEMAS["articles"].names),
        "texts": pd.DataFrame({"id": [a.id for a in articles], "text": [a.text for a in articles]}),
        "parses": pd.DataFrame(
            {
                "article_id": [a.id for a in articles],
                "content_hash": [a.content_hash for a in articles],
                "model_key": model_key,
                "parse": [data for _, data in extracted],
            },
            columns=SCHEMAS["parses"].names,
        ),
        "sentences": records_frame([s for e in extractions for s in e.sentences], "sentences"),
        "mentions": records_frame(mentions, "mentions"),
        "theme_hits": records_frame([h for e in extractions for h in e.theme_hits], "theme_hits"),
        "article_themes": records_frame([t for e in extractions for t in e.themes], "article_themes"),
        "actor_info": pd.DataFrame(
            [(m.actor_id, m.actor_name, m.actor_type, m.registered) for m in mentions],
            columns=["id", "name", "type", "registered"],
        ),
    }


def records_frame(records: list, name: str) -> pd.DataFrame:
    columns = SCHEMAS[name].names
    return pd.DataFrame([[getattr(r, c) for c in columns] for r in records], columns=columns)


#: Below this many articles, re-assigning themes in one process costs less than forking.
FORK_FROM = 2000
#: The matcher forked workers use (set just before they are forked, so they inherit it).
_MATCHER: ThemeMatcher | None = None


def theme_frames(
    texts: pd.DataFrame, sentences: pd.DataFrame, lexicon: Lexicon, *, processes: int = 1
) -> dict[str, pd.DataFrame]:
    """``theme_hits`` and ``article_themes`` of stored articles under ``lexicon``, without the model or the actors.

    ``texts`` holds (id, text), ``sentences`` the stored sentences of the same
    articles: the rows are those a full extraction gives (same function,
    :func:`vigie.nlp.themes.theme_records_all`), which is what lets a lexicon
    edit skip actor resolution.  Many articles are matched at once (numpy
    cuts their words; see :class:`vigie.nlp.themes.ThemeMatcher`): on 10,000
    synthetic articles this whole function took 3.4 to 3.8 s of CPU in one
    process, against 6.5 s matching article by article (load average 7 to 10).
    From ``FORK_FROM`` articles on it is shared among ``processes`` forked
    workers, each a contiguous run of articles: the same rows, in the same order.
    """
    global _MATCHER
    ordered = sentences.sort_values(["article_id", "index"], kind="stable")
    ids = ordered["article_id"].to_numpy()
    starts = ordered["start"].to_numpy().tolist()
    first: dict[str, tuple[int, int]] = {}
    if len(ids):
        change = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1], True])
        first = {ids[a]: (a, b) for a, b in zip(change[:-1], change[1:], strict=True)}
    work = [(article_id, text, starts[slice(*first.get(article_id, (0, 0)))])
            for article_id, text in zip(texts["id"], texts["text"], strict=True)]
    _MATCHER = ThemeMatcher(lexicon)
    try:
        if processes > 1 and len(work) >= FORK_FROM and "fork" in multiprocessing.get_all_start_methods():
            size = -(-len(work) // processes)
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                parts = pool.map(_theme_chunk, [work[i : i + size] for i in range(0, len(work), size)])
        else:
            parts = [_theme_chunk(work)]
    finally:
        _MATCHER = None
    return {name: pd.concat([part[name] for part in parts], ignore_index=True) for name in ("theme_hits", "article_themes")}


def _theme_chunk(work: list[tuple[str, str, list[int]]]) -> dict[str, pd.DataFrame]:
    assert _MATCHER is not None, "theme_frames sets the matcher before matching"
    hits: list = []
    themes: list = []
    for article_hits, article_themes in theme_records_all(work, _MATCHER):
        hits += article_hits
        themes += article_themes
    return {"theme_hits": records_frame(hits, "theme_hits"), "article_themes": records_frame(themes, "article_themes")}
