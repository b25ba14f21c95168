"""Factiva exports: HTML with and without indexing, in French and English, RTF with indexing."""
from __future__ import annotations

import shutil

import pytest

from .exports import DATA, EXCERPTS, by_rank, check_against_sources
from vigie.corpus import read_corpus
from vigie.corpus.exports import factiva, split_export

FACTIVA = DATA / "factiva"


@pytest.fixture(scope="module")
def factiva_read():
    return read_corpus(FACTIVA)


def test_french_html_export_gives_every_article_with_its_fields(factiva_read):
    found = by_rank(factiva_read.articles, "factiva_fr.html")
    assert len(found) == len(EXCERPTS) >= 50
    check_against_sources(found, EXCERPTS, fields=("authors", "section", "time"))
    assert {report.reason for report in factiva_read.reports if report.path == "factiva_fr.html"} == {"Factiva"}


def test_outlet_is_given_without_its_issue_number(factiva_read):
    assert "Le Monde, no. 23373" in (FACTIVA / "factiva_fr.html").read_text(encoding="utf-8")
    issues = [rank for rank, excerpt in enumerate(EXCERPTS, start=1) if excerpt.get("issue")]
    found = by_rank(factiva_read.articles, "factiva_fr.html")
    assert issues and {found[rank - 1].source for rank in issues} == {"Le Monde"}


def test_english_export_is_read_like_the_french_one(factiva_read):
    english = by_rank(factiva_read.articles, "factiva_en.html")
    french = by_rank(factiva_read.articles, "factiva_fr.html")[: len(english)]
    assert "words</td>" in (FACTIVA / "factiva_en.html").read_text(encoding="utf-8")
    check_against_sources(english, EXCERPTS[: len(english)], fields=("authors", "section", "time"))
    for en, fr in zip(english, french, strict=True):
        assert (en.title, en.date, en.time, en.source, en.authors, en.section, en.text) == (
            fr.title, fr.date, fr.time, fr.source, fr.authors, fr.section, fr.text
        )  # fmt: skip


def test_article_format_without_field_codes_is_read_by_position(factiva_read):
    found = by_rank(factiva_read.articles, "factiva_article_format.html")
    check_against_sources(found, EXCERPTS[: len(found)], fields=("authors", "time"))
    assert len(found) == 6


def test_rtf_export_with_indexing(factiva_read):
    found = by_rank(factiva_read.articles, "factiva_fr.rtf")
    assert len(found) == 15
    check_against_sources(found, EXCERPTS[:15], fields=("authors", "section", "time"))


def test_the_public_parsers_sample_file(factiva_read):
    """tm.plugin.factiva's own test page (GPL >= 2): two articles, codes in a table."""
    first, second = by_rank(factiva_read.articles, "factiva_test.html")
    assert (first.title, first.source, first.time, first.section) == ("Test 1", "Test newspaper", "15:32", "")
    assert (second.title, second.source, second.section) == ("Test 2", "Ouest France", "Infolocale")
    assert {first.date.isoformat(), second.date.isoformat()} == {"2011-12-29"}
    assert first.text.startswith("First head paragraph, with a few non-ASCII characters: à la française.")
    assert first.text.endswith("Fourth and last paragraph.") and first.text.count("\n\n") == 3


def test_an_export_of_zero_articles_is_refused_with_its_reason(factiva_read):
    (report,) = [report for report in factiva_read.reports if report.path == "factiva_empty.html"]
    assert (report.status, report.reason) == ("rejected", "Factiva export holding no article")


def test_an_rtf_that_is_no_export_is_read_as_one_article(factiva_read):
    (article,) = [article for article in factiva_read.articles if article.path == "plain.rtf"]
    source = EXCERPTS[-1]
    assert article.title == source["title"] and article.row is None
    assert len(article.text.split()) == len(source["title"].split()) + len(source["text"].split())
    (report,) = [report for report in factiva_read.reports if report.path == "plain.rtf"]
    assert report.reason == "RTF read as a single document (no database export structure found)"


def test_detected_from_the_content_not_the_file_name(tmp_path):
    shutil.copy(FACTIVA / "factiva_fr.html", tmp_path / "renamed.txt")
    shutil.copy(FACTIVA / "factiva_fr.rtf", tmp_path / "renamed_rtf.txt")
    read = read_corpus(tmp_path)
    assert len(by_rank(read.articles, "renamed.txt")) == len(EXCERPTS)
    assert len(by_rank(read.articles, "renamed_rtf.txt")) == 15


def test_an_ordinary_page_is_not_taken_for_an_export():
    page = b"<html><head><title>Le Monde</title></head><body><p>Un article ordinaire.</p></body></html>"
    assert not factiva.detect(page)
    assert split_export(page) is None
    assert not factiva.detect((DATA / "factiva" / "plain.rtf").read_bytes())


def test_an_article_without_text_is_reported_not_dropped():
    row = '<tr><td class="index"><b>{}</b> </td><td>{}</td></tr>'
    rows = row.format("HD", "Brève sans texte") + row.format("SN", "Le Monde") + row.format("PD", "3 mars 2020")
    article = f'<div class="article frArticle"><table>{rows}</table></div>'
    page = f"<html><head><title>Factiva</title></head><body>{article}</body></html>".encode()
    name, (document,) = split_export(page)
    assert (name, document.status) == ("Factiva", "rejected")
    assert document.refusal == "no article text under the headline 'Brève sans texte'"
    assert (document.given.source, document.given.date) == ("Le Monde", "2020-03-03")


def test_a_capitalised_paragraph_in_an_rtf_export_opens_no_field():
    rtf = (FACTIVA / "factiva_fr.rtf").read_text(encoding="ascii")
    lead = "LP\\tab Pour Emmanuel Macron"
    assert lead in rtf
    data = rtf.replace(lead, "LP\\tab LA SNCF et le TGV\\par\nPour Emmanuel Macron", 1).encode("ascii")
    name, documents = split_export(data)
    assert (name, len(documents)) == ("Factiva", 15)
    assert documents[0].text.startswith("LA SNCF et le TGV\n\nPour Emmanuel Macron")
