"""A real Voilà server on the ingested sample corpus, and headless Chromium to drive it."""
from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from vigie.background_server import running_server

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
#: The README's screenshots, one per tab, retaken by every browser run.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--lang=fr-FR"]  # French date inputs (jj/mm/aaaa), as the dashboard's users see them


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
    """Voilà serving notebooks/dashboard.ipynb exactly as `vigie dashboard` does, its spare kernel ready."""
    with running_server(browser_store, log=tmp_path_factory.mktemp("voila") / "voila.log") as server:
        yield server.url


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
