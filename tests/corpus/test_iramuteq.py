"""Iramuteq corpora in: one article per ``****`` line, variables as metadata (real debate excerpts)."""
import datetime as dt
import json
from pathlib import Path

import pytest

from vigie.corpus import read_corpus
from vigie.corpus.exports import split_export
from vigie.corpus.exports.iramuteq import date_value, detect, parse_variables

DATA = Path(__file__).parent / "data" / "iramuteq" / "debats_haine_en_ligne.txt"


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    root = tmp_path_factory.mktemp("iramuteq")
    (root / "debats.txt").write_bytes(DATA.read_bytes())
    return read_corpus(root)


def _articles(read):
    return {article.row: article for article in read.articles}


def test_each_starred_line_opens_one_article_and_the_empty_one_is_reported(read):
    assert sorted(_articles(read)) == [1, 2, 3]
    refused = [report for report in read.reports if report.status != "ingested"]
    assert [(r.row, r.status) for r in refused] == [(4, "rejected")]
    assert "iramuteq" in refused[0].reason and "empty" in refused[0].reason
    assert {r.id for r in read.reports if r.status == "ingested"} == {"debats#1", "debats#2", "debats#3"}


def test_source_and_date_come_from_their_variables(read):
    articles = _articles(read)
    assert articles[1].source == "senat fr" and articles[1].date == dt.date(2020, 2, 26)
    assert articles[1].date_precision == "day" and articles[1].date_source == "metadata"
    assert articles[2].date == dt.date(2020, 11, 19)  # *date_20201119
    assert articles[3].source == "nosdeputes"  # *journal_…
    assert (articles[3].date, articles[3].date_precision) == (dt.date(2019, 7, 1), "month")  # *annee_ + *mois_


def test_other_variables_and_thematic_lines_are_kept_as_json(read):
    articles = _articles(read)
    assert json.loads(articles[1].variables) == {"orateur": "jourda", "groupe": "lr", "thematiques": "desaccord"}
    assert json.loads(articles[3].variables) == {"orateur": "gouvernement"}


def test_the_text_loses_its_markup_and_keeps_its_words(read):
    text = _articles(read)[1].text
    assert "-*desaccord" not in text and "****" not in text
    assert text.startswith("Nous sommes évidemment d'accord")  # apostrophes normalised by clean_text
    assert "Christophe-André Frassa" in text


def test_an_iramuteq_file_in_cp1252_reads_the_same(tmp_path, read):
    (tmp_path / "debats.txt").write_bytes(DATA.read_text(encoding="utf-8").replace("’", "'").encode("cp1252"))
    again = _articles(read_corpus(tmp_path))
    assert again[2].text == _articles(read)[2].text
    assert again[2].date == dt.date(2020, 11, 19)


@pytest.mark.parametrize(
    "head, expected",
    [
        (b"**** *a_1\ntexte", True),
        (b"\n\n  **** *a_1\ntexte", True),
        ("**** *a_1\ntexte".encode("utf-16"), True),
        (b"\xef\xbb\xbf**** *a_1\ntexte", True),
        (b"Un texte\n**** *a_1\n", False),  # the stars must open the file
        (b"*****\ntexte", False),  # five stars are not a header
        (b"* liste markdown\n", False),
    ],
)
def test_detection_reads_the_content_not_the_name(head, expected):
    assert detect(head) is expected


def test_a_plain_text_file_is_not_an_export():
    assert split_export("Un article ordinaire.\n\n**** *a_1 ne l'ouvre pas".encode()) is None


def test_variables_split_at_the_first_underscore_and_repeats_add_up():
    assert parse_variables("**** *source_le_monde *Date_2020_05_15 *flag ** *acteur_macron *acteur_facebook") == {
        "source": "le_monde", "date": "2020_05_15", "flag": "", "acteur": "macron facebook"
    }


@pytest.mark.parametrize(
    "value, expected",
    [("2020_05_15", "2020-05-15"), ("20200515", "2020-05-15"), ("2020-05", "2020-05"), ("15-05-2020", "15-05-2020")],
)
def test_starred_dates_become_dates_parse_date_reads(value, expected):
    assert date_value(value) == expected
