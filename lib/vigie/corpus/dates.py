"""Publication dates: found where an editor put them, or left empty.

A wrong date moves an article on every timeline, an empty one only leaves it
out of them, so these rules only read places whose form says "this is when
the piece was published", best first:

1. a structured value (``metadata.csv``, a table's date column, an HTML meta
   tag): source ``metadata``;
2. a ``date YYYY-MM`` header opening the text: source ``header``;
3. a dateline: a ``Source : ..., le 16 mai 2019`` credit line, a
   ``Publié le ...`` line, or an agency dateline ``PARIS, 16 mai 2019 (AFP)``:
   source ``dateline``;
4. a full date in the title or the first lines: source ``text``.

Dates inside the body ("le 15 mars", "le 20 mars dernier") are events, and a
photo caption's date is the photo's: neither is ever read.  A date without a
year is only used to add precision to a better source that gives its year.
Precision follows the form of the value: ``2019`` is a year, ``2019-05`` a
month, ``16 mai 2019`` a day.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from vigie.types import DatePrecision, DateSource

_MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
    "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
_DAY_MONTH_YEAR = rf"(?P<day>1er|[0-3]?\d)\s+(?P<month>{_MONTH})\.?(?:\s+(?P<year>\d{{4}}))?"
_NUMERIC = r"(?P<nday>[0-3]?\d)[/.](?P<nmonth>[01]?\d)[/.](?P<nyear>\d{4})"
_ISO = r"(?P<iyear>\d{4})-(?P<imonth>[01]\d)-(?P<iday>[0-3]\d)"
# matched only where a number starts (see _dates_in): trying this at every position is slow
_DATE_AT = re.compile(rf"(?:{_DAY_MONTH_YEAR}|{_NUMERIC}|{_ISO})\b", re.I)
_DIGIT = re.compile(r"\d")

_VALUE_FORMS = (
    (re.compile(r"(?P<year>\d{4})"), "year"),
    (re.compile(r"(?P<year>\d{4})[-/](?P<month>\d{1,2})"), "month"),
    (re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?"), "day"),
    (re.compile(r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})"), "day"),
    (re.compile(r"(?P<month>\d{1,2})[/.-](?P<year>\d{4})"), "month"),
    (re.compile(rf"{_WEEKDAY}(?P<day>1er|\d{{1,2}})\s+(?P<month>{_MONTH})\.?\s+(?P<year>\d{{4}})", re.I), "day"),
    (re.compile(rf"(?P<month>{_MONTH})\.?\s+(?P<year>\d{{4}})", re.I), "month"),
)

HEADER = re.compile(
    rf"\A[ \t]*date(?:[ \t]*:[ \t]*|[ \t]+)(?P<value>\d{{4}}(?:-\d{{1,2}}){{0,2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|"
    rf"(?:1er|\d{{1,2}})\s+(?:{_MONTH})\s+\d{{4}})(?=\s|$)[ \t]*\n?",
    re.I,
)
_SOURCE_LINE = re.compile(r"^\W*sources?\b(?:[ \t]*\([^)\n]*\))?[ \t]*:[ \t]*(?P<value>\S.*)", re.I | re.M)
_PUBLISHED = re.compile(r"\W*(?:publié|mis à jour|mise à jour|modifié|published|updated)\b.*", re.I)
# a place, maybe an agency or a region, then the date, then an agency credit, a dash or the line's end
_AGENCY_DATELINE = re.compile(
    rf"[A-ZÀ-Ý][\w'. -]{{1,40}}?(?:\s*\([^)\n]{{1,30}}\))?(?:,\s*[A-ZÀ-Ý][\w'. -]{{1,30}}?)?,"
    rf"\s*(?:le\s+)?{_WEEKDAY}{_DAY_MONTH_YEAR}\.?\s*(?=\(|[-–—]|$)"
)
_CAPTION = re.compile(
    r"\W*(?:photo|image|illustration|crédits?|credit|légende|capture|archives?|infographie|vidéo)\b|.*©",
    re.I,
)
_LEAD_LINES = 3  # how far into an article a dateline or a title date may sit
_TAIL_LINES = 5  # how near the end a "Publié le" line may sit


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date with how much of it is known and where it was read."""

    date: dt.date
    precision: DatePrecision
    source: DateSource


@dataclass(frozen=True, slots=True)
class DayMonth:
    """A dateline date without its year: usable only to refine a better source."""

    day: int
    month: int


def parse_date(value: str) -> tuple[dt.date, DatePrecision] | None:
    """Read a structured date value; precision follows its form; None if not a date."""
    value = value.strip()
    for form, precision in _VALUE_FORMS:
        match = form.fullmatch(value)
        if match:
            parts = match.groupdict()
            made = _make(parts["year"], parts.get("month"), parts.get("day"))
            return (made, precision) if made else None
    return None


