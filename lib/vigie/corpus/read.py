"""``read_corpus``: a folder in, articles and a report on every input out.

Each file is read once (its bytes serve both the hash and the text) and
never raises: a refusal, an unreadable file, even a bug in one reader ends
as an ``InputReport`` for that file, and the run goes on.

A file read before (``known``: what the store holds of it) whose bytes and
metadata row hash as they did is not decoded or cleaned again: its stored
article is reused.  Decoding and cleaning were the largest part of an ingest
that re-extracts (almost) nothing, a registry or lexicon edit: on 10,000
synthetic articles, reading the corpus took 4.6 s of CPU, and 0.7 s with the
store's articles offered (plus 0.2 s for ingest to make them), the same
articles (benchmarks/data, December 2026).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from vigie.corpus.article import Given, MetaRow, Origin, build_article, content_hash
from vigie.corpus.decode import control_note, decode
from vigie.corpus.errors import Refused
from vigie.corpus.exports import Document, split_export
from vigie.corpus.formats import markdown_parts
from vigie.corpus.limits import MAX_FILE_BYTES, MAX_TABLE_BYTES
from vigie.corpus.metadata import read_metadata
from vigie.corpus.office import single_document
from vigie.corpus.tables import read_records
from vigie.corpus.walk import Entry, assign_ids, walk
from vigie.corpus.web import read_web_page
from vigie.types import Article, InputReport

Outcome = tuple[Article | None, InputReport]
#: An article read before, by id, with the notes of its report: what :func:`read_corpus` may reuse.
Known = Mapping[str, tuple[Article, str]]
#: Bump when reading or cleaning changes what the same bytes give: articles read by another version are read again.
READER_VERSION = "1"


@dataclass(frozen=True, slots=True)
class CorpusRead:
    """What a corpus folder holds: its articles, and a report for every input file or table row."""

    articles: tuple[Article, ...]
    reports: tuple[InputReport, ...]


def read_corpus(root: Path, *, progress: bool = False, known: Known | None = None) -> CorpusRead:
    """Read every article under ``root``; with ``progress``, show a bar on stderr.

    ``known`` holds articles read before from single-document files (by id,
    with their report's notes, as read by this ``READER_VERSION``): a file
    whose id, path, bytes and metadata row are unchanged gives that article
    again, without decoding or cleaning.  Raises only when ``root`` itself
    is not a readable folder.
    """
    root = Path(root)
    if not root.is_dir():
        raise NotADirectoryError(f"corpus folder not found: {root}")
    entries, reports = walk(root)
    ids = assign_ids([entry.path for entry in entries])
    metadata, metadata_reports = read_metadata(root, files=set(ids))
    reports += metadata_reports
    articles: list[Article] = []
    owners: dict[str, str] = {}
    bar = tqdm(entries, desc="lecture du corpus", unit="fichier", file=sys.stderr, disable=not progress)
    for entry in bar:
        for article, report in _read_entry(entry, id=ids[entry.path], meta=metadata.get(entry.path), known=known or {}):
            if article is not None and article.id in owners:
                reason = f"duplicate id {article.id!r}, already used by {owners[article.id]}"
                article, report = None, InputReport(report.path, report.row, "rejected", reason, None)
            if article is not None:
                owners[article.id] = _where(article.path, article.row)
                articles.append(article)
            reports.append(report)
    reports.sort(key=lambda report: (report.path, report.row or 0))
    return CorpusRead(tuple(articles), tuple(reports))


def _read_entry(entry: Entry, *, id: str, meta: MetaRow | None, known: Known) -> list[Outcome]:
    try:
        data = _read_bytes(entry)
        if entry.kind in ("csv", "jsonl"):
            return list(_table_articles(data, entry=entry, table_id=id, meta=meta))
        digest = content_hash(data, meta=meta)
        before, notes = known.get(id, (None, ""))
        if before is not None and before.path == entry.path and before.row is None and before.content_hash == digest:
            return [(before, InputReport(entry.path, None, "ingested", notes, id))]  # the same bytes read the same
        export = split_export(data)
        if export is not None:
            return list(_export_articles(*export, entry=entry, export_id=id, meta=meta))
        office = single_document(data)  # a DOCX or RTF that is no export: one article
        if office:
            raw, given, reader_note, control = office[0], Given(), office[1], ""
        else:
            document = decode(data)
            raw, given, reader_note = _parts(document, entry)
            control = control_note(document)
        origin = Origin(id, entry.path, None, digest)
        article, notes = build_article(raw, origin=origin, given=given, meta=meta)
        notes = "; ".join(filter(None, (control, reader_note, notes)))
        return [(article, InputReport(entry.path, None, "ingested", notes, id))]
    except Refused as refused:
        return [(None, InputReport(entry.path, None, refused.status, refused.reason, None))]
    except OSError as error:
        return [(None, InputReport(entry.path, None, "rejected", f"cannot read: {error.strerror}", None))]
    except Exception as error:  # noqa: BLE001 - one odd file must not stop a corpus of thousands
        reason = f"could not be read: {type(error).__name__}: {error}"
        return [(None, InputReport(entry.path, None, "rejected", reason, None))]


def _read_bytes(entry: Entry) -> bytes:
    """The file's bytes, read once; ``Refused`` past the size bound without reading it all."""
    limit = MAX_TABLE_BYTES if entry.kind in ("csv", "jsonl") else MAX_FILE_BYTES
    with open(entry.file, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > limit:  # read(limit) would allocate the whole bound
            raise Refused(f"file larger than {limit // 2**20} MB")
        return handle.read()


def _parts(document: str, entry: Entry) -> tuple[str, Given, str]:
    """The raw text, the fields the format states, and a note for the report ('' if none)."""
    if entry.kind == "html":
        page = read_web_page(document)
        return page.text, page.given, page.note
    if entry.kind == "markdown":
        return *markdown_parts(document), ""
    return document, Given(), ""


def _export_articles(
    name: str, documents: list[Document], *, entry: Entry, export_id: str, meta: MetaRow | None
) -> Iterator[Outcome]:
    """One outcome per document of a database export; ``row`` is the document's rank in the file."""
    if not documents:
        raise Refused(f"{name} export holding no article")
    for rank, document in enumerate(documents, start=1):
        if document.refusal:
            yield None, InputReport(entry.path, rank, document.status, f"{name}: {document.refusal}", None)
            continue
        doc_id = f"{export_id}#{rank}"
        origin = Origin(doc_id, entry.path, rank, content_hash(document.digest(), meta=meta))
        try:
            article, notes = build_article(document.text, origin=origin, given=document.given, meta=meta)
        except Refused as refused:
            yield None, InputReport(entry.path, rank, refused.status, f"{name}: {refused.reason}", None)
            continue
        yield article, InputReport(entry.path, rank, "ingested", "; ".join(filter(None, (name, notes))), doc_id)


def _table_articles(data: bytes, *, entry: Entry, table_id: str, meta: MetaRow | None) -> Iterator[Outcome]:
    """One outcome per row: an article, or the row's line number and why it was refused."""
    for record in read_records(decode(data), fmt="csv" if entry.kind == "csv" else "jsonl"):
        values = record.values
        row_id = f"{table_id}#{values.get('id', '').strip() or record.line}"
        try:
            if record.error:
                raise Refused(record.error)
            if not values.get("text", "").strip():
                raise Refused("no text in this row")
            given = Given(
                title=values.get("title", ""),
                date=values.get("date", ""),
                source=values.get("source", ""),
                url=values.get("url", ""),
            )
            origin = Origin(row_id, entry.path, record.line, content_hash(record.canonical(), meta=meta))
            article, notes = build_article(values["text"], origin=origin, given=given, meta=meta)
        except Refused as refused:
            yield None, InputReport(entry.path, record.line, refused.status, refused.reason, None)
            continue
        yield article, InputReport(entry.path, record.line, "ingested", notes, row_id)


def _where(path: str, row: int | None) -> str:
    return path if row is None else f"{path} line {row}"
