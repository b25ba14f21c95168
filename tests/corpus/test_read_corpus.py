"""read_corpus end to end: the hostile corpus file by file, and the real samples."""
import datetime as dt
import hashlib
import json

import pytest

from vigie.corpus import read_corpus
from vigie.corpus.clean import clean_text

from .conftest import SAMPLES as SAMPLES_ROOT
from .hostile import BODY, FIVE_THOUSAND_NAMES, LONG_FIELD, XSS


def _by_path(read):
    return {(report.path, report.row): report for report in read.reports}


def _article(read, id):
    return next(article for article in read.articles if article.id == id)


def test_every_input_file_and_row_is_accounted_for(hostile, hostile_read):
    reports = _by_path(hostile_read)
    assert len(hostile_read.reports) == len(reports), "one report per file or row"
    assert set(reports) == set(hostile.expected)
    assert len(hostile.expected) >= 50


def test_each_input_has_the_expected_status_and_reason(hostile, hostile_read):
    reports = _by_path(hostile_read)
    wrong = {
        key: (report.status, report.reason)
        for key, (status, reason) in hostile.expected.items()
        if (report := reports[key]).status != status or reason.lower() not in report.reason.lower()
    }
    assert wrong == {}


def test_refusals_always_say_why(hostile_read):
    assert all(report.reason for report in hostile_read.reports if report.status != "ingested")


def test_ids_are_unique_and_match_the_ingested_reports(hostile_read):
    ids = [article.id for article in hostile_read.articles]
    assert len(ids) == len(set(ids))
    ingested = {report.id for report in hostile_read.reports if report.status == "ingested"}
    assert ingested == set(ids)
    assert all(report.id is None for report in hostile_read.reports if report.status != "ingested")


def test_ids_follow_paths_and_keep_extensions_only_when_stems_collide(hostile_read):
    ids = {article.id for article in hostile_read.articles}
    assert {"a.txt", "a.md", "twice/a", "again/a", "UPPER", "Notes", "deep/er/still/article"} <= ids
    assert {"tables/comma#n1", "tables/comma#7", "tables/feed#1", "tables/feed#6", "tables/semicolon#3"} <= ids


def test_paths_are_relative_and_posix(hostile_read):
    for report in hostile_read.reports:
        assert not report.path.startswith("/") and "\\" not in report.path
    assert not any(report.path.startswith(".vigie") or "/.git/" in report.path for report in hostile_read.reports)


def test_input_files_are_left_untouched(hostile):
    before = hostile.digests()
    read_corpus(hostile.root)
    assert hostile.digests() == before


def test_reading_twice_gives_the_same_result(hostile, hostile_read):
    assert read_corpus(hostile.root) == hostile_read


@pytest.mark.parametrize(
    "id", ["enc/utf8", "enc/utf8_bom", "enc/utf16le", "enc/utf16be", "enc/cp1252", "enc/crlf", "enc/cr", "enc/nfd"]
)
def test_every_encoding_and_line_end_reads_to_the_same_text(hostile_read, id):
    expected = "Le président\n\nIl a déclaré à l'Élysée qu'il était prêt, œuvre à 12 € près."
    assert _article(hostile_read, id).text == expected


def test_latin1_is_decoded(hostile_read):
    assert "Il a déclaré à l'Élysée qu'il était prêt, oeuvre à 12 francs" in _article(hostile_read, "enc/latin1").text


def test_html_payload_in_a_text_file_stays_literal(hostile_read):
    assert XSS in _article(hostile_read, "xss").text


def test_a_list_of_five_thousand_names_is_read_whole(hostile_read):
    lines = _article(hostile_read, "names").text.split("\n")
    assert lines[2:] == FIVE_THOUSAND_NAMES


def test_an_overlong_text_is_cut_at_the_bound(hostile_read):
    assert len(_article(hostile_read, "long").text) == 1_000_000


def test_html_page_yields_readable_text_and_its_meta(hostile_read):
    page = _article(hostile_read, "web/page")
    for hidden in ("SCRIPT-TEXT", "SCRIPT-TWO", "MENU-TEXT", "FORM-TEXT", "FOOTER-TEXT", "IMG-PAYLOAD", "color: red"):
        assert hidden not in page.text
    assert page.text == (
        f"Macron reçoit Zuckerberg\n\n{BODY}\n\nUn « sommet » & des annonces.\n\nNouvelle ligne.\n\n"
        "Le texte <script> reste du texte."
    )
    assert (page.title, page.source, page.url) == (
        "Macron reçoit Zuckerberg",
        "Le Journal",
        "https://journal.example/macron-zuckerberg",
    )
    assert (page.date, page.date_precision, page.date_source) == (dt.date(2019, 5, 10), "day", "metadata")
    assert _article(hostile_read, "web/PAGE2").title == "Été à Paris"


