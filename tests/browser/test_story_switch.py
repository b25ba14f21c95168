"""Wire copies in the browser: the stories switch, copies under their story, the reader's
comparison, and the period fields typed as jj/mm/aaaa.

The store is a small synthetic corpus (``vigie synth``) with wire copies,
ingested with the real model, served by its own Voilà.  Screenshots of the
grouped table and of the comparison go to tests/artifacts/ to be looked at.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from vigie import query
from vigie.ingest import ingest
from vigie.query import Filter
from vigie.background_server import running_server
from vigie.store import load
from vigie.synth import write_synthetic_corpus

from conftest import watched_page

pytestmark = pytest.mark.browser
LOAD_TIMEOUT_MS = 240_000
TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def stories_store(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("stories") / "corpus"
    write_synthetic_corpus(20, corpus, seed=1, workers=1, progress=False)
    return ingest(corpus).store


@pytest.fixture(scope="module")
def data(stories_store):
    found = load(stories_store)
    assert (found.articles["n_copies"] > 1).any(), "the synthetic corpus must hold wire copies"
    return found


@pytest.fixture(scope="module")
def stories_url(stories_store, tmp_path_factory):
    with running_server(stories_store, log=tmp_path_factory.mktemp("voila") / "voila.log") as server:
        yield server.url


def count_line(page, text: str) -> None:
    """Wait for the article tab's count line to start with ``text``."""
    page.locator(".vigie-count", has_text=re.compile("^" + re.escape(text))).wait_for(timeout=TIMEOUT_MS)


def test_stories_switch_grouped_copies_comparison_and_french_dates(browser, stories_url, data, screenshot):
    articles = len(data.articles)
    stories = len(query.selected_ids(data, Filter(stories=True)))
    with watched_page(browser) as page:
        page.goto(stories_url, timeout=LOAD_TIMEOUT_MS)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=LOAD_TIMEOUT_MS)
        page.get_by_text("copies regroupées en").wait_for()

        page.get_by_label("compter chaque histoire une fois").check()
        page.locator(".vigie-dashboard p", has_text=f"{stories} histoire(s)").wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function("() => location.search.includes('histoires=1')")

        page.locator(".lm-TabBar-tab", has_text="Articles").click()
        count_line(page, f"{articles} article(s) en {stories} histoire(s)")
        assert page.locator(".vigie-articles tbody tr[data-vigie-article]").count() == stories
        group = page.locator("details.vigie-copies").first
        group.locator("summary").click()
        copy = group.locator("li[data-vigie-article]").first
        copy.wait_for()
        screenshot(page, "stories-articles")
        copy_id = copy.get_attribute("data-vigie-article")
        copy.click()

        page.locator(".vigie-reader").wait_for(timeout=TIMEOUT_MS)
        compare = page.get_by_label("comparer avec")
        compare.wait_for()
        others = compare.locator("option").evaluate_all("os => os.map(o => o.textContent)")
        compare.select_option(label=others[1])
        page.locator(".vigie-diff").wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function("id => location.search.includes('comparer=') && location.search.includes(id)",
                               arg=f"article={copy_id.replace('/', '%2F')}")
        assert page.locator(".vigie-diff del, .vigie-diff ins").count() > 0
        compare.evaluate("e => e.scrollIntoView({block: 'start'})")
        screenshot(page, "stories-reader-diff")
        page.get_by_role("button", name="Retour à la liste").click()

        first = min(d for d in data.articles["date"].dropna())
        later = first + dt.timedelta(days=1)
        fields = page.locator(".vigie-filters input[placeholder='jj/mm/aaaa']")
        fields.nth(0).fill(f"{later:%d/%m/%Y}")
        fields.nth(0).press("Enter")
        count_line(page, f"{len(query.selected_ids(data, Filter(date_from=later)))} article(s)")
        assert fields.nth(0).input_value() == f"{later:%d/%m/%Y}"
        fields.nth(1).fill("31/02/2022")
        fields.nth(1).press("Enter")
        page.get_by_text("Date illisible").wait_for()
        assert page.dialogs == []  # nothing in the corpus ran
