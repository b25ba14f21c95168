"""A real Voilà server on the ingested sample corpus, and headless Chromium to drive it."""
from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from vigie.serve import DEFAULT_NOTEBOOK, voila_command, voila_environment

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
#: The README's screenshots, one per tab, retaken by every browser run.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--lang=fr-FR"]  # French date inputs (jj/mm/aaaa), as the dashboard's users see them
START_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, *, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"voila exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise TimeoutError(f"voila did not answer {url} within {timeout} s")


def wait_for_preheated_kernel(server: int, *, timeout: float) -> None:
    """Wait until Voilà's pre-heated kernel has run the notebook up to the visitor's query string.

    Voilà logs "pool filled" as soon as the kernel *starts*; the imports and
    plotly's set-up take seconds more.  A kernel waiting for its visitor uses
    no CPU, so wait until one exists and its CPU time stops growing: the
    first page then meets the server as a visitor would, long after start-up.
    (Linux /proc; elsewhere this only waits for nothing.)
    """
    deadline = time.monotonic() + timeout
    previous = None
    while time.monotonic() < deadline:
        kernels = [pid for pid in _children(server) if b"ipykernel" in _read(f"/proc/{pid}/cmdline")]
        ticks = sum(_cpu_ticks(pid) for pid in kernels)
        if kernels and ticks == previous:
            return
        previous = ticks if kernels else None
        time.sleep(1.5)


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        return b""


def _children(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _read(str(stat)).rsplit(b")", 1)[-1].split()
        if len(fields) > 2 and int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def _cpu_ticks(pid: int) -> int:
    fields = _read(f"/proc/{pid}/stat").rsplit(b")", 1)[-1].split()
    return int(fields[11]) + int(fields[12]) if len(fields) > 12 else 0


#: An article written to break the page: it must show as text and run nothing.
HOSTILE_ARTICLE = """Facebook et le <script>alert("titre")</script> piège

Facebook a publié un message contenant <script>alert("texte")</script> et une image \
<img src=x onerror=alert(1)> que le tableau de bord doit montrer comme du texte. \
Mark Zuckerberg a répondu à Emmanuel Macron.
"""
HOSTILE_ID = "piege"


@pytest.fixture(scope="session")
def hostile_id() -> str:
    """The id of the hostile article (its file name without extension)."""
    return HOSTILE_ID


@pytest.fixture(scope="session")
def browser_store(sample_corpus, tmp_path_factory) -> Path:
    """The sample corpus plus one hostile article, ingested with the real model."""
    from vigie.ingest import ingest

    corpus = tmp_path_factory.mktemp("browser") / "corpus"
    shutil.copytree(sample_corpus, corpus, ignore=shutil.ignore_patterns(".vigie"))
    (corpus / f"{HOSTILE_ID}.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    return ingest(corpus).store


@pytest.fixture(scope="session")
def voila_url(browser_store, tmp_path_factory):
    """Voilà serving notebooks/dashboard.ipynb exactly as `vigie dashboard` does."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    log = log_path.open("w")
    process = subprocess.Popen(voila_command(DEFAULT_NOTEBOOK, port=port, store=browser_store),
                               env=voila_environment(browser_store), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        # A static file: asking for the page itself would use up the pre-heated kernel.
        wait_for_http(url + "voila/static/voila.js", process=process, timeout=START_TIMEOUT_S)
        wait_for_preheated_kernel(process.pid, timeout=START_TIMEOUT_S)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def watched_page(browser) -> Iterator:
    """A French 1366x768 page that records dialogs (none may open) and console errors."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
    page = context.new_page()
    page.dialogs = []
    page.console_errors = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser):
    with watched_page(browser) as fresh:
        yield fresh


@pytest.fixture
def screenshot():
    """Save a screenshot under tests/artifacts/ (git-ignored) to look at, or docs/screenshots/ for the README."""
    def take(page, name: str, *, docs: bool = False) -> Path:
        folder = SCREENSHOTS if docs else ARTIFACTS
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=not docs)
        return path

    return take
