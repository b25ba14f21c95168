"""``make bench``: every benchmark of the scale issue, one table of targets and measurements.

    .venv/bin/python benchmarks/run.py [--quick] [--articles N] [--workers 1,2] [--only stories,dask] ...

Writes ``results.json`` and ``results.md`` into ``--out`` (default: this
folder, or ``data/quick/`` with ``--quick`` so that a trial run never replaces
the committed table).  A benchmark that fails becomes a row saying so; the
others still run (the exit status says a benchmark failed; a missed target
is a row of the table, not a failure).  Order matters: the incremental benchmark's full ingest is
the store the interactive and Voilà ones tile, and the denominator of the
stories' cost.
"""
from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from dataclasses import asdict, replace
from pathlib import Path

from harness import Result, load_average, write_results
from plan import DATA, Plan, quick

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("incremental", "extraction", "dask", "stories", "interactive", "voila")


def parse(argv: list[str]) -> tuple[Plan, tuple[str, ...], Path]:
    """The plan (``--quick`` sizes, then any size given explicitly), the benchmarks to run, the output folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few minutes (results under data/quick/)")
    parser.add_argument("--articles", type=int, help="synthetic corpus to ingest (10000)")
    parser.add_argument("--tile", type=int, help="copies of that store in the interactive store (10)")
    parser.add_argument("--sample", type=int, help="articles of the extraction sample (150)")
    parser.add_argument("--workers", type=lambda text: tuple(int(n) for n in text.split(",")),
                        help="Dask worker counts (1,2; 1,4,8,16 on a 16-core machine)")
    parser.add_argument("--repeat", type=int, help="runs per measurement, of which the median (3)")
    parser.add_argument("--states", type=int, help="random filter states (60; at least 50)")
    parser.add_argument("--loads", type=int, help="page loads per Voilà mode (3)")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--only", default=",".join(BENCHMARKS), help=f"some of {','.join(BENCHMARKS)}")
    parser.add_argument("--out", type=Path, help="folder of results.json and results.md")
    args = parser.parse_args(argv)
    plan = quick(Plan()) if args.quick else Plan()
    given = {name: getattr(args, name) for name in ("articles", "tile", "sample", "workers", "repeat", "states",
                                                       "loads", "seed")}
    plan = replace(plan, **{name: value for name, value in given.items() if value is not None})
    only = tuple(name.strip() for name in args.only.split(","))
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    out = args.out or (DATA / "quick" if args.quick else HERE)
    return plan, tuple(name for name in BENCHMARKS if name in only), out


def main(argv: list[str] | None = None) -> int:
    plan, names, out = parse(sys.argv[1:] if argv is None else argv)
    started, load_before = time.perf_counter(), load_average()
    results: list[Result] = []
    seconds, failed = {}, []
    for name in names:
        print(f"[{time.strftime('%H:%M:%S')}] {name} ...", file=sys.stderr, flush=True)
        begun = time.perf_counter()
        try:
            rows = importlib.import_module(f"bench_{name}").run(plan)
        except Exception as exc:  # one broken benchmark must not cost the others' figures
            traceback.print_exc()
            failed.append(name)
            rows = [Result(f"{name}: benchmark failed", "runs", float("nan"), "", False, f"{type(exc).__name__}: {exc}")]
        seconds[name] = round(time.perf_counter() - begun, 1)
        for row in rows:
            print(f"    {row.name}: {row.measured:.4g} {row.unit} (target {row.target})", file=sys.stderr, flush=True)
        results += rows
    extra = {
        "plan": {**asdict(plan), "data": str(plan.data.relative_to(HERE.parent))},
        "command": " ".join(["benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)]),
        "seconds": {**seconds, "total": round(time.perf_counter() - started, 1)},
        "load_average": {"before": [round(v, 2) for v in load_before], "after": [round(v, 2) for v in load_average()]},
    }
    write_results(results, out, extra=extra)
    print(f"{len(results)} rows -> {out / 'results.md'}", file=sys.stderr)
    return 1 if failed else 0  # a missed target is a figure in the table, not a failed run


if __name__ == "__main__":
    sys.exit(main())
