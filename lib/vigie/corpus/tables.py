"""CSV and JSON Lines tables: one record per article, each with its line number.

A table is a batch of articles, so one bad row must not cost the others: a
row that cannot be read becomes a ``Record`` with an ``error``, reported
with its line number, and reading goes on.  Column names are matched in
French or English (``texte``, ``contenu``, ``body``...), since exports from
press databases come in both.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from vigie.corpus.errors import Refused
from vigie.corpus.limits import MAX_TABLE_BYTES

TableFormat = Literal["csv", "jsonl"]

COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "texte", "contenu", "content", "body", "corps", "article"),
    "title": ("title", "titre"),
    "date": ("date",),
    "source": ("source",),
    "url": ("url", "lien", "link"),
    "id": ("id", "identifiant"),
    "path": ("path", "file", "fichier", "chemin"),
}
_FIELD_OF = {alias: field for field, aliases in COLUMNS.items() for alias in aliases}
_DELIMITERS = ",;\t"
_LINE_END = re.compile(r"\r\n|\r|\n")  # not str.splitlines: JSON strings may hold U+2028


@dataclass(frozen=True, slots=True)
class Record:
    """One table row: its values under canonical column names, or why it is unusable."""

    line: int
    values: dict[str, str]
    error: str = ""

    def canonical(self) -> bytes:
        """The row as sorted JSON: the same row always hashes the same."""
        return json.dumps(self.values, sort_keys=True, ensure_ascii=False).encode()


def read_records(text: str, *, fmt: TableFormat, required: str = "text") -> list[Record]:
    """Every row of a decoded table, good or bad; ``Refused`` if no row can be.

    ``required`` is the column a CSV header must name (rows of JSON Lines
    name their own fields, so there the caller checks each row).
    """
    records = list(_csv_records(text, required) if fmt == "csv" else _jsonl_records(text))
    if not records:
        raise Refused("table has no rows")
    return records


def column_name(name: str) -> str:
    """The canonical field a column name stands for, else the name tidied."""
    tidy = unicodedata.normalize("NFC", name.strip().strip("\ufeff").strip().lower())
    return _FIELD_OF.get(tidy, tidy)


def _csv_records(text: str, required: str) -> Iterator[Record]:
    # a long article in one cell is ordinary here: lift the stdlib's 128 KiB cell limit
    csv.field_size_limit(max(csv.field_size_limit(), MAX_TABLE_BYTES))
    header_line = next((line for line in text[:65536].splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next((row for row in reader if any(cell.strip() for cell in row)), [])
    names = _unique(column_name(name) for name in header)
    if required not in names:
        expected = ", ".join(COLUMNS[required])
        raise Refused(f"no {required} column (expected one of: {expected})")
    end = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Record(end + 1, {}, f"malformed CSV row: {error}")
            end = reader.line_num
            continue
        start, end = end + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # a blank line is no row
        if len(row) > len(names) and any(cell.strip() for cell in row[len(names) :]):
            yield Record(start, {}, f"{len(row)} fields for {len(names)} columns")
            continue
        yield Record(start, dict(zip(names, row)))


def _jsonl_records(text: str) -> Iterator[Record]:
    for line_number, line in enumerate(_LINE_END.split(text), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield Record(line_number, {}, f"malformed JSON: {error.msg}")
            continue
        if not isinstance(value, dict):
            yield Record(line_number, {}, f"not a JSON object but {type(value).__name__}")
            continue
        names = _unique(column_name(str(key)) for key in value)
        yield Record(line_number, {name: _as_text(item) for name, item in zip(names, value.values())})


def _unique(names: Iterator[str]) -> list[str]:
    """Column names with repeats suffixed, so a second ``texte`` never hides the first."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, bool)):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
