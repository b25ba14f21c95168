"""Target 4: Voilà at scale: time to the first drawn chart, with and without a pre-heated kernel.

Voilà serves ``notebooks/dashboard.ipynb`` on the tiled store with exactly
the command ``vigie dashboard`` runs (``vigie.serve.voila_command``), once as
is (``--preheat_kernel=True``) and once with pre-heating off, then pre-heated
on the five sample articles (the dashboard issue's 5 s target).  Headless
Debian Chromium, driven by Playwright, opens the page ``plan.loads`` times;
a load lasts from the request to the first chart drawn
(``.js-plotly-plot .main-svg``), the moment a visitor sees data.  Between two
loads the kernels are left to go idle: when pre-heating, the spare kernel has
then run the notebook up to reading the visitor's link, as it would have
between two visitors.  The viewer's kernel memory is the largest resident size among
the server's kernels while the page is open.

A load that draws no chart within ``LOAD_TIMEOUT_MS`` is recorded with what
the page says instead (Voilà's error, or the dashboard's message), and the
row misses its target.
"""
from __future__ import annotations

import contextlib
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from corpora import sample_store, tiled_store
from harness import Result
from plan import Plan
from vigie import store
from vigie.background_server import running_server
from vigie.kernel_pool import kernels

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CHART = ".js-plotly-plot .main-svg"
START_TIMEOUT_S = 300
LOAD_TIMEOUT_MS = 180_000  # a load that has drawn nothing by then has failed (the page says why)
RSS_TARGET_MB = 2048.0
FIRST_CHART_TARGET_S = 5.0  # the dashboard issue's target: sample corpus, pre-heated kernel
POOL_FILLED = "is filled with"  # what Voilà logs when its pre-heated kernel has started
IDLE_SECONDS, IDLE_CPU_S = 3, 0.05  # kernels idle: under 50 ms of CPU per second, 3 seconds in a row


def run(plan: Plan) -> list[Result]:
    root = tiled_store(plan)
    measured = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for preheat in (True, False):
                measured[preheat] = _serve_and_load(root, browser, preheat=preheat, loads=plan.loads,
                                                    log=plan.data / "scratch" / f"voila-preheat-{preheat}.log")
            sample = sample_store(plan)
            on_sample = _serve_and_load(sample, browser, preheat=True, loads=plan.loads,
                                        log=plan.data / "scratch" / "voila-sample.log")
        finally:
            browser.close()
    drawn = [s for s in on_sample.chart if s is not None]
    median = statistics.median(drawn) if drawn else float("nan")
    rows = [Result(
        "voilà: time to first chart, sample corpus, pre-heated kernel", f"< {FIRST_CHART_TARGET_S:g} s",
        median, "s", len(drawn) == len(on_sample.chart) and median < FIRST_CHART_TARGET_S,
        f"median of {len(drawn)} of {len(on_sample.chart)} loads ({', '.join(f'{s:.1f}' for s in drawn)} s); "
        f"{_articles(sample)} articles; the dashboard issue's target; request to first drawn chart, headless Chromium",
    )]
    for preheat, loads in measured.items():
        drawn = [s for s in loads.chart if s is not None]
        failures = "; ".join(f"load {i + 1} drew no chart: {why}" for i, why in enumerate(loads.failures) if why)
        median = statistics.median(drawn) if drawn else float("nan")
        every = len(drawn) == len(loads.chart)
        rows.append(Result(
            f"voilà: time to first chart, {'pre-heated kernel' if preheat else 'no pre-heating'}",
            "every load draws a chart", median, "s", every,
            f"median of {len(drawn)} of {len(loads.chart)} loads ({', '.join(f'{s:.1f}' for s in drawn)} s; "
            f"page itself {statistics.median(loads.page):.1f} s); {_articles(root)} articles; request to first "
            f"drawn chart, headless Chromium" + (f"; {failures}" if failures else ""),
        ))
    rss = max(measured[True].rss_mb + measured[False].rss_mb)
    rows.append(Result("voilà: memory of one viewer's kernel", f"< {RSS_TARGET_MB:g} MB", rss, "MB",
                       rss < RSS_TARGET_MB, "largest kernel RSS with the page open, over every load"))
    return rows


def _serve_and_load(root: Path, browser, *, preheat: bool, loads: int, log: Path) -> Loads:
    """Start Voilà and open the page ``loads`` times."""
    with running_server(root, extra_args=() if preheat else ("--preheat_kernel=False",), log=log,
                        start_timeout=START_TIMEOUT_S, wait_for_spare=False) as running:
        server, url = running.process, running.url
        measured = Loads([], [], [], [])
        for done in range(loads):
            if preheat:
                _wait_for_log(log, POOL_FILLED, times=done + 1)
            _wait_until_kernels_idle(server)  # the spare kernel has run the notebook up to the visitor's link
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            started = time.monotonic()
            page.goto(url, timeout=LOAD_TIMEOUT_MS)
            measured.page.append(time.monotonic() - started)
            try:
                page.wait_for_selector(CHART, timeout=LOAD_TIMEOUT_MS)
                measured.chart.append(time.monotonic() - started)
                measured.failures.append("")
            except PlaywrightTimeout:
                measured.chart.append(None)
                measured.failures.append(_what_the_page_says(page))
            measured.rss_mb.append(_largest_kernel_mb(server))
            page.close()
        return measured


@dataclass(frozen=True)
class Loads:
    """Per page load: seconds to the page's load event, to the first drawn chart (None: never drawn),
    the largest kernel's RSS, and why no chart was drawn (empty when one was)."""

    page: list[float]
    chart: list[float | None]
    rss_mb: list[float]
    failures: list[str]


def _what_the_page_says(page) -> str:
    """The first line of the page's text: Voilà's error, or the dashboard's own message."""
    text = page.inner_text("body").strip()
    return (text.splitlines() or ["(blank page)"])[0][:160]


def _largest_kernel_mb(server: subprocess.Popen) -> float:
    sizes = []
    for kernel in _kernels(server):
        with contextlib.suppress(psutil.Error):
            sizes.append(kernel.memory_info().rss / 2**20)
    return max(sizes, default=0.0)


def _kernels(server: subprocess.Popen) -> list[psutil.Process]:
    return kernels(server.pid)


def _kernels_cpu(server: subprocess.Popen) -> float:
    total = 0.0
    for process in _kernels(server):
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def _wait_until_kernels_idle(server: subprocess.Popen) -> None:
    """Wait until the kernels have used almost no CPU for a few seconds in a row.

    Voilà says its pool is filled as soon as the kernel has started, while the
    kernel still imports vigie and plotly; a visitor arriving then waits for
    that too, which is not what pre-heating promises.
    """
    deadline, quiet = time.monotonic() + START_TIMEOUT_S, 0
    while quiet < IDLE_SECONDS and time.monotonic() < deadline:
        before = _kernels_cpu(server)
        time.sleep(1)
        quiet = quiet + 1 if _kernels_cpu(server) - before < IDLE_CPU_S else 0


def _articles(root: Path) -> int:
    return store.read_manifest(root)["rows"]["articles"]


def _wait_for_log(log: Path, text: str, *, times: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while log.read_text(errors="replace").count(text) < times:
        if time.monotonic() > deadline:
            raise TimeoutError(f"Voilà's log did not say {text!r} {times} time(s) within {START_TIMEOUT_S} s")
        time.sleep(0.5)
