"""Field values as press databases print them: outlet names, dates with times, bylines.

Why a module of its own: Factiva and Nexis Uni print the same facts in the
same few forms, in French or in English depending on the interface language
of whoever exported ("29 décembre 2011", "July 1, 2019 Monday 9:20 AM GMT",
"295 mots", "355 words"), and each value sits alone in its field, so a small
parser of one short line is safe where the general date rules of
``vigie.corpus.dates`` (which hunt for a date inside running text) are not
needed.  ``press_date`` returns an ISO day, which ``build_article`` reads as a
day-precise ``metadata`` date.
"""
from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAYS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b,?",
    re.I,
)
_DAY_FIRST = re.compile(rf"\b(?P<day>1er|\d{{1,2}})\.?\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b", re.I)
_MONTH_FIRST = re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_TIME = re.compile(r"\b(?P<hour>[012]?\d)\s*[:h]\s*(?P<minute>[0-5]\d)(?:\s*(?P<half>[AaPp])\.?[Mm]\.?)?(?!\d)")
# "Le Monde, no. 23373", "Les Echos no 22045", "L'Humanité - n° 12", "Le Figaro (No. 24 071)"
_ISSUE = re.compile(r"\s*[,;(–—-]?\s*(?:no|n°|nº|num[ée]ro|issue)\.?\s*\d[\d  ]*\)?.*$", re.I)
_BYLINE = re.compile(r"^(?:par|by|de)\s+", re.I)
_WORDS = re.compile(r"(?P<count>\d[\d,.  ]*)\s*(?:words|mots)\b", re.I)


def press_date(value: str) -> tuple[str, str] | None:
    """(ISO day, "HH:MM" or "") from a date line such as "July 1, 2019 Monday 9:20 AM GMT"."""
    line = _WEEKDAYS.sub(" ", value)
    found = _DAY_FIRST.search(line) or _MONTH_FIRST.search(line) or _ISO.search(line)
    if found is None:
        return None
    month = found["month"]
    number = int(month) if month.isdigit() else _MONTHS[month.lower()]
    day = 1 if found["day"].lower() == "1er" else int(found["day"])
    try:
        day_date = dt.date(int(found["year"]), number, day)
    except ValueError:
        return None
    rest = line[: found.start()] + " " + line[found.end() :]
    return day_date.isoformat(), clock_time(rest)


def clock_time(value: str) -> str:
    """ "HH:MM" from "15:32", "9:20 AM" or "18h09"; "" when there is none."""
    found = _TIME.search(value)
    if found is None:
        return ""
    hour, minute = int(found["hour"]), int(found["minute"])
    half = (found["half"] or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}" if hour < 24 else ""


def outlet_name(value: str) -> str:
    """The outlet without its issue number: "Le Monde, no. 23373" gives "Le Monde"."""
    name = " ".join(value.split())
    return _ISSUE.sub("", name).strip(" ,;-–—") or name


def byline(value: str) -> str:
    """Authors without a leading "Par"/"By"."""
    return _BYLINE.sub("", " ".join(value.split())).strip()


def word_count(value: str) -> int | None:
    """The number in "1,234 words" or "295 mots"; None when the value is not a word count."""
    found = _WORDS.fullmatch(value.strip())
    if found is None:
        return None
    return int(re.sub(r"\D", "", found["count"]))
