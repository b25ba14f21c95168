"""The results file: one record per row with its target, valid JSON, and a table a person can read."""
from __future__ import annotations

import json

from harness import Result, percentile, write_results


def test_percentile_picks_an_observed_value():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 95) == 95.0
    assert percentile(values, 0) == 1.0 and percentile(values, 100) == 100.0
    assert percentile([3.0], 95) == 3.0


def test_results_json_and_table_carry_every_row(tmp_path):
    rows = [
        Result("a: load", "< 3 s", 1.25, "s", True, "median of 5"),
        Result("b: p95", "< 100 ms", 250.0, "ms", False),
        Result("c: workers", "—", 9000.0, "words/s", None),
        Result("d: failed", "runs", float("nan"), "", False, "RuntimeError: boom"),
    ]
    write_results(rows, tmp_path, extra={"plan": {"articles": 10}})
    payload = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in payload["results"]] == ["a: load", "b: p95", "c: workers", "d: failed"]
    assert set(payload["results"][0]) == {"name", "target", "measured", "unit", "met", "note", "benchmark"}
    assert payload["results"][3]["measured"] is None
    assert payload["plan"] == {"articles": 10} and payload["machine"]["cpus"] >= 1 and payload["date"]
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "| b: p95 | < 100 ms | 250 | ms | NO |  |" in table
    assert "| c: workers | — | 9000 | words/s | — |  |" in table
