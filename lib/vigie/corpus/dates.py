"""Publication dates: found where an editor put them, or left empty.

A wrong date moves an article on every timeline, an empty one only leaves it
out of them, so these rules only read places whose form says "this is when
the piece was published", best first:

1. a structured value (``metadata.csv``, a table's date column, an HTML meta
   tag): source ``metadata``;
2. a ``date YYYY-MM`` header opening the text: source ``header``;
3. a credit line ``Source : ..., le 16 mai 2019``, else a byline, else an
   agency dateline ``PARIS, 16 mai 2019 (AFP)``: source ``dateline``.

A byline is a line near the top (or, for a keyword line, near the end) whose
form says "published": ``Publié le 28 août 2019 à 08h59``, ``Publié : ...``,
``Mis à jour le ...``, ``Date de parution : ...``, ``Édition du ...``,
``Le 15 mai 2020 à 15h42`` (a date and a time, nothing else on the line but
an update), or a line holding only a date (``- 25 mai 2020``,
``26 Septembre 2021 , Rédigé par ...``).  Its time, when written, is kept
(``FoundDate.time``, "HH:MM").  The publication date wins over the update
date, on one line or across lines; an update date alone is used, since the
piece existed by then, only when nothing says when it was published.

Dates inside the body are never read, and neither is a date in the title:
"d'ici six mois, le 6 mars 2024" is a deadline, "le 1er janvier 2022" an
event, "Soyons Claire du samedi 15 juin 2019" a broadcast published two days
later, and "Le 16 mai 2017, la CNIL a annoncé" the date of the episode an
article written in September tells.  Until December 2026 a full date in the
title or first three lines was taken as a last resort (source ``text``); it
is gone.  On the 28 real openings of ``tests/gold/bylines.yaml`` (20 with a
stated date, 8 without), the rules before this change had 19 right, 1 wrong
(that CNIL episode, through the ``text`` rule) and 1 missed ("Avr 2, 2020"),
and no time; these have 20 right, 0 wrong, 0 missed, 11 of 11 times.

A photo caption's date is the photo's.  A date without a year is only used
to add precision to a better source that gives its year.  Precision follows
the form of the value: ``2019`` is a year, ``2019-05`` a month,
``16 mai 2019`` a day.
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
# byline keywords: the first group says "published", the second "updated"
_PUBLISHED_WORDS = (
    r"publiée?|paru(?:e|tion)?|date de parution|date de publication|édition|edition|published|posted"
)
_UPDATED_WORDS = r"(?:dernière\s+)?(?:mise?\s+à\s+jour|modifiée?|actualisée?|updated|last\s+updated)"
_BYLINE_START = re.compile(rf"\W*(?:{_PUBLISHED_WORDS}|{_UPDATED_WORDS})\b", re.I)
_KEYWORD = re.compile(rf"(?P<published>\b(?:{_PUBLISHED_WORDS}))\b|(?P<updated>\b{_UPDATED_WORDS})\b", re.I)
# what may stand between a keyword and its date: "le", "du", "on", ":", a weekday
_KEYWORD_GAP = re.compile(rf"\s*(?::\s*)?(?:le|du|on)?\s*:?\s*{_WEEKDAY}", re.I)
_TIME = re.compile(r"\s*(?:à|a|,|-|–|—)?\s*(?P<hour>[01]?\d|2[0-3])\s*(?:h|:)\s*(?P<minute>[0-5]\d)\b", re.I)
_TIMED_LEAD = re.compile(rf"\W*le\s+{_WEEKDAY}", re.I)  # "Le 15 mai 2020 à 15h42"
_DATE_LINE_LEAD = re.compile(rf"[\s\-–—•*|]*{_WEEKDAY}", re.I)
_DATE_LINE_REST = re.compile(r"[\s,.\-–—|]*(?:(?:rédigé\s+)?par\b.*)?", re.I)
_MONTH_FIRST = re.compile(rf"(?P<month>{_MONTH})\.?\s+(?P<day>[0-3]?\d),\s*(?P<year>\d{{4}})", re.I)
# a place, maybe an agency or a region, then the date, then an agency credit, a dash or the line's end
_AGENCY_DATELINE = re.compile(
    rf"[A-ZÀ-Ý][\w'. -]{{1,40}}?(?:\s*\([^)\n]{{1,30}}\))?(?:,\s*[A-ZÀ-Ý][\w'. -]{{1,30}}?)?,"
    rf"\s*(?:le\s+)?{_WEEKDAY}{_DAY_MONTH_YEAR}\.?\s*(?=\(|[-–—]|$)"
)
_LEAD_LINES = 3  # how far into an article an agency dateline or a date-only line may sit
_BYLINE_LINES = 6  # how far a "Publié le" line may sit: after a banner, a menu line, the title, a standfirst
_TAIL_LINES = 5  # how near the end a "Publié le" line may sit


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date with how much of it is known, where it was read, and its time ("HH:MM") if a byline gave one."""

    date: dt.date
    precision: DatePrecision
    source: DateSource
    time: str = ""


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
    """The date of a credit line, a byline or an agency dateline, if any, best first."""
    for value in reversed(source_values(text)):
        found = _date_in(value)
        if found:
            return found
    byline = find_byline(text)
    if byline:
        return byline
    for line in _lines(text, _LEAD_LINES):
        match = _AGENCY_DATELINE.match(line)
        if match:
            return _from_match(match)
    return None


