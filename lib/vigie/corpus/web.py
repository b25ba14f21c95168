"""Single web pages: the article's text through trafilatura, its date through htmldate.

Why libraries and not our own parser: a saved news page is mostly furniture
(menus, share bars, "lire aussi" teasers, comments, cookie banners), and
telling the article from it is what trafilatura is built and evaluated for.
On the 990 annotated pages that trafilatura's repository ships
(``benchmarks/compare_html_readers.py``, commit e90b0ef of adbar/trafilatura),
the stdlib ``HTMLParser`` reader that vigie had before kept 98.3 % of the
article snippets but also 60.0 % of the furniture snippets; this one keeps
94.6 % and 10.0 %.  Dates (728 pages annotated): 351 right, 42 wrong, 335
missing before; 603 right, 87 wrong, 38 missing now.  Of htmldate's 87
wrong dates, 26 are one day off (a time zone), 4 face a malformed annotation
("2022-29-11"), and some face an update date (cnn.com's 2021-03-08 page is
annotated 2021-03-14).  ``original_date=False`` gets 548 right and 140 wrong,
``extensive_search=True`` 630 right and 98 wrong, but reads the body.  ``favor_precision`` was tried on the first 200 pages:
furniture 13.8 % -> 11.9 %, article 96.2 % -> 93.8 %; not worth the text lost.
Median time per page on a shared 2-core machine, two runs: 43 and 32 ms
before, 165 and 112 ms now.

- Text: ``trafilatura.bare_extraction`` without comments; each block it
  keeps becomes a paragraph.  When it finds no main text, its own
  ``baseline`` reads the page whole, and the report note says so, so that no
  page is lost.  Both parse with lxml and return text only: script and style
  bodies, event handlers and ``javascript:`` links never become text, and
  escaped markup stays literal text.
- Date: ``htmldate.find_date`` with ``original_date=True`` (the first
  publication, not the last update) and ``extensive_search=False``: only the
  page's markup (meta tags, JSON-LD, ``<time>`` elements, header classes) is
  read, never a date written in the body, which is an event's.
- Title, author (``Given.authors``), site name (``Given.source``): trafilatura's
  metadata.  A site name that trafilatura only derived from the URL's host
  yields to the site named in a ``Title | Site`` suffix.  The URL is the
  canonical link when there is one, else trafilatura's (``og:url``).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import htmldate
import trafilatura

from vigie.corpus.article import Given, split_site_suffix

FALLBACK_NOTE = "page lue en entier (trafilatura n'y a pas trouvé de texte principal)"


@dataclass(frozen=True, slots=True)
class WebPage:
    """What a page yields: its raw text, what it states, and a note for the report ('' if none)."""

    text: str
    given: Given
    note: str = ""


def read_web_page(document: str) -> WebPage:
    """The main text of an HTML page, with its title, date, author, site and URL."""
    tree = trafilatura.load_html(document)
    if tree is None:  # nothing lxml can read as a document
        return WebPage("", Given())
    head_title = " ".join((tree.findtext(".//title") or "").split())
    canonical = next((href.strip() for href in tree.xpath("//link[@rel='canonical']/@href") if href.strip()), "")
    found = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False)
    note = ""
    text = found.text if found is not None and found.text else ""
    if not text.strip():
        text = trafilatura.baseline(document)[1]
        note = FALLBACK_NOTE if text.strip() else ""
    label, suffix_site = split_site_suffix(head_title)
    title = (found.title if found is not None else "") or label
    url = canonical or (found.url if found is not None else "") or ""
    site = (found.sitename if found is not None else "") or ""
    if suffix_site and (not site or _is_host(site, url)):
        site = suffix_site
    title = _without_site(title, site)
    body = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    if title and not body.startswith(title):  # the title opens the text, as in every other format
        body = f"{title}\n\n{body}" if body else ""
    given = Given(
        title=title,
        date=htmldate.find_date(document, extensive_search=False, original_date=True) or "",
        source=site,
        url=url,
        authors=(found.author if found is not None else "") or "",
    )
    return WebPage(body, given, note)


def _without_site(title: str, site: str) -> str:
    """``Headline - Site`` (or ``|``, ``–``) without the site, when the site is named."""
    for separator in (" - ", " | ", " – ", " — "):
        if site and title.endswith(separator + site) and len(title) > len(separator + site):
            return title[: -len(separator + site)].strip()
    return title


def _is_host(site: str, url: str) -> bool:
    """Whether ``site`` is only a host name (what trafilatura derives when a page names no site)."""
    host = urlsplit(url).hostname or ""
    return "." in site and " " not in site and (not host or site.removeprefix("www.") in host)
