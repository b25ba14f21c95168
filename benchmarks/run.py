"""``make bench``: every benchmark of the scale issue, one table of targets and measurements.

    .venv/bin/python benchmarks/run.py [--quick] [--articles N] [--workers 1,2] [--only stories,dask] [--merge] ...

Writes ``results.json`` and ``results.md`` into ``--out`` (default: this
folder, or ``data/quick/`` with ``--quick`` so that a trial run never replaces
the committed table).  With ``--merge`` the rows of the benchmarks not run
this time are kept from the results already there, so that one benchmark can
be measured again (``--only voila --merge``) without losing the others'; the
results then say which run each benchmark's rows come from.  Figures measured
on another machine (``device-16cores/``) follow the table, under their own heading.  A benchmark that fails becomes a row saying so; the
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

from harness import Result, load_average, read_results, write_results
from plan import DATA, Plan, quick

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("incremental", "extraction", "dask", "stories", "interactive", "voila", "exports", "themes", "room_data",
              "room", "million")
#: Run only when named (``--only million --articles 2000 --tile 500``): it builds and measures a store of
#: ``articles × tile`` articles meant to be 1,000,000, some twenty minutes on two cores.
OPT_IN = ("million",)
#: Results of the same benchmarks on a 16-core machine, quoted after the table (never merged into it).
ELSEWHERE = HERE / "device-16cores"


def parse(argv: list[str]) -> tuple[Plan, tuple[str, ...], Path, bool]:
    """The plan (``--quick`` sizes, then any size given explicitly), the benchmarks to run, the output folder,
    whether to merge with the results there."""
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
    parser.add_argument("--rooms", type=lambda text: tuple(int(n) for n in text.split(",")),
                        help="viewers opening the link at once, per room (10,30)")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--parts", type=lambda text: tuple(part.strip() for part in text.split(",")),
                        help="only these parts of a benchmark made of parts (themes: quality,speed; room: sample,tiled)")
    parser.add_argument("--only", default=",".join(n for n in BENCHMARKS if n not in OPT_IN),
                        help=f"some of {','.join(BENCHMARKS)} (default: all but {','.join(OPT_IN)})")
    parser.add_argument("--out", type=Path, help="folder of results.json and results.md")
    parser.add_argument("--merge", action="store_true",
                        help="keep the rows of benchmarks not run this time from the results already in --out")
    args = parser.parse_args(argv)
    plan = quick(Plan()) if args.quick else Plan()
    given = {name: getattr(args, name) for name in ("articles", "tile", "sample", "workers", "repeat", "states",
                                                       "loads", "rooms", "seed", "parts")}
    plan = replace(plan, **{name: value for name, value in given.items() if value is not None})
    only = tuple(name.strip() for name in args.only.split(","))
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    out = args.out or (DATA / "quick" if args.quick else HERE)
    return plan, tuple(name for name in BENCHMARKS if name in only), out, args.merge


def main(argv: list[str] | None = None) -> int:
    plan, names, out, merge = parse(sys.argv[1:] if argv is None else argv)
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
        rows = [replace(row, benchmark=name) for row in rows]
        seconds[name] = round(time.perf_counter() - begun, 1)
        for row in rows:
            print(f"    {row.name}: {row.measured:.4g} {row.unit} (target {row.target})", file=sys.stderr, flush=True)
        results += rows
    run = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
        "benchmarks": list(names),
        "plan": {**asdict(plan), "data": str(plan.data.relative_to(HERE.parent))},
        "command": " ".join(["benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)]),
        "seconds": {**seconds, "total": round(time.perf_counter() - started, 1)},
        "load_average": {"before": [round(v, 2) for v in load_before], "after": [round(v, 2) for v in load_average()]},
    }
    if merge:
        results, extra = merged(results, names, *read_results(out), run=run, parts=plan.parts)
    else:
        extra = {key: value for key, value in run.items() if key not in ("date", "benchmarks")}
    write_results(results, out, extra=extra, appendix=elsewhere())
    print(f"{len(results)} rows -> {out / 'results.md'}", file=sys.stderr)
    return 1 if failed else 0  # a missed target is a figure in the table, not a failed run


def merged(new: list[Result], names: tuple[str, ...], old: list[Result], previous: dict, *, run: dict,
           parts: tuple[str, ...] = ()) -> tuple[list[Result], dict]:
    """This run's rows plus the old rows of every benchmark it did not run, in the order of ``BENCHMARKS``.

    With ``parts``, a benchmark made of parts ran only those: its old rows of
    other parts are kept too (an old row that names no part is kept unless a
    row of this run has its name).  A benchmark may also name its rows' part
    itself (``bench_million``: the store's size): a run at one size keeps the
    old rows of the other sizes.  The extra keys list every run the rows
    come from (``runs``), the latest first; the old file's own run is
    described by its top-level keys until it was itself merged.
    """
    measured = {row.name for row in new}
    ran = {(row.benchmark, row.part) for row in new if row.part}  # parts a benchmark names by itself (a size)
    kept = [row for row in old if row.benchmark not in names
            or (parts and row.part not in parts and row.name not in measured)
            or (row.part and any(b == row.benchmark for b, _ in ran) and (row.benchmark, row.part) not in ran
                and row.name not in measured)]
    if any(not row.benchmark for row in kept):
        raise SystemExit("--merge: the results there do not say which benchmark measured each row; run them again")
    earlier = previous.get("runs") or [
        {"date": previous.get("date"), "benchmarks": sorted({row.benchmark for row in old}),
         **{key: previous[key] for key in ("plan", "command", "seconds", "load_average") if key in previous}}
    ] if old else []
    still = {row.benchmark for row in kept}
    runs = [run, *(r for r in earlier if set(r["benchmarks"]) & still)]
    order = {name: i for i, name in enumerate(BENCHMARKS)}
    rows = sorted([*_in_place(new, names, old, kept), *(row for row in kept if row.benchmark not in names)],
                  key=lambda row: order.get(row.benchmark, len(order)))  # stable: rows keep their order
    return rows, {"runs": runs}


def _in_place(new: list[Result], names: tuple[str, ...], old: list[Result], kept: list[Result]) -> list[Result]:
    """The rows of the benchmarks run: old ones kept (other parts) where they were, the new ones where the
    first old row they replace was, else after them."""
    rows, placed, keep = [], set(), {id(row) for row in kept}
    for row in old:
        if row.benchmark not in names:
            continue
        if id(row) in keep:
            rows.append(row)
        elif row.benchmark not in placed:
            rows += [r for r in new if r.benchmark == row.benchmark]
            placed.add(row.benchmark)
    return rows + [r for r in new if r.benchmark not in placed]


def elsewhere() -> str:
    """The tables measured on another machine, each under a heading that says so."""
    parts = []
    for path in sorted(ELSEWHERE.glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        parts += [
            f"## Measured on another machine: {path.parent.name}/{path.name}",
            "",
            f"Quoted as measured there, not on this machine and not re-run here: {lines[0].rstrip('.') if lines else ''}, "
            "with the vigie of that date (before extraction used numpy's OpenBLAS and one process per core).",
            "",
            *(line for line in lines if line.startswith("- command")),
            "",
            *(line for line in lines if line.startswith("|")),
            "",
        ]
    return "\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