def find_byline(text: str) -> FoundDate | None:
    """The publication date (and time) a byline states, else an update date, else None.

    Keyword lines are read in the first ``_BYLINE_LINES`` lines and the last
    ``_TAIL_LINES``; "Le <date> à <heure>" and date-only lines only in the
    first ``_LEAD_LINES``.
    """
    lead = _lines(text, _BYLINE_LINES)
    published: list[FoundDate] = []
    updated: list[FoundDate] = []
    for line in lead + _lines(text, _TAIL_LINES, from_end=True):
        if _BYLINE_START.match(line):
            for kind, found in _keyword_dates(line):
                (published if kind == "published" else updated).append(found)
    for line in lead[:_LEAD_LINES]:
        found = _timed_line(line) or _date_line(line)
        if found:
            published.append(found)
    return (published or updated or [None])[0]


def source_values(text: str) -> list[str]:
    """What follows ``Source :`` on each credit line of ``text``, in order."""
    if "ource" not in text and "OURCE" not in text:  # a plain search first: most texts have none
        return []
    return [match["value"] for match in _SOURCE_LINE.finditer(text)]


def choose_date(
    ranked: tuple[FoundDate | None, ...],
    *,
    dateline: FoundDate | DayMonth | None = None,
) -> FoundDate | None:
    """The first of ``ranked`` (best first), else the dateline.

    Below a better source the dateline may only add precision to it (same
    year, same month when known), never contradict it; a date without a year
    counts only that way.
    """
    best = next((found for found in ranked if found), None)
    if best is None:
        return dateline if isinstance(dateline, FoundDate) else None
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


def _keyword_dates(line: str) -> Iterator[tuple[str, FoundDate]]:
    """Each ("published" | "updated", date) a keyword of ``line`` introduces, in order."""
    for keyword in _KEYWORD.finditer(line):
        gap = _KEYWORD_GAP.match(line, keyword.end())
        found = _date_and_end(line, gap.end() if gap else keyword.end())
        if found:
            yield ("published" if keyword["published"] else "updated"), found[0]


def _timed_line(line: str) -> FoundDate | None:
    """ "Le 15 mai 2020 à 15h42": a date and its time, then nothing but an update."""
    lead = _TIMED_LEAD.match(line)
    found = _date_and_end(line, lead.end()) if lead else None
    if found is None or not found[0].time:
        return None
    date, end = found
    rest = line[end:].strip(" ,.-–—|")
    return date if not rest or _KEYWORD.match(rest) else None


def _date_line(line: str) -> FoundDate | None:
    """A line holding only a date (a bullet, a weekday, a time and "par ..." aside)."""
    lead = _DATE_LINE_LEAD.match(line)
    start = lead.end() if lead else 0
    month_first = _MONTH_FIRST.match(line, start)  # "Avr 2, 2020": a blog theme's date, glued to its category
    if month_first:
        made = _make(month_first["year"], month_first["month"], month_first["day"])
        return FoundDate(made, "day", "dateline") if made else None
    found = _date_and_end(line, start)
    if found is None:
        return None
    date, end = found
    return date if _DATE_LINE_REST.fullmatch(line, end) else None


def _date_and_end(line: str, start: int) -> tuple[FoundDate, int] | None:
    """The full date starting at ``start`` (with its time, if one follows), and where it ends."""
    match = _DATE_AT.match(line, start)
    found = _from_match(match) if match else None
    if not isinstance(found, FoundDate):
        return None
    time = _TIME.match(line, match.end())
    if not time:
        return found, match.end()
    hour_minute = f"{int(time['hour']):02d}:{time['minute']}"
    return FoundDate(found.date, found.precision, found.source, hour_minute), time.end()
