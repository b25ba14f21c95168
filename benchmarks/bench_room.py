"""Issue 16, part B: a room of viewers opens the link at once.

10, then 30 viewers open the dashboard's link at the same moment, on the
sample corpus (part ``sample``) and on the benchmarks' tiled store (part
``tiled``: 100,000 articles with ``--articles 2000 --tile 50``): headless
Debian Chromium driven by Playwright's async API, one browser context each
(their own cookies and connection, as separate people), all ``page.goto``
started together.  The server is ``vigie dashboard``'s own command
(:func:`vigie.background_server.running_server`) with ``--viewers`` set to the room's size,
its pool warm (every pre-heated kernel waits for its visitor) before anyone
comes.

Beside it, in the same run and the same way, the floor: a one-chart Voilà
notebook (a plotly ``FigureWidget`` of three bars), pre-heated with a pool of
the room's size, served by a plain ``voila`` with Voilà's own defaults
(:func:`_plain_voila`), not vigie's config: the floor is what any Voilà
dashboard costs at the least, and vigie's 120 s cell limit is vigie's choice
(it killed every floor kernel of 30 warming up at once, a floor of nothing).
The floor does not read the store: it is measured once per room size and
stands beside both stores' rooms.

Per room: each viewer's time from the request to its first chart drawn
(``.js-plotly-plot .main-svg``), median and slowest; the viewers who drew
nothing within the wait limit W (``LOAD_TIMEOUT_MS``, with what their page
says); how long the pool took to warm (server start to every kernel waiting);
the server's total memory with every page open (PSS of Voilà and all its
kernels: shared library pages are counted once, split between the processes
sharing them), beside the memory the machine had available before the server
started; and the kernels' CPU seconds per viewer (user + system time the
viewers' kernels spent from the room's arrival to its last chart: the
server-side work one viewer costs).  One viewer's page is saved as a PNG in
``data/scratch`` once the room has drawn.

Targets: every viewer draws, and the slowest no slower than the floor's
slowest.  A floor viewer who never drew waited at least W, so the floor's
slowest is then ≥ W and the rule is met only if every vigie viewer drew and
vigie's slowest is < W.  On the tiled store: the room's total PSS fits in the
memory available.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import psutil
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

from bench_voila import CHART, CHROMIUM, CHROMIUM_ARGS
from corpora import sample_store, tiled_store
from harness import Result, load_average
from plan import Plan
from vigie import store as vigie_store
from vigie.background_server import RunningServer, free_port, running_server, stop, wait_for_http
from vigie.kernel_pool import kernel_pss, kernels, pool_timeout, waits_for_visitor
from vigie.preheat_queue import default_slots

#: W, the wait limit: a viewer with no chart this long after the request never drew.
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
#: The parts (``--parts``): the stores a room is served from.
PARTS = ("sample", "tiled")


def run(plan: Plan) -> list[Result]:
    stores = {}
    if plan.runs("sample"):
        stores["sample"] = (sample_store(plan), "sample corpus", "")
    if plan.runs("tiled"):
        root = tiled_store(plan)
        articles = _articles(root)
        stores["tiled"] = (root, f"{articles // 1000}k store", f", {articles // 1000}k store")
    floor_nb = _floor_notebook(plan.data / "scratch" / "room-floor.ipynb")
    rows = []
    for size in plan.rooms:
        floor = _room(None, size=size, notebook=floor_nb, log=plan.data / "scratch" / f"room-floor-{size}.log",
                      shot=plan.data / "scratch" / f"room-floor-{size}.png")
        for part, (root, label, suffix) in stores.items():
            tag = f"{part}-{size}"
            room = _room(root, size=size, notebook=None, log=plan.data / "scratch" / f"room-vigie-{tag}.log",
                         shot=plan.data / "scratch" / f"room-vigie-{tag}.png")
            # part and size: a later run of one store or one size (--parts, --rooms) keeps the other rows
            rows += [replace(row, part=f"{part}, room of {size}") for row in
                     _rows(size, room, floor, label=label, suffix=suffix, memory_target=part == "tiled")]
    return rows


def _articles(root: Path) -> int:
    import pyarrow.parquet as pq

    generation = root / vigie_store.read_manifest(root)["generation"]
    return pq.ParquetFile(generation / "articles.parquet").metadata.num_rows


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
    available_mb: float  # memory available (MemAvailable) before the server started
    total_mb: float  # the machine's memory

    @property
    def drawn(self) -> list[float]:
        return [s for s in self.chart if s is not None]

    @property
    def slowest(self) -> float:
        """The slowest viewer's time; W (a lower bound) when one never drew, NaN when none was measured."""
        if not self.chart:
            return float("nan")
        return max(self.drawn) if len(self.drawn) == len(self.chart) else LOAD_TIMEOUT_MS / 1000


def _room(store: Path | None, *, size: int, notebook: Path, log: Path, shot: Path) -> Room:
    """vigie's room on ``store`` (``notebook`` None: vigie's own), or the floor (``store`` None)."""
    memory = psutil.virtual_memory()
    started = time.monotonic()
    server = (running_server(store, viewers=size, log=log, start_timeout=START_TIMEOUT_S, wait_for_spare=False)
              if store is not None else _plain_voila(notebook, viewers=size, log=log))
    with server as server:
        _wait_for_pool(server.process.pid, size, urlsplit(server.url).port, server.log)
        warm_s = time.monotonic() - started
        pool = kernels(server.process.pid)
        ready = len(pool)
        cpu_before = _cpu(pool)
        load = load_average()[0]
        chart, failures, pss = asyncio.run(_open_together(server.url, size, server.process.pid, shot))
        cpu = _cpu(pool) - cpu_before
    return Room(chart, failures, pss / 2**20, cpu / size, load, ready, warm_s, memory.available / 2**20,
                memory.total / 2**20)


