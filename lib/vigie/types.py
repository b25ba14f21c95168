"""Records that travel between the steps of the pipeline.

Each step of the flow (corpus -> nlp -> store -> query -> charts -> dashboard)
speaks in these types only, so that a step can be rewritten without its
neighbours noticing.  They are frozen: a step never edits what it was given.
Character spans (``start``/``end``) always index ``Article.text``, the cleaned
text, so that every count on screen can lead back to the sentence behind it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

DatePrecision = Literal["day", "month", "year"]
DateSource = Literal["metadata", "header", "dateline", "text"]
ActorType = Literal["person", "organisation", "place"]
InputStatus = Literal["ingested", "unchanged", "rejected", "unsupported", "ignored"]

ACTOR_TYPES: tuple[ActorType, ...] = ("person", "organisation", "place")


@dataclass(frozen=True, slots=True)
class Article:
    """One article read from the corpus, text already cleaned."""

    id: str
    path: str  # relative to the corpus root, POSIX separators
    row: int | None  # line number of the row for tables, None for a file
    title: str
    text: str
    date: dt.date | None
    date_precision: DatePrecision | None
    date_source: DateSource | None
    source: str
    url: str
    content_hash: str  # hash of the raw input (file bytes or row) and its metadata row
    # what database exports and web pages state besides the above ("" when nothing does)
    subtitle: str = ""
    authors: str = ""  # as printed, several names joined by "; "
    section: str = ""  # the outlet's rubric ("Économie", "International")
    time: str = ""  # publication time "HH:MM" where the input gives one
    edition: str = ""  # the outlet as the input names it, before sources.yaml groups it ("Le Monde (site web)")
    variables: str = ""  # other starred variables (Iramuteq) as a JSON object of strings, "" for none


@dataclass(frozen=True, slots=True)
class InputReport:
    """What happened to one input file or table row: nothing disappears silently."""

    path: str
    row: int | None
    status: InputStatus
    reason: str
    id: str | None


@dataclass(frozen=True, slots=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an actor, resolved to its canonical identity."""

    article_id: str
    sentence: int
    start: int
    end: int
    surface: str
    actor_id: str
    actor_name: str
    actor_type: ActorType
    registered: bool  # False: found by NER, absent from the registry


@dataclass(frozen=True, slots=True)
class ThemeHit:
    """One lexicon term matched in an article: the evidence for a theme."""

    article_id: str
    theme_id: str
    term: str
    sentence: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleTheme:
    """A theme's score in one article; ``assigned`` once over the lexicon threshold."""

    article_id: str
    theme_id: str
    label: str
    hits: int
    score: float
    assigned: bool


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the nlp step found in one article."""

    article_id: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    theme_hits: tuple[ThemeHit, ...]
    themes: tuple[ArticleTheme, ...]
