"""Format-specific reading: Markdown to plain text plus what its front matter states.

``markdown_parts`` turns a decoded document into the raw text that
``build_article`` cleans, and the ``Given`` fields the front matter states
outright.  Web pages have their own module, ``vigie.corpus.web``.
"""
from __future__ import annotations

import re

from vigie.corpus.article import Given

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:.*\n){0,50}?)---[ \t]*(?:\n|\Z)")
_FRONT_FIELD = re.compile(r"(?P<key>title|titre|date|source|url|lien)\s*:\s*(?P<value>.*)", re.I)
_FRONT_KEYS = {"titre": "title", "lien": "url"}
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_QUOTE = re.compile(r"^ {0,3}> ?", re.M)


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