@contextlib.contextmanager
def _plain_voila(notebook: Path, *, viewers: int, log: Path) -> Iterator[RunningServer]:
    """``notebook`` served as a plain Voilà serves it: pre-heated, a pool of ``viewers``, every other
    setting Voilà's default (no cell limit, a refill 1 s after a kernel is taken, a 4 s iopub wait)."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("voila")), str(notebook), f"--port={port}", "--no-browser",
               "--Voila.ip=127.0.0.1", "--preheat_kernel=True", f"--pool_size={viewers}"]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as output:
        process = subprocess.Popen(command, env=dict(os.environ), stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url + "voila/static/voila.js", process=process, timeout=START_TIMEOUT_S)
        yield RunningServer(url, process, log)
    finally:
        stop(process)


async def _open_together(url: str, size: int, server: int, shot: Path) -> tuple[list, list, int]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            contexts = [await browser.new_context(viewport={"width": 1366, "height": 768}) for _ in range(size)]
            pages = [await context.new_page() for context in contexts]
            results = await asyncio.gather(*(_first_chart(page, url) for page in pages))
            pss = _server_pss(server)  # every page still open
            with contextlib.suppress(Exception):  # the slowest viewer's page, as it looks once the room is over
                times = [r[0] if r[0] is not None else float("inf") for r in results]
                await pages[times.index(max(times))].screenshot(path=str(shot), full_page=False)
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


def _rows(size: int, room: Room, floor: Room, *, label: str, suffix: str, memory_target: bool) -> list[Result]:
    """The rows of one room beside its floor; ``suffix`` names the store in the rows' names (none: sample)."""
    wait = LOAD_TIMEOUT_MS / 1000

    def spread(r: Room) -> str:
        drawn = r.drawn
        never = len(r.chart) - len(drawn)
        if not never:
            return f"median {statistics.median(drawn):.1f} s, slowest {max(drawn):.1f} s, {len(drawn)}/{len(r.chart)} drew"
        return (f"{len(drawn)}/{len(r.chart)} drew, so slowest ≥ {wait:.0f} s"
                + (f" (of those who drew: median {statistics.median(drawn):.1f} s, slowest {max(drawn):.1f} s)"
                   if drawn else ""))

    every = len(room.drawn) == size
    slowest = max(room.drawn) if room.drawn else float("nan")
    # floor.slowest is W when a floor viewer never drew: vigie then meets the rule only if all drew, each < W
    met = every and slowest <= floor.slowest
    failures = "; ".join(sorted({why for why in room.failures if why}))
    floor_failures = "; ".join(sorted({why for why in floor.failures if why}))
    name = f"room of {size}{suffix}"
    fits = room.pss_mb <= room.available_mb
    return [
        Result(f"{name}: slowest viewer's first chart", "every viewer draws; slowest ≤ the floor's slowest",
               slowest, "s", met,
               f"vigie {spread(room)}; floor (one-chart Voilà notebook, FigureWidget, pre-heated, pool of {size}, "
               f"Voilà's own defaults) {spread(floor)}; a viewer with no chart within W = {wait:.0f} s counts as "
               f"≥ W, so a floor viewer who never drew makes the rule: every vigie viewer drew, slowest < W; "
               f"--viewers {size} ({room.ready} kernels alive, floor {floor.ready}), all {size} pages opened at "
               f"once, request to first drawn chart; {label}; "
               f"load average {room.load:.1f} (floor {floor.load:.1f}) on {psutil.cpu_count()} cores"
               + (f"; no chart: {failures}" if failures else "")
               + (f"; floor, no chart: {floor_failures}" if floor_failures else "")),
        Result(f"{name}: median viewer's first chart", "—",
               statistics.median(room.drawn) if room.drawn else float("nan"), "s", None,
               (f"floor median {statistics.median(floor.drawn):.1f} s" if floor.drawn else "floor: none drew")
               + "; "
               f"{size - len(room.drawn)} vigie and {size - len(floor.drawn)} floor viewer(s) never drew; {label}"),
        Result(f"{name}: pool warm-up", "—", room.warm_s, "s", None,
               f"from starting the server to every pre-heated kernel waiting for its visitor (each connected "
               f"to /voila/query/, {IDLE_SECONDS} s in a row), {default_slots()} warming up at once "
               f"(vigie.preheat_queue); floor (plain Voilà, all at once) {floor.warm_s:.0f} s; {label}"),
        Result(f"{name}: server memory (PSS, pages open)",
               "≤ the memory available" if memory_target else "—", room.pss_mb, "MB",
               fits if memory_target else None,
               f"Voilà and its kernels, the {size} in use and any refill; available before the server started "
               f"{room.available_mb:.0f} MB of {room.total_mb:.0f} MB (MemAvailable of MemTotal); "
               f"floor {floor.pss_mb:.0f} MB; {label}"),
        Result(f"{name}: kernel CPU per viewer", "—", room.cpu_s_per_viewer, "s", None,
               f"user + system seconds of the pre-heated kernels from the room's arrival to its last chart, "
               f"divided by {size}; floor {floor.cpu_s_per_viewer:.2f} s; {label}"),
    ]
