"""A real Voilà server on the ingested sample corpus, and headless Chromium to drive it."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from vigie.serve import DEFAULT_NOTEBOOK, voila_command, voila_environment

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
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


def wait_for_pool(log_path: Path, *, timeout: float) -> None:
    """Wait until Voilà says its pre-heated kernel is ready, as a visitor would find it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and "is filled with" not in log_path.read_text():
        time.sleep(0.5)


@pytest.fixture(scope="session")
def voila_url(sample_store, tmp_path_factory):
    """Voilà serving notebooks/dashboard.ipynb exactly as `vigie dashboard` does."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    log = log_path.open("w")
    process = subprocess.Popen(voila_command(DEFAULT_NOTEBOOK, port=port, store=sample_store),
                               env=voila_environment(sample_store), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        # A static file: asking for the page itself would use up the pre-heated kernel.
        wait_for_http(url + "voila/static/voila.js", process=process, timeout=START_TIMEOUT_S)
        wait_for_pool(log_path, timeout=START_TIMEOUT_S)
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


@pytest.fixture
def page(browser):
    """A French 1366x768 page that records dialogs (none may open) and console errors."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
    page = context.new_page()
    page.dialogs = []
    page.console_errors = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under tests/artifacts/ (git-ignored) to look at."""
    def take(page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
