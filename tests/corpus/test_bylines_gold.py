"""Publication dates on 28 real article openings (``tests/gold/bylines.yaml``): none wrong, none missed.

Read with the real reader, no extraction: this is the date half of
``vigie evaluate tests/gold/bylines.yaml``, fast enough for every run.
"""
from pathlib import Path

import pytest

from vigie.corpus import read_corpus
from vigie.evaluate import load_gold

GOLD = load_gold(Path(__file__).parents[1] / "gold" / "bylines.yaml")


@pytest.fixture(scope="module")
def articles():
    return {article.id: article for article in read_corpus(GOLD.corpus).articles}


def _written(article) -> str | None:
    if article.date is None:
        return None
    return article.date.isoformat()[: {"year": 4, "month": 7}.get(article.date_precision, 10)]


def test_the_gold_holds_dated_and_undated_openings():
    dated = [g for g in GOLD.articles if g.date]
    assert len(GOLD.articles) >= 25 and len(dated) >= 15 and len(GOLD.articles) - len(dated) >= 5


@pytest.mark.parametrize("gold", GOLD.articles, ids=lambda g: g.id)
def test_each_opening_gets_the_date_its_byline_states_or_none(articles, gold):
    article = articles[gold.id]
    assert _written(article) == gold.date
    assert article.time == (gold.time or "")
    if gold.date:
        assert article.date_source == "dateline"
