"""Measuring helpers shared by the benchmarks: medians, targets, the results file.

Timings are medians over several runs on a small, shared machine; every figure
is written with the target beside it, so a missed target is visible, not hidden.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Result:
    name: str
    target: str
    measured: float
    unit: str
    met: bool
    note: str = ""


def median_seconds(fn: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "processor": platform.processor() or platform.machine(),
    }


def write_results(results: list[Result], out: Path, *, extra: dict | None = None) -> None:
    """``results.json`` (one record per target) and a Markdown table beside it."""
    out.mkdir(parents=True, exist_ok=True)
    payload = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        **(extra or {}),
        "results": [asdict(r) for r in results],
    }
    (out / "results.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"Measured {payload['date']} on {payload['machine']['cpus']} CPUs ({payload['machine']['platform']}).",
        "",
        "| benchmark | target | measured | unit | met | note |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(f"| {r.name} | {r.target} | {r.measured:.4g} | {r.unit} | {'yes' if r.met else 'NO'} | {r.note} |")
    (out / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