def test_table_rows_become_articles_with_their_columns(hostile_read):
    first = _article(hostile_read, "tables/comma#n1")
    assert (first.path, first.row, first.title, first.text, first.url) == (
        "tables/comma.csv", 2, "Premier", BODY, "https://x.fr/1"
    )
    assert (first.date, first.date_precision) == (dt.date(2019, 5, 16), "day")
    multiline = _article(hostile_read, "tables/comma#n2")
    assert multiline.text == 'Première ligne, avec virgule\n\nSeconde ligne "citée"'
    assert multiline.row == 3
    long_row = _article(hostile_read, "tables/semicolon#3")
    assert long_row.text == clean_text(LONG_FIELD)
    assert (long_row.date, long_row.date_precision) == (dt.date(2019, 5, 1), "month")
    assert _article(hostile_read, "tables/semicolon#2").title == "Court"
    assert _article(hostile_read, "tables/latin#2").text == BODY
    assert _article(hostile_read, "tables/feed#6").source == "Le Monde"


def test_a_table_row_hash_is_that_of_its_canonical_json(hostile_read):
    row = _article(hostile_read, "tables/feed#1")
    canonical = json.dumps(
        {"id": "1", "title": "Un", "text": BODY, "date": "2019-05-16"}, sort_keys=True, ensure_ascii=False
    )
    assert row.content_hash == hashlib.sha256(canonical.encode()).hexdigest()


def test_metadata_overrides_what_the_file_says(hostile_read):
    target = _article(hostile_read, "meta_target")
    assert (target.title, target.source, target.url) == ("Titre choisi à la main", "Le Monde", "https://lemonde.fr/a")
    assert (target.date, target.date_precision, target.date_source) == (dt.date(2019, 5, 16), "day", "metadata")
    markdown = _article(hostile_read, "a.md")
    assert (markdown.title, markdown.date, markdown.source) == ("Front matter", dt.date(2019, 3, 2), "Markdown Hebdo")



def test_table_metadata_fills_the_gaps_of_its_rows_only(hostile_read):
    assert _article(hostile_read, "tables/comma#n1").source == "AFP"
    assert _article(hostile_read, "tables/comma#n2").source == "Flux CSV"


def test_a_rejected_metadata_row_is_not_applied(hostile_read):
    assert _article(hostile_read, "a.txt").title == "Texte A"


def test_a_file_hash_is_its_bytes_hash_unless_metadata_applies(hostile, hostile_read):
    plain = _article(hostile_read, "enc/utf8")
    assert plain.content_hash == hashlib.sha256((hostile.root / "enc/utf8.txt").read_bytes()).hexdigest()
    target = _article(hostile_read, "meta_target")
    assert target.content_hash != hashlib.sha256((hostile.root / "meta_target.txt").read_bytes()).hexdigest()


def test_editing_metadata_changes_the_hash_of_that_article_only(tmp_path):
    (tmp_path / "a.txt").write_text(f"Titre A\n\n{BODY}")
    (tmp_path / "b.txt").write_text(f"Titre B\n\n{BODY}")
    (tmp_path / "metadata.csv").write_text("path,source\na.txt,AFP\n")
    before = {article.id: article.content_hash for article in read_corpus(tmp_path).articles}
    (tmp_path / "metadata.csv").write_text("path,source\na.txt,Reuters\n")
    after = {article.id: article.content_hash for article in read_corpus(tmp_path).articles}
    assert before["a"] != after["a"] and before["b"] == after["b"]


def _known(read):
    """What a store would offer the next read: each single-document article with its report's notes."""
    notes = {report.id: report.reason for report in read.reports if report.id}
    return {article.id: (article, notes[article.id]) for article in read.articles if article.row is None}


def test_reading_again_with_what_was_read_reuses_every_unchanged_file_and_gives_the_same_result(hostile, hostile_read):
    again = read_corpus(hostile.root, known=_known(hostile_read))
    assert again == hostile_read
    before = {article.id: article for article in hostile_read.articles}
    singles = [article for article in again.articles if article.row is None]
    assert len(singles) >= 20
    assert all(article is before[article.id] for article in singles)  # reused, not read again


def test_a_file_or_metadata_row_changed_since_is_read_again_and_the_others_reused(tmp_path):
    (tmp_path / "a.txt").write_text(f"Titre A\n\n{BODY}")
    (tmp_path / "b.txt").write_text(f"Titre B\n\n{BODY}")
    (tmp_path / "c.txt").write_text(f"Titre C\n\n{BODY}")
    (tmp_path / "metadata.csv").write_text("path,source\na.txt,AFP\nc.txt,AFP\n")
    first = read_corpus(tmp_path)
    (tmp_path / "a.txt").write_text(f"Titre A\n\n{BODY}\n\nUn paragraphe ajouté après coup.")
    (tmp_path / "metadata.csv").write_text("path,source\na.txt,AFP\nc.txt,Reuters\n")
    again = read_corpus(tmp_path, known=_known(first))
    before, after = ({article.id: article for article in read.articles} for read in (first, again))
    assert after["b"] is before["b"]
    assert "ajouté après coup" in after["a"].text and "ajouté après coup" not in before["a"].text
    assert (before["c"].source, after["c"].source) == ("AFP", "Reuters")
    assert again == read_corpus(tmp_path)  # what a read from scratch gives


