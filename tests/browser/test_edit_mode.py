"""The edit mode in real Chromium: `vigie dashboard --edit` offers the « Thèmes » and « Acteurs » panels,
a save re-indexes and survives a reload, a previous version comes back; a plain link offers none of it.

The corpus is a private copy of the sample corpus, ingested with the real
model; each save runs the real `vigie ingest` in the kernel's edit worker (a process
started with the panels, vigie.editing.worker).
The screenshots of both panels go to docs/screenshots/ for the README.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from vigie.ingest import ingest
from vigie.nlp.lexicon import load_lexicon
from vigie.nlp.registry import load_registry
from vigie.background_server import running_server
from vigie.store import load

from conftest import SCREENSHOTS, watched_page

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
LOAD_TIMEOUT_MS = 240_000
INGEST_TIMEOUT_MS = 300_000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("edit") / "corpus"
    shutil.copytree(REPO / "corpus", folder, ignore=shutil.ignore_patterns(".vigie"))
    ingest(folder)
    return folder


@pytest.fixture(scope="module")
def edit_url(corpus, tmp_path_factory):
    with running_server(corpus / ".vigie", edit_corpus=corpus,
                        log=tmp_path_factory.mktemp("voila-edit") / "voila.log") as server:
        yield server.url


def open_editor(page, url: str):
    page.goto(url, timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=LOAD_TIMEOUT_MS)
    page.locator(".vigie-edit-themes .vigie-theme-card").first.wait_for(timeout=LOAD_TIMEOUT_MS)
    return page.locator(".vigie-edit")


def note(edit, text: str, *, timeout: int = 60_000) -> None:
    edit.locator(".vigie-edit-note", has_text=text).wait_for(timeout=timeout)


def save_and_wait(edit, button: str = "Enregistrer") -> None:
    edit.get_by_role("button", name=button).click()
    note(edit, "index mis à jour", timeout=INGEST_TIMEOUT_MS)


def choose(select, starting: str) -> None:
    """Choose the option of a widget's drop-down whose label starts with ``starting`` (labels carry counts).

    ipywidgets writes the spaces of an option as no-break spaces.
    """
    pattern = "^" + re.escape(starting).replace(r"\ ", "[ \u00a0]")
    label = select.locator("option", has_text=re.compile(pattern)).first.inner_text()
    select.select_option(label=label)


def card(edit, theme_id: str):
    return edit.locator(f'.vigie-theme-card[data-vigie-theme="{theme_id}"]')


def test_a_plain_link_offers_no_edit_panel(browser, corpus, tmp_path):
    with running_server(corpus / ".vigie", log=tmp_path / "voila.log") as server, watched_page(browser) as page:
        page.goto(server.url, timeout=LOAD_TIMEOUT_MS)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=LOAD_TIMEOUT_MS)
        page.locator(".vigie-dashboard").wait_for()
        assert page.locator(".vigie-edit, .vigie-edit-themes, .vigie-edit-actors").count() == 0
        for name in ("Enregistrer", "Restaurer cette version", "Fusionner", "Renommer"):
            assert page.get_by_role("button", name=name).count() == 0
        assert page.get_by_text("Mode édition").count() == 0


def test_rename_merge_remove_term_save_reload_then_restore(browser, edit_url, corpus):
    terms_before = [t.text for t in load_lexicon().theme("terrorisme").terms]
    with watched_page(browser) as page:
        edit = open_editor(page, edit_url)
        themes = edit.locator(".vigie-edit-themes")
        choose(themes.locator(".vigie-theme-choice select"), "Terrorisme")
        themes.locator(".vigie-theme-label input").fill("Terrorisme et propagande")
        themes.get_by_role("button", name="Renommer").click()
        note(edit, "Thème renommé")
        themes.locator(".vigie-theme-other select").select_option(label="Transparence")
        themes.get_by_role("button", name="Fusionner dans ce thème").click()
        note(edit, "fusionné dans « Terrorisme et propagande »")
        themes.locator(".vigie-term-choice select").select_option(label=terms_before[0])
        themes.get_by_role("button", name="Retirer le terme").click()
        note(edit, f"Terme « {terms_before[0]} » retiré")
        assert card(edit, "transparence").count() == 0
        card(edit, "terrorisme").locator("mark.vigie-theme").first.wait_for()  # example sentences, terms marked
        edit.screenshot(path=str(SCREENSHOTS / "8-edition-themes.png"))
        save_and_wait(edit)

        lexicon = load_lexicon(corpus / "themes.yaml")
        assert lexicon.theme("terrorisme").label == "Terrorisme et propagande"
        assert "transparence" not in {t.id for t in lexicon.themes}
        assert terms_before[0] not in [t.text for t in lexicon.theme("terrorisme").terms]
        assert dict(load(corpus / ".vigie").themes[["id", "label"]].values)["terrorisme"] == "Terrorisme et propagande"

        page.reload()
        edit = open_editor(page, page.url)
        assert card(edit, "terrorisme").locator("h4").inner_text().startswith("Terrorisme et propagande")
        assert card(edit, "transparence").count() == 0
        assert terms_before[0] not in card(edit, "terrorisme").locator(".vigie-terms").inner_text()
        # The dashboard itself was rebuilt on the new store: its theme filter names the new label.
        assert page.locator(".vigie-filters option", has_text="Terrorisme et propagande").count() == 1

        edit.locator(".vigie-history select").select_option(index=0)  # newest: the files before this save
        save_and_wait(edit, "Restaurer cette version")
        page.reload()
        edit = open_editor(page, page.url)
        assert card(edit, "terrorisme").locator("h4").inner_text().startswith("Terrorisme ")
        assert "propagande" not in card(edit, "terrorisme").locator("h4").inner_text()
        assert card(edit, "transparence").count() == 1
        assert not (corpus / "themes.yaml").exists()  # the packaged lexicon applies again, as before the save
        assert not page.dialogs


def test_an_actor_merge_is_saved_and_the_store_re_resolved(browser, edit_url, corpus):
    stored = load(corpus / ".vigie")
    before = stored.actors.set_index("id")
    assert not before.loc["biarritz", "registered"] and before.loc["g7", "registered"]
    spans = ["article_id", "start", "end"]
    biarritz = set(stored.mentions.loc[stored.mentions["actor_id"] == "biarritz", spans].itertuples(index=False))
    with watched_page(browser) as page:
        edit = open_editor(page, edit_url)
        edit.locator(".lm-TabBar-tab", has_text=re.compile(r"^Acteurs$")).click()
        actors = edit.locator(".vigie-edit-actors")
        choose(actors.locator(".vigie-actor-choice select"), "Biarritz (")
        choose(actors.locator(".vigie-actor-target select"), "G7 (")
        actors.locator(".vigie-suggestions").wait_for()
        edit.screenshot(path=str(SCREENSHOTS / "9-edition-acteurs.png"))
        actors.get_by_role("button", name="Fusionner").click()
        note(edit, "« Biarritz » devient un alias de « G7 »")
        save_and_wait(edit)
        assert load_registry(corpus / "actors.yaml").lookup("Biarritz").id == "g7"
        stored = load(corpus / ".vigie")
        after = stored.actors.set_index("id")
        assert "biarritz" not in after.index
        g7 = set(stored.mentions.loc[stored.mentions["actor_id"] == "g7", spans].itertuples(index=False))
        assert biarritz and biarritz <= g7  # every mention of Biarritz is now one of G7's
        assert after.loc["g7", "n_mentions"] >= before.loc["g7", "n_mentions"] + len(biarritz)
        page.reload()
        edit = open_editor(page, page.url)
        options = [o.replace("\u00a0", " ") for o in edit.locator(".vigie-actor-choice option").all_inner_texts()]
        assert not any(o.startswith("Biarritz") for o in options)
        assert any(o.startswith(f"G7 (organisation, {after.loc['g7', 'n_mentions']}") for o in options)
