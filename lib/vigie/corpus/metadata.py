"""``<root>/metadata.csv``: per-file title, date, source and URL set by hand.

A row that cannot be applied (missing file, invalid date, a path reaching
outside the corpus) is reported with its line number instead of being
dropped or half-applied: whoever wrote it expects it to count.
"""
from __future__ import annotations

import posixpath
import unicodedata
from pathlib import Path

from vigie.corpus.article import MetaRow
from vigie.corpus.dates import FoundDate, parse_date
from vigie.corpus.decode import decode
from vigie.corpus.errors import Refused
from vigie.corpus.tables import Record, read_records
from vigie.types import InputReport

METADATA_FILE = "metadata.csv"


def read_metadata(root: Path, *, files: set[str]) -> tuple[dict[str, MetaRow], list[InputReport]]:
    """The valid rows of ``metadata.csv`` keyed by the corpus path they name, and reports of the others.

    ``files`` holds the corpus paths that can carry an article; a row naming
    anything else is reported.
    """
    file = root / METADATA_FILE
    if not file.is_file():
        return {}, []
    try:
        records = read_records(decode(file.read_bytes()), fmt="csv", required="path")
    except (Refused, OSError) as error:
        reason = error.reason if isinstance(error, Refused) else f"cannot read: {error}"
        return {}, [InputReport(METADATA_FILE, None, "rejected", reason, None)]
    by_nfc = {unicodedata.normalize("NFC", path): path for path in files}
    rows: dict[str, MetaRow] = {}
    reports = []
    for record in records:
        try:
            row = _meta_row(record, by_nfc)
            if row.path in rows:
                raise Refused(f"{row.path} already described at line {rows[row.path].row}")
        except Refused as refused:
            reports.append(InputReport(METADATA_FILE, record.line, "rejected", refused.reason, None))
            continue
        rows[row.path] = row
    return rows, reports


def _meta_row(record: Record, by_nfc: dict[str, str]) -> MetaRow:
    if record.error:
        raise Refused(record.error)
    values = record.values
    path = _corpus_path(values.get("path", ""))
    if path not in by_nfc:
        raise Refused(f"no article file {path!r} in the corpus")
    date = None
    if values.get("date", "").strip():
        parsed = parse_date(values["date"])
        if parsed is None:
            raise Refused(f"invalid date {values['date'].strip()[:40]!r}")
        date = FoundDate(*parsed, "metadata")
    return MetaRow(
        path=by_nfc[path],
        row=record.line,
        title=values.get("title", "").strip(),
        date=date,
        source=values.get("source", "").strip(),
        url=values.get("url", "").strip(),
        digest=record.canonical().decode(),
    )


def _corpus_path(value: str) -> str:
    """A metadata path as a corpus path; ``Refused`` if empty or reaching outside the corpus."""
    raw = unicodedata.normalize("NFC", value.strip().replace("\\", "/"))
    if not raw:
        raise Refused("empty path")
    path = posixpath.normpath(raw)
    if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":") or path == ".." or path.startswith("../"):
        raise Refused(f"path {value.strip()!r} is outside the corpus")
    return path