def test_a_known_article_is_not_reused_for_a_file_that_now_has_another_id(tmp_path):
    (tmp_path / "a.txt").write_text(f"Titre A\n\n{BODY}")
    first = read_corpus(tmp_path)
    (tmp_path / "a.md").write_text(f"# Titre A en Markdown\n\n{BODY}")  # the stems collide: ids a.txt, a.md
    again = read_corpus(tmp_path, known=_known(first))
    assert sorted(article.id for article in again.articles) == ["a.md", "a.txt"]
    assert again == read_corpus(tmp_path)


@pytest.mark.parametrize(
    ("id", "date", "precision", "source"),
    [
        ("dates/header", dt.date(2019, 5, 1), "month", "header"),
        ("dates/agency", dt.date(2019, 5, 16), "day", "dateline"),
        ("dates/yearless", dt.date(2019, 5, 16), "day", "dateline"),
        ("dates/title", None, None, None),  # a title's date is the interview's, not the article's
        ("dates/source_line", dt.date(2019, 5, 16), "day", "dateline"),
        ("dates/caption", None, None, None),
    ],
)
def test_dates_in_the_hostile_corpus(hostile_read, id, date, precision, source):
    article = _article(hostile_read, id)
    assert (article.date, article.date_precision, article.date_source) == (date, precision, source)


def test_the_header_is_taken_off_the_text(hostile_read):
    assert _article(hostile_read, "dates/header").text.startswith("Le sommet de Paris\n")


SAMPLES = {
    "000_49badabdbf4aac6b": (dt.date(2020, 12, 1), "month", "header", ""),
    "001_5c8af984857ff0d6": (dt.date(2019, 5, 1), "month", "header", ""),
    "002_92ed14b49e3e2578": (None, None, None, "reuters"),
    "003_7cab1784a43d6269": (dt.date(2019, 5, 16), "day", "dateline", "vie-publique.fr"),
    "004_d1dc892c07a257c6": (None, None, None, ""),
}


def test_samples_are_all_ingested(sample_read):
    assert [report.status for report in sample_read.reports] == ["ingested"] * 5
    assert [article.id for article in sample_read.articles] == list(SAMPLES)


@pytest.mark.parametrize(("id", "expected"), SAMPLES.items())
def test_sample_dates_and_sources(sample_read, id, expected):
    article = _article(sample_read, id)
    assert (article.date, article.date_precision, article.date_source, article.source) == expected


def test_sample_titles(sample_read):
    titles = [article.title for article in sample_read.articles]
    assert titles == [
        "Matt Hancock a déclaré à Mark Zuckerberg lors d'une réunion privée qu'il souhaitait faire évoluer "
        "l'approche du…",
        "L'origine du groupe de travail commun entre la France et Facebook a pour origine le sommet Tech for "
        "Good qui s'est tenu en mai 2018 à Paris",
        "La France retarde la signature de l'engagement Internet via la pression des États-Unis",
        "Interview de M. Cédric O, secrétaire d'Etat au numérique, avec CNews le 15 mai 2019, sur l'appel de "
        "Christchurch sur les réseaux sociaux.",
        "Mobilisation internationale autour de Macron contre la violence en ligne",
    ]


def test_sample_texts_lose_their_page_furniture(sample_read):
    texts = {article.id: article.text for article in sample_read.articles}
    assert texts["000_49badabdbf4aac6b"].startswith("Matt Hancock a déclaré")
    assert texts["001_5c8af984857ff0d6"].startswith("L'origine du groupe")
    web = texts["002_92ed14b49e3e2578"]
    for furniture in ("Leave a Reply", "email address", "HTML tags", "Content is protected", "la-france-retarde"):
        assert furniture not in web
    assert web.endswith("Source (traduit de l'anglais) : reuters")
    interview = texts["003_7cab1784a43d6269"]
    assert "[ Publicité ]" not in interview and not interview.endswith("Rechercher")
    assert interview.count("Interview de M. Cédric O") == 1 and "| vie-publique.fr" not in interview
    assert all("\u2019" not in text and "\u00a0" not in text for text in texts.values())


def test_progress_bar_goes_to_stderr_only_when_asked(sample_read, capsys):
    assert read_corpus(SAMPLES_ROOT, progress=True) == sample_read
    shown = capsys.readouterr()
    assert "5/5" in shown.err and shown.out == ""
    read_corpus(SAMPLES_ROOT)
    assert capsys.readouterr().err == ""


def test_a_missing_root_is_the_callers_error(tmp_path):
    with pytest.raises(NotADirectoryError):
        read_corpus(tmp_path / "absent")
