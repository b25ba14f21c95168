"""Europresse HTML exports: every article of three exports against the sources table, and the bad inputs.

The exports in ``data/europresse/`` wrap 51 real public excerpts (sources in
its README and ``articles.yaml``) in Europresse's export structure; the
expected values are ``articles.yaml``'s, written from the source pages.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from lxml import html

from vigie.corpus import read_corpus
from vigie.corpus.dates import parse_date
from vigie.corpus.exports import europresse, split_export
from vigie.stories import assign_stories, story_signatures

from .conftest import SAMPLES

DATA = Path(__file__).resolve().parent / "data" / "europresse"
EXPORTS = {"a": "europresse-2022.html", "b": "Europresse-Tour-2023.HTML", "c": "europresse_divers.html"}
ENTRIES = yaml.safe_load((DATA / "articles.yaml").read_text(encoding="utf-8"))["articles"]
NO_STORIES = pd.DataFrame(columns=["article_id", "signature", "story", "n_copies"])


def _typographic(value: str) -> str:
    """vigie stores typographic apostrophes as plain ones (``clean.normalise``)."""
    return value.replace("\u2019", "'")


def _folder(tmp_path: Path, *names: str) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for name in names:
        shutil.copy(DATA / name, root / name)
    return root


def _reports(read):
    return {(report.path, report.row): report for report in read.reports}


@pytest.fixture(scope="module")
def exports_read(tmp_path_factory):
    return read_corpus(_folder(tmp_path_factory.mktemp("europresse"), *EXPORTS.values()))


def test_the_exports_hold_at_least_fifty_articles_from_the_sources():
    assert len(ENTRIES) >= 50
    assert len({entry["url"] for entry in ENTRIES}) == len(ENTRIES)


def test_every_article_has_its_outlet_day_title_and_word_count(exports_read):
    by_place = {(article.path, _typographic(article.title)): article for article in exports_read.articles}
    wrong = {}
    for entry in ENTRIES:
        for export in entry["export"]:
            article = by_place.get((EXPORTS[export], _typographic(entry["title"])))
            if article is None:
                wrong[(export, entry["id"])] = "missing"
                continue
            got = (article.source, article.date, article.date_precision, len(article.text.split()))
            want = (_typographic(entry["outlet"]), entry["date"], "day", len(entry["text"].split()))
            if got != want:
                wrong[(export, entry["id"])] = (got, want)
    assert wrong == {}
    assert len(exports_read.articles) == sum(len(entry["export"]) for entry in ENTRIES) == 52


def test_time_section_subtitle_authors_and_url_are_those_the_export_states(exports_read):
    by_title = {_typographic(article.title): article for article in exports_read.articles}
    wrong = {}
    for entry in ENTRIES:
        article = by_title[_typographic(entry["title"])]
        got = (article.time, article.section, article.subtitle, article.authors, article.url)
        want = (
            entry.get("time", ""),
            entry.get("section", ""),
            _typographic(entry.get("subtitle", "")),
            entry.get("authors", ""),
            entry["url"] if "(site web)" in entry["outlet"] else "",  # print titles carry no link
        )
        if got != want:
            wrong[entry["id"]] = (got, want)
    assert wrong == {}
    assert sum(bool(entry.get("time")) for entry in ENTRIES) >= 5
    assert sum(bool(entry.get("authors")) for entry in ENTRIES) >= 5


def test_issue_numbers_and_editions_are_not_part_of_the_outlet(exports_read):
    raw = (DATA / EXPORTS["b"]).read_text(encoding="utf-8")
    assert "Le Monde, no. 24438" in raw and "Libération, no. 13138<br />Édition principale" in raw
    outlets = {article.source for article in exports_read.articles}
    assert {"Le Monde", "Libération", "Le Soir", "Maire info"} <= outlets
    assert not any("no." in outlet or "dition" in outlet for outlet in outlets)


def test_the_header_gives_date_time_and_rubric_in_europresse_forms():
    """Header and outlet forms quoted by the public parsers, set on a real article of export c."""
    headers = {
        "jeudi 15 octobre 2020 - 08:59 UTC +0200 754 mots": (dt.date(2020, 10, 15), "08:59", ""),
        "lundi 23 octobre 2023 - 11:49:55 -0000 1455 mots": (dt.date(2023, 10, 23), "11:49", ""),
        "Sciences, mercredi 18 octobre 2023 2153 mots, p. AUJM18": (dt.date(2023, 10, 18), "", "Sciences"),
        "Politique, mardi 14 mars 2006, p. 12": (dt.date(2006, 3, 14), "", "Politique"),
        "France, mercredi 11 septembre 2024 134 mots, p. 11": (dt.date(2024, 9, 11), "", "France"),
        # an export made in Europresse's English interface
        "Thursday, December 22, 2022 - 07:15 UTC +0100 512 words": (dt.date(2022, 12, 22), "07:15", ""),
    }
    page = html.document_fromstring((DATA / EXPORTS["c"]).read_bytes(), parser=html.HTMLParser(encoding="utf-8"))
    for extra in page.xpath("//article")[1:]:
        extra.drop_tree()
    (outlet,) = page.xpath("//span[@class='DocPublicationName']")
    outlet.text = "Le Figaro, no. 23270"
    (header,) = page.xpath("//span[@class='DocHeader']")
    for written, (day, time, section) in headers.items():
        header.text = written
        _, (document,) = split_export(html.tostring(page, encoding="utf-8"))
        given = document.given
        assert (given.source, given.time, given.section) == ("Le Figaro", time, section), written
        assert parse_date(given.date) == (day, "day"), written


def test_line_ends_in_the_markup_are_spaces_and_br_and_paragraphs_are_line_ends():
    page = html.document_fromstring((DATA / EXPORTS["c"]).read_bytes(), parser=html.HTMLParser(encoding="utf-8"))
    body = page.xpath("//div[@class='docOcurrContainer']")[0]
    first, second = body.findall("p")[:2]
    words = first.text_content().split()
    first.text, second.text = "\n    ".join(words[:6]), " ".join(words[6:9])  # the source wraps a paragraph
    line_break = html.fromstring("<br/>")
    line_break.tail = " " + " ".join(words[9:])
    second.append(line_break)
    for extra in page.xpath("//article")[1:]:
        extra.drop_tree()
    _, (document,) = split_export(html.tostring(page, encoding="utf-8"))
    lines = document.text.split("\n")
    assert lines[0] == " ".join(words[:6])
    assert lines[1:] == ["", " ".join(words[6:9]), " ".join(words[9:])]


def test_documents_that_are_not_articles_are_ignored_with_a_reason(exports_read):
    reports = _reports(exports_read)
    expected = {
        (EXPORTS["a"], 4): "extrait de rapport (Rapports - vie-publique.fr)",
        (EXPORTS["a"], 5): "tweet",
        (EXPORTS["b"], 4): "lien seul, sans texte",
    }
    for key, reason in expected.items():
        assert reports[key].status == "ignored" and reason in reports[key].reason, reports[key]
        assert reports[key].id is None
    ignored = [report for report in exports_read.reports if report.status != "ingested"]
    assert len(ignored) == len(expected)
    assert all(report.status == "ingested" and report.id for key, report in reports.items() if key not in expected)


def test_a_truncated_export_keeps_its_complete_articles_and_reports_the_cut_one(tmp_path):
    data = (DATA / EXPORTS["a"]).read_bytes()
    last = data.rfind(b"<article>")
    cut_at = data.index(b"</p>", last)  # inside the last article's first paragraph
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "coupe.html").write_bytes(data[:cut_at])
    read = read_corpus(root)
    complete = data[:last].count(b"<article>")
    rows = sorted(report.row for report in read.reports)
    assert rows == list(range(1, complete + 2))
    cut = _reports(read)[("coupe.html", complete + 1)]
    assert cut.status == "rejected" and "article coupé : fin du fichier atteinte" in cut.reason
    assert len(read.articles) == complete - 2  # the report extract and the tweet are not articles


def test_an_export_of_zero_articles_is_refused(tmp_path):
    read = read_corpus(_folder(tmp_path, "europresse-vide.html"))
    (report,) = read.reports
    assert read.articles == ()
    assert report.status == "rejected" and "sans aucun article" in report.reason


def test_an_export_of_the_old_table_form_is_refused_with_what_to_do(tmp_path):
    """Europresse's form before 2014 (tm.plugin.europresse's readEuropresseHTML1): no <article>, one table cell each."""
    entry = ENTRIES[0]
    cell = (
        f'<table><tr><td><span class="DocPublicationName">{entry["outlet"]}</span><br>'
        f'<span class="DocHeader">samedi </span><span class="DocHeader">29 janvier 2022</span><br><br>'
        f'<span class="TitreArticleVisu">{entry["title"]}</span><br><br>{entry["text"]}<p></p></td></tr></table>'
    )
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "ancien.html").write_text(f"<html><body>{cell}</body></html>", encoding="utf-8")
    (report,) = read_corpus(root).reports
    assert report.status == "rejected" and "ancienne forme" in report.reason
    assert "exportez de nouveau les articles au format HTML depuis Europresse" in report.reason


def test_a_saved_result_list_is_refused_with_what_to_do_instead(tmp_path):
    read = read_corpus(_folder(tmp_path, "europresse-resultats.html"))
    (report,) = read.reports
    assert read.articles == ()
    assert report.status == "rejected"
    assert "résultats de recherche" in report.reason
    assert "exportez les articles au format HTML depuis Europresse" in report.reason


def test_an_article_in_two_exports_is_one_story_with_two_copies(tmp_path):
    read = read_corpus(_folder(tmp_path, EXPORTS["a"], EXPORTS["b"]))
    shared = [entry for entry in ENTRIES if {"a", "b"} <= set(entry["export"])]
    assert len(shared) == 1
    copies = [a.id for a in read.articles if _typographic(a.title) == _typographic(shared[0]["title"])]
    assert len(copies) == 2 and copies[0].split("#")[0] != copies[1].split("#")[0]
    signatures = story_signatures((article.id, article.text) for article in read.articles)
    stories = assign_stories(signatures, NO_STORIES, dates={a.id: a.date for a in read.articles})
    story = stories.set_index("article_id").loc[copies]
    assert story["story"].nunique() == 1
    assert list(story["n_copies"]) == [2, 2]
    assert stories["story"].nunique() == len(read.articles) - 1  # every other article is its own story


def test_read_corpus_mixes_an_export_with_plain_text_files(tmp_path):
    root = _folder(tmp_path, EXPORTS["c"])
    texts = sorted(SAMPLES.glob("*.txt"))[:2]
    for text in texts:
        shutil.copy(text, root / text.name)
    (root / "renamed-export.txt").write_bytes((DATA / EXPORTS["a"]).read_bytes())  # read by content, not name
    read = read_corpus(root)
    by_path: dict[str, list] = {}
    for article in read.articles:
        by_path.setdefault(article.path, []).append(article)
    assert len(by_path[EXPORTS["c"]]) == sum("c" in entry["export"] for entry in ENTRIES)
    assert len(by_path["renamed-export.txt"]) == sum("a" in entry["export"] for entry in ENTRIES)
    for text in texts:
        (article,) = by_path[text.name]
        assert article.row is None and article.id == text.stem
    assert all(article.id == f"europresse_divers#{article.row}" for article in by_path[EXPORTS["c"]])
    assert {report.status for report in read.reports} == {"ingested", "ignored"}


def test_detection_reads_the_content_not_the_name():
    assert europresse.detect((DATA / EXPORTS["b"]).read_bytes())
    assert europresse.detect((DATA / "europresse-resultats.html").read_bytes())
    sample = sorted(SAMPLES.glob("*.txt"))[0].read_bytes()
    assert not europresse.detect(sample)
    assert split_export(sample) is None
