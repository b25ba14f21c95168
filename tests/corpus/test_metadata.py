"""metadata.csv: rows applied per file, and every row that cannot be applied reported with its line."""
import datetime as dt

from vigie.corpus.dates import FoundDate
from vigie.corpus.metadata import read_metadata

FILES = {"a.txt", "sub/b.md", "Élysée.txt"}


def _write(tmp_path, text, encoding="utf-8"):
    (tmp_path / "metadata.csv").write_bytes(text.encode(encoding))


def test_no_metadata_file_is_no_metadata(tmp_path):
    assert read_metadata(tmp_path, files=FILES) == ({}, [])


def test_valid_rows_are_keyed_by_corpus_path(tmp_path):
    _write(tmp_path, "fichier;titre;date;source;lien\n./a.txt;Un titre;16 mai 2019;AFP;https://x.fr\nsub\\b.md;;2019;;\n")
    rows, reports = read_metadata(tmp_path, files=FILES)
    assert reports == []
    assert (rows["a.txt"].title, rows["a.txt"].date, rows["a.txt"].source, rows["a.txt"].url) == (
        "Un titre",
        FoundDate(dt.date(2019, 5, 16), "day", "metadata"),
        "AFP",
        "https://x.fr",
    )
    assert rows["a.txt"].row == 2
    assert rows["sub/b.md"].date == FoundDate(dt.date(2019, 1, 1), "year", "metadata")


def test_paths_match_whatever_the_unicode_form(tmp_path):
    _write(tmp_path, "path,title\nE\u0301lyse\u0301e.txt,Décomposé\n")
    rows, _ = read_metadata(tmp_path, files=FILES)
    assert rows["Élysée.txt"].title == "Décomposé"


def test_bad_rows_are_reported_with_their_line(tmp_path):
    _write(
        tmp_path,
        "path,title,date\n"
        "absent.txt,Fantôme,\n"
        "a.txt,Mauvaise,31/02/2019\n"
        "../dehors.txt,,\n"
        "sub/../../dehors.txt,,\n"
        "/etc/passwd,,\n"
        "C:\\corpus\\a.txt,,\n"
        ",Sans chemin,\n"
        "a.txt,Bon,\n"
        "./a.txt,Doublon,\n"
        "a.txt,Trop,2019,x\n",
    )
    rows, reports = read_metadata(tmp_path, files=FILES)
    assert rows["a.txt"].title == "Bon"
    found = {(report.row, report.status) for report in reports}
    assert found == {(line, "rejected") for line in (2, 3, 4, 5, 6, 7, 8, 10, 11)}
    reasons = {report.row: report.reason for report in reports}
    assert "no article file 'absent.txt'" in reasons[2]
    assert "invalid date '31/02/2019'" in reasons[3]
    assert all("outside the corpus" in reasons[line] for line in (4, 5, 6, 7))
    assert "empty path" in reasons[8]
    assert "already described at line 9" in reasons[10]
    assert "4 fields for 3 columns" in reasons[11]
    assert all(report.path == "metadata.csv" for report in reports)


def test_an_unreadable_metadata_file_is_reported_once(tmp_path):
    _write(tmp_path, "titre,date\nUn,2019\n")
    assert read_metadata(tmp_path, files=FILES)[1][0].reason.startswith("no path column")
    (tmp_path / "metadata.csv").write_bytes(b"\x00\x01binary")
    rows, reports = read_metadata(tmp_path, files=FILES)
    assert rows == {} and len(reports) == 1 and "binary" in reports[0].reason


def test_latin1_metadata_is_read(tmp_path):
    _write(tmp_path, "path,title\na.txt,Été à Noël\n", encoding="latin-1")
    assert read_metadata(tmp_path, files=FILES)[0]["a.txt"].title == "Été à Noël"


def test_the_digest_changes_with_the_row(tmp_path):
    _write(tmp_path, "path,source\na.txt,AFP\n")
    first = read_metadata(tmp_path, files=FILES)[0]["a.txt"].digest
    _write(tmp_path, "path,source\na.txt,Reuters\n")
    assert read_metadata(tmp_path, files=FILES)[0]["a.txt"].digest != first
