"""Format-specific reading: HTML and Markdown to plain text plus what they state.

Each function turns a decoded document into the raw text that
``build_article`` cleans, and the ``Given`` fields the format states outright
(an HTML meta tag, a Markdown front matter).  HTML is parsed with the stdlib
``html.parser``: its text is taken as data, never run, so ``<script>`` bodies
and ``onerror`` attributes simply disappear with the markup.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from vigie.corpus.article import Given, split_site_suffix

_SKIPPED = frozenset(
    "script style noscript template svg canvas object iframe nav footer aside form button select textarea".split()
)
_BLOCKS = frozenset(
    "p div section article main header h1 h2 h3 h4 h5 h6 blockquote pre li ul ol dl dt dd "
    "table tr figure figcaption hr address".split()
)
_DATE_META = frozenset(
    (
        "article:published_time", "og:article:published_time", "date", "dc.date", "dc.date.issued",
        "dcterms.date", "dcterms.issued", "pubdate", "publish-date", "publication_date",
        "sailthru.date", "parsely-pub-date", "datepublished",
    )
)  # fmt: skip
_WHITESPACE = re.compile(r"\s+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:.*\n){0,50}?)---[ \t]*(?:\n|\Z)")
_FRONT_FIELD = re.compile(r"(?P<key>title|titre|date|source|url|lien)\s*:\s*(?P<value>.*)", re.I)
_FRONT_KEYS = {"titre": "title", "lien": "url"}
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_QUOTE = re.compile(r"^ {0,3}> ?", re.M)


def html_parts(document: str) -> tuple[str, Given]:
    """The readable text of an HTML page and its title, date, site and URL."""
    parser = _ReadableText()
    parser.feed(document)
    parser.close()
    label, site = split_site_suffix(parser.title)  # "Headline | Site | Section"
    given = Given(title=parser.h1 or label, date=parser.date, source=parser.site or site, url=parser.url)
    return "".join(parser.chunks), given


def markdown_parts(document: str) -> tuple[str, Given]:
    """Markdown without its markup, and the fields of a leading ``---`` front matter."""
    fields: dict[str, str] = {}
    front = _FRONT_MATTER.match(document)
    if front:
        for line in front["body"].splitlines():
            match = _FRONT_FIELD.fullmatch(line.strip())
            if match:
                key = match["key"].lower()
                fields[_FRONT_KEYS.get(key, key)] = match["value"].strip().strip("\"'")
        document = document[front.end() :]
    text = _MD_HEADING.sub(r"\1", document)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return _MD_QUOTE.sub("", text), Given(**fields)


class _ReadableText(HTMLParser):
    """Collects visible text, leaving out scripts, menus, forms and footers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping = 0
        self.capturing = ""  # "title" or "h1" while inside the first of them
        self.captured: list[str] = []
        self.title = self.h1 = self.date = self.site = self.url = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in ("meta", "link"):
            self._read_head_tag(tag, {name: value or "" for name, value in attrs})
        elif tag in ("title", "h1") and not getattr(self, tag) and not self.capturing:
            self.capturing, self.captured = tag, []
        if tag == "br":
            self.chunks.append("\n")
        elif tag in _BLOCKS:
            self.chunks.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCKS:
            self.chunks.append("\n\n")
        if tag == self.capturing:
            setattr(self, tag, _WHITESPACE.sub(" ", "".join(self.captured)).strip())
            self.capturing = ""

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.capturing:
            self.captured.append(data)
        if self.capturing != "title":  # the <title> is the tab's label, not page text
            self.chunks.append(_WHITESPACE.sub(" ", data))

    def _read_head_tag(self, tag: str, attrs: dict[str, str]) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = attrs.get("content", "").strip()
        if tag == "link" and attrs.get("rel", "").lower() == "canonical":
            self.url = self.url or attrs.get("href", "").strip()
        elif key in _DATE_META:
            self.date = self.date or content
        elif key == "og:site_name":
            self.site = self.site or content
        elif key == "og:url":
            self.url = self.url or content
