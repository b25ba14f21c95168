"""Europresse HTML exports: one ``.html``/``.HTML`` file, one ``<article>`` per document.

Why this shape
- The structure is the one the public parsers read (CERES-Sorbonne/EuroParser,
  the R package tm.plugin.europresse, josquindebaz/Tiresias and its sample
  export): in each ``<article>``, ``span.DocPublicationName`` (the outlet,
  often followed by an issue number, "La Croix, no. 43018", or by an edition
  after a ``<br>``), ``span.DocHeader`` (a rubric, the date in French words,
  sometimes a time, a word count and a page: "Sciences, mercredi 18 octobre
  2023 2153 mots, p. AUJM18", "lundi 23 octobre 2023 - 11:49:55 -0000 1455
  mots"), ``div.titreArticle`` with ``p.titreArticleVisu`` (the title),
  ``p.rdp__subtitle``, ``div.docAuthors``, and ``div.docOcurrContainer`` (the
  text), whose last link "Cet article est paru dans …" carries the web
  address.  Only that modern form (Europresse since 2014) is read; the older
  ``<table>`` form has no ``<article>`` and is refused, saying to export again.
- HTML is parsed by lxml (libxml2, a C parser): a 1,000-article export is
  one parse, and its recovering parser closes what a cut file leaves open.
  The date is read by ``vigie.corpus.dates`` (the first date written out in
  the header, then ``parse_date``), never by a second French-date parser.
- Detected from the content, never the name: the class names
  ``DocPublicationName``/``docOcurrContainer`` appear in the first kilobytes
  of every export (its stylesheet names them before any article).  A page of
  Europresse's result list saved from the browser also names them, but holds
  no ``<article>`` and has the list's own classes (``docList-links``,
  ``kwicResult``): it is refused with what to do instead.
- Not every document is an article: report extracts ("Rapports - …"),
  tweets and links to documents Europresse does not host are kept as
  ``ignored`` documents with the reason, as the public parsers skip them.
- A file cut in the middle (download interrupted) still gives its complete
  articles; the cut one is reported: the last ``<article`` opened after the
  last ``</article>`` closed is the sign, read on the bytes before parsing.
- A document present twice stays two articles here: ``vigie.stories`` groups
  copies (one story, two copies), so nothing read is silently dropped.
"""
from __future__ import annotations

import re

from lxml import etree, html

from vigie.corpus.article import Given
from vigie.corpus.dates import date_span, parse_date
from vigie.corpus.decode import decode
from vigie.corpus.errors import Refused
from vigie.corpus.exports import Document
from vigie.corpus.exports.fields import clock_time, outlet_name, press_date

NAME = "Europresse"
_SNIFF_BYTES = 1 << 20  # markers sit in the stylesheet or the first article, well inside this
_MARKERS = (b"DocPublicationName", b"docOcurrContainer")
_RESULT_LIST = ("docList-links", "kwicResult", "doc-name")
_REPORT = re.compile(r"^(?:rapports?|reports?)\s+-", re.I)
_WEEKDAYS = frozenset("lundi mardi mercredi jeudi vendredi samedi dimanche".split())
_PAPER_LINK = "cet article est paru dans"
_WITH_CLASS = etree.XPath(".//*[@class]")
_BLOCKS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul", "ol")
_BLOCK, _LINE = "\ue000", "\ue001"  # block and line separators: private-use characters (lxml refuses controls)

REFUSED_EMPTY = "export Europresse sans aucun article : le fichier ne contient aucun élément <article>"
REFUSED_RESULT_LIST = (
    "page de résultats de recherche Europresse enregistrée depuis le navigateur, pas un export : "
    "exportez les articles au format HTML depuis Europresse (sélectionnez les documents, puis téléchargez-les en HTML)"
)
REFUSED_OLD_FORM = (
    "export Europresse de l'ancienne forme (un tableau par article, avant 2014) : non lu ; "
    "exportez de nouveau les articles au format HTML depuis Europresse"
)
CUT = "article coupé : fin du fichier atteinte avant la fin de l'article (export tronqué)"
REPORT_EXTRACT = "extrait de rapport ({outlet}) : pas un article de presse"
TWEET = "tweet : pas un article de presse"
LINK_ONLY = "lien seul, sans texte : document non hébergé par Europresse"
NO_OUTLET = "document sans nom de publication : pas un article de presse"


def detect(data: bytes) -> bool:
    """An export's class names appear in its first bytes."""
    return any(data.find(marker, 0, _SNIFF_BYTES) >= 0 for marker in _MARKERS)


def documents(data: bytes) -> list[Document]:
    """Every ``<article>`` of the export as a ``Document``; ``Refused`` when there is none."""
    root = html.document_fromstring(decode(data).encode("utf-8"), parser=html.HTMLParser(encoding="utf-8"))
    articles = root.xpath("//article")
    if not articles:
        if any(root.xpath(f"//*[{_has_class(name)} or @id='{name}']") for name in _RESULT_LIST):
            raise Refused(REFUSED_RESULT_LIST)
        if root.xpath(f"//*[{_has_class('DocPublicationName')}]"):
            raise Refused(REFUSED_OLD_FORM)
        raise Refused(REFUSED_EMPTY)
    found = [_document(article) for article in articles]
    if data.rfind(b"<article") > data.rfind(b"</article>"):  # the last one was never closed
        found[-1] = Document(found[-1].text, found[-1].given, refusal=CUT, status="rejected")
    return found


