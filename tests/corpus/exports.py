"""Shared helpers for the database export tests: the real excerpts and what each article must hold."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from vigie.corpus.clean import normalise
from vigie.types import Article

DATA = Path(__file__).resolve().parent / "data"
EXCERPTS: list[dict] = yaml.safe_load((DATA / "press" / "articles.yaml").read_text(encoding="utf-8"))["articles"]


def by_rank(articles: tuple[Article, ...], path: str) -> list[Article]:
    """The articles read from one export file, in their rank order."""
    found = sorted((a for a in articles if a.path == path), key=lambda article: article.row or 0)
    assert [article.row for article in found] == list(range(1, len(found) + 1))
    return found


def check_against_sources(found: list[Article], expected: list[dict], *, fields: tuple[str, ...] = ()) -> None:
    """Outlet, day, title and word count of every article as the sources give them, plus ``fields``."""
    assert len(found) == len(expected)
    for article, source in zip(found, expected, strict=True):
        where = source["id"]
        assert article.source == source["outlet"], where
        assert article.date == dt.date.fromisoformat(str(source["date"])), where
        assert article.date_precision == "day" and article.date_source == "metadata", where
        assert article.title == normalise(source["title"]), where
        assert len(article.text.split()) == len(source["text"].split()), where
        for name in fields:
            assert getattr(article, name) == normalise(source.get(name.replace("authors", "author"), "")), (where, name)
