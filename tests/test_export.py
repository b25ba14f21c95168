"""The export contract: one JSON object per article, CSV as flat tables, safe cells."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from vigie import export, store
from vigie.cli import main


def test_safe_cell_neutralises_spreadsheet_formulas():
    assert export.safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert [export.safe_cell(v) for v in ("+33", "-1", "@SUM(A1)")] == ["'+33", "'-1", "'@SUM(A1)"]
    assert export.safe_cell("Facebook") == "Facebook"
    assert export.safe_cell(3) == 3


def test_csv_text_never_starts_a_cell_with_a_formula():
    frame = pd.DataFrame({"title": ["=1+1", "ok"], "n": [1, 2]})
    lines = export.to_safe_csv(frame).splitlines()
    assert lines == ["title,n", "'=1+1,1", "ok,2"]


@pytest.mark.slow
def test_jsonl_export_lists_the_five_articles_with_the_contract_fields(sample_corpus, sample_store, capsys):
    assert main(["export", str(sample_corpus), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    assert len(records) == 5
    for record in records:
        assert {"id", "path", "title", "date", "date_precision", "date_source", "source", "n_words", "actors", "themes", "story", "n_copies"} <= set(record)
        assert record["story"] == record["id"] and record["n_copies"] == 1  # no two samples are one story
        assert any(a["name"] == "Facebook" for a in record["actors"])
        assert all({"name", "type", "mentions"} <= set(a) for a in record["actors"])
        assert all({"id", "label", "hits"} <= set(t) for t in record["themes"])
    by_id = {r["id"]: r for r in records}
    assert by_id["000_49badabdbf4aac6b"]["date"].startswith("2020-12")
    assert by_id["001_5c8af984857ff0d6"]["date"].startswith("2019-05")
    assert by_id["000_49badabdbf4aac6b"]["path"] == "000_49badabdbf4aac6b.txt"


@pytest.mark.slow
def test_csv_export_writes_flat_tables_and_the_method_card(sample_store, tmp_path):
    data = store.load(sample_store)
    written = export.write_csv_export(data, tmp_path / "out")
    assert sorted(p.name for p in written) == ["article_actors.csv", "article_themes.csv", "articles.csv", "method.json"]
    actors = pd.read_csv(tmp_path / "out" / "article_actors.csv")
    assert set(actors["article_id"]) == set(data.articles["id"])
    card = json.loads((tmp_path / "out" / "method.json").read_text())
    assert card["model"] == "fr_core_news_sm" and len(card["corpus_hash"]) == 64


@pytest.mark.slow
def test_report_lists_every_input_as_jsonl(sample_corpus, sample_store, capsys):
    assert main(["report", str(sample_corpus), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["status"] for r in rows} <= {"ingested", "unchanged"}
    assert sorted(r["path"] for r in rows) == sorted(p.name for p in sample_corpus.glob("*.txt"))
    assert all(r["row"] is None for r in rows)


def test_commands_on_a_corpus_never_ingested_fail_with_a_message(tmp_path, capsys):
    assert main(["export", str(tmp_path)]) == 2
    assert "vigie ingest" in capsys.readouterr().err


@pytest.mark.slow
def test_the_article_table_and_the_export_name_the_same_actors_and_themes_in_the_same_order(sample_store):
    """One place (vigie.query.holdings) for both: most mentioned actors first, themes by score."""
    from vigie import query

    data = store.load(sample_store)
    records = {r["id"]: r for r in export.article_records(data)}
    rows = query.article_rows(data, query.Filter(), limit=None)
    assert len(rows) == len(records) == 5
    for row in rows.itertuples(index=False):
        record = records[row.id]
        assert row.actors.split(", ") == [a["name"] for a in record["actors"]][:5]
        assert row.themes.split(", ") == [t["label"] for t in record["themes"]]
        scores = [t["score"] for t in record["themes"]]
        assert scores == sorted(scores, reverse=True) and len(scores) >= 2
        mentions = [a["mentions"] for a in record["actors"]]
        assert mentions == sorted(mentions, reverse=True)
