"""Database exports: one file holding many articles (Europresse, Factiva, Nexis Uni, Iramuteq).

Why a package of its own: researchers get their corpora as exports, and an
export is not one article.  Each format is a module with two functions,
``detect(data)`` (is this file mine? decided from the content, never from the
file name) and ``documents(data)`` (the file cut into ``Document`` records).
``read_corpus`` asks :func:`split_export` before reading a file as one
article, so an export renamed ``.txt`` is still cut into its articles, and a
plain page is still read as one.

A document that is not an article (a report extract, a tweet, a link with
no text, an article cut short at the end of a truncated file) is still a
``Document``, with the ``refusal`` that the report will show: nothing
disappears silently.  A whole file that is not a usable export (zero
articles, a search screen saved instead of an export) raises ``Refused``.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import astuple, dataclass
from types import ModuleType

from vigie.corpus.article import Given
from vigie.types import InputStatus


@dataclass(frozen=True, slots=True)
class Document:
    """One document of an export: raw text and stated fields, or why it is not ingested."""

    text: str
    given: Given
    refusal: str = ""  # non-empty: reported with ``status``, not ingested
    status: InputStatus = "rejected"

    def digest(self) -> bytes:
        """Bytes standing for this document alone, for its content hash (an export holds many)."""
        return hashlib.sha256(repr((self.text, astuple(self.given))).encode()).digest()


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """A format: its name for the report, and its two functions."""

    name: str
    detect: Callable[[bytes], bool]
    documents: Callable[[bytes], list[Document]]


def _formats() -> tuple[ExportFormat, ...]:
    """The known formats, most specific first (imported lazily: most corpora are plain files)."""
    from vigie.corpus.exports import europresse, factiva, iramuteq, nexis

    modules: list[ModuleType] = [europresse, nexis, factiva, iramuteq]
    return tuple(ExportFormat(m.NAME, m.detect, m.documents) for m in modules)


def split_export(data: bytes) -> tuple[str, list[Document]] | None:
    """(format name, documents) when ``data`` is a known export, else None (read as one article).

    Raises ``Refused`` when the file is an export that yields nothing usable.
    """
    for fmt in _formats():
        if fmt.detect(data):
            return fmt.name, fmt.documents(data)
    return None
