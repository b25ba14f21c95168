"""Issue 16, part B: a room of viewers opens the link at once.

10, then 30 viewers open the dashboard's link on the sample corpus at the same
moment: headless Debian Chromium driven by Playwright's async API, one browser
context each (their own cookies and connection, as separate people), all
``page.goto`` started together.  The server is ``vigie dashboard``'s own command
(:func:`vigie.background_server.running_server`) with ``--viewers`` set to the room's size,
its pool warm (every pre-heated kernel has stopped computing) before anyone
comes.  Beside it, in the same run and the same way, the floor: a one-chart
Voilà notebook (a plotly ``FigureWidget`` of three bars) with the same pool,
what any Voilà dashboard costs at the least.

Per room: each viewer's time from the request to its first chart drawn
(``.js-plotly-plot .main-svg``), median and slowest; the viewers who drew
nothing within ``LOAD_TIMEOUT_MS`` (with what their page says); how long the
pool took to warm (server start to every kernel waiting); the server's
total memory with every page open (PSS of Voilà and all its kernels: shared
library pages are counted once, split between the processes sharing them);
and the kernels' CPU seconds per viewer (user + system time the viewers'
kernels spent from the room's arrival to its last chart: the server-side
work one viewer costs).  Target: every viewer draws, and the slowest no
slower than the floor's slowest.
"""
from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import psutil
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

from bench_voila import CHART, CHROMIUM, CHROMIUM_ARGS
from corpora import sample_store
from harness import Result, load_average
from plan import Plan
from vigie.background_server import running_server
from vigie.kernel_pool import kernel_pss, kernels, pool_timeout, waits_for_visitor
from vigie.preheat_queue import default_slots

LOAD_TIMEOUT_MS = 300_000
#: 30 kernels starting on a small shared machine, warming up in turn (vigie.preheat_queue): the larger of 900 s
#: and vigie's own allowance per round of the queue (vigie.kernel_pool.pool_timeout).
START_TIMEOUT_S = 900
#: The pool is warm when every kernel has waited for its visitor (or failed to) this many seconds in a row.
IDLE_SECONDS = 3
#: What Voilà logs once per kernel whose pre-heating stopped on an error or an interrupted cell.
FAILED_WARM_UP = "Error at server while executing cell"
FLOOR_CELLS = (
    "import plotly.graph_objects as go\nfrom voila.utils import get_query_string",
    'query = get_query_string() or ""',
    "go.FigureWidget(go.Bar(x=['a', 'b', 'c'], y=[3, 1, 2]))",
)


def run(plan: Plan) -> list[Result]:
    store = sample_store(plan)
    floor = _floor_notebook(plan.data / "scratch" / "room-floor.ipynb")
    rows = []
    for size in plan.rooms:
        measured = {}
        for name, notebook in (("vigie", None), ("floor", floor)):
            measured[name] = _room(store, size=size, notebook=notebook,
                                   log=plan.data / "scratch" / f"room-{name}-{size}.log")
        rows += _rows(size, measured["vigie"], measured["floor"])
    return rows


@dataclass(frozen=True)
class Room:
    """One room: seconds to the first chart per viewer (None: none drawn), why not, memory, CPU, load."""

    chart: list[float | None]
    failures: list[str]
    pss_mb: float
    cpu_s_per_viewer: float
    load: float
    ready: int  # pre-heated kernels alive when the room came
    warm_s: float  # from starting the server to its pool warm (every kernel waiting for its visitor)

    @property
    def drawn(self) -> list[float]:
        return [s for s in self.chart if s is not None]


def _room(store: Path, *, size: int, notebook: Path | None, log: Path) -> Room:
    extra = {"notebook": notebook} if notebook else {}
    started = time.monotonic()
    with running_server(store, viewers=size, log=log, start_timeout=START_TIMEOUT_S, wait_for_spare=False,
                        **extra) as server:
        _wait_for_pool(server.process.pid, size, urlsplit(server.url).port, server.log)
        warm_s = time.monotonic() - started
        pool = kernels(server.process.pid)
        ready = len(pool)
        cpu_before = _cpu(pool)
        load = load_average()[0]
        chart, failures, pss = asyncio.run(_open_together(server.url, size, server.process.pid))
        cpu = _cpu(pool) - cpu_before
    return Room(chart, failures, pss / 2**20, cpu / size, load, ready, warm_s)


async def _open_together(url: str, size: int, server: int) -> tuple[list, list, int]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            contexts = [await browser.new_context(viewport={"width": 1366, "height": 768}) for _ in range(size)]
            pages = [await context.new_page() for context in contexts]
            results = await asyncio.gather(*(_first_chart(page, url) for page in pages))
            pss = _server_pss(server)  # every page still open
        finally:
            await browser.close()
    return [r[0] for r in results], [r[1] for r in results], pss


