"""run.py --merge: the rows of benchmarks not run again are kept, in the order of the benchmarks."""
from __future__ import annotations

import json
from dataclasses import replace

from harness import Result, read_results, write_results
from run import merged


def _row(benchmark, name, measured=1.0):
    return Result(f"{benchmark}: {name}", "—", measured, "s", None, "", benchmark)


def test_a_merged_run_keeps_the_other_benchmarks_rows_and_says_where_each_comes_from(tmp_path):
    first = [_row("incremental", "a"), _row("extraction", "b"), _row("voila", "c", float("nan"))]
    write_results(first, tmp_path, extra={"plan": {"articles": 10}, "command": "run.py", "seconds": {"total": 5}})
    old, previous = read_results(tmp_path)
    assert old[0] == first[0] and old[2].measured != old[2].measured  # NaN read back as NaN
    run = {"date": "now", "benchmarks": ["voila"], "command": "run.py --only voila --merge"}
    rows, extra = merged([_row("voila", "c", 2.0)], ("voila",), old, previous, run=run)
    assert [(r.name, r.measured) for r in rows] == [("incremental: a", 1.0), ("extraction: b", 1.0), ("voila: c", 2.0)]
    assert extra["runs"][0] == run and extra["runs"][1]["benchmarks"] == ["extraction", "incremental", "voila"]
    write_results(rows, tmp_path, extra=extra)
    again, previous = read_results(tmp_path)
    rows, extra = merged([_row("extraction", "b", 3.0)], ("extraction",), again, previous,
                         run={"date": "later", "benchmarks": ["extraction"]})
    assert [r.measured for r in rows] == [1.0, 3.0, 2.0]
    assert [r["date"] for r in extra["runs"]] == ["later", "now", previous["runs"][1]["date"]]
    json.dumps(extra)


def test_a_run_of_some_parts_of_a_benchmark_keeps_its_other_parts_rows():
    old = [_row("themes", "quality a"), replace(_row("themes", "speed b"), part="speed"), _row("themes", "speed c"),
           _row("voila", "d")]
    new = [replace(_row("themes", "speed b", 2.0), part="speed"), replace(_row("themes", "speed c", 3.0), part="speed"),
           replace(_row("themes", "speed e", 4.0), part="speed")]
    rows, _ = merged(new, ("themes",), old, {}, run={"date": "now", "benchmarks": ["themes"]}, parts=("speed",))
    # the untagged old "speed c" is replaced by the new row of its name; the quality row stays
    assert [(r.name, r.measured) for r in rows] == [
        ("voila: d", 1.0), ("themes: quality a", 1.0), ("themes: speed b", 2.0), ("themes: speed c", 3.0),
        ("themes: speed e", 4.0)]
    assert [r.name for r in merged(new, ("themes",), old, {}, run={"benchmarks": ["themes"]})[0]][1:] == [
        "themes: speed b", "themes: speed c", "themes: speed e"]  # without parts: the benchmark's rows all replaced


def test_a_benchmark_that_names_its_rows_part_keeps_the_rows_of_the_parts_not_run():
    sized = [replace(_row("million", "load, 1000000 articles"), part="1000000 articles"),
             replace(_row("million", "load, 100000 articles"), part="100000 articles"), _row("voila", "d")]
    new = [replace(_row("million", "load, 100000 articles", 2.0), part="100000 articles")]
    rows, _ = merged(new, ("million",), sized, {}, run={"date": "now", "benchmarks": ["million"]})
    assert [(r.name, r.measured) for r in rows if r.benchmark == "million"] == [
        ("million: load, 1000000 articles", 1.0), ("million: load, 100000 articles", 2.0)]
    assert [r.name for r in rows if r.benchmark == "voila"] == ["voila: d"]
