"""Ten colleagues open the shared link at once: each gets a working dashboard of their own.

Why this test: Voilà gives every viewer a kernel that runs the notebook and
builds the whole dashboard, so ten viewers arriving together is the peak a
shared link meets.  Ten browser contexts (separate cookies, separate kernels)
open the sample corpus concurrently through Playwright's async API; each must
draw its first chart and answer a filter change.  The figures (time to first
chart of the last viewer, memory of one viewer's kernel) are printed and
written to ``tests/artifacts/load.json`` for docs/serving.md, never asserted:
the machine is small and shared, so only the functional timeout is.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ARTIFACTS, CHROMIUM_ARGS

from vigie import query
from vigie.background_server import running_server
from vigie.kernel_pool import kernels
from vigie.query import Filter
from vigie.store import load

pytestmark = pytest.mark.browser
VIEWERS = 10
CHART = ".js-plotly-plot .main-svg"
#: Generous: ten kernels start at once on two shared cores.
TIMEOUT_MS = 480_000
#: Warnings Voilà logs for every kernel (plain-TCP kernels on 127.0.0.1, an unsigned notebook).
LOG_NOISE = ("Kernel is running over TCP", "is not trusted")


@pytest.fixture(scope="module")
def load_server(sample_store, tmp_path_factory):
    """Voilà on the sample corpus: its URL, its process and its log."""
    log = tmp_path_factory.mktemp("voila-load") / "voila.log"
    with running_server(sample_store, log=log) as server:
        yield server.url, server.process, log


def choices(store: Path) -> list[tuple[str, int]]:
    """One actor per viewer (its option label and the article count it leaves), each narrowing the list."""
    data = load(store)
    total = len(data.articles)
    actors = data.actors.loc[data.actors["n_articles"] < total].sort_values("n_mentions", ascending=False)
    picked = [actors.iloc[i % len(actors)] for i in range(VIEWERS)]
    return [(f"{a['name']} ({a['n_articles']})", len(query.selected_ids(data, Filter(actors=(a["id"],)))))
            for a in picked]


async def wait_for_count(page, expected: int) -> None:
    await page.wait_for_function(
        "n => { const c = document.querySelector('.vigie-count');"
        " return c && c.textContent.startsWith(n + ' article'); }", arg=expected, timeout=TIMEOUT_MS)


async def viewer(browser, url: str, *, number: int, actor: str, expected: int, total: int, started: float) -> dict:
    """One colleague: open the link, wait for a chart, choose an actor, wait for the shorter list.

    A failure is recorded (with what the page showed) rather than raised, so
    one stuck viewer does not hide how the nine others fared.
    """
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
    page = await context.new_page()
    record: dict = {"viewer": number, "page": page, "dialogs": []}
    page.on("dialog", lambda dialog: record["dialogs"].append(dialog.message))
    try:
        await page.goto(url, timeout=TIMEOUT_MS)
        await page.wait_for_selector(CHART, timeout=TIMEOUT_MS)
        record["first_chart_s"] = time.monotonic() - started
        await page.locator(".lm-TabBar-tab", has_text="Articles").click()
        await wait_for_count(page, total)
        chosen = time.monotonic()
        await page.locator(".vigie-filters select").nth(0).select_option(label=actor)
        await wait_for_count(page, expected)
        record["filter_change_s"] = time.monotonic() - chosen
    except Exception as error:  # noqa: BLE001 - reported below, with the page's own words
        record["error"] = f"{type(error).__name__}: {str(error).splitlines()[0]}"
        record["page_text"] = (await page.locator("body").inner_text())[:300]
        record["cells"] = await page.locator(".jp-Cell").count()  # what Voilà had sent of the notebook
        record["outputs"] = await page.locator(".jp-OutputArea-output").count()
        await page.screenshot(path=str(ARTIFACTS / f"load-failed-viewer-{number}.png"), full_page=True)
    return record


async def open_viewers(url: str, store: Path, *, server: int) -> tuple[list[dict], dict]:
    """All viewers at once; their kernels are measured while every page is still open."""
    from playwright.async_api import async_playwright

    total = len(load(store).articles)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        started = time.monotonic()
        results = await asyncio.gather(*(
            viewer(browser, url, number=n, actor=actor, expected=expected, total=total, started=started)
            for n, (actor, expected) in enumerate(choices(store), start=1)))
        memory = kernel_memory(server)
        drawn = [r for r in results if "first_chart_s" in r]
        if drawn:
            last = max(drawn, key=lambda r: r["first_chart_s"])
            await last["page"].screenshot(path=str(ARTIFACTS / "load-last-viewer.png"), full_page=True)
        await browser.close()
    return [{k: v for k, v in r.items() if k != "page"} for r in results], memory


def kernel_memory(server: int) -> dict:
    """RSS and PSS (MiB) of the Voilà server and of each of its kernels."""
    import psutil

    rss, pss = [], []
    for kernel in kernels(server):
        with contextlib.suppress(psutil.Error):
            memory = kernel.memory_full_info()  # PSS: shared pages split between the processes sharing them
            rss.append(memory.rss / 2**20)
            pss.append(memory.pss / 2**20)
    return {"server_rss_mib": psutil.Process(server).memory_info().rss / 2**20, "kernels": len(rss),
            "kernel_rss_mib": sorted(rss, reverse=True), "kernel_pss_mib": sorted(pss, reverse=True)}


def test_ten_viewers_at_once_each_draw_and_answer_a_filter(load_server, sample_store):
    url, process, log = load_server
    load_average = os.getloadavg()
    with ThreadPoolExecutor(1) as thread:  # a sync Playwright of the session may own this thread's event loop
        viewers, memory = thread.submit(asyncio.run, open_viewers(url, sample_store, server=process.pid)).result()

    # The pre-heated spare has not built a dashboard: a viewer's kernel is among the largest.
    viewer_rss = memory["kernel_rss_mib"][:VIEWERS]
    drawn = sorted(round(v["first_chart_s"], 1) for v in viewers if "first_chart_s" in v)
    figures = {
        "viewers": VIEWERS,
        "answered": sum("filter_change_s" in v for v in viewers),
        "last_viewer_first_chart_s": max(drawn) if len(drawn) == VIEWERS else None,
        "first_chart_s": drawn,
        "filter_change_s": [round(v["filter_change_s"], 2) for v in viewers if "filter_change_s" in v],
        "one_viewer_kernel_rss_mib": round(statistics.median(viewer_rss)) if viewer_rss else None,
        "one_viewer_kernel_pss_mib": round(statistics.median(memory["kernel_pss_mib"][:VIEWERS] or [0])),
        "kernels_rss_mib": [round(m) for m in memory["kernel_rss_mib"]],
        "server_rss_mib": round(memory["server_rss_mib"]),
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_average],
        "failures": [{k: v[k] for k in ("viewer", "error", "page_text", "cells", "outputs")}
                     for v in viewers if "error" in v],
        "server_warnings": [line for line in log.read_text().splitlines()
                            if ("WARNING |" in line or "ERROR |" in line) and not any(n in line for n in LOG_NOISE)],
    }
    (ARTIFACTS / "load.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{VIEWERS} viewers: last first chart after {figures['last_viewer_first_chart_s']} s; "
          f"one viewer's kernel {figures['one_viewer_kernel_rss_mib']} MiB RSS "
          f"({figures['one_viewer_kernel_pss_mib']} MiB PSS); filter changes {figures['filter_change_s']} s")

    assert figures["failures"] == []
    assert all(v["dialogs"] == [] for v in viewers)
    assert memory["kernels"] >= VIEWERS  # each viewer has a kernel of its own