async def _first_chart(page, url: str) -> tuple[float | None, str]:
    started = time.monotonic()
    try:
        await page.goto(url, timeout=LOAD_TIMEOUT_MS)
        await page.wait_for_selector(CHART, timeout=max(1, LOAD_TIMEOUT_MS - (time.monotonic() - started) * 1000))
        return time.monotonic() - started, ""
    except PlaywrightTimeout:
        with contextlib.suppress(Exception):
            text = (await page.inner_text("body")).strip()
            return None, (text.splitlines() or ["(page blanche)"])[0][:160]
        return None, "(page illisible)"


def _wait_for_pool(server: int, size: int, port: int, log: Path) -> None:
    """Until every kernel of the pool waits for its visitor (its websocket to the server's ``/voila/query/`` is
    open) or has failed to (Voilà's ``log`` says so: an interrupted cell, a floor of 30 past the 120 s limit).

    Not "until the kernels' CPU is quiet", the first rule: with the warm-up
    queue the kernels waiting for their turn are quiet too, and so are kernels
    Voilà has started but not yet given the notebook; under a load of 20–47 that
    rule let a room of 30 in after 45 s, onto a pool still warming (5 of 30 drew).
    A kernel that reached ``get_query_string()`` holds a connection to the
    server's port until its visitor comes: that is "warm".

    Not "until ``size`` kernels": starting 30 kernels at once, one of them may die
    at start-up (jupyter_client picked a port another kernel took: "Address
    already in use", seen here), and Voilà does not replace it.  The room then
    meets the pool as it is, once the living ones all wait, and the viewer given
    the dead kernel is counted.
    """
    limit = max(START_TIMEOUT_S, pool_timeout(size))
    deadline, steady, counted = time.monotonic() + limit, 0, -1
    while time.monotonic() < deadline:
        found = kernels(server)
        waiting = sum(waits_for_visitor(kernel, port) for kernel in found)
        failed = log.read_text(errors="replace").count(FAILED_WARM_UP)
        settled = found and len(found) == counted and waiting + failed >= len(found)
        steady, counted = (steady + 1 if settled else 0), len(found)
        if steady >= IDLE_SECONDS + 2 * (len(found) < size):  # a short pool: wait a little longer for a late one
            return
        time.sleep(1)
    raise TimeoutError(f"{size} pre-heated kernels not ready within {limit:.0f} s")


def _cpu(processes: list) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def _server_pss(server: int) -> int:
    """PSS of Voilà and every kernel it started, in bytes."""
    processes = [psutil.Process(server), *kernels(server)]
    return sum(kernel_pss(p) or 0 for p in processes)


def _floor_notebook(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in FLOOR_CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _rows(size: int, room: Room, floor: Room) -> list[Result]:
    def spread(r: Room) -> str:
        drawn = r.drawn
        return (f"median {statistics.median(drawn):.1f} s, slowest {max(drawn):.1f} s, {len(drawn)}/{len(r.chart)} drew"
                if drawn else f"0/{len(r.chart)} drew")

    slowest = max(room.drawn) if room.drawn else float("nan")
    floor_slowest = max(floor.drawn) if floor.drawn else float("nan")
    failures = "; ".join(sorted({why for why in room.failures if why}))
    floor_failures = "; ".join(sorted({why for why in floor.failures if why}))
    every = len(room.drawn) == size
    return [
        Result(f"room of {size}: slowest viewer's first chart", "every viewer draws; slowest ≤ the floor's slowest",
               slowest, "s", every and slowest <= floor_slowest,
               f"vigie {spread(room)}; floor (one-chart Voilà notebook, FigureWidget, same pool) {spread(floor)}; "
               f"--viewers {size} ({room.ready} kernels alive, floor {floor.ready}), all {size} pages opened at once, "
               "request to first drawn chart; sample corpus; "
               f"load average {room.load:.1f} (floor {floor.load:.1f}) on {psutil.cpu_count()} cores"
               + (f"; no chart: {failures}" if failures else "")
               + (f"; floor, no chart: {floor_failures}" if floor_failures else "")),
        Result(f"room of {size}: median viewer's first chart", "—",
               statistics.median(room.drawn) if room.drawn else float("nan"), "s", None,
               f"floor median {statistics.median(floor.drawn) if floor.drawn else float('nan'):.1f} s"),
        Result(f"room of {size}: pool warm-up", "—", room.warm_s, "s", None,
               f"from starting the server to every pre-heated kernel waiting for its visitor (each connected "
               f"to /voila/query/, {IDLE_SECONDS} s in a row), {default_slots()} warming up at once "
               "(vigie.preheat_queue); "
               f"floor (no queue: its one cell of imports is not in a turn) {floor.warm_s:.0f} s"),
        Result(f"room of {size}: server memory (PSS, pages open)", "—", room.pss_mb, "MB", None,
               f"Voilà and its kernels, the {size} in use and any refill; floor {floor.pss_mb:.0f} MB"),
        Result(f"room of {size}: kernel CPU per viewer", "—", room.cpu_s_per_viewer, "s", None,
               f"user + system seconds of the pre-heated kernels from the room's arrival to its last chart, "
               f"divided by {size}; floor {floor.cpu_s_per_viewer:.2f} s"),
    ]
