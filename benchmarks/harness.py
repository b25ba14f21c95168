"""Measuring helpers shared by the benchmarks: medians, targets, the results file.

Timings are medians over several runs on a small, shared machine; every figure
is written with the target beside it, so a missed target is visible, not hidden.
A row without a target (``met`` is None) is a figure the lead asked to see
beside the targets (a worker count, the other query engine), not a pass/fail.
"""
from __future__ import annotations

import datetime as dt
import json
import math
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
    met: bool | None
    note: str = ""
    benchmark: str = ""  # the bench_<name>.py module that measured it (run.py fills it in)
    part: str = ""  # in a benchmark made of parts (Plan.parts), the one that measured it


def median_seconds(fn: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        times.append(timed(fn)[0])
    return statistics.median(times)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Wall seconds of one call, and what it returned."""
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


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
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages: on a shared machine they say how busy it was."""
    return os.getloadavg()


def _json_safe(record: dict) -> dict:
    """NaN (a figure that could not be measured) as null: JSON has no NaN."""
    return {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in record.items()}


def read_results(out: Path) -> tuple[list[Result], dict]:
    """The rows of ``out/results.json`` and its other keys; nothing when there is none."""
    path = out / "results.json"
    if not path.exists():
        return [], {}
    payload = json.loads(path.read_text(encoding="utf-8"))
    rows = [Result(**{**r, "measured": float("nan") if r["measured"] is None else r["measured"]})
            for r in payload.pop("results")]
    return rows, payload


def _described(key: str, value) -> list[str]:
    """The lines of one extra key above the table: one per run for merged results."""
    if key == "runs":
        return [f"- run of {', '.join(run['benchmarks'])}: {json.dumps(run, ensure_ascii=False)}" for run in value]
    return [f"- {key}: {json.dumps(value, ensure_ascii=False)}"]


def write_results(results: list[Result], out: Path, *, extra: dict | None = None, appendix: str = "") -> None:
    """``results.json`` (one record per target) and a Markdown table beside it, then ``appendix``."""
    out.mkdir(parents=True, exist_ok=True)
    payload = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        **(extra or {}),
        "results": [_json_safe(asdict(r)) for r in results],
    }
    (out / "results.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"Measured {payload['date']} on {payload['machine']['cpus']} CPUs ({payload['machine']['platform']}).",
        "",
        *(line for key, value in (extra or {}).items() for line in _described(key, value)),
        "",
        "| benchmark | target | measured | unit | met | note |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        met = "—" if r.met is None else ("yes" if r.met else "NO")
        lines.append(f"| {r.name} | {r.target} | {r.measured:.4g} | {r.unit} | {met} | {r.note} |")
    (out / "results.md").write_text("\n".join(lines) + "\n" + (f"\n{appendix.strip()}\n" if appendix else ""),
                                    encoding="utf-8")
