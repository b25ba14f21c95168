"""Questions asked of a loaded store: a frozen :class:`Filter` in, data frames out.

Why this shape:
- Every view of the dashboard (and every notebook cell) asks through the same
  :class:`Filter`, so two charts on screen can never disagree about what is
  selected.  The functions are pure: same store and filter, same frames.
- Everything is vectorised over the store's tables: each store gets, once and
  on first use, integer matrices (article × actor mention counts, sentence ×
  actor, article × theme; scipy.sparse) and a newest-first article order, so a
  filter change on 100,000 articles is a few sparse products over the kept
  rows and a small frame per view; Python loops only ever run over the
  handful of rows a view shows.  Article columns are picked before rows
  (``selection.article_columns`` says why), so a question reads only the
  columns it shows of the memory-mapped article table.
- Articles without a date count everywhere except on the time axis; the
  timeline says how many it had to leave out, rather than hiding them.
- Wire copies of one story (``story``, ``n_copies`` in the store) can be
  counted once: ``Filter(stories=True)`` keeps one article per story, see
  :class:`Filter`.

The questions live in one module per family (``selection``, ``overview``,
``over_time``, ``pairs``, ``crossing``, ``listing``, ``holdings``, ``evidence``); this package
re-exports them, so callers write ``from vigie import query`` as before.
"""
from __future__ import annotations

from vigie.query.crossing import actor_themes
from vigie.query.evidence import Reading, concordance, reading
from vigie.query.filters import (
    GRANULARITIES, LEVELS, PERIOD_CODES, WEIGHTS, ActorMode, Filter, Granularity, Level, Weight,
)
from vigie.query.listing import article_rows, copies_of, mention_rows, story_copies
from vigie.query.over_time import Timeline, timeline
from vigie.query.overview import Overview, overview, top_actors, top_themes
from vigie.query.pairs import cooccurrence
from vigie.query.selection import selected_count, selected_ids

__all__ = [
    "GRANULARITIES", "LEVELS", "PERIOD_CODES", "WEIGHTS", "ActorMode", "Filter", "Granularity", "Level", "Overview",
    "Reading", "Timeline", "Weight", "actor_themes", "article_rows", "concordance", "cooccurrence", "copies_of",
    "mention_rows", "overview", "reading", "selected_count", "selected_ids", "story_copies", "timeline",
    "top_actors", "top_themes",
]
