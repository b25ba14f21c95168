"""One viewer's kernel for the room-data benchmark, run as a child: ``python room_kernel.py STORE STATES``.

It does what a dashboard kernel does (imports ``vigie.dashboard``, loads the
store, builds the ``Dashboard`` and answers the filter states of ``STATES``
through every tab, timing each tab's redraw), times the load, the first free-text
search of words never searched before and each query, prints one JSON line, then stays alive until
its standard input closes, so that the parent can read its
``/proc/PID/smaps_rollup`` while it holds what a viewer holds.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

from kernel import load_filters

#: Words searched once each, never before in this kernel: the "first search of a new word".
NEW_WORDS = ("plateforme", "Macron", "régulation", "haine", "Bruxelles", "données", "modération", "tribunal")


def main() -> None:
    root, states = Path(sys.argv[1]), Path(sys.argv[2])
    import vigie
    from vigie import query, store
    from vigie.dashboard import Dashboard
    from vigie.dashboard.state import TABS, DashboardState

    started = time.perf_counter()
    data = store.load(root)
    load_s = time.perf_counter() - started
    filters = load_filters(states)
    app = Dashboard(data, DashboardState())
    slowest_tab = []  # per state, the slowest redraw of one tab: what a viewer waits, whichever tab is open
    for flt in filters:  # every tab once per state, as a viewer clicking around
        began = time.perf_counter()
        opened = app.state.tab
        app.state.apply(asdict(flt))  # redraws the open tab
        tabs = [1000 * (time.perf_counter() - began)]
        for tab in TABS:
            if tab != opened:
                began = time.perf_counter()
                app.state.tab = tab
                tabs.append(1000 * (time.perf_counter() - began))
        slowest_tab.append(max(tabs))
    searches = []
    for word in NEW_WORDS:
        began = time.perf_counter()
        query.selected_ids(data, query.Filter(text=word))
        searches.append(1000 * (time.perf_counter() - began))
    calls = {
        "selected_ids": lambda f: query.selected_ids(data, f),
        "top_actors": lambda f: query.top_actors(data, f, limit=15),
        "timeline": lambda f: query.timeline(data, f, granularity="month"),
        "cooccurrence": lambda f: query.cooccurrence(data, f, level="sentence"),
        "actor_themes": lambda f: query.actor_themes(data, f),
        "article_rows": lambda f: query.article_rows(data, f, limit=200),
    }
    queries = {}
    for name, call in calls.items():
        times = []
        for flt in filters:
            flt = replace(flt, text="")  # the searches are timed above; a new Filter object, same key
            began = time.perf_counter()
            call(flt)
            times.append(1000 * (time.perf_counter() - began))
        queries[name] = statistics.median(times)
    print(json.dumps({"vigie": str(Path(vigie.__file__).parent), "articles": len(data.articles), "load_s": load_s,
                      "mapped": bool(getattr(getattr(data, "indexes", None), "mapped", False)),
                      "first_search_ms": searches, "query_median_ms": queries, "slowest_tab_ms": slowest_tab,
                      "spacy_imported": "spacy" in sys.modules}), flush=True)
    sys.stdin.read()  # held until the parent has read this process's memory


if __name__ == "__main__":
    main()
