"""Factiva exports: the HTML page of selected articles, and the RTF file with indexing.

Structures, as the public parsers read them (their code is not copied here):

- HTML "Full article/report plus indexing" (R package ``tm.plugin.factiva``,
  whose sample ``factiva_test.html`` is in ``tests/corpus/data/factiva``): one
  ``<div class="article frArticle">`` (``enArticle``...) per article, holding a
  table whose rows pair a field code (``HD`` headline, ``BY`` byline, ``SE``
  section, ``PD`` date, ``ET`` time, ``SN`` source name, ``WC`` word count,
  ``LP`` lead paragraphs, ``TD`` the rest, ``AN`` accession number...) with its
  value.  The codes are the same in every interface language; only the values
  change ("295 mots" / "295 words", "29 décembre 2011" / "29 December 2011").
- HTML "Article format" (R package ``newspapers`` by K. Watanabe): the same
  ``div``, with the headline in a ``span`` whose class ends in ``Headline``,
  then attribute-less ``div`` lines: word count, date, optional time, source,
  source code, language, copyright; the text in ``p.articleParagraph``.
- RTF with indexing (C. Hennesy's ``factiva_parser``): the same field codes,
  each opening a paragraph, one article after another.  The RTF article format
  without codes is not read as an export (no public parser relies on it): such
  a file is read as one document.

A page titled "Factiva" with no article is an export of zero articles, and
``read_corpus`` refuses it with that reason.  HTML is read with lxml (a real
parser: an export holds thousands of rows), RTF with striprtf.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import html as lxml_html

from vigie.corpus.article import Given
from vigie.corpus.decode import decode
from vigie.corpus.errors import Refused
from vigie.corpus.exports import Document
from vigie.corpus.exports.fields import byline, clock_time, outlet_name, press_date, word_count
from vigie.corpus.office import is_rtf, rtf_plain_text

NAME = "Factiva"

_CODES = frozenset(
    "AN ART BY CLM CO CR CT CX CY DLN ED ET GC HD HLP IN IPC IPD LA LP NGC NS PD PG PUB RE RF RST SC SE SN TD "
    "VOL WC".split()
)
_BODY = ("LP", "TD")
_ARTICLE_DIVS = "//div[starts-with(@class, 'article ')]"
# a code alone, or followed by a tab or several spaces: "LA SNCF a annoncé" opens no field
_RTF_FIELD = re.compile(r"(?P<code>[A-Z]{2,3})(?:(?:\t| {2,})\s*(?P<value>.*))?")
_HTML_HINTS = (b"articleParagraph", b"Factiva")


@dataclass(slots=True)
class _Record:
    """One article's fields by code, and its paragraphs (``LP`` then ``TD``)."""

    fields: dict[str, str] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)


def detect(data: bytes) -> bool:
    if is_rtf(data):
        return bool(_rtf_records(rtf_plain_text(data)))
    return _page(data) is not None


def documents(data: bytes) -> list[Document]:
    if is_rtf(data):
        records = _rtf_records(rtf_plain_text(data))
    else:
        page = _page(data)
        records = [] if page is None else [_html_record(div) for div in page.xpath(_ARTICLE_DIVS)]
    return [_document(record) for record in records]


def _document(record: _Record) -> Document:
    fields = record.fields
    stated = fields.get("PD", "")
    found = press_date(stated)
    given = Given(
        title=fields.get("HD", ""),
        date=found[0] if found else stated,
        source=outlet_name(fields.get("SN", "")),
        authors=byline(fields.get("BY", "")),
        section=fields.get("SE", ""),
        time=clock_time(fields.get("ET", "")) or (found[1] if found else ""),
    )
    text = "\n\n".join(paragraph for paragraph in record.paragraphs if paragraph)
    if not text.strip():
        return Document("", given, refusal=f"no article text under the headline {given.title[:80]!r}")
    return Document(text, given)


@lru_cache(maxsize=2)  # detect() then documents() parse the same file
def _page(data: bytes) -> lxml_html.HtmlElement | None:
    """The parsed page when it is a Factiva export (articles, or a page titled "Factiva")."""
    if not any(hint in data for hint in _HTML_HINTS):
        return None  # most HTML files: no parse at all
    try:  # decoded here (UTF-8, else the Western code pages): lxml assumes latin-1 without a meta charset
        page = lxml_html.fromstring(decode(data))
    except ValueError:  # an XML declaration naming its encoding: lxml must read the bytes itself
        page = lxml_html.fromstring(data)
    except (Refused, lxml_html.etree.ParserError):
        return None
    if page.xpath(_ARTICLE_DIVS) or page.findtext(".//title", "").strip() == "Factiva":
        return page
    return None


def _html_record(div: lxml_html.HtmlElement) -> _Record:
    record = _Record()
    for row in div.xpath(".//tr[td[@class='index']]"):
        cells = row.findall("td")
        code = _flat(cells[0].text_content())
        if code in _BODY and len(cells) > 1:
            paragraphs = [_flat(p.text_content()) for p in cells[1].iter("p")]
            record.paragraphs += paragraphs or [_flat(cells[1].text_content())]
        elif code in _CODES and len(cells) > 1:
            record.fields[code] = _flat(cells[1].text_content())
    if not record.fields:  # the article format: no codes, lines in a fixed order
        record.fields = _article_format_fields(div)
        record.paragraphs = [_flat(p.text_content()) for p in div.xpath(".//p[contains(@class, 'articleParagraph')]")]
    return record


def _article_format_fields(div: lxml_html.HtmlElement) -> dict[str, str]:
    """HD, BY, WC, PD, ET, SN read by position around the word count line."""
    fields = {
        "HD": _flat(" ".join(div.xpath(".//*[contains(@class, 'Headline')]//text()"))),
        "BY": _flat(" ".join(div.xpath(".//div[@class='author']//text()"))),
    }
    lines = [_flat(line.text_content()) for line in div.xpath(".//div[not(@*)]")]
    counts = [rank for rank, line in enumerate(lines) if word_count(line) is not None]
    if not counts:
        return fields
    after = lines[counts[0] + 1 :]
    fields["WC"] = lines[counts[0]]
    if after:
        fields["PD"] = after.pop(0)
    if after and clock_time(after[0]) and len(after[0]) <= 8:
        fields["ET"] = after.pop(0)
    if after:
        fields["SN"] = after.pop(0)
    return fields


def _rtf_records(text: str) -> list[_Record]:
    """Articles of an RTF export with indexing: a code seen twice starts the next article."""
    records: list[_Record] = []
    current: _Record | None = None
    code = ""
    for line in text.splitlines():
        line = line.strip()
        found = _RTF_FIELD.fullmatch(line)
        if found and found["code"] in _CODES:
            code = found["code"]
            if current is None or code in current.fields or "AN" in current.fields:  # AN closes an article
                current = _Record()
                records.append(current)
            value = (found["value"] or "").strip()
            if code in _BODY:
                current.fields.setdefault(code, "")
                if value:
                    current.paragraphs.append(value)
            else:
                current.fields[code] = value
        elif current is not None and line:
            if code in _BODY:
                current.paragraphs.append(line)
            else:
                current.fields[code] = _flat(f"{current.fields[code]} {line}")
    return [record for record in records if "HD" in record.fields and ("SN" in record.fields or "PD" in record.fields)]


def _flat(value: str) -> str:
    return " ".join(value.split())
