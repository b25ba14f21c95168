"""The dashboard in headless Chromium against a real Voilà server (sample corpus, real model)."""
from __future__ import annotations

import time

import pytest

from vigie.store import load

pytestmark = pytest.mark.browser
CHART = ".js-plotly-plot .main-svg"
LOAD_TIMEOUT_MS = 90_000


def open_dashboard(page, url: str) -> float:
    """Open a link and wait for the first drawn chart; returns the seconds it took."""
    started = time.monotonic()
    page.goto(url, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(CHART, timeout=LOAD_TIMEOUT_MS)
    return time.monotonic() - started


def open_tab(page, title: str) -> None:
    page.locator(".lm-TabBar-tab", has_text=title).click()


def article_count(page) -> int:
    return page.locator(".vigie-table tbody tr").count()


def test_page_loads_and_charts_draw(page, voila_url, screenshot):
    seconds = open_dashboard(page, voila_url)
    print(f"first chart after {seconds:.1f} s")
    assert page.locator(".vigie-dashboard").is_visible()
    assert page.locator(CHART).count() >= 2  # top actors and top themes
    assert page.get_by_text("Acteurs les plus mentionnés").is_visible()
    screenshot(page, "overview")
    assert page.dialogs == []


def test_choosing_an_actor_changes_the_article_list(page, voila_url, sample_store, screenshot):
    actors = load(sample_store).actors.sort_values(["n_articles", "name"])
    rare = actors.loc[actors["n_articles"] == 1].iloc[0]
    open_dashboard(page, voila_url)
    open_tab(page, "Articles")
    page.wait_for_selector(".vigie-table")
    assert article_count(page) == 5
    actor_list = page.locator(".vigie-filters select").first
    actor_list.select_option(label=f"{rare['name']} (1)")
    page.wait_for_function("document.querySelectorAll('.vigie-table tbody tr').length === 1")
    assert page.locator(".vigie-count").inner_text().startswith("1 article")
    # the address bar follows the state (history.replaceState: read location, not page.url)
    page.wait_for_function("wanted => location.search.includes(wanted)", arg=f"acteur={rare['id']}")
    screenshot(page, "articles_one_actor")


def test_timeline_tab_draws(page, voila_url, screenshot):
    open_dashboard(page, voila_url)
    open_tab(page, "Chronologie")
    page.get_by_text("Mentions au fil du temps").wait_for()
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() >= 1
    screenshot(page, "timeline")