def _document(article: html.HtmlElement) -> Document:
    classes = _Classes(article)
    outlet_span = classes.first("DocPublicationName")
    if outlet_span is None:
        return _ignored(NO_OUTLET)
    outlet = _outlet(outlet_span)
    if _REPORT.match(outlet):
        return _ignored(REPORT_EXTRACT.format(outlet=outlet))
    if classes.first("twitter") is not None or classes.first("tweet") is not None:
        return _ignored(TWEET)
    body = classes.first("docOcurrContainer", "DocText")
    url = _take_paper_link(body) if body is not None else ""
    text = _block_text(body) if body is not None else ""
    if classes.first("link-not-hosted") is not None or not text:
        return _ignored(LINK_ONLY)
    date, section, time = _read_header(" ".join(_text(span) for span in classes.all("DocHeader")))
    title_box = classes.first("titreArticle")
    title = classes.first("titreArticleVisu", "rdp__articletitle")
    given = Given(
        title=_text(title if title is not None else title_box),
        date=date,
        source=outlet,
        url=url,
        subtitle=_text(classes.first("rdp__subtitle")),
        authors=_text(classes.first("docAuthors")) or _byline(title_box),
        section=section or _rubric(title_box),
        time=time,
    )
    return Document(text, given)


class _Classes:
    """An article's elements by class, in document order, from one walk of its tree.

    Nine XPath class tests per article (``contains(concat(' ', @class, ' '), …)``,
    each a walk of the whole article) took 40 % of a 1,000-article export's time.
    """

    def __init__(self, article: html.HtmlElement) -> None:
        self.found: dict[str, list[html.HtmlElement]] = {}
        for element in _WITH_CLASS(article):
            for name in (element.get("class") or "").split():
                self.found.setdefault(name, []).append(element)

    def first(self, *names: str) -> html.HtmlElement | None:
        """The first element of the first of ``names`` that any element has."""
        return next((self.found[name][0] for name in names if name in self.found), None)

    def all(self, name: str) -> list[html.HtmlElement]:
        return self.found.get(name, [])


def _ignored(reason: str) -> Document:
    return Document("", Given(), refusal=reason, status="ignored")


def _outlet(span: html.HtmlElement) -> str:
    """The outlet's name: the span's first line (an edition may follow a ``<br>``), issue number cut."""
    first_line = next((part for part in (span.text or "", *(child.tail or "" for child in span)) if part.strip()), "")
    if not first_line.strip():  # the name sits in a nested element (a highlighted search term)
        first_line = _text(span)
    return outlet_name(_squeeze(first_line))


def _read_header(header: str) -> tuple[str, str, str]:
    """(the date as written, the rubric before it, "HH:MM") from a ``DocHeader``; '' where absent."""
    span = date_span(header)
    if span is None or parse_date(header[span[0] : span[1]]) is None:
        found = press_date(header)  # an export made in Europresse's English interface
        return (found[0], "", found[1]) if found else ("", "", "")
    before = header[: span[0]].replace(",", " ").split()
    while before and before[-1].lower() in _WEEKDAYS:
        before.pop()
    section = " ".join(before).strip(" -")
    return header[span[0] : span[1]], section, clock_time(header[span[1] :])


def _byline(title_box: html.HtmlElement | None) -> str:
    """The public parsers' fallback for authors: a ``sm-margin-bottomNews`` paragraph after the title block."""
    after = title_box.getnext() if title_box is not None else None
    if after is not None and after.tag == "p" and "sm-margin-bottomNews" in after.get("class", "").split():
        return _text(after)
    return ""


def _rubric(title_box: html.HtmlElement | None) -> str:
    """A rubric printed above the title inside the title block ("TRIBUNES"), if any."""
    if title_box is None:
        return ""
    for paragraph in title_box.iter("p"):
        classes = paragraph.get("class", "")
        if "titreArticleVisu" in classes or "rdp__articletitle" in classes:
            return ""
        if "sm-margin-bottom" in classes:
            return _text(paragraph)
    return ""


def _take_paper_link(body: html.HtmlElement) -> str:
    """The address of the "Cet article est paru dans …" link, removed from the text."""
    for link in body.iter("a"):
        if _PAPER_LINK in _text(link).lower():
            link.drop_tree()  # keeps its tail text
            return (link.get("href") or "").strip()
    return ""


def _block_text(body: html.HtmlElement) -> str:
    """The body's text: one blank line between blocks, a line end at each ``<br>``.

    Whitespace inside the markup is HTML's (any run is one space, a line end
    in the source is no line end on screen), so blocks and ``<br>`` are marked
    with separator characters first and the text is laid out in a few passes
    over the whole string: a per-line loop cost a third of the export's time.
    """
    for element in body.iter("br", *_BLOCKS):
        if element is not body:
            mark = _LINE if element.tag == "br" else _BLOCK
            element.tail = mark + (element.tail or "")
            if element.tag != "br":
                element.text = mark + (element.text or "")
    text = " ".join(body.text_content().split())  # str.split: every run of spaces and line ends, at C speed
    blocks = (block.strip() for block in text.split(_BLOCK))
    return "\n\n".join("\n".join(line.strip() for line in block.split(_LINE)) for block in blocks if block)


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _text(element: html.HtmlElement | None) -> str:
    return _squeeze(element.text_content()) if element is not None else ""


def _squeeze(value: str) -> str:
    return " ".join(value.split())
