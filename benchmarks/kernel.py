"""The kernel's side of the interactive benchmark, run as a child process: ``python kernel.py ENGINE STORE STATES``.

A child, so that its memory is what one dashboard kernel holds: it imports
what the served notebook imports (``vigie.dashboard``, never spaCy), loads the
store, and answers the filter states listed in the ``STATES`` file (JSON,
drawn by the parent with :func:`random_filters`).  It prints one JSON line.

``pandas``: loads the store (median of several loads), builds the real
``Dashboard`` (widgets without a browser), then for each state sets it as the
filter widgets do and opens every tab in turn, so that each of the five views
is recomputed once through the dashboard's own code (queries, charts, figure
updates; only the messages to a browser are missing).  Then the same states
are asked of each ``vigie.query`` function alone, to show where time goes.

``duckdb``: the main queries in SQL (``duck.py``) over the same Parquet files.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

from vigie.query import Filter

LOADS = 5
LISTED_ACTORS = 300  # what the dashboard's actor list shows (MAX_ACTOR_OPTIONS)
TEXT_SHARE = 0.1


def random_filters(data, *, n: int, seed: int) -> list[Filter]:
    """``n`` filter states drawn from what the store holds, as a user picks them.

    An actor or three among the listed ones (sometimes "all of them"), actor
    types, a period, a theme or two, a few outlets, and in one state out of
    ten a word of some title searched in the texts.  None is empty and no two
    consecutive ones are equal: the dashboard opens on the empty filter, and
    an unchanged filter recomputes nothing.
    """
    rng = random.Random(seed)
    ranked = data.actors.sort_values(["n_articles", "name"], ascending=[False, True])
    actors = list(ranked["id"].astype(str))[:LISTED_ACTORS]
    types = sorted(data.actors["type"].astype(str).unique())
    themes = list(data.themes["id"].astype(str))
    sources = sorted(data.articles["source"].dropna().astype(str).unique())
    dated = data.articles["date"].dropna()
    first, span = min(dated), (max(dated) - min(dated)).days
    titles = list(data.articles["title"].dropna().astype(str))
    filters: list[Filter] = []
    while len(filters) < n:
        chosen = tuple(rng.sample(actors, rng.randint(1, 3))) if rng.random() < 0.5 else ()
        days = sorted(rng.randrange(span + 1) for _ in range(2)) if rng.random() < 0.4 else None
        words = [w for w in rng.choice(titles).split() if len(w) > 4 and w.isalpha()]
        flt = Filter(
            actors=chosen,
            actor_mode="all" if len(chosen) > 1 and rng.random() < 0.3 else "any",
            actor_types=tuple(rng.sample(types, rng.randint(1, len(types)))) if rng.random() < 0.2 else (),
            date_from=first + dt.timedelta(days=days[0]) if days else None,
            date_to=first + dt.timedelta(days=days[1]) if days else None,
            themes=tuple(rng.sample(themes, rng.randint(1, 2))) if rng.random() < 0.4 else (),
            sources=tuple(rng.sample(sources, rng.randint(1, 3))) if rng.random() < 0.3 else (),
            text=rng.choice(words) if words and rng.random() < TEXT_SHARE else "",
        )
        if not flt.is_empty() and (not filters or flt != filters[-1]):
            filters.append(flt)
    return filters


def dump_filters(filters: list[Filter], path: Path) -> None:
    path.write_text(json.dumps([asdict(f) for f in filters], default=dt.date.isoformat), encoding="utf-8")


def load_filters(path: Path) -> list[Filter]:
    def revive(record: dict) -> Filter:
        dates = {k: dt.date.fromisoformat(record[k]) if record[k] else None for k in ("date_from", "date_to")}
        tuples = {k: tuple(v) for k, v in record.items() if isinstance(v, list)}
        return Filter(**{**record, **tuples, **dates})

    return [revive(r) for r in json.loads(path.read_text(encoding="utf-8"))]


def measure_pandas(root: Path, filters: list[Filter]) -> dict:
    from vigie import query, store
    from vigie.dashboard import Dashboard
    from vigie.dashboard.state import TABS, DashboardState

    loads = []
    for _ in range(LOADS):
        started = time.perf_counter()
        data = store.load(root)
        loads.append(time.perf_counter() - started)
    loaded_rss = _rss_mb()
    app = Dashboard(data, DashboardState())
    views, slowest_tab = [], []
    for flt in filters:
        started = time.perf_counter()
        opened = app.state.tab
        app.state.apply(asdict(flt))  # as the filter widgets set it: redraws the open tab
        tabs = [1000 * (time.perf_counter() - started)]
        for tab in TABS:
            if tab != opened:
                began = time.perf_counter()
                app.state.tab = tab  # opening a tab redraws it, once per filter change
                tabs.append(1000 * (time.perf_counter() - began))
        views.append(1000 * (time.perf_counter() - started))
        slowest_tab.append(max(tabs))  # what a user waits after a filter change, whichever tab is open
    calls = {
        "selected_ids": lambda f: query.selected_ids(data, f),
        "overview": lambda f: query.overview(data, f),
        "top_actors": lambda f: query.top_actors(data, f, limit=15),
        "top_themes": lambda f: query.top_themes(data, f),
        "timeline": lambda f: query.timeline(data, f, granularity="month"),
        "cooccurrence": lambda f: query.cooccurrence(data, f, level="sentence"),
        "actor_themes": lambda f: query.actor_themes(data, f),
        "article_rows": lambda f: query.article_rows(data, f, limit=200),
    }
    return {
        "articles": len(data.articles),
        "load_s": statistics.median(loads),
        "loaded_rss_mb": loaded_rss,
        "views_ms": views,
        "slowest_tab_ms": slowest_tab,
        "queries_ms": {name: [_ms(call, f) for f in filters] for name, call in calls.items()},
        "peak_rss_mb": _peak_rss_mb(),
        "spacy_imported": "spacy" in sys.modules,
    }


def measure_duckdb(root: Path, filters: list[Filter]) -> dict:
    import duck

    started = time.perf_counter()
    con = duck.connect(root)
    load = time.perf_counter() - started
    return {
        "load_s": load,
        "queries_ms": {name: [_ms(lambda f, q=q: q(con, f), f) for f in filters] for name, q in duck.QUERIES.items()},
        "peak_rss_mb": _peak_rss_mb(),
    }


def _ms(call, flt: Filter) -> float:
    started = time.perf_counter()
    call(flt)
    return 1000 * (time.perf_counter() - started)


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM).

    Not ``getrusage``'s ``ru_maxrss``: Linux carries it over ``exec``, so a
    child started by a parent that once held 3 GB would report 3 GB.
    """
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("engine", choices=("pandas", "duckdb"))
    parser.add_argument("store", type=Path)
    parser.add_argument("states", type=Path)
    args = parser.parse_args()
    measure = measure_pandas if args.engine == "pandas" else measure_duckdb
    print(json.dumps(measure(args.store, load_filters(args.states))))


if __name__ == "__main__":
    main()
