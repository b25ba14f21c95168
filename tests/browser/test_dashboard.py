"""The dashboard in headless Chromium against a real Voilà server.

The store is the sample corpus plus one hostile article, ingested with the real
model.  Expected counts come from vigie.query on that store: these tests check
that the page shows what the library computes, through every control.  Most
tests share one open dashboard (each starts with "Réinitialiser"): every new
page costs a kernel, which takes long on a small shared machine; the link tests
open their own.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import time
import zipfile

import pytest

from vigie import query
from vigie.query import Filter
from vigie.store import load

from conftest import watched_page

pytestmark = pytest.mark.browser
CHART = ".js-plotly-plot .main-svg"
#: A new page needs a kernel of its own; on two shared cores that can take minutes.
LOAD_TIMEOUT_MS = 240_000
TAB_TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def data(browser_store):
    return load(browser_store)


@pytest.fixture(scope="module")
def dashboard(browser, voila_url):
    """One dashboard page for the tests that only use its controls."""
    with watched_page(browser) as page:
        seconds = open_dashboard(page, voila_url)
        print(f"\nfirst chart {seconds:.1f} s after opening the link")
        yield page


@pytest.fixture
def fresh(dashboard, data):
    """The shared page back to the whole corpus, article list closed, overview drawn."""
    page = dashboard
    page.get_by_role("button", name="Réinitialiser").click()
    back = page.get_by_role("button", name="Retour à la liste")
    open_tab(page, "Articles")
    page.wait_for_function(  # the list, or the reader left open by an earlier test
        "() => [...document.querySelectorAll('.vigie-articles, .vigie-reader, .vigie-message')]"
        ".some(e => e.offsetParent !== null)")
    if back.is_visible():
        back.click()
    open_tab(page, "Vue d'ensemble")
    everything = len(data.articles)
    page.locator(".vigie-dashboard p", has_text=f"{everything} article(s) sur {everything}").wait_for()
    page.wait_for_timeout(500)  # plotly finishes redrawing the overview before anyone clicks it
    return page


def visible_text(page, text: str):
    """The visible element holding ``text`` (hidden tabs keep theirs in the page)."""
    return page.locator(f"text={text} >> visible=true").first


def label_of(option_text: str) -> str:
    return option_text.replace("\xa0", " ")  # ipywidgets writes option labels with non-breaking spaces


def open_dashboard(page, url: str, *, ready: str = CHART) -> float:
    """Open a link and wait for ``ready`` (the first drawn chart); returns the seconds it took."""
    started = time.monotonic()
    page.goto(url, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(ready, timeout=LOAD_TIMEOUT_MS)
    return time.monotonic() - started


def open_tab(page, title: str) -> None:
    page.locator(".lm-TabBar-tab", has_text=title).click()


def wait_for_count(page, expected: int) -> None:
    """Wait until the article tab says ``expected`` articles (or that none match)."""
    if expected == 0:
        visible_text(page, "Aucun article ne correspond").wait_for()
    else:
        # the count and the table are two widgets updated one after the other: wait for both
        page.wait_for_function(
            "n => { const c = document.querySelector('.vigie-count');"
            " return c && c.textContent.startsWith(n + ' article')"
            " && document.querySelectorAll('.vigie-articles tbody tr').length === n; }", arg=expected)
        assert page.locator(".vigie-articles tbody tr").count() == expected


def expected(data, **filters) -> int:
    return len(query.selected_ids(data, Filter(**filters)))


def option_label(data, actor_id: str) -> str:
    actor = data.actors.set_index("id").loc[actor_id]
    return f"{actor['name']} ({actor['n_articles']})"


def controls(page):
    selects = page.locator(".vigie-filters select")
    return {"actors": selects.nth(0), "types": selects.nth(1), "themes": selects.nth(2), "sources": selects.nth(3)}


def test_page_loads_and_charts_draw(dashboard, data, screenshot):
    page = dashboard
    assert page.locator(".vigie-dashboard").is_visible()
    assert page.locator(CHART).count() >= 2  # top actors and top themes
    assert visible_text(page, "Acteurs les plus mentionnés").is_visible()
    assert page.get_by_text(f"{len(data.articles)} articles indexés").is_visible()
    screenshot(page, "overview")
    assert page.dialogs == []


def test_each_filter_changes_the_article_list(fresh, data, screenshot):
    page = fresh
    top = query.top_actors(data, Filter(), limit=3)["actor_id"].tolist()
    open_tab(page, "Articles")
    wait_for_count(page, len(data.articles))
    control = controls(page)

    started = time.monotonic()
    control["actors"].select_option(label=[option_label(data, a) for a in top[1:3]])
    wait_for_count(page, expected(data, actors=tuple(top[1:3])))
    print(f"\nredraw after choosing actors: {time.monotonic() - started:.2f} s")
    page.locator(".vigie-filters .widget-toggle-button", has_text="tous").click()
    wait_for_count(page, expected(data, actors=tuple(top[1:3]), actor_mode="all"))
    page.get_by_role("button", name="Réinitialiser").click()
    wait_for_count(page, len(data.articles))

    control["types"].select_option(label="Lieu")
    page.wait_for_function(  # the "Acteurs" column now names places only
        "() => ![...document.querySelectorAll('.vigie-articles td:nth-child(4)')]"
        ".some(td => td.textContent.includes('Facebook'))")
    control["types"].select_option(label=[])

    dates = page.locator(".vigie-filters input[placeholder='jj/mm/aaaa']")  # typed: no browser-locale picker
    dates.nth(0).fill("01/05/2019")
    dates.nth(0).press("Enter")
    dates.nth(1).fill("31/05/2019")
    dates.nth(1).press("Enter")
    wait_for_count(page, expected(data, date_from=dt.date(2019, 5, 1), date_to=dt.date(2019, 5, 31)))
    page.get_by_role("button", name="Réinitialiser").click()

    theme = query.top_themes(data, Filter()).iloc[-1]
    control["themes"].select_option(label=f"{theme['label']} ({theme['articles']})")
    wait_for_count(page, expected(data, themes=(theme["theme_id"],)))
    page.get_by_role("button", name="Réinitialiser").click()

    source = data.articles["source"].astype(str).value_counts()
    named = source.loc[source.index != ""]
    control["sources"].select_option(label=f"{named.index[0]} ({named.iloc[0]})")
    wait_for_count(page, expected(data, sources=(named.index[0],)))
    page.get_by_role("button", name="Réinitialiser").click()

    search = page.locator(".vigie-filters input[placeholder='Mots dans les articles…']")
    search.fill("Christchurch")
    search.press("Enter")
    wait_for_count(page, expected(data, text="Christchurch"))
    screenshot(page, "filters")


def test_a_click_on_a_bar_leads_to_its_articles_and_back(fresh, data):
    page = fresh
    first = query.top_actors(data, Filter(), limit=1).iloc[0]
    bar = page.locator(".js-plotly-plot").first.locator(".barlayer .point path").first
    bar.click(force=True)  # plotly listens on the layer above the bars, at the mouse position
    page.get_by_text("Vue restreinte depuis un graphique").wait_for()
    assert page.get_by_text(f"acteur « {first['name']} »").is_visible()
    wait_for_count(page, expected(data, actors=(first["actor_id"],)))
    page.get_by_role("button", name="Revenir").click()
    visible_text(page, "Acteurs les plus mentionnés").wait_for()
    page.wait_for_function("() => !location.search.includes('acteur=')")


def test_a_shared_link_restores_its_view_and_can_be_copied(page, voila_url, data):
    actor = query.top_actors(data, Filter(), limit=2).iloc[1]["actor_id"]
    open_dashboard(page, f"{voila_url}?acteur={actor}&onglet=articles&pas=year", ready=".vigie-articles")
    wait_for_count(page, expected(data, actors=(actor,)))
    selected = controls(page)["actors"].evaluate("s => [...s.selectedOptions].map(o => o.textContent)")
    assert [label_of(text) for text in selected] == [option_label(data, actor)]
    link = page.locator(".vigie-link")
    assert link.input_value().endswith(f"?acteur={actor}&pas=year&onglet=articles")
    page.get_by_role("button", name="Copier le lien").click()
    page.get_by_text("Lien copié").wait_for()
    open_tab(page, "Chronologie")
    page.get_by_text("Mentions au fil du temps, par année").wait_for()


def test_a_bad_link_shows_a_message_and_the_whole_corpus(page, voila_url, data):
    open_dashboard(page, f"{voila_url}?acteur=personne&du=hier&onglet=<script>")
    assert page.get_by_text("valeur(s) de « acteur » inconnue(s)").is_visible()
    assert page.get_by_text("date de début illisible").is_visible()
    assert page.dialogs == []


def test_export_downloads_the_filtered_articles_with_their_method_card(fresh, data):
    page = fresh
    actor = query.top_actors(data, Filter(), limit=2).iloc[1]["actor_id"]
    controls(page)["actors"].select_option(label=option_label(data, actor))
    page.wait_for_function("wanted => location.search.includes(wanted)", arg=f"acteur={actor}")
    with page.expect_download() as info:
        page.get_by_role("button", name="Articles (CSV)").click()
    download = info.value
    assert download.suggested_filename == "vigie-articles.zip"
    archive = zipfile.ZipFile(io.BytesIO(download.path().read_bytes()))
    rows = archive.read("articles.csv").decode("utf-8").strip().splitlines()
    assert len(rows) - 1 == expected(data, actors=(actor,))
    card = json.loads(archive.read("method.json"))
    assert card["link"] == f"acteur={actor}" and card["corpus_hash"] == data.manifest["corpus_hash"]
    with page.expect_download() as info:
        page.get_by_role("button", name="Réseau pour Gephi").click()
    assert set(zipfile.ZipFile(io.BytesIO(info.value.path().read_bytes())).namelist()) == {
        "edges.csv", "nodes.csv", "method.json"}


def test_a_chart_downloads_as_svg_with_its_method_card(fresh, data):
    page = fresh
    actor = query.top_actors(data, Filter(), limit=1).iloc[0]
    controls(page)["actors"].select_option(label=option_label(data, actor["actor_id"]))
    page.wait_for_function("wanted => location.search.includes(wanted)", arg=f"acteur={actor['actor_id']}")
    chart = page.locator(".js-plotly-plot >> visible=true").first
    chart.hover()  # the modebar shows on hover
    assert chart.locator("[data-title='Télécharger en PNG']").count() == 1
    with page.expect_download() as info:
        chart.locator("[data-title='Télécharger en SVG']").click()
    assert info.value.suggested_filename == "vigie.svg"
    svg = info.value.path().read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Acteurs les plus mentionnés" in svg
    assert f"corpus sha256 {data.manifest['corpus_hash']}" in svg
    assert f"lexique sha256 {data.manifest['lexicon_sha256']}" in svg
    assert f"filtre : acteurs : {actor['name']}" in svg


def test_an_empty_result_says_so(fresh, screenshot):
    page = fresh
    search = page.locator(".vigie-filters input[placeholder='Mots dans les articles…']")
    search.fill("introuvablexyz")
    search.press("Enter")
    visible_text(page, "Aucun article ne correspond à ces filtres.").wait_for()
    visible_text(page, "Aucune donnée pour cette sélection.").wait_for()
    open_tab(page, "Chronologie")
    visible_text(page, "Aucune donnée pour cette sélection.").wait_for()
    screenshot(page, "empty")
    page.get_by_role("button", name="Réinitialiser").click()
    page.locator(".js-plotly-plot .scatterlayer .trace >> visible=true").first.wait_for()
    assert page.locator("text=Aucune donnée pour cette sélection. >> visible=true").count() == 0


def test_html_in_an_article_shows_as_text_and_runs_nothing(fresh, hostile_id, screenshot):
    page = fresh
    search = page.locator(".vigie-filters input[placeholder='Mots dans les articles…']")
    search.fill("onerror")
    search.press("Enter")
    open_tab(page, "Articles")
    title = page.locator(f".vigie-articles tr[data-vigie-article={hostile_id}] td").nth(1)
    title.wait_for()
    assert title.inner_text().startswith('Facebook et le <script>alert("titre")</script>')
    title.click()  # a row opens its article
    reader = page.locator(".vigie-reader")
    reader.wait_for()
    assert '<script>alert("texte")</script>' in reader.inner_text()
    assert "<img src=x onerror=alert(1)>" in reader.inner_text()
    assert page.locator(".vigie-dashboard script, .vigie-dashboard img[src=x]").count() == 0
    assert page.locator(".vigie-reader mark.vigie-actor").count() >= 3
    page.wait_for_timeout(1000)  # give any injected handler the time it would need to fire
    assert page.dialogs == []
    screenshot(page, "reader")
    page.get_by_role("button", name="Retour à la liste").click()


def test_one_screenshot_per_tab_for_the_readme(fresh, screenshot):
    page = fresh
    page.locator(CHART).first.wait_for()
    screenshot(page, "1-vue-ensemble", docs=True)
    for name, title, ready in [
        ("2-chronologie", "Chronologie", "Mentions au fil du temps"),
        ("3-co-occurrences", "Co-occurrences", "Réseau des co-occurrences"),
        ("4-acteurs-themes", "Acteurs × thèmes", "Acteurs × thèmes (articles)"),
    ]:
        open_tab(page, title)
        visible_text(page, ready).wait_for(timeout=TAB_TIMEOUT_MS)  # a tab's first charts are new widgets
        page.wait_for_timeout(500)  # let plotly finish its transition
        screenshot(page, name, docs=True)
    open_tab(page, "Articles")
    page.locator(".vigie-articles").wait_for()
    screenshot(page, "5-articles", docs=True)
    page.locator(".vigie-articles tbody tr").first.click()
    page.locator(".vigie-reader").wait_for()
    screenshot(page, "6-lecteur", docs=True)
    open_tab(page, "Concordancier")
    page.locator(".widget-dropdown select >> visible=true").first.select_option(index=1)  # the most mentioned actor
    page.locator(".vigie-kwic").wait_for()
    screenshot(page, "7-concordancier", docs=True)
