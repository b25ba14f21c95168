"""What the dashboard shows, as plain traits: the filter, the view options, the selection.

Why a model apart from the widgets: widget callbacks only set these traits and
the view redraws from them, so the same state is restored from a shared link,
reset in one step, and tested without a browser or a kernel.  Nothing here
imports ipywidgets.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from traitlets import Bool, Enum, HasTraits, Instance, Tuple, Unicode, observe

from vigie.query import GRANULARITIES, LEVELS, WEIGHTS, Filter

TABS = ("overview", "timeline", "network", "themes", "articles", "concordance")
TIMELINE_VALUES = ("mentions", "share")

#: The traits that make up the :class:`~vigie.query.Filter` (same names).
FILTER_TRAITS = ("actors", "actor_mode", "actor_types", "date_from", "date_to", "themes", "sources", "text",
                 "stories")
#: The traits that only change how the selection is shown.
VIEW_TRAITS = ("granularity", "timeline_value", "level", "weight", "tab", "article", "compare", "kwic_actor",
               "kwic_word")


class DashboardState(HasTraits):
    """The dashboard's whole state; ``filter`` follows the filter traits by itself."""

    actors = Tuple(help="selected actor ids")
    actor_mode = Enum(("any", "all"), default_value="any")
    actor_types = Tuple(help="actor types the actor views count; empty: all")
    date_from = Instance(dt.date, allow_none=True)
    date_to = Instance(dt.date, allow_none=True)
    themes = Tuple(help="theme ids; articles with any of them")
    sources = Tuple()
    text = Unicode("")
    stories = Bool(False, help="count each wire story once (its earliest selected copy)")

    granularity = Enum(GRANULARITIES, default_value="month")
    timeline_value = Enum(TIMELINE_VALUES, default_value="mentions")
    level = Enum(LEVELS, default_value="sentence")
    weight = Enum(WEIGHTS, default_value="count")
    tab = Enum(TABS, default_value="overview")
    article = Unicode("", help="id of the article open in the reader")
    compare = Unicode("", help="id of another copy of the open article's story, compared with it")
    kwic_actor = Unicode("", help="actor id shown in the concordance")
    kwic_word = Unicode("", help="word shown in the concordance when no actor is chosen")

    filter = Instance(Filter, args=(), help="derived from the filter traits; do not set")

    @observe(*FILTER_TRAITS)
    def _rebuild_filter(self, _change=None) -> None:
        self.filter = Filter(
            actors=tuple(self.actors),
            actor_mode=self.actor_mode,
            actor_types=tuple(self.actor_types),
            date_from=self.date_from,
            date_to=self.date_to,
            themes=tuple(self.themes),
            sources=tuple(self.sources),
            text=self.text.strip(),
            stories=self.stories,
        )

    def values(self) -> dict:
        """Every filter and view trait by name: what a link has to carry."""
        return {name: getattr(self, name) for name in (*FILTER_TRAITS, *VIEW_TRAITS)}

    def apply(self, values: dict) -> None:
        """Set several traits at once; observers see one consistent state afterwards."""
        with self.hold_trait_notifications():
            for name, value in values.items():
                setattr(self, name, value)

    def reset(self, *, keep_view: bool = True) -> None:
        """Back to the whole corpus; the view options stay unless ``keep_view`` is False."""
        names = FILTER_TRAITS if keep_view else (*FILTER_TRAITS, *VIEW_TRAITS)
        self.apply({name: self.trait_defaults(name) for name in names})


#: What the period fields accept, in French.
DATE_HINT = "jj/mm/aaaa"
_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MONTH = re.compile(r"(\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")


def parse_date(text: str, *, end: bool = False) -> dt.date | None:
    """A date typed in a period field: jj/mm/aaaa, mm/aaaa, aaaa or aaaa-mm-jj; empty: None.

    Why typed text rather than the browser's date picker: the picker shows the
    viewer's browser locale (mm/dd/yyyy in an English browser), and a French
    interface must read the same everywhere.  A month or a year alone means
    its first day, or its last one for the end of a period (``end``).
    Raises ValueError with a French message when the text is not a date.
    """
    text = text.strip()
    if not text:
        return None
    try:
        if found := _DAY.fullmatch(text):
            day, month, year = map(int, found.groups())
        elif found := _ISO.fullmatch(text):
            year, month, day = map(int, found.groups())
        elif found := _MONTH.fullmatch(text):
            month, year = map(int, found.groups())
            day = calendar.monthrange(year, month)[1] if end and 1 <= month <= 12 else 1
        elif _YEAR.fullmatch(text):
            year, month, day = int(text), 12 if end else 1, 31 if end else 1
        else:
            raise ValueError(text)
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"Date illisible : « {text[:40]} » (attendu {DATE_HINT}).") from None


def format_day(value: dt.date | None) -> str:
    """A date as the period fields show it (jj/mm/aaaa); None: empty."""
    return "" if value is None else f"{value:%d/%m/%Y}"
