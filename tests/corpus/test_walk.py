"""walk and assign_ids: what is read, what is reported, and stable ids."""
import os

import pytest

from vigie.corpus.walk import assign_ids, walk


def _touch(root, path, data=b"x"):
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data)


def test_supported_files_in_any_case_are_entries_in_path_order(tmp_path):
    for path in ("b.TXT", "a.md", "sub/c.Html", "sub/d.htm", "z/e.csv", "z/f.JSONL", "g.markdown"):
        _touch(tmp_path, path)
    entries, reports = walk(tmp_path)
    assert reports == []
    assert [(entry.path, entry.kind) for entry in entries] == [
        ("a.md", "markdown"),
        ("b.TXT", "text"),
        ("g.markdown", "markdown"),
        ("sub/c.Html", "html"),
        ("sub/d.htm", "html"),
        ("z/e.csv", "csv"),
        ("z/f.JSONL", "jsonl"),
    ]
    assert entries[0].file == str(tmp_path / "a.md")


def test_hidden_folders_are_not_walked_and_hidden_files_are_reported(tmp_path):
    for path in (".vigie/store.txt", "sub/.cache/x.txt", ".env", "sub/.DS_Store", "ok.txt"):
        _touch(tmp_path, path)
    entries, reports = walk(tmp_path)
    assert [entry.path for entry in entries] == ["ok.txt"]
    assert [(report.path, report.status, report.reason) for report in reports] == [
        (".env", "ignored", "hidden file"),
        ("sub/.DS_Store", "ignored", "hidden file"),
    ]


def test_configuration_files_only_at_the_root(tmp_path):
    for path in ("metadata.csv", "actors.yaml", "themes.yaml", "sub/metadata.csv", "sub/actors.yaml"):
        _touch(tmp_path, path)
    entries, reports = walk(tmp_path)
    assert [entry.path for entry in entries] == ["sub/metadata.csv"]
    statuses = {report.path: (report.status, report.reason) for report in reports}
    assert statuses["metadata.csv"] == statuses["actors.yaml"] == ("ignored", "configuration file")
    assert statuses["sub/actors.yaml"][0] == "unsupported"


def test_symlinks_and_odd_names_are_reported(tmp_path):
    _touch(tmp_path, "real.txt")
    (tmp_path / "folder").mkdir()
    os.symlink(tmp_path / "real.txt", tmp_path / "link.txt")
    os.symlink(tmp_path / "folder", tmp_path / "linked_folder")
    with open(os.fsencode(tmp_path) + b"/nom\xff.txt", "wb") as handle:
        handle.write(b"x")
    os.mkfifo(tmp_path / "pipe.txt")
    _, reports = walk(tmp_path)
    assert {(report.path, report.status) for report in reports} == {
        ("link.txt", "ignored"),
        ("linked_folder", "ignored"),
        ("nom\ufffd.txt", "rejected"),
        ("pipe.txt", "ignored"),
    }


def test_unsupported_and_compressed_files_are_reported(tmp_path):
    for path in ("a.pdf", "b.DOCX", "c.tar.gz", "d.7z", "README", ".x", "e.jpeg", "f.rtf"):
        _touch(tmp_path, path)
    entries, reports = walk(tmp_path)
    assert [(entry.path, entry.kind) for entry in entries] == [("b.DOCX", "docx"), ("f.rtf", "rtf")]
    reasons = {report.path: (report.status, report.reason.split(" (")[0]) for report in reports}
    assert reasons == {
        ".x": ("ignored", "hidden file"),
        "README": ("unsupported", "no file extension"),
        "a.pdf": ("unsupported", "unsupported format .pdf"),
        "c.tar.gz": ("unsupported", "compressed file"),
        "d.7z": ("unsupported", "compressed file"),
        "e.jpeg": ("unsupported", "unsupported format .jpeg"),
    }


def test_an_unreadable_folder_is_reported(tmp_path):
    _touch(tmp_path, "locked/a.txt")
    (tmp_path / "locked").chmod(0)
    try:
        if os.access(tmp_path / "locked", os.R_OK):
            pytest.skip("running as root: every folder is readable")
        _, reports = walk(tmp_path)
        assert [(report.path, report.status) for report in reports] == [("locked", "rejected")]
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_ids_drop_the_extension_unless_two_files_share_the_stem():
    paths = ["a.txt", "a.md", "sub/a.txt", "other/a.txt", "b.csv", "UPPER.TXT", "v1.2/notes.txt", "x.y.txt"]
    assert assign_ids(paths) == {
        "a.txt": "a.txt",
        "a.md": "a.md",
        "sub/a.txt": "sub/a",
        "other/a.txt": "other/a",
        "b.csv": "b",
        "UPPER.TXT": "UPPER",
        "v1.2/notes.txt": "v1.2/notes",
        "x.y.txt": "x.y",
    }


def test_the_sample_ids():
    assert assign_ids(["000_49badabdbf4aac6b.txt"]) == {"000_49badabdbf4aac6b.txt": "000_49badabdbf4aac6b"}
