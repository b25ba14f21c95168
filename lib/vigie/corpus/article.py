"""From one input's raw text to an ``Article``: cleaning, title, source, date.

Every format ends here, so a CSV row, an HTML page and a text file obey the
same rules.  What is stated outright beats what is guessed from the text.
Of the two ways to state it, ``metadata.csv`` (``MetaRow``) beats what a file
says of itself (``Given``: an HTML meta tag, a front matter), since whoever
wrote it knows best; but a table row's own columns beat the metadata row of
its table, which only fills their gaps (a table's title is never a row's).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from vigie.corpus.clean import clean_text, normalise
from vigie.corpus.dates import (
    FoundDate,
    choose_date,
    date_span,
    find_dateline,
    parse_date,
    source_values,
    split_header,
)
from vigie.corpus.errors import Refused
from vigie.corpus.limits import MAX_TEXT_CHARS
from vigie.types import Article

TITLE_LINE_MAX = 150  # a longer first line is running text, not a title
TITLE_CUT = 120
SOURCE_MAX = 80  # a longer "Source :" value is a sentence, not a name
_SUFFIX_PART_MAX = 40
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bMme)(?<!\bDr)[.!?…](?=\s|$)")
_TRIM = " ,;:.-–—"


@dataclass(frozen=True, slots=True)
class Given:
    """Fields an input states outright, as raw strings, before any text rule."""

    title: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    subtitle: str = ""
    authors: str = ""
    section: str = ""
    time: str = ""  # "HH:MM"
    variables: str = ""  # JSON object of other variables (Iramuteq), "" for none


@dataclass(frozen=True, slots=True)
class MetaRow:
    """One valid row of ``metadata.csv``; ``digest`` enters the article's content hash."""

    path: str
    row: int
    title: str
    date: FoundDate | None
    source: str
    url: str
    digest: str


@dataclass(frozen=True, slots=True)
class _Stated:
    """Fields stated outright by one party (the input itself, or metadata.csv)."""

    title: str = ""
    date: FoundDate | None = None
    source: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an article comes from: its id, file, table row and content hash."""

    id: str
    path: str
    row: int | None
    content_hash: str


def content_hash(payload: bytes, *, meta: MetaRow | None) -> str:
    """sha256 of the raw input, chained with its metadata row so that editing either re-ingests."""
    digest = hashlib.sha256(payload).hexdigest()
    if meta is None:
        return digest
    return hashlib.sha256(f"{digest}\n{meta.digest}".encode()).hexdigest()


def build_article(raw: str, *, origin: Origin, given: Given, meta: MetaRow | None) -> tuple[Article, str]:
    """Clean ``raw`` and settle title, source and date; also return notes for the report.

    Raises ``Refused`` when nothing is left once page furniture is removed.
    """
    notes: list[str] = []
    header, text = split_header(clean_text(raw))
    if not text:
        raise Refused("no text left after cleaning")
    first_line, _, rest = text.partition("\n")
    first_line, site = split_site_suffix(first_line)
    text = f"{first_line}\n{rest}" if rest else first_line
    given_title, given_site = split_site_suffix(normalise(given.title))
    stated = _Stated(given_title, _given_date(given.date, notes), given.source or given_site, given.url.strip())
    listed = _Stated(meta.title, meta.date, meta.source, meta.url) if meta else _Stated()
    first, second = listed, stated
    if origin.row is not None:  # a row: its own columns first, and never its table's one title
        first, second = stated, _Stated("", listed.date, listed.source, listed.url)
    title = normalise(first.title or second.title) or title_from_text(text)
    dateline = find_dateline(text)
    date = choose_date((first.date, second.date, header), dateline=dateline)
    source = first.source or second.source or site or source_from_text(text)
    if len(text) > MAX_TEXT_CHARS:
        notes.append(f"cut to {MAX_TEXT_CHARS} chars (was {len(text)})")
        text = text[:MAX_TEXT_CHARS]
    article = Article(
        id=origin.id,
        path=origin.path,
        row=origin.row,
        title=title,
        text=text,
        date=date.date if date else None,
        date_precision=date.precision if date else None,
        date_source=date.source if date else None,
        source=normalise(source),
        edition=normalise(source),
        url=first.url or second.url,
        content_hash=origin.content_hash,
        subtitle=normalise(given.subtitle),
        authors=normalise(given.authors),
        section=normalise(given.section),
        time=given.time or _byline_time(date, dateline),
        variables=given.variables,
    )
    return article, "; ".join(notes)


def split_site_suffix(line: str) -> tuple[str, str]:
    """Split ``Title | site | section`` into the title and the site; no suffix gives ''."""
    title, *suffix = line.split(" | ")
    if not suffix or len(suffix) > 3 or len(title) < 10:
        return line, ""
    if any(not part.strip() or len(part) > _SUFFIX_PART_MAX for part in suffix):
        return line, ""
    return title.strip(), suffix[0].strip()


def title_from_text(text: str) -> str:
    """A short first line, or the first sentence of a long one, cut at a word with '…'."""
    first = text.split("\n", 1)[0]
    if len(first) <= TITLE_LINE_MAX:
        return first
    end = _SENTENCE_END.search(first)
    sentence = first[: end.end()] if end else first
    if len(sentence) <= TITLE_CUT:
        return sentence
    cut = sentence[: TITLE_CUT + 1].rsplit(" ", 1)[0] if " " in sentence[:TITLE_CUT] else sentence[:TITLE_CUT]
    return cut.rstrip(_TRIM) + "…"


def source_from_text(text: str) -> str:
    """The name in the last ``Source : X`` line (its date taken off), or ''."""
    values = source_values(text)
    if not values:
        return ""
    span = date_span(values[-1])
    name = (values[-1][: span[0]] if span else values[-1]).strip(_TRIM)
    name = re.sub(r"(?:,\s*|\s+)le$", "", name).strip(_TRIM)
    return name if 0 < len(name) <= SOURCE_MAX else ""


def _byline_time(date: FoundDate | None, dateline: object) -> str:
    """The byline's time, when the date kept is the byline's day."""
    if date is None or not isinstance(dateline, FoundDate) or date.precision != "day":
        return ""
    return dateline.time if dateline.date == date.date else ""


def _given_date(value: str, notes: list[str]) -> FoundDate | None:
    if not value.strip():
        return None
    parsed = parse_date(value)
    if parsed is None:
        notes.append(f"date {value.strip()[:40]!r} not understood, ignored")
        return None
    return FoundDate(*parsed, "metadata")
