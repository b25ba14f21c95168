"""Iramuteq (ALCESTE) corpora: ``**** *var_value …`` lines, each opening one text.

The format, as Iramuteq's manual states it (Pierre Ratinaud, « Format des
données en entrée », GNU FDL): a plain-text file of « unités de contexte
initiales », each introduced by four stars and its starred variables separated
by spaces; a line holding only ``-*theme`` inside a text marks a thematic
part; forms written ``_rire_`` in the text are starred forms and stay text.
A variable is ``*name_modality``: the name runs to the first underscore, the
modality is the rest (``*date_2020_05_15``: name ``date``, modality
``2020_05_15``).  Iramuteq lets the user pick the encoding on import, so the
file goes through :func:`vigie.corpus.decode.decode` like any other text.

What becomes metadata: ``source``/``journal``/``media`` give the outlet
(underscores read as spaces: ``*source_le_monde`` is « le monde »;
``sources.yaml`` then groups it with « Le Monde »); ``date`` gives the date
(``2020-05-15``, ``2020_05_15``, ``20200515``, ``15-05-2020``); failing that,
``annee``/``year`` with ``mois``/``month`` give a year or a month.  Every other
variable, and the thematic lines of a text (as ``thematiques``), is kept as a
JSON object of strings in ``Given.variables``, for filters.

Detected from the content only: the first non-empty line starts with
``****`` (a ``.txt`` extension proves nothing).
"""
from __future__ import annotations

import json
import re

from vigie.corpus.article import Given
from vigie.corpus.decode import decode
from vigie.corpus.exports import Document

NAME = "iramuteq"
SOURCE_NAMES = ("source", "journal", "media")
DATE_NAMES = ("date",)
YEAR_NAMES = ("annee", "year", "an")
MONTH_NAMES = ("mois", "month")
THEMES_KEY = "thematiques"  # thematic lines of a text, joined by spaces
_HEADER = re.compile(r"\*{4}(?=\s|$)")
_THEME_LINE = re.compile(r"-\*(\S+)\s*")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_HEAD_BYTES = 4096  # the stars open the file: its head is enough (UTF-8, cp1252 and latin-1 agree on ASCII)


def detect(data: bytes) -> bool:
    """The first non-empty line starts with ``****`` (read on the head of the file only)."""
    head = data[:_HEAD_BYTES]
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    return bool(_HEADER.match(head.decode(encoding, errors="ignore").lstrip()))


def documents(data: bytes) -> list[Document]:
    """One ``Document`` per ``****`` line, with its variables read into ``Given``."""
    lines = decode(data).splitlines()
    starts = [number for number, line in enumerate(lines) if _HEADER.match(line)]
    out = []
    for first, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        variables = parse_variables(lines[first])
        body, themes = _body(lines[first + 1 : end])
        if themes:
            variables[THEMES_KEY] = " ".join(themes)
        given = _given(variables)
        if not body.strip():
            out.append(Document("", given, refusal=f"text on line {first + 1} is empty"))
        else:
            out.append(Document(body, given))
    return out


def parse_variables(header: str) -> dict[str, str]:
    """``**** *a_1 *b_x_y *flag *a_2`` -> {"a": "1 2", "b": "x_y", "flag": ""}: repeats joined by spaces.

    A variable given several times (``*acteur_macron *acteur_facebook``, as
    vigie's own export writes actors) keeps every modality.
    """
    variables: dict[str, str] = {}
    for token in header.split()[1:]:
        token = token.lstrip("*")
        if not token:
            continue
        name, _, value = token.partition("_")
        name = name.lower()
        variables[name] = f"{variables[name]} {value}" if variables.get(name) else value
    return variables


def _body(lines: list[str]) -> tuple[str, list[str]]:
    """The text without its thematic lines, and the themes those lines named."""
    kept, themes = [], []
    for line in lines:
        theme = _THEME_LINE.fullmatch(line.strip())
        if theme:
            themes.append(theme.group(1))
        else:
            kept.append(line)
    return "\n".join(kept).strip("\n"), themes


def _given(variables: dict[str, str]) -> Given:
    """Source and date where the variables say so; the other variables as JSON."""
    source = _take(variables, SOURCE_NAMES).replace("_", " ").strip()
    date = date_value(_take(variables, DATE_NAMES))
    year, month = _take(variables, YEAR_NAMES), _take(variables, MONTH_NAMES)
    if not date and re.fullmatch(r"\d{4}", year):
        date = year
        if re.fullmatch(r"\d{1,2}", month) and 1 <= int(month) <= 12:
            date = f"{year}-{int(month):02d}"
    if not date and re.fullmatch(r"\d{4}[-_]\d{1,2}", month):
        date = month.replace("_", "-")
    rest = json.dumps(variables, ensure_ascii=False, sort_keys=True) if variables else ""
    return Given(source=source, date=date, variables=rest)


def _take(variables: dict[str, str], names: tuple[str, ...]) -> str:
    """Pop the first of ``names`` present (the others stay among the variables)."""
    for name in names:
        if name in variables:
            return variables.pop(name)
    return ""


def date_value(value: str) -> str:
    """A starred date as ``parse_date`` reads it: ``2020_05_15`` and ``20200515`` become ``2020-05-15``."""
    compact = _COMPACT_DATE.fullmatch(value)
    if compact:
        return "-".join(compact.groups())
    return value.replace("_", "-")
