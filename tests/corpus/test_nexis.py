"""Nexis Uni exports (one DOCX, many articles) and DOCX files that are no export."""
from __future__ import annotations

import io
import shutil
import zipfile

import docx
import pytest

from .exports import DATA, EXCERPTS, by_rank, check_against_sources
from vigie.corpus import read_corpus
from vigie.corpus.exports import nexis, split_export

NEXIS = DATA / "nexis"


@pytest.fixture(scope="module")
def nexis_read():
    return read_corpus(NEXIS)


def test_english_interface_export_gives_every_article_with_its_fields(nexis_read):
    found = by_rank(nexis_read.articles, "nexis_en.docx")
    assert len(found) == len(EXCERPTS) >= 50
    check_against_sources(found, EXCERPTS, fields=("authors", "section", "subtitle", "time"))
    assert {report.reason for report in nexis_read.reports if report.path == "nexis_en.docx"} == {"Nexis Uni"}


def test_french_interface_labels_are_read_alike(nexis_read):
    lines = [p.text for p in docx.Document(NEXIS / "nexis_fr.docx").paragraphs]
    assert any(line.startswith("Rubrique:") for line in lines) and "\nFin du document" in lines
    found = by_rank(nexis_read.articles, "nexis_fr.docx")
    assert len(found) == 8
    check_against_sources(found, EXCERPTS[:8], fields=("authors", "section", "subtitle", "time"))


def test_the_cover_page_is_not_taken_for_a_title(nexis_read):
    first = by_rank(nexis_read.articles, "nexis_en.docx")[0]
    assert "Job Number" not in first.text and not first.title.startswith("1.")


def test_the_public_parsers_sample_file(nexis_read):
    """LexisNexisTools' sample.DOCX (GPL-3): ten articles after a cover page."""
    found = by_rank(nexis_read.articles, "sample.DOCX")
    assert len(found) == 10
    assert {article.source for article in found} == {"The Guardian(London)"}
    first, second = found[:2]
    assert (first.date.isoformat(), first.time, first.section) == ("2019-07-01", "09:20", "POLITICS")
    assert first.authors == "Mattha Busby (now), Andrew Sparrow (earlier)"
    assert (second.date.isoformat(), second.time, second.authors) == ("2019-07-02", "09:33", "Andrew Sparrow")
    # the file's own "Length: 355 words" and "Length: 571 words"
    assert [len(article.text.split()) for article in (first, second)] == [355, 571]
    assert found[8].title == "R (programming language) on Wikipedia"


def test_an_export_of_zero_articles_is_refused_with_its_reason(nexis_read):
    (report,) = [report for report in nexis_read.reports if report.path == "nexis_empty.docx"]
    assert (report.status, report.reason) == ("rejected", "Nexis Uni export holding no article")


def test_a_docx_that_is_no_export_is_read_as_one_article_with_a_note(nexis_read):
    (article,) = [article for article in nexis_read.articles if article.path == "plain.docx"]
    source = EXCERPTS[-1]
    assert article.title == source["title"] and article.row is None and article.id == "plain"
    assert len(article.text.split()) == len(source["title"].split()) + len(source["text"].split())
    (report,) = [report for report in nexis_read.reports if report.path == "plain.docx"]
    assert (report.status, report.reason) == (
        "ingested",
        "DOCX read as a single document (no database export structure found)",
    )


def test_a_docx_without_text_is_refused(nexis_read):
    (report,) = [report for report in nexis_read.reports if report.path == "blank.docx"]
    assert (report.status, report.reason) == ("rejected", "DOCX document with no text")


def test_other_zip_archives_are_still_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document-content/>")  # an OpenDocument, not Word
    (tmp_path / "note.docx").write_bytes(buffer.getvalue())
    (report,) = read_corpus(tmp_path).reports
    assert report.status == "rejected"
    assert report.reason == "binary content: a ZIP archive that is not a Word document (odt, xlsx, zip...), not text"


def test_detected_from_the_content_not_the_file_name(tmp_path):
    shutil.copy(NEXIS / "nexis_en.docx", tmp_path / "export.txt")
    assert len(by_rank(read_corpus(tmp_path).articles, "export.txt")) == len(EXCERPTS)
    assert not nexis.detect((NEXIS / "plain.docx").read_bytes())
    assert not nexis.detect((DATA / "factiva" / "factiva_fr.html").read_bytes())


@pytest.mark.slow
def test_vigie_report_gives_each_case_a_line(tmp_path, capsys):
    from vigie.cli import main

    for name in ("nexis_empty.docx", "plain.docx", "blank.docx"):
        shutil.copy(NEXIS / name, tmp_path / name)
    for name in ("factiva_test.html", "factiva_empty.html", "plain.rtf"):
        shutil.copy(DATA / "factiva" / name, tmp_path / name)
    assert main(["ingest", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["report", str(tmp_path)]) == 0
    lines = {" ".join(line.split()) for line in capsys.readouterr().out.splitlines()}
    assert lines == {
        "rejected blank.docx DOCX document with no text",
        "rejected factiva_empty.html Factiva export holding no article",
        "ingested factiva_test.html:1 Factiva",
        "ingested factiva_test.html:2 Factiva",
        "rejected nexis_empty.docx Nexis Uni export holding no article",
        "ingested plain.docx DOCX read as a single document (no database export structure found)",
        "ingested plain.rtf RTF read as a single document (no database export structure found)",
    }


def test_an_article_cut_short_at_the_end_of_the_file_is_reported(tmp_path):
    document = docx.Document(NEXIS / "nexis_fr.docx")
    last = [p for p in document.paragraphs if p.text.strip().lower() == "fin du document"][-1]
    last._element.getparent().remove(last._element)
    document.save(tmp_path / "cut.docx")
    name, documents = split_export((tmp_path / "cut.docx").read_bytes())
    assert (name, len(documents)) == ("Nexis Uni", 8)
    assert [d.refusal for d in documents[:7]] == [""] * 7
    assert documents[7].refusal == f"article cut short at the end of the file: {EXCERPTS[7]['title']!r}"