def split_header(text: str) -> tuple[FoundDate | None, str]:
    """Take a ``date YYYY-MM`` header off the start of ``text``, with body text after it or not."""
    match = HEADER.match(text)
    parsed = parse_date(match["value"]) if match else None
    if not parsed:
        return None, text
    return FoundDate(*parsed, "header"), text[match.end() :].lstrip()


def find_dateline(text: str) -> FoundDate | DayMonth | None:
    """The date of a credit line, a "Publié le" line or an agency dateline, if any."""
    for value in reversed(source_values(text)):
        found = _date_in(value)
        if found:
            return found
    lead = _lines(text, _LEAD_LINES)
    for line in lead + _lines(text, _TAIL_LINES, from_end=True):
        found = _PUBLISHED.fullmatch(line) and _date_in(line)
        if found:
            return found
    for line in lead:
        match = _AGENCY_DATELINE.match(line)
        if match:
            return _from_match(match)
    return None


def find_text_date(title: str, text: str) -> FoundDate | None:
    """A full date in the title or the first lines, photo captions excepted."""
    for line in (title, *_lines(text, _LEAD_LINES)):
        if _CAPTION.match(line):
            continue
        for match in _dates_in(line):
            found = _from_match(match)
            if isinstance(found, FoundDate):
                return FoundDate(found.date, found.precision, "text")
    return None


def source_values(text: str) -> list[str]:
    """What follows ``Source :`` on each credit line of ``text``, in order."""
    if "ource" not in text and "OURCE" not in text:  # a plain search first: most texts have none
        return []
    return [match["value"] for match in _SOURCE_LINE.finditer(text)]


def choose_date(
    ranked: tuple[FoundDate | None, ...],
    *,
    dateline: FoundDate | DayMonth | None = None,
    fallback: FoundDate | None = None,
) -> FoundDate | None:
    """The first of ``ranked`` (best first), else the dateline, else ``fallback``.

    Below a better source the dateline may only add precision to it (same
    year, same month when known), never contradict it; a date without a year
    counts only that way.
    """
    best = next((found for found in ranked if found), None)
    if best is None:
        return dateline if isinstance(dateline, FoundDate) else fallback
    if dateline is None or best.precision == "day":
        return best
    if isinstance(dateline, DayMonth):
        year, month, day = best.date.year, dateline.month, dateline.day
    else:
        year, month, day = dateline.date.year, dateline.date.month, dateline.date.day
    consistent = year == best.date.year and (best.precision == "year" or month == best.date.month)
    finer = _make(str(year), str(month), str(day)) if consistent else None
    return FoundDate(finer, "day", "dateline") if finer else best


def date_span(value: str) -> tuple[int, int] | None:
    """Where the first date written out in ``value`` starts and ends, if any."""
    match = next(_dates_in(value), None)
    return match.span() if match else None


def _lines(text: str, count: int, *, from_end: bool = False) -> list[str]:
    """The first (or last) ``count`` non-empty lines, without splitting a whole long text."""
    found: list[str] = []
    cut = 2 * count + 1  # clean text never has two blank lines in a row
    parts = text.rsplit("\n", cut) if from_end else text.split("\n", cut)
    if len(parts) > cut:  # drop the unsplit remainder
        parts = parts[1:] if from_end else parts[:-1]
    for line in reversed(parts) if from_end else parts:
        if line and len(found) < count:
            found.append(line)
    return found[::-1] if from_end else found


def _date_in(value: str) -> FoundDate | DayMonth | None:
    match = next(_dates_in(value), None)
    return _from_match(match) if match else None


def _dates_in(line: str) -> Iterator[re.Match[str]]:
    """Dates written out in ``line``, tried only where a number starts."""
    for digit in _DIGIT.finditer(line):
        start = digit.start()
        if start and (line[start - 1].isalnum() or line[start - 1] == "_"):
            continue
        match = _DATE_AT.match(line, start)
        if match:
            yield match


def _from_match(match: re.Match[str]) -> FoundDate | DayMonth | None:
    parts = match.groupdict()
    if parts.get("nyear"):
        made = _make(parts["nyear"], parts["nmonth"], parts["nday"])
    elif parts.get("iyear"):
        made = _make(parts["iyear"], parts["imonth"], parts["iday"])
    elif parts["year"]:
        made = _make(parts["year"], parts["month"], parts["day"])
    else:
        day = 1 if parts["day"].lower() == "1er" else int(parts["day"])
        month = _MONTHS[parts["month"].lower()]
        return DayMonth(day, month) if _make("2000", str(month), str(day)) else None
    return FoundDate(made, "day", "dateline") if made else None


def _make(year: str, month: str | None, day: str | None) -> dt.date | None:
    """A ``date`` from its parts (missing ones as 1), or None when they name no day."""
    try:
        month_number = _MONTHS.get(month.lower()) if month and not month.isdigit() else int(month or 1)
        day_number = 1 if day and day.lower() == "1er" else int(day or 1)
        return dt.date(int(year), month_number or 0, day_number)
    except ValueError:
        return None
