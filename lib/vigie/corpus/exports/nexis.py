"""Nexis Uni exports: one DOCX holding many articles.

The structure, as the R package ``LexisNexisTools`` (J. Gruber, GPL-3) reads
it and as its sample ``sample.DOCX`` shows (code not copied): an optional cover
page (date and time, job number, "Documents (10)", the list of titles, the
search terms), then each article as paragraphs: title, outlet, date line
("July 1, 2019 Monday 9:20 AM GMT"), an optional copyright line, labelled
fields ("Section: POLITICS; Version:28", "Length: 355 words", "Byline: ...",
"Highlight: ..."), the word "Body", the paragraphs, optionally
"Classification" and "Load-Date: ...", and "End of Document".

Fields are found from the end of the header backwards (labels, then the date
line, then outlet and title above it), so a cover page before the first
article is never mistaken for its title.  Labels are read in English and in
French: the French ones ("RUBRIQUE", "LONGUEUR", "AUTEUR", "ENCART",
"DATE-CHARGEMENT") are those of the French LexisNexis interface as listed by
the R package ``tm.plugin.lexisnexis``; "Fin du document" and "Corps" are
accepted as the French end and body markers.  Matching ignores case.
"""
from __future__ import annotations

import re

from vigie.corpus.article import Given
from vigie.corpus.exports import Document
from vigie.corpus.exports.fields import byline, outlet_name, press_date
from vigie.corpus.office import docx_paragraphs, is_docx

NAME = "Nexis Uni"

_END = frozenset(("end of document", "fin du document"))
_BODY = frozenset(("body", "corps", "texte", "text"))
_AFTER_BODY = frozenset(("classification", "notes", "graphic"))
_LABELS = {
    "section": "section", "rubrique": "section",
    "byline": "authors", "author": "authors", "auteur": "authors", "signature": "authors",
    "highlight": "subtitle", "encart": "subtitle",
    "length": "length", "longueur": "length",
    "load-date": "load", "date-chargement": "load", "date de chargement": "load",
    "url": "url", "lien": "url", "dateline": "dateline",
}  # fmt: skip
_LABEL = re.compile(r"(?P<label>[^\W\d_][\w' -]{1,30}?)\s*:\s*(?P<value>.*)")
_COVER = re.compile(r"(?:job number|documents \(\d+\)|date and time)\b", re.I)
_PAGE_NOTE = re.compile(r";\s*(?:version|pg|p)\b.*$", re.I)  # "POLITICS; Version:28", "INTERNATIONAL; Pg. 35"
_DATE_LINE_MAX = 80


def detect(data: bytes) -> bool:
    if not is_docx(data):
        return False
    lines = docx_paragraphs(data)
    return any(line.lower() in _END for line in lines) or any(_COVER.match(line) for line in lines[:40])


def documents(data: bytes) -> list[Document]:
    chunks: list[list[str]] = [[]]
    for line in docx_paragraphs(data):
        if line.lower() in _END:
            chunks.append([])
        else:
            chunks[-1].append(line)
    found = [_document(chunk) for chunk in chunks[:-1]]
    if any(line.lower() in _BODY for line in chunks[-1]):  # an article after the last end marker: cut short
        cut = _document(chunks[-1])
        refusal = f"article cut short at the end of the file: {cut.given.title[:80]!r}"
        found.append(Document("", cut.given, refusal=refusal))
    return found


def _document(lines: list[str]) -> Document:
    lowered = [line.lower() for line in lines]
    body_at = next((rank for rank, line in enumerate(lowered) if line in _BODY), None)
    header = lines if body_at is None else lines[:body_at]
    labelled, plain = _split_header(header)
    given = _given(labelled, plain)
    if body_at is None:
        return Document("", given, refusal=f"no text (no 'Body' section) under {given.title[:80]!r}")
    paragraphs: list[str] = []
    for line in lines[body_at + 1 :]:
        label = _LABEL.fullmatch(line)
        if line.lower() in _AFTER_BODY or (label and _LABELS.get(label["label"].lower()) == "load"):
            break
        if line:
            paragraphs.append(line)
    if not paragraphs:
        return Document("", given, refusal=f"no text under {given.title[:80]!r}")
    return Document("\n\n".join(paragraphs), given)


def _split_header(header: list[str]) -> tuple[dict[str, str], list[str]]:
    """Labelled fields by their English name, and the other non-empty lines in order."""
    labelled: dict[str, str] = {}
    plain: list[str] = []
    for line in header:
        found = _LABEL.fullmatch(line)
        name = _LABELS.get(found["label"].lower()) if found else None
        if name:
            labelled.setdefault(name, found["value"].strip())
        elif line:  # a title may hold a colon ("Retraites : les paris du 49.3")
            plain.append(line)
    return labelled, plain


def _given(labelled: dict[str, str], plain: list[str]) -> Given:
    """Title and outlet are the two lines above the last date line of the header."""
    dates = [rank for rank, line in enumerate(plain) if len(line) <= _DATE_LINE_MAX and press_date(line)]
    at = dates[-1] if dates else None
    found = press_date(plain[at]) if at is not None else None
    outlet = plain[at - 1] if at is not None and at >= 1 else ""
    title = plain[at - 2] if at is not None and at >= 2 else (plain[0] if plain else "")
    return Given(
        title=title,
        date=found[0] if found else "",
        source=outlet_name(outlet),
        url=labelled.get("url", ""),
        subtitle=labelled.get("subtitle", ""),
        authors=byline(labelled.get("authors", "")),
        section=_PAGE_NOTE.sub("", labelled.get("section", "")).strip(),
        time=found[1] if found else "",
    )
