"""What a viewer's kernel does before its first chart, step by step: ``python kernel_start.py STORE``.

Run it in a fresh process (a kernel's cost starts from nothing): it imports
what the served notebook imports, calls ``warm_up()``, opens the store and
builds the dashboard (its first tab drawn), and prints one JSON line with the
seconds of each step, whether plotly's ``graph_objects`` got imported, the
number of modules loaded and the peak RSS.  To compare two versions, run it
with each one's ``lib`` first on ``PYTHONPATH``, alternating (docs/serving.md).
"""
from __future__ import annotations

import json
import resource
import sys
import time


def main(store: str) -> dict:
    started = time.perf_counter()
    from vigie.dashboard import build_app, warm_up
    imported = time.perf_counter()
    warm_up()
    warmed = time.perf_counter()
    from vigie.store import load
    load(store)
    opened = time.perf_counter()
    build_app(store)
    built = time.perf_counter()
    return {"imports_s": round(imported - started, 3), "warm_up_s": round(warmed - imported, 3),
            "store_open_s": round(opened - warmed, 3), "build_app_s": round(built - opened, 3),
            "plotly_graph_objects_loaded": "plotly.graph_objects" in sys.modules, "modules": len(sys.modules),
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
