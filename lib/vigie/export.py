"""Exports: how users take vigie's results to R, Gephi or a spreadsheet.

Read side only (store in, records out).  The JSONL contract is one object per
article; CSV gives the same content as flat tables.  Every CSV cell that a
spreadsheet would run as a formula is neutralised, and every export can be
accompanied by the method card (corpus hash, model, registry, lexicon) that
lets someone else reproduce it.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from vigie.query.holdings import article_actors, article_themes
from vigie.store import StoreData

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
METHOD_KEYS = (
    "corpus",
    "corpus_hash",
    "model",
    "model_version",
    "spacy_version",
    "registry_sha256",
    "lexicon_sha256",
    "sources_sha256",
    "vigie_version",
    "published",
)


PROPOSED_THEMES = "thèmes proposés automatiquement"


def themes_proposed(manifest: dict) -> bool:
    """Whether the corpus's themes were discovered at ingest rather than written by someone."""
    return ((manifest.get("config") or {}).get("lexicon") or {}).get("origin") == "proposed"


def method_card(data: StoreData, *, filter_description: str = "tout le corpus") -> dict:
    """The facts that let someone reproduce an export: corpus, model, rules and filter."""
    card = {key: data.manifest.get(key) for key in METHOD_KEYS}
    card["themes"] = PROPOSED_THEMES if themes_proposed(data.manifest) else "lexique fourni"
    card["filter"] = filter_description
    return card


def article_records(data: StoreData, ids: pd.Index | None = None) -> Iterator[dict]:
    """One JSON-ready dict per article, with its canonical actors and assigned themes."""
    chosen = np.ones(len(data.articles), dtype=bool) if ids is None else data.articles["id"].isin(ids).to_numpy()
    articles = data.articles[chosen]
    positions = np.flatnonzero(chosen)
    actors = _article_actors(data, positions)  # both from vigie.query.holdings, as the article table
    themes = _article_themes(data, positions)
    for row in articles.itertuples(index=False):
        yield {
            "id": row.id,
            "path": row.path,
            "row": None if pd.isna(row.row) else int(row.row),
            "title": row.title,
            "date": None if pd.isna(row.date) else row.date.isoformat(),
            "date_precision": _none_if_na(row.date_precision),
            "date_source": _none_if_na(row.date_source),
            "source": row.source,
            "url": row.url,
            "n_words": int(row.n_words),
            "story": row.story,
            "n_copies": int(row.n_copies),
            "actors": actors.get(row.id, []),
            "themes": themes.get(row.id, []),
        }


def _none_if_na(value):
    return None if pd.isna(value) else value


def _article_actors(data: StoreData, positions: np.ndarray) -> dict[str, list[dict]]:
    """Each article's actors, most mentioned first (then by name)."""
    return _per_article(data, article_actors(data, positions),
                        {"name": str, "type": str, "mentions": int, "registered": bool})


def _article_themes(data: StoreData, positions: np.ndarray) -> dict[str, list[dict]]:
    """Each article's assigned themes, highest score first (then most hits, then id): the first is its main theme."""
    return _per_article(data, article_themes(data, positions).rename(columns={"theme_id": "id"}),
                        {"id": str, "label": str, "hits": int, "score": float})


def _per_article(data: StoreData, frame: pd.DataFrame, fields: dict) -> dict[str, list[dict]]:
    """``frame``'s rows (one per article and item, in order) as JSON-ready dicts, grouped by article id."""
    out: dict[str, list[dict]] = {}
    columns = [frame[name].tolist() for name in fields]
    for article, *values in zip(data.articles["id"].array.take(frame["position"].to_numpy()), *columns,
                                strict=True):
        out.setdefault(article, []).append({name: kind(v) for (name, kind), v in zip(fields.items(), values)})
    return out


def story_groups(data: StoreData) -> pd.DataFrame:
    """Stories told by more than one article: members, outlets and dates, largest first."""
    copies = data.articles[data.articles["n_copies"] > 1]
    groups = copies.sort_values(["story", "date", "id"], na_position="last").groupby("story", sort=False).agg(
        n_copies=("id", "size"),
        members=("id", list),
        sources=("source", lambda s: sorted({str(v) for v in s if isinstance(v, str) and v})),
        first=("date", "first"),
    )
    return groups.reset_index().sort_values(["n_copies", "story"], ascending=[False, True], ignore_index=True)


def jsonl_lines(data: StoreData, ids: pd.Index | None = None) -> Iterator[str]:
    for record in article_records(data, ids):
        yield json.dumps(record, ensure_ascii=False)


def flat_tables(data: StoreData, ids: pd.Index | None = None) -> dict[str, pd.DataFrame]:
    """The JSONL content as three flat tables: articles, article_actors, article_themes."""
    records = list(article_records(data, ids))
    articles = pd.DataFrame(
        [{k: v for k, v in r.items() if k not in ("actors", "themes")} for r in records],
        columns=[
            "id", "path", "row", "title", "date", "date_precision", "date_source", "source", "url", "n_words",
            "story", "n_copies",
        ],
    )
    article_actors = pd.DataFrame(
        [{"article_id": r["id"], **a} for r in records for a in r["actors"]],
        columns=["article_id", "name", "type", "mentions", "registered"],
    )
    article_themes = pd.DataFrame(
        [{"article_id": r["id"], **t} for r in records for t in r["themes"]],
        columns=["article_id", "id", "label", "hits", "score"],
    )
    return {"articles": articles, "article_actors": article_actors, "article_themes": article_themes}


def safe_cell(value):
    """Neutralise a cell a spreadsheet would run as a formula (=, +, -, @ at its start)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame) -> str:
    """CSV text of a frame with every formula-like cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if v is None or (not isinstance(v, str) and pd.isna(v)) else safe_cell(v) for v in row])
    return buffer.getvalue()


def write_csv_export(data: StoreData, out: Path, ids: pd.Index | None = None, *, filter_description: str = "tout le corpus") -> list[Path]:
    """Write the flat tables and the method card into ``out``; returns the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in flat_tables(data, ids).items():
        path = out / f"{name}.csv"
        path.write_text(to_safe_csv(frame), encoding="utf-8")
        written.append(path)
    card = out / "method.json"
    card.write_text(json.dumps(method_card(data, filter_description=filter_description), ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(card)
    return written
