"""Word-processor files (DOCX, RTF): their text, and reading one as a single article.

Why here and not in ``decode``: these files are not text, they hold text.
Well-kept readers take it out (python-docx for DOCX, striprtf for RTF) and
the result then follows the same cleaning and date rules as a ``.txt``.
Both formats are recognised by their content, never their file name: a DOCX
is a ZIP archive holding ``word/document.xml``, an RTF file opens with
``{\\rtf``.  Exports cut into many articles (Nexis Uni DOCX, Factiva RTF) are
recognised first, in ``vigie.corpus.exports``; what reaches ``single_document``
is an ordinary document, read whole, and the report says so.
"""
from __future__ import annotations

import io
import zipfile
from functools import lru_cache

import docx
from docx.table import Table
from striprtf.striprtf import rtf_to_text

from vigie.corpus.errors import Refused

_DOCX_PART = "word/document.xml"
_RTF_MAGIC = b"{\\rtf"


def is_docx(data: bytes) -> bool:
    """A ZIP archive holding a Word document body."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _DOCX_PART in archive.namelist()
    except zipfile.BadZipFile:
        return False


def is_rtf(data: bytes) -> bool:
    return data.lstrip()[:5] == _RTF_MAGIC


@lru_cache(maxsize=2)  # detect() then documents() read the same file
def docx_paragraphs(data: bytes) -> tuple[str, ...]:
    """The document's paragraphs in order, tables included, each stripped (empty ones kept)."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(cell.text.strip() for row in block.rows for cell in row.cells)
        else:  # a soft line break inside a paragraph is a line of its own ("\nEnd of Document")
            lines.extend(part.strip() for part in block.text.split("\n"))
    return tuple(lines)


@lru_cache(maxsize=2)
def rtf_plain_text(data: bytes) -> str:
    """The text of an RTF file; 8-bit bytes are read as cp1252 unless the file names its code page."""
    return rtf_to_text(data.decode("cp1252", errors="replace"), encoding="cp1252", errors="replace")


def single_document(data: bytes) -> tuple[str, str] | None:
    """(raw text, report note) for a DOCX or RTF file read as one article; None for other files.

    Raises ``Refused`` when the document holds no text.
    """
    if is_docx(data):
        text = "\n".join(docx_paragraphs(data))
        kind = "DOCX"
    elif is_rtf(data):
        text = rtf_plain_text(data)
        kind = "RTF"
    else:
        return None
    if not text.strip():
        raise Refused(f"{kind} document with no text")
    return text, f"{kind} read as a single document (no database export structure found)"
